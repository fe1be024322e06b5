#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# btfcc's decision to import must not depend on the language or the quotes
# of the compiler's messages: kbuild keeps the user's LANG, gcc-12-locales
# translates gcc, and UTF-8 locales quote with typographic apostrophes.
#  - Every position that needs a private type's definition (by value,
#    sizeof, an array of, a member of, a cast to, a compound literal of, a
#    function parameter of), each alone in a module with no marker, builds
#    under LANG=de_DE.UTF-8.
#  - The same positions with a type that exists nowhere fail with btfcc's
#    own error at the use's file:line:col, naming the type.
#  - An unknown type fails the same way under C, C.UTF-8, en_US.UTF-8 and
#    de_DE.UTF-8. (test/qemu/test_locale.sh builds and loads the by-value
#    module under each of them.)
. "$(dirname "$0")/test_driver_common.bash"
need_kernel
t_need_tools locale

LOCALES=(C C.UTF-8 en_US.UTF-8 de_DE.UTF-8)
have=$(locale -a | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/')
for loc in "${LOCALES[@]}"; do
	want=$(printf '%s' "$loc" | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/')
	grep -qx "$want" <<<"$have" || skip "locale $loc is not generated (scripts/setup.sh)"
done

# The premise: in de_DE.UTF-8, gcc-12 speaks German (else this proves little).
printf 'struct s x;\n' >"$WORK/premise.c"
LANG=de_DE.UTF-8 LC_ALL= gcc-12 -c -o /dev/null "$WORK/premise.c" 2>"$WORK/premise.log" || true
grep -q 'Speichergröße' "$WORK/premise.log" ||
	skip "gcc-12 does not speak German here (gcc-12-locales): $(cat "$WORK/premise.log")"
ok "premise: gcc-12 under de_DE.UTF-8 says: $(grep -m1 'error\|Fehler' "$WORK/premise.log")"

# module NAME TYPE FORM: a one-function module using TYPE in FORM. The use
# is on line 6 (the parameter's on line 3).
module() {
	local name=$1 type=$2 form=$3 m=$WORK/$1 body
	case $form in
	by_value) body="	$type v; v.size = 1; return v.size;" ;;
	sizeof) body="	return sizeof($type);" ;;
	array) body="	$type v[2]; v[1].size = 2; return v[1].size;" ;;
	member) body="	struct btfcc_own { $type c; int t; } o = { .t = 1 }; return o.t;" ;;
	cast) body="	return ((${type} *)p)->size;" ;;
	compound) body="	return ($type){ .size = 3 }.size;" ;;
	param) body="	return take(*($type *)p);" ;;
	*) fail "unknown form $form" ;;
	esac
	mkdir -p "$m"
	{
		printf '#include <linux/module.h>\n#include <linux/xattr.h>\n'
		if [ "$form" = param ]; then
			printf 'static noinline int take(%s c) { return 1; }\n' "$type"
		else
			printf '\n'
		fi
		printf 'int btfcc_f(void *p)\n{\n%s\n}\nMODULE_LICENSE("GPL");\n' "$body"
	} >"$m/$name.c"
	echo "obj-m := $name.o" >"$m/Makefile"
}

FORMS=(by_value sizeof array member cast compound param)
for form in "${FORMS[@]}"; do
	module "priv_$form" 'struct xattr_ctx' "$form"
	LANG=de_DE.UTF-8 kmake "$WORK/priv_$form" >"$WORK/priv_$form.log" 2>&1 ||
		{ cat "$WORK/priv_$form.log"; fail "$form of a private struct does not build under de_DE.UTF-8"; }
	[ -f "$WORK/priv_$form/priv_$form.o" ] || fail "$form: no object"
done
ok "private struct xattr_ctx found in every position under de_DE.UTF-8: ${FORMS[*]}"

# expect_unknown LOG FILE TYPE: one btfcc error naming TYPE, in the
# compiler's "file:line:col: error: ... [btfcc]" form.
expect_unknown() {
	local log=$1 file=$2 type=$3
	grep -q "^$file:[0-9]*:[0-9]*: error: type '$type' is not in the kernel's BTF.* \[btfcc\]$" "$log" ||
		{ cat "$log"; fail "no btfcc error naming $type in file:line:col form"; }
	[ "$(grep -c "error: type '$type'" "$log")" = 1 ] || { cat "$log"; fail "not one error line"; }
}

for form in "${FORMS[@]}"; do
	module "unk_$form" 'struct btfcc_no_such_type' "$form"
	if LANG=de_DE.UTF-8 kmake "$WORK/unk_$form" >"$WORK/unk_$form.log" 2>&1; then
		fail "$form of an unknown struct compiled"
	fi
	line=6
	[ "$form" != param ] || line=3
	grep -q "^$WORK/unk_$form/unk_$form.c:$line:[0-9]*: error: type 'struct btfcc_no_such_type'" \
		"$WORK/unk_$form.log" || { cat "$WORK/unk_$form.log"; fail "$form: no btfcc error at line $line"; }
	[ ! -e "$WORK/unk_$form/unk_$form.o" ] || fail "$form: object left after a failure"
done
ok "unknown struct refused at its line in every position under de_DE.UTF-8"

# A cast to an unknown typedef: an undeclared name that is a type.
mkdir -p "$WORK/unk_typedef_cast"
cat >"$WORK/unk_typedef_cast/unk_typedef_cast.c" <<'EOT'
#include <linux/module.h>

long btfcc_f(long x)
{
	return (btfcc_no_such_t)x + 1;
}
MODULE_LICENSE("GPL");
EOT
echo "obj-m := unk_typedef_cast.o" >"$WORK/unk_typedef_cast/Makefile"
LANG=de_DE.UTF-8 kmake "$WORK/unk_typedef_cast" >"$WORK/unk_typedef_cast.log" 2>&1 &&
	fail "a cast to an unknown typedef compiled"
grep -q "unk_typedef_cast.c:5:[0-9]*: error: type 'btfcc_no_such_t' is not in the kernel's BTF" \
	"$WORK/unk_typedef_cast.log" || { cat "$WORK/unk_typedef_cast.log"; fail "cast to an unknown typedef"; }
ok "cast to an unknown typedef refused at its line"

for loc in "${LOCALES[@]}"; do
	tag=unk_$(printf '%s' "$loc" | tr -c 'A-Za-z0-9\n' '_')
	mkdir -p "$WORK/$tag"
	cat >"$WORK/$tag/$tag.c" <<'EOT'
#include <linux/module.h>

static int __init btfcc_unk_init(void)
{
	struct no_such_type thing;

	return sizeof(thing);
}
module_init(btfcc_unk_init);
MODULE_LICENSE("GPL");
EOT
	echo "obj-m := $tag.o" >"$WORK/$tag/Makefile"
	LANG=$loc kmake "$WORK/$tag" >"$WORK/$tag.log" 2>&1 && fail "$loc: unknown type compiled"
	expect_unknown "$WORK/$tag.log" "$WORK/$tag/$tag.c" 'struct no_such_type'
	grep -q "^$WORK/$tag/$tag.c:5:22: error: " "$WORK/$tag.log" ||
		{ cat "$WORK/$tag.log"; fail "$loc: not at 5:22, the declaration that needs the type"; }
	[ ! -e "$WORK/$tag/$tag.o" ] || fail "$loc: object left after a failure"
	ok "LANG=$loc: $(grep "error: type" "$WORK/$tag.log")"
done
