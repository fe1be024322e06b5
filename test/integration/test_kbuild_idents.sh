#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Values no public header declares, on the newest 6.1 and 6.12 kernels:
# a private enumerator used alone (arch/x86/events/perf_event.h's
# EXTRA_REG_LBR), typeof of a function the kernel does not export
# (fs/proc/internal.h's proc_fill_cache), a call to an exported function
# declared only in a private header (block/blk-cgroup.h's
# __blkg_prfill_u64), and a direct call to the non-exported one, refused
# at the call. Oracles: bpftool's raw dump of each kernel's BTF (the
# enumerator's value, asserted at compile time; the function's parameter
# count) and the kernel's Module.symvers (through modpost, which fails on
# a call to a symbol the kernel does not export).
. "$(dirname "$0")/test_driver_common.bash"
t_need_tools bpftool nm

for line in 6.1 6.12; do
	t_need_line rel "$line"
	kdir=/lib/modules/$rel/build
	"$BTFCC_DUMP" -b "/boot/vmlinuz-$rel" --save-raw "$WORK/$line.btf" 'struct rq' >/dev/null ||
		fail "$line: btfcc-dump --save-raw"
	bpftool btf dump file "$WORK/$line.btf" >"$WORK/$line.txt" || fail "$line: bpftool"
	val=$(sed -n "s/^\t'EXTRA_REG_LBR' val=\(-\{0,1\}[0-9]*\)$/\1/p" "$WORK/$line.txt" | head -n 1)
	[ -n "$val" ] || fail "$line: bpftool shows no EXTRA_REG_LBR (premise)"
	proto=$(sed -n "s/^\[[0-9]*\] FUNC '__blkg_prfill_u64' type_id=\([0-9]*\).*/\1/p" "$WORK/$line.txt")
	nparams=$(sed -n "s/^\[$proto\] FUNC_PROTO .* vlen=\([0-9]*\)$/\1/p" "$WORK/$line.txt")
	[ -n "$nparams" ] || fail "$line: bpftool shows no prototype of __blkg_prfill_u64 (premise)"
	grep -qP "\t__blkg_prfill_u64\t" "$kdir/Module.symvers" &&
		! grep -qP "\tproc_fill_cache\t" "$kdir/Module.symvers" ||
		fail "$line: premise: __blkg_prfill_u64 exported, proc_fill_cache not"

	m=$WORK/ids-$line
	mkdir -p "$m"
	echo "obj-m := ids.o" >"$m/Makefile"
	cat >"$m/ids.c" <<EOT
#include <linux/module.h>
#include <linux/seq_file.h>

static int ids_state = EXTRA_REG_LBR;
_Static_assert(EXTRA_REG_LBR == $val, "EXTRA_REG_LBR differs from bpftool's reading");
static typeof(proc_fill_cache) *ids_fill __attribute__((used));

u64 ids_call(struct seq_file *sf);
u64 ids_call(struct seq_file *sf)
{
	return __blkg_prfill_u64(sf, NULL, ids_state);
}
MODULE_LICENSE("GPL");
EOT
	BTFCC_VERBOSE=1 make -C "$kdir" M="$m" CC="$BTFCC" >"$m.log" 2>&1 ||
		{ cat "$m.log"; fail "$line: the module does not build"; }
	[ -e "$m/ids.ko" ] || fail "$line: modpost made no ids.ko"
	nm "$m/ids.o" | grep -q " U __blkg_prfill_u64$" || fail "$line: no call to __blkg_prfill_u64"
	expect_in "$m.log" "identifier EXTRA_REG_LBR: an enumerator in BTF" "$line: EXTRA_REG_LBR"
	expect_in "$m.log" "identifier proc_fill_cache: a function in BTF" "$line: proc_fill_cache"
	decl=$(grep '__blkg_prfill_u64(' "$m/.tmp_ids.btfcc.h")
	commas=${decl//[^,]/}
	[ $((${#commas} + 1)) = "$nparams" ] ||
		fail "$line: the prototype '$decl' has not bpftool's $nparams parameters"
	ok "$line ($rel): EXTRA_REG_LBR = $val as bpftool reads it, typeof(proc_fill_cache), a call to __blkg_prfill_u64 ($nparams parameters) that modpost accepts"

	m=$WORK/call-$line
	mkdir -p "$m"
	echo "obj-m := call.o" >"$m/Makefile"
	cat >"$m/call.c" <<'EOT'
#include <linux/module.h>
#include <linux/fs.h>

bool call_fill(struct file *file, struct dir_context *ctx);
bool call_fill(struct file *file, struct dir_context *ctx)
{
	return 1 + proc_fill_cache(file, ctx, "x", 1, NULL, NULL, NULL);
}
MODULE_LICENSE("GPL");
EOT
	make -C "$kdir" M="$m" CC="$BTFCC" >"$m.log" 2>&1 && fail "$line: a call to a non-exported function built"
	col=$(awk 'NR == 7 { print index($0, "proc_fill_cache(") }' "$m/call.c")
	grep -q "^$m/call.c:7:$col: error: 'proc_fill_cache' is a kernel function that the kernel does not export to modules .* \[btfcc\]$" "$m.log" ||
		{ cat "$m.log"; fail "$line: no one-line error at the call (7:$col)"; }
	[ ! -e "$m/call.o" ] || fail "$line: an object was left behind"
	ok "$line: the call to proc_fill_cache is refused at call.c:7:$col"
done
