# SPDX-License-Identifier: GPL-2.0-only
"""Parse `bpftool btf dump file RAW` (raw format): the sweep's oracle.

Sizes and member bit offsets come from bpftool's text only, never from btfcc.
"""
import re

_TYPE = re.compile(r"^\[(\d+)\] ([A-Z0-9_]+) '([^']*)'(.*)$")
_MEMBER = re.compile(r"^\t'([^']*)' type_id=(\d+) bits_offset=(\d+)(?: bitfield_size=(\d+))?")
_KV = re.compile(r"(\w+)=([^\s,]+)")

MODIFIERS = ("CONST", "VOLATILE", "RESTRICT", "TYPE_TAG")


class Type:
    __slots__ = ("id", "kind", "name", "size", "type_id", "nr_elems", "members")

    def __init__(self, tid, kind, name, attrs):
        self.id = tid
        self.kind = kind
        self.name = None if name == "(anon)" else name
        self.size = int(attrs["size"]) if "size" in attrs else None
        self.type_id = int(attrs["type_id"]) if "type_id" in attrs else None
        self.nr_elems = int(attrs["nr_elems"]) if "nr_elems" in attrs else None
        self.members = []   # (name or None, type_id, bits_offset, bitfield_size)


def parse(text):
    """Return {id: Type} for every type in a raw bpftool dump."""
    types = {}
    cur = None
    for line in text.splitlines():
        m = _TYPE.match(line)
        if m:
            attrs = dict(_KV.findall(m.group(4)))
            cur = Type(int(m.group(1)), m.group(2), m.group(3), attrs)
            types[cur.id] = cur
            continue
        if cur is not None and cur.kind in ("STRUCT", "UNION"):
            mm = _MEMBER.match(line)
            if mm:
                name = mm.group(1)
                cur.members.append((None if name == "(anon)" else name, int(mm.group(2)),
                                    int(mm.group(3)), int(mm.group(4) or 0)))
    return types


def strip_mods(types, tid):
    while tid in types and types[tid].kind in MODIFIERS:
        tid = types[tid].type_id
    return types.get(tid)


def offsets(types, t, base=0, prefix_anon=False):
    """[(member name, byte offset)] for every named non-bitfield member of
    record t, descending into anonymous struct/union members."""
    out = []
    for name, tid, bits, bsize in t.members:
        if name is None:
            sub = strip_mods(types, tid)
            if sub is not None and sub.kind in ("STRUCT", "UNION") and sub.name is None:
                out.extend(offsets(types, sub, base + bits))
            continue
        if bsize or bits % 8:
            continue
        out.append((name, (base + bits) // 8))
    return out


def shape(types, t):
    """Everything the sweep asserts about t, comparable between BTF ids."""
    return (t.kind, t.size, tuple(offsets(types, t)))


def records(types, typedefs=False):
    """{(kind, name): [Type, ...]} of every named STRUCT/UNION; with typedefs,
    also ("TYPEDEF", name): [the anonymous STRUCT/UNION it names, ...]."""
    out = {}
    for t in types.values():
        if t.kind in ("STRUCT", "UNION") and t.name:
            out.setdefault((t.kind, t.name), []).append(t)
        elif typedefs and t.kind == "TYPEDEF" and t.name:
            target = strip_mods(types, t.type_id)
            if target is not None and target.kind in ("STRUCT", "UNION") and not target.name:
                out.setdefault(("TYPEDEF", t.name), []).append(target)
    return out
