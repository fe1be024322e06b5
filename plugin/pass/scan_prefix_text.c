// SPDX-License-Identifier: GPL-2.0-only
/*
 * The include prefix of a source: the #include and #define lines it
 * opens with (blank and comment lines between them skipped), cut
 * before the first line of anything else. That text, and nothing of the
 * file after it, is what the prefix's precompiled header holds.
 */
#define _GNU_SOURCE	/* memmem */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pass/scan_prefix.h"
#include "util/xalloc.h"

struct line_reader {
	const char *p, *end;
	unsigned no;		/* 1-based number of the line at p */
	bool in_comment;	/* inside a block comment begun on an earlier line */
};

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\f' || *p == '\v' || *p == '\r'))
		p++;
	return p;
}

static bool ends_in_backslash(const char *p, const char *end)
{
	if (end > p && end[-1] == '\r')
		end--;
	return end > p && end[-1] == '\\';
}

/*
 * Does the line [p, end) hold nothing but comments? Updates in_comment for
 * a block comment that stays open at the end of the line.
 */
static bool only_comments(const char *p, const char *end, bool *in_comment)
{
	for (;;) {
		if (*in_comment) {
			const char *close = memmem(p, end - p, "*/", 2);

			if (!close)
				return true;
			*in_comment = false;
			p = close + 2;
		}
		p = skip_space(p, end);
		if (p == end)
			return true;
		/* a // comment ending in a backslash goes on into the next line */
		if (end - p >= 2 && !memcmp(p, "//", 2))
			return !ends_in_backslash(p, end);
		if (end - p < 2 || memcmp(p, "/*", 2))
			return false;
		*in_comment = true;
		p += 2;
	}
}

static bool directive_is(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	p = skip_space(p, end);
	if (p == end || *p != '#')
		return false;
	p = skip_space(p + 1, end);
	return (size_t)(end - p) > n && !memcmp(p, word, n) &&
	       (p[n] == ' ' || p[n] == '\t' || p[n] == '<' || p[n] == '"');
}

/* A comment opened on the line and not closed there runs on. */
static bool leaves_comment_open(const char *p, const char *end)
{
	const char *open = NULL, *q;

	for (q = p; (q = memmem(q, end - q, "/*", 2)); q += 2)
		open = q;
	return open && !memmem(open + 2, end - open - 2, "*/", 2);
}

/*
 * A directive whose meaning does not depend on which file holds it: an
 * #include <...> (looked up in the -I dirs only), an #include "..." when
 * the includer's directory is known (take_quoted), a #define (the main
 * file defines it again after the PCH: the same value, or the scan sees
 * clang's warning, scan.c). Not an #undef: done again after the PCH, it
 * would undo what a header of the prefix defined after it.
 */
static bool prefix_directive(const char *p, const char *end, const char *dir)
{
	const char *q;

	if (leaves_comment_open(p, end))
		return false;
	if (directive_is(p, end, "define"))
		return true;
	if (!directive_is(p, end, "include"))
		return false;
	q = memchr(p, '#', end - p) + 1;
	q += strspn(q, " \t");
	q += strlen("include");
	q += strspn(q, " \t");
	if (*q == '<')
		return memchr(q, '>', end - q) != NULL;
	return dir && *q == '"' && q + 1 < end && memchr(q + 1, '"', end - q - 1);
}

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', end - p);

	return nl ? nl : end;
}

/*
 * A quoted name is looked up first in the includer's directory, which the
 * prefix header in the cache does not share: a name found in dir becomes
 * its absolute path (so the key holds the directory); one not found there
 * is searched in the -iquote and -I dirs, as from anywhere.
 */
static bool take_quoted(struct scan_prefix *out, struct line_reader *r, const char *dir)
{
	const char *e = line_end(r->p, r->end);
	const char *open = memchr(r->p, '"', e - r->p), *close;
	char *path;

	if (!open || !(close = memchr(open + 1, '"', e - open - 1)))
		return false;
	path = xasprintf("%s/%.*s", dir, (int)(close - open - 1), open + 1);
	if (open[1] == '/' || access(path, F_OK)) {
		free(path);
		return false;
	}
	sb_addn(&out->text, r->p, open + 1 - r->p);
	sb_add(&out->text, path);
	sb_addn(&out->text, close, e - close);
	sb_addlit(&out->text, "\n");
	GROW(out->lines, out->cap_lines, out->n_lines + 1);
	out->lines[out->n_lines++] = r->no++;
	r->p = e < r->end ? e + 1 : e;
	free(path);
	return true;
}

/* Adds the directive at r->p, with its backslash-continued lines, to out. */
static void take_directive(struct scan_prefix *out, struct line_reader *r)
{
	bool more;

	do {
		const char *e = line_end(r->p, r->end), *last = e;

		while (last > r->p && (last[-1] == '\r' || last[-1] == ' ' || last[-1] == '\t'))
			last--;
		more = last > r->p && last[-1] == '\\' && e < r->end;
		sb_addn(&out->text, r->p, e - r->p);
		sb_addlit(&out->text, "\n");
		GROW(out->lines, out->cap_lines, out->n_lines + 1);
		out->lines[out->n_lines++] = r->no++;
		r->p = e < r->end ? e + 1 : e;
	} while (more);
}

int scan_prefix_text(const char *text, size_t len, unsigned before, const char *dir,
		     struct scan_prefix *out)
{
	struct line_reader r = { .p = text, .end = text + len, .no = 1 };

	while (r.p < r.end && (!before || r.no < before)) {
		const char *e = line_end(r.p, r.end);
		bool was_open = r.in_comment;

		if (only_comments(r.p, e, &r.in_comment)) {
			r.p = e < r.end ? e + 1 : e;
			r.no++;
			continue;
		}
		r.in_comment = was_open;
		if (was_open || !prefix_directive(r.p, e, dir))
			break;
		if (directive_is(r.p, e, "include"))
			out->n_includes++;
		if (!dir || !take_quoted(out, &r, dir))
			take_directive(out, &r);
	}
	return out->n_includes ? 0 : -1;
}

int scan_prefix_cut(struct scan_prefix *p, unsigned line)
{
	const char *end = p->text.buf + p->text.len, *at = p->text.buf;

	p->n_includes = 0;
	for (unsigned i = 1; i < line && at < end; i++) {
		const char *e = line_end(at, end);

		if (directive_is(at, e, "include"))
			p->n_includes++;
		at = e < end ? e + 1 : e;
	}
	p->text.len = (size_t)(at - p->text.buf);
	if (p->text.buf)
		p->text.buf[p->text.len] = '\0';
	if (line && line - 1 < p->n_lines)
		p->n_lines = line - 1;
	return p->n_includes ? 0 : -1;
}

void scan_prefix_free(struct scan_prefix *p)
{
	sb_free(&p->text);
	free(p->lines);
	free(p->header);
	free(p->pch);
	free(p->incl);
	free(p->defs);
	memset(p, 0, sizeof(*p));
}
