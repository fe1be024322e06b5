#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The prefix cache (docs/driver.md, "Prefix cache"), on the newest 6.1 and
# 6.12. The oracle is the scan without it (BTFCC_PREFIX_CACHE=0, every
# header parsed): with the cache, every demo's generated header and feature
# answers are byte for byte the same, whether the PCH is built in that
# compile or loaded by a later one, and each scan says it used a PCH. A
# header of the prefix that changes makes the next compile rebuild the PCH
# (what the scan sees is the new header); a prefix that does not compile
# alone gets no PCH, and the file still builds from the plain parse.
. "$(dirname "$0")/test_driver_common.bash"

# generated DIR OUT: the generated headers and feature answers under DIR, copied to OUT
generated() {
	mkdir -p "$2"
	(cd "$1" && find . -name '.tmp_*.btfcc.h' -o -name '.tmp_*.btfcc-features.h') |
		while read -r f; do f=${f#./}; cp "$1/$f" "$2/$(echo "$f" | tr / _)"; done
}

# build_demos KDIR DIR LOG: make clean, forget imports, build every demo
build_demos() {
	make -C "$2" KDIR="$1" BTFCC="$BTFCC" clean >/dev/null 2>&1
	find "$2" -name '.tmp_*.btfcc*' -delete
	BTFCC_VERBOSE=1 make -C "$2" KDIR="$1" BTFCC="$BTFCC" >"$3" 2>&1 ||
		{ tail -40 "$3"; fail "demos did not build ($3)"; }
}

# check_pch_use LOG: a scan of a file whose first #include is <...> used a
# PCH, one whose first is the module's own "..." (header_chain,
# local_header: their inline code is read) did not
check_pch_use() {
	local src rest with=0 without=0
	while read -r src rest; do
		if grep -m1 '^#include' "$src" | grep -q '^#include <'; then
			case $rest in *"headers from $BTFCC_CACHE_DIR/prefix/"*) with=$((with + 1)) ;;
			*) fail "$line: the scan of $src used no PCH" ;; esac
		else
			case $rest in *"headers from"*) fail "$line: the scan of $src used a PCH" ;; esac
			without=$((without + 1))
		fi
	done < <(sed -n 's/^btfcc: scan of \([^:]*\): \(.*\)/\1 \2/p' "$1")
	[ "$with" -ge 6 ] && [ "$without" -ge 2 ] || fail "$line: $with scans with a PCH, $without without"
}

# build_one KDIR DIR NAME: the module in DIR, verbose, into DIR/NAME.log
build_one() {
	BTFCC_VERBOSE=1 make -C "$1" M="$2" CC="$BTFCC" >"$2/$3.log" 2>&1 ||
		{ cat "$2/$3.log"; fail "$line: $2 ($3) did not build"; }
}

pchs() { find "$BTFCC_CACHE_DIR/prefix" -name '*.pch' -printf '%f %i\n' 2>/dev/null | sort; }

for line in 6.1 6.12; do
	t_need_line rel "$line"
	kdir=/lib/modules/$rel/build
	export BTFCC_CACHE_DIR=$WORK/cache-$line
	d=$WORK/demos-$line
	cp -r "$BTFCC_SRC_DIR/kernel-module-demo" "$d"

	BTFCC_PREFIX_CACHE=0 build_demos "$kdir" "$d" "$d/plain.log"
	expect_not_in "$d/plain.log" "headers from" "$line: BTFCC_PREFIX_CACHE=0 used a PCH"
	generated "$d" "$WORK/want-$line"
	n=$(ls "$WORK/want-$line" | wc -l)
	[ "$n" -ge 8 ] || fail "$line: only $n generated headers from the demos"

	build_demos "$kdir" "$d" "$d/built.log"
	generated "$d" "$WORK/built-$line"
	diff -r "$WORK/want-$line" "$WORK/built-$line" ||
		fail "$line: generated headers differ when the PCH is built in the compile"
	check_pch_use "$d/built.log"
	before=$(pchs)
	[ -n "$before" ] || fail "$line: no PCH in $BTFCC_CACHE_DIR/prefix"
	ok "$line: $n generated files the same with PCHs built ($(echo "$before" | wc -l) PCHs)"

	build_demos "$kdir" "$d" "$d/loaded.log"
	generated "$d" "$WORK/loaded-$line"
	diff -r "$WORK/want-$line" "$WORK/loaded-$line" ||
		fail "$line: generated headers differ when the PCH is loaded"
	[ "$(pchs)" = "$before" ] || fail "$line: PCHs built again though nothing changed"
	check_pch_use "$d/loaded.log"
	ok "$line: the same again with every PCH loaded, none rebuilt"

	# A header of the prefix changes: the scan sees the new one. The module's
	# inc/ passes for a kernel include dir (it has generated/autoconf.h:
	# scan_files.c), so mine.h is a kernel header, inside the PCH (the
	# module's own headers never are).
	m=$WORK/stale-$line
	mkdir -p "$m/inc/generated"
	: >"$m/inc/generated/autoconf.h"
	printf '#ifndef MINE_H\n#define MINE_H\n/* v1 */\n#endif\n' >"$m/inc/mine.h"
	cat >"$m/stale.c" <<'EOT'
#include <linux/module.h>
#include <linux/sched.h>
#include <mine.h>
MODULE_LICENSE("GPL");
int f(void);
#ifdef MINE_V2
int f(void) { return current->se.cfs_rq->rq->cpu; }
#else
int f(void) { return current->se.cfs_rq->nr_running; }
#endif
EOT
	printf 'obj-m := stale.o\nccflags-y := -I$(src)/inc\n' >"$m/Kbuild"
	build_one "$kdir" "$m" v1
	expect_in "$m/v1.log" "headers from $BTFCC_CACHE_DIR/prefix/" "$line: v1 scan without a PCH"
	! grep -q '^struct rq {' "$m/.tmp_stale.btfcc.h" || fail "$line: v1 imported struct rq"
	v1=$(pchs)
	sleep 1.1	# a new mtime on any file system
	printf '#ifndef MINE_H\n#define MINE_H\n#define MINE_V2 1\n#endif\n' >"$m/inc/mine.h"
	find "$m" -name '.tmp_*.btfcc*' -delete
	build_one "$kdir" "$m" v2
	grep -q '^struct rq {' "$m/.tmp_stale.btfcc.h" ||
		fail "$line: the scan read the PCH of the old mine.h (no struct rq imported)"
	expect_in "$m/v2.log" "headers from $BTFCC_CACHE_DIR/prefix/" "$line: v2 scan without a PCH"
	[ "$(pchs)" != "$v1" ] || fail "$line: the PCH of the old mine.h was not rebuilt"
	ok "$line: a changed header of the prefix: PCH rebuilt, struct rq imported"

	# A prefix that does not compile alone: no PCH, the plain parse.
	m=$WORK/alone-$line
	mkdir -p "$m/inc/generated"
	: >"$m/inc/generated/autoconf.h"
	printf '#ifndef NAMED_H\n#define NAMED_H\n%s\n#endif\n' \
		'static const char mine_name[] __attribute__((unused)) = KBUILD_MODNAME;' >"$m/inc/named.h"
	cat >"$m/alone.c" <<'EOT'
#include <linux/module.h>
#include <linux/sched.h>
#include <named.h>
MODULE_LICENSE("GPL");
int f(void);
int f(void) { return current->se.cfs_rq->nr_running; }
EOT
	printf 'obj-m := alone.o\nccflags-y := -I$(src)/inc\n' >"$m/Kbuild"
	build_one "$kdir" "$m" build
	expect_not_in "$m/build.log" "headers from" "$line: a PCH for a prefix that needs KBUILD_MODNAME"
	ls "$BTFCC_CACHE_DIR"/prefix/*.bad >/dev/null 2>&1 || fail "$line: the failed prefix not remembered"
	grep -q '^struct cfs_rq {' "$m/.tmp_alone.btfcc.h" || fail "$line: alone.c did not import struct cfs_rq"
	ok "$line: a prefix that needs the file's defines: no PCH, imports from the plain parse"
done
