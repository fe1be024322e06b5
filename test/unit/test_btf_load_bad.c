// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bad inputs to btfcc_btf_load(): each must return NULL with one line in
 * err that names the file and says what is wrong, print nothing to stderr
 * (libbpf's own warnings included) and not crash. Inputs are damaged
 * copies of the gen_fixtures.sh outputs, made in a scratch directory.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "btf/btf_load.h"
#include "btf/btf_internal.h"
#include "btf/test_util.h"

static char *dir;

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

/* A copy of a fixture with len bytes at off replaced (len 0: none). */
static char *damaged(const char *fixture, const char *name, size_t off,
		     const void *bytes, size_t len)
{
	char *path = tu_path(dir, name);
	size_t flen;
	uint8_t *p = tu_read(fixture, &flen);

	assert_non_null(p);
	assert_true(off + len <= flen);
	memcpy(p + off, bytes, len);
	assert_int_equal(tu_write(path, p, flen), 0);
	free(p);
	return path;
}

static char *truncated(const char *fixture, const char *name, size_t keep)
{
	char *path = tu_path(dir, name);
	size_t flen;
	void *p = tu_read(fixture, &flen);

	assert_non_null(p);
	assert_int_equal(tu_write(path, p, keep < flen ? keep : flen), 0);
	free(p);
	return path;
}

/*
 * Load path expecting failure: NULL, "path: ..." containing want, one
 * line, and silence on stderr. Returns the message for further checks.
 */
static const char *expect_fail(const char *path, const struct btfcc_load_opts *opts,
			       const char *want)
{
	static struct btfcc_err err;
	struct btfcc_load_opts no_cache = { .cache_dir = "" };
	struct tu_stderr cap;
	struct btf *btf;
	char *noise;

	memset(&err, 0, sizeof(err));
	tu_stderr_begin(&cap);
	btf = btfcc_btf_load(path, opts ? opts : &no_cache, &err);
	noise = tu_stderr_end(&cap);
	if (btf)
		fail_msg("%s loaded, expected \"%s\"", path, want);
	print_message("  %s\n", err.msg);
	assert_string_equal(noise, "");
	free(noise);
	assert_memory_equal(err.msg, path, strlen(path));
	assert_memory_equal(err.msg + strlen(path), ": ", 2);
	if (!strstr(err.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
	assert_null(strchr(err.msg, '\n'));
	return err.msg;
}

static void test_not_kernel(void **state)
{
	char *jpg = tu_path(dir, "x.jpg");
	struct btfcc_err err;
	char want[512];

	(void)state;
	assert_int_equal(tu_write(jpg, "\xff\xd8\xff\xe0\0\x10JFIF\0\1\1", 13), 0);
	snprintf(want, sizeof(want), "%s: not a kernel image, vmlinux or BTF file "
		 "(expected /sys/kernel/btf/vmlinux, vmlinux or vmlinuz)", jpg);
	assert_string_equal(expect_fail(jpg, NULL, "not a kernel image"), want);
	assert_int_equal(btfcc_btf_format_of(jpg, &err), BTFCC_FMT_UNKNOWN);
	assert_string_equal(err.msg, want);
	free(jpg);
}

static void test_empty_and_missing(void **state)
{
	char *empty = tu_path(dir, "empty");
	char *missing = tu_path(dir, "missing");

	(void)state;
	assert_int_equal(tu_write(empty, "", 0), 0);
	expect_fail(empty, NULL, "empty file");
	expect_fail(missing, NULL, "cannot open: No such file or directory");
	expect_fail(dir, NULL, "Is a directory");
	free(empty);
	free(missing);
}

static void test_truncated_btf(void **state)
{
	char *p;

	(void)state;
	p = truncated(FIXTURE("tiny.btf"), "short.btf", 10);
	expect_fail(p, NULL, "truncated BTF: 10 bytes");
	free(p);
	p = truncated(FIXTURE("tiny.btf"), "half.btf", 300);
	expect_fail(p, NULL, "truncated BTF: its header says");
	free(p);
}

/* First type's name_off pointing far past the string section. */
static void test_bad_string_offset(void **state)
{
	const struct btf_header *h;
	uint8_t off[4] = { 0x00, 0x00, 0x00, 0x7f };
	size_t len;
	void *raw = tu_read(FIXTURE("tiny.btf"), &len);
	char *p;

	(void)state;
	assert_non_null(raw);
	h = raw;
	p = damaged(FIXTURE("tiny.btf"), "badstr.btf", h->hdr_len + h->type_off, off, 4);
	expect_fail(p, NULL, "corrupt BTF (");
	free(p);
	free(raw);
}

static void test_elf_without_btf(void **state)
{
	(void)state;
	expect_fail(FIXTURE("nobtf.o"), NULL,
		    "no .BTF section: the kernel was built without CONFIG_DEBUG_INFO_BTF");
	expect_fail(FIXTURE("bzimage-nobtf"), NULL,
		    "the vmlinux inside has no .BTF section: the kernel was built without "
		    "CONFIG_DEBUG_INFO_BTF");
}

static void test_corrupt_elf(void **state)
{
	char *p;

	(void)state;
	/* An ELF header whose section header table lies past the end. */
	p = damaged(FIXTURE("tiny.o"), "badshoff.o", 0x28, "\xff\xff\xff\x7f", 4);
	expect_fail(p, NULL, "ELF");
	free(p);
	p = truncated(FIXTURE("tiny.o"), "short.o", 100);
	expect_fail(p, NULL, "ELF");
	free(p);
}

/* mkbzimage puts the payload at 0x600. */
#define PAYLOAD 0x600

static void test_unsupported_compression(void **state)
{
	char *p;

	(void)state;
	expect_fail(FIXTURE("bzimage-bz2"), NULL, "unsupported compression bzip2");
	/* The other CONFIG_KERNEL_* choices, by their magic alone. */
	p = damaged(FIXTURE("bzimage-gz"), "bz-lzo", PAYLOAD, "\x89LZO", 4);
	expect_fail(p, NULL, "unsupported compression lzo");
	free(p);
	p = damaged(FIXTURE("bzimage-gz"), "bz-lzma", PAYLOAD, "\x5d\0\0", 3);
	expect_fail(p, NULL, "unsupported compression lzma");
	free(p);
}

static void test_unknown_compression(void **state)
{
	char *p;

	(void)state;
	p = damaged(FIXTURE("bzimage-gz"), "bz-unknown", PAYLOAD, "NOPE", 4);
	expect_fail(p, NULL, "unknown compression of the kernel payload (starts 4e 4f 50 45)");
	free(p);
}

static void test_corrupt_streams(void **state)
{
	static const struct {
		const char *fixture, *want;
	} cases[] = {
		{ FIXTURE("bzimage-gz"), "kernel payload: corrupt gzip data" },
		{ FIXTURE("bzimage-xz"), "kernel payload: corrupt xz data" },
		{ FIXTURE("bzimage-zst"), "kernel payload: corrupt zstd data" },
		{ FIXTURE("bzimage-lz4"), "kernel payload: corrupt lz4 data" },
	};
	uint8_t junk[64];
	size_t i;

	(void)state;
	memset(junk, 0xa5, sizeof(junk));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *p, name[32];

		snprintf(name, sizeof(name), "corrupt-%zu", i);
		/* Past the stream headers, into the compressed data. */
		p = damaged(cases[i].fixture, name, PAYLOAD + 40, junk, sizeof(junk));
		expect_fail(p, NULL, cases[i].want);
		free(p);
	}
}

static void test_truncated_bzimage(void **state)
{
	char *p;

	(void)state;
	p = truncated(FIXTURE("bzimage-gz"), "bz-cut", PAYLOAD + 1000);
	expect_fail(p, NULL, "truncated kernel image: payload of");
	free(p);
	/* A header that claims a shorter payload: the stream ends early. */
	p = damaged(FIXTURE("bzimage-xz"), "bz-short", 0x24c, "\x00\x02\x00\x00", 4);
	expect_fail(p, NULL, "kernel payload: truncated xz data");
	free(p);
	p = damaged(FIXTURE("bzimage-gz"), "bz-shortgz", 0x24c, "\x00\x02\x00\x00", 4);
	expect_fail(p, NULL, "kernel payload: truncated gzip data");
	free(p);
	p = damaged(FIXTURE("bzimage-zst"), "bz-shortzst", 0x24c, "\x00\x02\x00\x00", 4);
	expect_fail(p, NULL, "kernel payload: truncated zstd data");
	free(p);
}

static void test_payload_not_elf(void **state)
{
	(void)state;
	expect_fail(FIXTURE("bzimage-text"), NULL,
		    "the decompressed kernel payload is no vmlinux ELF");
}

static void test_base_misuse(void **state)
{
	struct btfcc_load_opts opts = { .cache_dir = "" };
	struct btfcc_err err;

	(void)state;
	opts.base = btfcc_btf_load(FIXTURE("tiny.btf"), &opts, &err);
	assert_non_null(opts.base);
	expect_fail(FIXTURE("bzimage-gz"), &opts, "not split BTF: load it without a base");
	btf__free(opts.base);
	/* Module BTF without its base would be garbage. */
	expect_fail(FIXTURE("tiny_module.o"), NULL,
		    "module BTF is split BTF: load it over its kernel's vmlinux BTF");
}

static void test_decompress_bomb(void **state)
{
	struct btfcc_buf in = { 0 }, out = { 0 };
	struct btfcc_err err;
	size_t len;

	(void)state;
	/* tiny.gz inflates to 10 MiB; refuse it under a 1 MiB limit. */
	in.data = tu_read(FIXTURE("tiny.gz"), &len);
	in.len = len;
	assert_int_equal(btfcc_decompress(BTFCC_COMP_GZIP, in.data, in.len, 1 << 20, false,
					  &out, &err), -1);
	assert_string_equal(err.msg, "decompressed data exceeds the 1 MiB limit");
	assert_null(out.data);
	/* Prefix mode stops there instead. */
	assert_int_equal(btfcc_decompress(BTFCC_COMP_GZIP, in.data, in.len, 4096, true,
					  &out, &err), 0);
	assert_int_equal(out.len, 4096);
	assert_memory_equal(out.data, "\x7f" "ELF", 4);
	btfcc_buf_free(&out);
	btfcc_buf_free(&in);
}

static void test_release_bad(void **state)
{
	struct btfcc_err err;
	char rel[64], *p;

	(void)state;
	/* kernel_version = 0: no string. */
	p = damaged(FIXTURE("bzimage-gz"), "bz-nover", 0x20e, "\0\0", 2);
	assert_int_equal(btfcc_bzimage_release(p, rel, sizeof(rel), &err), -1);
	assert_non_null(strstr(err.msg, ": the boot header has no kernel version string"));
	free(p);
	assert_int_equal(btfcc_bzimage_release(FIXTURE("tiny.btf"), rel, sizeof(rel), &err), -1);
	assert_non_null(strstr(err.msg, "not a kernel boot image"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_kernel),
		cmocka_unit_test(test_empty_and_missing),
		cmocka_unit_test(test_truncated_btf),
		cmocka_unit_test(test_bad_string_offset),
		cmocka_unit_test(test_elf_without_btf),
		cmocka_unit_test(test_corrupt_elf),
		cmocka_unit_test(test_unsupported_compression),
		cmocka_unit_test(test_unknown_compression),
		cmocka_unit_test(test_corrupt_streams),
		cmocka_unit_test(test_truncated_bzimage),
		cmocka_unit_test(test_payload_not_elf),
		cmocka_unit_test(test_base_misuse),
		cmocka_unit_test(test_decompress_bomb),
		cmocka_unit_test(test_release_bad),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
