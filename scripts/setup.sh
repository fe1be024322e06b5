#!/usr/bin/env bash
# Installs everything btfcc needs on a fresh Debian 12 machine, as root.
# Idempotent, and silent when there is nothing to do.
#
# Kernels: the newest release of every line in scripts/common.sh (6.1, 6.12
# and their PREEMPT_RT flavours), through the metapackages, so a new Debian
# ABI is picked up by the next run. btfcc reads a kernel's BTF from
# /boot/vmlinuz-<release> and the qemu tests boot it, so every kernel whose
# headers are installed needs its vmlinuz. Where the headers do not depend on
# the image (the 6.1 lines) the image is unpacked with dpkg-deb instead of
# installed: installing linux-image-* regenerates a 35 MB initramfs and runs
# bootloader hooks, and all btfcc needs is /boot/vmlinuz-<release>.
# linux-headers-6.12.*-amd64 (and -rt-amd64) however *Depends* on its image
# (signed | unsigned), so apt installs that one; INITRD=No keeps the kernel
# hook from building an initramfs for it.
#
# Environment: BTFCC_SETUP_VERBOSE=1 shows apt's output.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/common.sh
source "$here/common.sh"

BUILD_PKGS=(
	build-essential cmake pkg-config gcc-12 make
	clang-14 libclang-14-dev llvm-14-dev clangd-14 libclang-rt-14-dev
	libbpf-dev libelf-dev zlib1g-dev liblzma-dev libzstd-dev liblz4-dev libcmocka-dev
	dwarves bpftool xz-utils zstd lz4 kmod cpio bc bison flex
	qemu-system-x86 busybox-static coreutils python3
	locales gcc-12-locales
	debhelper dkms sparse ccache
)

# Locales the tests build in: gcc-12-locales translates gcc's messages, and
# btfcc must not depend on their language or quotes (docs/driver.md).
TEST_LOCALES=(en_US.UTF-8 de_DE.UTF-8)

log() { printf 'setup: %s\n' "$*"; }

quiet() {
	if [ -n "${BTFCC_SETUP_VERBOSE:-}" ]; then
		"$@"
	else
		local out rc=0
		out=$("$@" 2>&1) || rc=$?
		if [ "$rc" != 0 ]; then
			printf '%s\n' "$out" | tail -n 30 >&2
		fi
		return "$rc"
	fi
}

missing_pkgs() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			printf '%s\n' "$p"
	done
}

apt_lists_present() {
	compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null
}

apt_updated=
apt_update() {
	[ -z "$apt_updated" ] || return 0
	log "apt-get update"
	quiet apt-get update -q
	apt_updated=1
}

# Run an apt command; refresh the package lists first when there are none,
# and once more and retry when it fails (stale lists: 404, unknown package).
with_apt_lists() {
	apt_lists_present || apt_update
	"$@" && return 0
	[ -z "$apt_updated" ] || return 1
	apt_update
	"$@"
}

apt_install_now() {
	# INITRD=No: /etc/kernel/postinst.d/initramfs-tools skips the initramfs.
	DEBIAN_FRONTEND=noninteractive INITRD=No \
		quiet apt-get install -y -q --no-install-recommends "$@"
}

apt_install() {
	local todo
	mapfile -t todo < <(missing_pkgs "$@")
	[ "${#todo[@]}" -gt 0 ] || return 0
	log "installing ${todo[*]}"
	with_apt_lists apt_install_now "${todo[@]}"
}

apt_download_to() {
	local dir=$1 pkg=$2
	(cd "$dir" && quiet apt-get download -q "$pkg")
}

# unpack_image RELEASE: make /boot/vmlinuz-RELEASE and the modules under
# /lib/modules/RELEASE/kernel exist by extracting them from linux-image-RELEASE
# (or its -unsigned twin) without installing it: btfcc reads private types
# of modules (loop.ko's struct loop_device) from each .ko's split BTF.
unpack_image() {
	local rel=$1 dir pkg deb
	[ -f "/boot/vmlinuz-$rel" ] && [ -d "/lib/modules/$rel/kernel" ] && return 0
	dir=$(mktemp -d)
	# apt-get download drops privileges to _apt; let it write here.
	if id _apt >/dev/null 2>&1; then
		chown _apt "$dir"
	fi
	for pkg in "linux-image-$rel" "linux-image-$rel-unsigned"; do
		log "unpacking /boot and /lib/modules of $pkg"
		if with_apt_lists apt_download_to "$dir" "$pkg"; then
			break
		fi
	done
	deb=$(find "$dir" -maxdepth 1 -name '*.deb' -print -quit)
	if [ -z "$deb" ]; then
		rm -rf "$dir"
		btfcc_die "cannot download linux-image-$rel (has the archive moved on? run apt-get update && apt-get upgrade linux-headers-amd64)"
	fi
	# Bookworm's packages still ship ./lib, not ./usr/lib; /lib may be a symlink.
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C / --keep-directory-symlink ./boot "./lib/modules/$rel/kernel"
	rm -rf "$dir"
	[ -f "/boot/vmlinuz-$rel" ] || btfcc_die "$pkg did not provide /boot/vmlinuz-$rel"
	[ -d "/lib/modules/$rel/kernel" ] || btfcc_die "$pkg did not provide /lib/modules/$rel/kernel"
}

# gen_locales: make every TEST_LOCALES locale available (locale -a).
gen_locales() {
	local loc todo=() have
	have=$(locale -a 2>/dev/null | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/')
	for loc in "${TEST_LOCALES[@]}"; do
		grep -qx "$(printf '%s' "$loc" | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/')" <<<"$have" ||
			todo+=("$loc")
	done
	[ "${#todo[@]}" -gt 0 ] || return 0
	log "generating locales ${todo[*]}"
	for loc in "${todo[@]}"; do
		sed -i "s/^# *\($loc UTF-8\)/\1/" /etc/locale.gen
		grep -q "^$loc UTF-8" /etc/locale.gen || echo "$loc UTF-8" >>/etc/locale.gen
	done
	quiet locale-gen
}

main() {
	[ "$(id -u)" = 0 ] || btfcc_die "run as root (it installs Debian packages)"
	command -v apt-get >/dev/null || btfcc_die "needs Debian (apt-get)"

	# Several scripts may run set-up at once; serialise them.
	exec 9>/var/lock/btfcc-setup.lock
	flock 9

	apt_install "${BUILD_PKGS[@]}" "${BTFCC_HEADER_METAPKGS[@]}"

	local meta rel
	for meta in "${BTFCC_HEADER_METAPKGS[@]}"; do
		rel=$(btfcc_metapkg_release "$meta") || btfcc_die "cannot resolve $meta to a kernel release"
		[ -d "/lib/modules/$rel/build" ] || btfcc_die "$meta is installed but /lib/modules/$rel/build is missing"
		unpack_image "$rel"
	done
	gen_locales
}

main "$@"
