#!/usr/bin/env bash
# The main job: set up the machine, build btfcc into build/, then build every
# demo module in kernel-module-demo/ against the default kernel with
# CC=btfcc, showing what btfcc imported from the kernel's BTF.
#
#   bash scripts/build.sh              # default kernel (linux-headers-amd64)
#   BTFCC_DEMO_RELEASE=$(scripts/kernel-release 6.12) bash scripts/build.sh
#
# The modules are built in copies under build/kernel-module-demo/<release>/
# so the source tree stays clean. To boot them in qemu and see their checks:
#   bash test/qemu/test_demo_6_1.sh   (or test_demo_6_12.sh)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/common.sh
source "$root/scripts/common.sh"

build_btfcc() {
	local bdir=$1
	cmake -S "$root" -B "$bdir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build "$bdir" -j2
}

build_demos() {
	local btfcc=$1 rel=$2 kdir out d name failed=0
	kdir=/lib/modules/$rel/build
	[ -d "$kdir" ] || btfcc_die "no kernel tree at $kdir"
	out=$root/build/kernel-module-demo/$rel
	rm -rf "$out"
	mkdir -p "$out"
	for d in "$root"/kernel-module-demo/*/; do
		[ -f "$d/Kbuild" ] || [ -f "$d/Makefile" ] || continue
		name=$(basename "$d")
		printf '\n== %s (%s)\n' "$name" "$rel"
		cp -a "$d" "$out/$name"
		if BTFCC_VERBOSE=1 make -C "$kdir" M="$out/$name" CC="$btfcc" -j2 modules \
			>"$out/$name.log" 2>&1 </dev/null; then
			btfcc_import_summary <"$out/$name.log" | sed "s|$out/||g"
			printf '== %s: ' "$name"
			(cd "$out/$name" && ls -- *.ko)
		else
			tail -n 40 "$out/$name.log"
			printf '== %s: FAILED (log: %s)\n' "$name" "$out/$name.log"
			failed=$((failed + 1))
		fi
	done
	[ "$failed" = 0 ] || btfcc_die "$failed demo module(s) failed to build"
}

main() {
	bash "$root/scripts/setup.sh"
	build_btfcc "$root/build"
	local rel=${BTFCC_DEMO_RELEASE:-}
	[ -n "$rel" ] || rel=$(btfcc_default_release) ||
		btfcc_die "cannot resolve linux-headers-amd64 to a kernel release"
	build_demos "$root/build/driver/btfcc" "$rel"
	printf '\nbuild.sh: btfcc in %s, demo modules for %s in %s\n' \
		"$root/build/driver" "$rel" "$root/build/kernel-module-demo/$rel"
}

main "$@"
