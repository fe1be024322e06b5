// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfcc_btf_load() on every format, with small synthetic inputs built by
 * test/unit/btf/gen_fixtures.sh: raw BTF, ELF, a compressed ELF (like a
 * .ko.xz), and boot images with gzip, lz4, xz and zstd payloads. Real
 * kernels are in test_btf_load_kernel.c, bad inputs in test_btf_load_bad.c.
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

/* No cache: these tests are about formats; test_btf_load_cache.c does caching. */
static const struct btfcc_load_opts no_cache = { .cache_dir = "" };

/* The fixture's types, as the BPF object's own BTF has them. */
static void assert_tiny_types(struct btf *btf)
{
	const struct btf_type *t;
	int id;

	assert_non_null(btf);
	id = btf__find_by_name_kind(btf, "rq", BTF_KIND_STRUCT);
	assert_true(id > 0);
	t = btf__type_by_id(btf, id);
	assert_int_equal(btf_vlen(t), 4);
	assert_int_equal(t->size, 40);
	assert_true(btf__find_by_name_kind(btf, "mount", BTF_KIND_STRUCT) > 0);
	assert_true(btf__find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT) > 0);
	assert_true(btf__find_by_name_kind(btf, "list_head", BTF_KIND_STRUCT) > 0);
}

/* Number of types bpftool sees in the fixture's ELF: the oracle. */
static unsigned int bpftool_type_count(const char *file)
{
	char *s = tu_sh("bpftool btf dump file '%s' | grep -c '^\\['", file);
	unsigned int n = strtoul(s, NULL, 10);

	free(s);
	return n;
}

static void load_and_check(const char *path, enum btfcc_btf_format fmt)
{
	struct btfcc_err err = { 0 };
	struct btf *btf;

	assert_int_equal(btfcc_btf_format_of(path, &err), fmt);
	btf = btfcc_btf_load(path, &no_cache, &err);
	if (!btf)
		fail_msg("%s", err.msg);
	assert_tiny_types(btf);
	if (tu_have("bpftool"))
		assert_int_equal(btf__type_cnt(btf) - 1, bpftool_type_count(FIXTURE("tiny.o")));
	btf__free(btf);
}

static void test_raw(void **state)
{
	(void)state;
	load_and_check(FIXTURE("tiny.btf"), BTFCC_FMT_RAW);
}

static void test_elf(void **state)
{
	(void)state;
	load_and_check(FIXTURE("tiny.o"), BTFCC_FMT_ELF);
}

static void test_compressed_elf(void **state)
{
	(void)state;
	load_and_check(FIXTURE("tiny.o.xz"), BTFCC_FMT_ELF);
}

static void test_bzimage_gzip(void **state)
{
	(void)state;
	load_and_check(FIXTURE("bzimage-gz"), BTFCC_FMT_BZIMAGE);
}

static void test_bzimage_lz4(void **state)
{
	(void)state;
	/* tiny.o is > 8 MiB: several legacy lz4 blocks, then the size trailer. */
	load_and_check(FIXTURE("bzimage-lz4"), BTFCC_FMT_BZIMAGE);
}

static void test_bzimage_xz(void **state)
{
	(void)state;
	load_and_check(FIXTURE("bzimage-xz"), BTFCC_FMT_BZIMAGE);
}

static void test_bzimage_zstd(void **state)
{
	(void)state;
	load_and_check(FIXTURE("bzimage-zst"), BTFCC_FMT_BZIMAGE);
}

static void test_release(void **state)
{
	struct btfcc_err err = { 0 };
	char rel[64];

	(void)state;
	assert_int_equal(btfcc_bzimage_release(FIXTURE("bzimage-gz"), rel, sizeof(rel), &err), 0);
	assert_string_equal(rel, "6.1.0-test");
	/* Truncates instead of overflowing a short buffer. */
	assert_int_equal(btfcc_bzimage_release(FIXTURE("bzimage-gz"), rel, 4, &err), 0);
	assert_string_equal(rel, "6.1");
	assert_int_equal(btfcc_bzimage_release(FIXTURE("tiny.o"), rel, sizeof(rel), &err), -1);
	assert_non_null(strstr(err.msg, FIXTURE("tiny.o") ": not a kernel boot image"));
}

/*
 * Split BTF built with libbpf itself: one struct over the fixture's base
 * that embeds a base type, written out raw and loaded back over the base.
 */
static void test_split_raw(void **state)
{
	struct btfcc_load_opts opts = { .cache_dir = "" };
	struct btfcc_err err = { 0 };
	struct btf *base, *split, *loaded;
	int list_head, id, base_cnt;
	const void *raw;
	char *dir, *file;
	__u32 len;

	(void)state;
	base = btfcc_btf_load(FIXTURE("tiny.btf"), &no_cache, &err);
	assert_non_null(base);
	base_cnt = btf__type_cnt(base);
	list_head = btf__find_by_name_kind(base, "list_head", BTF_KIND_STRUCT);
	split = btf__new_empty_split(base);
	assert_non_null(split);
	id = btf__add_struct(split, "btfcc_mod_state", 24);
	assert_true(id >= base_cnt);
	assert_int_equal(btf__add_field(split, "list", list_head, 0, 0), 0);
	assert_int_equal(btf__add_field(split, "flags", btf__find_by_name(base, "int"), 128, 0), 0);
	raw = btf__raw_data(split, &len);
	dir = tu_mkdtemp();
	file = tu_path(dir, "btfcc_mod");
	assert_int_equal(tu_write(file, raw, len), 0);

	opts.base = base;
	loaded = btfcc_btf_load(file, &opts, &err);
	if (!loaded)
		fail_msg("%s", err.msg);
	assert_int_equal(btf__type_cnt(loaded), base_cnt + 1);
	id = btf__find_by_name_kind(loaded, "btfcc_mod_state", BTF_KIND_STRUCT);
	assert_int_equal(id, base_cnt);
	assert_int_equal(btf_members(btf__type_by_id(loaded, id))[0].type, list_head);
	/* Base types stay reachable through the split BTF. */
	assert_int_equal(btf__find_by_name_kind(loaded, "rq", BTF_KIND_STRUCT),
			 btf__find_by_name_kind(base, "rq", BTF_KIND_STRUCT));
	btf__free(loaded);
	btf__free(split);
	btf__free(base);
	tu_rmrf(dir);
	free(file);
	free(dir);
}

/* The running kernel's BTF, when it has any: the most common input. */
static void test_sysfs_vmlinux(void **state)
{
	struct btfcc_err err = { 0 };
	struct btf *btf;

	(void)state;
	if (access("/sys/kernel/btf/vmlinux", R_OK))
		TEST_SKIP("the running kernel has no /sys/kernel/btf/vmlinux");
	assert_int_equal(btfcc_btf_format_of("/sys/kernel/btf/vmlinux", &err), BTFCC_FMT_RAW);
	btf = btfcc_btf_load("/sys/kernel/btf/vmlinux", NULL, &err);
	if (!btf)
		fail_msg("%s", err.msg);
	assert_true(btf__find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT) > 0);
	if (tu_have("bpftool")) {
		char *s = tu_sh("bpftool btf dump file /sys/kernel/btf/vmlinux | grep -c '^\\['");

		assert_int_equal(btf__type_cnt(btf) - 1, strtoul(s, NULL, 10));
		free(s);
	}
	btf__free(btf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_elf),
		cmocka_unit_test(test_compressed_elf),
		cmocka_unit_test(test_bzimage_gzip),
		cmocka_unit_test(test_bzimage_lz4),
		cmocka_unit_test(test_bzimage_xz),
		cmocka_unit_test(test_bzimage_zstd),
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_split_raw),
		cmocka_unit_test(test_sysfs_vmlinux),
	};

	return test_exit_status(cmocka_run_group_tests(tests, NULL, NULL));
}
