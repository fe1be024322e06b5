#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Types that only a loadable module's BTF has (docs/modules.md), on the
# newest 6.1 (plain .ko) and 6.12 (.ko.xz) kernels, with bpftool's reading
# of each .ko over vmlinux's BTF as the oracle:
# - struct loop_device (loop.ko), with no marker: its size and offsets are
#   asserted at compile time, and the verbose output names module loop;
# - struct tpm_inf_dev, which tpm_infineon.ko and tpm_i2c_infineon.ko define
#   in different shapes: refused with both modules named; chosen by a
#   member only one shape has; named with //BTF_INCLUDE(tpm_infineon);
# - struct loop_device and ext4.ko's struct ext4_sb_info in one file:
#   refused in one line (one module's BTF per file);
# - the index: built once, read back, rebuilt when a module changes or is
#   added (a private modules dir, BTFCC_MODULE_BTF_DIR).
. "$(dirname "$0")/test_driver_common.bash"
t_need_tools bpftool python3 xz
SRC=${BTFCC_SRC_DIR:?}
export BTFCC_CACHE_DIR=$WORK/cache

# ko_btf REL MODULE: bpftool's raw dump of MODULE's BTF over vmlinux's.
ko_btf() {
	local rel=$1 mod=$2 f
	f=$(find "/lib/modules/$rel/kernel" -name "$mod.ko*" | head -n 1)
	[ -n "$f" ] || fail "$rel: no $mod.ko*"
	case $f in
	*.xz) xz -dc "$f" >"$WORK/$mod.ko" ;;
	*.ko) cp "$f" "$WORK/$mod.ko" ;;
	*) skip "$f: no decompressor in this test" ;;
	esac
	bpftool -B "$WORK/base-$rel.btf" btf dump file "$WORK/$mod.ko" >"$WORK/$mod-$rel.txt" ||
		fail "bpftool on $f"
}

# layout_asserts DUMP KIND NAME: _Static_asserts of NAME's size and member offsets.
layout_asserts() {
	python3 - "$1" "$2" "$3" "$SRC/test/sweep" <<'PY'
import sys
sys.path.insert(0, sys.argv[4])
import btfraw
types = btfraw.parse(open(sys.argv[1]).read())
t = [t for t in types.values() if t.kind == sys.argv[2] and t.name == sys.argv[3]][-1]
c = f"{t.kind.lower()} {t.name}"
print(f'_Static_assert(sizeof({c}) == {t.size}, "size");')
for m, off in btfraw.offsets(types, t):
    print(f'_Static_assert(__builtin_offsetof({c}, {m}) == {off}, "{m}");')
PY
}

# only_member DUMP_A DUMP_B: a member of struct tpm_inf_dev that A has and B lacks.
only_member() {
	python3 - "$1" "$2" "$SRC/test/sweep" <<'PY'
import sys
sys.path.insert(0, sys.argv[3])
import btfraw
def members(path):
    types = btfraw.parse(open(path).read())
    t = [t for t in types.values() if t.kind == "STRUCT" and t.name == "tpm_inf_dev"][-1]
    return [m for m, _ in btfraw.offsets(types, t)], t.size
a, sa = members(sys.argv[1])
b, sb = members(sys.argv[2])
only = [m for m in a if m not in b]
print(only[0] if only and (a != b or sa != sb) else "")
PY
}

module_src() {	# DIR NAME BODY
	mkdir -p "$1"
	echo "obj-m := $2.o" >"$1/Kbuild"
	printf '#include <linux/module.h>\nMODULE_LICENSE("GPL");\n%s\n' "$3" >"$1/$2.c"
}

for line in 6.1 6.12; do
	t_need_line rel "$line"
	[ -d "/lib/modules/$rel/kernel" ] || skip "no /lib/modules/$rel/kernel (scripts/setup.sh)"
	kdir=/lib/modules/$rel/build
	"$BTFCC_DUMP" -b "/boot/vmlinuz-$rel" --save-raw "$WORK/base-$rel.btf" 'struct list_head' \
		>/dev/null || fail "$line: btfcc-dump --save-raw"

	# struct loop_device, no marker.
	ko_btf "$rel" loop
	m=$WORK/loop-$line
	module_src "$m" lo "$(layout_asserts "$WORK/loop-$rel.txt" STRUCT loop_device)
int lo_num(struct loop_device *lo);
int lo_num(struct loop_device *lo) { return lo->lo_number; }"
	BTFCC_VERBOSE=1 make -C "$kdir" M="$m" CC="$BTFCC" >"$m.log" 2>&1 ||
		{ grep -v 'first try' "$m.log" | tail -30; fail "$line: struct loop_device does not build"; }
	grep -q "btfcc: struct loop_device: from module loop's BTF, .*/drivers/block/loop\.ko" "$m.log" ||
		fail "$line: the verbose output does not name module loop"
	ok "$line ($rel): struct loop_device from loop.ko, $(grep -c _Static_assert "$m/lo.c") layout checks = bpftool"

	# struct tpm_inf_dev: two modules, two shapes.
	ko_btf "$rel" tpm_infineon
	ko_btf "$rel" tpm_i2c_infineon
	grep -q "STRUCT 'tpm_inf_dev'" "$WORK/tpm_infineon-$rel.txt" &&
		grep -q "STRUCT 'tpm_inf_dev'" "$WORK/tpm_i2c_infineon-$rel.txt" ||
		skip "$rel: tpm_inf_dev is not in both modules' BTF"
	member=$(only_member "$WORK/tpm_infineon-$rel.txt" "$WORK/tpm_i2c_infineon-$rel.txt")
	[ -n "$member" ] || skip "$rel: the two struct tpm_inf_dev have one shape"

	m=$WORK/amb-$line
	module_src "$m" amb "int amb(void);
int amb(void) { return sizeof(struct tpm_inf_dev); }"
	make -C "$kdir" M="$m" CC="$BTFCC" >"$m.log" 2>&1 && fail "$line: an ambiguous module type built"
	grep -q "^$m/amb.c:[0-9]*:[0-9]*: error: struct tpm_inf_dev is not in vmlinux's BTF and modules define it in 2 different shapes: .*tpm_i2c_infineon (.*tpm_infineon (.* \[btfcc\]$" "$m.log" ||
		{ cat "$m.log"; fail "$line: no one-line ambiguity error naming both modules"; }
	ok "$line: $(grep -o 'error: struct tpm_inf_dev.*' "$m.log" | cut -c1-160)..."

	m=$WORK/hint-$line
	module_src "$m" hint "$(layout_asserts "$WORK/tpm_infineon-$rel.txt" STRUCT tpm_inf_dev)
void *hint(struct tpm_inf_dev *d);
void *hint(struct tpm_inf_dev *d) { return &d->$member; }"
	BTFCC_VERBOSE=1 make -C "$kdir" M="$m" CC="$BTFCC" >"$m.log" 2>&1 ||
		{ grep -v 'first try' "$m.log" | tail -20; fail "$line: member '$member' does not choose tpm_infineon's shape"; }
	grep -q "from module tpm_infineon's BTF" "$m.log" || fail "$line: not tpm_infineon's BTF"
	ok "$line: member '$member' chooses tpm_infineon's struct tpm_inf_dev (layout = bpftool)"

	m=$WORK/named-$line
	module_src "$m" named "struct tpm_inf_dev *named_dev; //BTF_INCLUDE(tpm_i2c_infineon)
$(layout_asserts "$WORK/tpm_i2c_infineon-$rel.txt" STRUCT tpm_inf_dev)"
	BTFCC_VERBOSE=1 make -C "$kdir" M="$m" CC="$BTFCC" >"$m.log" 2>&1 ||
		{ grep -v 'first try' "$m.log" | tail -20; fail "$line: //BTF_INCLUDE(tpm_i2c_infineon) does not build"; }
	grep -q "from module tpm_i2c_infineon's BTF" "$m.log" || fail "$line: not tpm_i2c_infineon's BTF"
	ok "$line: //BTF_INCLUDE(tpm_i2c_infineon) picks that module (layout = bpftool)"

	m=$WORK/nomod-$line
	module_src "$m" nomod "struct tpm_inf_dev *nomod_dev; //BTF_INCLUDE(btfcc_no_such_module)"
	make -C "$kdir" M="$m" CC="$BTFCC" >"$m.log" 2>&1 && fail "$line: an unknown module name built"
	grep -q "^$m/nomod.c:3:[0-9]*: error: //BTF_INCLUDE(btfcc_no_such_module): the kernel has no module btfcc_no_such_module \[btfcc\]$" "$m.log" ||
		{ cat "$m.log"; fail "$line: no error for an unknown module name"; }
	ok "$line: an unknown module name is an error at its line"

	m=$WORK/two-$line
	module_src "$m" two "int two(void);
int two(void) { return sizeof(struct loop_device) + sizeof(struct ext4_sb_info); }"
	make -C "$kdir" M="$m" CC="$BTFCC" >"$m.log" 2>&1 && fail "$line: types of two modules built"
	grep -q "^$m/two.c:[0-9]*:[0-9]*: error: struct loop_device is in module loop's BTF and struct ext4_sb_info in module ext4's, and no module has both: .* \[btfcc\]$" "$m.log" ||
		{ cat "$m.log"; fail "$line: no one-line error for types of two modules"; }
	ok "$line: two modules' types in one file: $(grep -o 'error: .*' "$m.log" | head -n 1 | cut -c1-120)..."
done

# The index is rebuilt when the modules change, and only then: a private
# modules dir of three of 6.1's modules (BTFCC_MODULE_BTF_DIR).
t_need_line rel 6.1
md=$WORK/mods/$rel/kernel
mkdir -p "$md/block" "$md/tpm"
cp "/lib/modules/$rel/kernel/drivers/block/loop.ko" "$md/block/"
cp "/lib/modules/$rel/kernel/drivers/char/tpm/tpm_infineon.ko" "$md/tpm/"
m=$WORK/ix
module_src "$m" ix "int ix(struct loop_device *lo);
int ix(struct loop_device *lo) { return lo->lo_number; }"
ix_build() {	# WHAT: build; print how the index was opened
	rm -f "$m"/*.o "$m"/.tmp_*
	BTFCC_MODULE_BTF_DIR=$md BTFCC_VERBOSE=1 make -C "/lib/modules/$rel/build" M="$m" \
		CC="$BTFCC" >"$m.log" 2>&1 || { grep -v 'first try' "$m.log" | tail; fail "index: $1"; }
	sed -n 's/^btfcc: module index of [^ ]*: \([0-9]*\) modules, \(built\|read from\).*/\1 \2/p' "$m.log"
}
[ "$(ix_build first)" = "2 built" ] || fail "index: not built on first use"
[ "$(ix_build again)" = "2 read from" ] || fail "index: not read back from the cache"
touch -d '2001-01-01' "$md/block/loop.ko"
[ "$(ix_build touched)" = "2 built" ] || fail "index: a changed module did not rebuild it"
cp "/lib/modules/$rel/kernel/drivers/char/tpm/tpm_i2c_infineon.ko" "$md/tpm/"
[ "$(ix_build added)" = "3 built" ] || fail "index: an added module did not rebuild it"
[ "$(ix_build same)" = "3 read from" ] || fail "index: not read back after the rebuild"
rm "$md/tpm/tpm_i2c_infineon.ko"
[ "$(ix_build removed)" = "2 read from" ] || fail "index: the earlier entry is not reused"
ok "index: built once, read back, rebuilt for a changed or added module ($(ls "$BTFCC_CACHE_DIR"/modules-*.idx | wc -l) entries)"
