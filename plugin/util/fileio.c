// SPDX-License-Identifier: GPL-2.0-only
/* Whole-file reads and atomic writes: make -j must never see half a file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/xalloc.h"

void btfcc_buf_free(struct btfcc_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

/* Fill buf from fd until len bytes or end of file; -1 on error. */
static long read_full(int fd, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, (char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		done += n;
	}
	return done;
}

long util_read_head(const char *path, void *buf, size_t len, struct btfcc_err *err)
{
	long n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return btfcc_err_set(err, BTFCC_E_IO, "cannot open: %s", strerror(errno));
	n = read_full(fd, buf, len);
	if (n < 0)
		btfcc_err_set(err, BTFCC_E_IO, "cannot read: %s", strerror(errno));
	close(fd);
	return n;
}

/* Grow until end of file or limit: st_size is only a hint. */
static int slurp(int fd, size_t hint, size_t limit, struct btfcc_buf *out,
		 struct btfcc_err *err)
{
	size_t cap = hint ? hint + 1 : 64 * 1024;
	uint8_t *data = NULL;
	size_t len = 0;

	for (;;) {
		long n;

		if (cap > limit + 1)
			cap = limit + 1;
		data = xrealloc(data, cap + 1);
		n = read_full(fd, data + len, cap - len);
		if (n < 0) {
			btfcc_err_set(err, BTFCC_E_IO, "cannot read: %s", strerror(errno));
			goto fail;
		}
		len += n;
		if (len < cap)
			break;
		if (len > limit) {
			btfcc_err_set(err, BTFCC_E_LIMIT, "file larger than %zu bytes", limit);
			goto fail;
		}
		cap *= 2;
	}
	data[len] = 0;
	out->data = data;
	out->len = len;
	return 0;
fail:
	free(data);
	return -1;
}

int util_read_file(const char *path, size_t limit, struct btfcc_buf *out, struct stat *st,
		   struct btfcc_err *err)
{
	struct stat tmp;
	int fd, ret;

	if (!st)
		st = &tmp;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return btfcc_err_set(err, BTFCC_E_IO, "cannot open: %s", strerror(errno));
	if (fstat(fd, st) < 0) {
		btfcc_err_set(err, BTFCC_E_IO, "cannot stat: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(st->st_mode)) {
		btfcc_err_set(err, BTFCC_E_IO, "is a directory");
		close(fd);
		return -1;
	}
	ret = slurp(fd, st->st_size > 0 ? (size_t)st->st_size : 0, limit, out, err);
	close(fd);
	return ret;
}

char *util_read_text(const char *path, size_t *len)
{
	struct btfcc_buf b = { 0 };

	/* Sources, depfiles and configs: 256 MiB is no real file's size. */
	if (util_read_file(path, 256u << 20, &b, NULL, NULL))
		return NULL;
	if (len)
		*len = b.len;
	return (char *)b.data;
}

int util_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!n)
				errno = ENOSPC;
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

static mode_t current_umask(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

/* The temporary is "<path>.<pid>.XXXXXX": util_write_leftover knows it. */
int util_write_file_atomic(const char *path, const void *data, size_t len, mode_t mode,
			   int durable, struct btfcc_err *err)
{
	char *tmp = xasprintf("%s.%ld.XXXXXX", path, (long)getpid());
	int fd = mkstemp(tmp), bad;

	if (fd < 0) {
		btfcc_err_set(err, BTFCC_E_IO, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	/* Every step must run: close() even when the write failed. */
	bad = fchmod(fd, mode & ~current_umask()) | util_write_all(fd, data, len);
	if (!bad && durable)
		bad = fsync(fd);
	if (close(fd) | bad || rename(tmp, path)) {
		btfcc_err_set(err, BTFCC_E_IO, "%s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

char *util_path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, slash - path);
}

char *util_cache_dir(const char *dir)
{
	const char *env;

	if (dir)
		return dir[0] ? xstrdup(dir) : NULL;
	env = getenv("BTFCC_CACHE_DIR");
	if (env)
		return env[0] ? xstrdup(env) : NULL;
	/* The XDG spec ignores relative values of XDG_CACHE_HOME. */
	env = getenv("XDG_CACHE_HOME");
	if (env && env[0] == '/')
		return xasprintf("%s/btfcc", env);
	env = getenv("HOME");
	if (env && env[0])
		return xasprintf("%s/.cache/btfcc", env);
	return NULL;
}

/* mkdir -p; the cache is a convenience, so callers ignore failure. */
int util_mkdir_p(const char *dir)
{
	char *p, *s = xstrdup(dir), c;
	int ret = 0;

	for (p = s + 1; ; p++) {
		if (*p != '/' && *p)
			continue;
		c = *p;
		*p = '\0';
		/* Only the last component's outcome matters. */
		ret = mkdir(s, 0755) && errno != EEXIST ? -1 : 0;
		*p = c;
		if (!c)
			break;
	}
	free(s);
	return ret;
}

bool util_write_leftover(const char *name)
{
	const char *x = strrchr(name, '.'), *pid;

	if (!x || strlen(x + 1) != 6 || x == name)
		return false;
	for (pid = x - 1; pid > name && *pid >= '0' && *pid <= '9'; pid--)
		;
	return pid < x - 1 && pid > name && *pid == '.';
}
