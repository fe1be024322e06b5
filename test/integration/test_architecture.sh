#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The layering of docs/architecture.md, checked on the build itself:
#  - CMake's own dependency graph (--graphviz) of the project's libraries
#    has no cycle and no edge from a lower layer to a higher one;
#  - no source file is compiled into two targets (compile_commands.json);
#  - a *_internal.h is included only from its own directory;
#  - btfcc itself loads neither libclang nor libbpf nor a decompressor.
. "$(dirname "$0")/test_driver_common.bash"
t_need_tools cmake python3 ldd
SRC=${BTFCC_SRC_DIR:?}
BUILD=${BTFCC_BUILD_DIR:?}

cmake -S "$SRC" -B "$WORK/graph" -DBUILD_TESTING=OFF --graphviz="$WORK/deps.dot" \
	>"$WORK/cmake.log" 2>&1 || { cat "$WORK/cmake.log"; fail "cmake --graphviz"; }

python3 - "$WORK/deps.dot" <<'PY' || fail "the target graph breaks the layering"
import re, sys
# Layers, lowest first: a target may link only targets of lower layers.
LAYER = {"btfcc_util": 0, "btfcc_image": 1, "btfcc_engine": 1, "btfcc_cflags": 1,
         "btfcc_btf": 2, "btfcc_pass": 2, "btfcc_driver": 2, "btfcc_import": 3,
         "btfcc": 4, "btfcc-import": 4, "btfcc-dump": 4, "btfcc-compdb": 4}
text = open(sys.argv[1]).read()
names = dict(re.findall(r'"(node\d+)" \[ label = "([^"]+)"', text))
edges = [(names[a], names[b]) for a, b in re.findall(r'"(node\d+)" -> "(node\d+)"', text)]
ours = [(a, b) for a, b in edges if a in LAYER and b in LAYER]
# btfcc execs btfcc-import: a build-order edge (add_dependencies), not a link.
ORDER_ONLY = {("btfcc", "btfcc-import")}
bad = [f"{a} -> {b}" for a, b in ours if LAYER[a] <= LAYER[b] and (a, b) not in ORDER_ONLY]
missing = sorted(set(LAYER) - set(names.values()))
if missing:
    print("targets missing from the graph:", missing)
    sys.exit(1)
if bad:
    print("edges that are not downward:", bad)
    sys.exit(1)
# A cycle needs an edge that is not downward, so none is left; say what was seen.
print(f"ok: {len(ours)} edges between {len(LAYER)} targets, all downward")
PY
ok "target graph: no cycle, no upward edge"

python3 - "$BUILD/compile_commands.json" "$SRC" <<'PY' || fail "a source is compiled into two targets"
import collections, json, os, sys
seen = collections.Counter(os.path.realpath(e["file"]) for e in json.load(open(sys.argv[1])))
src = os.path.realpath(sys.argv[2])
twice = [f for f, n in seen.items() if n > 1 and f.startswith(src)]
if twice:
    print("compiled more than once:", twice)
    sys.exit(1)
print(f"ok: {len(seen)} sources, each in one target")
PY
ok "no source file in two targets"

bad=$(cd "$SRC" && grep -rn '#include "[a-z]*/[a-z_]*_internal\.h"' plugin driver |
	awk -F: '{ split($1, p, "/"); dir = p[2]; inc = $0; sub(/.*#include "/, "", inc);
		   split(inc, q, "/"); if (q[1] != dir) print }')
[ -z "$bad" ] || fail "an internal header used outside its directory: $bad"
ok "internal headers stay in their directories"

libs=$(ldd "$BTFCC")
for lib in libclang libLLVM libbpf liblzma libzstd liblz4 libz.so libelf; do
	! grep -q "$lib" <<<"$libs" || fail "btfcc links $lib: $(grep "$lib" <<<"$libs")"
done
ok "btfcc loads no libclang, libbpf, libelf or decompressor"
