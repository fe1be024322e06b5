#!/usr/bin/env bash
# Runs every test:
#   1. build/       (RelWithDebInfo): every test, whatever its label (unit,
#                   fixtures, integration, kernel, qemu, ...), but "package"
#   2. build-asan/  (-DBTFCC_SANITIZE=ON, ASan+UBSan): unit, fixtures,
#                   integration
#   3. the Debian package: build-deb/ (scripts/build-deb.sh, nocheck: the
#                   tests ran above), apt-get install ./btfcc_*.deb, then in
#                   build-installed/ (-DBTFCC_TEST_INSTALLED=ON: BTFCC=btfcc
#                   from PATH) the "package" tests, the 6.1 and 6.12 demo
#                   boots, the kbuild integration and system cache tests
#   4. build-fuzz/  (clang-14 -DBTFCC_FUZZ=ON, libFuzzer+ASan+UBSan): fuzz,
#                   every fuzz target over its corpus (docs/fuzzing.md)
# and ends with one line "N passed, N failed, N skipped" summing both runs.
# Exits non-zero when anything failed (a build failure counts as one
# failure), and under CI=true also when anything skipped: a green run must
# have tested everything (the harnesses already turn a missing prerequisite
# into a failure there; this catches a test that skips some other way).
#
# Environment: BTFCC_TEST_JOBS (default 2), BTFCC_TEST_SKIP_ASAN=1,
# BTFCC_TEST_SKIP_PACKAGE=1 and BTFCC_TEST_SKIP_FUZZ=1 leave out the second,
# third and fourth passes (quick local runs), CTEST_ARGS (extra ctest
# arguments, e.g. "-R qemu/").
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=${BTFCC_TEST_JOBS:-2}
total_pass=0
total_fail=0
total_skip=0
digest_file=$(mktemp "${TMPDIR:-/tmp}/btfcc-test-digest.XXXXXX")
trap 'rm -f "$digest_file"' EXIT

say() { printf '\n=== test.sh: %s\n' "$*"; }

# count_results LOG: add the ctest summary in LOG to the totals.
count_results() {
	local log=$1 total failed skipped summary
	summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)
	if [ -z "$summary" ]; then
		if grep -q 'No tests were found' "$log"; then
			return 0
		fi
		# ctest itself failed before running anything.
		total_fail=$((total_fail + 1))
		return 0
	fi
	failed=$(sed -E 's/^[0-9]+% tests passed, ([0-9]+) tests? failed.*/\1/' <<<"$summary")
	total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
	skipped=$(grep -cE '^[[:space:]]*[0-9]+ - .*\((Skipped|Disabled)\)' "$log" || true)
	total_fail=$((total_fail + failed))
	total_skip=$((total_skip + skipped))
	total_pass=$((total_pass + total - failed - skipped))
}

# failure_digest PASS LOG: for each test that failed in LOG, the lines of its
# output that say why (the full output is long: a digest at the end of the
# run is what a truncated CI log still shows).
failure_digest() {
	awk '
		/^ *[0-9]+\/[0-9]+ Test +#[0-9]+: / {
			name = ""
			if ($0 ~ /\*\*\*(Failed|Timeout|Exception)/ || $0 ~ /Failed +[0-9.]+ sec/) {
				name = $4; shown = 0
				print "  " pass ": " name ":" >> digest
			}
			next
		}
		/^ *Start +[0-9]+: |^[0-9]+% tests passed/ { name = ""; next }
		name != "" && shown < 8 && /FAIL|[Ee]rror|ERROR|Sanitizer|SUMMARY:|Assert|not ok|expected|^[<>] / {
			print "    " substr($0, 1, 200) >> digest; shown++
		}' digest="$digest_file" pass="$1" "$2"
}

# run_ctest NAME BUILD_DIR CTEST_FILTER...: run ctest there, add up results.
run_ctest() {
	local name=$1 bdir=$2 log
	shift 2
	say "$name: ctest $*"
	log=$bdir/ctest.log
	# shellcheck disable=SC2086  # CTEST_ARGS is a word list on purpose
	(cd "$bdir" && ctest --output-on-failure -j"$jobs" --timeout 900 "$@" \
		${CTEST_ARGS:-} 2>&1) | tee "$log" || true
	count_results "$log"
	failure_digest "$name" "$log"
}

# run_pass NAME BUILD_DIR CTEST_FILTER [CMAKE_ARGS...]; CTEST_FILTER is one
# word of ctest options ("-L unit|fixtures", "-LE package").
run_pass() {
	local name=$1 bdir=$2 filter=$3
	shift 3
	say "$name: configure and build $bdir"
	if ! cmake -S "$root" -B "$bdir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null ||
		! cmake --build "$bdir" -j"$jobs"; then
		echo "test.sh: $name: build FAILED" >&2
		total_fail=$((total_fail + 1))
		return 0
	fi
	# shellcheck disable=SC2086  # "-L regex": option and value
	run_ctest "$name" "$bdir" $filter
}

# The tests that run against the installed package: its own, one boot per
# kernel line that is not PREEMPT_RT, and the kbuild integration.
PACKAGE_TESTS='^(package/.*|qemu/test_demo_6_1|qemu/test_demo_6_12|integration/test_kbuild_module|integration/test_system_cache)$'

# Pass 3: build the .deb, install it, run PACKAGE_TESTS with BTFCC=btfcc.
run_package_pass() {
	local name="pass 3/4 (installed package)" deb
	say "$name: build and install the Debian package"
	if ! deb=$(DEB_BUILD_OPTIONS=nocheck DEB_BUILD_PROFILES=nocheck bash "$root/scripts/build-deb.sh" "$root/build-deb") ||
		! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >"$root/build-deb/install.log" 2>&1; then
		tail -n 20 "$root/build-deb/install.log" 2>/dev/null >&2 || true
		echo "test.sh: $name: package build or install FAILED" >&2
		total_fail=$((total_fail + 1))
		return 0
	fi
	# Configure only: the tests take the installed programs from PATH.
	if ! cmake -S "$root" -B "$root/build-installed" -DBTFCC_TEST_INSTALLED=ON >/dev/null; then
		total_fail=$((total_fail + 1))
		return 0
	fi
	run_ctest "$name" "$root/build-installed" -R "$PACKAGE_TESTS"
}

# clang's libFuzzer runtime (libclang-rt-14-dev): link a target with it.
have_fuzzer() {
	local tmp rc=0
	tmp=$(mktemp -d)
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' \
		>"$tmp/t.c"
	clang-14 -fsanitize=fuzzer -o "$tmp/t" "$tmp/t.c" >/dev/null 2>&1 || rc=1
	rm -rf "$tmp"
	return $rc
}

# The fourth pass: a build of its own with clang-14, ctest -L fuzz. Without
# the runtime it is one skip, and under CI=true one failure.
fuzz_pass() {
	if ! have_fuzzer; then
		echo "test.sh: pass 4/4 (fuzz): clang-14 cannot link -fsanitize=fuzzer (libclang-rt-14-dev)" >&2
		if [ "${CI:-}" = true ]; then
			total_fail=$((total_fail + 1))
		else
			total_skip=$((total_skip + 1))
		fi
		return 0
	fi
	run_pass "pass 4/4 (fuzz)" "$root/build-fuzz" "-L fuzz" \
		-DCMAKE_C_COMPILER=clang-14 -DBTFCC_FUZZ=ON
}

main() {
	local t0=$SECONDS
	say "set-up"
	bash "$root/scripts/setup.sh"

	# "package" needs the installed package: pass 3.
	run_pass "pass 1/4" "$root/build" "-LE package"

	if [ -z "${BTFCC_TEST_SKIP_ASAN:-}" ]; then
		# ASan's leak checker stays on (see docs/testing.md).
		export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
		run_pass "pass 2/4 (ASan+UBSan)" "$root/build-asan" "-L unit|fixtures|integration" \
			-DBTFCC_SANITIZE=ON
	fi

	if [ -z "${BTFCC_TEST_SKIP_PACKAGE:-}" ]; then
		run_package_pass
	fi

	if [ -z "${BTFCC_TEST_SKIP_FUZZ:-}" ]; then
		fuzz_pass
	fi

	say "done in $(((SECONDS - t0) / 60))m$(((SECONDS - t0) % 60))s"
	if [ "${CI:-}" = true ] && [ "$total_skip" != 0 ]; then
		echo "test.sh: $total_skip test(s) skipped under CI=true; that is a failure" >&2
	fi
	if [ -s "$digest_file" ]; then
		echo "test.sh: why the failed tests failed (their output is above):"
		cat "$digest_file"
	fi
	echo "$total_pass passed, $total_fail failed, $total_skip skipped"
	[ "$total_fail" = 0 ] || return 1
	[ "${CI:-}" != true ] || [ "$total_skip" = 0 ]
}

main "$@"
