#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# btfcc against plain gcc-12 (docs/bench.md): one table, medians of --reps runs.
#   bench/run.sh [--kernel LINE] [--reps N] [--markdown FILE]   (default: 6.1 and 6.12)
# BTFCC / BTFCC_DUMP default to $BTFCC_BUILD_DIR/driver/btfcc{,-dump}
# (BTFCC_BUILD_DIR defaults to build/ next to the sources).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/.." && pwd)
build=${BTFCC_BUILD_DIR:-$src/build}
export BTFCC=${BTFCC:-$build/driver/btfcc}
export BTFCC_DUMP=${BTFCC_DUMP:-$build/driver/btfcc-dump}
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing: apt-get install time" >&2; exit 1; }
for tool in bpftool gcc-12 make python3; do
	command -v "$tool" >/dev/null || { echo "bench: $tool not installed" >&2; exit 1; }
done
timeout "${BENCH_TIMEOUT:-1800}" python3 "$here/bench.py" "$@"
