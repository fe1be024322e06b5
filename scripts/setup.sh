#!/usr/bin/env bash
# Installs everything btfcc needs on a fresh Debian 12 machine, as root.
# Idempotent and quiet when already done.
#
# Kernel images are unpacked with dpkg-deb instead of installed: installing
# linux-image-* regenerates an initramfs and runs bootloader hooks for
# minutes, and all btfcc needs from the package is /boot/vmlinuz-<release>.
set -euo pipefail

BUILD_PKGS="build-essential cmake pkg-config gcc-12 clang-14 libclang-14-dev llvm-14-dev
	libbpf-dev libelf-dev zlib1g-dev liblzma-dev libzstd-dev liblz4-dev libcmocka-dev
	dwarves bpftool xz-utils zstd lz4 kmod cpio bc bison flex clangd-14
	qemu-system-x86 busybox-static"
HEADER_PKGS="linux-headers-amd64 linux-headers-6.12-amd64"
IMAGE_PKGS="linux-image-amd64 linux-image-6.12-amd64"

log() { printf 'setup: %s\n' "$*"; }

missing_pkgs() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			printf '%s\n' "$p"
	done
}

apt_install() {
	local todo
	todo=$(missing_pkgs "$@")
	[ -z "$todo" ] && return 0
	log "installing: $(echo $todo)"
	if [ ! -f /var/lib/apt/lists/lock ] || [ -z "$(ls /var/lib/apt/lists/*Packages* 2>/dev/null)" ] ||
		[ -n "${BTFCC_APT_UPDATE:-1}" ]; then
		apt-get update -qq
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $todo >/dev/null
}

# The metapackage linux-image-amd64 only depends on the versioned image;
# resolve it to the real package name, then unpack that package's /boot.
unpack_image() {
	local meta=$1 real ver deb dir
	real=$(apt-cache depends "$meta" 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
	[ -n "$real" ] || { echo "setup: cannot resolve $meta to an image package" >&2; return 1; }
	ver=${real#linux-image-}
	ver=${ver%-unsigned}
	if [ -f "/boot/vmlinuz-$ver" ]; then
		return 0
	fi
	log "unpacking $real into /boot"
	dir=$(mktemp -d)
	(cd "$dir" && apt-get download -qq "$real" >/dev/null)
	deb=$(ls "$dir"/*.deb)
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C / ./boot
	rm -rf "$dir"
	[ -f "/boot/vmlinuz-$ver" ] || { echo "setup: $real did not provide /boot/vmlinuz-$ver" >&2; return 1; }
}

main() {
	[ "$(id -u)" = 0 ] || { echo "setup: run as root (apt-get install)" >&2; exit 1; }
	apt_install $BUILD_PKGS $HEADER_PKGS
	for m in $IMAGE_PKGS; do
		unpack_image "$m"
	done
}

main "$@"
