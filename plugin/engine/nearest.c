// SPDX-License-Identifier: GPL-2.0-only
/*
 * Names near a misspelt one: the suggestions after an unknown type, and the
 * members offered after an unknown member. A handful of near names helps;
 * the 73 members of struct rq do not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/nearest.h"
#include "engine/plan_internal.h"
#include "util/strbuf.h"
#include "engine/type_index.h"

/* Edit distance, giving up once every path is over limit. */
size_t nearest_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[256], prev, best, result;

	if (la > 255 || lb > 255)
		return limit + 1;
	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t sub = prev + (a[i - 1] != b[j - 1]);

			row[j] = row[j] + 1 < row[j - 1] + 1 ? row[j] + 1 : row[j - 1] + 1;
			if (sub < row[j])
				row[j] = sub;
			prev = cur;
			if (row[j] < best)
				best = row[j];
		}
		if (best > limit)
			return limit + 1;
	}
	result = row[lb];
	return result;
}

/* Every named member of record id, anonymous members flattened. */
static void walk_members(const struct btf *btf, __u32 id,
			 void (*fn)(const char *name, void *ctx), void *ctx, int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, plan_skip_mods(btf, id));
	const struct btf_member *m;
	int i;

	if (!t || !btf_is_composite(t) || depth > 32)
		return;
	for (i = 0, m = btf_members(t); i < btf_vlen(t); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);

		if (name && *name)
			fn(name, ctx);
		else
			walk_members(btf, m->type, fn, ctx, depth + 1);
	}
}

/* The record BTF calls ns/name (through typedefs), or -1. */
static int record_by_name(const struct btf *btf, enum btfcc_ns ns, const char *name,
			  __u32 *rid)
{
	struct btfcc_request req = { .ns = ns, .name = name };
	struct type_index *idx = type_index_new(btf);
	struct btfcc_err err;
	__u32 id;
	int r = -1;

	if (idx && !type_index_resolve(idx, &req, &id, &err))
		r = btf__resolve_type(btf, id);
	type_index_free(idx);
	if (r < 0 || !btf__type_by_id(btf, r) || !btf_is_composite(btf__type_by_id(btf, r)))
		return -1;
	*rid = r;
	return 0;
}

static void add_listed(const char *name, void *ctx)
{
	struct strbuf *sb = ctx;

	sb_addf(sb, "%s%s", sb->len ? ", " : "", name);
}

int btfcc_members_list(const struct btf *btf, enum btfcc_ns ns, const char *name,
		       char *buf, size_t len)
{
	struct strbuf sb;
	__u32 rid;

	if (!len || record_by_name(btf, ns, name, &rid))
		return -1;
	sb_init(&sb);
	walk_members(btf, rid, add_listed, &sb, 0);
	snprintf(buf, len, "%s", sb_str(&sb));
	sb_free(&sb);
	return 0;
}

struct near_members {
	const char *want;
	size_t limit;
	struct {
		const char *name;
		size_t dist;
	} best[NEAREST_MAX];
};

/* Keep the NEAREST_MAX nearest, nearest first, ties in member order. */
static void rank_near(const char *name, void *ctx)
{
	struct near_members *nm = ctx;
	size_t d = nearest_distance(nm->want, name, nm->limit);
	int j, k;

	if (d > nm->limit)
		return;
	for (j = 0; j < NEAREST_MAX && nm->best[j].name && nm->best[j].dist <= d; j++)
		;
	if (j == NEAREST_MAX)
		return;
	for (k = NEAREST_MAX - 1; k > j; k--)
		nm->best[k] = nm->best[k - 1];
	nm->best[j].name = name;
	nm->best[j].dist = d;
}

int btfcc_members_near(const struct btf *btf, enum btfcc_ns ns, const char *name,
		       const char *member, char *buf, size_t len)
{
	struct near_members nm = { .want = member, .limit = strlen(member) / 2 + 1 };
	struct strbuf sb;
	__u32 rid;
	int i;

	if (!len || record_by_name(btf, ns, name, &rid))
		return -1;
	walk_members(btf, rid, rank_near, &nm, 0);
	sb_init(&sb);
	for (i = 0; i < NEAREST_MAX && nm.best[i].name; i++)
		sb_addf(&sb, "%s'%s'", i ? ", " : "", nm.best[i].name);
	snprintf(buf, len, "%s", sb_str(&sb));
	sb_free(&sb);
	return 0;
}
