#!/usr/bin/env bash
# Harness self-test: a trivial module built with plain gcc-12 (no btfcc) for
# 6.1, 6.12 and their RT flavours, loaded and unloaded in qemu. If this fails,
# the harness or the machine is broken, not btfcc.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

qemu_init boot-hello
status=0

# The checks themselves must catch what they claim to: synthetic consoles.
negative() {
	local what=$1 log=$QEMU_WORK/negative.log
	shift
	printf '%s\n' "$@" >"$log"
	if qemu_check "$log" 'btfcc-demo: PASS x' >/dev/null 2>&1; then
		qemu_fail "qemu_check accepted a console with $what" || status=1
	fi
}
ok_tail=('btfcc-demo: PASS x' "$QEMU_SENTINEL")
negative "a WARNING" '[    1.0] WARNING: CPU: 0 PID: 1 at foo.c:1' "${ok_tail[@]}"
negative "an Oops" '[    1.0] Oops: 0000 [#1] PREEMPT SMP' "${ok_tail[@]}"
negative "a BUG" '[    1.0] BUG: kernel NULL pointer dereference' "${ok_tail[@]}"
negative "a panic" '[    1.0] Kernel panic - not syncing: Fatal exception' "${ok_tail[@]}"
negative "a Call Trace" '[    1.0] Call Trace:' "${ok_tail[@]}"
negative "a FAIL line" '[    1.0] btfcc-demo: FAIL y' "${ok_tail[@]}"
negative "a missing line" "$QEMU_SENTINEL"
negative "no sentinel" 'btfcc-demo: PASS x'
printf '%s\n' 'btfcc-demo: PASS x' "$QEMU_SENTINEL" >"$QEMU_WORK/positive.log"
qemu_check "$QEMU_WORK/positive.log" 'btfcc-demo: PASS x' || status=1
printf '%s\n' '[    1.0] btfcc-demo: PASS a' 'btfcc-demo: PASS b' >"$QEMU_WORK/exact.log"
qemu_check_exact "$QEMU_WORK/exact.log" 'btfcc-demo: PASS ' b a || status=1
if qemu_check_exact "$QEMU_WORK/exact.log" 'btfcc-demo: PASS ' a >/dev/null 2>&1; then
	qemu_fail "qemu_check_exact accepted an extra line" || status=1
fi
# A boot that cannot finish in time must fail (and leave no qemu behind).
rel=$(qemu_release 6.1)
qemu_make_initramfs "$QEMU_WORK/empty.gz"
if QEMU_TIMEOUT=2 QEMU_TAIL_LINES=2 qemu_boot "$rel" "$QEMU_WORK/empty.gz" "$QEMU_WORK/timeout.log" \
	>/dev/null 2>&1; then
	qemu_fail "a 2 s boot did not time out" || status=1
fi
[ "$status" = 0 ] && qemu_log "console checks catch panics, warnings, FAIL lines, missing lines, time-outs"
# The kthread's lines (BTFCC_HELLO_LINES in hello/btfcc_hello.c), each whole.
mapfile -t chatter < <(seq -f '%g of 200' 1 200)
for line in 6.1 6.12 6.1-rt 6.12-rt; do
	rel=$(qemu_release "$line")
	QEMU_WORK=$QEMU_WORK/$rel
	mkdir -p "$QEMU_WORK"
	if qemu_run_modules "$rel" gcc-12 "hello $rel" "$_qemu_lib_dir/hello" &&
		qemu_check "$QEMU_WORK/console.log" 'btfcc-hello: loaded, 2 cpus online' \
			'btfcc-hello: unloaded' &&
		qemu_check_exact "$QEMU_WORK/console.log" 'btfcc-hello: line ' \
			"${chatter[@]}"; then
		qemu_log "PASS hello on $rel (boot ${QEMU_BOOT_SECONDS}s)"
	else
		status=1
	fi
	QEMU_WORK=$(dirname "$QEMU_WORK")
done
exit "$status"
