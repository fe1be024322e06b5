#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Every struct, union, enum and typedef name of the newest 6.1 and 6.12
# kernels' BTF, in one btfcc-dump --keep-going: the header compiles with
# gcc-12 and clang-14 under -Wall -Wextra without a diagnostic (its own
# _Static_asserts on sizes, offsets and proven alignments hold), and the
# only refused names are those BTF has in several shapes, which no request
# without a member hint can tell apart (docs/engine.md). Each refusal is
# listed with its reason. About 10 s a kernel on one core.
set -euo pipefail
. "$(dirname "$0")/../fixtures/lib.sh"
fx_need_tools "$FX_GCC" "$FX_CLANG" bpftool python3
fx_need_dump
fx_tmpdir

# names RAW: every named struct/union/enum/typedef spec, once, in BTF order.
names() {
	bpftool btf dump file "$1" format raw | python3 -c '
import re, sys
kw = {"STRUCT": "struct ", "UNION": "union ", "ENUM": "enum ", "ENUM64": "enum ", "TYPEDEF": ""}
seen = set()
for line in sys.stdin:
    m = re.match(r"^\[\d+\] (STRUCT|UNION|ENUM|ENUM64|TYPEDEF) \x27([^\x27]+)\x27", line)
    if m and m.group(2) != "(anon)":
        spec = kw[m.group(1)] + m.group(2)
        if spec not in seen:
            seen.add(spec)
            print(spec)
'
}

fail=0
check_line() {
	local line=$1 rel img raw hdr err t0 t1 rc=0 n cc out bad
	t_need_line rel "$line"
	img=/boot/vmlinuz-$rel raw=$FX_TMP/$line.btf hdr=$FX_TMP/$line.h err=$FX_TMP/$line.err
	t0=$(date +%s%N)
	"$BTFCC_DUMP" -b "$img" --save-raw "$raw" 'struct list_head' >/dev/null
	mapfile -t types < <(names "$raw")
	"$BTFCC_DUMP" -b "$raw" --keep-going "${types[@]}" >"$hdr" 2>"$err" || rc=$?
	if ((rc > 1)) || ! grep -q _Static_assert "$hdr"; then
		echo "FAIL $rel: btfcc-dump --keep-going exit $rc:"
		head -n 20 "$err" | sed 's/^/    /'
		fail=1
		return
	fi
	n=$(grep -c "^btfcc-dump: refused " "$err" || true)
	echo "     $rel: ${#types[@]} names, $n refused:"
	sed -n "s/^btfcc-dump: refused /    /p" "$err"
	bad=$(grep "^btfcc-dump: refused " "$err" |
	      grep -v "is ambiguous: BTF has [0-9]* different shapes" || true)
	if [[ -n $bad ]]; then
		echo "FAIL $rel: refused for another reason than a name in several shapes:"
		printf '%s\n' "$bad" | sed 's/^/    /'
		fail=1
	fi
	for cc in "$FX_GCC" "$FX_CLANG"; do
		if ! out=$("$cc" -std=gnu11 -Wall -Wextra -fsyntax-only -x c "$hdr" 2>&1) ||
		   [[ -n $out ]]; then
			echo "FAIL $rel: $cc -Wall -Wextra on the header:"
			printf '%s\n' "$out" | grep -E 'error|warning' | head -n 20 | sed 's/^/    /'
			fail=1
		fi
	done
	t1=$(date +%s%N)
	echo "ok   $rel: $(grep -c '^_Static_assert' "$hdr") checks, $(grep -c '_Alignof' "$hdr")" \
	     "of them on alignment; $(wc -l <"$hdr") lines;" \
	     "$(((t1 - t0) / 1000000)) ms with both compilers"
}

check_line 6.1
check_line 6.12
exit $fail
