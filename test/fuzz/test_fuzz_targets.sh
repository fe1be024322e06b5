#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Every fuzz target over its seed corpus, then $BTFCC_FUZZ_SECONDS (default
# 10) of fuzzing each from it: the regression check of docs/fuzzing.md.
# With $BTFCC_FUZZ_CORPUS (scripts/fuzz.sh's directory), its corpora and
# crash inputs are replayed too. Any crash, leak, UB or oracle abort fails.
set -uo pipefail
source "$BTFCC_SRC_DIR/test/harness.sh"

bin=${BTFCC_FUZZ_BIN:?} seeds=${BTFCC_FUZZ_SEEDS:?}
secs=${BTFCC_FUZZ_SECONDS:-10}
work=$(mktemp -d /tmp/btfcc-fuzz-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail=0
for t in image gzip xz zstd lz4 elf load raw split cache engine; do
	[ -x "$bin/fuzz_$t" ] || t_skip "fuzz_$t not built (cmake -DBTFCC_FUZZ=ON)"
	[ -d "$seeds/$t" ] && [ -n "$(ls -A "$seeds/$t")" ] || { t_log "FAIL: no seeds for $t"; fail=1; continue; }
	mkdir -p "$work/$t"
	dirs=("$seeds/$t")
	if [ -n "${BTFCC_FUZZ_CORPUS:-}" ]; then
		[ -d "$BTFCC_FUZZ_CORPUS/$t" ] && dirs+=("$BTFCC_FUZZ_CORPUS/$t")
		[ -d "$BTFCC_FUZZ_CORPUS/crashes/$t" ] && dirs+=("$BTFCC_FUZZ_CORPUS/crashes/$t")
	fi
	# Replay: every input once, each a separate check.
	if ! "$bin/fuzz_$t" -runs=0 -rss_limit_mb=2560 -timeout=20 \
		-artifact_prefix="$work/$t/" "${dirs[@]}" >"$work/$t.replay" 2>&1; then
		t_log "FAIL: fuzz_$t on its corpus:"; tail -n 30 "$work/$t.replay" >&2; fail=1; continue
	fi
	if ! "$bin/fuzz_$t" -max_total_time="$secs" -rss_limit_mb=2560 -timeout=20 \
		-dict="$BTFCC_SRC_DIR/test/fuzz/btf.dict" -artifact_prefix="$work/$t/" \
		"$work/$t" "$seeds/$t" >"$work/$t.log" 2>&1; then
		t_log "FAIL: fuzz_$t found a crash in ${secs}s:"; tail -n 30 "$work/$t.log" >&2; fail=1; continue
	fi
	t_log "ok fuzz_$t: $(grep -E '^#[0-9]+.*cov:' "$work/$t.log" | tail -n 1 | cut -c1-60)"
done
exit $fail
