#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make C=1 CC=btfcc CHECK=btfcc-sparse on 6.1 and 6.12: sparse checks every
# demo module with the definitions btfcc imported for its compile.
# Oracles: sparse itself. On the plain kernel headers (CHECK=sparse) it
# reports the private types as incomplete in every demo that uses one; with
# btfcc-sparse it reports 0 errors; a warning planted on sizeof(struct rq)
# prints the size sparse computed, which must be bpftool's, at the user's
# line and column. A header that no longer matches the BTF is
# refused with btfcc's one-line error, never checked.
. "$(dirname "$0")/test_driver_common.bash"
t_need_tools sparse bpftool
SRC=${BTFCC_SRC_DIR:?}
CHECKER=$(dirname "$BTFCC")/btfcc-sparse
[ -x "$CHECKER" ] || fail "no btfcc-sparse next to $BTFCC"

# count LOG: sparse's "error:" lines in LOG.
count() { grep -c ': error: ' "$1" || true; }

for line in 6.1 6.12; do
	t_need_line rel "$line"
	kdir=/lib/modules/$rel/build
	for d in "$SRC"/kernel-module-demo/*/; do
		demo=$(basename "$d")
		m=$WORK/$line-$demo
		cp -r "$d" "$m"
		make -C "$kdir" M="$m" CC="$BTFCC" C=1 CHECK="$CHECKER" >"$m.with" 2>&1 ||
			{ cat "$m.with"; fail "$line $demo: make C=1 CHECK=btfcc-sparse"; }
		grep -q "CHECK   $m/" "$m.with" || { cat "$m.with"; fail "$line $demo: no CHECK step"; }
		with=$(count "$m.with")
		[ "$with" = 0 ] || { cat "$m.with"; fail "$line $demo: $with sparse errors with btfcc-sparse"; }
		# The same object, checked by sparse alone (C=2: check without a rebuild).
		make -C "$kdir" M="$m" CC="$BTFCC" C=2 >"$m.plain" 2>&1 || true
		plain=$(count "$m.plain")
		if [ "$demo" != task_struct_marked ]; then
			# Every other demo uses a type the headers leave incomplete.
			grep -q 'incomplete struct' "$m.plain" ||
				{ cat "$m.plain"; fail "$line $demo: plain sparse saw no incomplete struct"; }
		fi
		ok "$line $demo: sparse $plain errors on the headers alone, 0 with btfcc-sparse"
	done

	# sparse warns on a constant truncated by a cast, and prints the
	# constant: here sizeof(struct rq) as sparse laid out the import.
	"$BTFCC_DUMP" -b "/boot/vmlinuz-$rel" --save-raw "$WORK/$line.btf" 'struct rq' >/dev/null ||
		fail "$line: btfcc-dump --save-raw"
	size=$(bpftool btf dump file "$WORK/$line.btf" | sed -n "s/^\[[0-9]*\] STRUCT 'rq' size=\([0-9]*\) .*/\1/p")
	[ -n "$size" ] || fail "$line: bpftool shows no struct rq"
	m=$WORK/$line-planted
	mkdir -p "$m"
	echo "obj-m := planted.o" >"$m/Makefile"
	cat >"$m/planted.c" <<'EOT'
#include <linux/module.h>
#include <linux/sched.h>

MODULE_LICENSE("GPL");

static int __init planted_init(void)
{
	return (u8)sizeof(struct rq) + current->se.cfs_rq->rq->cpu;
}
module_init(planted_init);
EOT
	make -C "$kdir" M="$m" CC="$BTFCC" C=1 CHECK="$CHECKER" >"$m.log" 2>&1 ||
		{ cat "$m.log"; fail "$line planted: build"; }
	expect_in "$m.log" \
		"$m/planted.c:8:20: warning: cast truncates bits from constant value ($(printf %x "$size") becomes" \
		"$line: sparse's sizeof(struct rq) is bpftool's $size, at planted.c:8:20"
	[ "$(count "$m.log")" = 0 ] || { cat "$m.log"; fail "$line planted: errors"; }
	ok "$line: sparse lays out struct rq as BTF does ($size bytes), at the user's line and column"
done

# A header from another BTF is refused: the check does not rebuild, so the
# header on disk is the one from /boot's image, not from BTFCC_BTF's.
m=$WORK/6.12-sched_rq
if BTFCC_BTF=$WORK/6.12.btf make -C "$kdir" M="$m" CC="$BTFCC" C=2 CHECK="$CHECKER" \
	>"$WORK/stale.log" 2>&1; then
	cat "$WORK/stale.log"
	fail "a header made from another BTF file was checked"
fi
expect_in "$WORK/stale.log" "btfcc: error: $m/btfcc_demo_sched_rq.c: the imports in" \
	"the stale header's one-line error"
ok "a header that does not match the BTF is refused"
