// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading whole files into memory. read() rather than mmap(): a kernel
 * image rewritten while we look at it must give an error, not SIGBUS.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btf/btf_internal.h"

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

long btfcc_read_head(const char *path, void *buf, size_t len, struct btfcc_err *err)
{
	long n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		btfcc_err_set(err, "cannot open: %s", strerror(errno));
		return -1;
	}
	n = read_full(fd, buf, len);
	if (n < 0)
		btfcc_err_set(err, "cannot read: %s", strerror(errno));
	close(fd);
	return n;
}

/*
 * st_size is only a hint: sysfs reports it, /proc and pipes do not, and
 * the file may change under us. Grow until end of file or limit.
 */
static int slurp(int fd, size_t hint, size_t limit, struct btfcc_buf *out,
		 struct btfcc_err *err)
{
	size_t cap = hint ? hint + 1 : 64 * 1024;
	uint8_t *data = NULL;
	size_t len = 0;

	for (;;) {
		uint8_t *p;
		long n;

		if (cap > limit + 1)
			cap = limit + 1;
		p = realloc(data, cap);
		if (!p) {
			btfcc_err_set(err, "out of memory reading %zu bytes", cap);
			goto fail;
		}
		data = p;
		n = read_full(fd, data + len, cap - len);
		if (n < 0) {
			btfcc_err_set(err, "cannot read: %s", strerror(errno));
			goto fail;
		}
		len += n;
		if (len < cap)
			break;
		if (len > limit) {
			btfcc_err_set(err, "file larger than %zu bytes", limit);
			goto fail;
		}
		cap *= 2;
	}
	out->data = data;
	out->len = len;
	return 0;
fail:
	free(data);
	return -1;
}

int btfcc_read_file(const char *path, size_t limit, struct btfcc_buf *out,
		    struct stat *st, struct btfcc_err *err)
{
	struct stat tmp;
	int fd, ret;

	if (!st)
		st = &tmp;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		btfcc_err_set(err, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, st) < 0) {
		btfcc_err_set(err, "cannot stat: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(st->st_mode)) {
		btfcc_err_set(err, "is a directory");
		close(fd);
		return -1;
	}
	ret = slurp(fd, st->st_size > 0 ? (size_t)st->st_size : 0, limit, out, err);
	close(fd);
	return ret;
}
