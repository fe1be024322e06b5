#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# No green without proof: with a kernel line's headers absent (the harness'
# BTFCC_MODULES_DIR pointed at an empty directory), a test of every kind
# fails under CI=true, naming the line, and only skips (77) without it.
. "$(dirname "$0")/test_driver_common.bash"
need_kernel
SRC=${BTFCC_SRC_DIR:?}
UNIT=${BTFCC_BUILD_DIR:?}/test/test_btf_load_kernel
[ -x "$UNIT" ] || skip "no $UNIT (run through ctest)"
mkdir -p "$WORK/empty"

# expect_status WANT CI_VALUE WHAT CMD...: CMD exits WANT, and under CI
# says which line is missing.
expect_status() {
	local want=$1 ci=$2 what=$3 rc=0
	shift 3
	if [ -n "$ci" ]; then
		BTFCC_MODULES_DIR=$WORK/empty CI=$ci "$@" >"$WORK/out" 2>&1 || rc=$?
	else
		BTFCC_MODULES_DIR=$WORK/empty env -u CI "$@" >"$WORK/out" 2>&1 || rc=$?
	fi
	[ "$rc" = "$want" ] || { cat "$WORK/out"; fail "$what: exit $rc, want $want (CI=$ci)"; }
	grep -q "kernel line 6\.1[2]*: no kernel headers in $WORK/empty/" "$WORK/out" ||
		{ cat "$WORK/out"; fail "$what: the missing line is not named"; }
}

for t in test/integration/test_kbuild_module.sh test/qemu/test_demo_6_12.sh \
	test/sweep/test_sweep_sample.sh; do
	expect_status 1 true "$t" bash "$SRC/$t"
	expect_status 77 "" "$t" bash "$SRC/$t"
	ok "$t: fails under CI=true, skips without"
done

# A cmocka program: its failed case is a failure, its skip is 77.
rc=0
BTFCC_MODULES_DIR=$WORK/empty CI=true "$UNIT" >"$WORK/out" 2>&1 || rc=$?
{ [ "$rc" != 0 ] && [ "$rc" != 77 ]; } || { cat "$WORK/out"; fail "unit test under CI: exit $rc"; }
grep -q "a prerequisite is missing and CI=true: kernel line 6\.1" "$WORK/out" ||
	{ cat "$WORK/out"; fail "unit test: the missing line is not named"; }
rc=0
BTFCC_MODULES_DIR=$WORK/empty env -u CI "$UNIT" >"$WORK/out" 2>&1 || rc=$?
[ "$rc" = 77 ] || { cat "$WORK/out"; fail "unit test without CI: exit $rc, want 77"; }
ok "test_btf_load_kernel: fails under CI=true, exits 77 without"
