#!/bin/bash
# Everything that is not a module C compile reaches the real compiler as is:
# kbuild's probes must see gcc-12 itself.
. "$(dirname "$0")/test_driver_common.bash"
need_kernel
cd "$KDIR"	# where kbuild runs its probes for M= builds

[ "$("$BTFCC" --version)" = "$(gcc-12 --version)" ] || fail "--version differs from gcc-12's"
ok "--version is gcc-12's"

[ "$("$BTFCC" -dumpversion)" = "$(gcc-12 -dumpversion)" ] || fail "-dumpversion"
[ "$("$BTFCC" -print-file-name=include)" = "$(gcc-12 -print-file-name=include)" ] ||
	fail "-print-file-name=include"
ok "-dumpversion, -print-file-name"

"$BTFCC" -Werror -x c /dev/null -c -o "$WORK/null.o" || fail "cc-option probe on /dev/null"
"$BTFCC" -fbtfcc-no-such-option -x c /dev/null -c -o "$WORK/null2.o" 2>/dev/null &&
	fail "an invalid option must still fail like gcc-12"
ok "cc-option probes on /dev/null"

out=$(echo 'btfcc_probe __GNUC__' | "$BTFCC" -E -P -x c -) || fail "-E -P -x c - from stdin"
[ "$out" = "btfcc_probe 12" ] || fail "-E from stdin gave '$out'"
ok "-E -P -x c - from stdin"

printf '\t.text\n\t.globl f\nf:\n\tret\n' > "$WORK/a.S"
"$BTFCC" -c -o "$WORK/a.o" "$WORK/a.S" || fail ".S file"
nm "$WORK/a.o" | grep -q ' T f' || fail ".S did not assemble"
ok ".S assembled"

echo '-dumpversion' > "$WORK/rsp"
[ "$("$BTFCC" @"$WORK/rsp")" = "$(gcc-12 -dumpversion)" ] || fail "@file response file"
ok "@file passed through"

echo 'int main(void) { return 0; }' > "$WORK/m.c"
"$BTFCC" -c -o "$WORK/m.o" "$WORK/m.c" && "$BTFCC" -o "$WORK/m" "$WORK/m.o" &&
	"$WORK/m" || fail "plain compile and link"
ok "plain compile + link step"

[ "$("$BTFCC" gcc-12 -dumpversion)" = "$(gcc-12 -dumpversion)" ] || fail "btfcc gcc-12 ..."
v=$(BTFCC_VERBOSE=1 BTFCC_REAL_CC="env gcc-12" "$BTFCC" -dumpversion 2>&1 >/dev/null)
echo "$v" | grep -q 'run: env gcc-12 -dumpversion' || fail "BTFCC_REAL_CC with spaces: $v"
ok "compiler from the first argument and from BTFCC_REAL_CC"

v=$(BTFCC_VERBOSE=1 "$BTFCC" --btfcc-verbose -dumpversion 2>&1 >/dev/null)
echo "$v" | grep -q 'run: gcc-12 -dumpversion$' || fail "--btfcc-verbose not stripped: $v"
ok "--btfcc-verbose stripped"
