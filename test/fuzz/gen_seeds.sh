#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# gen_seeds.sh SRC_DIR OUT_DIR MKSEED MKBZIMAGE: the seed corpus of every
# fuzz target, into OUT_DIR/<target>/, made from the repository's C files
# and tools only (docs/fuzzing.md): no input is checked in.
#
#   raw, engine   .BTF of each test/fixtures/*.c (clang -target bpf -g, and
#                 gcc -g + pahole -J), the hostile shapes of fuzz_shapes.h
#   split         a module's split BTF over fuzz_base.h's base
#   cache         cache entries of those raw BTFs
#   elf           the fixture objects, a module object, one without .BTF
#   gzip xz zstd lz4  a module object compressed as kbuild does
#   image         boot images (mkbzimage) of each compression
#   load          all of the above
set -euo pipefail
src=$1 out=$2 mkseed=$3 mkbzimage=$4
tmp=$out/.work
rm -rf "$out"
mkdir -p "$tmp"
for t in raw engine split cache elf gzip xz zstd lz4 image load; do
	mkdir -p "$out/$t"
done

for c in "$src"/test/fixtures/*.c; do
	n=$(basename "$c" .c)
	clang-14 -target bpf -g -O0 -c -o "$tmp/$n.bpf.o" "$c"
	llvm-objcopy-14 --dump-section .BTF="$out/raw/$n.clang.btf" "$tmp/$n.bpf.o"
	gcc-12 -g -O0 -c -o "$tmp/$n.gcc.o" "$c"
	pahole -J --btf_gen_floats "$tmp/$n.gcc.o" 2>/dev/null
	llvm-objcopy-14 --dump-section .BTF="$out/raw/$n.gcc.btf" "$tmp/$n.gcc.o"
done
cp "$tmp"/*.bpf.o "$out/elf/"
"$mkseed" shapes "$out/raw"
cp "$out/raw/"* "$out/engine/"
"$mkseed" split "$out/split/mod.btf"
for b in "$out"/raw/{bitfields,anon,arrays}.clang.btf; do
	"$mkseed" cache "$b" "$out/cache/$(basename "$b" .btf).entry"
done

# A module-like object and one without .BTF, small enough to inflate fast.
clang-14 -target bpf -g -O2 -c -o "$out/elf/tiny_module.o" "$src/test/unit/btf/tiny_module.c"
clang-14 -target bpf -O2 -c -o "$out/elf/nobtf.o" "$src/test/unit/btf/tiny_module.c"
m=$out/elf/tiny_module.o
gzip -9 -n -c "$m" >"$out/gzip/m.gz"
xz --check=crc32 -c "$m" >"$out/xz/m.xz"
zstd -q -19 -c "$m" >"$out/zstd/m.zst"
lz4 -q -l -9 -c "$m" >"$out/lz4/m.lz4"
size=$(stat -c %s "$m")
for c in gzip xz zstd lz4; do
	"$mkbzimage" "$out/$c/"m.* "$size" "6.1.0-fuzz (gen@seed) #1 SMP" "$out/image/bzimage-$c"
done

cp "$out"/raw/bitfields.clang.btf "$out"/elf/* "$out"/image/* "$out/load/"
cp "$out/xz/m.xz" "$out/load/m.ko.xz"
cp "$out/zstd/m.zst" "$out/load/m.ko.zst"
rm -rf "$tmp"
