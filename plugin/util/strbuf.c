// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

void sb_init(struct strbuf *sb)
{
	memset(sb, 0, sizeof(*sb));
}

void sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb_init(sb);
}

static void sb_grow_to(struct strbuf *sb, size_t need)
{
	bool fresh = !sb->buf;

	/* Declarators are built in many short strings: start at a line's worth. */
	GROW(sb->buf, sb->cap, fresh && need < 64 ? 64 : need);
	if (fresh)
		sb->buf[0] = '\0';
}

/* Every add comes here: the common case, room enough, is one compare. */
static inline void sb_grow(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 > sb->cap)
		sb_grow_to(sb, sb->len + extra + 1);
}

void sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_add(struct strbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	sb_grow(sb, 0);
	room = sb->cap - sb->len;
	/* Format once into the room there is; only a longer result formats twice. */
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->buf[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		sb_grow(sb, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

void sb_addu(struct strbuf *sb, unsigned long long v)
{
	char num[24], *p = num + sizeof(num);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sb_addn(sb, p, (size_t)(num + sizeof(num) - p));
}

void sb_adds(struct strbuf *sb, long long v)
{
	if (v < 0) {
		sb_addlit(sb, "-");
		/* -LLONG_MIN overflows; its magnitude does fit an unsigned. */
		sb_addu(sb, 0ULL - (unsigned long long)v);
		return;
	}
	sb_addu(sb, (unsigned long long)v);
}

void sb_prepend(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	sb_grow(sb, n);
	memmove(sb->buf + n, sb->buf, sb->len + 1);
	memcpy(sb->buf, s, n);
	sb->len += n;
}

void sb_indent(struct strbuf *sb, int depth)
{
	while (depth-- > 0)
		sb_add(sb, "\t");
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}
