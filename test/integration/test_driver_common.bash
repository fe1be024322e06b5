# Sourced by test_driver_*.sh and test_kbuild_*.sh (not a test itself: the
# test glob is test_*.sh). Real kbuild builds against the headers of kernel
# line $BTFCC_TEST_LINE (default 6.1: linux-headers-amd64's release).
set -u
# shellcheck source=test/harness.sh
. "$(dirname "${BASH_SOURCE[0]}")/../harness.sh"

LINE=${BTFCC_TEST_LINE:-6.1}
KREL=$(btfcc_line_release "$LINE" || true)
KDIR=${BTFCC_MODULES_DIR:-/lib/modules}/$KREL/build

skip() { t_skip "$@"; }
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok: $*"; }

[ -n "${BTFCC:-}" ] && command -v "$BTFCC" >/dev/null || skip "BTFCC is not set to the built (or installed) btfcc"
t_need_tools gcc-12 make

# The line's headers and boot image (its BTF): a test that builds modules.
need_kernel() {
	t_need_line KREL "$LINE"
}

need_btf() {
	need_kernel
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
