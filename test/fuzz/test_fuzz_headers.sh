#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The other half of the engine's oracle (fuzz_engine.c): every header it
# emits for the engine corpus (the seeds, and $BTFCC_FUZZ_CORPUS/engine of
# a campaign when set) compiles with gcc-12. BTF the engine cannot express
# in C must have been refused, not emitted.
set -uo pipefail
source "$BTFCC_SRC_DIR/test/harness.sh"
t_need_tools gcc-12

bin=${BTFCC_FUZZ_BIN:?} seeds=${BTFCC_FUZZ_SEEDS:?}
[ -x "$bin/fuzz_engine" ] || t_skip "fuzz_engine not built (cmake -DBTFCC_FUZZ=ON)"
work=$(mktemp -d /tmp/btfcc-fuzz-headers.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/h"
dirs=("$seeds/engine")
[ -n "${BTFCC_FUZZ_CORPUS:-}" ] && [ -d "$BTFCC_FUZZ_CORPUS/engine" ] && dirs+=("$BTFCC_FUZZ_CORPUS/engine")
if ! BTFCC_FUZZ_HEADERS=$work/h "$bin/fuzz_engine" -runs=0 -rss_limit_mb=2560 "${dirs[@]}" \
	>"$work/log" 2>&1; then
	t_log "FAIL: fuzz_engine on its corpus:"; tail -n 30 "$work/log" >&2; exit 1
fi
n=0 bad=0 asserts=0
for h in "$work"/h/*.h; do
	[ -e "$h" ] || continue
	n=$((n + 1))
	gcc-12 -std=gnu11 -fsyntax-only -x c "$h" 2>"$work/err"
	# A failed _Static_assert is the layout check doing its job (BTF of
	# another ABI: clang -target bpf's va_list is 8 bytes): counted, not failed.
	if grep -E "error:|does not declare anything" "$work/err" | grep -qv "static assertion failed"; then
		bad=$((bad + 1))
		((bad > 5)) && continue
		t_log "FAIL: a header that does not compile: $h"
		head -n 20 "$work/err" >&2
	elif grep -q "static assertion failed" "$work/err"; then
		asserts=$((asserts + 1))
	fi
done
((n > 0)) || { t_log "FAIL: fuzz_engine emitted no header at all"; exit 1; }
t_log "$n headers, $bad do not compile, $asserts compile but a layout check refuses them"
((bad == 0))
