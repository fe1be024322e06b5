#!/usr/bin/env bash
# build-deb.sh [OUT_DIR]: build the btfcc Debian package from this tree
# (committed and untracked-but-not-ignored files, so a work tree with local
# changes packages what it has) with dpkg-buildpackage -us -uc -b, in
# OUT_DIR/src (default build-deb/); prints the path of the .deb.
#
# Environment: DEB_BUILD_OPTIONS=nocheck DEB_BUILD_PROFILES=nocheck: no
# cmocka, no unit tests (scripts/test.sh, having run every test already).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/build-deb}
rm -rf "$out"
mkdir -p "$out/src"
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 cp --parents -t "$out/src")
(cd "$out/src" && dpkg-buildpackage -us -uc -b >"$out/build.log" 2>&1) || {
	tail -n 40 "$out/build.log" >&2
	echo "build-deb.sh: dpkg-buildpackage failed; log in $out/build.log" >&2
	exit 1
}
ls "$out"/btfcc_*.deb
