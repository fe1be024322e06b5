// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cache of BTF extracted from boot images: where it lives, that a
 * second load hits it, that damaged entries are re-extracted, that writes
 * are atomic under concurrent loads, that an unusable cache directory
 * is not an error and that old entries go, least recently used first.
 * Synthetic images (gen_fixtures.sh) keep this fast.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <time.h>
#include <sys/file.h>
#include <sys/wait.h>

#include "btf/btf_internal.h"
#include "btf/btf_load.h"
#include "btf/test_util.h"
#include "util/xalloc.h"

#define CACHE_HDR 64	/* struct cache_hdr in plugin/btf/btf_cache.c */

static char *dir;	/* scratch: a copy of the image and the cache */
static char *image;	/* path of the copy */

static int setup(void **state)
{
	(void)state;
	dir = tu_mkdtemp();
	if (!dir)
		return -1;
	image = tu_path(dir, "vmlinuz-test");
	return tu_copy(FIXTURE("bzimage-xz"), image);
}

static int teardown(void **state)
{
	(void)state;
	tu_rmrf(dir);
	free(image);
	free(dir);
	return 0;
}

/* Files in d whose name contains part; ".btf" counts entries only. */
static int count_files(const char *d, const char *part)
{
	struct dirent *e;
	DIR *dh = opendir(d);
	int n = 0;

	if (!dh)
		return 0;
	while ((e = readdir(dh))) {
		const char *hit = strstr(e->d_name, part);

		if (e->d_name[0] == '.' || !hit)
			continue;
		if (strcmp(part, ".btf") || !strcmp(hit, ".btf"))
			n++;
	}
	closedir(dh);
	return n;
}

static struct btf *load_ok(const char *path, const struct btfcc_load_opts *opts)
{
	struct btfcc_err err = { 0 };
	struct btf *btf = btfcc_btf_load(path, opts, &err);

	if (!btf)
		fail_msg("%s", err.msg);
	assert_true(btf__find_by_name_kind(btf, "rq", BTF_KIND_STRUCT) > 0);
	return btf;
}

static off_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : st.st_size;
}

static ino_t file_ino(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : st.st_ino;
}

static void test_miss_then_hit(void **state)
{
	char *cdir = tu_path(dir, "c1"), cpath[4096];
	struct btfcc_load_opts opts = { .cache_dir = cdir };
	struct btf *a, *b;
	__u32 len;
	ino_t ino;

	(void)state;
	assert_int_equal(btfcc_btf_cache_path(image, &opts, cpath, sizeof(cpath)), 0);
	assert_memory_equal(cpath, cdir, strlen(cdir));
	assert_non_null(strstr(cpath, "/vmlinuz-test-"));
	assert_int_equal(access(cpath, F_OK), -1);

	a = load_ok(image, &opts);
	btf__raw_data(a, &len);
	assert_int_equal(file_size(cpath), CACHE_HDR + len);
	assert_int_equal(count_files(cdir, ".tmp"), 0);
	ino = file_ino(cpath);

	/* A hit reads the entry and does not rewrite it. */
	b = load_ok(image, &opts);
	assert_int_equal(file_ino(cpath), ino);
	assert_int_equal(btf__type_cnt(a), btf__type_cnt(b));
	btf__free(a);
	btf__free(b);
	free(cdir);
}

/* Truncated, bit-flipped and foreign entries: silently re-extracted. */
static void test_damaged_entries(void **state)
{
	char *cdir = tu_path(dir, "c2"), cpath[4096];
	struct btfcc_load_opts opts = { .cache_dir = cdir };
	off_t good;
	size_t len;
	uint8_t *p;
	int i;

	(void)state;
	btf__free(load_ok(image, &opts));
	assert_int_equal(btfcc_btf_cache_path(image, &opts, cpath, sizeof(cpath)), 0);
	good = file_size(cpath);
	p = tu_read(cpath, &len);
	for (i = 0; i < 4; i++) {
		struct tu_stderr cap;
		char *noise;

		switch (i) {
		case 0:	/* torn write */
			assert_int_equal(truncate(cpath, good / 2), 0);
			break;
		case 1:	/* one flipped bit in the BTF: the CRC catches it */
			p[CACHE_HDR + 100] ^= 1;
			assert_int_equal(tu_write(cpath, p, len), 0);
			p[CACHE_HDR + 100] ^= 1;
			break;
		case 2:	/* an entry for another file (st_ino differs) */
			p[8 + 8] ^= 1;
			assert_int_equal(tu_write(cpath, p, len), 0);
			p[8 + 8] ^= 1;
			break;
		case 3:	/* empty */
			assert_int_equal(tu_write(cpath, "", 0), 0);
			break;
		}
		tu_stderr_begin(&cap);
		btf__free(load_ok(image, &opts));
		noise = tu_stderr_end(&cap);
		assert_string_equal(noise, "");
		free(noise);
		assert_int_equal(file_size(cpath), good);
	}
	free(p);
	free(cdir);
}

/* A new mtime is a new kernel image as far as the cache knows. */
static void test_changed_image(void **state)
{
	char *cdir = tu_path(dir, "c3"), before[4096], after[4096];
	struct btfcc_load_opts opts = { .cache_dir = cdir };
	struct timespec ts[2] = { { 1000000000, 5 }, { 1000000000, 5 } };

	(void)state;
	btf__free(load_ok(image, &opts));
	assert_int_equal(btfcc_btf_cache_path(image, &opts, before, sizeof(before)), 0);
	assert_int_equal(utimensat(AT_FDCWD, image, ts, 0), 0);
	assert_int_equal(btfcc_btf_cache_path(image, &opts, after, sizeof(after)), 0);
	assert_string_not_equal(before, after);
	btf__free(load_ok(image, &opts));
	assert_int_equal(access(after, F_OK), 0);
	assert_int_equal(count_files(cdir, ".btf"), 2);
	free(cdir);
}

/* Raw and ELF inputs are read directly: nothing to cache. */
static void test_only_bzimages_cached(void **state)
{
	char *cdir = tu_path(dir, "c4");
	struct btfcc_load_opts opts = { .cache_dir = cdir };

	(void)state;
	btf__free(load_ok(FIXTURE("tiny.btf"), &opts));
	btf__free(load_ok(FIXTURE("tiny.o"), &opts));
	btf__free(load_ok(FIXTURE("tiny.o.xz"), &opts));
	assert_int_equal(count_files(cdir, ""), 0);
	free(cdir);
}

static void test_unusable_dir(void **state)
{
	struct btfcc_load_opts off = { .cache_dir = "" };
	struct btfcc_load_opts file = { .cache_dir = NULL };
	char cpath[4096];
	char *blocker = tu_path(dir, "blocker");

	(void)state;
	/* A regular file where the cache directory should be. */
	assert_int_equal(tu_write(blocker, "x", 1), 0);
	file.cache_dir = blocker;
	btf__free(load_ok(image, &file));
	assert_int_equal(file_size(blocker), 1);
	/* "" turns caching off. */
	assert_int_equal(btfcc_btf_cache_path(image, &off, cpath, sizeof(cpath)), -1);
	btf__free(load_ok(image, &off));
	free(blocker);
}

static void check_env_dir(const char *want_prefix)
{
	char cpath[4096];

	assert_int_equal(btfcc_btf_cache_path(image, NULL, cpath, sizeof(cpath)), 0);
	assert_memory_equal(cpath, want_prefix, strlen(want_prefix));
	btf__free(load_ok(image, NULL));
	assert_int_equal(access(cpath, F_OK), 0);
}

static void test_env_resolution(void **state)
{
	char *env_dir = tu_path(dir, "env"), *xdg = tu_path(dir, "xdg");
	char *home = tu_path(dir, "home"), *want;

	(void)state;
	setenv("BTFCC_CACHE_DIR", env_dir, 1);
	setenv("XDG_CACHE_HOME", xdg, 1);
	setenv("HOME", home, 1);
	check_env_dir(env_dir);

	unsetenv("BTFCC_CACHE_DIR");
	want = tu_path(xdg, "btfcc/");
	check_env_dir(want);
	free(want);

	/* Relative XDG_CACHE_HOME is invalid per the spec: fall back to HOME. */
	setenv("XDG_CACHE_HOME", "relative", 1);
	want = tu_path(home, ".cache/btfcc/");
	check_env_dir(want);
	free(want);

	setenv("BTFCC_CACHE_DIR", "", 1);
	assert_int_equal(btfcc_btf_cache_path(image, NULL, want = malloc(64), 64), -1);
	free(want);
	unsetenv("BTFCC_CACHE_DIR");
	unsetenv("XDG_CACHE_HOME");
	free(env_dir);
	free(xdg);
	free(home);
}

/* Sets path's mtime (the cache's "last used") days ago. */
static void age(const char *path, int days)
{
	time_t t = time(NULL) - days * 86400L;
	struct timespec ts[2] = { { t, 0 }, { t, 0 } };

	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static char *fake_entry(const char *cdir, int i, int days)
{
	char name[64], *path, *lock;

	snprintf(name, sizeof(name), "vmlinuz-old%d-%016x.btf", i, i);
	path = tu_path(cdir, name);
	lock = xasprintf("%s.lock", path);
	assert_int_equal(tu_write(path, "x", 1), 0);
	assert_int_equal(tu_write(lock, "", 0), 0);
	age(path, days);
	free(lock);
	return path;
}

static bool exists(const char *d, const char *name)
{
	char *p = tu_path(d, name);
	bool ok = !access(p, F_OK);

	free(p);
	return ok;
}

/*
 * A new entry drops the least recently used beyond BTFCC_CACHE_KEEP, with
 * its lock; a hit counts as a use; a day-old lock without an entry and a
 * killed writer's temporary go, younger ones and held locks stay (a build
 * may own them), and so does a file not named as btfcc names entries.
 */
static void test_old_entries_go(void **state)
{
	char *cdir = tu_path(dir, "lru"), cpath[4096], *other, *old[BTFCC_CACHE_KEEP];
	struct btfcc_load_opts opts = { .cache_dir = cdir };
	int held;

	(void)state;
	assert_int_equal(mkdir(cdir, 0755), 0);
	for (int i = 0; i < BTFCC_CACHE_KEEP; i++)
		old[i] = fake_entry(cdir, i, 40 - i);	/* old0 is the least recent */
	snprintf(cpath, sizeof(cpath), "%s/vmlinuz-gone-%016x.btf.lock", cdir, 1);
	assert_int_equal(tu_write(cpath, "", 0), 0);
	age(cpath, 2);
	snprintf(cpath, sizeof(cpath), "%s/vmlinuz-busy-%016x.btf.lock", cdir, 2);
	assert_int_equal(tu_write(cpath, "", 0), 0);
	snprintf(cpath, sizeof(cpath), "%s/vmlinuz-old1-%016x.btf.123.AbC123", cdir, 1);
	assert_int_equal(tu_write(cpath, "x", 1), 0);
	age(cpath, 2);
	/* Not btfcc's name (no key): the user's file, however old. */
	snprintf(cpath, sizeof(cpath), "%s/my-own-kernel-build.btf", cdir);
	assert_int_equal(tu_write(cpath, "x", 1), 0);
	age(cpath, 90);
	/* A day-old lock another process holds (flock is per open file). */
	snprintf(cpath, sizeof(cpath), "%s/vmlinuz-held-%016x.btf.lock", cdir, 3);
	assert_int_equal(tu_write(cpath, "", 0), 0);
	age(cpath, 2);
	held = open(cpath, O_RDONLY | O_CLOEXEC);
	assert_int_equal(flock(held, LOCK_EX), 0);

	btf__free(load_ok(image, &opts));
	assert_true(exists(cdir, "my-own-kernel-build.btf"));
	assert_true(exists(cdir, "vmlinuz-held-0000000000000003.btf.lock"));
	close(held);
	assert_int_equal(count_files(cdir, ".btf"), BTFCC_CACHE_KEEP + 1);	/* + the user's */
	assert_int_equal(access(old[0], F_OK), -1);
	assert_false(exists(cdir, "vmlinuz-old0-0000000000000000.btf.lock"));
	assert_true(exists(cdir, "vmlinuz-old1-0000000000000001.btf.lock"));
	assert_false(exists(cdir, "vmlinuz-gone-0000000000000001.btf.lock"));
	assert_true(exists(cdir, "vmlinuz-busy-0000000000000002.btf.lock"));
	assert_false(exists(cdir, "vmlinuz-old1-0000000000000001.btf.123.AbC123"));

	/* The new entry, made the least recent, is used again: old1 goes next. */
	assert_int_equal(btfcc_btf_cache_path(image, &opts, cpath, sizeof(cpath)), 0);
	age(cpath, 50);
	btf__free(load_ok(image, &opts));
	other = tu_path(dir, "vmlinuz-other");
	assert_int_equal(tu_copy(image, other), 0);
	btf__free(load_ok(other, &opts));
	assert_int_equal(count_files(cdir, ".btf"), BTFCC_CACHE_KEEP + 1);
	assert_int_equal(access(cpath, F_OK), 0);
	assert_int_equal(access(old[1], F_OK), -1);
	assert_int_equal(access(old[2], F_OK), 0);
	for (int i = 0; i < BTFCC_CACHE_KEEP; i++)
		free(old[i]);
	free(other);
	free(cdir);
}

/* make -j: many compilers miss at once; all succeed, one whole entry. */
static void test_concurrent(void **state)
{
	char *cdir = tu_path(dir, "c5"), cpath[4096];
	struct btfcc_load_opts opts = { .cache_dir = cdir };
	pid_t pids[8];
	int i, status;

	(void)state;
	for (i = 0; i < 8; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (!pids[i]) {
			struct btfcc_err err;
			struct btf *btf = btfcc_btf_load(image, &opts, &err);

			_exit(btf && btf__find_by_name_kind(btf, "rq", BTF_KIND_STRUCT) > 0 ? 0 : 1);
		}
	}
	for (i = 0; i < 8; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	assert_int_equal(count_files(cdir, ".btf"), 1);
	assert_int_equal(count_files(cdir, ".lock"), 1);
	assert_int_equal(count_files(cdir, ".tmp"), 0);
	assert_int_equal(btfcc_btf_cache_path(image, &opts, cpath, sizeof(cpath)), 0);
	btf__free(load_ok(image, &opts));
	free(cdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_miss_then_hit),
		cmocka_unit_test(test_damaged_entries),
		cmocka_unit_test(test_changed_image),
		cmocka_unit_test(test_only_bzimages_cached),
		cmocka_unit_test(test_unusable_dir),
		cmocka_unit_test(test_env_resolution),
		cmocka_unit_test(test_concurrent),
		cmocka_unit_test(test_old_entries_go),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
