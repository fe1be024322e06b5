#!/usr/bin/env bash
# Two demos (sched_rq, proc_entry) registered as one DKMS module with the
# dkms.conf docs/distribution.md gives (CC=btfcc on MAKE[0]), then `dkms
# build` and `dkms install` for the newest 6.1 and 6.12 releases; the .ko
# files DKMS installed under /lib/modules/<rel>/updates/dkms are booted in
# qemu, where they check themselves against the running kernel. Needs the
# installed package (label "package"); removes its DKMS module on exit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../qemu/lib.sh"
t_need_tools dkms xz
[ "$(id -u)" = 0 ] || t_skip "needs root (dkms install)"
btfcc=${BTFCC:-btfcc}
command -v "$btfcc" >/dev/null || t_skip "btfcc is not installed"

name="btfcc-demo-dkms-test"
ver=1.0
src=/usr/src/$name-$ver
cleanup() {
	dkms remove -m "$name" -v "$ver" --all >/dev/null 2>&1 || true
	rm -rf "$src"
}
cleanup
trap cleanup EXIT

qemu_init dkms-demo
rel61=$(qemu_release 6.1)
rel612=$(qemu_release 6.12)
mods=(sched_rq proc_entry)
checks=(rq_cpu rq_curr pde_name pde_namelen pde_mode pde_proc_ops pde_data)

mkdir -p "$src"
: >"$src/Kbuild"
for m in "${mods[@]}"; do
	cp "$QEMU_SRC_DIR/kernel-module-demo/$m/"*.c "$src/"
	cat "$QEMU_SRC_DIR/kernel-module-demo/$m/Kbuild" >>"$src/Kbuild"
done
# As docs/distribution.md writes it; CC is the installed btfcc.
{
	echo "PACKAGE_NAME=\"$name\""
	echo "PACKAGE_VERSION=\"$ver\""
	i=0
	for m in "${mods[@]}"; do
		echo "BUILT_MODULE_NAME[$i]=\"btfcc_demo_$m\""
		echo "DEST_MODULE_LOCATION[$i]=\"/updates/dkms\""
		i=$((i + 1))
	done
	cat <<EOF
MAKE[0]="make -C \${kernel_source_dir} M=\${dkms_tree}/\${PACKAGE_NAME}/\${PACKAGE_VERSION}/build CC=$btfcc"
CLEAN="make -C \${kernel_source_dir} M=\${dkms_tree}/\${PACKAGE_NAME}/\${PACKAGE_VERSION}/build clean"
BTFCC_AUTOINSTALL=yes
EOF
} >"$src/dkms.conf"

dkms add -m "$name" -v "$ver" >"$QEMU_WORK/add.log" 2>&1 || { cat "$QEMU_WORK/add.log"; qemu_fail "dkms add"; }
for rel in "$rel61" "$rel612"; do
	qemu_log "dkms build + install $name/$ver for $rel"
	log=$QEMU_WORK/dkms-$rel.log
	if ! { dkms build -m "$name" -v "$ver" -k "$rel" && dkms install -m "$name" -v "$ver" -k "$rel"; } >"$log" 2>&1; then
		cat "$log"
		cat "/var/lib/dkms/$name/$ver/build/make.log" 2>/dev/null || true
		qemu_fail "dkms build/install for $rel"
	fi
	dkms status -m "$name" -v "$ver" -k "$rel" | grep -q ': installed' ||
		qemu_fail "dkms status for $rel: $(dkms status -m "$name" -v "$ver" -k "$rel")"
	# The make.log DKMS kept shows btfcc was the compiler and imported.
	mlog=/var/lib/dkms/$name/$ver/$rel/x86_64/log/make.log
	grep -q "CC=$btfcc" "$mlog" || grep -q "CC=$btfcc" "$log" || qemu_fail "the DKMS build did not use CC=$btfcc"

	# The installed modules, as modprobe would load them.
	kos=()
	for m in "${mods[@]}"; do
		inst=$(find "/lib/modules/$rel/updates/dkms" -name "btfcc_demo_$m.ko*" -print -quit)
		[ -n "$inst" ] || qemu_fail "dkms installed no btfcc_demo_$m for $rel"
		ko=$QEMU_WORK/$rel/btfcc_demo_$m.ko
		mkdir -p "$(dirname "$ko")"
		case $inst in
		*.ko.xz) xz -dc "$inst" >"$ko" ;;
		*.ko) cp "$inst" "$ko" ;;
		*) qemu_fail "unexpected module file $inst" ;;
		esac
		vermagic=$(modinfo -F vermagic "$ko")
		case $vermagic in "$rel "*) ;; *) qemu_fail "$inst: vermagic '$vermagic'" ;; esac
		kos+=("$ko")
		qemu_log "installed: $inst"
	done
	qemu_make_initramfs "$QEMU_WORK/$rel/initrd.gz" "${kos[@]}"
	qemu_boot "$rel" "$QEMU_WORK/$rel/initrd.gz" "$QEMU_WORK/$rel/console.log"
	expect=()
	for m in "${mods[@]}"; do
		expect+=("btfcc-qemu: insmod btfcc_demo_$m ok" "btfcc-qemu: rmmod btfcc_demo_$m ok")
	done
	qemu_check "$QEMU_WORK/$rel/console.log" "btfcc-qemu: BEGIN release=$rel" "${expect[@]}"
	qemu_check_exact "$QEMU_WORK/$rel/console.log" 'btfcc-demo: PASS ' "${checks[@]}"
	qemu_log "PASS: DKMS-installed modules on $rel: ${#checks[@]} checks (boot ${QEMU_BOOT_SECONDS}s)"
done
