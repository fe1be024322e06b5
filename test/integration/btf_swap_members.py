# SPDX-License-Identifier: GPL-2.0-only
"""btf_swap_members.py IN OUT STRUCT A B: raw BTF with members A and B of
struct STRUCT trading places (name and type swap, offsets stay).

A kernel image of the same release with another private layout, made from
the real one: the tests that need "the BTF changed" (ccache must miss, the
module must read the new layout) use it, and read the expected layout from
the result with bpftool, not from this script. A and B must have the same
size and alignment (two pointers) for the result to be a valid layout.
"""
import struct
import sys

# Bytes after the 12-byte btf_type, by kind: fixed, and per vlen entry.
EXTRA = {1: (4, 0), 2: (0, 0), 3: (12, 0), 4: (0, 12), 5: (0, 12), 6: (0, 8),
         7: (0, 0), 8: (0, 0), 9: (0, 0), 10: (0, 0), 11: (0, 0), 12: (0, 0),
         13: (0, 8), 14: (4, 0), 15: (0, 12), 16: (0, 0), 17: (4, 0),
         18: (0, 0), 19: (0, 12)}


def name_at(data, strs, off):
    end = data.index(b"\0", strs + off)
    return data[strs + off:end].decode()


def main(src, dst, sname, a, b):
    data = bytearray(open(src, "rb").read())
    magic, _ver, _flags, hdr_len, type_off, type_len, str_off, _str_len = \
        struct.unpack_from("<HBBIIIII", data, 0)
    if magic != 0xEB9F:
        sys.exit(f"{src}: not raw BTF")
    pos, end = hdr_len + type_off, hdr_len + type_off + type_len
    strs = hdr_len + str_off
    while pos < end:
        name_off, info, _size = struct.unpack_from("<III", data, pos)
        kind, vlen = (info >> 24) & 0x1F, info & 0xFFFF
        fixed, per = EXTRA[kind]
        members = pos + 12
        if kind == 4 and name_at(data, strs, name_off) == sname:
            slots = {}
            for i in range(vlen):
                m = members + 12 * i
                slots[name_at(data, strs, struct.unpack_from("<I", data, m)[0])] = m
            ma, mb = slots[a], slots[b]
            da, db = bytes(data[ma:ma + 8]), bytes(data[mb:mb + 8])
            data[ma:ma + 8], data[mb:mb + 8] = db, da
            open(dst, "wb").write(data)
            return
        pos = members + fixed + per * vlen
    sys.exit(f"{src}: no struct {sname}")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
