#!/usr/bin/env bash
# The installed package (docs/distribution.md): every file where the table
# says, the programs answer --help, btfcc --btfcc-version is the package's
# version while --version stays gcc's (kbuild compares it with the tree's
# compiler), the installed btfcc finds its helper in /usr/libexec/btfcc and
# imports with a bare CC=btfcc, the package's postinst cached the BTF of
# every installed image in /var/cache/btfcc, root's alone, and the postrm.d
# hook prunes the entry of a removed image.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../harness.sh"
dpkg-query -W -f='${Status}' btfcc 2>/dev/null | grep -qx 'install ok installed' ||
	t_skip "the btfcc package is not installed (scripts/build-deb.sh; apt-get install ./build-deb/btfcc_*.deb)"
t_need_line rel 6.1
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

for f in /usr/bin/btfcc /usr/bin/btfcc-dump /usr/bin/btfcc-compdb /usr/bin/btfcc-cache \
	/usr/libexec/btfcc/btfcc-import /usr/libexec/btfcc/btfcc-dkms \
	/etc/kernel/postinst.d/btfcc /etc/kernel/header_postinst.d/btfcc /etc/kernel/postrm.d/btfcc; do
	[ -x "$f" ] || fail "$f is not an installed executable"
	dpkg -S "$f" | grep -q '^btfcc:' || fail "$f does not belong to the btfcc package"
done
for p in btfcc btfcc-dump btfcc-compdb btfcc-cache; do
	[ -f "/usr/share/man/man1/$p.1.gz" ] || fail "no man page for $p"
done
ok "programs, helpers, hooks and man pages in place"

ver=$(dpkg-query -W -f='${Version}' btfcc)
[ "$(btfcc --btfcc-version)" = "btfcc $ver" ] || fail "btfcc --btfcc-version: $(btfcc --btfcc-version), package $ver"
[ "$(btfcc --version | head -n 1)" = "$(gcc --version | head -n 1)" ] || fail "btfcc --version is not gcc's"
btfcc --btfcc-help | grep -q -- '--btfcc-print-btf' || fail "btfcc --btfcc-help"
for p in btfcc-dump btfcc-compdb btfcc-cache; do
	"$p" --help | grep -q "^usage: $p" || fail "$p --help"
done
ok "btfcc --btfcc-version = btfcc $ver; --version = $(btfcc --version | head -n 1); --help for each"

[ "$(stat -c '%U %a' /var/cache/btfcc)" = "root 755" ] || fail "/var/cache/btfcc is $(stat -c '%U %a' /var/cache/btfcc)"
for img in /boot/vmlinuz-*; do
	e=/var/cache/btfcc/$(basename "$img").btf
	[ -f "$e" ] || fail "no system cache entry for $img"
	[ "$(stat -c '%U %a' "$e")" = "root 644" ] || fail "$e is $(stat -c '%U %a' "$e")"
	btfcc-dump -v -b "$img" --save-raw /dev/null 2>&1 >/dev/null | grep -qF "system cache: BTF of $img from $e" ||
		fail "the entry of $img is not used"
done
ok "every /boot image's BTF is in /var/cache/btfcc (root 644) and used"

# A bare CC=btfcc compile that imports: the helper is found in libexec.
work=$(mktemp -d "${TMPDIR:-/tmp}/btfcc-pkg.XXXXXX")
trap 'rm -rf "$work"' EXIT
printf 'obj-m := pkg_rq.o\n' >"$work/Makefile"
cat >"$work/pkg_rq.c" <<'EOF'
#include <linux/module.h>
#include <linux/sched.h>

int f(struct rq *rq)
{
	return rq->cpu;
}
MODULE_LICENSE("GPL");
EOF
(cd "$work" && env -u BTFCC_IMPORT BTFCC_VERBOSE=1 make -C "/lib/modules/$rel/build" M="$work" CC=btfcc modules) \
	>"$work/log" 2>&1 || { cat "$work/log"; fail "bare CC=btfcc build"; }
# btfcc-import is in no PATH directory: an import proves libexec was found.
! command -v btfcc-import >/dev/null || fail "btfcc-import is in PATH: $(command -v btfcc-import)"
grep -q "need struct rq" "$work/log" || { cat "$work/log"; fail "no import"; }
grep -qF "system cache: BTF of /boot/vmlinuz-$rel from /var/cache/btfcc/vmlinuz-$rel.btf" "$work/log" ||
	{ cat "$work/log"; fail "the build did not read the system cache"; }
ok "make CC=btfcc: btfcc-import from /usr/libexec/btfcc, BTF from /var/cache/btfcc"

# The kernel's postrm.d hook (a test cache directory): a removed image's entry goes.
sc=$work/syscache
mkdir -m 755 "$sc" "$work/boot"
chmod 755 "$work"
cp -p "/boot/vmlinuz-$rel" "$work/boot/"
BTFCC_SYSTEM_CACHE_DIR=$sc btfcc-cache add "$work/boot/vmlinuz-$rel" >/dev/null
[ -f "$sc/vmlinuz-$rel.btf" ] || fail "no entry to prune"
rm "$work/boot/vmlinuz-$rel"
BTFCC_SYSTEM_CACHE_DIR=$sc /etc/kernel/postrm.d/btfcc "$rel" "$work/boot/vmlinuz-$rel" >"$work/postrm.log" 2>&1 ||
	fail "postrm.d hook failed"
[ ! -e "$sc/vmlinuz-$rel.btf" ] || { cat "$work/postrm.log"; fail "the postrm.d hook left the entry of a removed image"; }
ok "postrm.d hook: $(cat "$work/postrm.log")"
