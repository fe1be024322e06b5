#!/bin/bash
# A real out-of-tree module build (make -C <tree> M=... CC=btfcc -j2) of
# files that need private kernel types, one that needs nothing, and one
# that asks with //BTF_INCLUDE. The user's files are never touched; the
# objects, depfiles and debug info name them; make clean removes our files.
. "$(dirname "$0")/test_driver_common.bash"
need_kernel
need_btf
M=$WORK/mod
mkdir -p "$M"

cat > "$M/Makefile" <<'EOT'
obj-m := btfcc_rq.o btfcc_plain.o btfcc_marked.o
EOT
# pr_fmt before the includes; a private type used from a private header.
cat > "$M/priv.h" <<'EOT'
/* Module-private header: uses struct mount (fs/mount.h, not public). */
static inline const char *priv_devname(struct mount *m)
{
	return m->mnt_devname;
}
EOT
cat > "$M/btfcc_rq.c" <<'EOT'
// SPDX-License-Identifier: GPL-2.0
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/stringify.h>
#include "priv.h"

int btfcc_rq_cpu(struct rq *rq)
{
	return rq->cpu;
}
EXPORT_SYMBOL_GPL(btfcc_rq_cpu);

static const char where[] = "WHERE=" __FILE__ ":" __stringify(__LINE__);

static int __init btfcc_rq_init(void)
{
	pr_info("%s %zu %zu %p\n", where, sizeof(struct rq), sizeof(struct cfs_rq),
		priv_devname);
	return 0;
}
module_init(btfcc_rq_init);
MODULE_LICENSE("GPL");
EOT
cat > "$M/btfcc_plain.c" <<'EOT'
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
static int __init plain_init(void) { return 0; }
module_init(plain_init);
MODULE_LICENSE("GPL");
EOT
cat > "$M/btfcc_marked.c" <<'EOT'
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/slab.h>

static struct kmem_cache *cache; //BTF_INCLUDE

static int __init marked_init(void) { return cache ? 1 : 0; }
module_init(marked_init);
MODULE_LICENSE("GPL");
EOT
(cd "$M" && sha256sum Makefile priv.h *.c > "$WORK/sums")

kmake "$M" -j2 > "$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; fail "module build"; }
for m in btfcc_rq btfcc_plain btfcc_marked; do
	[ -f "$M/$m.ko" ] || fail "$m.ko not built"
	modinfo "$M/$m.ko" > "$WORK/modinfo" || fail "modinfo $m.ko"
	expect_in "$WORK/modinfo" "vermagic:       $KREL " "$m vermagic"
done
ok "three modules built with -j2; modinfo accepts them"

(cd "$M" && sha256sum -c --quiet "$WORK/sums") || fail "user files changed"
ok "module sources unchanged"

strings "$M/btfcc_rq.o" | grep -qx "WHERE=$M/btfcc_rq.c:14" ||
	fail "__FILE__/__LINE__: $(strings "$M/btfcc_rq.o" | grep WHERE=)"
ok "__FILE__ and __LINE__ are the user's"

readelf --debug-dump=info "$M/btfcc_rq.o" | grep -m1 DW_AT_name > "$WORK/cu"
expect_in "$WORK/cu" "$M/btfcc_rq.c" "debug info CU name"
ok "debug info names $M/btfcc_rq.c"

cmd=$M/.btfcc_rq.o.cmd
expect_in "$cmd" "source_$M/btfcc_rq.o := $M/btfcc_rq.c" "depfile source"
expect_in "$cmd" "/boot/vmlinuz-$KREL" "depfile lists the BTF source"
expect_in "$cmd" "$M/priv.h" "depfile lists the private header"
expect_not_in "$cmd" ".btfcc." "depfile names a btfcc work file"
ok "dependencies: user source, private header, BTF source; no work files"

expect_in "$M/.tmp_btfcc_rq.btfcc.h" "struct rq {" "generated header has struct rq"
expect_in "$M/.tmp_btfcc_rq.btfcc.h" "struct mount {" "generated header has struct mount"
expect_in "$M/.tmp_btfcc_marked.btfcc.h" "struct kmem_cache {" "//BTF_INCLUDE honoured"
[ ! -e "$M/.tmp_btfcc_plain.btfcc.h" ] || fail "header generated for a file needing nothing"
ls -a "$M" | grep -q '\.btfcc\.c$' && fail "TU copy left behind"
ok "generated headers where needed, none for the plain file"

# Nothing changed: nothing rebuilt. A newer BTF source: rebuilt.
kmake "$M" > "$WORK/rebuild.log" 2>&1 || fail "second build"
grep -q 'CC \[M\]' "$WORK/rebuild.log" && { cat "$WORK/rebuild.log"; fail "rebuilt for nothing"; }
ok "no-op rebuild compiles nothing"

kmake "$M" clean > /dev/null 2>&1 || fail "make clean"
left=$(cd "$M" && ls -A | sort | tr '\n' ' ')
[ "$left" = "Makefile btfcc_marked.c btfcc_plain.c btfcc_rq.c priv.h " ] ||
	fail "make clean left: $left"
ok "make clean leaves no btfcc litter"
