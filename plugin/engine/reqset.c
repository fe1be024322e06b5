// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/reqset.h"
#include "util/xalloc.h"

static char *key_of(enum btfcc_ns ns, const char *name)
{
	return xasprintf("%s %s", btfcc_ns_keyword(ns), name);
}

struct btfcc_request *btfcc_reqset_find(const struct btfcc_reqset *rs, enum btfcc_ns ns,
					const char *name)
{
	char *key = key_of(ns, name);
	size_t i;
	int found = strmap_get(&rs->index, key, &i);

	free(key);
	return found ? &rs->v[i] : NULL;
}

struct btfcc_request *btfcc_reqset_get(struct btfcc_reqset *rs, enum btfcc_ns ns,
				       const char *name)
{
	struct btfcc_request *r = btfcc_reqset_find(rs, ns, name);
	char *key;

	if (r)
		return r;
	GROW(rs->v, rs->cap, rs->n + 1);
	r = &rs->v[rs->n];
	memset(r, 0, sizeof(*r));
	r->ns = ns;
	r->name = xstrdup(name);
	key = key_of(ns, name);
	strmap_put(&rs->index, key, rs->n++);
	free(key);
	return r;
}

bool btfcc_reqset_hint(struct btfcc_request *r, const char *member)
{
	const char **h = (const char **)r->hints;

	for (size_t i = 0; i < r->n_hints; i++)
		if (!strcmp(h[i], member))
			return false;
	/* A handful per type: no spare capacity worth keeping. */
	h = xrealloc(h, (r->n_hints + 1) * sizeof(*h));
	h[r->n_hints++] = xstrdup(member);
	r->hints = h;
	return true;
}

void btfcc_reqset_origin(struct btfcc_request *r, const char *origin, unsigned line)
{
	free((char *)r->origin);
	r->origin = origin ? xstrdup(origin) : NULL;
	r->origin_line = line;
}

bool btfcc_reqset_merge(struct btfcc_reqset *rs, const struct btfcc_request *in)
{
	size_t n = rs->n;
	struct btfcc_request *r = btfcc_reqset_get(rs, in->ns, in->name);
	bool grew = rs->n != n;

	if (grew) {
		btfcc_reqset_origin(r, in->origin, in->origin_line);
		r->decl_ok = in->decl_ok;
	}
	if (in->call && !r->call) {
		r->call = true;
		grew = true;
	}
	/* A by-value need anywhere is a by-value need. */
	if (!in->decl_ok && r->decl_ok) {
		r->decl_ok = false;
		grew = true;
	}
	for (size_t i = 0; i < in->n_hints; i++)
		grew |= btfcc_reqset_hint(r, in->hints[i]);
	return grew;
}

void btfcc_reqset_free(struct btfcc_reqset *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		struct btfcc_request *r = &rs->v[i];

		for (size_t j = 0; j < r->n_hints; j++)
			free((char *)r->hints[j]);
		free((void *)r->hints);
		free((char *)r->name);
		free((char *)r->origin);
	}
	free(rs->v);
	strmap_free(&rs->index);
	memset(rs, 0, sizeof(*rs));
}
