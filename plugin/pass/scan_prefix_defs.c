// SPDX-License-Identifier: GPL-2.0-only
/*
 * The definitions a prefix PCH holds, listed beside it when it is built:
 *
 *   F \t file
 *   ns \t size \t align \t name        (one per definition in that file)
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

static void put_def(struct strbuf *sb, const struct scan_def *d, const char *name)
{
	CXType t = clang_getCursorType(d->cursor);

	sb_addu(sb, d->ns);
	sb_addlit(sb, "\t");
	sb_adds(sb, clang_Type_getSizeOf(t));
	sb_addlit(sb, "\t");
	sb_adds(sb, clang_Type_getAlignOf(t));
	sb_addlit(sb, "\t");
	sb_add(sb, name);
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
	char *f[4], *p = line;
	struct scan_def *d;
	unsigned n = 0;

	while (n < 4 && (f[n] = strsep(&p, "\t")))
		n++;
	if (n != 4 || p || !file || strtoul(f[0], NULL, 10) > BTFCC_NS_TYPEDEF)
		return -1;
	d = scan_def_add(s, (enum btfcc_ns)strtoul(f[0], NULL, 10), f[3]);
	if (!d)
		return 0;	/* an earlier definition wins */
	d->file = file;
	d->size = strtoll(f[1], NULL, 10);
	d->align = strtoll(f[2], NULL, 10);
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
