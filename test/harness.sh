# SPDX-License-Identifier: GPL-2.0-only
# The one skip/fail policy of every shell test. Sourced by the group
# libraries (fixtures/lib.sh, integration/test_driver_common.bash,
# qemu/lib.sh) and by the sweep's test; it sets no shell options.
#
# A test whose prerequisite is missing exits 77, which ctest reports as
# skipped, except under CI=true, where a missing prerequisite is a failure:
# a suite that is green because it tested nothing is not green (and
# scripts/test.sh fails any CI run that counts a skip).

_t_harness_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/common.sh
source "$_t_harness_dir/../scripts/common.sh"

t_log() { printf '%s\n' "$*" >&2; }

# t_skip REASON: skip this test (exit 77), or fail it under CI=true.
t_skip() {
	if [ "${CI:-}" = true ]; then
		t_log "FAIL: a prerequisite is missing and CI=true: $*"
		exit 1
	fi
	t_log "SKIP: $*"
	exit 77
}

# t_need_tools TOOL...: each must be on PATH.
t_need_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || t_skip "$t is not installed (run scripts/setup.sh)"
	done
}

# t_need_line VAR LINE: set VAR to the release of kernel line LINE ("6.1",
# "6.12", "6.1-rt", "6.12-rt"; scripts/common.sh), which must have its
# headers and boot image here. Never a fixed release: the metapackage says.
t_need_line() {
	# Prefixed locals: the caller's VAR may be called rel, why or line.
	local _t_why
	if _t_why=$(btfcc_line_missing "$2"); then
		t_skip "$_t_why"
	fi
	printf -v "$1" '%s' "$(btfcc_line_release "$2")"
}
