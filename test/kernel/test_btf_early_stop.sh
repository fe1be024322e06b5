#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# btfcc stops inflating a boot image at the end of .BTF (plugin/btf/elf_prefix.c:
# the notes' end from the program headers, then the BTF header's lengths).
# The oracle inflates the whole payload with the xz/zstd command-line tools,
# takes .BTF out of that vmlinux with objcopy (its section headers) and
# must find the same bytes; bpftool must read both alike. Every kernel line.
set -euo pipefail
. "$(dirname "$0")/../fixtures/lib.sh"
fx_need_tools bpftool objcopy python3 xz zstd
fx_need_dump
fx_tmpdir

# payload IMAGE OUT: the compressed kernel of a bzImage (boot protocol:
# setup_sects at 0x1f1, payload_offset/payload_length at 0x248/0x24c).
payload() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
img = open(sys.argv[1], "rb").read()
setup = (img[0x1f1] or 4) + 1
off, length = struct.unpack_from("<II", img, 0x248)
start = setup * 512 + off
open(sys.argv[2], "wb").write(img[start:start + length])
PY
}

fail=0
for line in "${BTFCC_KERNEL_LINES[@]}"; do
	t_need_line rel "$line"
	img=/boot/vmlinuz-$rel
	d=$FX_TMP/$line
	mkdir -p "$d"
	BTFCC_CACHE_DIR= BTFCC_SYSTEM_CACHE_DIR= "$BTFCC_DUMP" -b "$img" --save-raw "$d/early.btf" 'struct list_head' >/dev/null
	payload "$img" "$d/payload"
	case $(head -c 4 "$d/payload" | od -An -tx1 | tr -d ' ') in
	fd377a58) xz -dc <"$d/payload" >"$d/vmlinux" 2>/dev/null || true ;;
	28b52ffd) zstd -dc <"$d/payload" >"$d/vmlinux" 2>/dev/null || true ;;
	*) fx_die "$line: payload of $img is neither xz nor zstd" ;;
	esac
	objcopy -O binary --only-section=.BTF "$d/vmlinux" "$d/full.btf"
	full=$(stat -c %s "$d/vmlinux")
	if cmp -s "$d/early.btf" "$d/full.btf" &&
		cmp -s <(bpftool btf dump file "$d/early.btf") <(bpftool btf dump file "$d/vmlinux"); then
		# How far the early stop reads: where .BTF ends in the vmlinux.
		end=$(readelf -SW "$d/vmlinux" | python3 -c '
import re, sys
for l in sys.stdin:
    m = re.search(r"\] \.BTF +\S+ +[0-9a-f]+ ([0-9a-f]+) ([0-9a-f]+)", l)
    if m:
        print(int(m.group(1), 16) + int(m.group(2), 16))')
		echo "ok   $line ($rel): .BTF ($(stat -c %s "$d/full.btf") bytes) identical;" \
		     "it ends at $((end * 100 / full)) % of the $((full >> 20)) MiB vmlinux"
	else
		echo "FAIL $line ($rel): btfcc's .BTF differs from objcopy's"
		fail=1
	fi
	rm -f "$d/vmlinux" "$d/payload"
done
exit $fail
