#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Feature tests (BTFCC_HAS_*) on the newest 6.1 and 6.12 kernels, answered
# by their BTF. The oracle is bpftool's raw dump of each kernel's BTF (read
# by test/sweep/btfraw.py): the module's _Static_asserts compare every
# answer with it, so a wrong answer fails the build. Also: the dead branch
# of an #if may name a member the kernel lacks; a module whose only use of
# BTF is feature tests imports nothing; a malformed test is an error.
. "$(dirname "$0")/test_driver_common.bash"
t_need_tools bpftool python3
SRC=${BTFCC_SRC_DIR:?}

# oracle RAW: "donor cap_orig rq nope enumerator" as 0/1, from bpftool.
oracle() {
	bpftool btf dump file "$1" >"$WORK/raw.txt" || fail "bpftool on $1"
	python3 - "$WORK/raw.txt" "$SRC/test/sweep" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
import btfraw
types = btfraw.parse(open(sys.argv[1]).read())
def has_member(t, name, depth=0):
    for m, tid, _, _ in t.members:
        if m == name:
            return True
        if m is None and depth < 16:
            sub = btfraw.strip_mods(types, tid)
            if sub is not None and sub.kind in ("STRUCT", "UNION") and has_member(sub, name, depth + 1):
                return True
    return False
rqs = [t for t in types.values() if t.kind == "STRUCT" and t.name == "rq"]
enumerators = open(sys.argv[1]).read()
print(int(any(has_member(t, "donor") for t in rqs)),
      int(any(has_member(t, "cpu_capacity_orig") for t in rqs)),
      int(bool(rqs)),
      int(any(t.kind == "STRUCT" and t.name == "btfcc_no_such_struct" for t in types.values())),
      int("\t'CPUHP_AP_ONLINE_DYN' val=" in enumerators))
PY
}

for line in 6.1 6.12; do
	t_need_line rel "$line"
	kdir=/lib/modules/$rel/build
	"$BTFCC_DUMP" -b "/boot/vmlinuz-$rel" --save-raw "$WORK/$line.btf" 'struct rq' >/dev/null ||
		fail "$line: btfcc-dump --save-raw"
	read -r donor cap rq nope enumr < <(oracle "$WORK/$line.btf")
	m=$WORK/ft-$line
	mkdir -p "$m"
	echo "obj-m := ft.o" >"$m/Makefile"
	cat >"$m/ft.c" <<EOT
#include <linux/module.h>
#include <linux/sched.h>

_Static_assert(BTFCC_HAS_MEMBER(rq, donor) == $donor, "donor");
_Static_assert(BTFCC_HAS_MEMBER(rq, cpu_capacity_orig) == $cap, "cpu_capacity_orig");
_Static_assert(BTFCC_HAS_STRUCT(rq) == $rq, "rq");
_Static_assert(BTFCC_HAS_STRUCT(btfcc_no_such_struct) == $nope, "nope");
_Static_assert(BTFCC_HAS_ENUMERATOR(CPUHP_AP_ONLINE_DYN) == $enumr, "enumerator");

/* Each kernel lacks what one of these dead branches names (6.1: donor,
 * 6.12: cpu_capacity_orig): never compiled, never scanned. */
int ft_task(struct rq *r);
int ft_task(struct rq *r)
{
#if BTFCC_HAS_MEMBER(rq, donor)
	return r->donor->pid;
#else
	return r->curr->pid;
#endif
}
unsigned long ft_cap(struct rq *r);
unsigned long ft_cap(struct rq *r)
{
#if BTFCC_HAS_MEMBER(rq, cpu_capacity_orig)
	return r->cpu_capacity_orig;
#else
	return r->cpu_capacity;
#endif
}
MODULE_LICENSE("GPL");
EOT
	make -C "$kdir" M="$m" CC="$BTFCC" >"$m.log" 2>&1 ||
		{ cat "$m.log"; fail "$line: the feature-test module does not build"; }
	ok "$line ($rel): answers match bpftool (donor=$donor cpu_capacity_orig=$cap rq=$rq nope=$nope enumerator=$enumr), dead branches ignored"

	# Only feature tests: nothing to import, nothing generated but the answers.
	m=$WORK/only-$line
	mkdir -p "$m"
	echo "obj-m := only.o" >"$m/Makefile"
	printf '#include <linux/module.h>\nint only(void);\nint only(void) { return BTFCC_HAS_STRUCT(rq); }\nMODULE_LICENSE("GPL");\n' >"$m/only.c"
	BTFCC_VERBOSE=1 make -C "$kdir" M="$m" CC="$BTFCC" >"$m.log" 2>&1 ||
		{ cat "$m.log"; fail "$line: a module with only a feature test does not build"; }
	expect_not_in "$m.log" "btfcc: need " "$line: a feature test alone imports nothing"
	[ ! -e "$m/.tmp_only.btfcc.h" ] || fail "$line: a generated header for a module that imports nothing"
	[ -e "$m/.tmp_only.btfcc-features.h" ] || fail "$line: no answers file"
	btf=$(sed -n 's/^btfcc: BTF source: \([^ ]*\) .*/\1/p' "$m.log" | head -n 1)
	[ -n "$btf" ] && grep -qF "$btf" "$m/.only.o.cmd" ||
		{ cat "$m.log"; fail "$line: the BTF ($btf) is not a dependency"; }
	ok "$line: a feature test alone imports nothing, and the object depends on the BTF"
done

m=$WORK/bad
mkdir -p "$m"
echo "obj-m := bad.o" >"$m/Makefile"
printf '#include <linux/module.h>\nint bad(void);\nint bad(void) { return BTFCC_HAS_FIELD(rq, cpu); }\nMODULE_LICENSE("GPL");\n' >"$m/bad.c"
make -C "$KDIR" M="$m" CC="$BTFCC" >"$m.log" 2>&1 && fail "an unknown feature test compiled"
grep -q "^$m/bad.c: error: BTFCC_HAS_FIELD is no feature test .* \[btfcc\]$" "$m.log" ||
	{ cat "$m.log"; fail "no one-line error for an unknown feature test"; }
ok "unknown feature test: $(grep 'error: BTFCC_HAS' "$m.log")"
