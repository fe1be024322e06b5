// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lines marked //BTF_INCLUDE or BTF_INCLUDE in a comment, in the main file
 * and the module's own headers: every struct/union/enum/typedef named on
 * the line is requested, even when the headers define it (the engine then
 * only checks its layout against BTF).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "pass/scan_internal.h"
#include "util/xalloc.h"

#define MARKER "BTF_INCLUDE"

/* The marker only counts inside a comment: "//BTF_INCLUDE", "/ * BTF_INCLUDE". */
static bool is_marker(const char *line, const char *at, const char *end)
{
	const char *p = at;

	while (p > line && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	if (p - line < 2 || p[-2] != '/' || (p[-1] != '/' && p[-1] != '*'))
		return false;
	p = at + strlen(MARKER);
	return p == end || !(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		 (*p >= '0' && *p <= '9'));
}

/* Inactive lines (#if 0) tokenize fine but annotate to nothing. */
static bool active(CXCursor c)
{
	return !clang_isInvalid(clang_getCursorKind(c));
}

static bool is_tag_keyword(struct btfcc_scan *s, CXToken tok)
{
	CXString str = clang_getTokenSpelling(s->tu, tok);
	const char *sp = clang_getCString(str);
	enum btfcc_ns ns;
	bool ret = clang_getTokenKind(tok) == CXToken_Keyword &&
		   !scan_ns_from_keyword(sp, strlen(sp), &ns);

	clang_disposeString(str);
	return ret;
}

static int request_token(struct btfcc_scan *s, CXToken *toks, CXCursor *curs, unsigned i,
			 unsigned n)
{
	CXString str = clang_getTokenSpelling(s->tu, toks[i]);
	const char *sp = clang_getCString(str);
	CXSourceLocation loc = clang_getTokenLocation(s->tu, toks[i]);
	enum btfcc_ns ns;
	int ret = 0;

	if (clang_getTokenKind(toks[i]) == CXToken_Keyword &&
	    !scan_ns_from_keyword(sp, strlen(sp), &ns) && i + 1 < n &&
	    clang_getTokenKind(toks[i + 1]) == CXToken_Identifier && active(curs[i + 1])) {
		CXString id = clang_getTokenSpelling(s->tu, toks[i + 1]);

		if (!scan_req_add(s, ns, clang_getCString(id), loc))
			ret = -1;
		clang_disposeString(id);
	} else if (clang_getTokenKind(toks[i]) == CXToken_Identifier &&
		   clang_getCursorKind(curs[i]) == CXCursor_TypeRef &&
		   clang_getCursorKind(clang_getCursorReferenced(curs[i])) ==
			   CXCursor_TypedefDecl &&
		   !(i > 0 && is_tag_keyword(s, toks[i - 1]))) {
		if (!scan_req_add(s, BTFCC_NS_TYPEDEF, sp, loc))
			ret = -1;
	}
	clang_disposeString(str);
	return ret;
}

static int scan_line(struct btfcc_scan *s, CXFile file, unsigned from, unsigned to)
{
	CXSourceRange range = clang_getRange(clang_getLocationForOffset(s->tu, file, from),
					     clang_getLocationForOffset(s->tu, file, to));
	CXToken *toks = NULL;
	CXCursor *curs;
	unsigned i, n = 0;
	int ret = 0;

	clang_tokenize(s->tu, range, &toks, &n);
	if (!n)
		return 0;
	curs = xcalloc(n, sizeof(*curs));
	clang_annotateTokens(s->tu, toks, n, curs);
	for (i = 0; i < n && !ret; i++)
		ret = request_token(s, toks, curs, i, n);
	free(curs);
	clang_disposeTokens(s->tu, toks, n);
	return ret;
}

static int scan_file_markers(struct btfcc_scan *s, CXFile file)
{
	size_t size;
	const char *buf = clang_getFileContents(s->tu, file, &size), *end, *at;

	if (!buf)
		return 0;
	end = buf + size;
	for (at = buf; (at = memmem(at, end - at, MARKER, strlen(MARKER))); at++) {
		const char *line = at, *eol = at;

		while (line > buf && line[-1] != '\n')
			line--;
		while (eol < end && *eol != '\n')
			eol++;
		if (is_marker(line, at, end) &&
		    scan_line(s, file, (unsigned)(line - buf), (unsigned)(eol - buf)))
			return -1;
		at = eol < end ? eol : end - 1;
	}
	return 0;
}

int scan_markers(struct btfcc_scan *s)
{
	size_t i;

	if (!scan_file_of(s, s->main_file))
		return -1;
	/* scan_line may add files to the table: index, don't hold pointers */
	for (i = 0; i < s->n_files; i++)
		if (s->files[i].own && scan_file_markers(s, s->files[i].file))
			return -1;
	return 0;
}
