#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The module-BTF sweep (docs/sweep.md, "Types of modules"): on the newest 6.1
# and 6.12 kernels, 240 structs/unions that only loadable modules' BTF has
# (modules and types chosen with a fixed seed), built with no marker through
# kbuild, each size and member offset asserted as bpftool reads that .ko's
# BTF over vmlinux's. At least 200 must be proven per kernel and none may
# fail; a name modules define in different shapes may be refused, and must
# then build with //BTF_INCLUDE(<module>) (counted apart). A wrong expected
# size must fail the build.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/harness.sh
. "$here/../harness.sh"
t_need_tools bpftool gcc-12 make python3
: "${BTFCC:?}" "${BTFCC_DUMP:?}"

work=$(mktemp -d /tmp/btfcc-modsweep-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
# A private cache: the module index is built once per kernel in this run.
export BTFCC_CACHE_DIR=$work/cache

for line in 6.1 6.12; do
	t_need_line release "$line"
	[ -d "/lib/modules/$release/kernel" ] ||
		t_skip "no /lib/modules/$release/kernel (scripts/setup.sh unpacks it)"
	rc=0
	timeout 280 python3 "$here/modsweep.py" --kernel "$line" --sample 240 --min 200 \
		--seed 13 --jobs 2 --timeout 240 --work "$work/$line" || rc=$?
	case $rc in
	0) echo "PASS: $release: module types imported with their layout proven" ;;
	77) t_skip "the module sweep of $release found a prerequisite missing" ;;
	124) echo "FAIL: the module sweep of $release took more than 280 s"; exit 1 ;;
	*) echo "FAIL: module sweep of $release: exit status $rc"; exit 1 ;;
	esac
	# The sweep's check of itself: a wrong expected size must fail the build.
	rc=0
	timeout 120 python3 "$here/modsweep.py" --kernel "$line" --sample 6 --min 0 --seed 13 \
		--jobs 2 --corrupt --timeout 100 --work "$work/$line-corrupt" || rc=$?
	[ "$rc" = 0 ] || { echo "FAIL: $release: a wrong expected layout was not caught"; exit 1; }
	echo "PASS: $release: a wrong expected layout fails the module sweep"
done
