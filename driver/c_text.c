// SPDX-License-Identifier: GPL-2.0-only
/* Writing C source text: what the TU copy and the clangd wrapper share. */
#include <string.h>

#include "driver.h"

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
