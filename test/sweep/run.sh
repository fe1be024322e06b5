#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The import sweep (docs/sweep.md): every named struct/union of a kernel's
# BTF that test/sweep/headers.h leaves undefined, imported by btfcc in a real
# kbuild build and checked against bpftool's raw dump.
#
#   test/sweep/run.sh --full --kernel 6.1|6.12 [--report FILE] [sweep.py options]
#   test/sweep/run.sh --sample 500 --seed 5 --kernel 6.1
#
# BTFCC / BTFCC_DUMP default to <build>/driver/btfcc{,-dump}, with the build
# directory from BTFCC_BUILD_DIR (default: build/ next to the sources).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=${BTFCC_SRC_DIR:-$(cd "$here/../.." && pwd)}
build=${BTFCC_BUILD_DIR:-$src/build}
export BTFCC=${BTFCC:-$build/driver/btfcc}
export BTFCC_DUMP=${BTFCC_DUMP:-$build/driver/btfcc-dump}

# The BTF cache of a vmlinuz goes to a private directory unless one is set:
# the sweep must not depend on (or fill) the user's cache.
cleanup=
if [ -z "${BTFCC_CACHE_DIR+x}" ]; then
	BTFCC_CACHE_DIR=$(mktemp -d /tmp/btfcc-sweep-cache.XXXXXX)
	export BTFCC_CACHE_DIR
	cleanup=$BTFCC_CACHE_DIR
fi
trap '[ -z "$cleanup" ] || rm -rf "$cleanup"' EXIT

# A whole run is bounded: the sweep itself bounds each build.
timeout "${SWEEP_TIMEOUT:-7200}" python3 "$here/sweep.py" "$@"
