#!/usr/bin/env bash
# Breaking a layout on purpose: build a module against the 6.1 headers but
# hand btfcc the 6.12 kernel's BTF (BTFCC_BTF). btfcc must stop the build -
# before anything could boot - with a message that names both releases,
# rather than compile 6.12 layouts into a 6.1 module.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/demo.sh"

qemu_init wrong-btf
rel_old=$(qemu_release 6.1)
rel_new=$(qemu_release 6.12)
btfcc=$(qemu_demo_btfcc)

# wrong_btf TREE_RELEASE BTF_RELEASE MODULE: the build must fail with a
# btfcc message saying the BTF is another kernel's.
wrong_btf() {
	local rel_old=$1 rel_new=$2 m=$3 out msg
	out=$QEMU_WORK/$m-for-$rel_old
	qemu_log "building $m for $rel_old with BTFCC_BTF=/boot/vmlinuz-$rel_new (must fail)"
	if BTFCC_BTF=/boot/vmlinuz-$rel_new qemu_build_module "$rel_old" \
		"$QEMU_SRC_DIR/kernel-module-demo/$m" "$out" "$btfcc" >/dev/null 2>&1; then
		qemu_fail "$m: built against $rel_old with $rel_new's BTF; btfcc did not notice"
		return 1
	fi
	if compgen -G "$out/*.ko" >/dev/null; then
		qemu_fail "$m: the build failed but left a .ko behind"
		return 1
	fi
	# The message: from btfcc, saying that the BTF is another kernel's
	# (naming both releases, or saying so), not a compiler error cascade.
	msg=$({
		grep -E ': error: .* \[btfcc\]$' "$out.log" | grep -F 'different kernel' || true
		grep -E ': error: .* \[btfcc\]$' "$out.log" | grep -F -- "$rel_new" |
			grep -F -- "$rel_old" || true
	} | head -n 3)
	if [ -z "$msg" ]; then
		tail -n 30 "$out.log" >&2
		qemu_fail "$m: the build failed, but btfcc did not say the BTF ($rel_new) is not the tree's ($rel_old)"
		return 1
	fi
	qemu_log "$m: refused as expected:"
	printf '    %s\n' "$msg" | cut -c1-400
}

status=0
# sched_rq: struct rq differs between the two kernels, so even a layout check
# sees it. kmem_cache: struct kmem_cache happens to have the same layout in
# both, so only a check of the BTF's release against the tree's can refuse it.
wrong_btf "$rel_old" "$rel_new" sched_rq || status=1
wrong_btf "$rel_old" "$rel_new" kmem_cache || status=1
wrong_btf "$rel_new" "$rel_old" sched_rq || status=1
exit "$status"
