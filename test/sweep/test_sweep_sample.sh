#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A bounded import sweep (docs/sweep.md): 500 private structs/unions of the
# newest 6.1 kernel's BTF (BTFCC_SWEEP_LINE=6.12-rt: that line's), chosen
# with a fixed seed, imported by btfcc in real kbuild builds, each checked against bpftool's raw dump (size and every member
# offset). Fails when any sampled type fails; a type btfcc refuses is allowed
# only for an explained reason, with btfcc's message present (sweep.py).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/harness.sh
. "$here/../harness.sh"
line=${BTFCC_SWEEP_LINE:-6.1}
t_need_line release "$line"
t_need_tools bpftool gcc-12 make python3
: "${BTFCC:?}" "${BTFCC_DUMP:?}"

work=$(mktemp -d /tmp/btfcc-sweep-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
export BTFCC_CACHE_DIR=$work/cache

# 500 types in 4 batches of 125: about a minute on 2 idle cores, five at most.
rc=0
timeout 270 python3 "$here/sweep.py" --kernel "$line" --sample 500 --seed 20251125 --batch 125 \
	--jobs 2 --timeout 240 --work "$work/sweep" || rc=$?
case $rc in
0) echo "PASS: $release: every sampled type imported with its layout proven" ;;
77) t_skip "the sweep of $release found a prerequisite missing" ;;
124) echo "FAIL: the sweep took more than 270 s"; exit 1 ;;
*) echo "FAIL: sweep exit status $rc"; exit 1 ;;
esac

# The sweep's own check: a wrong expected layout must fail the build
# (same work directory: the oracle and the header probe are reused).
rc=0
out=$(timeout 120 python3 "$here/sweep.py" --kernel "$line" --types 'struct rq' \
	--corrupt 'struct rq' --timeout 100 --work "$work/sweep" 2>&1) || rc=$?
if [ "$rc" != 1 ] || ! grep -q 'static assertion failed: "btfcc-sweep: struct rq: size"' <<<"$out"; then
	echo "FAIL: a corrupted expectation for struct rq was not caught (exit $rc):"
	echo "$out" | tail -20
	exit 1
fi
echo "PASS: a wrong expected layout fails the sweep"
