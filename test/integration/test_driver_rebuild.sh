#!/bin/bash
# A rebuild reuses the last generated header while the source before the
# inject line, the //BTF_INCLUDE lines and the BTF file are unchanged; any
# change that makes it not fit (a new private type, another BTF) imports
# again, and the module still builds.
. "$(dirname "$0")/test_driver_common.bash"
need_kernel
need_btf

m=$WORK/rebuild
mkdir -p "$m"
echo "obj-m := rebuild.o" > "$m/Makefile"
cat > "$m/rebuild.c" <<'EOT'
#include <linux/module.h>
#include <linux/sched.h>

int rebuild_cpu(struct task_struct *t)
{
	return t->se.cfs_rq->rq->cpu;
}
MODULE_LICENSE("GPL");
EOT

kmake "$m" > "$WORK/first.log" 2>&1 || { cat "$WORK/first.log"; fail "first build"; }
head -1 "$m/.tmp_rebuild.btfcc.h" | grep -q "btfcc-inject-line: .* btf=.*vmlinuz" ||
	fail "the header's stamp names no BTF file: $(head -1 "$m/.tmp_rebuild.btfcc.h")"

# An edit after the inject line that needs nothing new: the header is reused.
printf '\nint rebuild_more(struct task_struct *t)\n{\n\treturn t->se.cfs_rq->rq->nr_running;\n}\n' \
	>> "$m/rebuild.c"
BTFCC_VERBOSE=1 kmake "$m" > "$WORK/second.log" 2>&1 || { cat "$WORK/second.log"; fail "rebuild"; }
expect_in "$WORK/second.log" "btfcc: reusing $m/.tmp_rebuild.btfcc.h" "the rebuild reuses the header"
expect_not_in "$WORK/second.log" "btfcc: need struct" "the rebuild scans nothing"
ok "rebuild after an edit reuses the header, no scan"

# A new private type: the old header does not fit, the import runs again.
printf '\nint rebuild_pde(struct proc_dir_entry *p)\n{\n\treturn p->namelen;\n}\n' >> "$m/rebuild.c"
BTFCC_VERBOSE=1 kmake "$m" > "$WORK/third.log" 2>&1 || { cat "$WORK/third.log"; fail "rebuild with a new type"; }
expect_in "$WORK/third.log" "no longer fit" "the stale header is noticed"
expect_in "$WORK/third.log" "btfcc: need struct proc_dir_entry" "the new type is imported"
grep -q "^struct proc_dir_entry {" "$m/.tmp_rebuild.btfcc.h" || fail "header lacks proc_dir_entry"
[ -f "$m/rebuild.ko" ] || fail "no module after the rebuild"
ok "a new private type imports again"

# An edit before the inject line changes the stamp: no reuse attempt at all.
sed -i '1i /* a new first line */' "$m/rebuild.c"
BTFCC_VERBOSE=1 kmake "$m" > "$WORK/fourth.log" 2>&1 || { cat "$WORK/fourth.log"; fail "rebuild after an edit on top"; }
expect_not_in "$WORK/fourth.log" "btfcc: reusing" "a changed prefix is not reused"
expect_in "$WORK/fourth.log" "btfcc: need struct cfs_rq" "the import runs again"
grep -q "^struct rq {" "$m/.tmp_rebuild.btfcc.h" || fail "header lacks struct rq"
ok "an edit before the inject line imports again"
