// SPDX-License-Identifier: GPL-2.0-only
/*
 * Requests from clang's errors: incomplete types (by value, sizeof, '->'),
 * unknown typedef names, and members a complete type lacks. Clang stops at
 * the first incomplete access of a chain, which is why the driver re-scans
 * with the generated header until nothing new shows up.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pass/scan_internal.h"
#include "util/strbuf.h"
#include "util/c_text.h"
#include "util/xalloc.h"

/* The file text at loc's spelling (the macro argument, not the macro use). */
struct text {
	const char *buf, *at, *end;
};

static bool text_at(struct btfcc_scan *s, CXSourceLocation loc, struct text *t)
{
	CXFile file;
	unsigned line, col, off;
	size_t size;

	clang_getSpellingLocation(loc, &file, &line, &col, &off);
	if (!file)
		return false;
	t->buf = clang_getFileContents(s->tu, file, &size);
	if (!t->buf || off >= size)
		return false;
	t->at = t->buf + off;
	t->end = t->buf + size;
	return true;
}

/* Copy the n-th '...' quoted string of msg into buf. */
static int quoted(const char *msg, int n, char *buf, size_t len)
{
	const char *p = msg, *q;

	for (;;) {
		if (!(p = strchr(p, '\'')) || !(q = strchr(p + 1, '\'')))
			return -1;
		if (n-- == 0)
			break;
		p = q + 1;
	}
	if ((size_t)(q - p - 1) >= len)
		return -1;
	memcpy(buf, p + 1, q - p - 1);
	buf[q - p - 1] = 0;
	return 0;
}

/*
 * One "->name" or ".name" step at p into path; returns what follows it, or
 * NULL when no step starts at p.
 */
static const char *access_step(const char *p, const char *end, struct strbuf *path)
{
	size_t n;

	p = scan_lex_skip(p, end);
	if (p + 1 < end && p[0] == '-' && p[1] == '>') {
		if (path->len)
			sb_addlit(path, "->");
		p += 2;
	} else if (p < end && *p == '.') {
		if (path->len)
			sb_addlit(path, ".");
		p++;
	} else {
		return NULL;
	}
	p = scan_lex_skip(p, end);
	n = c_ident_len(p, end);
	if (!n || n >= 256)
		return NULL;
	sb_addn(path, p, n);
	return p + n;
}

/*
 * "-> name" or ". name" at loc: the member an incomplete access wanted, a
 * hint; and the chain of accesses after it ("->rq->cpu"), which will need
 * the records it goes through as soon as this one is complete.
 */
static void hint_from_access(struct btfcc_scan *s, struct btfcc_request *r, CXSourceLocation loc)
{
	struct strbuf path;
	struct text t;
	const char *p;
	size_t first;
	int steps;

	if (!text_at(s, loc, &t))
		return;
	sb_init(&path);
	p = access_step(t.at, t.end, &path);
	if (p) {
		first = path.len;
		btfcc_reqset_hint(r, sb_str(&path));
		for (steps = 0; p && steps < 32; steps++)
			p = access_step(p, t.end, &path);
		if (path.len > first)
			btfcc_reqset_path(r, sb_str(&path));
	}
	sb_free(&path);
}

static bool defined_anywhere(struct btfcc_scan *s, enum btfcc_ns ns, const char *name)
{
	return scan_def_find(s, ns, name) != NULL;
}

/*
 * Every "struct X"/"union X"/"enum X" in a message about incompleteness,
 * including the one in "(aka 'struct X')" for typedefs of incomplete types.
 */
static int incomplete_types(struct btfcc_scan *s, const char *msg, CXSourceLocation loc,
			    bool member_access)
{
	const char *p = msg;
	int found = 0;

	while (*p) {
		size_t kw = c_ident_len(p, p + strlen(p)), id;
		enum btfcc_ns ns;
		char name[256];
		struct btfcc_request *r;

		if (!kw) {
			p++;
			continue;
		}
		if (scan_ns_from_keyword(p, kw, &ns) || p[kw] != ' ' ||
		    (p > msg && p[-1] != '\'' && p[-1] != ' ')) {
			p += kw;
			continue;
		}
		p += kw + 1;
		id = c_ident_len(p, p + strlen(p));
		if (!id || id >= sizeof(name))
			continue;
		memcpy(name, p, id);
		name[id] = 0;
		p += id;
		found = 1;
		if (defined_anywhere(s, ns, name))
			continue;
		if (!(r = scan_req_add(s, ns, name, loc)))
			return -1;
		if (member_access)
			hint_from_access(s, r, loc);
	}
	return found;
}

/*
 * In a function body clang reads "foo_t x;" with foo_t unknown as an
 * expression: "use of undeclared identifier". It is a type when a
 * declarator follows (x, *x, *) or it sits in sizeof(...).
 */
/* The word before "(" that opens right before the name (at most 15 characters). */
static bool word_before_paren(const struct text *t, char *word, size_t len)
{
	const char *b = t->at, *w;

	while (b > t->buf && (b[-1] == ' ' || b[-1] == '\t'))
		b--;
	if (b == t->buf || b[-1] != '(')
		return false;
	b--;
	while (b > t->buf && (b[-1] == ' ' || b[-1] == '\t'))
		b--;
	for (w = b; w > t->buf && (isalnum((unsigned char)w[-1]) || w[-1] == '_'); w--)
		;
	/* "a[i](x)", "f(g)(x)": calls, not casts; no word, but not nothing either. */
	if (w == b && b > t->buf && (b[-1] == ')' || b[-1] == ']'))
		snprintf(word, len, ")");
	else
		snprintf(word, len, "%.*s", (int)(b - w) < 15 ? (int)(b - w) : 15, w);
	return true;
}

static bool after_sizeof_paren(const struct text *t)
{
	char w[16];

	return word_before_paren(t, w, sizeof(w)) && !strcmp(w, "sizeof");
}

/*
 * "(name) operand": a cast to the unknown name, which is then a type. The
 * name sits right after a '(' that is no call's ("f(x)"; "return (x)y" is
 * a cast) and the ')' is followed by what can start an operand, so
 * "(x) + 1" is not a cast but "(x)y", "(x)&y", "(x)(y)" and "(x)-1" are.
 */
static bool is_cast(const struct text *t, const char *after)
{
	char w[16];

	if (!word_before_paren(t, w, sizeof(w)) ||
	    (*w && strcmp(w, "return") && strcmp(w, "case")))
		return false;
	after = scan_lex_skip(after, t->end);
	if (after >= t->end)
		return false;
	return c_ident_len(after, t->end) || strchr("(&*-~!\"'", *after) ||
	       (*after >= '0' && *after <= '9');
}

/*
 * The variable a failed declaration ("foo_t *x;") would have declared:
 * clang then reports every use of x as undeclared, which is no news.
 */
static void remember_lost(struct btfcc_scan *s, const char *p, const char *end)
{
	size_t n = c_ident_len(p, end);
	char name[256];

	if (!n || n >= sizeof(name))
		return;
	memcpy(name, p, n);
	name[n] = 0;
	strmap_put(&s->lost_vars, name, 0);
}

static bool looks_like_type(struct btfcc_scan *s, CXSourceLocation loc, size_t len)
{
	struct text t;
	const char *p;

	if (!text_at(s, loc, &t) || t.at + len > t.end)
		return false;
	p = scan_lex_skip(t.at + len, t.end);
	if (c_ident_len(p, t.end)) {
		remember_lost(s, p, t.end);
		return true;
	}
	if (p < t.end && *p == '*') {
		const char *id;

		while (p < t.end && (*p == '*' || *p == ' ' || *p == '\t'))
			p++;
		if (p < t.end && *p == ')')
			return true;
		id = p;
		p += c_ident_len(p, t.end);
		p = scan_lex_skip(p, t.end);
		if (p == id || p >= t.end || !strchr(";=,[)", *p))
			return false;
		remember_lost(s, id, t.end);
		return true;
	}
	return p < t.end && *p == ')' && (after_sizeof_paren(&t) || is_cast(&t, p + 1));
}

/* Presumed lines: with a prelude in, the file's own numbering still holds. */
static int add_error(struct btfcc_scan *s, CXDiagnostic d)
{
	CXString str = clang_getDiagnosticSpelling(d), file;
	unsigned line, col;
	char *msg;

	clang_getPresumedLocation(clang_getDiagnosticLocation(d), &file, &line, &col);
	if (asprintf(&msg, "%s:%u:%u: %s", clang_getCString(file), line, col,
		     clang_getCString(str)) < 0)
		msg = NULL;
	clang_disposeString(file);
	clang_disposeString(str);
	if (!msg)
		return -1;
	GROW(s->errors, s->cap_errors, s->n_errors + 1);
	s->errors[s->n_errors++] = msg;
	return 0;
}

static int add_unknown_member(struct btfcc_scan *s, const char *msg, CXSourceLocation loc)
{
	char member[256], type[512];
	struct btfcc_scan_member *m;
	enum btfcc_ns ns = BTFCC_NS_TYPEDEF;
	const char *name = type;
	char *sp;

	if (quoted(msg, 0, member, sizeof(member)) || quoted(msg, 1, type, sizeof(type)))
		return 0;
	sp = strchr(type, ' ');
	if (sp && !scan_ns_from_keyword(type, (size_t)(sp - type), &ns))
		name = sp + 1;
	GROW(s->unknown, s->cap_unknown, s->n_unknown + 1);
	m = &s->unknown[s->n_unknown];
	m->ns = ns;
	m->type_name = xstrdup(name);
	m->member = xstrdup(member);
	m->origin = scan_loc_origin(loc);
	s->n_unknown++;
	return m->origin ? 1 : -1;
}

/*
 * A value no header declares: maybe a private enumerator or function, which
 * only BTF can tell. Requested either way; BTF's answer decides.
 */
static int ident_request(struct btfcc_scan *s, const char *name, CXSourceLocation loc,
			 bool call)
{
	struct btfcc_request *r = scan_req_add(s, BTFCC_NS_IDENT, name, loc);

	if (!r)
		return -1;
	r->call |= call;
	return 1;
}

/* "implicit declaration of function 'f'": a warning to clang, an error to kbuild's gcc. */
static int function_request(struct btfcc_scan *s, const char *msg, CXSourceLocation loc)
{
	char name[256];

	if (strncmp(msg, "implicit declaration of function ", 33) ||
	    quoted(msg, 0, name, sizeof(name)))
		return 0;
	return ident_request(s, name, loc, true);
}

static int typedef_request(struct btfcc_scan *s, const char *msg, CXSourceLocation loc,
			   bool check_use)
{
	char name[256];

	if (quoted(msg, 0, name, sizeof(name)))
		return 0;
	if (check_use && strmap_get(&s->lost_vars, name, &(size_t){ 0 }))
		return 1;
	if (check_use && !looks_like_type(s, loc, strlen(name)))
		return ident_request(s, name, loc, false);
	if (scan_def_find(s, BTFCC_NS_TYPEDEF, name))
		return 1;
	return scan_req_add(s, BTFCC_NS_TYPEDEF, name, loc) ? 1 : -1;
}

/* 1 when the error is a missing type (now requested), 0 when it is not ours. */
static int classify(struct btfcc_scan *s, const char *msg, CXSourceLocation loc)
{
	if (!strncmp(msg, "no member named ", 16))
		return add_unknown_member(s, msg, loc);
	if (!strncmp(msg, "unknown type name ", 18))
		return typedef_request(s, msg, loc, false);
	if (!strncmp(msg, "use of undeclared identifier ", 29))
		return typedef_request(s, msg, loc, true);
	if (strstr(msg, "incomplete") || strstr(msg, "never completed"))
		return incomplete_types(s, msg, loc,
					!strncmp(msg, "incomplete definition of type", 29));
	return 0;
}

int scan_diags(struct btfcc_scan *s)
{
	unsigned i, n = clang_getNumDiagnostics(s->tu);

	for (i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(s->tu, i);
		CXString str;
		int ret = 0;

		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
			str = clang_getDiagnosticSpelling(d);
			ret = classify(s, clang_getCString(str), clang_getDiagnosticLocation(d));
			clang_disposeString(str);
			if (ret == 0)
				ret = add_error(s, d);
		} else if (clang_getDiagnosticSeverity(d) == CXDiagnostic_Warning) {
			str = clang_getDiagnosticSpelling(d);
			ret = function_request(s, clang_getCString(str), clang_getDiagnosticLocation(d));
			clang_disposeString(str);
		}
		clang_disposeDiagnostic(d);
		if (ret < 0)
			return -1;
	}
	return 0;
}

void scan_diags_free(struct btfcc_scan *s)
{
	size_t i;

	for (i = 0; i < s->n_unknown; i++) {
		free((char *)s->unknown[i].type_name);
		free((char *)s->unknown[i].member);
		free((char *)s->unknown[i].origin);
	}
	free(s->unknown);
	for (i = 0; i < s->n_errors; i++)
		free(s->errors[i]);
	free(s->errors);
	strmap_free(&s->lost_vars);
}
