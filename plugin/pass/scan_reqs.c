// SPDX-License-Identifier: GPL-2.0-only
/* Requests from the scan's findings, and the names of namespaces in code. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pass/scan_internal.h"
#include "util/xalloc.h"

static const char *const ns_words[] = {
	[BTFCC_NS_STRUCT] = "struct",
	[BTFCC_NS_UNION] = "union",
	[BTFCC_NS_ENUM] = "enum",
	[BTFCC_NS_TYPEDEF] = "typedef",
	[BTFCC_NS_IDENT] = "identifier",
};

int scan_ns_key(char *buf, size_t len, enum btfcc_ns ns, const char *name)
{
	int n = snprintf(buf, len, "%s %s", ns_words[ns], name);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* "struct"/"union"/"enum" as written in code; typedef is not a tag keyword. */
int scan_ns_from_keyword(const char *kw, size_t len, enum btfcc_ns *ns)
{
	enum btfcc_ns i;

	for (i = BTFCC_NS_STRUCT; i <= BTFCC_NS_ENUM; i++) {
		if (strlen(ns_words[i]) == len && !strncmp(kw, ns_words[i], len)) {
			*ns = i;
			return 0;
		}
	}
	return -1;
}

/* The namespace a struct/union/enum/typedef declaration's name lives in. */
bool scan_ns_of_cursor(CXCursor c, enum btfcc_ns *ns)
{
	switch (clang_getCursorKind(c)) {
	case CXCursor_StructDecl:
		*ns = BTFCC_NS_STRUCT;
		return true;
	case CXCursor_UnionDecl:
		*ns = BTFCC_NS_UNION;
		return true;
	case CXCursor_EnumDecl:
		*ns = BTFCC_NS_ENUM;
		return true;
	case CXCursor_TypedefDecl:
		*ns = BTFCC_NS_TYPEDEF;
		return true;
	default:
		return false;
	}
}

/* "file:line:col", as compilers start a diagnostic, for editors to jump to. */
char *scan_loc_origin(CXSourceLocation loc)
{
	CXString file;
	unsigned line, col;
	char *out = NULL;

	clang_getPresumedLocation(loc, &file, &line, &col);
	if (asprintf(&out, "%s:%u:%u", clang_getCString(file), line, col) < 0)
		out = NULL;
	clang_disposeString(file);
	return out;
}

/*
 * Add (or find) a request; loc is its use, kept when it is the first one in
 * main-file order, so the origin and the inject line name the earliest need.
 */
struct btfcc_request *scan_req_add(struct btfcc_scan *s, enum btfcc_ns ns, const char *name,
				   CXSourceLocation loc)
{
	struct btfcc_request *r = btfcc_reqset_get(&s->reqs, ns, name);
	unsigned line = scan_loc_main_line(s, loc);

	if (!r->origin || (line && (!r->origin_line || line < r->origin_line))) {
		char *origin = scan_loc_origin(loc);

		if (!origin)
			return NULL;
		btfcc_reqset_origin(r, origin, line);
		free(origin);
	}
	return r;
}
