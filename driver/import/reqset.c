// SPDX-License-Identifier: GPL-2.0-only
/*
 * The union of what every scan round asked for. A scan's requests die
 * with it, and each round only reports what is still missing (the prelude
 * defines the rest), so the driver keeps its own copies.
 */
#include <stdlib.h>
#include <string.h>

#include "reqset.h"
#include "../driver.h"

static struct btfcc_request *find(struct reqset *rs, enum btfcc_ns ns, const char *name)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->v[i].ns == ns && !strcmp(rs->v[i].name, name))
			return &rs->v[i];
	return NULL;
}

bool reqset_has(const struct reqset *rs, enum btfcc_ns ns, const char *name)
{
	return find((struct reqset *)rs, ns, name) != NULL;
}

/* Add hints r lacks; returns true when any was new. */
static bool merge_hints(struct btfcc_request *r, const struct btfcc_request *in)
{
	bool added = false;

	for (size_t i = 0; i < in->n_hints; i++) {
		const char **h = (const char **)r->hints;
		size_t j;

		for (j = 0; j < r->n_hints && strcmp(h[j], in->hints[i]); j++)
			;
		if (j < r->n_hints)
			continue;
		h = realloc(h, (r->n_hints + 1) * sizeof(*h));
		if (!h)
			abort();
		h[r->n_hints++] = xstrdup(in->hints[i]);
		r->hints = h;
		added = true;
	}
	return added;
}

bool reqset_add(struct reqset *rs, const struct btfcc_request *in)
{
	struct btfcc_request *r = find(rs, in->ns, in->name);

	if (r)
		return merge_hints(r, in);
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 8;
		rs->v = realloc(rs->v, rs->cap * sizeof(*rs->v));
		if (!rs->v)
			abort();
	}
	r = &rs->v[rs->n++];
	memset(r, 0, sizeof(*r));
	r->ns = in->ns;
	r->name = xstrdup(in->name);
	r->origin = in->origin ? xstrdup(in->origin) : NULL;
	merge_hints(r, in);
	return true;
}

void reqset_free(struct reqset *rs)
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
	memset(rs, 0, sizeof(*rs));
}
