# Shared helpers for scripts/*.sh and test/qemu/*.sh. Source it; it sets no
# shell options of its own.

# Kernel header metapackages whose releases btfcc is built and tested against.
# The first one is the default kernel (Debian 12's linux-headers-amd64).
BTFCC_HEADER_METAPKGS=(linux-headers-amd64 linux-headers-6.12-amd64)

btfcc_die() {
	printf '%s: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

# btfcc_metapkg_release METAPKG: the kernel release an installed (else the
# candidate) header metapackage points to, e.g. linux-headers-amd64 ->
# 6.1.0-56-amd64. Prints nothing and returns 1 when it cannot be resolved.
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

# btfcc_release_matching PREFIX: the first installed header release that
# starts with PREFIX (e.g. "6.12."), resolved through the metapackages.
btfcc_release_matching() {
	local prefix=$1 meta rel
	for meta in "${BTFCC_HEADER_METAPKGS[@]}"; do
		rel=$(btfcc_metapkg_release "$meta") || continue
		case $rel in "$prefix"*) printf '%s\n' "$rel"; return 0 ;; esac
	done
	return 1
}

# btfcc_import_summary < LOG: the lines of a BTFCC_VERBOSE=1 build log that
# say what btfcc imported or checked (no command lines, no diagnostics of the
# first, plain compile attempt).
btfcc_import_summary() {
	grep -E '^btfcc: (need|BTF source|generated|error|warning)|^btfcc: [^r]|^(struct|union|enum|typedef) [A-Za-z_]' |
		grep -vE '^btfcc: (run|parsed|scan of|pass-through|kernel tree|plain compile)' || true
}
