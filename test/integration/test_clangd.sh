#!/bin/bash
# Editor integration (docs/editor.md): after a btfcc build of every demo
# module, btfcc-compdb's compile_commands.json makes clangd 14 parse each
# demo source with no error at all, and go-to-definition on rq->curr lands
# in the generated header. The same check on kbuild's raw command lines
# (.*.o.cmd), and on translated flags without the imports, does report
# errors: the test can fail. After an edit and a rebuild the same
# compile_commands.json is still right.
. "$(dirname "$0")/test_driver_common.bash"
need_kernel
need_btf
CLANGD=${CLANGD:-clangd-14}
command -v "$CLANGD" >/dev/null || skip "$CLANGD is not installed (scripts/setup.sh installs it)"
COMPDB=${BTFCC_BUILD_DIR:-}/driver/btfcc-compdb
[ -x "$COMPDB" ] || skip "no btfcc-compdb in \$BTFCC_BUILD_DIR/driver"
DEMOS=${BTFCC_SRC_DIR:?}/kernel-module-demo

# --- build every demo with btfcc, in copies -----------------------------
D=$WORK/demos
mkdir -p "$D"
cp -r "$DEMOS"/*/ "$D"/
# Beside the demos, a file the wrapper's directive replay must get right:
# pr_fmt before the includes, a directive in a comment, a declaration
# between directives (a redefinition if replayed), a continued #define, a
# quoted private header, and the imports inside an open #ifdef.
mkdir -p "$D/tricky"
echo 'obj-m := btfcc_tricky.o' >"$D/tricky/Kbuild"
cat >"$D/tricky/priv.h" <<'EOT'
static inline const char *priv_devname(struct mount *m)
{
	return m->mnt_devname;
}
EOT
cat >"$D/tricky/btfcc_tricky.c" <<'EOT'
// SPDX-License-Identifier: GPL-2.0
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
/*
#include <linux/no_such_header.h>
 */
#include <linux/module.h>
#include <linux/sched.h>
struct tricky_local { int a; };
#define TRICKY_PLUS_ONE(x) \
	((x) + 1)
#ifdef CONFIG_SMP
#include "priv.h"
int tricky_cpu(struct rq *rq)
{
	return TRICKY_PLUS_ONE(rq->cpu);
}
EXPORT_SYMBOL_GPL(tricky_cpu);
#endif
static int __init tricky_init(void)
{
	struct tricky_local l = { 1 };

	pr_info("%d %p\n", l.a, priv_devname);
	return 0;
}
module_init(tricky_init);
MODULE_LICENSE("GPL");
EOT
for m in "$D"/*/; do
	m=${m%/}
	kmake "$m" -j2 >"$m.log" 2>&1 || { cat "$m.log"; fail "build of ${m##*/}"; }
done
mapfile -t SOURCES < <(ls "$D"/*/*.c | grep -v '\.mod\.c$')
[ ${#SOURCES[@]} -ge 6 ] || fail "expected the demo sources, found ${#SOURCES[@]}"
W=$D/tricky/.tmp_btfcc_tricky.btfcc.ide.h
expect_not_in "$W" "tricky_local" "the wrapper replays directives only"
expect_not_in "$W" "no_such_header" "the wrapper skips directives in comments"
[ "$(tail -1 "$W")" = "#endif" ] || { cat "$W"; fail "the wrapper closes the open #ifdef"; }
ok "built ${#SOURCES[@]} demo modules with btfcc"

# --- compile_commands.json ------------------------------------------------
DB=$WORK/db
mkdir -p "$DB"
"$COMPDB" -o "$DB/compile_commands.json" "$D" 2>"$WORK/compdb.err" ||
	{ cat "$WORK/compdb.err"; fail "btfcc-compdb"; }
J=$DB/compile_commands.json
for s in "${SOURCES[@]}"; do
	expect_in "$J" "\"file\": \"$s\"" "compdb names the real source $s"
done
[ "$(grep -c '"file":' "$J")" = ${#SOURCES[@]} ] || fail "one entry per source"
for flag in -mrecord-mcount -mindirect-branch=thunk-extern -fconserve-stack \
	    -ftrivial-auto-var-init=zero -Wp,-MMD; do
	expect_not_in "$J" "\"$flag" "clang-rejected $flag is translated away"
done
expect_in "$J" '.btfcc.ide.h"' "entries force-include the wrapper"
ok "compile_commands.json: real paths, translated flags"

# check SRC DBDIR LOG: clangd --check; prints "<errors> <btfcc-file errors>".
# --check prints main-file errors as E[...] lines; errors inside other files
# (the wrapper, the generated header) are only logged as "Dropped
# diagnostic" with --log=verbose, so those are counted too.
check() {
	timeout 300 "$CLANGD" --log=verbose --check="$1" --compile-commands-dir="$2" >"$3" 2>&1
	echo "$(grep -c '^E\[' "$3") $(grep 'Dropped diagnostic' "$3" |
		grep -cE "\\.btfcc\\.|Dropped diagnostic: $D/")"
}

# diag_errors LOG: clangd --check's diagnostics ("E[..] [code] Line N: ..."),
# not its tweak self-tests, which fail on any header.
diag_errors() {
	grep -cE '^E\[[^]]*\] \[[^]]*\] Line [0-9]+:' "$1"
}

# type_errors LOG: errors that are not about the command line.
type_errors() {
	grep '^E\[' "$1" | grep -vc '\[drv_'
}

# --- with the integration: no error at all --------------------------------
for s in "${SOURCES[@]}"; do
	log=$WORK/ide.${s##*/}.log
	read -r errs dropped < <(check "$s" "$DB" "$log")
	if [ "$errs" != 0 ] || [ "$dropped" != 0 ]; then
		grep "^E\[\|Dropped diagnostic.*\.btfcc\.\|Dropped diagnostic: $D/" "$log"
		fail "clangd: $errs errors, $dropped in btfcc's files, in ${s##*/}"
	fi
	expect_in "$log" "All checks completed, 0 errors" "clangd completes ${s##*/}"
done
ok "clangd: 0 errors in all ${#SOURCES[@]} demo sources (and in the module headers they include)"

# The module's own headers opened on their own (clangd borrows a .c file's
# entry, wrapper included): private types in their static inlines resolve.
mapfile -t HEADERS < <(find "$D" -name '*.h' ! -name '.tmp_*' | sort)
for h in "${HEADERS[@]}"; do
	log=$WORK/ide.h.${h##*/}.log
	check "$h" "$DB" "$log" >/dev/null
	n=$(diag_errors "$log")
	[ "$n" = 0 ] || { grep -E '^E\[' "$log"; fail "clangd: $n errors in header ${h#"$D"/}"; }
done
ok "clangd: 0 errors in the ${#HEADERS[@]} module headers opened on their own"

# --- without it: kbuild's raw command lines --------------------------------
# What the kernel's gen_compile_commands.py would produce: the .o.cmd
# command with the compiler's name, objtool's tail cut off.
RAW=$WORK/raw
mkdir -p "$RAW"
json_escape() { sed 's/\\/\\\\/g; s/"/\\"/g'; }
{
	echo "["
	sep=""
	for s in "${SOURCES[@]}"; do
		dir=${s%/*} stem=${s##*/}
		stem=${stem%.c}
		cmd=$(sed -n 's/^cmd_[^ ]*\.o := //p' "$dir/.$stem.o.cmd" | sed 's/ *;.*//')
		cmd=${cmd/#"$BTFCC"/gcc-12}
		printf '%s{"directory": "%s", "file": "%s", "command": "%s"}\n' "$sep" \
			"$(readlink -f "$KDIR")" "$s" "$(printf '%s' "$cmd" | json_escape)"
		sep=","
	done
	echo "]"
} >"$RAW/compile_commands.json"
# And btfcc's own entries minus the wrapper: the flags alone are not enough.
FLAGS=$WORK/flags
mkdir -p "$FLAGS"
sed '/"-include",$/{N;/btfcc\.ide\.h/d}' "$J" >"$FLAGS/compile_commands.json"
expect_not_in "$FLAGS/compile_commands.json" ide.h "wrapper removed from the flags-only db"

raw_total=0 raw_types=0 flags_types=0
for s in "${SOURCES[@]}"; do
	name=${s##*/}
	log=$WORK/raw.$name.log
	read -r errs _ < <(check "$s" "$RAW" "$log")
	types=$(type_errors "$log")
	[ "$errs" -gt 0 ] || { cat "$log"; fail "raw kbuild command: no error in $name"; }
	raw_total=$((raw_total + errs)) raw_types=$((raw_types + types))
	flog=$WORK/flags.$name.log
	read -r ferrs _ < <(check "$s" "$FLAGS" "$flog")
	flags_types=$((flags_types + ferrs))
	[ "$(grep '^E\[' "$flog" | grep -c '\[drv_')" = 0 ] ||
		{ grep '^E\[' "$flog"; fail "translated flags still rejected in $name"; }
	echo "   $name: raw kbuild $errs errors ($types on types), flags only $ferrs, btfcc 0"
done
# Every demo but task_struct_marked (a public type, marked) uses a private one.
[ "$raw_types" -ge 5 ] || fail "raw kbuild commands: only $raw_types errors on types"
[ "$flags_types" -ge 5 ] || fail "flags without the imports: only $flags_types errors"
grep -q 'incomplete' "$WORK/raw.btfcc_demo_sched_rq.c.log" ||
	fail "raw kbuild command: no incomplete-type error on struct rq"
h=$D/local_header/lh_priv.h
check "$h" "$FLAGS" "$WORK/flags.h.log" >/dev/null
[ "$(diag_errors "$WORK/flags.h.log")" -gt 0 ] ||
	{ cat "$WORK/flags.h.log"; fail "lh_priv.h without the imports: no error"; }
ok "without btfcc's entries: $raw_total errors ($raw_types on private types), flags only: $flags_types"

# --- go-to-definition on rq->curr: the generated header ---------------------
# lsp_definition SRC NEEDLE COLUMN-IN-NEEDLE: clangd over LSP, prints file:line.
lsp_definition() {
	timeout 300 python3 - "$CLANGD" "$DB" "$@" <<'EOPY'
import json, subprocess, sys
clangd, db, src, needle, col = sys.argv[1:6]
p = subprocess.Popen([clangd, "--compile-commands-dir=" + db, "--log=error"],
		     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def send(msg):
	body = json.dumps(msg).encode()
	p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
	p.stdin.flush()
def recv_id(want):
	while True:
		n = 0
		while True:
			line = p.stdout.readline()
			if not line:
				sys.exit("clangd exited")
			if line in (b"\r\n", b"\n"):
				break
			if line.lower().startswith(b"content-length:"):
				n = int(line.split(b":")[1])
		msg = json.loads(p.stdout.read(n))
		if msg.get("id") == want:
			return msg
text = open(src).read()
uri = "file://" + src
send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
      "params": {"processId": None, "rootUri": None, "capabilities": {}}})
recv_id(1)
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
      {"uri": uri, "languageId": "c", "version": 1, "text": text}}})
off = text.index(needle) + int(col)
line = text.count("\n", 0, off)
char = off - (text.rfind("\n", 0, off) + 1)
send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/definition", "params":
      {"textDocument": {"uri": uri}, "position": {"line": line, "character": char}}})
res = recv_id(2).get("result") or []
for loc in res:
	print("%s:%d" % (loc["uri"][len("file://"):], loc["range"]["start"]["line"] + 1))
send({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
recv_id(3)
send({"jsonrpc": "2.0", "method": "exit"})
p.wait(timeout=30)
EOPY
}

RQ=$D/sched_rq
HDR=$RQ/.tmp_btfcc_demo_sched_rq.btfcc.h
if command -v python3 >/dev/null; then
	def=$(lsp_definition "$RQ/btfcc_demo_sched_rq.c" "= rq->curr ==" 6) ||
		fail "LSP session with clangd"
	[ "${def%:*}" = "$HDR" ] || fail "rq->curr: definition at '$def', not in $HDR"
	sed -n "${def##*:}p" "$HDR" | grep -q 'curr;' ||
		fail "rq->curr: $def is '$(sed -n "${def##*:}p" "$HDR")'"
	ok "go-to-definition of rq->curr: $def:$(sed -n "${def##*:}p" "$HDR" | tr -s '\t ' ' ')"
else
	echo "note: no python3, go-to-definition not checked"
fi

# --- edit, rebuild: the same compile_commands.json stays right ---------------
# Two lines on top move the inject line; a new private type (proc_dir_entry)
# must be imported. Before the rebuild clangd sees the error, after it not.
SRC=$RQ/btfcc_demo_sched_rq.c
old_line=$(head -1 "$HDR" | grep -o '[0-9]*')
{
	echo "/* edited */"
	sed '/^#include <linux\/workqueue.h>/a #include <linux/proc_fs.h>' "$SRC" |
		sed '/^#define RESULT_CURR_OK/a \
\
static umode_t __maybe_unused edit_mode(struct proc_dir_entry *p)\
{\
	return p->mode;\
}'
} >"$SRC.new"
mv "$SRC.new" "$SRC"
read -r before _ < <(check "$SRC" "$DB" "$WORK/edit.log")
[ "$before" -gt 0 ] || fail "edited, not rebuilt: clangd should not know proc_dir_entry yet"
kmake "$RQ" >"$WORK/rebuild.log" 2>&1 || { cat "$WORK/rebuild.log"; fail "rebuild after edit"; }
expect_in "$HDR" "struct proc_dir_entry {" "rebuild imported proc_dir_entry"
new_line=$(head -1 "$HDR" | grep -o '[0-9]*')
[ "$new_line" = $((old_line + 2)) ] || fail "inject line $old_line -> $new_line, expected +2"
expect_in "$RQ/.tmp_btfcc_demo_sched_rq.btfcc.ide.h" "#include <linux/proc_fs.h>" \
	"wrapper replays the new include"
read -r errs dropped < <(check "$SRC" "$DB" "$WORK/rebuilt.log")
[ "$errs" = 0 ] && [ "$dropped" = 0 ] ||
	{ grep '^E\[\|Dropped.*\.btfcc\.' "$WORK/rebuilt.log"; fail "after rebuild: $errs errors"; }
ok "edit + rebuild: $before errors before the rebuild, 0 after, same compile_commands.json"

# make clean removes btfcc's editor files with the rest of its .tmp_* files.
kmake "$RQ" clean >/dev/null 2>&1 || fail "make clean"
! ls -a "$RQ" | grep -q '\.btfcc\.' || { ls -a "$RQ"; fail "make clean left btfcc files"; }
ok "make clean removes the entries and wrappers"
