/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_UTIL_XALLOC_H
#define BTFCC_UTIL_XALLOC_H

#include <stddef.h>

/*
 * btfcc's one out-of-memory policy: allocation never fails for the caller.
 * A compiler wrapper that cannot allocate cannot do anything useful, and
 * an error path per allocation is where bugs hide, so these print one line
 * ("btfcc: error: out of memory") and exit 1, as any failed compile does.
 */
/* Print the one line and exit 1: for allocators outside these (open_memstream). */
void xalloc_die(size_t n) __attribute__((noreturn));
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Make room for need elements of size bytes in *p, which has room for
 * *cap: the one doubling array growth (git's ALLOC_GROW).
 */
void util_grow(void **p, size_t *cap, size_t need, size_t size);
#define GROW(p, cap, need) do {						\
		if ((need) > (cap))						\
			util_grow((void **)&(p), &(cap), (need), sizeof(*(p)));	\
	} while (0)

#endif
