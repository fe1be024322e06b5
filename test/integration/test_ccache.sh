#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# ccache both ways, on 6.1 and 6.12, through kbuild, with a private
# CCACHE_DIR. Oracles: ccache's own counters (--print-stats) for hits and
# misses, and bpftool's reading of the BTF for the layout compiled into the
# object (read back from a section of the .o).
#   CC="ccache btfcc" (CCACHE_COMPILERTYPE=gcc): the first build misses and
#   leaves no btfcc file in $CCACHE_DIR/tmp; after make clean every compile
#   hits; an edit-free rebuild hits in direct mode; a new BTF in the same
#   file (a same-release image update) misses even in direct mode, and the
#   object has the new layout; after make clean that layout hits.
#   CC="btfcc ccache gcc-12": hits after make clean, and a BTF change gives
#   the object the new layout.
#   Without CCACHE_COMPILERTYPE ccache runs btfcc uncached: btfcc says so.
. "$(dirname "$0")/test_driver_common.bash"
t_need_tools ccache bpftool python3 objcopy od
SRC=${BTFCC_SRC_DIR:?}
# ccache's defaults, whatever the caller's environment says.
while read -r v; do unset "$v"; done < <(env | sed -n 's/^\(CCACHE_[A-Z_]*\)=.*/\1/p')

# counter NAME: one of ccache's counters since the last ccache -z.
counter() { ccache --print-stats | awk -v k="$1" '$1 == k { print $2 }'; }

# expect_stats WHAT MISSES: the last build missed MISSES times (and hit, if 0).
expect_stats() {
	local miss hit direct pre
	miss=$(counter cache_miss) direct=$(counter direct_cache_hit) pre=$(counter preprocessed_cache_hit)
	hit=$((direct + pre))
	[ "$miss" = "$2" ] || fail "$1: $miss misses, $hit hits (want $2 misses)"
	[ "$2" != 0 ] || [ "$hit" -ge 2 ] || fail "$1: only $hit hits"
	echo "$miss misses, $direct direct + $pre preprocessed hits"
}

# layout_of OBJ: "size offset(kvalue) offset(kname)" compiled into OBJ.
layout_of() {
	objcopy -O binary -j .btfcc_layout "$1" "$WORK/layout.bin" || fail "objcopy $1"
	od -An -tu8 "$WORK/layout.bin" | xargs
}

# bpftool_layout RAW: the same three numbers, as bpftool reads RAW.
bpftool_layout() {
	bpftool btf dump file "$1" format raw | awk '
		/^\[[0-9]+\] STRUCT / { inside = ($3 == "'"'"'xattr_ctx'"'"'"); if (inside) size = substr($4, 6) }
		inside && /^\t/ {
			sub("bits_offset=", "", $3)
			if ($1 == "'"'"'kvalue'"'"'") kv = $3 / 8
			if ($1 == "'"'"'kname'"'"'") kn = $3 / 8
		}
		END { print size, kv, kn }'
}

write_module() {
	mkdir -p "$1"
	echo "obj-m := layout.o plain.o" >"$1/Makefile"
	cat >"$1/layout.c" <<'EOT'
#include <linux/module.h>
#include <linux/xattr.h>

MODULE_LICENSE("GPL");

/* struct xattr_ctx is private (fs/internal.h): btfcc imports it. */
static const unsigned long layout[] __attribute__((used, section(".btfcc_layout"))) = {
	sizeof(struct xattr_ctx),
	offsetof(struct xattr_ctx, kvalue),
	offsetof(struct xattr_ctx, kname),
};
EOT
	cat >"$1/plain.c" <<'EOT'
#include <linux/module.h>

MODULE_LICENSE("GPL");
EOT
}

# build DIR CC: make clean is the caller's; counters start at zero.
build() {
	ccache -z >/dev/null
	make -C "$kdir" M="$1" CC="$2" >"$WORK/build.log" 2>&1 ||
		{ cat "$WORK/build.log"; fail "$line: make CC=\"$2\""; }
}

for line in 6.1 6.12; do
	t_need_line rel "$line"
	kdir=/lib/modules/$rel/build
	"$BTFCC_DUMP" -b "/boot/vmlinuz-$rel" --save-raw "$WORK/$line.orig" 'struct xattr_ctx' \
		>/dev/null || fail "$line: btfcc-dump --save-raw"
	python3 "$SRC/test/integration/btf_swap_members.py" "$WORK/$line.orig" "$WORK/$line.swap" \
		xattr_ctx kvalue kname || fail "$line: swap kvalue and kname"
	orig=$(bpftool_layout "$WORK/$line.orig") swap=$(bpftool_layout "$WORK/$line.swap")
	[ "$orig" != "$swap" ] && [ -n "${swap##* }" ] || fail "$line: layouts '$orig' / '$swap'"
	export BTFCC_BTF=$WORK/$line.btf
	cp "$WORK/$line.orig" "$BTFCC_BTF"

	# --- ccache outside ---------------------------------------------------
	export CCACHE_DIR=$WORK/ccache-out-$line CCACHE_COMPILERTYPE=gcc
	m=$WORK/out-$line
	write_module "$m"
	build "$m" "ccache $BTFCC"
	r="$(counter cache_miss) misses"
	[ "$(counter cache_miss)" -ge 2 ] || fail "$line: first build: $r"
	left=$(find "$CCACHE_DIR/tmp" -name '*btfcc*' -o -name '.tmp_*' | head -3)
	[ -z "$left" ] || fail "$line: btfcc work files in \$CCACHE_DIR/tmp: $left"
	[ -f "$m/.tmp_layout.btfcc.h" ] || fail "$line: no generated header next to the object"
	[ "$(layout_of "$m/layout.o")" = "$orig" ] || fail "$line: layout $(layout_of "$m/layout.o") != bpftool's $orig"
	ok "$line ccache btfcc: first build $r; no work files in \$CCACHE_DIR/tmp"

	make -C "$kdir" M="$m" clean >/dev/null
	build "$m" "ccache $BTFCC"
	ok "$line ccache btfcc, after make clean: $(expect_stats "$line after make clean" 0)"

	# The header is kept and not rewritten: ccache stores a direct-mode
	# manifest (it ignores headers written during the compile), then hits.
	touch "$m/layout.c"
	build "$m" "ccache $BTFCC"
	expect_stats "$line touched" 0 >/dev/null
	touch "$m/layout.c"
	build "$m" "ccache $BTFCC"
	[ "$(counter cache_miss)" = 0 ] && [ "$(counter preprocessed_cache_hit)" = 0 ] ||
		fail "$line: touched again: not a direct hit: $(counter cache_miss) misses, $(counter preprocessed_cache_hit) preprocessed hits"
	ok "$line ccache btfcc, source touched: direct hit"

	# Same file, new content: only btfcc's -E output names it for ccache.
	cp "$WORK/$line.swap" "$BTFCC_BTF"
	build "$m" "ccache $BTFCC"
	expect_stats "$line new BTF" 1 >/dev/null
	got=$(layout_of "$m/layout.o")
	[ "$got" = "$swap" ] || fail "$line: new BTF: layout $got, bpftool says $swap"
	make -C "$kdir" M="$m" clean >/dev/null
	build "$m" "ccache $BTFCC"
	expect_stats "$line new BTF, after make clean" 0 >/dev/null
	[ "$(layout_of "$m/layout.o")" = "$swap" ] || fail "$line: the hit has the old layout"
	ok "$line ccache btfcc, new BTF: 1 miss, layout $got as bpftool's ($swap); then hits"

	# --- ccache inside ----------------------------------------------------
	unset CCACHE_COMPILERTYPE
	export CCACHE_DIR=$WORK/ccache-in-$line
	cp "$WORK/$line.orig" "$BTFCC_BTF"
	m=$WORK/in-$line
	write_module "$m"
	build "$m" "$BTFCC ccache gcc-12"
	make -C "$kdir" M="$m" clean >/dev/null
	build "$m" "$BTFCC ccache gcc-12"
	r=$(expect_stats "$line btfcc ccache gcc-12 after make clean" 0)
	[ "$(layout_of "$m/layout.o")" = "$orig" ] || fail "$line: inside: layout"
	cp "$WORK/$line.swap" "$BTFCC_BTF"
	build "$m" "$BTFCC ccache gcc-12"
	[ "$(layout_of "$m/layout.o")" = "$swap" ] || fail "$line: inside: new BTF, old layout"
	ok "$line btfcc ccache gcc-12: after make clean $r; new BTF: new layout"

	# --- ccache's defaults: uncached, and btfcc says what to do ----------
	export CCACHE_DIR=$WORK/ccache-other-$line
	make -C "$kdir" M="$m" clean >/dev/null
	build "$m" "ccache $BTFCC"
	expect_in "$WORK/build.log" \
		"btfcc: note: ccache runs $m/layout.c uncached: it does not know btfcc takes gcc's options; set CCACHE_COMPILERTYPE=gcc" \
		"$line: the note when ccache cannot cache btfcc"
	[ "$(grep -c 'layout.c uncached' "$WORK/build.log")" = 1 ] || fail "$line: the note, once per source"
	ok "$line ccache btfcc without CCACHE_COMPILERTYPE: btfcc's note, once per source"
	unset BTFCC_BTF CCACHE_DIR
done
