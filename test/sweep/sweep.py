#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The import sweep (issue 5): every named struct/union of a kernel's BTF that
the public headers (test/sweep/headers.h) leave undefined is imported through
btfcc in a real kbuild module build, and its size and every member offset are
checked with _Static_assert against bpftool's raw dump of the same BTF.

  sweep.py --kernel 6.1 [--full | --sample N --seed S] [--types T...] ...

Exit status: 0 when every type tried was proven or refused for an explained
reason with btfcc's message (EXPLAINED; --strict: proven), 1 when some
failed, 2 on a set-up error, 77 when a prerequisite is missing (bpftool, the
kernel tree or image).
"""
import argparse
import concurrent.futures as cf
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import btfraw  # noqa: E402
import kernels  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REAL_CC = "gcc-12"
SKIP = 77


# Refusals that are right: btfcc cannot do better, and says so. A refusal of
# a subject is explained when its message matches and the predicate holds.
EXPLAINED = [
    (re.compile(r"is ambiguous: BTF has \d+ different shapes"),
     lambda s: s.hint is None,
     "BTF has several layouts of the name and no member only one of them has"),
]


def explained(s, detail):
    return any(rx.search(detail) and pred(s) for rx, pred, _ in EXPLAINED)


def die(msg, code=2):
    print(f"sweep: {msg}", file=sys.stderr)
    sys.exit(code)


def log(msg):
    print(f"sweep: {msg}", file=sys.stderr, flush=True)


def run(cmd, timeout, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace", timeout=timeout, **kw)


# ---------------------------------------------------------------- oracle ----

def load_btf(args, work):
    """Raw BTF via btfcc-dump --save-raw, then bpftool's raw dump of it."""
    raw = os.path.join(work, "vmlinux.btf")
    txt = os.path.join(work, "vmlinux.btf.txt")
    if not os.path.exists(txt):
        r = run([args.btfcc_dump, "-b", args.image, "--save-raw", raw, "struct list_head"], 300)
        if r.returncode:
            die(f"btfcc-dump --save-raw failed:\n{r.stdout}")
        r = subprocess.run(["bpftool", "btf", "dump", "file", raw], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=300)
        if r.returncode:
            die(f"bpftool btf dump failed: {r.stderr}")
        with open(txt + ".tmp", "w") as f:
            f.write(r.stdout)
        os.rename(txt + ".tmp", txt)
    with open(txt) as f:
        return btfraw.parse(f.read())


def kbuild(tree, mdir, target, cc, timeout, env=None):
    return run(["make", "-C", tree, f"M={mdir}", f"CC={cc}", target], timeout,
               env=env)


def write_module(mdir, name, body):
    os.makedirs(mdir, exist_ok=True)
    shutil.copy(os.path.join(HERE, "headers.h"), os.path.join(mdir, "headers.h"))
    with open(os.path.join(mdir, "Kbuild"), "w") as f:
        f.write(f"obj-m := {name}.o\n")
    with open(os.path.join(mdir, name + ".c"), "w") as f:
        f.write(body)


def saved_cmd(mdir, name):
    """The compiler command kbuild recorded for name.o (cmd_ in 6.1, savedcmd_ in 6.12)."""
    with open(os.path.join(mdir, f".{name}.o.cmd")) as f:
        first = f.readline()
    cmd = first.split(":=", 1)[1].strip()
    return cmd.split(" ; ")[0].split(";")[0].strip()


def probe_headers(args, work, recs):
    """Which records the headers define, and which identifiers are macros.

    One plain gcc-12 kbuild build of headers.h plus `sizeof(struct X)` for
    every BTF record name: a record the headers leave incomplete (or never
    name) is an error on its own line. The macros come from the same
    command with -E -dM."""
    cache = os.path.join(work, "headers-v2.json")
    if os.path.exists(cache):
        with open(cache) as f:
            d = json.load(f)
        return set(tuple(x) for x in d["defined"]), set(d["macros"])
    keys = sorted(recs)
    lines = ['#include "headers.h"', 'MODULE_LICENSE("GPL");']
    first = len(lines) + 1
    for i, (kind, name) in enumerate(keys):
        if kind == "TYPEDEF":
            # a type name (not a function or variable), and complete
            lines.append(f"typedef {name} btfcc_probe_t{i}; "
                         f"extern char btfcc_probe_{i}[sizeof(btfcc_probe_t{i})];")
        else:
            tag = "struct" if kind == "STRUCT" else "union"
            lines.append(f"extern char btfcc_probe_{i}[sizeof({tag} {name})];")
    mdir = os.path.join(work, "probe")
    write_module(mdir, "probe", "\n".join(lines) + "\n")
    r = kbuild(args.tree, mdir, "probe.o", REAL_CC, 600)
    bad = set()
    for m in re.finditer(r"probe\.c:(\d+):\d+: error:", r.stdout):
        ln = int(m.group(1))
        if ln < first:
            die(f"the public headers do not compile with {REAL_CC}:\n{r.stdout[-4000:]}")
        bad.add(ln - first)
    if r.returncode == 0 and bad:
        die("probe: errors but success?")
    if r.returncode and not bad:
        die(f"probe build failed:\n{r.stdout[-4000:]}")
    defined = set(keys[i] for i in range(len(keys)) if i not in bad)
    # macros: the recorded command with -E -dM instead of -c -o
    cmd = saved_cmd(mdir, "probe") if os.path.exists(os.path.join(mdir, ".probe.o.cmd")) else None
    if cmd is None:
        # the failed build left no .cmd: rebuild the headers alone
        write_module(mdir, "probe", '#include "headers.h"\nMODULE_LICENSE("GPL");\n')
        r2 = kbuild(args.tree, mdir, "probe.o", REAL_CC, 600)
        if r2.returncode:
            die(f"headers.h does not build:\n{r2.stdout[-4000:]}")
        cmd = saved_cmd(mdir, "probe")
    cmd = re.sub(r"-Wp,-MMD,\S+", "", cmd)
    cmd = re.sub(r"-c -o \S+", "-E -dM", cmd)
    r3 = subprocess.run(cmd, shell=True, cwd=args.tree, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True, timeout=300)
    if r3.returncode:
        die(f"gcc -E -dM failed: {r3.stderr[-2000:]}")
    macros = set(re.findall(r"^#define ([A-Za-z_]\w*)", r3.stdout, re.M))
    with open(cache, "w") as f:
        json.dump({"defined": sorted(defined), "macros": sorted(macros)}, f)
    return defined, macros


# ------------------------------------------------------------- subjects ----

class Subject:
    """One (kind, name) to import, with the layout every BTF type of that name
    agrees on. A name with several layouts in BTF is swept once per layout,
    with a use of a member only that layout has (btfcc's hint to pick it),
    or, when no member tells it apart, alone (btfcc must refuse it)."""

    def __init__(self, kind, name, shape, bid=None, hint=None):
        self.kind, self.name = kind, name
        self.shape = shape      # (kind, size, ((member, off), ...))
        self.bid, self.hint = bid, hint

    @property
    def c(self):
        return {"STRUCT": "struct ", "UNION": "union ", "TYPEDEF": ""}[self.kind] + self.name

    def key(self):
        k = f"{self.kind.lower()} {self.name}"
        return f"{k} [{self.bid}]" if self.bid is not None else k


def subjects_of(types, recs, defined, macros, which="private"):
    out = []
    for key in sorted(recs):
        if (key in defined) != (which == "defined"):
            continue
        shapes, ids = [], []
        for t in recs[key]:
            s = btfraw.shape(types, t)
            if s not in shapes:
                shapes.append(s)
                ids.append(t.id)
        if len(shapes) == 1:
            out.append(Subject(key[0], key[1], shapes[0]))
            continue
        for i, shp in enumerate(shapes):
            others = set()
            for j, o in enumerate(shapes):
                if j != i:
                    others.update(m for m, _ in o[2])
            unique = [m for m, _ in shp[2] if m not in others and m not in macros]
            out.append(Subject(key[0], key[1], shp, ids[i], unique[0] if unique else None))
    return out


# ---------------------------------------------------------- generation ----

def generate(batch, macros):
    """The module source for a batch and, per line, the subject it checks."""
    lines = ["/* generated by test/sweep/sweep.py */", '#include "headers.h"',
             'MODULE_LICENSE("GPL");', ""]
    owner = {}
    for i, s in enumerate(batch):
        lines.append(f"static {s.c} *btfcc_sweep_{i} __attribute__((unused)); //BTF_INCLUDE")
        owner[len(lines)] = s
        if s.hint:
            # a member only this BTF layout of the name has: btfcc's hint
            lines.append(f"static __attribute__((unused)) void *btfcc_sweep_hint_{i}({s.c} *p) "
                         f"{{ return &p->{s.hint}; }}")
            owner[len(lines)] = s
    lines.append("")
    # The checks follow the imports: names the headers #define would be
    # expanded in them, so those macros are dropped here (nothing follows).
    names = set()
    for s in batch:
        names.add(s.name)
        names.update(m for m, _ in s.shape[2])
    for n in sorted(names & macros):
        lines.append(f"#undef {n}")
    for s in batch:
        tag = s.key()
        _, size, mems = s.shape
        lines.append(f'_Static_assert(sizeof({s.c}) == {size}, "btfcc-sweep: {tag}: size");')
        owner[len(lines)] = s
        for m, off in mems:
            lines.append(f"_Static_assert(__builtin_offsetof({s.c}, {m}) == {off}, "
                         f'"btfcc-sweep: {tag}: {m}");')
            owner[len(lines)] = s
    return "\n".join(lines) + "\n", owner


# ------------------------------------------------------------- building ----

ERR_RE = re.compile(r"^(\S+?):(\d+):(\d+): (?:fatal )?error: (.*)$", re.M)
WARN_RE = re.compile(r"^\S+:(\d+):\d+: warning: (.*)$", re.M)
DEF_RE = re.compile(r"^((?:struct|union|enum) [A-Za-z_]\w*|typedef .*)")
# btfcc's own errors: "file:line:col: error: ... [btfcc]", or "btfcc: error: ..."
BTFCC_RE = re.compile(r"^(?:btfcc: error: .*|\S+: error: .* \[btfcc\])$", re.M)
BTFCC_AT_RE = re.compile(r"^(\S+?\.c):(\d+):\d+: error: (.*) \[btfcc\]$", re.M)


class Builder:
    def __init__(self, args, work, macros):
        self.args, self.work, self.macros = args, work, macros
        self.n = 0
        self.lock = threading.Lock()
        self.builds = 0
        self.warnings = {}  # message -> {definition, ...}
        self.env = dict(os.environ)
        self.env["BTFCC_BTF"] = args.image

    def build(self, batch):
        """Build one batch; returns (ok, output, owner-by-line)."""
        with self.lock:
            self.n += 1
            n = self.n
            self.builds += 1
        name = f"b{n:05d}"
        mdir = os.path.join(self.work, "mod", name)
        src, owner = generate(batch, self.macros)
        write_module(mdir, name, src)
        try:
            r = kbuild(self.args.tree, mdir, f"{name}.o", self.args.btfcc, self.args.timeout,
                       env=self.env)
            out, ok = r.stdout, r.returncode == 0
        except subprocess.TimeoutExpired:
            out, ok = f"timeout after {self.args.timeout}s", False
        self.header_warnings(mdir, name, out)
        if ok and not self.args.keep:
            shutil.rmtree(mdir, ignore_errors=True)
        return ok, out, owner, f"{name}.c", mdir

    def header_warnings(self, mdir, name, out):
        """gcc's warnings about btfcc's generated header, by the definition
        they are in (a passing build can still have them)."""
        hdr = os.path.join(mdir, f".tmp_{name}.btfcc.h")
        hits = [(int(m.group(1)), m.group(2)) for m in WARN_RE.finditer(out)
                if m.group(0).find(f".tmp_{name}.btfcc.h") >= 0]
        if not hits or not os.path.exists(hdr):
            return
        with open(hdr, errors="replace") as f:
            text = f.read().splitlines()
        for ln, msg in hits:
            where = "?"
            for i in range(min(ln, len(text)) - 1, -1, -1):
                d = DEF_RE.match(text[i])
                if d:
                    where = d.group(1)
                    break
            with self.lock:
                self.warnings.setdefault(msg, set()).add(where)


def first_error(out):
    """The first line that explains a failed build, without the paths."""
    m = BTFCC_RE.search(out)
    e = ERR_RE.search(out)
    if m and (not e or m.start() < e.start()):
        return m.group(0)
    if e:
        return f"{os.path.basename(e.group(1))}:{e.group(2)}: error: {e.group(4)}"
    for line in out.splitlines():
        if "error" in line.lower() or "timeout" in line:
            return line.strip()
    return out.strip().splitlines()[-1] if out.strip() else "(no output)"


class Sweep:
    def __init__(self, args, work, macros):
        self.b = Builder(args, work, macros)
        self.results = {}   # key -> (status, detail)
        self.lock = threading.Lock()
        self.pool = cf.ThreadPoolExecutor(max_workers=args.jobs)
        self.pending = []
        self.plock = threading.Lock()

    def submit(self, batch):
        fut = self.pool.submit(self.process, batch)
        with self.plock:
            self.pending.append(fut)

    def record(self, s, status, detail):
        with self.lock:
            self.results[s.key()] = (status, detail)

    def process(self, batch):
        ok, out, owner, fname, mdir = self.b.build(batch)
        if ok:
            for s in batch:
                self.record(s, "proven", "")
            return
        # errors on a check line of the batch's own file belong to that subject
        blamed = {}     # key -> (subject, status, first error)
        for m in BTFCC_AT_RE.finditer(out):
            if os.path.basename(m.group(1)) == fname and int(m.group(2)) in owner:
                s = owner[int(m.group(2))]
                blamed.setdefault(s.key(), (s, "refused", m.group(3)))
        for m in ERR_RE.finditer(out):
            if os.path.basename(m.group(1)) == fname and int(m.group(2)) in owner:
                s = owner[int(m.group(2))]
                blamed.setdefault(s.key(), (s, "failed", m.group(4)))
        if len(batch) == 1:
            s = batch[0]
            if s.key() in blamed:
                _, status, detail = blamed[s.key()]
            else:
                status, detail = "failed", first_error(out)
            self.record(s, status, detail)
            self.keep_log(mdir, out)
            return
        shutil.rmtree(mdir, ignore_errors=True)
        if blamed and len(blamed) < len(batch):
            for s, status, detail in blamed.values():
                self.record(s, status, detail)
            rest = [s for s in batch if s.key() not in blamed]
            self.submit(rest)
            return
        half = len(batch) // 2
        self.submit(batch[:half])
        self.submit(batch[half:])

    def keep_log(self, mdir, out):
        with open(os.path.join(mdir, "build.log"), "w") as f:
            f.write(out)

    def run(self, subjects, batch_size):
        # One name is defined once per file: the layouts of an ambiguous
        # name go to different batches (round r holds every name's r-th).
        plain = [s for s in subjects if s.bid is None]
        rounds = {}
        for s in subjects:
            if s.bid is not None:
                r = sum(1 for rs in rounds.values() for o in rs if o.c == s.c)
                rounds.setdefault(r, []).append(s)
        for group in [plain] + [rounds[r] for r in sorted(rounds)]:
            for i in range(0, len(group), batch_size):
                self.submit(group[i:i + batch_size])
        while True:
            with self.plock:
                todo = [f for f in self.pending if not f.done()]
                done = [f for f in self.pending if f.done()]
                self.pending = todo
            for f in done:
                f.result()  # re-raise
            if not todo:
                with self.plock:
                    if not self.pending:
                        break
                continue
            cf.wait(todo, return_when=cf.FIRST_COMPLETED)
        self.pool.shutdown()


# --------------------------------------------------------------- report ----

def normalize(detail):
    """A cause: the first error with names and numbers taken out."""
    d = re.sub(r"^\S*\.c:\d+:\d+: error: ", "btfcc: ", detail)
    d = re.sub(r"'[^']*'", "'X'", d)
    d = re.sub(r"\b(struct|union|enum) [A-Za-z_]\w*", r"\1 X", d)
    d = re.sub(r"\.tmp_b\d+\.", ".tmp_bN.", d)
    d = re.sub(r"\b\d+\b", "N", d)
    d = re.sub(r"btfcc-sweep: [^\"]*", "btfcc-sweep: ...", d)
    return d[:200]


def natural_align(types, tid):
    """The alignment gcc gives a type without attributes (x86-64)."""
    t = btfraw.strip_mods(types, tid)
    while t is not None and t.kind in ("TYPEDEF", "ARRAY"):
        t = btfraw.strip_mods(types, t.type_id)
    if t is None:
        return 1
    if t.kind in ("INT", "ENUM", "ENUM64", "FLOAT", "PTR"):
        return min(t.size or 8, 16) if t.kind != "PTR" else 8
    if t.kind in ("STRUCT", "UNION"):
        return max([natural_align(types, m[1]) for m in t.members] or [1])
    return 1


def hard_cases(types, recs, subjects, macros):
    """How many subjects have each of the shapes that are hard to import."""
    counts = {}

    def add(what, s):
        counts.setdefault(what, set()).add(s.key())

    for s in subjects:
        ts = [t for t in recs[(s.kind, s.name)] if s.bid is None or t.id == s.bid]
        if s.bid is not None:
            add("name with several BTF layouts", s)
        if s.name in macros:
            add("record name is a macro of the headers", s)
        if any(m in macros for m, _ in s.shape[2]):
            add("member name is a macro of the headers", s)
        for t in ts:
            if t.members:
                last = btfraw.strip_mods(types, t.members[-1][1])
                if last is not None and last.kind == "ARRAY" and last.nr_elems == 0:
                    add("flexible/zero-length array last", s)
            stack = [t]
            while stack:
                r = stack.pop()
                for name, tid, bits, bsize in r.members:
                    sub = btfraw.strip_mods(types, tid)
                    if bsize:
                        add("bitfields", s)
                        if bits % 8:
                            add("bitfield not at a byte boundary", s)
                        continue
                    if name is None and sub is not None and sub.kind in ("STRUCT", "UNION"):
                        add("anonymous struct/union member", s)
                        stack.append(sub)
                    if bits % (8 * natural_align(types, tid)):
                        add("member below its natural alignment (packed)", s)
            if t.size and t.size % natural_align(types, t.id):
                add("size not a multiple of the natural alignment (packed)", s)
    return {k: len(v) for k, v in sorted(counts.items())}


def report(args, subjects, n_defined, n_records, results, elapsed, builds, warnings,
           hard=None):
    by = {"proven": [], "failed": [], "refused": []}
    for s in subjects:
        st, detail = results.get(s.key(), ("failed", "not built (internal error)"))
        by[st].append((s, detail))
    out = []
    out.append(f"# btfcc import sweep: {args.kernel} ({args.release})")
    out.append("")
    out.append(f"- BTF: {args.image}; oracle: bpftool {args.bpftool_version} raw dump")
    out.append(f"- named structs/unions, and typedefs of anonymous ones, in BTF: {n_records} "
               f"({n_defined} defined by test/sweep/headers.h)")
    out.append(f"- swept: {'the rest (imported)' if args.set == 'private' else 'the ones the headers define (marked: checked, not imported)'}")
    mode = ("full" if args.full else "named on the command line" if args.types else
            f"sample of {len(subjects)}, seed {args.seed}")
    out.append(f"- types tried: {len(subjects)} ({mode})")
    verb = "imported" if args.set == "private" else "marked, checked by btfcc"
    out.append(f"- {verb}, with the layout proven: {len(by['proven'])}")
    n_expl = sum(1 for s, d in by["refused"] if explained(s, d))
    out.append(f"- refused by btfcc with a message: {len(by['refused'])} "
               f"({n_expl} explained: {EXPLAINED[0][2]})")
    out.append(f"- failed: {len(by['failed'])}")
    out.append(f"- builds: {builds}; run time: {elapsed:.0f} s (jobs {args.jobs}, "
               f"batch {args.batch})")
    if hard:
        out.append("")
        out.append("## hard cases among the types tried (each type counted once per case)")
        out.append("")
        for k, v in hard.items():
            out.append(f"- {k}: {v}")
    for st in ("failed", "refused"):
        if not by[st]:
            continue
        groups = {}
        for s, detail in by[st]:
            groups.setdefault(normalize(detail), []).append((s, detail))
        out.append("")
        out.append(f"## {st}: {len(by[st])}, by first error")
        for cause, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            out.append("")
            out.append(f"### {len(items)} x `{cause}`")
            for s, detail in items[:args.examples]:
                why = ""
                if st == "refused":
                    why = " (explained)" if explained(s, detail) else " (NOT explained)"
                hint = f" [hint: ->{s.hint}]" if s.hint else ""
                out.append(f"- `{s.key()}`{hint}{why}: {detail}")
            if len(items) > args.examples:
                out.append(f"- ... and {len(items) - args.examples} more: " +
                           ", ".join(s.key() for s, _ in items[args.examples:]))
    if warnings:
        out.append("")
        out.append(f"## gcc warnings in btfcc's generated headers: {len(warnings)} kinds")
        for msg, where in sorted(warnings.items()):
            w = sorted(where)
            out.append(f"- `{msg}` in {len(w)} definition(s): " + ", ".join(w[:args.examples]) +
                       (" ..." if len(w) > args.examples else ""))
    return "\n".join(out) + "\n", by


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", default="6.1", choices=kernels.LINES)
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--full", action="store_true", help="every subject")
    g.add_argument("--sample", type=int, default=500, help="this many subjects (default 500)")
    g.add_argument("--types", nargs="+", help="just these: 'struct foo', 'union bar'")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--set", choices=("private", "defined"), default="private",
                    help="private: what the headers leave undefined (imported); defined: what "
                         "they define (marked, so btfcc checks it against BTF)")
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=600, help="per build, seconds")
    ap.add_argument("--strict", action="store_true",
                    help="count every refusal as a failure, explained or not")
    ap.add_argument("--btfcc", default=os.environ.get("BTFCC"))
    ap.add_argument("--btfcc-dump", default=os.environ.get("BTFCC_DUMP"))
    ap.add_argument("--work", help="work directory (default: a temporary one, removed)")
    ap.add_argument("--keep", action="store_true", help="keep passing batches' module dirs")
    ap.add_argument("--report", help="write the report here too")
    ap.add_argument("--json", help="write per-type results here")
    ap.add_argument("--examples", type=int, default=8)
    ap.add_argument("--corrupt", nargs="+", default=[],
                    help="expect a wrong size and first offset for these (self-test)")
    args = ap.parse_args()

    args.release, why = kernels.release(args.kernel)
    if not args.release:
        die(f"skip: {why}", SKIP)
    args.tree = f"/lib/modules/{args.release}/build"
    args.image = f"/boot/vmlinuz-{args.release}"
    for what, path in (("btfcc", args.btfcc), ("btfcc-dump", args.btfcc_dump)):
        if not path or not os.access(path, os.X_OK):
            die(f"{what} not found (--{what} or ${what.upper().replace('-', '_')})", 2)
    for path in (args.tree, args.image):
        if not os.path.exists(path):
            die(f"skip: {path} missing", SKIP)
    for tool in ("bpftool", REAL_CC, "make"):
        if not shutil.which(tool):
            die(f"skip: {tool} not installed", SKIP)
    args.bpftool_version = subprocess.run(["bpftool", "version"], stdout=subprocess.PIPE,
                                          text=True).stdout.split("\n")[0].split()[-1]

    t0 = time.time()
    tmp = None
    if args.work:
        work = os.path.abspath(args.work)
        os.makedirs(work, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="btfcc-sweep-")
        work = tmp
    try:
        # per-kernel oracle and header probe, reusable between runs in --work
        kwork = os.path.join(work, args.kernel)
        os.makedirs(kwork, exist_ok=True)
        shutil.rmtree(os.path.join(kwork, "mod"), ignore_errors=True)
        types = load_btf(args, kwork)
        recs = btfraw.records(types, typedefs=True)
        defined, macros = probe_headers(args, kwork, recs)
        subjects = subjects_of(types, recs, defined, macros, args.set)
        log(f"{args.kernel}: {len(recs)} named structs/unions, {len(defined)} defined by "
            f"the headers, {len(subjects)} subjects ({time.time() - t0:.0f} s)")
        if args.types:
            want = set(args.types)
            subjects = [s for s in subjects if s.key() in want or s.name in want]
            missing = want - set(s.key() for s in subjects) - set(s.name for s in subjects)
            if missing:
                die(f"not subjects (unknown, or defined by the headers): {sorted(missing)}")
        elif not args.full:
            rng = random.Random(args.seed)
            subjects = sorted(rng.sample(subjects, min(args.sample, len(subjects))),
                              key=lambda s: s.key())
        for sub in subjects:
            if sub.key() in args.corrupt:
                # the sweep's own check: a wrong expected layout must fail
                k, size, mems = sub.shape
                sub.shape = (k, size + 8, tuple((m, o + 1) for m, o in mems[:1]) + mems[1:])
        sw = Sweep(args, kwork, macros)
        sw.run(subjects, args.batch)
        text, by = report(args, subjects, len(defined), len(recs), sw.results,
                          time.time() - t0, sw.b.builds, sw.b.warnings,
                          hard_cases(types, recs, subjects, macros))
        print(text, end="")
        if args.report:
            with open(args.report, "w") as f:
                f.write(text)
        if args.json:
            with open(args.json, "w") as f:
                json.dump({k: list(v) for k, v in sorted(sw.results.items())}, f, indent=0)
        unexplained = [s for s, d in by["refused"] if not explained(s, d)]
        bad = len(by["failed"]) + (len(by["refused"]) if args.strict else len(unexplained))
        return 1 if bad else 0
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    # a timeout's SIGTERM still removes the temporary directories
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())
