#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# btfcc-dump on real kernels: the five private types btfcc exists for, from
# the vmlinuz of every kernel line (6.1: xz, 6.12: zstd, and their -rt
# flavours) and /sys/kernel/btf/vmlinux
# when present. The header must compile with gcc-12 and clang-14 on its own,
# and the oracle (bpftool reading the raw BTF btfcc-dump saved) must accept
# those five and every other struct/union/enum/typedef the header defines.
set -euo pipefail
. "$(dirname "$0")/../fixtures/lib.sh"
fx_need_tools "$FX_GCC" "$FX_CLANG" bpftool python3
fx_need_dump
fx_tmpdir

TYPES=('struct rq' 'struct cfs_rq' 'struct mount' 'struct proc_dir_entry' 'struct xattr_ctx')

fail=0 ran=0
# check_kernel LABEL SOURCE [TYPE...]: TYPES by default
check_kernel() {
	local label=$1 src=$2 raw=$FX_TMP/$1.btf hdr=$FX_TMP/$1.h out
	shift 2
	local types=("$@") req=() t
	((${#types[@]})) || types=("${TYPES[@]}")
	for t in "${types[@]}"; do req+=(--require "$t"); done
	ran=$((ran + 1))
	if ! "$BTFCC_DUMP" -b "$src" --save-raw "$raw" "${types[@]}" >"$hdr" 2>"$FX_TMP/err"; then
		echo "FAIL $label: btfcc-dump -b $src ${types[*]}: $(cat "$FX_TMP/err")"
		fail=1
		return
	fi
	echo "     $label: $(grep -c '^struct [a-z_0-9]* {' "$hdr") structs," \
	     "$(grep -c '^_Static_assert' "$hdr") checks in the header"
	if ! fx_syntax "$hdr"; then
		echo "FAIL $label: the header does not compile"
		keep_art "$label" "$hdr" "$raw"
		fail=1
		return
	fi
	if out=$(python3 "$FX_ORACLE" --btf "$raw" --header "$hdr" "${req[@]}" \
		 --workdir "$FX_TMP/oracle.$label"); then
		echo "ok   $label: ${out##*$'\n'}"
	else
		echo "FAIL $label: the oracle rejects the header:"
		printf '%s\n' "$out" | head -n 80 | sed 's/^/    /'
		keep_art "$label" "$hdr" "$raw"
		fail=1
	fi
}
keep_art() {
	local art=${BTFCC_BUILD_DIR:-$FX_TMP}/test-artifacts/kernel
	mkdir -p "$art"
	cp "$2" "$art/$1.h"
	cp "$3" "$art/$1.btf"
	echo "    kept: $art/$1.{h,btf}"
}

for line in "${BTFCC_KERNEL_LINES[@]}"; do
	t_need_line rel "$line"
	img=/boot/vmlinuz-$rel
	v=$(basename "$img" | sed 's/^vmlinuz-//')
	check_kernel "vmlinuz-$v" "$img"
done
if [[ -r /sys/kernel/btf/vmlinux ]]; then
	# The running kernel may be any version: ask for those of the five it has.
	have=()
	bpftool btf dump file /sys/kernel/btf/vmlinux >"$FX_TMP/sys.raw"
	for t in "${TYPES[@]}"; do
		if grep -q "^\[[0-9]*\] STRUCT '${t#struct }' " "$FX_TMP/sys.raw"; then
			have+=("$t")
		else
			echo "     sys-kernel-btf ($(uname -r)): no $t in this kernel"
		fi
	done
	if ((${#have[@]})); then
		check_kernel sys-kernel-btf /sys/kernel/btf/vmlinux "${have[@]}"
	fi
else
	echo "skip /sys/kernel/btf/vmlinux: this machine has none"
fi
((ran > 0)) || fx_skip "no kernel image with BTF here"
exit $fail
