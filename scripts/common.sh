# Shared helpers for scripts/*.sh and test/qemu/*.sh. Source it; it sets no
# shell options of its own.

# The kernel lines btfcc is built and tested against, each named by the
# Debian metapackage that follows its newest ABI: a test asks for a line
# ("6.1", "6.12-rt") and gets whatever release that metapackage points to
# today, so the suite keeps testing when Debian publishes the next ABI.
# The first one is the default kernel (Debian 12's linux-headers-amd64).
# PREEMPT_RT changes spinlock_t, so every private struct that embeds a lock
# has another layout there: the -rt lines are tested as kernels of their own.
BTFCC_KERNEL_LINES=(6.1 6.12 6.1-rt 6.12-rt)
declare -A BTFCC_LINE_METAPKG=(
	[6.1]=linux-headers-amd64
	[6.12]=linux-headers-6.12-amd64
	[6.1-rt]=linux-headers-rt-amd64
	[6.12-rt]=linux-headers-6.12-rt-amd64
)
BTFCC_HEADER_METAPKGS=()
for _line in "${BTFCC_KERNEL_LINES[@]}"; do
	BTFCC_HEADER_METAPKGS+=("${BTFCC_LINE_METAPKG[$_line]}")
done
unset _line

btfcc_die() {
	printf '%s: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

# btfcc_metapkg_release METAPKG: the kernel release an installed (else the
# candidate) header metapackage points to, e.g. linux-headers-amd64 ->
# 6.1.0-<abi>-amd64. Prints nothing and returns 1 when it cannot be resolved.
btfcc_metapkg_release() {
	local meta=$1 deps rel
	deps=$(dpkg-query -W -f='${Status}|${Depends}\n' "$meta" 2>/dev/null |
		sed -n 's/^install ok installed|//p')
	if [ -z "$deps" ]; then
		deps=$(apt-cache depends "$meta" 2>/dev/null | sed -n 's/^ *Depends: //p')
	fi
	rel=$(printf '%s\n' "$deps" | tr ',' '\n' |
		sed -n 's/^ *linux-headers-\([0-9][^ ]*\).*/\1/p' | head -n 1)
	[ -n "$rel" ] || return 1
	printf '%s\n' "$rel"
}

# btfcc_default_release: the release of the default kernel (linux-headers-amd64).
btfcc_default_release() {
	btfcc_metapkg_release "${BTFCC_HEADER_METAPKGS[0]}"
}

# btfcc_line_release LINE: the release of kernel line LINE ("6.1", "6.12",
# "6.1-rt", "6.12-rt"), through its metapackage. Returns 1 (printing
# nothing) for an unknown line or one that cannot be resolved.
btfcc_line_release() {
	local meta=${BTFCC_LINE_METAPKG[$1]:-}
	[ -n "$meta" ] || return 1
	btfcc_metapkg_release "$meta"
}

# btfcc_line_missing LINE: why LINE cannot be tested here (headers or boot
# image absent), or nothing and status 1 when it can. Honours
# BTFCC_MODULES_DIR and BTFCC_BOOT_DIR (default /lib/modules, /boot), which
# the test of the harness itself points at empty directories.
btfcc_line_missing() {
	local line=$1 rel mods=${BTFCC_MODULES_DIR:-/lib/modules} boot=${BTFCC_BOOT_DIR:-/boot}
	if ! rel=$(btfcc_line_release "$line"); then
		printf 'kernel line %s: %s is not installed (run scripts/setup.sh)\n' \
			"$line" "${BTFCC_LINE_METAPKG[$line]:-(no such line)}"
		return 0
	fi
	if [ ! -f "$mods/$rel/build/include/config/auto.conf" ]; then
		printf 'kernel line %s: no kernel headers in %s (run scripts/setup.sh)\n' \
			"$line" "$mods/$rel/build"
		return 0
	fi
	if [ ! -f "$boot/vmlinuz-$rel" ]; then
		printf 'kernel line %s: no %s (run scripts/setup.sh)\n' "$line" "$boot/vmlinuz-$rel"
		return 0
	fi
	return 1
}

# btfcc_import_summary < LOG: the lines of a BTFCC_VERBOSE=1 build log that
# say what btfcc imported or checked (no command lines, no diagnostics of the
# first, plain compile attempt).
btfcc_import_summary() {
	grep -E '^btfcc: (need|BTF source|generated|error|warning)|^btfcc: [^r]|\[btfcc\]$|^(struct|union|enum|typedef) [A-Za-z_]' |
		grep -vE '^btfcc: (run|parsed|scan of|pass-through|kernel tree|plain compile|first try)' || true
}
