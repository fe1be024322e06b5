// SPDX-License-Identifier: GPL-2.0-only
/* Least-recently-used pruning of a cache directory (util/lru.h). */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/lru.h"
#include "util/xalloc.h"

#define KEY_DIGITS 16

struct aged {
	struct timespec used;
	char *path;
};

void util_lru_touch(const char *path)
{
	utimensat(AT_FDCWD, path, NULL, 0);
}

bool util_lru_older(const char *path, long seconds)
{
	struct stat st;

	return !stat(path, &st) && time(NULL) - st.st_mtim.tv_sec > seconds;
}

void util_lru_drop_leftover(const char *path, const char *name)
{
	if (util_write_leftover(name) && util_lru_older(path, UTIL_LRU_LEFTOVER_SECONDS))
		unlink(path);
}

static int by_use(const void *a, const void *b)
{
	const struct timespec *x = &((const struct aged *)a)->used;
	const struct timespec *y = &((const struct aged *)b)->used;

	if (x->tv_sec != y->tv_sec)
		return x->tv_sec < y->tv_sec ? -1 : 1;
	return x->tv_nsec < y->tv_nsec ? -1 : x->tv_nsec > y->tv_nsec;
}

static bool keyed(const char *name, const char *prefix, const char *suffix)
{
	size_t n = strlen(name), p = strlen(prefix), s = strlen(suffix);

	if (n < p + KEY_DIGITS + s || strncmp(name, prefix, p) || strcmp(name + n - s, suffix))
		return false;
	for (size_t i = n - s - KEY_DIGITS; i < n - s; i++)
		if ((name[i] < '0' || name[i] > '9') && (name[i] < 'a' || name[i] > 'f'))
			return false;
	return true;
}

void util_lru_prune(const char *dir, const char *prefix, const char *suffix, size_t keep,
		    void (*drop)(const char *path),
		    void (*other)(const char *path, const char *name))
{
	DIR *d = opendir(dir);
	struct aged *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char *path = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;

		if (!keyed(e->d_name, prefix, suffix) || stat(path, &st) || !S_ISREG(st.st_mode)) {
			if (other && e->d_name[0] != '.')
				other(path, e->d_name);
			free(path);
			continue;
		}
		GROW(v, cap, n + 1);
		v[n].used = st.st_mtim;
		v[n++].path = path;
	}
	closedir(d);
	if (n > keep)
		qsort(v, n, sizeof(*v), by_use);
	for (size_t i = 0; i < n; i++) {
		if (i + keep < n) {
			if (drop)
				drop(v[i].path);
			else
				unlink(v[i].path);
		}
		free(v[i].path);
	}
	free(v);
}
