// SPDX-License-Identifier: GPL-2.0-only
/*
 * Real Debian kernels (scripts/setup.sh unpacks them into /boot): the 6.1
 * vmlinuz is xz-compressed, the 6.12 one zstd. The oracle is bpftool on a
 * vmlinux inflated by the xz/zstd command-line tools, i.e. without any of
 * our code. Also: the cache on a real image, and a real module's split
 * BTF (.ko.xz) over the 6.12 BTF. The releases are the newest of each line
 * (scripts/kernel-release); a missing one skips, or fails under CI=true.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "btf/btf_load.h"
#include "image/image.h"
#include "btf/test_util.h"
#include "test_skip.h"

#define KERNEL_RELEASE BTFCC_TEST_SRC_DIR "/../scripts/kernel-release"

static char *dir;

/* The release of kernel line ("6.1", "6.12") in buf, or skip naming why. */
static void need_line(const char *line, char *buf, size_t len)
{
	char *out = tu_sh("'%s' %s 2>&1", KERNEL_RELEASE, line);
	size_t n = out ? strcspn(out, "\n") : 0;

	if (!out || !n || n >= len || strncmp(out, line, strcspn(line, "-")) ||
	    strchr(out, ' ')) {
		char why[512];

		snprintf(why, sizeof(why), "%s", out ? out : "kernel-release failed");
		free(out);
		TEST_SKIP("%s", why);
	}
	memcpy(buf, out, n);
	buf[n] = 0;
	free(out);
}

static int setup(void **state)
{
	(void)state;
	dir = tu_mkdtemp();
	return dir ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmrf(dir);
	free(dir);
	return 0;
}

static uint32_t le32_at(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * Inflate the payload of a vmlinuz with the CLI tool into dir/out,
 * reading the boot header by hand. Returns the path (caller frees).
 */
static char *cli_vmlinux(const char *image, const char *tool, const char *out)
{
	uint8_t hdr[0x250];
	size_t off, len;
	char *path = tu_path(dir, out), *res;
	FILE *f = fopen(image, "rb");

	assert_non_null(f);
	assert_int_equal(fread(hdr, 1, sizeof(hdr), f), sizeof(hdr));
	fclose(f);
	off = (hdr[0x1f1] + 1) * 512 + le32_at(hdr + 0x248);
	len = le32_at(hdr + 0x24c);
	/* Both tools complain about the appended size after the stream. */
	res = tu_sh("tail -c +%zu '%s' | head -c %zu | %s -dc >'%s' 2>/dev/null; "
		    "head -c 4 '%s' | od -An -c | tr -d ' '", off + 1, image, len, tool,
		    path, path);
	assert_string_equal(res, "177ELF");
	free(res);
	return path;
}

static unsigned long bpftool_count(const char *args)
{
	char *s = tu_sh("bpftool %s | grep -c '^\\['", args);
	unsigned long n = strtoul(s, NULL, 10);

	free(s);
	return n;
}

static double secs_since(long long t0)
{
	return (tu_now_ns() - t0) / 1e9;
}

/*
 * Load image cold into a fresh cache, check it against the oracle, load
 * it again and check the entry was read, not rewritten. Returns the BTF.
 */
static struct btf *check_kernel(const char *image, const char *tool, const char *release,
				const char **vmlinux_out)
{
	char cpath[4096], rel[64], *vmlinux, args[4200], *cdir, name[32];
	struct btfcc_load_opts opts = { 0 };
	struct btfcc_err err = { 0 };
	struct btf *cold, *warm;
	struct stat st;
	long long t0;
	ino_t ino;

	if (access(image, R_OK) || !tu_have(tool) || !tu_have("bpftool"))
		TEST_SKIP("%s, %s or bpftool missing (run scripts/setup.sh)", image, tool);
	snprintf(name, sizeof(name), "cache-%s", tool);
	cdir = tu_path(dir, name);
	opts.cache_dir = cdir;
	/* Extraction and the per-user cache: not /var/cache/btfcc's entry. */
	opts.system_cache_dir = "";
	assert_int_equal(btfcc_btf_format_of(image, &err), BTFCC_FMT_BZIMAGE);
	assert_int_equal(btfcc_bzimage_release(image, rel, sizeof(rel), &err), 0);
	assert_string_equal(rel, release);

	t0 = tu_now_ns();
	cold = btfcc_btf_load(image, &opts, &err);
	if (!cold)
		fail_msg("%s", err.msg);
	print_message("  %s: cold %.2f s, %u types\n", image, secs_since(t0),
		      btf__type_cnt(cold) - 1);
	assert_true(btf__find_by_name_kind(cold, "rq", BTF_KIND_STRUCT) > 0);
	assert_true(btf__find_by_name_kind(cold, "mount", BTF_KIND_STRUCT) > 0);

	snprintf(name, sizeof(name), "vmlinux-%s", tool);
	vmlinux = cli_vmlinux(image, tool, name);
	snprintf(args, sizeof(args), "btf dump file '%s'", vmlinux);
	assert_int_equal(btf__type_cnt(cold) - 1, bpftool_count(args));

	assert_int_equal(btfcc_btf_cache_path(image, &opts, cpath, sizeof(cpath)), 0);
	assert_int_equal(stat(cpath, &st), 0);
	ino = st.st_ino;
	t0 = tu_now_ns();
	warm = btfcc_btf_load(image, &opts, &err);
	assert_non_null(warm);
	print_message("  %s: cached %.3f s, cache entry %lld bytes\n", image, secs_since(t0),
		      (long long)st.st_size);
	assert_int_equal(stat(cpath, &st), 0);
	assert_int_equal(st.st_ino, ino);
	assert_int_equal(btf__type_cnt(warm), btf__type_cnt(cold));
	btf__free(warm);
	free(cdir);
	*vmlinux_out = vmlinux;
	return cold;
}

static void test_61_xz(void **state)
{
	char rel[128], image[256];
	const char *vmlinux;
	struct btf *btf;

	(void)state;
	need_line("6.1", rel, sizeof(rel));
	snprintf(image, sizeof(image), "/boot/vmlinuz-%s", rel);
	btf = check_kernel(image, "xz", rel, &vmlinux);
	btf__free(btf);
	free((void *)vmlinux);
}

static void test_612_zstd_and_module(void **state)
{
	struct btfcc_load_opts opts = { .cache_dir = "" };
	struct btfcc_err err = { 0 };
	struct btf *base, *mod;
	char rel[128], image[256], mod612[512];
	const char *vmlinux;
	char args[4300], *ko;

	(void)state;
	need_line("6.12", rel, sizeof(rel));
	snprintf(image, sizeof(image), "/boot/vmlinuz-%s", rel);
	snprintf(mod612, sizeof(mod612), "/lib/modules/%s/kernel/net/key/af_key.ko.xz", rel);
	base = check_kernel(image, "zstd", rel, &vmlinux);
	if (access(mod612, R_OK)) {
		btf__free(base);
		free((void *)vmlinux);
		TEST_SKIP("%s missing: linux-image-%s's modules are not installed", mod612, rel);
	}
	assert_int_equal(btfcc_btf_format_of(mod612, &err), BTFCC_FMT_ELF);
	/* Without its base, module BTF is refused rather than misread. */
	assert_null(btfcc_btf_load(mod612, &opts, &err));
	assert_non_null(strstr(err.msg, "split BTF"));

	opts.base = base;
	mod = btfcc_btf_load(mod612, &opts, &err);
	if (!mod)
		fail_msg("%s", err.msg);
	assert_true(btf__type_cnt(mod) > btf__type_cnt(base));
	assert_true(btf__find_by_name_kind(mod, "pfkey_sock", BTF_KIND_STRUCT) >=
		    (int)btf__type_cnt(base));
	/* Kernel types resolve through the base. */
	assert_true(btf__find_by_name_kind(mod, "sock", BTF_KIND_STRUCT) > 0);

	ko = tu_path(dir, "af_key.ko");
	free(tu_sh("xz -dc '%s' >'%s'", mod612, ko));
	snprintf(args, sizeof(args), "-B '%s' btf dump file '%s'", vmlinux, ko);
	assert_int_equal(btf__type_cnt(mod) - btf__type_cnt(base), bpftool_count(args));
	free(ko);
	btf__free(mod);
	btf__free(base);
	free((void *)vmlinux);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_61_xz),
		cmocka_unit_test(test_612_zstd_and_module),
	};

	return test_exit_status(cmocka_run_group_tests(tests, setup, teardown));
}
