// SPDX-License-Identifier: GPL-2.0-only
/*
 * The inclusions a prefix PCH holds. libclang lists a TU's inclusions only
 * from its own source, not from a PCH it loaded, but the scan needs them
 * (which header brings a type in, at which main-file line). So they are
 * written next to the PCH when it is built, one line per file entering:
 *
 *   file \t includer \t line \t col \t prefix-line (0: -include) \t chain...
 *
 * where chain lists the files that include it, innermost first, up to the
 * one the prefix includes.
 */
#include <stdlib.h>
#include <string.h>

#include "pass/scan_internal.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct incl_writer {
	struct strbuf sb;
	bool bad;		/* a name the format cannot hold */
};

static void put_name(struct incl_writer *w, CXFile file)
{
	CXString name = clang_getFileName(file);
	const char *s = clang_getCString(name);

	if (!s || !*s || strpbrk(s, "\t\n"))
		w->bad = true;
	else
		sb_add(&w->sb, s);
	clang_disposeString(name);
}

static CXFile loc_file(CXSourceLocation loc, unsigned *line, unsigned *col)
{
	CXFile file;
	unsigned off;

	clang_getSpellingLocation(loc, &file, line, col, &off);
	return file;
}

static void on_inclusion(CXFile included, CXSourceLocation *stack, unsigned n,
			 CXClientData data)
{
	struct incl_writer *w = data;
	unsigned line, col, top = 0, top_col;
	CXFile includer;
	CXString name;

	if (!n || n > SCAN_MAX_CHAIN)
		return;		/* the prefix header itself; a chain the scan ignores */
	if (clang_Location_isFromMainFile(stack[n - 1])) {
		clang_getPresumedLocation(stack[n - 1], &name, &top, &top_col);
		clang_disposeString(name);
	}
	includer = loc_file(stack[0], &line, &col);
	put_name(w, included);
	sb_addlit(&w->sb, "\t");
	if (includer)
		put_name(w, includer);	/* none for an -include: the command line */
	sb_addlit(&w->sb, "\t");
	sb_addu(&w->sb, line);
	sb_addlit(&w->sb, "\t");
	sb_addu(&w->sb, col);
	sb_addlit(&w->sb, "\t");
	sb_addu(&w->sb, top);
	for (unsigned i = 0; i + 1 < n; i++) {
		CXFile file;
		unsigned off;

		/* by expansion location, as scan_files.c walks a chain */
		clang_getExpansionLocation(stack[i], &file, &line, &col, &off);
		sb_addlit(&w->sb, "\t");
		put_name(w, file);
	}
	sb_addlit(&w->sb, "\n");
}

int scan_prefix_incl_save(CXTranslationUnit tu, const char *path)
{
	struct incl_writer w = { .bad = false };
	int ret = -1;

	sb_init(&w.sb);
	clang_getInclusions(tu, on_inclusion, &w);
	if (!w.bad)
		ret = util_write_file_atomic(path, sb_str(&w.sb), w.sb.len, 0644, 0, NULL);
	sb_free(&w.sb);
	return ret;
}

static size_t file_named(struct btfcc_scan *s, const char *name)
{
	CXFile file = clang_getFile(s->tu, name);
	struct scan_file *f = file ? scan_file_of(s, file) : NULL;

	return f ? (size_t)(f - s->files) : SIZE_MAX;
}

/* One line of the file, split at tabs in place; -1 when it is not one. */
static int load_line(struct btfcc_scan *s, char *line)
{
	char *field[4 + SCAN_MAX_CHAIN], *p = line;
	size_t chain[SCAN_MAX_CHAIN];
	struct scan_inclusion in = { .chain = chain };
	unsigned n = 0, top;

	/* file, includer, line, col, top, then the chain[1..] files: n - 4 in all */
	while (p && n < sizeof(field) / sizeof(field[0]))
		field[n++] = strsep(&p, "\t");
	if (p || n < 5)
		return -1;
	in.n = n - 4;
	chain[0] = file_named(s, field[0]);
	in.incl_file = *field[1] ? clang_getFile(s->tu, field[1]) : NULL;
	in.incl_line = (unsigned)strtoul(field[2], NULL, 10);
	in.incl_col = (unsigned)strtoul(field[3], NULL, 10);
	top = (unsigned)strtoul(field[4], NULL, 10);
	for (unsigned i = 1; i < in.n; i++)
		chain[i] = file_named(s, field[4 + i]);
	if (chain[0] == SIZE_MAX || (*field[1] && !in.incl_file))
		return -1;
	if (top)
		in.main_line = scan_prefix_main_line(s, top) ? scan_prefix_main_line(s, top) : 1;
	scan_files_included(s, &in);
	return 0;
}

int scan_prefix_incl_load(struct btfcc_scan *s)
{
	size_t len;
	char *text = util_read_text(s->prefix.incl, &len), *p, *line;
	int ret = text ? 0 : -1;

	for (p = text; !ret && p && (line = strsep(&p, "\n"));)
		if (*line)
			ret = load_line(s, line);
	free(text);
	return ret;
}
