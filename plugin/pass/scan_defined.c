// SPDX-License-Identifier: GPL-2.0-only
/*
 * The TU's file-scope type definitions, indexed once: the engine asks
 * "is struct X defined here, how big is it" for every type it visits.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pass/scan_internal.h"
#include "util/xalloc.h"

static bool plain_ident(const char *s)
{
	if (!*s || isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* A new entry for a name not defined yet; NULL when an earlier one wins. */
struct scan_def *scan_def_add(struct btfcc_scan *s, enum btfcc_ns ns, const char *name)
{
	char key[512];
	size_t idx;
	struct scan_def *d;

	if (!plain_ident(name) || scan_ns_key(key, sizeof(key), ns, name) ||
	    strmap_get(&s->def_map, key, &idx))
		return NULL;	/* unnamed, or an earlier definition wins */
	GROW(s->defs, s->cap_defs, s->n_defs + 1);
	strmap_put(&s->def_map, key, s->n_defs);
	d = &s->defs[s->n_defs++];
	memset(d, 0, sizeof(*d));
	d->ns = ns;
	d->cursor = clang_getNullCursor();
	return d;
}

static int def_add(struct btfcc_scan *s, enum btfcc_ns ns, CXCursor c)
{
	CXString str = clang_getCursorSpelling(c);
	struct scan_def *d = scan_def_add(s, ns, clang_getCString(str));
	unsigned line, col, off;

	if (d) {
		d->cursor = c;
		clang_getExpansionLocation(clang_getCursorLocation(c), &d->file, &line, &col, &off);
	}
	clang_disposeString(str);
	return 0;
}

static bool from_prelude(struct btfcc_scan *s, CXCursor c)
{
	CXFile file;
	unsigned line, col, off;
	struct scan_file *f;

	if (!s->prelude_real)
		return false;
	clang_getExpansionLocation(clang_getCursorLocation(c), &file, &line, &col, &off);
	f = scan_file_of(s, file);
	return f && f->prelude;
}

/* Tags defined inside a struct are file-scope in C: recurse into records only. */
static enum CXChildVisitResult visit_decl(CXCursor c, CXCursor parent, CXClientData data)
{
	struct btfcc_scan *s = data;
	enum btfcc_ns ns;
	int ret = 0;

	(void)parent;
	if (!scan_ns_of_cursor(c, &ns))
		return CXChildVisit_Continue;
	if (ns != BTFCC_NS_TYPEDEF && !clang_isCursorDefinition(c))
		return CXChildVisit_Continue;
	if (from_prelude(s, c))
		return CXChildVisit_Continue;
	ret = def_add(s, ns, c);
	if (!ret && (ns == BTFCC_NS_STRUCT || ns == BTFCC_NS_UNION))
		clang_visitChildren(c, visit_decl, s);
	return ret ? CXChildVisit_Break : CXChildVisit_Continue;
}

/*
 * A prefix PCH's definitions come first, from its list: they are the TU's
 * first, and the walk sees only the declarations parsed after it (the
 * index excludes the PCH's, see scan.c).
 */
int scan_defs_build(struct btfcc_scan *s)
{
	if (s->prefix_file && scan_prefix_defs_load(s, s->prefix.defs))
		return -1;
	clang_visitChildren(clang_getTranslationUnitCursor(s->tu), visit_decl, s);
	s->defs_built = true;
	return 0;
}

bool scan_def_own(struct btfcc_scan *s, size_t i)
{
	const struct scan_file *f = scan_file_of(s, s->defs[i].file);

	return f && f->own;
}

const struct scan_def *scan_def_find(struct btfcc_scan *s, enum btfcc_ns ns, const char *name)
{
	char key[512];
	size_t idx;

	if (scan_ns_key(key, sizeof(key), ns, name) || !strmap_get(&s->def_map, key, &idx))
		return NULL;
	return &s->defs[idx];
}

/*
 * Any definition counts, also one after the inject line: the engine must
 * not emit a type the TU defines later, that would be a redefinition.
 */
static const struct scan_def *visible(struct btfcc_scan *s, enum btfcc_ns ns, const char *name)
{
	return scan_def_find(s, ns, name);
}

static bool def_has(void *ctx, enum btfcc_ns ns, const char *name)
{
	return visible(ctx, ns, name) != NULL;
}

/* sizeof or _Alignof of the TU's definition; -1 when none or incomplete. */
static long long def_measure(void *ctx, enum btfcc_ns ns, const char *name, bool align)
{
	const struct scan_def *d = visible(ctx, ns, name);
	long long v;

	if (!d)
		return -1;
	if (clang_Cursor_isNull(d->cursor) && d->size < 0 && d->tag)
		return def_measure(ctx, d->tag_ns, d->tag, align);
	if (clang_Cursor_isNull(d->cursor))
		v = align ? d->align : d->size;
	else if (align)
		v = clang_Type_getAlignOf(clang_getCursorType(d->cursor));
	else
		v = clang_Type_getSizeOf(clang_getCursorType(d->cursor));
	return v < 0 ? -1 : v;
}

static long long def_size(void *ctx, enum btfcc_ns ns, const char *name)
{
	return def_measure(ctx, ns, name, false);
}

static long long def_align(void *ctx, enum btfcc_ns ns, const char *name)
{
	return def_measure(ctx, ns, name, true);
}

static void def_used(void *ctx, enum btfcc_ns ns, const char *name)
{
	struct btfcc_scan *s = ctx;
	const struct scan_def *d = visible(s, ns, name);

	if (d)
		s->defs[d - s->defs].used = true;
}

struct btfcc_defined btfcc_scan_defined(struct btfcc_scan *scan)
{
	struct btfcc_defined d = {
		.has = def_has,
		.size_of = def_size,
		.align_of = def_align,
		.used = def_used,
		.ctx = scan,
	};

	return d;
}

void scan_defs_free(struct btfcc_scan *s)
{
	for (size_t i = 0; i < s->n_defs; i++)
		free(s->defs[i].tag);
	free(s->defs);
	strmap_free(&s->def_map);
}
