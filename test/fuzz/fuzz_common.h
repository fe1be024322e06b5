/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_FUZZ_COMMON_H
#define BTFCC_FUZZ_COMMON_H

/*
 * What the libFuzzer targets of test/fuzz/ share: the loaders take paths,
 * so an input is handed to them as a memfd (/proc/self/fd/N), never a file
 * on disk; and the cache target's entries are keyed by one fixed identity,
 * which mkseed writes its seeds with (docs/fuzzing.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/err.h"

struct fuzz_file {
	int fd;
	char path[64];
};

/* The input as a file the loaders can open; aborts: the fuzzer cannot go on. */
static inline void fuzz_file_open(struct fuzz_file *f, const uint8_t *data, size_t len)
{
	f->fd = memfd_create("btfcc-fuzz", MFD_CLOEXEC);
	if (f->fd < 0)
		abort();
	while (len) {
		ssize_t n = write(f->fd, data, len);

		if (n <= 0)
			abort();
		data += n;
		len -= n;
	}
	snprintf(f->path, sizeof(f->path), "/proc/self/fd/%d", f->fd);
}

static inline void fuzz_file_close(struct fuzz_file *f)
{
	close(f->fd);
}

/* The identity the cache target keys its entries by. */
static inline void fuzz_cache_stat(struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = 0x801;
	st->st_ino = 4242;
	st->st_size = 1 << 20;
	st->st_mtim.tv_sec = 1700000000;
	st->st_mtim.tv_nsec = 123456789;
}

/*
 * The one-line rule, for messages built from hostile input: printable
 * ASCII only, no newline, and terminated inside its buffer.
 */
static inline void fuzz_check_msg(const struct btfcc_err *err)
{
	size_t i;

	if (!memchr(err->msg, '\0', sizeof(err->msg)))
		abort();
	if (!err->msg[0])
		abort();	/* a failure must say why */
	for (i = 0; err->msg[i]; i++)
		if ((unsigned char)err->msg[i] < 0x20 || (unsigned char)err->msg[i] > 0x7e) {
			fprintf(stderr, "message breaks the one-line rule at byte %zu: %s\n", i, err->msg);
			abort();
		}
}

#endif
