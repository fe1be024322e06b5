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
#include "engine/strbuf.h"
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

static void list_members(const struct btf *btf, __u32 id, struct strbuf *sb, int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, plan_skip_mods(btf, id));
	const struct btf_member *m;
	int i;

	if (!t || !btf_is_composite(t) || depth > 32)
		return;
	for (i = 0, m = btf_members(t); i < btf_vlen(t); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);

		if (name && *name)
			sb_addf(sb, "%s%s", sb->len ? ", " : "", name);
		else
			list_members(btf, m->type, sb, depth + 1);
	}
}

int btfcc_members_list(const struct btf *btf, enum btfcc_ns ns, const char *name,
		       char *buf, size_t len)
{
	struct btfcc_request req = { .ns = ns, .name = name };
	struct type_index *idx = type_index_new(btf);
	struct btfcc_err err;
	struct strbuf sb;
	__u32 id;
	int rid, ret = -1;

	if (!idx || !len)
		goto out;
	if (type_index_resolve(idx, &req, &id, &err))
		goto out;
	rid = btf__resolve_type(btf, id);
	if (rid < 0 || !btf__type_by_id(btf, rid) || !btf_is_composite(btf__type_by_id(btf, rid)))
		goto out;
	sb_init(&sb);
	list_members(btf, rid, &sb, 0);
	snprintf(buf, len, "%s", sb_str(&sb));
	sb_free(&sb);
	ret = 0;
out:
	type_index_free(idx);
	return ret;
}

struct near_member {
	const char *name;
	size_t dist;
};

static void collect_near(const struct btf *btf, __u32 id, const char *want, size_t limit,
			 struct near_member *best, int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, plan_skip_mods(btf, id));
	const struct btf_member *m;
	int i, j, k;

	if (!t || !btf_is_composite(t) || depth > 32)
		return;
	for (i = 0, m = btf_members(t); i < btf_vlen(t); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);
		size_t d;

		if (!name || !*name) {
			collect_near(btf, m->type, want, limit, best, depth + 1);
			continue;
		}
		d = nearest_distance(want, name, limit);
		if (d > limit)
			continue;
		for (j = 0; j < NEAREST_MAX && best[j].name && best[j].dist <= d; j++)
			;
		if (j == NEAREST_MAX)
			continue;
		for (k = NEAREST_MAX - 1; k > j; k--)
			best[k] = best[k - 1];
		best[j].name = name;
		best[j].dist = d;
	}
}

int btfcc_members_near(const struct btf *btf, enum btfcc_ns ns, const char *name,
		       const char *member, char *buf, size_t len)
{
	struct near_member best[NEAREST_MAX] = { { 0 } };
	struct btfcc_request req = { .ns = ns, .name = name };
	struct type_index *idx = type_index_new(btf);
	struct btfcc_err err;
	struct strbuf sb;
	__u32 id;
	int rid, i, ret = -1;

	if (!idx || !len)
		goto out;
	if (type_index_resolve(idx, &req, &id, &err))
		goto out;
	rid = btf__resolve_type(btf, id);
	if (rid < 0 || !btf__type_by_id(btf, rid) || !btf_is_composite(btf__type_by_id(btf, rid)))
		goto out;
	collect_near(btf, rid, member, strlen(member) / 2 + 1, best, 0);
	sb_init(&sb);
	for (i = 0; i < NEAREST_MAX && best[i].name; i++)
		sb_addf(&sb, "%s'%s'", i ? ", " : "", best[i].name);
	snprintf(buf, len, "%s", sb_str(&sb));
	sb_free(&sb);
	ret = 0;
out:
	type_index_free(idx);
	return ret;
}
