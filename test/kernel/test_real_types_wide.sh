#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A wider real-kernel closure than test_real_types.sh: big, bitfield-heavy,
# cacheline-aligned kernel structs, from the vmlinuz of every kernel line. Same
# checks: the header alone compiles (gcc-12, clang-14) and the oracle accepts
# every type it defines.
set -euo pipefail
. "$(dirname "$0")/../fixtures/lib.sh"
fx_need_tools "$FX_GCC" "$FX_CLANG" bpftool python3
fx_need_dump
fx_tmpdir

TYPES=('struct task_struct' 'struct sk_buff' 'struct inode' 'struct page' 'struct kmem_cache'
       'struct super_block' 'struct net_device' 'struct file' 'struct mm_struct')
req=()
for t in "${TYPES[@]}"; do req+=(--require "$t"); done
fail=0 ran=0
for line in "${BTFCC_KERNEL_LINES[@]}"; do
	t_need_line rel "$line"
	img=/boot/vmlinuz-$rel
	ran=$((ran + 1))
	label=$(basename "$img")
	raw=$FX_TMP/$label.btf hdr=$FX_TMP/$label.h
	if ! "$BTFCC_DUMP" -b "$img" --save-raw "$raw" "${TYPES[@]}" >"$hdr" 2>"$FX_TMP/err"; then
		echo "FAIL $label: btfcc-dump: $(cat "$FX_TMP/err")"; fail=1; continue
	fi
	echo "     $label: $(grep -c '^struct [a-z_0-9]* {' "$hdr") structs in the header"
	if ! fx_syntax "$hdr"; then
		echo "FAIL $label: the header does not compile"
	elif out=$(python3 "$FX_ORACLE" --btf "$raw" --header "$hdr" "${req[@]}" \
		   --workdir "$FX_TMP/oracle.$label"); then
		echo "ok   $label: ${out##*$'\n'}"
		continue
	else
		echo "FAIL $label: the oracle rejects the header:"
		printf '%s\n' "$out" | head -n 80 | sed 's/^/    /'
	fi
	fail=1
	art=${BTFCC_BUILD_DIR:-$FX_TMP}/test-artifacts/kernel
	mkdir -p "$art" && cp "$hdr" "$art/wide.$label.h" && cp "$raw" "$art/wide.$label.btf"
	echo "    kept: $art/wide.$label.{h,btf}"
done
((ran > 0)) || fx_skip "no kernel image with BTF here"
exit $fail
