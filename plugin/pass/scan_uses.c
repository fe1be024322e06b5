// SPDX-License-Identifier: GPL-2.0-only
/*
 * Member names the module's code uses on requested types that clang could
 * resolve (marked types the headers define, and everything once the
 * generated header is in): hints for the engine to pick the right BTF type.
 */
#include "pass/scan_internal.h"

/* Members of anonymous struct/union members belong to the named record around them. */
static CXCursor named_record(CXCursor c)
{
	while (!clang_Cursor_isNull(c)) {
		enum CXCursorKind k = clang_getCursorKind(c);

		if (k != CXCursor_StructDecl && k != CXCursor_UnionDecl)
			break;
		if (!clang_Cursor_isAnonymous(c) && !clang_Cursor_isAnonymousRecordDecl(c))
			return c;
		c = clang_getCursorSemanticParent(c);
	}
	return clang_getNullCursor();
}

static void member_hint(struct btfcc_scan *s, CXCursor ref)
{
	CXCursor field = clang_getCursorReferenced(ref);
	CXCursor rec;
	enum btfcc_ns ns;
	struct btfcc_request *r;
	CXString name, member;

	if (clang_getCursorKind(field) != CXCursor_FieldDecl)
		return;
	rec = named_record(clang_getCursorSemanticParent(field));
	if (clang_Cursor_isNull(rec))
		return;
	ns = clang_getCursorKind(rec) == CXCursor_StructDecl ? BTFCC_NS_STRUCT : BTFCC_NS_UNION;
	name = clang_getCursorSpelling(rec);
	r = btfcc_reqset_find(&s->reqs, ns, clang_getCString(name));
	clang_disposeString(name);
	if (!r)
		return;
	member = clang_getCursorSpelling(field);
	btfcc_reqset_hint(r, clang_getCString(member));
	clang_disposeString(member);
}

static enum CXChildVisitResult visit_expr(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_MemberRefExpr)
		member_hint(data, c);
	return CXChildVisit_Recurse;
}

/* Only the module's own top-level declarations: kernel headers are not walked. */
static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data)
{
	struct btfcc_scan *s = data;

	(void)parent;
	if (scan_loc_own(s, clang_getCursorLocation(c)))
		clang_visitChildren(c, visit_expr, s);
	return CXChildVisit_Continue;
}

int scan_uses(struct btfcc_scan *s)
{
	if (!s->reqs.n)
		return 0;
	clang_visitChildren(clang_getTranslationUnitCursor(s->tu), visit_top, s);
	return 0;
}
