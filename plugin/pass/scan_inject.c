// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where the generated header goes: before the first main-file line that
 * needs an imported type, at file scope (never inside the function or
 * declaration holding the use), right after the last preprocessor
 * directive before that declaration, so that every #include and #define
 * the module puts first is already in effect.
 */
#include <stdlib.h>
#include <string.h>

#include "pass/scan_internal.h"
#include "util/xalloc.h"

struct span {
	unsigned start, end;	/* main-file lines, as the unmodified file numbers them */
};

struct spans {
	struct btfcc_scan *s;
	struct span *v;
	size_t n, cap;
};

static unsigned presumed_line(CXSourceLocation loc)
{
	CXString file;
	unsigned line, col;

	clang_getPresumedLocation(loc, &file, &line, &col);
	clang_disposeString(file);
	return line;
}

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data)
{
	struct spans *sp = data;
	CXSourceRange r = clang_getCursorExtent(c);

	(void)parent;
	if (!clang_Location_isFromMainFile(clang_getRangeStart(r)))
		return CXChildVisit_Continue;
	GROW(sp->v, sp->cap, sp->n + 1);
	sp->v[sp->n].start = presumed_line(clang_getRangeStart(r));
	sp->v[sp->n].end = presumed_line(clang_getRangeEnd(r));
	sp->n++;
	return CXChildVisit_Continue;
}

static bool inside_decl(const struct spans *sp, unsigned line)
{
	size_t i;

	for (i = 0; i < sp->n; i++)
		if (sp->v[i].start <= line && line <= sp->v[i].end)
			return true;
	return false;
}

/*
 * Physical main-file line to the number the unmodified file gives it: a
 * re-scan inserts two lines (#include of the prelude, #line) before
 * prelude_line; they count as the end of the line before.
 */
static unsigned unshifted(const struct btfcc_scan *s, unsigned phys)
{
	if (!s->prelude_real)
		return phys;
	if (phys >= s->prelude_at + 2)
		return phys - 2;
	if (phys >= s->prelude_at)
		return s->prelude_at - 1;
	return phys;
}

/* End line of the last file-scope directive before line 'before'. */
static unsigned last_directive(struct btfcc_scan *s, const struct spans *sp, unsigned before)
{
	size_t size;
	const char *buf = clang_getFileContents(s->tu, s->main_file, &size);
	const char *p, *end;
	unsigned phys = 1, best = 0;
	bool in_comment = false;

	if (!buf)
		return 0;
	end = buf + size;
	for (p = buf; p < end; phys++) {
		const char *q = p, *eol = memchr(p, '\n', end - p);
		unsigned first = phys;

		eol = eol ? eol : end;
		while (q < eol && (*q == ' ' || *q == '\t'))
			q++;
		if (!in_comment && q < eol && *q == '#') {
			/* a directive runs on over backslash-newlines */
			while (eol < end && eol > p && eol[-1] == '\\') {
				p = eol + 1;
				eol = memchr(p, '\n', end - p);
				eol = eol ? eol : end;
				phys++;
			}
			if (unshifted(s, phys) < before && !inside_decl(sp, unshifted(s, first)))
				best = unshifted(s, phys);
		}
		for (q = p; q + 1 < eol; q++) {
			if (!in_comment && q[0] == '/' && q[1] == '*')
				in_comment = true;
			else if (in_comment && q[0] == '*' && q[1] == '/')
				in_comment = false;
		}
		p = eol + 1;
	}
	return best;
}

void scan_inject(struct btfcc_scan *s)
{
	struct spans sp = { .s = s };
	unsigned need = 0, decl;
	size_t i;

	for (i = 0; i < s->reqs.n; i++)
		if (s->reqs.v[i].origin_line && (!need || s->reqs.v[i].origin_line < need))
			need = s->reqs.v[i].origin_line;
	if (!s->reqs.n)
		return;
	clang_visitChildren(clang_getTranslationUnitCursor(s->tu), visit_top, &sp);
	if (!need)	/* needed only by headers given with -include: before all code */
		for (i = 0; i < sp.n; i++)
			if (!need || sp.v[i].start < need)
				need = sp.v[i].start;
	decl = need ? need : 1;
	for (i = 0; i < sp.n; i++)
		if (sp.v[i].start <= need && need <= sp.v[i].end && sp.v[i].start < decl)
			decl = sp.v[i].start;
	s->inject_line = last_directive(s, &sp, decl) + 1;
	if (s->inject_line > decl)
		s->inject_line = decl;
	free(sp.v);
}
