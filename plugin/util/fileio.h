/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_UTIL_FILEIO_H
#define BTFCC_UTIL_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "util/err.h"

/* A file's bytes in memory (malloc'd, NUL after the last byte). */
struct btfcc_buf {
	uint8_t *data;
	size_t len;
};

void btfcc_buf_free(struct btfcc_buf *b);

/*
 * The whole file, at most limit bytes, and its fstat() in *st (may be
 * NULL). read(), not mmap(): a file rewritten while we read it must give
 * an error or a short read, not SIGBUS. st_size is only a hint (sysfs).
 */
int util_read_file(const char *path, size_t limit, struct btfcc_buf *out, struct stat *st,
		   struct btfcc_err *err);
/* A text file, NUL-terminated, length in *len (may be NULL); NULL with errno. */
char *util_read_text(const char *path, size_t *len);
/* The first len bytes (fewer at end of file): the count, or -1. */
long util_read_head(const char *path, void *buf, size_t len, struct btfcc_err *err);
/* write() all of data, retrying on EINTR; 0 or -1 with errno. */
int util_write_all(int fd, const void *data, size_t len);
/*
 * Write data to path through a unique temporary file in the same directory
 * and rename(), so make -j never sees half a file. fsync first when durable.
 */
int util_write_file_atomic(const char *path, const void *data, size_t len, mode_t mode,
			   int durable, struct btfcc_err *err);
/* Whether a file's name is one of util_write_file_atomic's temporaries. */
bool util_write_leftover(const char *name);
/*
 * btfcc's cache directory, malloc'd: dir when not NULL ("" = no cache),
 * else $BTFCC_CACHE_DIR (same), $XDG_CACHE_HOME/btfcc, ~/.cache/btfcc.
 * NULL: no cache.
 */
char *util_cache_dir(const char *dir);
/* mkdir -p dir (0755): 0, or -1 when its last component cannot be made. */
int util_mkdir_p(const char *dir);
/* The directory part of path: "." without a slash, "/" for "/x"; malloc'd. */
char *util_path_dir(const char *path);

#endif
