#!/usr/bin/env bash
# A kernel whose headers are configured before its image (Debian 6.1's
# headers do not depend on it), with a btfcc DKMS module registered
# (BTFCC_AUTOINSTALL=yes). The image's absence is simulated with an empty
# BTFCC_BOOT_DIR and no caches; the kernel, its headers and their package
# are the real ones.
#   1. `dkms build` fails with btfcc's one-line error, which says the kernel
#      has no BTF yet because its image is not installed;
#   2. dpkg configures the headers package again (dpkg --unpack of its .deb,
#      then dpkg --configure, which runs /etc/kernel/header_postinst.d: DKMS's
#      hook and btfcc's): with plain AUTOINSTALL=yes that leaves it
#      half-configured (`dpkg --audit` says so: the oracle can fail); with
#      BTFCC_AUTOINSTALL=yes it configures, says the module will be built
#      when the image arrives, and `dpkg --audit` stays clean;
#   3. the image arrives: btfcc's /etc/kernel/postinst.d hook builds and
#      installs the module;
#   4. the same release's image comes with other BTF (an entry with another
#      kernel's BTF stands for the old one): the hook rebuilds the module.
# Needs the installed package (label "package").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../harness.sh"
t_need_tools dkms python3
[ "$(id -u)" = 0 ] || t_skip "needs root (dpkg, dkms)"
btfcc=${BTFCC:-btfcc}
command -v "$btfcc" >/dev/null || t_skip "btfcc is not installed"
for f in /etc/kernel/header_postinst.d/btfcc /etc/kernel/postinst.d/btfcc; do
	[ -x "$f" ] || t_skip "$f missing: the btfcc package is not installed"
done
t_need_line rel 6.1
t_need_line rel612 6.12
headers_pkg=$(dpkg -S "/usr/src/linux-headers-$rel" 2>/dev/null | cut -d: -f1 | head -n 1)
[ -n "$headers_pkg" ] || t_skip "no package owns /usr/src/linux-headers-$rel"

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

name="btfcc-nobtf-dkms-test"
ver=1.0
src=/usr/src/$name-$ver
work=$(mktemp -d "${TMPDIR:-/tmp}/btfcc-nobtf.XXXXXX")
cleanup() {
	dkms remove -m "$name" -v "$ver" --all >/dev/null 2>&1 || true
	# Whatever happened, leave the headers configured (BTF present again).
	dpkg --configure -a >/dev/null 2>&1 || true
	rm -rf "$src" "$work"
}
cleanup
mkdir -p "$work"
trap cleanup EXIT

[ -z "$(dpkg --audit)" ] || fail "dpkg --audit is not clean before the test: $(dpkg --audit)"

mkdir -p "$src"
cp "$BTFCC_SRC_DIR/kernel-module-demo/sched_rq/"{Kbuild,*.c} "$src/"
cat >"$src/dkms.conf" <<EOF
PACKAGE_NAME="$name"
PACKAGE_VERSION="$ver"
BUILT_MODULE_NAME[0]="btfcc_demo_sched_rq"
DEST_MODULE_LOCATION[0]="/updates/dkms"
MAKE[0]="make -C \${kernel_source_dir} M=\${dkms_tree}/\${PACKAGE_NAME}/\${PACKAGE_VERSION}/build CC=$btfcc"
CLEAN="make -C \${kernel_source_dir} M=\${dkms_tree}/\${PACKAGE_NAME}/\${PACKAGE_VERSION}/build clean"
BTFCC_AUTOINSTALL=yes
EOF
dkms add -m "$name" -v "$ver" >/dev/null

# No image, no cache: the kernel has no BTF (6.1's headers carry no vmlinux).
mkdir -p "$work/boot" "$work/syscache"
noimage=(env BTFCC_BOOT_DIR="$work/boot" BTFCC_SYSTEM_CACHE_DIR= BTFCC_CACHE_DIR=)

# 1. A build by hand fails, with btfcc's one line.
"${noimage[@]}" dkms build -m "$name" -v "$ver" -k "$rel" >"$work/build.log" 2>&1 &&
	fail "dkms build succeeded without BTF"
mlog=/var/lib/dkms/$name/$ver/build/make.log
[ -f "$mlog" ] || { cat "$work/build.log"; fail "no make.log"; }
lines=$(grep -c '\[btfcc\]$' "$mlog" || true)
[ "$lines" = 1 ] || { cat "$mlog"; fail "$lines btfcc lines in make.log, want 1"; }
grep -qE "btfcc_demo_sched_rq\.c:[0-9]+:[0-9]+: error: no BTF for kernel $rel yet: its image is not installed \(tried .*\): apt-get install linux-image-$rel, or set BTFCC_BTF .* \[btfcc\]$" "$mlog" ||
	{ cat "$mlog"; fail "btfcc's no-BTF line"; }
ok "dkms build: $(grep -o 'error: no BTF[^(]*' "$mlog")(...)"

# 2. dpkg configures the headers again, as when apt installs them before the image.
deb=$(ls /var/cache/apt/archives/"${headers_pkg}_$(dpkg-query -W -f='${Version}' "$headers_pkg" | sed 's/:/%3a/')"_*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$deb" ]; then
	chown _apt "$work" 2>/dev/null || true
	(cd "$work" && apt-get download -q "$headers_pkg=$(dpkg-query -W -f='${Version}' "$headers_pkg")" >/dev/null 2>&1) || true
	deb=$(ls "$work/${headers_pkg}_"*.deb 2>/dev/null | head -n 1 || true)
fi
[ -n "$deb" ] || t_skip "no .deb of $headers_pkg in the apt cache and apt-get download failed"
# configure AUTOINSTALL_VAR: unpack and configure the headers without BTF; dpkg's status.
configure() {
	sed -i "s/^[A-Z_]*AUTOINSTALL=yes/$1=yes/" "$src/dkms.conf"
	dpkg --unpack "$deb" >"$work/unpack.log" 2>&1 || { cat "$work/unpack.log"; fail "dpkg --unpack $deb"; }
	"${noimage[@]}" dpkg --configure "$headers_pkg" >"$work/configure-$1.log" 2>&1
}
configure AUTOINSTALL && fail "plain AUTOINSTALL=yes without BTF configured (the oracle is broken)"
# The premise, that dpkg --audit sees a half-configured package: seen in
# every run but one CI run (dpkg --configure failed, --audit was empty;
# not reproduced since). Its log is kept; the checks below do not depend on it.
if dpkg --audit | grep -qF "$headers_pkg"; then
	ok "plain AUTOINSTALL=yes: $headers_pkg left half-configured ($(grep -o 'header_postinst.d/dkms exited with return code [0-9]*' "$work/configure-AUTOINSTALL.log"))"
else
	echo "note: plain AUTOINSTALL=yes failed to configure but dpkg --audit is empty:" >&2
	sed 's/^/    /' "$work/configure-AUTOINSTALL.log" >&2
fi
configure BTFCC_AUTOINSTALL || { cat "$work/configure-BTFCC_AUTOINSTALL.log"; fail "dpkg --configure $headers_pkg failed"; }
grep -qF "btfcc-dkms: $name/$ver for $rel skipped: the kernel has no BTF yet; it will be built when linux-image-$rel is installed" \
	"$work/configure-BTFCC_AUTOINSTALL.log" || { cat "$work/configure-BTFCC_AUTOINSTALL.log"; fail "no skip message"; }
audit=$(dpkg --audit)
[ -z "$audit" ] || fail "dpkg --audit: $audit"
dpkg-query -W -f='${Status}' "$headers_pkg" | grep -qx 'install ok installed' ||
	fail "$headers_pkg: $(dpkg-query -W -f='${Status}' "$headers_pkg")"
ok "BTFCC_AUTOINSTALL=yes: $headers_pkg configured, module skipped with a message, dpkg --audit clean"

# 3. The image arrives: its postinst.d hook (system cache in a test directory).
export BTFCC_SYSTEM_CACHE_DIR=$work/syscache
chmod 755 "$work" "$work/syscache"
/etc/kernel/postinst.d/btfcc "$rel" "/boot/vmlinuz-$rel" >"$work/image.log" 2>&1 ||
	{ cat "$work/image.log"; fail "the image hook failed"; }
dkms status -m "$name" -v "$ver" -k "$rel" | grep -q ': installed' ||
	{ cat "$work/image.log"; fail "not installed after the image hook"; }
ko=$(find "/lib/modules/$rel/updates/dkms" -name 'btfcc_demo_sched_rq.ko*' -print -quit)
[ -n "$ko" ] || fail "no installed module"
ok "image hook: BTF cached ($(grep -o '(new)\|(unchanged)' "$work/image.log")), $name built and installed: $ko"

# 4. Same release, other BTF: plant 6.12's BTF in the entry the hook will replace.
entry=$work/syscache/vmlinuz-$rel.btf
BTFCC_SYSTEM_CACHE_DIR= "${BTFCC_DUMP:-btfcc-dump}" -b "/boot/vmlinuz-$rel612" --save-raw "$work/other.btf" >/dev/null
python3 - "$entry" "$work/other.btf" <<'EOT'
import sys, zlib
entry, raw = sys.argv[1], open(sys.argv[2], 'rb').read()
data = open(entry, 'rb').read()
head = data[:data.index(b'\n\n')].decode().split('\n')
head = [('btf-size %d' % len(raw)) if l.startswith('btf-size ') else
	('btf-crc32 %08x' % zlib.crc32(raw)) if l.startswith('btf-crc32 ') else l for l in head]
open(entry, 'wb').write(('\n'.join(head) + '\n\n').encode() + raw)
EOT
before=$(stat -c %Y.%i "$ko")
sleep 1
/etc/kernel/postinst.d/btfcc "$rel" "/boot/vmlinuz-$rel" >"$work/update.log" 2>&1 ||
	{ cat "$work/update.log"; fail "the image hook failed on the update"; }
grep -qF "(changed)" "$work/update.log" || { cat "$work/update.log"; fail "the BTF change was not seen"; }
grep -qF "btfcc-dkms: $name/$ver for $rel: the kernel's BTF changed; rebuilding" "$work/update.log" ||
	{ cat "$work/update.log"; fail "no rebuild"; }
ko=$(find "/lib/modules/$rel/updates/dkms" -name 'btfcc_demo_sched_rq.ko*' -print -quit)
[ -n "$ko" ] && [ "$(stat -c %Y.%i "$ko")" != "$before" ] || fail "the installed module was not replaced"
dkms status -m "$name" -v "$ver" -k "$rel" | grep -q ': installed' || fail "not installed after the rebuild"
ok "same release, other BTF: the image hook rebuilt and reinstalled $name"
[ -z "$(dpkg --audit)" ] || fail "dpkg --audit: $(dpkg --audit)"
