# Sourced by test_driver_*.sh and test_kbuild_*.sh (not a test itself: the
# test glob is test_*.sh). Real kbuild builds against Debian's 6.1 headers.
set -u

KREL=${BTFCC_TEST_KREL:-6.1.0-56-amd64}
KDIR=/lib/modules/$KREL/build

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok: $*"; }

[ -n "${BTFCC:-}" ] && [ -x "$BTFCC" ] || skip "BTFCC is not set to the built btfcc"
command -v gcc-12 >/dev/null || skip "gcc-12 is not installed"

need_kernel() {
	[ -f "$KDIR/include/config/auto.conf" ] ||
		skip "no kernel headers in $KDIR (apt-get install linux-headers-$KREL)"
}

need_btf() {
	[ -f "/boot/vmlinuz-$KREL" ] ||
		skip "no /boot/vmlinuz-$KREL for BTF (apt-get install linux-image-$KREL)"
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/btfcc-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# kmake DIR [make args...]: an out-of-tree module build with btfcc as CC.
kmake() {
	local dir=$1
	shift
	make -C "$KDIR" M="$dir" CC="$BTFCC" "$@"
}

# expect_in FILE PATTERN WHAT: fixed-string grep with a readable failure.
expect_in() {
	grep -qF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "$3"; }
}

expect_not_in() {
	! grep -qF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "$3"; }
}
