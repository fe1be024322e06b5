// SPDX-License-Identifier: GPL-2.0-only
/* Turning a requested name into one BTF type, or an error a user can act on. */
#include <stdlib.h>
#include <string.h>

#include "engine/nearest.h"
#include "util/strbuf.h"
#include "engine/type_index.h"
#include "util/xalloc.h"

#define MAX_SUGGESTIONS 3

struct suggestion {
	const char *name;
	size_t dist;
	enum btfcc_ns ns;
};

static void consider(struct suggestion *best, const char *name, size_t dist,
		     enum btfcc_ns ns)
{
	int i, j;

	for (i = 0; i < MAX_SUGGESTIONS; i++) {
		if (best[i].name && best[i].ns == ns && !strcmp(best[i].name, name))
			return;
		if (!best[i].name || dist < best[i].dist)
			break;
	}
	if (i == MAX_SUGGESTIONS)
		return;
	for (j = MAX_SUGGESTIONS - 1; j > i; j--)
		best[j] = best[j - 1];
	best[i].name = name;
	best[i].dist = dist;
	best[i].ns = ns;
}

static void unknown_name(const struct btf *btf, const struct btfcc_request *req,
			 struct btfcc_err *err)
{
	struct suggestion best[MAX_SUGGESTIONS] = { 0 };
	size_t limit = strlen(req->name) / 3 + 1;
	__u32 id, n = btf__type_cnt(btf);
	struct strbuf sb;
	int i;

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name;
		enum btfcc_ns ns;
		size_t d;

		/* A bare name may be meant as any tag: suggest across namespaces. */
		if (!type_index_ns_of(t, &ns) || (ns != req->ns && req->ns != BTFCC_NS_TYPEDEF))
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		d = nearest_distance(req->name, name, limit);
		if (d <= limit)
			consider(best, name, d, ns);
	}
	sb_init(&sb);
	for (i = 0; i < MAX_SUGGESTIONS && best[i].name; i++)
		sb_addf(&sb, "%s'%s%s%s'", i ? ", " : "",
			best[i].ns == BTFCC_NS_TYPEDEF ? "" : btfcc_ns_keyword(best[i].ns),
			best[i].ns == BTFCC_NS_TYPEDEF ? "" : " ", best[i].name);
	btfcc_err_set(err, BTFCC_E_NOT_FOUND, "type '%s%s%s' is not in the kernel's BTF%s%s%s",
		      req->ns == BTFCC_NS_TYPEDEF ? "" : btfcc_ns_keyword(req->ns),
		      req->ns == BTFCC_NS_TYPEDEF ? "" : " ", req->name,
		      best[0].name ? "; did you mean " : "", sb_str(&sb), best[0].name ? "?" : "");
	sb_free(&sb);
}

static bool has_all_hints(const struct btf *btf, __u32 id, const struct btfcc_request *req)
{
	size_t i;

	for (i = 0; i < req->n_hints; i++)
		if (!type_has_member(btf, id, req->hints[i]))
			return false;
	return true;
}

/* A record, maybe behind typedefs: the one kind member names can pick from. */
static const struct btf_type *as_record(const struct btf *btf, __u32 id)
{
	int rid = btf__resolve_type(btf, id);
	const struct btf_type *t = rid < 0 ? NULL : btf__type_by_id(btf, rid);

	return t && btf_is_composite(t) ? t : NULL;
}

static void ambiguous(const struct btf *btf, const struct btfcc_request *req,
		      const __u32 *ids, size_t n, struct btfcc_err *err)
{
	bool records = true;
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	for (i = 0; i < n; i++) {
		const struct btf_type *t = as_record(btf, ids[i]);

		/* t->size of a typedef is its target's id: ask for the size. */
		sb_addf(&sb, "%s[%u] size %lld", i ? "; " : "", ids[i],
			(long long)btf__resolve_size(btf, ids[i]));
		if (t && btf_vlen(t))
			sb_addf(&sb, " first member '%s'",
				btf__name_by_offset(btf, btf_members(t)->name_off));
		records = records && t;
	}
	btfcc_err_set(err, BTFCC_E_AMBIGUOUS, "'%s %s' is ambiguous: BTF has %zu different shapes (%s)%s",
		      btfcc_ns_keyword(req->ns), req->name, n, sb_str(&sb),
		      records ? "; use a member name that only the one you mean has" : "");
	sb_free(&sb);
}

/*
 * Candidates that have every member the code uses, identical shapes counted
 * once. Returns how many are left in keep.
 */
static size_t filter_candidates(const struct btf *btf, const struct btfcc_request *req,
				const __u32 *ids, size_t n, bool use_hints, __u32 *keep)
{
	size_t i, j, nkeep = 0;

	for (i = 0; i < n; i++) {
		if (use_hints && !has_all_hints(btf, ids[i], req))
			continue;
		for (j = 0; j < nkeep; j++)
			if (type_same_shape(btf, keep[j], ids[i]))
				break;
		if (j == nkeep)
			keep[nkeep++] = ids[i];
	}
	return nkeep;
}

int type_index_resolve(const struct type_index *idx, const struct btfcc_request *req,
		       __u32 *id, struct btfcc_err *err)
{
	const struct btf *btf = type_index_btf(idx);
	const __u32 *ids;
	__u32 *keep;
	size_t n, nkeep;

	n = type_index_find(idx, req->ns, req->name, &ids);
	/* Only declared in BTF: every FWD of one name is the same declaration. */
	if (!n && type_index_find_fwd(idx, req->ns, req->name, &ids)) {
		*id = ids[0];
		return 0;
	}
	if (!n) {
		unknown_name(btf, req, err);
		return -1;
	}
	keep = xcalloc(n, sizeof(*keep));
	nkeep = filter_candidates(btf, req, ids, n, true, keep);
	/*
	 * No candidate has every member the code names: a typo. Pick as if
	 * there were no hints, so the compiler reports the bad member at the
	 * user's line instead of btfcc refusing the type.
	 */
	if (!nkeep)
		nkeep = filter_candidates(btf, req, ids, n, false, keep);
	if (nkeep == 1)
		*id = keep[0];
	else
		ambiguous(btf, req, keep, nkeep, err);
	free(keep);
	return nkeep == 1 ? 0 : -1;
}
