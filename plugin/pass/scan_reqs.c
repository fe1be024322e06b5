// SPDX-License-Identifier: GPL-2.0-only
/* The request set: one entry per (namespace, name), hints deduplicated. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pass/scan_internal.h"

static const char *const ns_words[] = {
	[BTFCC_NS_STRUCT] = "struct",
	[BTFCC_NS_UNION] = "union",
	[BTFCC_NS_ENUM] = "enum",
	[BTFCC_NS_TYPEDEF] = "typedef",
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

struct scan_req *scan_req_find(struct btfcc_scan *s, enum btfcc_ns ns, const char *name)
{
	char key[512];
	size_t idx;

	if (scan_ns_key(key, sizeof(key), ns, name) ||
	    !strmap_get(&s->req_map, key, &idx))
		return NULL;
	return &s->reqs[idx];
}

static struct scan_req *req_new(struct btfcc_scan *s, enum btfcc_ns ns, const char *name)
{
	struct scan_req *r;
	char key[512];

	if (scan_ns_key(key, sizeof(key), ns, name))
		return NULL;
	if (s->n_reqs == s->cap_reqs) {
		size_t cap = s->cap_reqs ? s->cap_reqs * 2 : 16;
		struct scan_req *n = realloc(s->reqs, cap * sizeof(*n));

		if (!n)
			return NULL;
		s->reqs = n;
		s->cap_reqs = cap;
	}
	r = &s->reqs[s->n_reqs];
	memset(r, 0, sizeof(*r));
	r->name = strdup(name);
	if (!r->name || strmap_put(&s->req_map, key, s->n_reqs)) {
		free(r->name);
		return NULL;
	}
	r->pub.ns = ns;
	r->pub.name = r->name;
	s->n_reqs++;
	return r;
}

/*
 * Add (or find) a request; loc is its use, kept when it is the first one in
 * main-file order, so the origin and the inject line name the earliest need.
 */
struct scan_req *scan_req_add(struct btfcc_scan *s, enum btfcc_ns ns, const char *name,
			      CXSourceLocation loc)
{
	struct scan_req *r = scan_req_find(s, ns, name);
	unsigned line = scan_loc_main_line(s, loc);

	if (!r && !(r = req_new(s, ns, name)))
		return NULL;
	if (!r->origin || (line && (!r->main_line || line < r->main_line))) {
		char *origin = scan_loc_origin(loc);

		if (!origin)
			return NULL;
		free(r->origin);
		r->origin = origin;
		r->pub.origin = origin;
		r->main_line = line;
	}
	return r;
}

int scan_req_hint(struct scan_req *r, const char *member)
{
	size_t i;

	for (i = 0; i < r->n_hints; i++)
		if (!strcmp(r->hints[i], member))
			return 0;
	if (r->n_hints == r->cap_hints) {
		size_t cap = r->cap_hints ? r->cap_hints * 2 : 4;
		char **n = realloc(r->hints, cap * sizeof(*n));

		if (!n)
			return -1;
		r->hints = n;
		r->cap_hints = cap;
	}
	if (!(r->hints[r->n_hints] = strdup(member)))
		return -1;
	r->n_hints++;
	r->pub.hints = (const char *const *)r->hints;
	r->pub.n_hints = r->n_hints;
	return 0;
}

void scan_reqs_free(struct btfcc_scan *s)
{
	size_t i, j;

	for (i = 0; i < s->n_reqs; i++) {
		for (j = 0; j < s->reqs[i].n_hints; j++)
			free(s->reqs[i].hints[j]);
		free(s->reqs[i].hints);
		free(s->reqs[i].name);
		free(s->reqs[i].origin);
	}
	free(s->reqs);
	free((void *)s->pub_reqs);
	strmap_free(&s->req_map);
}
