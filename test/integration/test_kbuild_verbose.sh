#!/bin/bash
# BTFCC_VERBOSE=1 separates btfcc's decisions from the expected failure of
# the first try: in a successful build that imports (two rounds, private
# types in the module's own header), the first try's errors appear only
# quoted ("btfcc: first try | ..."), no other line reads as an error, and
# every line btfcc adds is said once per compile.
. "$(dirname "$0")/test_driver_common.bash"
need_kernel
need_btf

# A fresh cache: no names index, so no fast path, and the first try runs.
export BTFCC_CACHE_DIR=$WORK/cache
m=$WORK/local_header
cp -r "$BTFCC_SRC_DIR/kernel-module-demo/local_header" "$m"
BTFCC_VERBOSE=1 kmake "$m" modules >"$WORK/v.log" 2>&1 || { cat "$WORK/v.log"; fail "verbose build"; }
[ -e "$m/btfcc_demo_local_header.ko" ] || fail "no module"
# The first try did fail (that is why btfcc imported), and said so.
grep -q '^btfcc: first try | .*error' "$WORK/v.log" || { cat "$WORK/v.log"; fail "no quoted first-try error"; }
bare=$(grep -v '^btfcc: first try | ' "$WORK/v.log" | grep -v '^btfcc: run: ' | grep -E '(^|: )error:' || true)
[ -z "$bare" ] || { echo "$bare"; fail "error lines outside the quoted first try in a successful build"; }
# One round per file: the scan follows cfs_rq->rq->... to struct rq itself.
for f in lh_main lh_other; do
	grep -c "scan of $m/$f.c" "$WORK/v.log" | grep -qx 1 || fail "$f: expected one round"
done
# A chain hidden in a macro needs a second round; each line is still said once.
r=$WORK/rounds
mkdir -p "$r"
echo "obj-m := rounds.o" >"$r/Makefile"
printf '#include <linux/module.h>\n#include <linux/sched.h>\nMODULE_LICENSE("GPL");\n#define RQ_OF(c) ((c)->rq)\nint rounds(void);\nint rounds(void) { return RQ_OF(current->se.cfs_rq)->cpu; }\n' >"$r/rounds.c"
BTFCC_VERBOSE=1 kmake "$r" modules >"$WORK/r.log" 2>&1 || { cat "$WORK/r.log"; fail "two-round build"; }
grep -c "scan of $r/rounds.c" "$WORK/r.log" | grep -qx 2 || fail "rounds.c: expected two rounds"
over=$(grep -E '^btfcc: plan \|' "$WORK/r.log" | sort | uniq -c | awk '$1 > 1')
[ -z "$over" ] || { echo "$over"; fail "a plan line said twice in one compile of two rounds"; }
# Two files of one module plan the same types: twice in the log, not once per round.
over=$(grep -E '^btfcc: (plan \||.* the header includes )' "$WORK/v.log" | sort | uniq -c | awk '$1 > 2')
[ -z "$over" ] || { echo "$over"; fail "a verbose line said more than once per compile"; }
grep -q '^btfcc: plan | struct rq ' "$WORK/v.log" || fail "no plan lines to check"
ok "verbose: $(grep -c '^btfcc: first try | ' "$WORK/v.log") first-try lines quoted, no bare error, decisions said once per compile"
