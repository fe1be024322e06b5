// SPDX-License-Identifier: GPL-2.0-only
/*
 * Faults in the cache of boot-image BTF (plugin/btf/btf_cache.c) beyond
 * damaged entries (test_btf_load_cache.c): something that is no regular
 * file where an entry belongs, an entry that belongs to another kernel, a
 * directory btfcc may not write, a full disk, and compilers of two kernels
 * racing on one cold cache. In each, the load gets the image's own BTF,
 * prints nothing, and leaves no half-written file: the cache may only be
 * skipped, never used wrongly and never be the reason a build fails.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include "btf/btf_load.h"
#include "btf/test_util.h"
#include "test_skip.h"

static char *dir;	/* scratch */
static char *kernel_a;	/* tiny.o in a boot image: has struct rq */
static char *kernel_b;	/* tiny_module.o in one: struct btfcc_mod_state, no rq */

static int setup(void **state)
{
	char *out;

	(void)state;
	dir = tu_mkdtemp();
	if (!dir)
		return -1;
	kernel_a = tu_path(dir, "vmlinuz-a");
	kernel_b = tu_path(dir, "vmlinuz-b");
	out = tu_sh("xz --check=crc32 -c %s > %s/b.xz && %s/btfcc_mkbzimage %s/b.xz "
		    "$(stat -c %%s %s) '6.12.0-b (t@fault) #1' %s && echo ok",
		    FIXTURE("tiny_module.o"), dir, BTFCC_TEST_BIN_DIR, dir,
		    FIXTURE("tiny_module.o"), kernel_b);
	if (strcmp(out, "ok")) {
		free(out);
		return -1;
	}
	free(out);
	return tu_copy(FIXTURE("bzimage-xz"), kernel_a);
}

static int teardown(void **state)
{
	(void)state;
	tu_rmrf(dir);
	free(kernel_a);
	free(kernel_b);
	free(dir);
	return 0;
}

/* 0 when the BTF is kernel's own: a has struct rq, b has the module's state. */
static int own_btf(const struct btf *btf, const char *kernel)
{
	bool is_a = kernel == kernel_a;

	if (!btf)
		return -1;
	if ((btf__find_by_name_kind(btf, "rq", BTF_KIND_STRUCT) > 0) != is_a)
		return -1;
	return (btf__find_by_name_kind(btf, "btfcc_mod_state", BTF_KIND_STRUCT) > 0) == is_a ? -1 : 0;
}

/* Load kernel with the cache in cdir: its own BTF, and not a byte on stderr. */
static void load_quietly(const char *kernel, const char *cdir)
{
	struct btfcc_load_opts opts = { .cache_dir = cdir };
	struct btfcc_err err = { 0 };
	struct tu_stderr cap;
	struct btf *btf;
	char *noise;

	tu_stderr_begin(&cap);
	btf = btfcc_btf_load(kernel, &opts, &err);
	noise = tu_stderr_end(&cap);
	if (!btf)
		fail_msg("load failed: %s", err.msg);
	assert_int_equal(own_btf(btf, kernel), 0);
	assert_string_equal(noise, "");
	free(noise);
	btf__free(btf);
}

static int count_suffix(const char *d, const char *suffix)
{
	struct dirent *e;
	DIR *dh = opendir(d);
	int n = 0;

	if (!dh)
		return 0;
	while ((e = readdir(dh))) {
		size_t l = strlen(e->d_name), s = strlen(suffix);

		if (e->d_name[0] != '.' && l >= s && !strcmp(e->d_name + l - s, suffix))
			n++;
	}
	closedir(dh);
	return n;
}

static char *entry_of(const char *kernel, const char *cdir)
{
	struct btfcc_load_opts opts = { .cache_dir = cdir };
	char cpath[4096];

	assert_int_equal(btfcc_btf_cache_path(kernel, &opts, cpath, sizeof(cpath)), 0);
	return strdup(cpath);
}

/* A FIFO where the entry belongs must not block the compiler forever. */
static void fifo_entry(void **state)
{
	char *cdir = tu_path(dir, "fifo"), *e;

	(void)state;
	assert_int_equal(mkdir(cdir, 0755), 0);
	e = entry_of(kernel_a, cdir);
	assert_int_equal(mkfifo(e, 0644), 0);
	alarm(20);	/* a hang is a failure, not a stuck test */
	load_quietly(kernel_a, cdir);
	alarm(0);
	free(e);
	free(cdir);
}

/* A directory where the entry belongs: read and write both fail, quietly. */
static void directory_entry(void **state)
{
	char *cdir = tu_path(dir, "subdir"), *e;

	(void)state;
	assert_int_equal(mkdir(cdir, 0755), 0);
	e = entry_of(kernel_a, cdir);
	assert_int_equal(mkdir(e, 0755), 0);
	load_quietly(kernel_a, cdir);
	load_quietly(kernel_a, cdir);
	free(e);
	free(cdir);
}

/*
 * Kernel b's entry is a copy of (or a link to) kernel a's: whole, its CRC
 * right, but keyed by another image. b must get b's BTF.
 */
static void entry_of_another_kernel(void **state)
{
	char *cdir = tu_path(dir, "other"), *ea, *eb;

	(void)state;
	load_quietly(kernel_a, cdir);
	ea = entry_of(kernel_a, cdir);
	eb = entry_of(kernel_b, cdir);
	assert_int_equal(tu_copy(ea, eb), 0);
	load_quietly(kernel_b, cdir);
	assert_int_equal(unlink(eb), 0);
	assert_int_equal(symlink(ea, eb), 0);
	load_quietly(kernel_b, cdir);
	load_quietly(kernel_a, cdir);
	free(ea);
	free(eb);
	free(cdir);
}

/* A cache directory this user may not write (root's, as nobody). */
static void unwritable_dir(void **state)
{
	char *cdir = tu_path(dir, "ro");
	pid_t pid;
	int status;

	(void)state;
	assert_int_equal(mkdir(cdir, 0755), 0);
	assert_int_equal(chmod(dir, 0755), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		/* As root, permissions do not apply: become nobody. */
		if (geteuid() ? chmod(cdir, 0555) : setgid(65534) || setuid(65534))
			_exit(3);
		load_quietly(kernel_a, cdir);
		load_quietly(kernel_a, cdir);
		_exit(count_suffix(cdir, ".btf") || count_suffix(cdir, ".tmp") ? 2 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	free(cdir);
}

/* Fill the file system at d, so that not even an empty file fits. */
static void fill(const char *d)
{
	char *p = tu_path(d, "filler");
	static char block[4096];
	FILE *f = fopen(p, "w");

	if (f) {
		while (fwrite(block, 1, sizeof(block), f) == sizeof(block))
			;
		fclose(f);
	}
	free(p);
}

/* The cache on a full file system: a 64 KiB tmpfs, in a mount namespace. */
static void full_disk(void **state)
{
	char *cdir = tu_path(dir, "full");
	pid_t pid;
	int status;

	(void)state;
	assert_int_equal(mkdir(cdir, 0755), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("btfcc-full", cdir, "tmpfs", 0, "size=64k,nr_inodes=16"))
			_exit(77);
		fill(cdir);
		load_quietly(kernel_a, cdir);
		load_quietly(kernel_b, cdir);
		_exit(count_suffix(cdir, ".btf") || count_suffix(cdir, ".tmp") ? 2 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		TEST_SKIP("cannot mount a tmpfs in a mount namespace (needs root)");
	assert_int_equal(WEXITSTATUS(status), 0);
	free(cdir);
}

/*
 * make -j for two kernels at once, on one cold cache: 16 compilers, half
 * for each kernel, started together. Each gets its own kernel's BTF; the
 * cache ends with one whole entry per kernel and no temporary file.
 */
static void two_kernels_race(void **state)
{
	char *cdir = tu_path(dir, "race");
	pid_t pids[16];
	int i, round, status;

	(void)state;
	for (round = 0; round < 3; round++) {
		tu_rmrf(cdir);
		for (i = 0; i < 16; i++) {
			pids[i] = fork();
			assert_true(pids[i] >= 0);
			if (!pids[i]) {
				const char *k = i % 2 ? kernel_b : kernel_a;
				struct btfcc_load_opts opts = { .cache_dir = cdir };
				struct btfcc_err err;
				struct btf *btf = btfcc_btf_load(k, &opts, &err);

				_exit(own_btf(btf, k) ? 1 : 0);
			}
		}
		for (i = 0; i < 16; i++) {
			assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
			assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		}
		assert_int_equal(count_suffix(cdir, ".btf"), 2);
		assert_int_equal(count_suffix(cdir, ".tmp"), 0);
		/* And the entries they left are each kernel's own. */
		load_quietly(kernel_a, cdir);
		load_quietly(kernel_b, cdir);
	}
	free(cdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fifo_entry),
		cmocka_unit_test(directory_entry),
		cmocka_unit_test(entry_of_another_kernel),
		cmocka_unit_test(unwritable_dir),
		cmocka_unit_test(full_disk),
		cmocka_unit_test(two_kernels_race),
	};

	return test_exit_status(cmocka_run_group_tests(tests, setup, teardown));
}
