#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Builds the inputs of test_btf_load*: see README.md next to this script.
#   gen_fixtures.sh SRCDIR OUTDIR MKBZIMAGE
set -euo pipefail
src=$1 out=$2 mk=$3
mkdir -p "$out"
cd "$out"

# The "vmlinux": an ELF with .BTF. And one without (no -g).
clang-14 -target bpf -g -O2 -c "$src/tiny_kernel.c" -o tiny.o
clang-14 -target bpf -O2 -c "$src/tiny_kernel.c" -o nobtf.o
clang-14 -target bpf -g -O2 -c "$src/tiny_module.c" -o tiny_module.o
llvm-objcopy-14 --dump-section .BTF=tiny.btf tiny.o
size=$(stat -c %s tiny.o)

# Compressed the way kbuild compresses vmlinux.bin for each CONFIG_KERNEL_*.
gzip -n -9 -c tiny.o >tiny.gz
lz4 -q -l -9 -c tiny.o >tiny.lz4
xz --check=crc32 -c tiny.o >tiny.xz
zstd -q -19 -c tiny.o >tiny.zst
bzip2 -9 -c tiny.o >tiny.bz2
gzip -n -c nobtf.o >nobtf.gz
echo "just text, no ELF" | gzip -n -c >text.gz

ver="6.1.0-test (gen@fixture) #1 SMP PREEMPT_DYNAMIC"
for c in gz lz4 xz zst bz2; do
	"$mk" tiny.$c "$size" "$ver" bzimage-$c
done
"$mk" nobtf.gz "$(stat -c %s nobtf.o)" "$ver" bzimage-nobtf
"$mk" text.gz 18 "$ver" bzimage-text

# A whole-file compressed ELF, like Debian's .ko.xz modules.
cp tiny.xz tiny.o.xz
touch stamp
