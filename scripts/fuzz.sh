#!/usr/bin/env bash
# scripts/fuzz.sh SECONDS [TARGET...]: a fuzzing campaign, SECONDS per
# target (all of them when none is named: image gzip xz zstd lz4 elf load
# raw split cache engine), one target at a time, niced so that it only uses
# idle CPU (docs/fuzzing.md).
#
#   BTFCC_FUZZ_BUILD   build dir (default <tree>/build-fuzz; configured with
#                      clang-14 -DBTFCC_FUZZ=ON and built when missing)
#   BTFCC_FUZZ_CORPUS  where corpora live, outside the tree (default
#                      /var/tmp/btfcc-fuzz): <dir>/<target>/ grows run after
#                      run; crashes go to <dir>/crashes/<target>/, each
#                      run's log to <dir>/logs/, one summary line per
#                      target and run to <dir>/summary.txt
#
# A crash does not end a target's time: it is kept and fuzzing restarts
# from the corpus for what is left. Exits 1 when anything crashed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bdir=${BTFCC_FUZZ_BUILD:-$root/build-fuzz}
corpus=${BTFCC_FUZZ_CORPUS:-/var/tmp/btfcc-fuzz}
all=(image gzip xz zstd lz4 elf load raw split cache engine)

die() { echo "fuzz.sh: $*" >&2; exit 2; }

[[ ${1:-} =~ ^[0-9]+$ ]] || die "usage: fuzz.sh SECONDS [TARGET...]"
secs=$1
shift
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")

if [ ! -x "$bdir/test/fuzz/fuzz_engine" ]; then
	cmake -S "$root" -B "$bdir" -DCMAKE_C_COMPILER=clang-14 -DBTFCC_FUZZ=ON >/dev/null
	nice -n 19 cmake --build "$bdir" -j1
fi

# run_one TARGET: fuzz it for secs, restarting after each crash.
run_one() {
	local t=$1 bin=$bdir/test/fuzz/fuzz_$1 seeds=$bdir/test/fuzz/seeds/$1
	local left=$secs start=$SECONDS execs=0 crashes=0 cov=0 ft=0 log n line
	[ -x "$bin" ] || die "no fuzz target $bin"
	mkdir -p "$corpus/$t" "$corpus/crashes/$t" "$corpus/logs"
	while ((left > 0)); do
		log=$corpus/logs/$t-$(date +%Y%m%d-%H%M%S).log
		# -rss_limit_mb: the engine's bound (docs/fuzzing.md) with ASan's share.
		nice -n 19 "$bin" -max_total_time="$left" -timeout=20 -rss_limit_mb=2560 \
			-max_len=65536 -dict="$root/test/fuzz/btf.dict" -print_final_stats=1 \
			-artifact_prefix="$corpus/crashes/$t/" "$corpus/$t" "$seeds" \
			>"$log" 2>&1 || crashes=$((crashes + 1))
		n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
		execs=$((execs + ${n:-0}))
		line=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1 || true)
		if [ -n "$line" ]; then
			cov=$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<<"$line")
			ft=$(sed -E 's/.* ft: ([0-9]+).*/\1/' <<<"$line")
		fi
		left=$((secs - (SECONDS - start)))
	done
	printf '%s %s seconds=%d execs=%d cov=%d ft=%d corpus=%d crashes=%d\n' \
		"$(date -u +%FT%TZ)" "$t" "$((SECONDS - start))" "$execs" "$cov" "$ft" \
		"$(find "$corpus/$t" -type f | wc -l)" "$crashes" | tee -a "$corpus/summary.txt"
	((crashes == 0))
}

status=0
for t in "${targets[@]}"; do
	run_one "$t" || status=1
done
exit $status
