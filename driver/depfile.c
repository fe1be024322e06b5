// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbuild's fixdep turns the compiler's depfile into .<obj>.cmd. The
 * compiler saw our TU copy and generated header; make must see the user's
 * source instead, and the BTF source too, so a new kernel image rebuilds
 * the module.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

/* Next whitespace-separated token; "\ " and "\#" stay inside a token. */
static const char *next_token(const char *p, const char **end)
{
	for (;;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (p[0] == '\\' && (p[1] == '\n' || (p[1] == '\r' && p[2] == '\n'))) {
			p += p[1] == '\n' ? 2 : 3;
			continue;
		}
		break;
	}
	if (!*p)
		return NULL;
	*end = p;
	while (**end && !isspace((unsigned char)**end)) {
		if (**end == '\\' && (*end)[1] && !isspace((unsigned char)(*end)[1]))
			(*end) += 2;
		else if (**end == '\\' && (*end)[1] == ' ')
			(*end) += 2;
		else if (**end == '\\')
			break;
		else
			(*end)++;
	}
	return p;
}

static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '#' || *s == '\\')
			fputc('\\', f);
		if (*s == '$')
			fputc('$', f);
		fputc(*s, f);
	}
}

static bool same_base(const char *tok, size_t n, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t bn = strlen(base);

	if (n < bn || memcmp(tok + n - bn, base, bn))
		return false;
	return n == bn || tok[n - bn - 1] == '/';
}

static void put_extra(FILE *f, const char *extra, bool *done)
{
	if (*done || !extra)
		return;
	fputs(" \\\n  ", f);
	put_escaped(f, extra);
	*done = true;
}

static bool dropped(const char *tok, size_t n, const char *const *drop)
{
	for (; *drop; drop++)
		if (same_base(tok, n, *drop))
			return true;
	return false;
}

static void rewrite(FILE *f, const char *text, const char *tu, const char *user,
		    const char *const *drop, const char *extra)
{
	const char *p = text, *tok, *end;
	bool extra_done = false;
	int n_targets = 0;

	while ((tok = next_token(p, &end))) {
		size_t n = end - tok;

		p = end;
		if (tok[n - 1] == ':') {
			if (n_targets++) {
				put_extra(f, extra, &extra_done);
				fputs("\n\n", f);
			}
			fwrite(tok, 1, n, f);
			continue;
		}
		if (dropped(tok, n, drop))
			continue;
		fputs(" \\\n  ", f);
		if (tu && same_base(tok, n, tu))
			put_escaped(f, user);
		else
			fwrite(tok, 1, n, f);
	}
	put_extra(f, extra, &extra_done);
	fputc('\n', f);
}

int depfile_rewrite(const char *depfile, const char *tu, const char *user_source,
		    const char *const *drop, const char *extra)
{
	char *text, *out = NULL;
	size_t out_len;
	FILE *f;
	int ret;

	if (!depfile)
		return 0;
	text = util_read_text(depfile, NULL);
	if (!text)
		return 0;
	f = open_memstream(&out, &out_len);
	rewrite(f, text, tu, user_source, drop, extra);
	fclose(f);
	ret = driver_write_file(depfile, out, out_len);
	free(out);
	free(text);
	return ret;
}
