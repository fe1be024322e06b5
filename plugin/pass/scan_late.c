// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where the TU's own definitions become visible, for the ones the imports
 * refer to by name. The imports go into the main file before the first
 * line that needs them; a type they name (spinlock_t inside struct
 * proc_dir_entry, struct ns_common inside struct mnt_namespace) may come
 * in only later: through a kernel header that the module's own header
 * includes (the first use sits in that header's static inline), or one the
 * main file includes below the first use. Such a header is the module's
 * choice, with an include guard, so including it at the imports too
 * defines the type in time and makes the module's own #include a no-op.
 * Anything else (the module's own definition, a header without a guard)
 * cannot be moved, and the driver says so at the definition.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pass/scan_internal.h"
#include "util/xalloc.h"

/* Is the definition in the TU before the main file's line 'before'? */
static bool defined_before(struct btfcc_scan *s, const struct scan_file *f,
			   CXSourceLocation loc, unsigned before)
{
	unsigned line;

	if (scan_loc_in_main(s, loc, &line))
		return line < before;
	if (!f || f->early)
		return true;
	return !f->via_prelude && f->main_line && f->main_line < before;
}

/*
 * How the includer spelled the #include at loc: "<linux/fs.h>" is found
 * the same way from anywhere; a quoted name is relative to its includer,
 * so it becomes the file's absolute path.
 */
static char *include_spelling(struct btfcc_scan *s, const struct scan_file *e)
{
	CXFile file;
	unsigned line, col, off;
	size_t size;
	const char *buf, *p, *close = NULL;
	CXString name;
	char *real, *out;

	clang_getSpellingLocation(scan_file_incl_loc(s, e), &file, &line, &col, &off);
	buf = file ? clang_getFileContents(s->tu, file, &size) : NULL;
	for (p = buf ? buf + off : NULL; p && p < buf + size && *p != '\n'; p++) {
		if (*p == '<' && (close = memchr(p, '>', buf + size - p)))
			break;
		if (*p == '"')
			break;
	}
	if (close && !memchr(p, '\n', close - p))
		return xasprintf("%.*s", (int)(close - p + 1), p);
	name = clang_getFileName(e->file);
	real = realpath(clang_getCString(name), NULL);
	out = xasprintf("\"%s\"", real ? real : clang_getCString(name));
	clang_disposeString(name);
	free(real);
	return out;
}

static void late_add(struct btfcc_scan *s, size_t def, size_t fi)
{
	const struct scan_file *f = fi != SIZE_MAX ? &s->files[fi] : NULL;
	CXCursor c = s->defs[def].cursor;
	CXString name = clang_getCursorSpelling(c);
	struct btfcc_scan_late *l;
	const struct scan_file *e = f && f->entry != SIZE_MAX ? &s->files[f->entry] : NULL;

	GROW(s->late, s->cap_late, s->n_late + 1);
	l = &s->late[s->n_late++];
	memset(l, 0, sizeof(*l));
	if (!scan_ns_of_cursor(c, &l->ns))
		l->ns = BTFCC_NS_TYPEDEF;
	l->name = xstrdup(clang_getCString(name));
	clang_disposeString(name);
	l->where = scan_loc_origin(clang_getCursorLocation(c));
	if (e) {
		l->included_at = scan_loc_origin(scan_file_incl_loc(s, e));
		if (clang_isFileMultipleIncludeGuarded(s->tu, e->file))
			l->include = include_spelling(s, e);
	}
}

struct late_def {
	size_t seq;		/* its header's place in the TU; the module's own last */
	size_t def;
	size_t file;		/* index into files (they move as files are added), or SIZE_MAX */
};

static int by_seq(const void *a, const void *b)
{
	const struct late_def *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->def < y->def ? -1 : x->def > y->def;
}

size_t btfcc_scan_late_types(struct btfcc_scan *s, unsigned inject_line,
			     const struct btfcc_scan_late **out)
{
	struct late_def *v = NULL;
	size_t n = 0, cap = 0;

	scan_late_free(s);
	for (size_t i = 0; i < s->n_defs; i++) {
		CXCursor c;
		CXSourceLocation loc;
		const struct scan_file *f;

		if (!s->defs[i].used)
			continue;
		c = s->defs[i].cursor;
		if (clang_Cursor_isNull(c))
			continue;	/* a PCH's, of the prefix: before any inject line */
		loc = clang_getCursorLocation(c);
		f = scan_file_of(s, s->defs[i].file);
		if (defined_before(s, f, loc, inject_line))
			continue;
		GROW(v, cap, n + 1);
		v[n].seq = f && f->entry != SIZE_MAX ? s->files[f->entry].seq : SIZE_MAX;
		v[n].def = i;
		v[n].file = f ? (size_t)(f - s->files) : SIZE_MAX;
		n++;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), by_seq);
	for (size_t i = 0; i < n; i++)
		late_add(s, v[i].def, v[i].file);
	free(v);
	*out = s->late;
	return s->n_late;
}

void scan_late_free(struct btfcc_scan *s)
{
	for (size_t i = 0; i < s->n_late; i++) {
		free((char *)s->late[i].name);
		free(s->late[i].where);
		free(s->late[i].include);
		free(s->late[i].included_at);
	}
	free(s->late);
	s->late = NULL;
	s->n_late = s->cap_late = 0;
}
