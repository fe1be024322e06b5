#!/usr/bin/env bash
# Breaking a layout on purpose: build a module against the 6.1 headers but
# hand btfcc the 6.12 kernel's BTF (BTFCC_BTF). btfcc must stop the build -
# before anything could boot - with a message that names both releases,
# rather than compile 6.12 layouts into a 6.1 module.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/demo.sh"

qemu_init wrong-btf
rel_old=$(qemu_release 6.1.)
rel_new=$(qemu_release 6.12.)
btfcc=$(qemu_demo_btfcc)

status=0
for m in sched_rq kmem_cache; do
	out=$QEMU_WORK/$m
	qemu_log "building $m for $rel_old with BTFCC_BTF=/boot/vmlinuz-$rel_new (must fail)"
	if BTFCC_BTF=/boot/vmlinuz-$rel_new qemu_build_module "$rel_old" \
		"$QEMU_SRC_DIR/kernel-module-demo/$m" "$out" "$btfcc" >/dev/null 2>&1; then
		qemu_fail "$m: built against $rel_old with $rel_new's BTF; btfcc did not notice" || status=1
		continue
	fi
	if compgen -G "$out/*.ko" >/dev/null; then
		qemu_fail "$m: the build failed but left a .ko behind" || status=1
	fi
	# The message: from btfcc, saying that the BTF is another kernel's
	# (naming both releases, or saying so), not a compiler error cascade.
	msg=$({
		grep -E '^btfcc' "$out.log" | grep -F 'different kernel' || true
		grep -E '^btfcc' "$out.log" | grep -F -- "$rel_new" | grep -F -- "$rel_old" || true
	} | head -n 3)
	if [ -z "$msg" ]; then
		tail -n 30 "$out.log" >&2
		qemu_fail "$m: the build failed, but btfcc did not say the BTF ($rel_new) is not the tree's ($rel_old)" ||
			status=1
		continue
	fi
	qemu_log "$m: refused as expected:"
	printf '    %s\n' "$msg"
done
exit "$status"
