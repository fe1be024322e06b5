# The demo modules in kernel-module-demo/, built with btfcc for one kernel
# line and booted in qemu. Sourced by test_demo_*.sh: qemu_demo_main LINE
# (one source for every line, PREEMPT_RT included: no #ifdef in the demos).

# Every check the demo modules make; each must print exactly one
# "btfcc-demo: PASS <check>" line and no module may print a FAIL line.
QEMU_DEMO_CHECKS=(
	rq_cpu rq_curr
	pde_name pde_namelen pde_mode pde_proc_ops pde_data
	xattr_ctx_layout xattr_name_size xattr_ctx_fill
	task_struct_pid
	kmem_cache_object_size kmem_cache_name kmem_cache_ctor kmem_cache_size kmem_cache_alloc
	feature_rq_task feature_answers feature_capacity feature_absent
	lh_rq_cpu lh_pde_name lh_other_pde_name lh_other_pde_data lh_other_rq_cpu
	mi_pde_name mi_mnt_ns_ops mi_mnt_ns_user_ns
	hc_rq_cpu hc_object_size
	loop_disk loop_queue loop_number
)
QEMU_DEMO_MODULES=(sched_rq proc_entry xattr_ctx task_struct_marked kmem_cache feature_tests
	local_header mid_include header_chain loop_device)

# qemu_demo_loop_ko REL OUT: the kernel's own loop.ko (loop_device's demo needs
# it loaded), uncompressed for busybox's insmod.
qemu_demo_loop_ko() {
	local f
	f=$(find "/lib/modules/$1/kernel/drivers/block" -name 'loop.ko*' | head -n 1)
	[ -n "$f" ] || { qemu_fail "no loop.ko* in /lib/modules/$1/kernel (scripts/setup.sh)"; return 1; }
	case $f in
	*.xz) xz -dc "$f" >"$2" ;;
	*.zst) zstd -qdc "$f" >"$2" ;;
	*.gz) gzip -dc "$f" >"$2" ;;
	*) cp "$f" "$2" ;;
	esac
}

# The btfcc to test: $BTFCC from ctest, else build/driver/btfcc.
qemu_demo_btfcc() {
	local b=${BTFCC:-$QEMU_SRC_DIR/build/driver/btfcc}
	# A bare name (the installed package's pass: BTFCC=btfcc) is looked up in PATH.
	command -v "$b" >/dev/null || qemu_skip "btfcc not built or installed ($b); run scripts/build.sh"
	printf '%s\n' "$b"
}

qemu_demo_main() {
	local line=$1 rel btfcc dirs=() m vmlinux layout ko
	qemu_init "demo-$line"
	rel=$(qemu_release "$line")
	btfcc=$(qemu_demo_btfcc)
	for m in "${QEMU_DEMO_MODULES[@]}"; do
		dirs+=("$QEMU_SRC_DIR/kernel-module-demo/$m")
	done

	# Build (with what btfcc imported in the log), then add xattr_ctx's ground
	# truth: its layout in the kernel's BTF as pahole reads it.
	export BTFCC_VERBOSE=1
	local kos=("$QEMU_WORK/loop.ko") out
	qemu_demo_loop_ko "$rel" "$QEMU_WORK/loop.ko" || return 1
	for m in "${dirs[@]}"; do
		qemu_log "building $(basename "$m") for $rel with CC=$btfcc"
		out=$(qemu_build_module "$rel" "$m" "$QEMU_WORK/modules/$(basename "$m")" "$btfcc") || return 1
		# What btfcc imported (BTFCC_VERBOSE=1), without the command lines.
		btfcc_import_summary <"$QEMU_WORK/modules/$(basename "$m").log" |
			sed "s|$QEMU_WORK/modules/||g" | cut -c1-200
		while IFS= read -r ko; do kos+=("$ko"); done <<<"$out"
	done
	vmlinux=$QEMU_WORK/vmlinux
	qemu_extract_vmlinux "/boot/vmlinuz-$rel" "$vmlinux"
	layout=$(qemu_pahole_layout "$vmlinux" xattr_ctx value kvalue size kname flags)
	# The feature tests' ground truth: does struct rq have the member?
	local rq has
	rq=$(pahole -F btf -C rq "$vmlinux") || { qemu_fail "pahole -C rq"; return 1; }
	has=$(for m in donor cpu_capacity_orig; do
		grep -qE "[ *]$m;" <<<"$rq" && echo 1 || echo 0
	done | paste -sd,)
	rm -f "$vmlinux"
	for ko in "${kos[@]}"; do
		case $ko in
		*/btfcc_demo_xattr_ctx.ko) printf 'expect=%s\n' "$layout" >"$ko.args" ;;
		*/btfcc_demo_feature_tests.ko) printf 'expect=%s\n' "$has" >"$ko.args" ;;
		esac
	done
	qemu_log "struct rq in BTF (pahole): donor,cpu_capacity_orig = $has"
	qemu_log "xattr_ctx in BTF (pahole): sizeof,offsets = $layout"

	qemu_make_initramfs "$QEMU_WORK/initrd.gz" "${kos[@]}"
	qemu_boot "$rel" "$QEMU_WORK/initrd.gz" "$QEMU_WORK/console.log"
	local expect=() k
	for k in "${kos[@]}"; do
		k=$(basename "$k" .ko)
		expect+=("btfcc-qemu: insmod $k ok" "btfcc-qemu: rmmod $k ok")
	done
	qemu_check "$QEMU_WORK/console.log" "btfcc-qemu: BEGIN release=$rel cpus=${QEMU_SMP:-2}" "${expect[@]}"
	qemu_check_exact "$QEMU_WORK/console.log" 'btfcc-demo: PASS ' "${QEMU_DEMO_CHECKS[@]}"
	grep 'btfcc-demo: ' "$QEMU_WORK/console.log" | sed 's/^\[ *[0-9.]*\] //'
	qemu_log "PASS: ${#QEMU_DEMO_CHECKS[@]} checks on $rel (boot ${QEMU_BOOT_SECONDS}s)"
}
