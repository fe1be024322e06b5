// SPDX-License-Identifier: GPL-2.0-only
/*
 * The definitions a prefix PCH holds, listed beside it when it is built:
 *
 *   F \t file
 *   ns \t size \t align \t name [\t tag-ns \t tag]   (one per definition in that file)
 *
 * A scan against the PCH answers "does the TU define struct X, how big is
 * it" from the list: walking the PCH's declarations to index them would
 * load all of them (0.04 s and 7 MB for sched.h and fs.h), and finding
 * one again by its place fails for the many a macro defines (guards'
 * class_*_t). Nothing else needs their cursors: the prefix never holds the
 * module's own headers (no stale copies there), and it lies before any
 * inject line (no late types there).
 */
#include <stdlib.h>
#include <string.h>

#include "pass/scan_internal.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/*
 * A typedef of a struct, union or enum the prefix leaves incomplete has no
 * size in the PCH, but may have one in the TU (a later header, the
 * imports define the tag): it is answered through the tag, as "ns name".
 */
static void put_tag(struct strbuf *sb, const struct scan_def *d)
{
	CXType t = clang_getCanonicalType(clang_getTypedefDeclUnderlyingType(d->cursor));
	CXCursor decl = clang_getTypeDeclaration(t);
	enum btfcc_ns ns;
	CXString name;

	if (!scan_ns_of_cursor(decl, &ns) || ns == BTFCC_NS_TYPEDEF)
		return;
	name = clang_getCursorSpelling(decl);
	if (*clang_getCString(name) && !strpbrk(clang_getCString(name), "\t\n ")) {
		sb_addlit(sb, "\t");
		sb_addu(sb, ns);
		sb_addlit(sb, "\t");
		sb_add(sb, clang_getCString(name));
	}
	clang_disposeString(name);
}

static void put_def(struct strbuf *sb, const struct scan_def *d, const char *name)
{
	CXType t = clang_getCursorType(d->cursor);
	long long size = clang_Type_getSizeOf(t);

	sb_addu(sb, d->ns);
	sb_addlit(sb, "\t");
	sb_adds(sb, size);
	sb_addlit(sb, "\t");
	sb_adds(sb, clang_Type_getAlignOf(t));
	sb_addlit(sb, "\t");
	sb_add(sb, name);
	if (size < 0 && d->ns == BTFCC_NS_TYPEDEF)
		put_tag(sb, d);
	sb_addlit(sb, "\n");
}

/* Every definition of the built prefix (s over its TU). */
int scan_prefix_defs_save(struct btfcc_scan *s, const char *path)
{
	struct strbuf sb;
	CXFile last = NULL;
	int ret = 0;

	sb_init(&sb);
	for (size_t i = 0; !ret && i < s->n_defs; i++) {
		const struct scan_def *d = &s->defs[i];
		CXString name = clang_getCursorSpelling(d->cursor), file;

		if (!d->file || strpbrk(clang_getCString(name), "\t\n")) {
			ret = -1;
		} else {
			if (!clang_File_isEqual(d->file, last)) {
				file = clang_getFileName(d->file);
				sb_addlit(&sb, "F\t");
				sb_add(&sb, clang_getCString(file));
				sb_addlit(&sb, "\n");
				clang_disposeString(file);
				last = d->file;
			}
			put_def(&sb, d, clang_getCString(name));
		}
		clang_disposeString(name);
	}
	if (!ret)
		ret = util_write_file_atomic(path, sb_str(&sb), sb.len, 0644, 0, NULL);
	sb_free(&sb);
	return ret;
}

static int load_def(struct btfcc_scan *s, CXFile file, char *line)
{
	char *f[6], *p = line;
	struct scan_def *d;
	unsigned n = 0;

	while (p && n < 6)
		f[n++] = strsep(&p, "\t");
	if ((n != 4 && n != 6) || p || !file || strtoul(f[0], NULL, 10) > BTFCC_NS_TYPEDEF ||
	    (n == 6 && strtoul(f[4], NULL, 10) >= BTFCC_NS_TYPEDEF))
		return -1;
	d = scan_def_add(s, (enum btfcc_ns)strtoul(f[0], NULL, 10), f[3]);
	if (!d)
		return 0;	/* an earlier definition wins */
	d->file = file;
	d->size = strtoll(f[1], NULL, 10);
	d->align = strtoll(f[2], NULL, 10);
	if (n == 6) {
		d->tag_ns = (enum btfcc_ns)strtoul(f[4], NULL, 10);
		d->tag = xstrdup(f[5]);
	}
	return 0;
}

int scan_prefix_defs_load(struct btfcc_scan *s, const char *path)
{
	size_t len;
	char *text = util_read_text(path, &len), *p, *line;
	CXFile file = NULL;
	int ret = text ? 0 : -1;

	for (p = text; !ret && p && (line = strsep(&p, "\n"));) {
		if (!*line)
			continue;
		if (!strncmp(line, "F\t", 2))
			ret = (file = clang_getFile(s->tu, line + 2)) ? 0 : -1;
		else
			ret = load_def(s, file, line);
	}
	free(text);
	return ret;
}
