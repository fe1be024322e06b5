#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The libclang pass on a real module with the exact flags kbuild gives gcc:
# current->se.cfs_rq->rq->cpu needs struct cfs_rq, then (with cfs_rq in a
# prelude) struct rq, and nothing else fails to parse. Exit 77 = skipped.
set -u

# shellcheck source=test/harness.sh
. "$(dirname "$0")/../harness.sh"

PROBE=${BTFCC_BUILD_DIR:-}/test/pass_probe
LINES=${BTFCC_PASS_LINES:-"6.1 6.12"}

skip() { t_skip "$@"; }
fail() { echo "FAIL: $*"; exit 1; }

[ -x "$PROBE" ] || skip "no pass_probe at $PROBE (set BTFCC_BUILD_DIR)"
t_need_tools gcc-12 make
RELEASES=
for line in $LINES; do
	t_need_line rel "$line"
	RELEASES="$RELEASES $rel"
done

work=$(mktemp -d /tmp/btfcc_pass_kernel.XXXXXX)
trap 'rm -rf "$work"' EXIT

# kbuild's gcc command for m.c, from a real build of a trivial module
kbuild_args() {
	local kdir=$1 mod=$work/trivial cmd
	mkdir -p "$mod"
	printf '#include <linux/module.h>\nMODULE_LICENSE("GPL");\n' > "$mod/m.c"
	echo 'obj-m := m.o' > "$mod/Makefile"
	make -s -C "$kdir" M="$mod" m.o >"$work/make.log" 2>&1 ||
		{ cat "$work/make.log"; return 1; }
	# 6.1 writes cmd_..., 6.12 savedcmd_...; objtool follows after ';'
	cmd=$(sed -n 's/^\(saved\)\?cmd_[^ ]* := //p' "$mod/.m.o.cmd" | sed 's/;.*//')
	[ -n "$cmd" ] || return 1
	eval "set -- $cmd"
	shift	# the compiler
	local a skip_next=0
	for a in "$@"; do
		if [ $skip_next = 1 ]; then skip_next=0; continue; fi
		case $a in
		-o) skip_next=1 ;;
		-c | "$mod/m.c") ;;
		*) printf '%s\n' "$a" ;;
		esac
	done > "$work/args"
	make -s -C "$kdir" M="$mod" clean >/dev/null 2>&1
	return 0
}

probe() {	# probe KDIR OUT [probe options] SOURCE
	local kdir=$1 out=$2
	shift 2
	local args=()
	mapfile -t args < "$work/args"
	(cd "$kdir" && "$PROBE" "$@" -- "${args[@]}") > "$out" 2>&1 ||
		{ cat "$out"; return 1; }
}

expect() {	# expect FILE REGEX WHAT
	grep -qE "$2" "$1" || { cat "$1"; fail "$3"; }
}

no_errors() {
	if grep -q '^error ' "$1"; then cat "$1"; fail "$2: parse errors besides missing types"; fi
}

tested=0
for rel in $RELEASES; do
	kdir=/lib/modules/$rel/build
	if [ ! -e "$kdir/Makefile" ]; then
		echo "# $rel: no headers, not tested"
		continue
	fi
	kbuild_args "$kdir" || fail "$rel: cannot build a trivial module to get the flags"

	cat > "$work/rqmod.c" <<'SRC'
// SPDX-License-Identifier: GPL-2.0
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#include <linux/module.h>
#include <linux/sched.h>

static int rqmod_cpu(void)
{
	return current->se.cfs_rq->rq->cpu;
}

static int __init rqmod_init(void)
{
	pr_info("cpu %d\n", rqmod_cpu());
	return 0;
}
module_init(rqmod_init);
MODULE_LICENSE("GPL");
SRC
	# round 1: clang stops at the first incomplete link
	probe "$kdir" "$work/r1" "$work/rqmod.c" || fail "$rel: probe failed"
	expect "$work/r1" '^request struct cfs_rq origin .*rqmod.c:8:[0-9]* hints rq$' "$rel: no struct cfs_rq"
	expect "$work/r1" '^inject 5$' "$rel: inject line"
	[ "$(grep -c '^request ' "$work/r1")" = 1 ] || { cat "$work/r1"; fail "$rel: extra requests"; }
	no_errors "$work/r1" "$rel round 1"

	# round 2: the generated header gives cfs_rq, rq is next
	printf 'struct rq;\nstruct cfs_rq { unsigned long load; struct rq *rq; };\n' > "$work/p1.h"
	probe "$kdir" "$work/r2" --prelude "$work/p1.h" --line 5 "$work/rqmod.c" ||
		fail "$rel: probe with prelude failed"
	expect "$work/r2" '^request struct rq origin .*rqmod.c:8:[0-9]* hints cpu$' "$rel: no struct rq"
	[ "$(grep -c '^request ' "$work/r2")" = 1 ] || { cat "$work/r2"; fail "$rel: extra requests"; }
	no_errors "$work/r2" "$rel round 2"

	# a typo in a member of an imported type is reported with its place
	sed 's/->rq->cpu/->rq->cuRR/' "$work/rqmod.c" > "$work/typo.c"
	printf 'struct rq { int cpu; };\nstruct cfs_rq { unsigned long load; struct rq *rq; };\n' \
		> "$work/p2.h"
	probe "$kdir" "$work/r3" --prelude "$work/p2.h" --line 5 "$work/typo.c" ||
		fail "$rel: probe on the typo failed"
	expect "$work/r3" '^unknown_member struct rq cuRR .*typo.c:8:[0-9]*$' "$rel: typo not reported"
	no_errors "$work/r3" "$rel typo"

	echo "# $rel: ok, parse $(sed -n 's/^parse_seconds //p' "$work/r1")s"
	tested=$((tested + 1))
done
[ $tested -gt 0 ] || skip "no kernel headers for: $RELEASES"
exit 0
