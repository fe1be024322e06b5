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

/* Add a copy of s to the list unless it has it; true when added. */
static bool add_unique(const char *const **list, size_t *n, const char *s)
{
	const char **v = (const char **)*list;

	for (size_t i = 0; i < *n; i++)
		if (!strcmp(v[i], s))
			return false;
	/* A handful per type: no spare capacity worth keeping. */
	v = xrealloc(v, (*n + 1) * sizeof(*v));
	v[(*n)++] = xstrdup(s);
	*list = v;
	return true;
}

bool btfcc_reqset_hint(struct btfcc_request *r, const char *member)
{
	return add_unique(&r->hints, &r->n_hints, member);
}

bool btfcc_reqset_path(struct btfcc_request *r, const char *path)
{
	return add_unique(&r->paths, &r->n_paths, path);
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
	for (size_t i = 0; i < in->n_paths; i++)
		grew |= btfcc_reqset_path(r, in->paths[i]);
	return grew;
}

void btfcc_reqset_free(struct btfcc_reqset *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		struct btfcc_request *r = &rs->v[i];

		for (size_t j = 0; j < r->n_hints; j++)
			free((char *)r->hints[j]);
		free((void *)r->hints);
		for (size_t j = 0; j < r->n_paths; j++)
			free((char *)r->paths[j]);
		free((void *)r->paths);
		free((char *)r->name);
		free((char *)r->origin);
	}
	free(rs->v);
	strmap_free(&rs->index);
	memset(rs, 0, sizeof(*rs));
}
