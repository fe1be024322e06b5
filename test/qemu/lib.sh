# qemu proof harness: build kernel modules for a release, pack them into a
# busybox initramfs whose /init loads and unloads them, boot the release's
# /boot/vmlinuz under qemu (TCG, no KVM) with a hard time-out, and check the
# console. Source it from a test script that runs with `set -euo pipefail`.
#
#   source "$(dirname "$0")/lib.sh"
#   qemu_init demo-6.1                       # work dir, prerequisites
#   rel=$(qemu_release 6.1)                  # release from the header metapackages
#   qemu_build_module "$rel" SRC_DIR "$QEMU_WORK/m" "$BTFCC"   # -> .ko paths
#   qemu_make_initramfs "$QEMU_WORK/initrd.gz" KO...
#   qemu_boot "$rel" "$QEMU_WORK/initrd.gz" "$QEMU_WORK/console.log"
#   qemu_check "$QEMU_WORK/console.log" "expected line" ...
#   qemu_check_exact "$QEMU_WORK/console.log" 'btfcc-demo: PASS ' check1 check2
#
# Every function prints what went wrong and returns non-zero on failure; on a
# boot failure the tail of the console is printed. Tests exit 77 (skip) when
# a prerequisite is missing, unless CI=true, where that is a failure.
#
# Environment: QEMU_TIMEOUT (seconds per boot, default 150), QEMU_KEEP=1
# (keep the work dir), QEMU_ACCEL (default tcg), QEMU_SMP (default 2).

_qemu_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
QEMU_SRC_DIR=${BTFCC_SRC_DIR:-$(cd "$_qemu_lib_dir/../.." && pwd)}
# shellcheck source=test/harness.sh
source "$QEMU_SRC_DIR/test/harness.sh"

QEMU_TIMEOUT=${QEMU_TIMEOUT:-150}
QEMU_BIN=${QEMU_BIN:-qemu-system-x86_64}
QEMU_BUSYBOX=${QEMU_BUSYBOX:-/bin/busybox}
# The sentinel /init prints as its last act before powering off.
QEMU_SENTINEL='btfcc-qemu: DONE'
# Console lines that fail any boot.
QEMU_BAD_RE='Kernel panic|Oops|BUG:|WARNING:|Call Trace|(^|[^A-Za-z_])FAIL([^A-Za-z_]|$)'

qemu_log() { printf 'qemu-test: %s\n' "$*"; }
qemu_fail() { printf 'qemu-test: FAILED: %s\n' "$*" >&2; return 1; }

# qemu_skip REASON: exit 77 (ctest: skipped), or fail under CI=true.
qemu_skip() { t_skip "$@"; }

# qemu_init NAME: check prerequisites, set QEMU_WORK to a fresh work dir
# (under $BTFCC_BUILD_DIR/test-qemu when run by ctest, else a temp dir).
qemu_init() {
	local name=$1 tool
	for tool in "$QEMU_BIN" timeout cpio gzip make modinfo readelf; do
		command -v "$tool" >/dev/null 2>&1 || qemu_skip "$tool not installed (run scripts/setup.sh)"
	done
	[ -x "$QEMU_BUSYBOX" ] || qemu_skip "$QEMU_BUSYBOX missing (busybox-static; run scripts/setup.sh)"
	# The initramfs has no libc: busybox must be static (no ELF interpreter).
	if readelf -l "$QEMU_BUSYBOX" 2>/dev/null | grep -q 'INTERP'; then
		qemu_skip "$QEMU_BUSYBOX is dynamically linked; install busybox-static"
	fi
	if [ -n "${BTFCC_BUILD_DIR:-}" ]; then
		QEMU_WORK=$BTFCC_BUILD_DIR/test-qemu/$name
		rm -rf "$QEMU_WORK"
		mkdir -p "$QEMU_WORK"
	else
		QEMU_WORK=$(mktemp -d "${TMPDIR:-/tmp}/btfcc-qemu-$name.XXXXXX")
		if [ -z "${QEMU_KEEP:-}" ]; then
			# shellcheck disable=SC2064  # expand now: the path is fixed
			trap "rm -rf '$QEMU_WORK'" EXIT
		fi
	fi
	export QEMU_WORK
}

# qemu_release LINE: the release of kernel line LINE ("6.1", "6.12",
# "6.1-rt", "6.12-rt"), with headers and a boot image; skips when there is
# none (fails under CI=true).
qemu_release() {
	local line=$1 rel
	t_need_line rel "$line"
	# The test modules are unsigned: they load (tainting the kernel) only
	# when signatures are not enforced.
	if grep -qx 'CONFIG_MODULE_SIG_FORCE=y' "/lib/modules/$rel/build/.config" 2>/dev/null; then
		qemu_skip "$rel enforces module signatures (CONFIG_MODULE_SIG_FORCE=y)"
	fi
	printf '%s\n' "$rel"
}

# qemu_build_module RELEASE SRC_DIR OUT_DIR [CC]: copy the module source to
# OUT_DIR, build it there against /lib/modules/RELEASE/build with CC (default
# gcc-12), check each .ko's vermagic names RELEASE, and print the .ko paths
# (one a line) on stdout. The build log goes to OUT_DIR.log and, on failure,
# its tail to stderr. Extra make variables: QEMU_MAKE_ARGS.
qemu_build_module() {
	local rel=$1 src=$2 out=$3 cc=${4:-gcc-12} kdir ko vermagic rc=0
	kdir=/lib/modules/$rel/build
	rm -rf "$out"
	mkdir -p "$(dirname "$out")"
	cp -a "$src" "$out"
	# shellcheck disable=SC2086  # QEMU_MAKE_ARGS is a word list on purpose
	timeout -k 10 600 make -C "$kdir" M="$out" CC="$cc" ${QEMU_MAKE_ARGS:-} modules \
		>"$out.log" 2>&1 </dev/null || rc=$?
	if [ "$rc" != 0 ]; then
		tail -n 60 "$out.log" >&2
		qemu_fail "building $src for $rel with CC=$cc (exit $rc; log: $out.log)"
		return 1
	fi
	local found=0
	for ko in "$out"/*.ko; do
		[ -f "$ko" ] || continue
		vermagic=$(modinfo -F vermagic "$ko")
		case $vermagic in
		"$rel "*) ;;
		*) qemu_fail "$ko: vermagic '$vermagic' is not for $rel"; return 1 ;;
		esac
		printf '%s\n' "$ko"
		found=1
	done
	[ "$found" = 1 ] || { qemu_fail "building $src produced no .ko"; return 1; }
}

# qemu_make_initramfs OUT KO...: a gzip'd newc cpio with a static busybox and
# an /init that mounts proc/sys/devtmpfs, insmods the modules in order,
# rmmods them in reverse order, prints the sentinel and powers off.
qemu_make_initramfs() {
	local out=$1 stage ko name names=""
	shift
	stage=$(mktemp -d "${QEMU_WORK:-/tmp}/initramfs.XXXXXX")
	mkdir -p "$stage/bin" "$stage/dev" "$stage/proc" "$stage/sys" "$stage/tmp" \
		"$stage/modules"
	cp "$QEMU_BUSYBOX" "$stage/bin/busybox"
	for ko in "$@"; do
		name=$(basename "$ko" .ko)
		cp "$ko" "$stage/modules/$name.ko"
		# Module parameters: a file KO.args next to the module.
		if [ -f "$ko.args" ]; then
			cp "$ko.args" "$stage/modules/$name.args"
		fi
		names="$names $name"
	done
	cat >"$stage/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
# The kernel's console is ttyS1 and /init alone writes ttyS0: PREEMPT_RT
# prints the kernel's messages from a thread, which once put a module's line
# in the middle of one of ours. say copies the kernel log to ttyS0 before
# each line of ours (the first copy is the boot), so ttyS0 has both, in order.
exec </dev/null >/dev/ttyS0 2>&1
say() { dmesg -c; echo "\$*"; }
say "btfcc-qemu: BEGIN release=\$(uname -r) cpus=\$(grep -c ^processor /proc/cpuinfo)"
loaded=""
for m in$names; do
	args=""
	[ -f "/modules/\$m.args" ] && args=\$(cat "/modules/\$m.args")
	# shellcheck disable=SC2086
	if insmod "/modules/\$m.ko" \$args; then
		say "btfcc-qemu: insmod \$m ok"
		loaded="\$m \$loaded"
	else
		say "btfcc-qemu: FAIL insmod \$m"
	fi
done
for m in \$loaded; do
	if rmmod "\$m"; then
		say "btfcc-qemu: rmmod \$m ok"
	else
		say "btfcc-qemu: FAIL rmmod \$m"
	fi
done
grep -q '^[^ ]' /proc/modules && { say "btfcc-qemu: still loaded:"; cat /proc/modules; }
say "$QEMU_SENTINEL"
poweroff -f
echo o >/proc/sysrq-trigger
sleep 5
EOF
	chmod 755 "$stage/init"
	(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --owner 0:0 --quiet) | gzip -1 >"$out"
	rm -rf "$stage"
}

# qemu_extract_vmlinux IMAGE OUT: decompress a bzImage (xz, zstd, gzip, lz4)
# to the ELF vmlinux inside it, the way scripts/extract-vmlinux does (Debian's
# header packages do not ship that script).
qemu_extract_vmlinux() {
	local img=$1 out=$2 fmt magic off
	for fmt in 'xz:\xfd7zXZ\x00' 'zstd:\x28\xb5\x2f\xfd' 'gzip:\x1f\x8b\x08' 'lz4:\x02\x21\x4c\x18'; do
		magic=${fmt#*:}
		fmt=${fmt%%:*}
		command -v "$fmt" >/dev/null 2>&1 || continue
		for off in $(LC_ALL=C grep -obUaP "$magic" "$img" 2>/dev/null | cut -d: -f1 | head -n 5); do
			tail -c "+$((off + 1))" "$img" | "$fmt" -dc >"$out" 2>/dev/null || true
			if [ "$(head -c 4 "$out" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
				return 0
			fi
		done
	done
	rm -f "$out"
	qemu_fail "no compressed ELF kernel found in $img"
}

# qemu_pahole_layout VMLINUX STRUCT MEMBER...: "sizeof,offset,offset..." of
# STRUCT in VMLINUX's BTF, as pahole (not btfcc) reads it.
qemu_pahole_layout() {
	local vmlinux=$1 st=$2 dump
	shift 2
	dump=$(pahole -F btf -C "$st" "$vmlinux") || { qemu_fail "pahole -C $st $vmlinux"; return 1; }
	[ -n "$dump" ] || { qemu_fail "pahole: no struct $st in $vmlinux"; return 1; }
	awk -v members="$*" '
		/\/\* size: [0-9]+,/ { match($0, /size: [0-9]+/); size = substr($0, RSTART + 6, RLENGTH - 6) }
		/;[ \t]*\/\*[ \t]*[0-9]+[ \t]+[0-9]+[ \t]*\*\// {
			line = $0
			sub(/;.*/, "", line)
			if (match(line, /\(\*[A-Za-z_0-9]+\)/)) {	# function pointer
				name = substr(line, RSTART + 2, RLENGTH - 3)
			} else {
				n = split(line, w, /[ \t*]+/); name = w[n]; sub(/\[.*/, "", name); sub(/:.*/, "", name)
			}
			rest = $0; sub(/.*\/\*[ \t]*/, "", rest); split(rest, f, /[ \t]+/)
			if (!(name in off)) off[name] = f[1]
		}
		END {
			out = size; m = split(members, want, " ")
			for (i = 1; i <= m; i++) {
				if (!(want[i] in off)) { print "no member " want[i] > "/dev/stderr"; exit 1 }
				out = out "," off[want[i]]
			}
			print out
		}' <<<"$dump"
}

# qemu_boot RELEASE INITRD LOG: boot /boot/vmlinuz-RELEASE with INITRD,
# /init's console (ttyS0, CR stripped) to LOG, the kernel's (ttyS1) beside it
# (qemu_kernel_log). Fails on time-out or a qemu error. Prints the boot time.
qemu_boot() {
	local rel=$1 initrd=$2 log=$3 kernel rc=0 t0 t1
	kernel=/boot/vmlinuz-$rel
	[ -r "$kernel" ] || { qemu_fail "$kernel missing"; return 1; }
	t0=$(date +%s.%N)
	# One TCG thread for both vCPUs: with multi-threaded TCG, 6.12 sometimes
	# oopses at boot on an int3 while one vCPU patches code (text_poke_bp)
	# the other is running; round-robin vCPUs see code changes in order.
	timeout -k 5 "$QEMU_TIMEOUT" "$QEMU_BIN" \
		-machine q35 -accel "${QEMU_ACCEL:-tcg,thread=single}" -m 512 \
		-smp "${QEMU_SMP:-2}" \
		-nographic -no-reboot -nodefaults -monitor none \
		-serial stdio -serial "file:$log.kernel.raw" \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS1 panic=-1 oops=panic loglevel=7 nowatchdog rdinit=/init ${QEMU_APPEND:-}" \
		</dev/null >"$log.raw" 2>&1 || rc=$?
	tr -d '\r' <"$log.raw" >"$log"
	tr -d '\r' <"$log.kernel.raw" >"$(qemu_kernel_log "$log")" 2>/dev/null || true
	rm -f "$log.raw" "$log.kernel.raw"
	t1=$(date +%s.%N)
	QEMU_BOOT_SECONDS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		qemu_console_tail "$log"
		qemu_fail "boot of $rel timed out after ${QEMU_TIMEOUT}s"
		return 1
	fi
	if [ "$rc" != 0 ]; then
		qemu_console_tail "$log"
		qemu_fail "qemu exited with status $rc"
		return 1
	fi
	qemu_log "booted $rel in ${QEMU_BOOT_SECONDS}s"
}

# qemu_kernel_log LOG: where qemu_boot put the kernel's own console (ttyS1)
# beside LOG, /init's (ttyS0): all of it, also what a hang left unsaid.
qemu_kernel_log() { printf '%s\n' "${1%.log}-kernel.log"; }

qemu_console_tail() {
	local log=$1 klog
	klog=$(qemu_kernel_log "$log")
	if [ -s "$klog" ]; then
		printf -- '----- kernel console tail (%s) -----\n' "$klog" >&2
		tail -n "${QEMU_TAIL_LINES:-80}" "$klog" >&2 || true
	fi
	printf -- '----- console tail (%s) -----\n' "$log" >&2
	tail -n "${QEMU_TAIL_LINES:-80}" "$log" >&2 || true
	printf -- '----- end of console -----\n' >&2
}

# qemu_check LOG [EXPECTED_LINE...]: the console must contain the sentinel,
# every EXPECTED_LINE (a fixed string, anywhere in a line), and nothing that
# matches QEMU_BAD_RE (panic, Oops, BUG:, WARNING:, Call Trace, FAIL), nor
# may the kernel's console beside it.
qemu_check() {
	local log=$1 line bad ok=1
	shift
	bad=$(grep -nE "$QEMU_BAD_RE" "$log" "$(qemu_kernel_log "$log")" 2>/dev/null || true)
	if [ -n "$bad" ]; then
		printf '%s\n' "$bad" | head -n 20 >&2
		qemu_fail "the console shows a panic, oops, warning or failure"
		ok=0
	fi
	for line in "$@"; do
		if ! grep -qF -- "$line" "$log"; then
			qemu_fail "expected line missing: $line"
			ok=0
		fi
	done
	if ! grep -qxF "$QEMU_SENTINEL" "$log"; then
		qemu_fail "sentinel '$QEMU_SENTINEL' missing: /init did not finish"
		ok=0
	fi
	if [ "$ok" = 0 ]; then
		qemu_console_tail "$log"
		return 1
	fi
}

# qemu_check_exact LOG PREFIX NAME...: the lines starting with PREFIX (after
# the printk time stamp) must name exactly NAME..., each once, in any order.
qemu_check_exact() {
	local log=$1 prefix=$2 got want
	shift 2
	got=$(sed -n "s/^\(\[ *[0-9.]*\] \)\{0,1\}$prefix//p" "$log" | sort)
	want=$(printf '%s\n' "$@" | sort)
	if [ "$got" != "$want" ]; then
		printf 'expected "%s<name>" lines:\n%s\ngot:\n%s\n' "$prefix" "$want" "$got" >&2
		diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") >&2 || true
		qemu_console_tail "$log"
		qemu_fail "the set of '$prefix' lines differs"
		return 1
	fi
}

# qemu_run_modules RELEASE CC NAME MODULE_DIR...: build every MODULE_DIR for
# RELEASE with CC, boot them, and run qemu_check. Leaves the console in
# $QEMU_WORK/console.log for further checks.
qemu_run_modules() {
	local rel=$1 cc=$2 name=$3 dir kos=() ko out
	shift 3
	for dir in "$@"; do
		out=$QEMU_WORK/modules/$(basename "$dir")
		qemu_log "building $(basename "$dir") for $rel with CC=$cc"
		out=$(qemu_build_module "$rel" "$dir" "$out" "$cc") || return 1
		while IFS= read -r ko; do kos+=("$ko"); done <<<"$out"
	done
	qemu_make_initramfs "$QEMU_WORK/initrd.gz" "${kos[@]}"
	qemu_boot "$rel" "$QEMU_WORK/initrd.gz" "$QEMU_WORK/console.log" || return 1
	local expect=() k
	for k in "${kos[@]}"; do
		expect+=("btfcc-qemu: insmod $(basename "$k" .ko) ok" "btfcc-qemu: rmmod $(basename "$k" .ko) ok")
	done
	qemu_check "$QEMU_WORK/console.log" "btfcc-qemu: BEGIN release=$rel cpus=${QEMU_SMP:-2}" \
		"${expect[@]}" || return 1
	qemu_log "$name: console clean ($(wc -l <"$QEMU_WORK/console.log") lines)"
}
