// SPDX-License-Identifier: GPL-2.0-only
/*
 * The module's own definitions of named records and enums, with their
 * layout as clang computes it, for the driver to hold against BTF: a hand
 * copy of a kernel-private struct goes stale silently (4.19's struct
 * proc_dir_entry in a 6.1 module oopses). A definition whose line, or the
 * line before it, says BTF_OWN is the module's own on purpose and skipped.
 */
#define _GNU_SOURCE	/* memmem */
#include <stdlib.h>
#include <string.h>

#include "pass/scan_internal.h"
#include "util/xalloc.h"

struct items {
	struct btfcc_copy_item *v;
	size_t n, cap;
	CXType top;
};

/* Named fields, anonymous struct/union members flattened into their parent. */
static enum CXChildVisitResult visit_field(CXCursor c, CXCursor parent, CXClientData data)
{
	struct items *it = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXString name;
	long long off;

	(void)parent;
	if ((k == CXCursor_StructDecl || k == CXCursor_UnionDecl) &&
	    clang_Cursor_isAnonymousRecordDecl(c)) {
		clang_visitChildren(c, visit_field, it);
		return CXChildVisit_Continue;
	}
	if (k != CXCursor_FieldDecl)
		return CXChildVisit_Continue;
	name = clang_getCursorSpelling(c);
	/* libclang finds fields of anonymous members by name from the top record too */
	off = *clang_getCString(name) ? clang_Type_getOffsetOf(it->top, clang_getCString(name)) : -1;
	if (off >= 0) {
		GROW(it->v, it->cap, it->n + 1);
		it->v[it->n].name = xstrdup(clang_getCString(name));
		it->v[it->n].value = off;
		it->n++;
	}
	clang_disposeString(name);
	return CXChildVisit_Continue;
}

static enum CXChildVisitResult visit_enumerator(CXCursor c, CXCursor parent, CXClientData data)
{
	struct items *it = data;
	CXString name;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_EnumConstantDecl)
		return CXChildVisit_Continue;
	name = clang_getCursorSpelling(c);
	GROW(it->v, it->cap, it->n + 1);
	it->v[it->n].name = xstrdup(clang_getCString(name));
	it->v[it->n].value = clang_getEnumConstantDeclValue(c);
	it->n++;
	clang_disposeString(name);
	return CXChildVisit_Continue;
}

/* BTF_OWN on the definition's line or on the line before it. */
static bool marked_own(struct btfcc_scan *s, CXCursor c)
{
	CXFile file;
	unsigned line, col, off;
	size_t size;
	const char *buf, *start, *end;

	clang_getSpellingLocation(clang_getCursorLocation(c), &file, &line, &col, &off);
	buf = file ? clang_getFileContents(s->tu, file, &size) : NULL;
	if (!buf || off > size)
		return false;
	for (start = buf + off; start > buf && start[-1] != '\n'; start--)
		;
	if (start > buf)	/* the line before */
		for (start--; start > buf && start[-1] != '\n'; start--)
			;
	end = memchr(buf + off, '\n', size - off);
	end = end ? end : buf + size;
	return memmem(start, end - start, "BTF_OWN", 7) != NULL;
}

static void copy_add(struct btfcc_scan *s, CXCursor c, enum btfcc_ns ns)
{
	struct items it = { .top = clang_getCursorType(c) };
	struct btfcc_copy *cp;
	CXString name;

	clang_visitChildren(c, ns == BTFCC_NS_ENUM ? visit_enumerator : visit_field, &it);
	GROW(s->copies, s->cap_copies, s->n_copies + 1);
	cp = &s->copies[s->n_copies++];
	memset(cp, 0, sizeof(*cp));
	name = clang_getCursorSpelling(c);
	cp->ns = ns;
	cp->name = xstrdup(clang_getCString(name));
	clang_disposeString(name);
	cp->size = clang_Type_getSizeOf(it.top);
	cp->items = it.v;
	cp->n_items = it.n;
	cp->where = scan_loc_origin(clang_getCursorLocation(c));
}

size_t btfcc_scan_copies(struct btfcc_scan *s, const struct btfcc_copy **out)
{
	if (!s->copies_built) {
		for (size_t i = 0; i < s->n_defs; i++) {
			enum btfcc_ns ns = s->defs[i].ns;
			CXCursor c;

			if (ns == BTFCC_NS_TYPEDEF || !scan_def_own(s, i))
				continue;
			c = s->defs[i].cursor;
			if (clang_Cursor_isNull(c) || marked_own(s, c))
				continue;
			copy_add(s, c, ns);
		}
		s->copies_built = true;
	}
	*out = s->copies;
	return s->n_copies;
}

void scan_copies_free(struct btfcc_scan *s)
{
	for (size_t i = 0; i < s->n_copies; i++) {
		for (size_t j = 0; j < s->copies[i].n_items; j++)
			free((char *)s->copies[i].items[j].name);
		free((void *)s->copies[i].items);
		free((char *)s->copies[i].name);
		free((char *)s->copies[i].where);
	}
	free(s->copies);
}
