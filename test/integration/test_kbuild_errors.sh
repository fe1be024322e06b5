#!/bin/bash
# Failures are one clear line at the user's file:line, exit non-zero, and
# leave no object and no work files.
. "$(dirname "$0")/test_driver_common.bash"
need_kernel
need_btf

# build NAME: a one-file module from stdin; output in $WORK/NAME.log.
build() {
	local m=$WORK/$1
	mkdir -p "$m"
	cat > "$m/$1.c"
	echo "obj-m := $1.o" > "$m/Makefile"
	kmake "$m" > "$WORK/$1.log" 2>&1
}

no_litter() {
	[ ! -e "$WORK/$1/$1.o" ] || fail "$1: object left after a failed compile"
	ls -a "$WORK/$1" | grep -q btfcc && fail "$1: work files left: $(ls -a "$WORK/$1")"
	return 0
}

build unknown <<'EOT' && fail "unknown type compiled"
#include <linux/module.h>

int f(struct btfcc_no_such_tipe *p)
{
	return p->x;
}
MODULE_LICENSE("GPL");
EOT
grep -q "^$WORK/unknown/unknown.c:5:[0-9]*: error: .*'struct btfcc_no_such_tipe'.* \[btfcc\]$" \
	"$WORK/unknown.log" || { cat "$WORK/unknown.log"; fail "unknown type at file:line:col"; }
no_litter unknown
ok "unknown type: $(grep '\[btfcc\]$' "$WORK/unknown.log")"

build typo <<'EOT' && fail "member typo compiled"
#include <linux/module.h>
#include <linux/sched.h>

int f(struct rq *rq)
{
	return rq->nr_runing;
}
MODULE_LICENSE("GPL");
EOT
expect_in "$WORK/typo.log" "$WORK/typo/typo.c:6:" "compiler error at the user's line"
expect_in "$WORK/typo.log" "nr_runing" "the misspelt member"
grep -q "^$WORK/typo/typo.c:6:[0-9]*: note: .*no member 'nr_runing'; nearest: .*'nr_running'.* \[btfcc\]$" \
	"$WORK/typo.log" || { cat "$WORK/typo.log"; fail "note with BTF's nearest members"; }
# A handful of names, not all of struct rq's.
names=$(grep -o "note: .*nearest: .*" "$WORK/typo.log" | grep -o "'[a-z_0-9]*'" | wc -l)
[ "$names" -le 5 ] || { cat "$WORK/typo.log"; fail "the note names $names members"; }
[ "$(grep -c 'note: .*nearest' "$WORK/typo.log")" = 1 ] || { cat "$WORK/typo.log"; fail "the note is repeated"; }
no_litter typo
ok "member typo: compiler error at typo.c:6 and a note with BTF's members"

mismatch_src() {
	cat <<'EOT'
#include <linux/module.h>
#include <linux/sched.h>

int f(struct rq *rq)
{
	return rq->cpu;
}
MODULE_LICENSE("GPL");
EOT
}

t_need_line rel612 6.12
img612=/boot/vmlinuz-$rel612
{
	# A boot image names its release: another kernel's is refused up front.
	BTFCC_BTF=$img612 build release < <(mismatch_src) && fail "6.12 vmlinuz with 6.1 headers compiled"
	grep -q "^$WORK/release/release.c:6:[0-9]*: error: .*BTFCC_BTF=$img612 is the BTF of kernel 6\.12.*built for 6\.1" \
		"$WORK/release.log" || { cat "$WORK/release.log"; fail "release mismatch message"; }
	no_litter release
	ok "BTF of another release refused: $(grep '\[btfcc\]$' "$WORK/release.log" | cut -c1-160)"

	# Raw BTF carries no release: the layout check is what catches it.
	"$BTFCC_DUMP" -b "$img612" --save-raw "$WORK/vmlinux-6.12.btf"
	BTFCC_BTF=$WORK/vmlinux-6.12.btf build mismatch < <(mismatch_src) &&
		fail "6.12 BTF with 6.1 headers compiled"
	grep -q "^$WORK/mismatch/mismatch.c:6:[0-9]*: error: .*bytes in the kernel headers but.* \[btfcc\]$" \
		"$WORK/mismatch.log" || { cat "$WORK/mismatch.log"; fail "size mismatch message"; }
	no_litter mismatch
	ok "headers/BTF mismatch refused: $(grep '\[btfcc\]$' "$WORK/mismatch.log")"
}
