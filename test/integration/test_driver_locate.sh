#!/bin/bash
# Which compiler and which BTF: from the kernel tree being built for, not
# from the running kernel.
. "$(dirname "$0")/test_driver_common.bash"

# fake_tree DIR RELEASE CC_VERSION_TEXT: a configured tree with nothing else.
fake_tree() {
	mkdir -p "$1/include/config" "$1/include/generated"
	printf 'CONFIG_CC_VERSION_TEXT="%s"\nCONFIG_CC_IS_GCC=y\nCONFIG_GCC_VERSION=120200\n' \
		"$3" > "$1/include/config/auto.conf"
	echo "$2" > "$1/include/config/kernel.release"
	echo "#define UTS_RELEASE \"$2\"" > "$1/include/generated/utsrelease.h"
}

cd "$WORK"
fake_tree t1 9.9.9-btfcc-test "gcc-12 (Debian 12.2.0-14) 12.2.0"
v=$(cd t1 && BTFCC_VERBOSE=1 "$BTFCC" -dumpversion 2>&1 >/dev/null)
echo "$v" | grep -q 'run: gcc-12 -dumpversion' || fail "compiler from CC_VERSION_TEXT: $v"
ok "compiler from CONFIG_CC_VERSION_TEXT (tree = current directory)"

fake_tree t2 9.9.9-btfcc-test "no-such-gcc-77 (fake) 12.2.0"
v=$(cd t2 && BTFCC_VERBOSE=1 "$BTFCC" -dumpversion 2>&1 >/dev/null)
echo "$v" | grep -q 'run: gcc-12 -dumpversion' || fail "compiler from GCC_VERSION: $v"
ok "compiler from CONFIG_GCC_VERSION when the text names no installed compiler"

v=$(BTFCC_KERNEL_DIR=$WORK/t1 BTFCC_VERBOSE=1 "$BTFCC" -dumpversion 2>&1 >/dev/null)
echo "$v" | grep -q 'run: gcc-12 -dumpversion' || fail "BTFCC_KERNEL_DIR: $v"
ok "BTFCC_KERNEL_DIR"

# A TU that needs a type: without BTF for the tree's release, one clear line.
cat > need.c <<'EOT'
struct btfcc_test_opaque;
int f(struct btfcc_test_opaque *p)
{
	return p->x;
}
EOT
BTFCC_KERNEL_DIR=$WORK/t1 "$BTFCC" -c -o need.o need.c 2> err.txt && fail "compiled without BTF"
[ ! -e need.o ] || fail "half-written object"
expect_in err.txt "no BTF for kernel 9.9.9-btfcc-test" "missing-BTF message"
expect_in err.txt "/boot/vmlinuz-9.9.9-btfcc-test" "paths tried"
expect_in err.txt "apt-get install linux-image-9.9.9-btfcc-test" "what to install"
[ "$(wc -l <err.txt)" = 1 ] && grep -q '^need\.c:4:[0-9]*: error: .* \[btfcc\]$' err.txt ||
	{ cat err.txt; fail "not one line in the compiler's file:line:col form"; }
ok "missing BTF: $(cat err.txt)"
ls -a | grep -q btfcc && fail "litter left: $(ls -a)"
ok "no work files left after the failure"

# The 6.1 tree on a host running another kernel: its vmlinuz, not /sys.
need_kernel
if [ "$(uname -r)" != "$KREL" ]; then
	BTFCC_KERNEL_DIR=$KDIR BTFCC_VERBOSE=1 "$BTFCC" -c -o need.o need.c 2> err.txt
	expect_in err.txt "BTF source: /boot/vmlinuz-$KREL" "6.1 BTF from /boot"
	expect_not_in err.txt "BTF source: /sys/kernel/btf/vmlinux" "running kernel's BTF used"
	ok "BTF of $KREL from /boot/vmlinuz-$KREL, not the running $(uname -r)"
fi

# The running kernel's release: /sys/kernel/btf/vmlinux is right.
if [ -r /sys/kernel/btf/vmlinux ]; then
	fake_tree t3 "$(uname -r)" "gcc-12 (Debian 12.2.0-14) 12.2.0"
	BTFCC_KERNEL_DIR=$WORK/t3 BTFCC_VERBOSE=1 "$BTFCC" -c -o need.o need.c 2> err.txt
	expect_in err.txt "BTF source: /sys/kernel/btf/vmlinux" "running kernel's BTF"
	ok "/sys/kernel/btf/vmlinux for the running release"
fi

# BTFCC_BTF wins.
if [ -r /sys/kernel/btf/vmlinux ]; then
	BTFCC_BTF=/sys/kernel/btf/vmlinux BTFCC_KERNEL_DIR=$WORK/t1 BTFCC_VERBOSE=1 \
		"$BTFCC" -c -o need.o need.c 2> err.txt
	expect_in err.txt "BTF source: /sys/kernel/btf/vmlinux" "BTFCC_BTF"
	ok "BTFCC_BTF overrides"
fi
