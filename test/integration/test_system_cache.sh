#!/bin/bash
# The system BTF cache (docs/distribution.md) is read first, and is a trust
# boundary: an entry that is not root's alone, or whose directory is not, or
# that names another image or an image that changed since, is ignored with a
# verbose note and the BTF is read from the image. The oracle is the BTF
# btfcc-dump extracts from the image with every cache off, and another
# kernel's BTF planted in an entry (so "used" and "ignored" read different
# bytes). The cache lives in a temporary BTFCC_SYSTEM_CACHE_DIR.
. "$(dirname "$0")/test_driver_common.bash"
need_kernel
t_need_line rel612 6.12
t_need_tools python3 cmp stat
[ "$(id -u)" = 0 ] || skip "needs root (entries owned by root and by nobody)"
CACHE=${BTFCC_CACHE:-btfcc-cache}
command -v "$CACHE" >/dev/null || skip "btfcc-cache not built ($CACHE)"
id nobody >/dev/null 2>&1 || skip "no user nobody"

img=/boot/vmlinuz-$KREL
sc=$WORK/sys
mkdir -m 755 "$sc"
# No per-user cache: the BTF comes from a system entry or from the image.
export BTFCC_CACHE_DIR=
export BTFCC_SYSTEM_CACHE_DIR=$sc
entry=$sc/vmlinuz-$KREL.btf

BTFCC_SYSTEM_CACHE_DIR= "$BTFCC_DUMP" -b "$img" --save-raw "$WORK/image.btf" >/dev/null
BTFCC_SYSTEM_CACHE_DIR= "$BTFCC_DUMP" -b "/boot/vmlinuz-$rel612" --save-raw "$WORK/other.btf" >/dev/null
cmp -s "$WORK/image.btf" "$WORK/other.btf" && fail "6.1 and 6.12 BTF are the same bytes"

# loaded IMAGE: the BTF btfcc-dump reads for IMAGE, into $WORK/got.btf, notes in $WORK/notes.
loaded() {
	"$BTFCC_DUMP" -v -b "$1" --save-raw "$WORK/got.btf" >/dev/null 2>"$WORK/notes" ||
		{ cat "$WORK/notes"; fail "btfcc-dump -b $1"; }
}

# forge ENTRY RAW: replace the BTF of ENTRY by RAW, header kept consistent
# (size, crc32): an entry only root could have written, with another kernel's BTF.
forge() {
	python3 - "$1" "$2" <<'EOT'
import sys, zlib
entry, raw = sys.argv[1], open(sys.argv[2], 'rb').read()
data = open(entry, 'rb').read()
head = data[:data.index(b'\n\n')].decode().split('\n')
out = []
for line in head:
	key = line.split(' ', 1)[0]
	if key == 'btf-size':
		line = 'btf-size %d' % len(raw)
	elif key == 'btf-crc32':
		line = 'btf-crc32 %08x' % zlib.crc32(raw)
	out.append(line)
open(entry, 'wb').write(('\n'.join(out) + '\n\n').encode() + raw)
EOT
}

# ignored WHY: the entry is ignored for WHY, and the image's own BTF is read.
ignored() {
	loaded "$img"
	grep -qF "system cache: ignoring $entry: $1" "$WORK/notes" ||
		{ cat "$WORK/notes"; fail "no note '$1'"; }
	cmp -s "$WORK/got.btf" "$WORK/image.btf" || fail "$1: the BTF read is not the image's"
	ok "ignored ($1): $(head -n 1 "$WORK/notes" | cut -c1-170)"
}

# A hook-written entry: root's, 0644, used.
"$CACHE" add "$img" | grep -qF "(new)" || fail "btfcc-cache add: not new"
"$CACHE" add "$img" | grep -qF "(unchanged)" || fail "btfcc-cache add again: not unchanged"
[ "$(stat -c '%U %a' "$entry")" = "root 644" ] || fail "entry is $(stat -c '%U %a' "$entry")"
loaded "$img"
grep -qF "system cache: BTF of $img from $entry" "$WORK/notes" || { cat "$WORK/notes"; fail "not read from the entry"; }
cmp -s "$WORK/got.btf" "$WORK/image.btf" || fail "the entry's BTF is not the image's"
ok "btfcc-cache add: entry root 644, read first, same bytes as the image's BTF"

# Forged but trusted (root's, 0644): read, proving the system cache wins.
forge "$entry" "$WORK/other.btf"
loaded "$img"
cmp -s "$WORK/got.btf" "$WORK/other.btf" || fail "a trusted entry was not what btfcc read"
ok "a root-owned entry is what btfcc reads (planted 6.12 BTF read for the 6.1 image)"

# Not root's alone: ignored, whatever it holds.
chmod 664 "$entry"; ignored "writable by group or others"
chmod 646 "$entry"; ignored "writable by group or others"
chmod 644 "$entry"; chown nobody "$entry"; ignored "not owned by root"
chown root "$entry"
chmod 775 "$sc"; ignored "its directory $sc is writable by group or others"
chmod 755 "$sc"
chown nobody "$sc"; ignored "its directory $sc is not owned by root"
chown root "$sc"

# The compiler path: btfcc's verbose note, and the build reads the image's
# BTF (the planted 6.12 BTF would fail 6.1's layout checks).
m=$WORK/mod
mkdir -p "$m"
echo "obj-m := sc_rq.o" >"$m/Makefile"
cat >"$m/sc_rq.c" <<'EOT'
#include <linux/module.h>
#include <linux/sched.h>

int f(struct rq *rq)
{
	return rq->cpu;
}
MODULE_LICENSE("GPL");
EOT
BTFCC_VERBOSE=1 kmake "$m" >"$WORK/trusted.log" 2>&1 && { cat "$WORK/trusted.log"; fail "6.12 BTF from a trusted entry compiled for 6.1"; }
grep -q "bytes in the kernel headers but.*\[btfcc\]$" "$WORK/trusted.log" || { cat "$WORK/trusted.log"; fail "no layout error from the planted BTF"; }
ok "btfcc (kbuild) reads the trusted entry: $(grep -o 'error: .*bytes in the kernel headers.*' "$WORK/trusted.log" | head -n 1 | cut -c1-120)"
chmod 666 "$entry"
BTFCC_VERBOSE=1 kmake "$m" >"$WORK/untrusted.log" 2>&1 || { cat "$WORK/untrusted.log"; fail "build with a world-writable entry"; }
grep -qF "btfcc: system cache: ignoring $entry: writable by group or others; reading $img" "$WORK/untrusted.log" ||
	{ cat "$WORK/untrusted.log"; fail "btfcc's verbose note"; }
ok "btfcc (kbuild) ignores a world-writable entry, says so, builds from the image"
rm -f "$entry"

# Identity: an entry names its image by path, size and mtime.
copy=$WORK/boot/vmlinuz-$KREL
mkdir -p "$WORK/boot"
cp -p "$img" "$copy"
"$CACHE" add "$copy" >/dev/null
forge "$entry" "$WORK/other.btf"
loaded "$copy"
cmp -s "$WORK/got.btf" "$WORK/other.btf" || fail "the copy's entry was not used"
# The entry names the copy: for the /boot image (same basename) it is another image's.
ignored "it names another image"
touch -d '-1 hour' "$copy"
loaded "$copy"
grep -qF "ignoring $entry: the image changed since (size or mtime)" "$WORK/notes" || { cat "$WORK/notes"; fail "changed image"; }
cmp -s "$WORK/got.btf" "$WORK/image.btf" || fail "changed image: the BTF read is not the image's"
ok "an entry whose image changed (touched) is ignored; the image is read"

# btfcc-cache add says when a release's BTF changed (exit 3), same bytes otherwise.
rc=0; "$CACHE" add "$copy" >/dev/null || rc=$?
[ "$rc" = 3 ] || fail "btfcc-cache add over other BTF: exit $rc, want 3"
rc=0; "$CACHE" add "$copy" >/dev/null || rc=$?
[ "$rc" = 0 ] || fail "btfcc-cache add of the same BTF: exit $rc"
ok "btfcc-cache add: exit 3 when the BTF of an image path changed, 0 when not"

# Prune: the entry of a removed image goes, the others stay.
"$CACHE" add "/boot/vmlinuz-$rel612" >/dev/null
rm "$copy"
"$CACHE" prune >"$WORK/prune.log"
grep -qF "removed $entry: its image is not installed" "$WORK/prune.log" || { cat "$WORK/prune.log"; fail "prune"; }
[ ! -e "$entry" ] && [ -e "$sc/vmlinuz-$rel612.btf" ] || fail "prune removed the wrong entries: $(ls "$sc")"
ok "btfcc-cache prune: removed the entry of a removed image, kept $rel612's"
