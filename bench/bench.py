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
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
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

# The marker asks for struct rq; a pointer compiles with plain gcc-12 too.
TU_RQ = """#include <linux/module.h>
#include <linux/sched.h>
#include <linux/fs.h>
MODULE_LICENSE("GPL");
static struct rq *bench_rq __attribute__((unused)); //BTF_INCLUDE
int bench_pid(void);
int bench_pid(void) { return current->pid; }
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


def kbuild_cmd(tree, mdir, name, src):
    """The compile command kbuild records for name.c (built once with gcc-12)."""
    os.makedirs(mdir, exist_ok=True)
    with open(os.path.join(mdir, name + ".c"), "w") as f:
        f.write(src)
    with open(os.path.join(mdir, "Kbuild"), "w") as f:
        f.write(f"obj-m := {name}.o\n")
    r = subprocess.run(["make", "-C", tree, f"M={mdir}", "CC=gcc-12", f"{name}.o"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    if r.returncode:
        sys.exit(f"bench: kbuild of {name}.c failed:\n{r.stdout[-3000:]}")
    with open(os.path.join(mdir, f".{name}.o.cmd")) as f:
        line = f.readline()
    cmd = line.split(":=", 1)[1].split(";")[0].strip()
    return shlex.split(cmd)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", default="6.1", choices=kernels.LINES)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--btfcc", default=os.environ.get("BTFCC"))
    ap.add_argument("--btfcc-dump", default=os.environ.get("BTFCC_DUMP"))
    ap.add_argument("--markdown", help="also write the table here")
    args = ap.parse_args()
    rel, why = kernels.release(args.kernel)
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

        def compile_pair(label, src, cache):
            cmd = kbuild_cmd(tree, os.path.join(work, label), label, src)
            assert cmd[0] == "gcc-12", cmd[0]
            gcc = median_of(args.reps, lambda: timed(cmd, cwd=tree))
            results = []
            for mode in cache:
                def one():
                    e = dict(env)
                    if mode == "cold":
                        d = tempfile.mkdtemp(dir=work, prefix="cache-")
                        e["BTFCC_CACHE_DIR"] = d
                    else:
                        e["BTFCC_CACHE_DIR"] = os.path.join(work, "warm-cache")
                    r = timed([args.btfcc] + cmd[1:], cwd=tree, env=e)
                    if mode == "cold":
                        shutil.rmtree(d)
                    return r
                if mode == "warm":
                    os.makedirs(os.path.join(work, "warm-cache"), exist_ok=True)
                    one()   # fill the cache
                results.append((mode, median_of(args.reps, one)))
            return gcc, results

        print(f"bench: {args.kernel} ({rel}), {args.reps} runs each, median; "
              f"{os.cpu_count()} CPUs", file=sys.stderr)
        gcc, res = compile_pair("nothing", TU_NOTHING, ["warm"])
        rows.append(("compile, imports nothing (warm cache)", gcc, res[0][1]))
        gcc, res = compile_pair("rq", TU_RQ, ["cold", "warm"])
        for mode, r in res:
            rows.append((f"compile, imports struct rq ({mode} BTF cache)", gcc, r))

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

    w = max(len(r[0]) for r in rows)
    head = (f"{'what':<{w}}  {'base s':>7}  {'btfcc s':>7}  {'ratio':>6}  {'base CPU':>8}  "
            f"{'btfcc CPU':>9}  {'ratio':>6}  {'base RSS':>8}  {'btfcc RSS':>9}")
    lines = [head, "-" * len(head)]
    for what, base, mine in rows:
        lines.append(f"{what:<{w}}  {base[0]:>7.3f}  {mine[0]:>7.3f}  {mine[0] / base[0]:>6.2f}  "
                     f"{base[2]:>8.3f}  {mine[2]:>9.3f}  {mine[2] / base[2]:>6.2f}  "
                     f"{base[1] / 1024:>7.0f}M  {mine[1] / 1024:>8.0f}M")
    lines.append("")
    lines.append("s: median wall time; CPU: median user+sys of the process and its children;")
    lines.append("RSS: largest peak resident set of the process or any child it waited for")
    lines.append("(btfcc: itself, btfcc-import with libclang, gcc-12's cc1).")
    lines.append("baseline: gcc-12 with kbuild's own command for the same file (compiles),")
    lines.append("bpftool btf dump file RAW format c on the same BTF (generation).")
    print("\n".join(lines))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("| what | base s | btfcc s | ratio | base CPU s | btfcc CPU s | ratio | "
                    "base RSS MiB | btfcc RSS MiB |\n")
            f.write("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
            for what, base, mine in rows:
                f.write(f"| {what} | {base[0]:.3f} | {mine[0]:.3f} | {mine[0] / base[0]:.2f} | "
                        f"{base[2]:.3f} | {mine[2]:.3f} | {mine[2] / base[2]:.2f} | "
                        f"{base[1] / 1024:.0f} | {mine[1] / 1024:.0f} |\n")
    return 0


if __name__ == "__main__":
    # a timeout's SIGTERM still removes the temporary directories
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())
