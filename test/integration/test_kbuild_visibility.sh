#!/bin/bash
# Where a type becomes visible: the imports go before the first line that
# needs a private type; a type they use that the module itself defines only
# below that line cannot be moved there, and the error says so at the
# definition, naming that line and the fix, never a layout mismatch. A public header
# included below the first use is included by the generated header instead
# (kernel-module-demo/mid_include boots that case).
. "$(dirname "$0")/test_driver_common.bash"
need_kernel
need_btf

m=$WORK/late
mkdir -p "$m"
cat >"$m/late.c" <<'EOT'
#include <linux/module.h>
#include <linux/sched.h>

int late_cpu(struct rq *rq)
{
	return rq->cpu;
}

/* The module's own copy of a type struct rq embeds (via struct rt_rq), below its first use. */
struct rt_prio_array {
	DECLARE_BITMAP(bitmap, MAX_RT_PRIO + 1);
	struct list_head queue[MAX_RT_PRIO];
};
MODULE_LICENSE("GPL");
EOT
echo 'obj-m := late.o' >"$m/Kbuild"
kmake "$m" modules >"$WORK/late.log" 2>&1 && { cat "$WORK/late.log"; fail "a late definition compiled"; }
at=$(grep -n '^struct rt_prio_array {' "$m/late.c" | cut -d: -f1)
use=$(grep -n 'return rq->cpu' "$m/late.c" | cut -d: -f1)
# The imports go after the last directive above the function that uses struct rq.
inject=$(($(grep -n '^#include' "$m/late.c" | tail -1 | cut -d: -f1) + 1))
grep -qE "^$m/late.c:$at:[0-9]+: error: struct rt_prio_array, which the imported types use, is defined here, below line $inject of $m/late.c, .* at $m/late.c:$use:[0-9]+\): delete it .*\[btfcc\]$" \
	"$WORK/late.log" || { cat "$WORK/late.log"; fail "no error at the late definition naming lines $inject and $use"; }
expect_not_in "$WORK/late.log" "differs from BTF" "a layout message for an ordering problem"
expect_not_in "$WORK/late.log" "static assertion" "the compiler's layout checks ran"
ok "late own definition: $(grep '\[btfcc\]$' "$WORK/late.log" | sed "s|$WORK/||")"

# The fix the error names: without the copy, btfcc imports the kernel's.
sed -i '/^\/\* The module.s own copy/,/^};/d' "$m/late.c"
grep -q rt_prio_array "$m/late.c" && fail "the copy is still in late.c"
kmake "$m" modules >"$WORK/fixed.log" 2>&1 || { cat "$WORK/fixed.log"; fail "late.c without its copy"; }
expect_not_in "$WORK/fixed.log" "[btfcc]" "a btfcc message without the copy"
ok "without the copy: builds, struct rt_prio_array imported"
