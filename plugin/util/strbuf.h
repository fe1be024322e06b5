/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_UTIL_STRBUF_H
#define BTFCC_UTIL_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A growable string. Emission builds declarators inside out and whole
 * headers in memory, so that nothing reaches the output file before the
 * whole header is known to be good. Allocation follows util/xalloc.h.
 */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_add(struct strbuf *sb, const char *s);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_prepend(struct strbuf *sb, const char *s);
/*
 * Numbers without a format string: a full dump writes some 300,000 of
 * them, and vsnprintf costs ten times a digit loop.
 */
void sb_addu(struct strbuf *sb, unsigned long long v);
void sb_adds(struct strbuf *sb, long long v);
#define sb_addlit(sb, lit) sb_addn((sb), (lit), sizeof(lit) - 1)
void sb_indent(struct strbuf *sb, int depth);
/* The contents, never NULL ("" when empty or out of memory). */
const char *sb_str(const struct strbuf *sb);

#endif
