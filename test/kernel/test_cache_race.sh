#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Two module builds for two kernels (6.1 and 6.12), make -j2 each, started
# together on one cold BTF cache ($BTFCC_CACHE_DIR): both extract their
# kernel's BTF at the same time. Both must build (their _Static_asserts
# prove each used its own kernel's layout of struct rq, which differs), the
# cache must end with one whole entry per kernel and no temporary file, and
# builds on the warm cache and on a cache whose entries were cut in half
# must build too (docs/fuzzing.md, "the cache").
set -uo pipefail
. "$(dirname "$0")/../harness.sh"
[ -n "${BTFCC:-}" ] && [ -x "$BTFCC" ] || t_skip "BTFCC is not set to the built btfcc"
t_need_tools gcc-12 make
t_need_line R1 6.1
t_need_line R2 6.12
WORK=$(mktemp -d "${TMPDIR:-/tmp}/btfcc-cache-race.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export BTFCC_CACHE_DIR=$WORK/cache
# The per-user cache is what races here: the system cache stays out.
export BTFCC_SYSTEM_CACHE_DIR=
fail() { echo "FAIL: $*"; exit 1; }

# mod DIR: a module of three files that need private types.
mod() {
	mkdir -p "$1"
	echo 'obj-m := r1.o r2.o r3.o' >"$1/Makefile"
	for i in 1 2 3; do
		cat >"$1/r$i.c" <<EOT
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/sched.h>
int btfcc_race_$i(struct rq *rq);
int btfcc_race_$i(struct rq *rq) { return rq->cpu + (int)sizeof(struct cfs_rq); }
MODULE_LICENSE("GPL");
EOT
	done
}

# round NAME: both builds at once, from clean; each must succeed.
round() {
	local name=$1 r pids=() i=0 st=0
	for r in "$R1" "$R2"; do
		make -C "/lib/modules/$r/build" M="$WORK/m-$r" clean >/dev/null 2>&1
		# The boot image, not /sys/kernel/btf of a running kernel: the cache is for images.
		BTFCC_BTF=/boot/vmlinuz-$r make -C "/lib/modules/$r/build" M="$WORK/m-$r" CC="$BTFCC" -j2 \
			>"$WORK/$name-$r.log" 2>&1 &
		pids+=($!)
	done
	for r in "$R1" "$R2"; do
		wait "${pids[$i]}" || { echo "--- $r:"; tail -n 30 "$WORK/$name-$r.log"; st=1; }
		i=$((i + 1))
	done
	((st == 0)) || fail "$name: a build failed"
	for r in "$R1" "$R2"; do
		[ -f "$WORK/m-$r/r1.ko" ] || fail "$name: no r1.ko for $r"
		if grep -E '\[btfcc\]|^btfcc: |warning:' "$WORK/$name-$r.log"; then
			fail "$name: btfcc or the compiler said something about $r"
		fi
	done
	entries=$(find "$BTFCC_CACHE_DIR" -name '*.btf' | wc -l)
	tmps=$(find "$BTFCC_CACHE_DIR" -name '*.tmp*' | wc -l)
	((entries == 2)) || { ls -la "$BTFCC_CACHE_DIR"; fail "$name: $entries cache entries, want 2"; }
	((tmps == 0)) || { ls -la "$BTFCC_CACHE_DIR"; fail "$name: temporary files left"; }
	echo "ok: $name: both kernels built, 2 whole entries"
}

mod "$WORK/m-$R1"
mod "$WORK/m-$R2"
round cold
round warm
for e in "$BTFCC_CACHE_DIR"/*.btf; do
	truncate -s $(($(stat -c %s "$e") / 2)) "$e"
done
round torn
