// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writing C source text: the TU copy the compiler gets, the source the scan
 * parses with the header so far, and the clangd wrapper all put an
 * #include before a line of the user's file and #line directives around it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/c_text.h"
#include "util/xalloc.h"

void c_put_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static bool ident_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (!first && c >= '0' && c <= '9');
}

size_t c_ident_len(const char *p, const char *end)
{
	const char *q = p;

	if (q < end && ident_char(*q, true))
		for (q++; q < end && ident_char(*q, false); q++)
			;
	return (size_t)(q - p);
}

size_t c_line_offset(const char *text, size_t len, unsigned line)
{
	size_t off = 0;

	for (unsigned l = 1; l < line && off < len; l++) {
		const char *nl = memchr(text + off, '\n', len - off);

		if (!nl)
			return len;
		off = nl - text + 1;
	}
	return off;
}

static void put_line_directive(FILE *f, unsigned line, const char *name)
{
	fprintf(f, "#line %u ", line);
	c_put_string(f, name);
	fputc('\n', f);
}

char *c_with_include(const char *text, size_t len, unsigned line, const char *include,
		     const char *name, bool copy, size_t *out_len)
{
	size_t split, n;
	char *out = NULL;
	FILE *f = open_memstream(&out, &n);

	if (!f)
		xalloc_die(len);
	if (!line)
		line = 1;
	split = c_line_offset(text, len, line);
	if (copy)
		put_line_directive(f, 1, name);
	fwrite(text, 1, split, f);
	if (split && text[split - 1] != '\n')
		fputc('\n', f);		/* the last line had no newline */
	fputs("#include ", f);
	c_put_string(f, include);
	fputc('\n', f);
	put_line_directive(f, line, name);
	fwrite(text + split, 1, len - split, f);
	fclose(f);
	*out_len = n;
	return out;
}
