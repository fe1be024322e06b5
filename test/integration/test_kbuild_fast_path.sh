#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The fast path (docs/driver.md, "Fast path"), on the newest 6.1 and 6.12:
# once a kernel's names index exists, a file that imports runs the real
# compiler exactly once (no doomed plain try) and is scanned once, also for
# a chain through two private records (current->se.cfs_rq->rq->cpu); a file
# that imports nothing never starts btfcc-import, hence never libclang (its
# BTFCC_IMPORT is a trap that leaves a file behind); a file that only looks
# like it imports (a private name in a comment) still builds, with one
# compile. Counted from BTFCC_VERBOSE's "run:" lines, the trap and the
# objects, not from timings.
. "$(dirname "$0")/test_driver_common.bash"

trap_import=$WORK/trap-import
cat >"$trap_import" <<EOT
#!/bin/sh
touch "$WORK/import-started"
exit 1
EOT
chmod +x "$trap_import"

# runs LOG OBJ: how many times the real compiler ran for OBJ
runs() { grep -c "^btfcc: run: [^ ]*gcc-12 .*-Wp,-MMD,$(dirname "$2")/.$(basename "$2").d " "$1" || true; }

for line in 6.1 6.12; do
	t_need_line rel "$line"
	kdir=/lib/modules/$rel/build
	export BTFCC_CACHE_DIR=$WORK/cache-$line
	m=$WORK/fp-$line
	mkdir -p "$m"
	hdr='#include <linux/module.h>\n#include <linux/sched.h>\nMODULE_LICENSE("GPL");\n'
	printf "$hdr"'int warm(void);\nint warm(void) { return current->se.cfs_rq->nr_running; }\n' >"$m/warm.c"
	printf "$hdr"'int chain(void);\nint chain(void) { return current->se.cfs_rq->rq->cpu; }\n' >"$m/chain.c"
	printf "$hdr"'int plain(void);\nint plain(void) { return current->pid; }\n' >"$m/plain.c"
	printf "$hdr"'/* struct cfs_rq, only in a comment */\nint looks(void);\nint looks(void) { return current->pid; }\n' >"$m/looks.c"
	echo "obj-m := warm.o chain.o plain.o looks.o" >"$m/Makefile"

	# The first import of this kernel writes the names index.
	BTFCC_VERBOSE=1 make -C "$kdir" M="$m" CC="$BTFCC" warm.o >"$m/warm.log" 2>&1 ||
		{ cat "$m/warm.log"; fail "$line: warm.c"; }
	ls "$BTFCC_CACHE_DIR"/names-*.txt >/dev/null 2>&1 || fail "$line: no names index written"

	BTFCC_VERBOSE=1 make -C "$kdir" M="$m" CC="$BTFCC" chain.o >"$m/chain.log" 2>&1 ||
		{ cat "$m/chain.log"; fail "$line: chain.c"; }
	n=$(runs "$m/chain.log" "$m/chain.o")
	[ "$n" = 1 ] || { grep -v "^btfcc: run" "$m/chain.log" | tail -20; fail "$line: chain.c ran the compiler $n times, not once"; }
	expect_in "$m/chain.log" "uses a kernel-private type: no plain first try" "$line: chain.c fast path"
	[ "$(grep -c "scan of $m/chain.c" "$m/chain.log")" = 1 ] || fail "$line: chain.c scanned more than once"
	grep -q "^struct rq {" "$m/.tmp_chain.btfcc.h" || fail "$line: struct rq not imported"
	ok "$line: a file that imports: one compile, one scan, struct cfs_rq and struct rq imported"

	BTFCC_IMPORT=$trap_import BTFCC_VERBOSE=1 make -C "$kdir" M="$m" CC="$BTFCC" plain.o \
		>"$m/plain.log" 2>&1 || { cat "$m/plain.log"; fail "$line: plain.c"; }
	[ ! -e "$WORK/import-started" ] || fail "$line: btfcc-import (libclang) ran for an import-free file"
	[ "$(runs "$m/plain.log" "$m/plain.o")" = 1 ] || fail "$line: plain.c not compiled exactly once"
	ok "$line: an import-free file: one compile, btfcc-import never started"

	BTFCC_VERBOSE=1 make -C "$kdir" M="$m" CC="$BTFCC" looks.o >"$m/looks.log" 2>&1 ||
		{ cat "$m/looks.log"; fail "$line: looks.c"; }
	[ "$(runs "$m/looks.log" "$m/looks.o")" = 1 ] || fail "$line: looks.c not compiled exactly once"
	[ ! -e "$m/.tmp_looks.btfcc.h" ] || fail "$line: looks.c imported something"
	ok "$line: a false guess costs a scan, still one compile, nothing imported"
done
