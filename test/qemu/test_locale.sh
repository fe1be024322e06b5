#!/usr/bin/env bash
# A module that uses a private struct in every position that needs its
# definition, with no marker, built with btfcc under LANG=C, C.UTF-8,
# en_US.UTF-8 and de_DE.UTF-8 (gcc-12-locales: German messages with »«
# quotes) for the newest 6.1 kernel, and each build loaded in qemu: every
# build's checks PASS against pahole's reading of the kernel's BTF.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/demo.sh"

LOCALES=(C C.UTF-8 en_US.UTF-8 de_DE.UTF-8)
CHECKS=(layout array member cast compound_literal)

qemu_init locale
rel=$(qemu_release 6.1)
btfcc=$(qemu_demo_btfcc)
have=$(locale -a | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/')

vmlinux=$QEMU_WORK/vmlinux
qemu_extract_vmlinux "/boot/vmlinuz-$rel" "$vmlinux"
layout=$(qemu_pahole_layout "$vmlinux" xattr_ctx size flags)
rm -f "$vmlinux"
qemu_log "xattr_ctx in BTF (pahole): sizeof,size,flags = $layout"

kos=() expect=()
for loc in "${LOCALES[@]}"; do
	grep -qx "$(printf '%s' "$loc" | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/')" <<<"$have" ||
		qemu_skip "locale $loc is not generated (scripts/setup.sh)"
	name=btfcc_locale_$(printf '%s' "$loc" | tr -c 'A-Za-z0-9\n' '_')
	src=$QEMU_WORK/src/$name
	mkdir -p "$src"
	cp "$_qemu_lib_dir/locale/btfcc_locale.c" "$src/$name.c"
	echo "obj-m := $name.o" >"$src/Kbuild"
	qemu_log "building $name for $rel with LANG=$loc CC=$btfcc"
	ko=$(LANG=$loc qemu_build_module "$rel" "$src" "$QEMU_WORK/modules/$name" "$btfcc")
	printf 'expect=%s\n' "$layout" >"$ko.args"
	kos+=("$ko")
	for c in "${CHECKS[@]}"; do expect+=("${name}_$c"); done
done

qemu_make_initramfs "$QEMU_WORK/initrd.gz" "${kos[@]}"
qemu_boot "$rel" "$QEMU_WORK/initrd.gz" "$QEMU_WORK/console.log"
loaded=()
for ko in "${kos[@]}"; do
	loaded+=("btfcc-qemu: insmod $(basename "$ko" .ko) ok")
done
qemu_check "$QEMU_WORK/console.log" "btfcc-qemu: BEGIN release=$rel cpus=${QEMU_SMP:-2}" "${loaded[@]}"
qemu_check_exact "$QEMU_WORK/console.log" 'btfcc-locale: PASS ' "${expect[@]}"
qemu_log "PASS: ${#expect[@]} checks, ${#LOCALES[@]} locales, on $rel (boot ${QEMU_BOOT_SECONDS}s)"
