#!/bin/bash
# Stale hand copies of kernel types: a module that compiles with its own
# struct proc_dir_entry (4.19's shape), union proc_op or enum
# cpuacct_stat_index gets a warning at the copy's file:line:col naming the
# first member (enumerator) that differs, on 6.1 and 6.12; a namesake that
# shares no member with the kernel's type (struct node) is no copy; BTF_OWN on the
# definition's line silences it; the module is built as it is either way.
# Oracle: pahole reads the copy's layout from the module's DWARF and the
# kernel's from its BTF; bpftool the kernel's enumerator values.
. "$(dirname "$0")/test_driver_common.bash"
# shellcheck source=test/qemu/lib.sh
. "$BTFCC_SRC_DIR/test/qemu/lib.sh"	# qemu_extract_vmlinux
t_need_tools pahole bpftool
COPIES=$BTFCC_SRC_DIR/test/integration/copies
# A cache of our own: the first build finds no names index and writes it.
export BTFCC_CACHE_DIR=$WORK/cache

# members FILE FORMAT TYPE: "name offset" of every member, in order,
# anonymous members flattened (pahole prints their offsets absolute).
members() {
	pahole -F "$2" -C "$3" "$1" | awk '
		/;[ \t]*\/\*[ \t]*[0-9]+[ \t]+[0-9]+[ \t]*\*\// {
			line = $0; sub(/;.*/, "", line)
			if (line ~ /^[ \t]*}/) next	# the end of an anonymous member
			if (match(line, /\(\*[A-Za-z_0-9]+\)/)) {
				name = substr(line, RSTART + 2, RLENGTH - 3)
			} else {
				n = split(line, w, /[ \t*]+/); name = w[n]; sub(/\[.*/, "", name)
			}
			rest = $0; sub(/.*\/\*[ \t]*/, "", rest); split(rest, f, /[ \t]+/)
			print name, f[1]
		}'
}

# first_diff KO VMLINUX TYPE: "name here-offset kernel-offset|-" of the first
# member of the copy that the kernel lacks or has elsewhere.
first_diff() {
	awk 'NR == FNR { k[$1] = $2; next }
	     !($1 in k) { print $1, $2, "-"; exit }
	     k[$1] != $2 { print $1, $2, k[$1]; exit }' \
		<(members "$2" btf "$3") <(members "$1" dwarf "$3")
}

# build_copy SRC: a copy of a module directory under $WORK, built; log in $WORK/<name>.log.
build_copy() {
	local d=$WORK/$LINE-$(basename "$1")
	rm -rf "$d"
	cp -r "$1" "$d"
	kmake "$d" modules >"$d.log" 2>&1 || { cat "$d.log"; fail "$LINE: $(basename "$1") does not build"; }
	printf '%s\n' "$d"
}

# expect_warning LOG FILE LINE WHAT PATTERN: one btfcc warning at FILE:LINE that matches.
expect_warning() {
	local got
	got=$(grep -E "^$2:$3:[0-9]+: warning: .*\[btfcc\]$" "$1") ||
		{ cat "$1"; fail "$LINE: no btfcc warning at $(basename "$2"):$3 ($4)"; }
	[ "$(wc -l <<<"$got")" = 1 ] || { cat "$1"; fail "$LINE: $4 warned more than once"; }
	grep -qE -- "$5" <<<"$got" || { echo "$got"; fail "$LINE: $4: the warning does not say /$5/"; }
	grep -qF "delete the copy" <<<"$got" || fail "$LINE: $4: the warning does not name the fix"
	grep -qF "BTF_OWN" <<<"$got" || fail "$LINE: $4: the warning does not say how to silence it"
	ok "$LINE: $4: ${got#"$WORK/"}"
}

for LINE in 6.1 6.12; do
	t_need_line KREL "$LINE"
	KDIR=${BTFCC_MODULES_DIR:-/lib/modules}/$KREL/build
	vmlinux=$WORK/vmlinux-$LINE
	qemu_extract_vmlinux "/boot/vmlinuz-$KREL" "$vmlinux" || fail "$LINE: no vmlinux from /boot/vmlinuz-$KREL"

	# struct proc_dir_entry, 4.19's shape.
	d=$(build_copy "$COPIES/stale_pde")
	src=$d/btfcc_stale_pde.c
	at=$(grep -n '^struct proc_dir_entry {' "$src" | cut -d: -f1)
	read -r name here there < <(first_diff "$d/btfcc_stale_pde.ko" "$vmlinux" proc_dir_entry)
	[ -n "$name" ] || fail "$LINE: the oracle finds no difference in the 4.19 copy"
	if [ "$there" = - ]; then
		want="'$name' at offset $here here is not a member"
	else
		want="'$name' is at offset $here here, $there in the kernel"
	fi
	expect_warning "$d.log" "$src" "$at" "struct proc_dir_entry (first difference: $name)" "$want"

	# union proc_op with a member 6.x lacks, enum cpuacct_stat_index with a moved value.
	d=$(build_copy "$COPIES/stale_misc")
	src=$d/btfcc_stale_misc.c
	at=$(grep -n '^union proc_op {' "$src" | cut -d: -f1)
	read -r name here there < <(first_diff "$d/btfcc_stale_misc.ko" "$vmlinux" proc_op)
	[ "$there" = - ] || fail "$LINE: the oracle finds '$name' in the kernel's union proc_op"
	expect_warning "$d.log" "$src" "$at" "union proc_op" "'$name' at offset $here here is not a member"
	kval=$(bpftool btf dump file "$vmlinux" format raw |
		grep -A4 "ENUM 'cpuacct_stat_index'" | sed -n "s/.*'CPUACCT_STAT_SYSTEM' val=\([0-9-]*\).*/\1/p")
	[ -n "$kval" ] || fail "$LINE: bpftool finds no CPUACCT_STAT_SYSTEM"
	[ "$kval" != 2 ] || fail "$LINE: the kernel's CPUACCT_STAT_SYSTEM is the copy's 2: no stale copy"
	at=$(grep -n '^enum cpuacct_stat_index {' "$src" | cut -d: -f1)
	expect_warning "$d.log" "$src" "$at" "enum cpuacct_stat_index" \
		"enumerator CPUACCT_STAT_SYSTEM is 2 here, $kval in the kernel"
	grep -q "btfcc_stale_misc_own" "$d.log" && { cat "$d.log"; fail "$LINE: a warning about a type BTF does not have"; }
	pahole -F btf -C node "$vmlinux" | grep -q '^struct node {' ||
		fail "$LINE: the kernel has no struct node: the unrelated-namesake check proves nothing"
	grep -q "this struct node is not" "$d.log" && { cat "$d.log"; fail "$LINE: a warning about the module's unrelated struct node"; }

	# struct linux_dirent of the module's own: silent with BTF_OWN, warned without.
	d=$(build_copy "$COPIES/own_dirent")
	grep -q 'warning: .*\[btfcc\]' "$d.log" && { cat "$d.log"; fail "$LINE: BTF_OWN did not silence the warning"; }
	[ -e "$d/btfcc_own_dirent.ko" ] || fail "$LINE: no module with BTF_OWN"
	ok "$LINE: struct linux_dirent marked //BTF_OWN: no warning"
	unmarked=$WORK/unmarked-own_dirent
	rm -rf "$unmarked" && cp -r "$COPIES/own_dirent" "$unmarked"
	sed -i 's| *//BTF_OWN||' "$unmarked/btfcc_own_dirent.c"
	d=$(build_copy "$unmarked")
	src=$d/btfcc_own_dirent.c
	at=$(grep -n '^struct linux_dirent {' "$src" | cut -d: -f1)
	read -r name here there < <(first_diff "$d/btfcc_own_dirent.ko" "$vmlinux" linux_dirent)
	expect_warning "$d.log" "$src" "$at" "struct linux_dirent without BTF_OWN" "'$name'"
	rm -f "$vmlinux"
done

# A module whose own struct names are not in BTF pays no scan once the names index exists.
[ -n "$(ls "$BTFCC_CACHE_DIR"/names-*.txt 2>/dev/null)" ] || fail "no names index in $BTFCC_CACHE_DIR"
mkdir -p "$WORK/plain"
cat >"$WORK/plain/plain.c" <<'EOT'
#include <linux/module.h>
struct btfcc_plain_own { int a; };
int plain_f(struct btfcc_plain_own *p);
int plain_f(struct btfcc_plain_own *p) { return p->a; }
MODULE_LICENSE("GPL");
EOT
echo 'obj-m := plain.o' >"$WORK/plain/Kbuild"
BTFCC_VERBOSE=1 kmake "$WORK/plain" modules >"$WORK/plain.log" 2>&1 || { cat "$WORK/plain.log"; fail "plain module"; }
expect_not_in "$WORK/plain.log" "scan of" "a module defining only its own names was scanned"
ok "own names not in BTF: no scan"
