#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""btfcc's cost against plain gcc-12 (bench/run.sh; docs/bench.md).

Each compile runs the exact command kbuild recorded for the translation unit
(cwd: the kernel tree), once with gcc-12 and once with btfcc in its place;
the median of --reps runs is compared. Peak RSS comes from wait4()'s rusage
(the largest of the process and the children it waited for).
"""
import argparse
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import re
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "..", "test", "sweep"))
import btfraw  # noqa: E402
import kernels  # noqa: E402

TIME = "/usr/bin/time"  # Debian package "time"

TU_NOTHING = """#include <linux/module.h>
#include <linux/sched.h>
#include <linux/fs.h>
MODULE_LICENSE("GPL");
int bench_pid(void);
int bench_pid(void) { return current->pid; }
"""

# The case: struct cfs_rq and struct rq (kernel/sched/sched.h)
# reached through public types, no marker: plain gcc-12 cannot compile it.
TU_RQ = """#include <linux/module.h>
#include <linux/sched.h>
#include <linux/fs.h>
MODULE_LICENSE("GPL");
int bench_cpu(void);
int bench_cpu(void) { return current->se.cfs_rq->rq->cpu; }
"""


def timed(cmd, cwd=None, env=None, stdout=subprocess.DEVNULL):
    """(wall seconds, peak RSS KiB, CPU seconds) of one run.

    Peak RSS is what /usr/bin/time reports (%M): the largest of the command
    and the children it waited for. It cannot come from our own wait4():
    Linux starts a child's maximum at its parent's RSS at fork, and this
    Python process holds the parsed BTF."""
    with tempfile.NamedTemporaryFile(mode="r", suffix=".rss") as rss:
        t0 = time.perf_counter()
        p = subprocess.Popen([TIME, "-f", "%M", "-o", rss.name] + cmd, cwd=cwd, env=env,
                             stdout=stdout, stderr=subprocess.PIPE)
        err = p.stderr.read()
        _, status, ru = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        if code:
            sys.stderr.write(f"bench: {' '.join(cmd[:3])} ... failed ({code}):\n"
                             f"{err.decode(errors='replace')[-3000:]}\n")
            sys.exit(1)
        maxrss = int(rss.read().split()[-1])
    return dt, maxrss, ru.ru_utime + ru.ru_stime


def median_of(reps, fn):
    """(median wall s, max peak RSS KiB, median CPU s)"""
    runs = [fn() for _ in range(reps)]
    return (statistics.median(r[0] for r in runs), max(r[1] for r in runs),
            statistics.median(r[2] for r in runs))


def paired_median_of(reps, fa, fb):
    """median_of for two commands run in turns, so that a change in the
    machine's load between them does not show as a ratio."""
    ra, rb = [], []
    for _ in range(reps):
        ra.append(fa())
        rb.append(fb())
    return tuple((statistics.median(r[0] for r in rs), max(r[1] for r in rs),
                  statistics.median(r[2] for r in rs)) for rs in (ra, rb))


def write_module(mdir, sources):
    """A kbuild directory with one module per source (name -> text)."""
    os.makedirs(mdir, exist_ok=True)
    for name, text in sources.items():
        with open(os.path.join(mdir, name + ".c"), "w") as f:
            f.write(text)
    with open(os.path.join(mdir, "Kbuild"), "w") as f:
        f.write("".join(f"obj-m += {n}.o\n" for n in sources))


def kbuild(tree, mdir, cc, env=None, jobs=1, target=None):
    cmd = ["make", "-C", tree, f"M={mdir}", f"CC={cc}", f"-j{jobs}"] + ([target] if target else [])
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=600, env=env)
    if r.returncode:
        sys.exit(f"bench: kbuild in {mdir} with {cc} failed:\n{r.stdout[-3000:]}")


def kbuild_cmd(tree, mdir, name, cc, env=None):
    """The compile command kbuild records for name.c, built once with cc."""
    kbuild(tree, mdir, cc, env=env, target=f"{name}.o")
    with open(os.path.join(mdir, f".{name}.o.cmd")) as f:
        line = f.readline()
    cmd = line.split(":=", 1)[1].split(";")[0].strip()
    return shlex.split(cmd)


def hand_copy(mdir, hdir, name, log):
    """name.c as a user writes it today: btfcc's generated header copied in
    by hand (hand_NAME.h) at btfcc's injection line, its feature answers
    first."""
    m = re.search(rf"generated header \S+, injected before \S*/{re.escape(name)}\.c:(\d+)", log)
    with open(os.path.join(mdir, name + ".c")) as f:
        lines = f.readlines()
    os.makedirs(hdir, exist_ok=True)
    head = []
    for gen, inc in ((f".tmp_{name}.btfcc-features.h", f"hand_{name}_features.h"),
                     (f".tmp_{name}.btfcc.h", f"hand_{name}.h")):
        if os.path.exists(os.path.join(mdir, gen)):
            shutil.copy(os.path.join(mdir, gen), os.path.join(hdir, inc))
    if os.path.exists(os.path.join(hdir, f"hand_{name}_features.h")):
        head.append(f'#include "hand_{name}_features.h"\n')
    if m:
        n = int(m.group(1)) - 1
        lines[n:n] = [f'#include "hand_{name}.h"\n']
    with open(os.path.join(hdir, name + ".c"), "w") as f:
        f.writelines(head + lines)


def forget_imports(mdir):
    """What makes the next compile a first build: no generated header to reuse."""
    for f in os.listdir(mdir):
        if f.startswith(".tmp_") and ".btfcc" in f:
            os.unlink(os.path.join(mdir, f))


def syscache_has(image):
    """Has the Debian package's kernel hook cached this image's BTF?"""
    d = "/var/cache/btfcc"
    return os.path.isdir(d) and any(f.startswith(os.path.basename(image)) for f in os.listdir(d))


def forget_prefixes(env):
    """What makes a scan parse every header: no prefix PCH (docs/driver.md)."""
    shutil.rmtree(os.path.join(env["BTFCC_CACHE_DIR"], "prefix"), ignore_errors=True)


def bench_line(args, line):
    """The rows of one kernel line: (what, base, btfcc) with base and btfcc
    (wall s, peak RSS KiB, CPU s)."""
    rel, why = kernels.release(line)
    if not rel:
        sys.exit(f"bench: {why}")
    tree, image = f"/lib/modules/{rel}/build", f"/boot/vmlinuz-{rel}"
    for p in (args.btfcc, args.btfcc_dump, tree, image, TIME):
        if not p or not os.path.exists(p):
            sys.exit(f"bench: missing {p}")

    work = tempfile.mkdtemp(prefix="btfcc-bench-")
    rows = []
    try:
        env = dict(os.environ)
        env["BTFCC_BTF"] = image
        env.pop("BTFCC_VERBOSE", None)

        def cache_env(mode):
            e = dict(env)
            if mode in ("cold", "syscache"):
                # A new user cache; "cold" also without the package's system cache.
                e["BTFCC_CACHE_DIR"] = tempfile.mkdtemp(dir=work, prefix="cache-")
                if mode == "cold":
                    e["BTFCC_SYSTEM_CACHE_DIR"] = ""
            else:
                e["BTFCC_CACHE_DIR"] = os.path.join(work, "warm-cache")
                os.makedirs(e["BTFCC_CACHE_DIR"], exist_ok=True)
            return e

        def compile_rows(label, src, modes):
            """Rows for one file: btfcc against gcc-12 on the hand copy."""
            mdir, hdir = os.path.join(work, label), os.path.join(work, label + "-hand")
            write_module(mdir, {label: src})
            e = cache_env("warm")
            e["BTFCC_VERBOSE"] = "1"
            r = subprocess.run(["make", "-C", tree, f"M={mdir}", f"CC={args.btfcc}", f"{label}.o"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=e, timeout=600)
            if r.returncode:
                sys.exit(f"bench: btfcc build of {label}.c failed:\n{r.stdout[-3000:]}")
            hand_copy(mdir, hdir, label, r.stdout)
            with open(os.path.join(mdir, f".{label}.o.cmd")) as f:
                cmd = shlex.split(f.readline().split(":=", 1)[1].split(";")[0].strip())
            base = ["gcc-12"] + [a.replace(mdir, hdir) for a in cmd[1:]]
            gcc = median_of(args.reps, lambda: timed(base, cwd=tree))
            for mode, what in modes:
                def one():
                    e = cache_env(mode if mode in ("cold", "syscache") else "warm")
                    if mode != "rebuild":
                        forget_imports(mdir)
                    if mode == "warm-nopch":
                        forget_prefixes(e)
                    r = timed([args.btfcc] + cmd[1:], cwd=tree, env=e)
                    if mode in ("cold", "syscache"):
                        shutil.rmtree(e["BTFCC_CACHE_DIR"])
                    return r
                rows.append((what, gcc, median_of(args.reps, one)))

        compile_rows("nothing", TU_NOTHING, [("warm", "compile, imports nothing")])
        compile_rows("rq", TU_RQ, [
            ("rebuild", "compile, imports struct rq, rebuild (header reused)"),
            ("warm", "compile, imports struct rq, first build, BTF cache warm, prefix PCH cached"),
            ("warm-nopch", "compile, imports struct rq, first build, BTF cache warm, no prefix PCH"),
            ("cold", "compile, imports struct rq, first build, all caches cold")] +
            ([("syscache", "compile, imports struct rq, first build, only the system cache")]
             if syscache_has(image) else []))

        # Five one-file demos as one kbuild directory, make -j2 from clean.
        demos = {}
        root = os.path.join(SRC, "kernel-module-demo")
        for d in sorted(os.listdir(root)):
            files = os.listdir(os.path.join(root, d)) if os.path.isdir(os.path.join(root, d)) else []
            cs = [f for f in files if f.endswith(".c")]
            if len(cs) == 1 and not any(f.endswith(".h") for f in files) and len(demos) < 5:
                with open(os.path.join(root, d, cs[0])) as fh:
                    demos[cs[0][:-2]] = fh.read()
        mdir, hdir = os.path.join(work, "demos"), os.path.join(work, "demos-hand")
        write_module(mdir, demos)
        e = cache_env("warm")
        e["BTFCC_VERBOSE"] = "1"
        r = subprocess.run(["make", "-C", tree, f"M={mdir}", f"CC={args.btfcc}", "-j1"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=e,
                           timeout=900)
        if r.returncode:
            sys.exit(f"bench: btfcc build of the demos failed:\n{r.stdout[-3000:]}")
        for n in demos:
            hand_copy(mdir, hdir, n, r.stdout)
        shutil.copy(os.path.join(mdir, "Kbuild"), hdir)

        def module_build(d, cc, e):
            subprocess.run(["make", "-C", tree, f"M={d}", "clean"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=e)
            forget_imports(d)
            return timed(["make", "-C", tree, f"M={d}", f"CC={cc}", "-j2"], env=e)
        gcc = median_of(args.reps, lambda: module_build(hdir, "gcc-12", env))
        mine = median_of(args.reps, lambda: module_build(mdir, args.btfcc, cache_env("warm")))
        rows.append((f"module of {len(demos)} demo files, make -j2 from clean, caches warm",
                     gcc, mine))

        def module_nopch():
            e = cache_env("warm")
            forget_prefixes(e)
            return module_build(mdir, args.btfcc, e)
        rows.append((f"module of {len(demos)} demo files, make -j2 from clean, no prefix PCH",
                     gcc, median_of(args.reps, module_nopch)))

        # Whole-sweep generation: btfcc-dump over every named struct/union of
        # BTF, against bpftool printing all of BTF as C.
        raw = os.path.join(work, "vmlinux.btf")
        subprocess.run([args.btfcc_dump, "-b", image, "--save-raw", raw, "struct list_head"],
                       stdout=subprocess.DEVNULL, check=True, timeout=300,
                       env=dict(env, BTFCC_CACHE_DIR=os.path.join(work, "warm-cache")))
        txt = subprocess.run(["bpftool", "btf", "dump", "file", raw], stdout=subprocess.PIPE,
                             text=True, check=True, timeout=300).stdout
        recs = btfraw.records(btfraw.parse(txt))
        # Names BTF has in several shapes need a member hint, which
        # btfcc-dump cannot be given: they are left out (docs/sweep.md).
        names = sorted(("struct " if k == "STRUCT" else "union ") + n
                       for (k, n), ts in recs.items() if len(ts) == 1)
        dumpcmd = [args.btfcc_dump, "-b", raw] + names
        # A 0.1 s command: more runs than a compile, in turns with bpftool.
        bpf, dump = paired_median_of(max(args.reps, 11),
                                     lambda: timed(["bpftool", "btf", "dump", "file", raw,
                                                    "format", "c"]),
                                     lambda: timed(dumpcmd))
        rows.append((f"generate all {len(names)} structs/unions: btfcc-dump vs "
                     "bpftool format c", bpf, dump))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    return rel, rows


def table(line, rel, reps, rows):
    w = max(len(r[0]) for r in rows)
    head = (f"{'what':<{w}}  {'base s':>7}  {'btfcc s':>7}  {'ratio':>6}  {'base CPU':>8}  "
            f"{'btfcc CPU':>9}  {'ratio':>6}  {'base RSS':>8}  {'btfcc RSS':>9}")
    lines = [f"bench: {line} ({rel}), {reps} runs each, median; {os.cpu_count()} CPUs",
             head, "-" * len(head)]
    for what, base, mine in rows:
        lines.append(f"{what:<{w}}  {base[0]:>7.3f}  {mine[0]:>7.3f}  {mine[0] / base[0]:>6.2f}  "
                     f"{base[2]:>8.3f}  {mine[2]:>9.3f}  {mine[2] / base[2]:>6.2f}  "
                     f"{base[1] / 1024:>7.0f}M  {mine[1] / 1024:>8.0f}M")
    return "\n".join(lines) + "\n"


def markdown(line, rel, rows):
    out = [f"{line}, {rel}:", "",
           "| what | base s | btfcc s | ratio | base CPU s | btfcc CPU s | ratio | "
           "base RSS MiB | btfcc RSS MiB |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for what, base, mine in rows:
        out.append(f"| {what} | {base[0]:.3f} | {mine[0]:.3f} | {mine[0] / base[0]:.2f} | "
                   f"{base[2]:.3f} | {mine[2]:.3f} | {mine[2] / base[2]:.2f} | "
                   f"{base[1] / 1024:.0f} | {mine[1] / 1024:.0f} |")
    return "\n".join(out) + "\n\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", choices=kernels.LINES,
                    help="one kernel line (default: 6.1 and 6.12, one table each)")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--btfcc", default=os.environ.get("BTFCC"))
    ap.add_argument("--btfcc-dump", default=os.environ.get("BTFCC_DUMP"))
    ap.add_argument("--markdown", help="also write the tables here")
    args = ap.parse_args()
    lines = [args.kernel] if args.kernel else ["6.1", "6.12"]
    md = []
    for line in lines:
        rel, rows = bench_line(args, line)
        print(table(line, rel, args.reps, rows))
        md.append(markdown(line, rel, rows))
    print("s: median wall time; CPU: median user+sys of the process and its children;")
    print("RSS: largest peak resident set of the process or any child it waited for")
    print("(btfcc: itself, btfcc-import with libclang, gcc-12's cc1).")
    print("baseline: gcc-12 with kbuild's own command for the same file (compiles),")
    print("bpftool btf dump file RAW format c on the same BTF (generation).")
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("".join(md))
    return 0


if __name__ == "__main__":
    # a timeout's SIGTERM still removes the temporary directories
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())
