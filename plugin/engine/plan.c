// SPDX-License-Identifier: GPL-2.0-only
/* The closure: which BTF types a request needs, and how (defined or declared). */
#include <stdlib.h>
#include <string.h>

#include "engine/ident.h"
#include "engine/plan_internal.h"
#include "util/c_text.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Where a need comes from, turned into text only when a type is first marked. */
struct why {
	__u32 parent;		/* 0: a request */
	const char *member;
	const char *origin;
	bool pointer;
};

static int need_full(struct btfcc_plan *plan, __u32 id, const struct why *why,
		     struct btfcc_err *err);
static int need_decl(struct btfcc_plan *plan, __u32 id, const struct why *why,
		     struct btfcc_err *err);

const char *btfcc_ns_keyword(enum btfcc_ns ns)
{
	static const char *const kw[] = { "struct", "union", "enum", "typedef", "identifier" };

	return ns <= BTFCC_NS_IDENT ? kw[ns] : "?";
}

__u32 plan_skip_mods(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_type_tag(t))) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	return id;
}

__u32 plan_held_record(const struct btf *btf, __u32 id, bool *array)
{
	const struct btf_type *t;
	int hops;

	for (hops = 0; hops < 64; hops++) {
		id = plan_skip_mods(btf, id);
		t = btf__type_by_id(btf, id);
		if (!t)
			return 0;
		if (btf_is_typedef(t)) {
			id = t->type;
		} else if (btf_is_array(t)) {
			if (array)
				*array = true;
			id = btf_array(t)->type;
		} else {
			return btf_is_composite(t) ? id : 0;
		}
	}
	return 0;
}

struct btfcc_plan *btfcc_plan_new(const struct btf *btf, const struct btfcc_defined *defined)
{
	struct btfcc_plan *plan = calloc(1, sizeof(*plan));

	if (!plan)
		return NULL;
	plan->btf = btf;
	if (defined)
		plan->defined = *defined;
	plan->n_types = btf__type_cnt(btf);
	plan->index = type_index_new(btf);
	plan->state = calloc(plan->n_types, 1);
	plan->why = calloc(plan->n_types, sizeof(*plan->why));
	plan->layouts = calloc(plan->n_types, sizeof(*plan->layouts));
	plan->alias = calloc(plan->n_types, sizeof(*plan->alias));
	plan->dup = calloc(plan->n_types, sizeof(*plan->dup));
	plan->root = calloc(plan->n_types, 1);
	plan->enum_dup = calloc(plan->n_types, sizeof(*plan->enum_dup));
	plan->emit_flags = calloc(plan->n_types, 1);
	if (!plan->index || !plan->state || !plan->why || !plan->layouts || !plan->alias ||
	    !plan->dup || !plan->root || !plan->enum_dup || !plan->emit_flags) {
		btfcc_plan_free(plan);
		return NULL;
	}
	return plan;
}

void btfcc_plan_free(struct btfcc_plan *plan)
{
	__u32 i;

	if (!plan)
		return;
	for (i = 0; i < plan->n_types; i++) {
		if (plan->why)
			free(plan->why[i].origin);
		if (plan->layouts)
			free(plan->layouts[i]);
		if (plan->enum_dup)
			free(plan->enum_dup[i]);
	}
	free(plan->enum_dup);
	free(plan->why);
	free(plan->layouts);
	free(plan->alias);
	free(plan->dup);
	free(plan->root);
	free(plan->state);
	free(plan->order);
	free(plan->inlines);
	free(plan->checks);
	free(plan->decls);
	free(plan->funcs);
	type_index_free(plan->index);
	align_index_free(plan->align_ix);
	free(plan->emit_flags);
	free(plan);
}

static int push_id(__u32 **arr, size_t *n, size_t *cap, __u32 id, struct btfcc_err *err)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		__u32 *p = realloc(*arr, ncap * sizeof(*p));

		if (!p) {
			btfcc_err_set(err, BTFCC_E_LIMIT, "out of memory");
			return -1;
		}
		*arr = p;
		*cap = ncap;
	}
	(*arr)[(*n)++] = id;
	return 0;
}

static const char *type_name(const struct btfcc_plan *plan, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);

	return t && t->name_off ? btf__name_by_offset(plan->btf, t->name_off) : "";
}

/* "struct rq", "atomic_t", "(anonymous union)". */
static void describe(const struct btfcc_plan *plan, __u32 id, struct strbuf *sb)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	enum btfcc_ns ns;

	if (btf_is_func(t))
		sb_addf(sb, "function %s", type_name(plan, id));
	else if (type_index_ns_of(t, &ns))
		sb_addf(sb, "%s%s%s", ns == BTFCC_NS_TYPEDEF ? "" : btfcc_ns_keyword(ns),
			ns == BTFCC_NS_TYPEDEF ? "" : " ", type_name(plan, id));
	else
		sb_addf(sb, "(anonymous %s)", btf_is_union(t) ? "union" : btf_is_any_enum(t) ?
			"enum" : "struct");
}

static void set_why(struct btfcc_plan *plan, __u32 id, const struct why *why)
{
	struct plan_why *w = &plan->why[id];

	if (w->set)
		return;
	w->set = true;
	w->parent = why->parent;
	w->pointer = why->pointer;
	w->member = why->member;
	w->origin = why->parent || !why->origin ? NULL : xstrdup(why->origin);
}

void plan_why_text(const struct btfcc_plan *plan, __u32 id, struct strbuf *sb)
{
	const struct plan_why *w = &plan->why[id];

	if (!w->set)
		return;
	if (!w->parent) {
		sb_add(sb, "requested");
		if (w->origin) {
			sb_add(sb, " at ");
			sb_add(sb, w->origin);
		}
		return;
	}
	sb_add(sb, w->pointer ? "pointed to from " : "by value in ");
	describe(plan, w->parent, sb);
	if (w->member && *w->member) {
		sb_add(sb, ".");
		sb_add(sb, w->member);
	}
}

static bool tu_defines(const struct btfcc_plan *plan, __u32 id, enum btfcc_ns *ns)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);

	if (!type_index_ns_of(t, ns))
		return false;
	/*
	 * __builtin_va_list belongs to the compiler, not to BTF; any other
	 * __builtin_ name is BTF's own (the compiler has no such type).
	 */
	if (*ns == BTFCC_NS_TYPEDEF && !strcmp(type_name(plan, id), "__builtin_va_list"))
		return true;
	if (!plan->defined.has)
		return false;
	return plan->defined.has(plan->defined.ctx, *ns, type_name(plan, id));
}

/*
 * The TU's own definition stands in for BTF's: used by name, so it must be
 * visible where the imports go (the driver asks the scan where that is).
 */
static void set_external(struct btfcc_plan *plan, __u32 id, enum btfcc_ns ns)
{
	plan->state[id] = PS_EXTERNAL;
	if (plan->defined.used)
		plan->defined.used(plan->defined.ctx, ns, type_name(plan, id));
}

/*
 * A type the headers define is used as it is; when an import embeds it by
 * value its size must be BTF's, or every offset after it is wrong.
 */
static int check_external_size(struct btfcc_plan *plan, __u32 id, enum btfcc_ns ns,
			       const struct why *why, struct btfcc_err *err)
{
	long long hsize;
	__s64 bsize;
	struct strbuf sb;

	if (!plan->defined.size_of)
		return 0;
	hsize = plan->defined.size_of(plan->defined.ctx, ns, type_name(plan, id));
	bsize = btf__resolve_size(plan->btf, id);
	if (hsize < 0 || bsize < 0 || hsize == bsize)
		return 0;
	sb_init(&sb);
	describe(plan, id, &sb);
	if (why->parent) {
		sb_add(&sb, ", embedded in ");
		describe(plan, why->parent, &sb);
	}
	btfcc_err_set(err, BTFCC_E_MISMATCH, "%s is %lld bytes in the kernel headers but %lld in BTF: the "
		      "headers and the BTF belong to different kernels; build against the "
		      "headers of the kernel whose BTF you use (or set BTFCC_BTF)",
		      sb_str(&sb), hsize, (long long)bsize);
	sb_free(&sb);
	return -1;
}

static bool is_planned(const struct btfcc_plan *plan, __u32 id)
{
	return plan->state[id] != PS_NONE && plan->state[id] != PS_EXTERNAL &&
	       plan->state[id] != PS_ALIAS;
}

/* The namespace of a named struct, union, enum, typedef or FWD; false otherwise. */
static bool tag_ns_of(const struct btf_type *t, enum btfcc_ns *ns)
{
	if (btf_is_fwd(t) && t->name_off) {
		*ns = btf_kflag(t) ? BTFCC_NS_UNION : BTFCC_NS_STRUCT;
		return true;
	}
	return type_index_ns_of(t, ns);
}

/* Every id, definitions and declarations, of name in tag namespace ns. */
static size_t tag_ids(const struct btfcc_plan *plan, enum btfcc_ns ns, const char *name,
		      bool fwd, const __u32 **ids)
{
	if (fwd)
		return type_index_find_fwd(plan->index, ns, name, ids);
	return type_index_find(plan->index, ns, name, ids);
}

/*
 * The highest N of name___N in use among planned types that share id's C
 * name: struct, union and enum tags are one namespace in C.
 */
static unsigned short top_dup(const struct btfcc_plan *plan, __u32 id, enum btfcc_ns ns)
{
	enum btfcc_ns k, first = ns == BTFCC_NS_TYPEDEF ? ns : BTFCC_NS_STRUCT;
	enum btfcc_ns last = ns == BTFCC_NS_TYPEDEF ? ns : BTFCC_NS_ENUM;
	unsigned short top = plan->dup[id];
	const __u32 *ids;
	size_t n, i;
	int fwd;

	for (k = first; k <= last; k++) {
		for (fwd = 0; fwd < 2; fwd++) {
			n = tag_ids(plan, k, type_name(plan, id), fwd, &ids);
			for (i = 0; i < n; i++)
				if (is_planned(plan, ids[i]) && plan->dup[ids[i]] > top)
					top = plan->dup[ids[i]];
		}
	}
	return top;
}

/*
 * The same tag name in another kind ("struct irte" and "union irte",
 * "struct context" and "enum context"): C cannot have both, so one is
 * renamed name___N like a second shape. The TU's own tag keeps its name,
 * else the one the code asked for, else the one planned first.
 */
static void tag_clash(struct btfcc_plan *plan, __u32 id, enum btfcc_ns ns)
{
	const char *name = type_name(plan, id);
	const __u32 *ids;
	enum btfcc_ns k;
	size_t n, i;
	int fwd;

	if (ns == BTFCC_NS_TYPEDEF)
		return;
	for (k = BTFCC_NS_STRUCT; k <= BTFCC_NS_ENUM; k++) {
		if (k == ns)
			continue;
		if (!plan->dup[id] && plan->defined.has &&
		    plan->defined.has(plan->defined.ctx, k, name))
			plan->dup[id] = top_dup(plan, id, ns) + 1;
		for (fwd = 0; fwd < 2; fwd++) {
			n = tag_ids(plan, k, name, fwd, &ids);
			for (i = 0; i < n; i++) {
				__u32 other = ids[i];

				if (!is_planned(plan, other) || plan->dup[other] != plan->dup[id])
					continue;
				if (plan->root[id] && !plan->root[other])
					plan->dup[other] = top_dup(plan, id, ns) + 1;
				else
					plan->dup[id] = top_dup(plan, id, ns) + 1;
			}
		}
	}
}

/*
 * Another type of the same C name already in this plan? BTF keeps copies of
 * one type that dedup could not merge (guid_t, pmd_t): a copy of the same
 * shape is the same C type and becomes an alias of the planned one. A
 * different shape gets its own C name, name___N, so that a pointer to one
 * shape never silently points to the other; the type the code asked for
 * keeps the plain name. Only two different requested shapes cannot be.
 */
static int find_twin(struct btfcc_plan *plan, __u32 id, __u32 *twin, struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	unsigned short top;
	const __u32 *ids;
	enum btfcc_ns ns;
	size_t n, i;

	*twin = 0;
	if (!tag_ns_of(t, &ns))
		return 0;
	/* A declaration of a defined struct is that struct: only other kinds clash. */
	if (btf_is_fwd(t)) {
		tag_clash(plan, id, ns);
		return 0;
	}
	top = top_dup(plan, id, ns);
	n = type_index_find(plan->index, ns, type_name(plan, id), &ids);
	for (i = 0; i < n; i++) {
		__u32 other = ids[i];

		if (other == id || !is_planned(plan, other))
			continue;
		if (!type_same_shape(plan->btf, other, id) || plan->dup[other] != plan->dup[id])
			continue;
		if (plan->state[other] == PS_DECL || plan->state[other] == PS_NONE)
			continue;
		*twin = other;
		plan->state[id] = PS_ALIAS;
		plan->alias[id] = other;
		return 0;
	}
	for (i = 0; i < n; i++) {
		__u32 other = ids[i];

		if (other == id || !is_planned(plan, other) || plan->dup[other] != plan->dup[id] ||
		    type_same_shape(plan->btf, other, id))
			continue;
		if (plan->root[id] && plan->root[other]) {
			btfcc_err_set(err, BTFCC_E_INVALID, "%s %s is requested in two different shapes (BTF ids %u "
				      "and %u); C cannot define both in one file",
				      btfcc_ns_keyword(ns), type_name(plan, id), other, id);
			return -1;
		}
		if (plan->root[id])
			plan->dup[other] = ++top;
		else
			plan->dup[id] = ++top;
	}
	tag_clash(plan, id, ns);
	return 0;
}

const char *plan_c_name(const struct btfcc_plan *plan, __u32 id, char *buf, size_t len)
{
	if (plan->state[id] == PS_ALIAS)
		id = plan->alias[id];
	if (!plan->dup[id])
		return type_name(plan, id);
	snprintf(buf, len, "%s___%u", type_name(plan, id), plan->dup[id] + 1u);
	return buf;
}

/* Through modifiers and typedefs: what a member's type is in C. */
static const struct btf_type *resolved(const struct btfcc_plan *plan, __u32 id)
{
	const struct btf_type *t = NULL;
	int hops;

	for (hops = 0; hops < PLAN_MAX_DEPTH; hops++) {
		id = plan_skip_mods(plan->btf, id);
		t = btf__type_by_id(plan->btf, id);
		if (!t || !btf_is_typedef(t))
			break;
		id = t->type;
	}
	return t;
}

/*
 * Members C has no spelling for: a nameless member that is no anonymous
 * struct or union, a bit-field of a type that is no integer or enum, or
 * wider than its type. Refused here, before anything is emitted.
 */
static int check_member(struct btfcc_plan *plan, __u32 id, int i, struct btfcc_err *err)
{
	const struct btf_type *rec = btf__type_by_id(plan->btf, id);
	const struct btf_member *m = btf_members(rec) + i;
	const struct btf_type *mt = btf__type_by_id(plan->btf, plan_skip_mods(plan->btf, m->type));
	const struct btf_type *rt = resolved(plan, m->type);
	__u32 bits = btf_member_bitfield_size(rec, i);
	const char *what = NULL;
	struct strbuf sb;

	if (!mt || !rt)
		return 0;	/* out of range: need_full() says so */
	if (!m->name_off && !(btf_is_composite(mt) && !mt->name_off))
		what = "has no name and is no anonymous struct or union";
	else if (bits && !btf_is_int(rt) && !btf_is_any_enum(rt))
		what = "is a bit-field of a type that is no integer or enum";
	else if (bits && bits > 8 * rt->size)
		what = "is a bit-field wider than its type";
	if (!what)
		return 0;
	sb_init(&sb);
	describe(plan, id, &sb);
	btfcc_err_set(err, BTFCC_E_INVALID, "%s (BTF id %u): member %d %s; C cannot write it",
		      sb_str(&sb), id, i, what);
	sb_free(&sb);
	return -1;
}

static int walk_members(struct btfcc_plan *plan, __u32 id, struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	const struct btf_member *m = btf_members(t);
	int i;

	for (i = 0; i < btf_vlen(t); i++, m++) {
		struct why why = { .parent = id,
				   .member = btf__name_by_offset(plan->btf, m->name_off) };

		if (check_member(plan, id, i, err) || need_full(plan, m->type, &why, err))
			return -1;
	}
	return 0;
}

static int walk_proto(struct btfcc_plan *plan, __u32 id, const struct why *why,
		      struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	const struct btf_param *p = btf_params(t);
	int i;

	if (need_decl(plan, t->type, why, err))
		return -1;
	for (i = 0; i < btf_vlen(t); i++, p++)
		if (p->type && need_decl(plan, p->type, why, err))
			return -1;
	return 0;
}

static bool defines_enumerators(struct btfcc_plan *plan, __u32 id)
{
	enum btfcc_ns ns;

	if (plan->state[id] == PS_FULL || plan->state[id] == PS_INLINE)
		return true;
	return plan->state[id] == PS_NONE && tu_defines(plan, id, &ns);
}

/*
 * Enumerators share C's ordinary namespace across enums (enum cgroup1_param
 * and enum cgroup2_param both have Opt_...): a name an enum defined earlier
 * in the plan, or the TU's own enum, already has is printed NAME___N here,
 * N - 1 counting those enums. Values are untouched.
 */
static int name_enumerators(struct btfcc_plan *plan, __u32 id, struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	int i, vlen = btf_vlen(t);

	for (i = 0; i < vlen; i++) {
		__u32 off = btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;
		const char *name = btf__name_by_offset(plan->btf, off);
		unsigned short n = 0;
		const __u32 *ids;
		size_t k, cnt;

		cnt = name && *name ? type_index_find_enumerator(plan->index, name, &ids) : 0;
		for (k = 0; k < cnt; k++)
			if (ids[k] != id && defines_enumerators(plan, ids[k]))
				n++;
		if (!n)
			continue;
		if (!plan->enum_dup[id])
			plan->enum_dup[id] = calloc(vlen, sizeof(**plan->enum_dup));
		if (!plan->enum_dup[id]) {
			btfcc_err_set(err, BTFCC_E_LIMIT, "out of memory");
			return -1;
		}
		plan->enum_dup[id][i] = n;
	}
	return 0;
}

/* Define a named record, enum or typedef (after what it embeds). */
static int define_named(struct btfcc_plan *plan, __u32 id, const struct why *why,
			struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	__u32 twin;
	int ret = 0;

	set_why(plan, id, why);
	if (find_twin(plan, id, &twin, err))
		return -1;
	if (twin)
		return need_full(plan, twin, why, err);
	/* A typedef is not declared before its definition: no use of it inside. */
	plan->state[id] = btf_is_typedef(t) ? PS_TYPEDEF_VISITING : PS_VISITING;
	if (btf_is_composite(t))
		ret = walk_members(plan, id, err);
	else if (btf_is_typedef(t))
		ret = need_full(plan, t->type, &(struct why){ .parent = id }, err);
	else if (btf_is_any_enum(t))
		ret = name_enumerators(plan, id, err);
	if (ret)
		return ret;
	plan->state[id] = PS_FULL;
	return push_id(&plan->order, &plan->n_order, &plan->cap_order, id, err);
}

static bool typedef_of_record(const struct btfcc_plan *plan, const struct btf_type *t)
{
	const struct btf_type *target = btf__type_by_id(plan->btf,
							plan_skip_mods(plan->btf, t->type));

	return target && target->name_off && (btf_is_composite(target) || btf_is_fwd(target));
}

static int need_full_here(struct btfcc_plan *plan, __u32 id, const struct why *why,
			  struct btfcc_err *err)
{
	const struct btf_type *t;
	enum btfcc_ns ns;

	id = plan_skip_mods(plan->btf, id);
	t = btf__type_by_id(plan->btf, id);
	if (!t) {
		btfcc_err_set(err, BTFCC_E_INVALID, "BTF type id %u is out of range: the BTF is corrupt", id);
		return -1;
	}
	switch (plan->state[id]) {
	case PS_FULL:
	case PS_INLINE:
		return 0;
	case PS_EXTERNAL:
		/* First reached through a pointer, maybe: by value, its size matters. */
		return type_index_ns_of(t, &ns) ? check_external_size(plan, id, ns, why, err) : 0;
	case PS_ALIAS:
		return need_full(plan, plan->alias[id], why, err);
	case PS_VISITING:
	case PS_TYPEDEF_VISITING:
		btfcc_err_set(err, BTFCC_E_INVALID, "BTF type id %u contains itself by value: the BTF is corrupt", id);
		return -1;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		return need_decl(plan, t->type, &(struct why){ why->parent, why->member,
					why->origin, true }, err);
	case BTF_KIND_ARRAY:
		return need_full(plan, btf_array(t)->type, why, err);
	case BTF_KIND_FUNC_PROTO:
		return walk_proto(plan, id, why, err);
	case BTF_KIND_FWD:
		btfcc_err_set(err, BTFCC_E_INVALID, "%s %s is only declared in BTF, never defined, but %s needs "
			      "its layout", btf_kflag(t) ? "union" : "struct", type_name(plan, id),
			      why->parent ? type_name(plan, why->parent) : "the code");
		return -1;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_TYPEDEF:
		break;
	default:
		return 0;
	}
	if (!t->name_off && btf_is_any_enum(t) && !btf_vlen(t))
		return btfcc_err_set(err, BTFCC_E_INVALID, "an anonymous enum (BTF id %u) has no "
				     "enumerators in BTF, but %s needs it: C cannot write it", id,
				     why->parent ? type_name(plan, why->parent) : "the code");
	if (!t->name_off) {
		set_why(plan, id, why);
		plan->state[id] = PS_INLINE;
		if (push_id(&plan->inlines, &plan->n_inlines, &plan->cap_inlines, id, err))
			return -1;
		return btf_is_composite(t) ? walk_members(plan, id, err) :
		       name_enumerators(plan, id, err);
	}
	if (tu_defines(plan, id, &ns)) {
		set_external(plan, id, ns);
		return check_external_size(plan, id, ns, why, err);
	}
	/*
	 * A typedef of a named record is emitted before the record, its target
	 * only declared: the record may use the typedef for its own pointers
	 * (typedef struct node node_t; struct node { node_t *next; }).
	 */
	if (btf_is_typedef(t) && plan->state[id] == PS_NONE && typedef_of_record(plan, t) &&
	    need_decl(plan, id, why, err))
		return -1;
	if (plan->state[id] == PS_ALIAS)
		return need_full(plan, plan->alias[id], why, err);
	if (plan->state[id] == PS_TYPEDEF) {
		/* Emitted already for a pointer; now its target is needed in full. */
		plan->state[id] = PS_VISITING;
		if (need_full(plan, t->type, &(struct why){ .parent = id }, err))
			return -1;
		plan->state[id] = PS_FULL;
		return 0;
	}
	if (btf_is_any_enum(t) && !btf_vlen(t)) {
		btfcc_err_set(err, BTFCC_E_INVALID, "enum %s has no enumerators in BTF (the kernel only declares "
			      "it), but %s needs it by value", type_name(plan, id),
			      why->parent ? type_name(plan, why->parent) : "the code");
		return -1;
	}
	return define_named(plan, id, why, err);
}

/* Already planned, or the TU defines it (then it is external): nothing to add. */
static bool settled(struct btfcc_plan *plan, __u32 id)
{
	enum btfcc_ns ns;

	if (plan->state[id] != PS_NONE)
		return true;
	if (!tu_defines(plan, id, &ns))
		return false;
	set_external(plan, id, ns);
	return true;
}

static int declare_record(struct btfcc_plan *plan, __u32 id, const struct why *why,
			  struct btfcc_err *err)
{
	__u32 twin;

	if (settled(plan, id))
		return 0;
	set_why(plan, id, why);
	plan->state[id] = PS_DECL;
	if (find_twin(plan, id, &twin, err))
		return -1;
	if (twin) {
		/* Declared only, but a same-shaped copy is planned: use that name. */
		plan->state[id] = PS_ALIAS;
		return 0;
	}
	return push_id(&plan->decls, &plan->n_decls, &plan->cap_decls, id, err);
}

static int need_decl_here(struct btfcc_plan *plan, __u32 id, const struct why *why,
			  struct btfcc_err *err)
{
	const struct btf_type *t;
	__u32 twin;

	id = plan_skip_mods(plan->btf, id);
	t = btf__type_by_id(plan->btf, id);
	if (!t) {
		btfcc_err_set(err, BTFCC_E_INVALID, "BTF type id %u is out of range: the BTF is corrupt", id);
		return -1;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_FWD:
		if (!t->name_off)
			return need_full(plan, id, why, err);
		return declare_record(plan, id, why, err);
	case BTF_KIND_TYPEDEF:
		/* typedef t *t: only a record tag can be used before it is defined. */
		if (plan->state[id] == PS_TYPEDEF_VISITING)
			return btfcc_err_set(err, BTFCC_E_INVALID, "typedef %s (BTF id %u) refers to "
					     "itself: C cannot write it", type_name(plan, id), id);
		if (settled(plan, id))
			return 0;
		/* A typedef cannot be forward-declared; emit it, its target declared. */
		set_why(plan, id, why);
		if (find_twin(plan, id, &twin, err))
			return -1;
		if (twin)
			return need_decl(plan, twin, why, err);
		plan->state[id] = PS_TYPEDEF_VISITING;
		if (need_decl(plan, t->type, &(struct why){ .parent = id }, err))
			return -1;
		plan->state[id] = PS_TYPEDEF;
		return push_id(&plan->order, &plan->n_order, &plan->cap_order, id, err);
	case BTF_KIND_PTR:
		return need_decl(plan, t->type, why, err);
	case BTF_KIND_FUNC_PROTO:
		return walk_proto(plan, id, why, err);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		/* An enum the kernel only declares: gcc's incomplete enum extension. */
		if (t->name_off && !btf_vlen(t))
			return declare_record(plan, id, why, err);
		return need_full(plan, id, why, err);
	default:
		/* Arrays need their elements. */
		return need_full(plan, id, why, err);
	}
}

/* Both closures recurse; hostile BTF must not take them past the stack. */
static int too_deep(__u32 id, struct btfcc_err *err)
{
	return btfcc_err_set(err, BTFCC_E_LIMIT, "BTF type id %u is reached through more than %d "
			     "nested types; btfcc refuses such BTF", id, PLAN_MAX_DEPTH);
}

static int need_full(struct btfcc_plan *plan, __u32 id, const struct why *why,
		     struct btfcc_err *err)
{
	int ret;

	if (plan->depth >= PLAN_MAX_DEPTH)
		return too_deep(id, err);
	plan->depth++;
	ret = need_full_here(plan, id, why, err);
	plan->depth--;
	return ret;
}

static int need_decl(struct btfcc_plan *plan, __u32 id, const struct why *why,
		     struct btfcc_err *err)
{
	int ret;

	if (plan->depth >= PLAN_MAX_DEPTH)
		return too_deep(id, err);
	plan->depth++;
	ret = need_decl_here(plan, id, why, err);
	plan->depth--;
	return ret;
}

static int add_check(struct btfcc_plan *plan, __u32 id, enum btfcc_ns ns,
		     const struct btfcc_request *req, struct btfcc_err *err)
{
	struct why why = { .origin = req->origin };
	size_t i;

	if (check_external_size(plan, id, ns, &why, err))
		return -1;
	for (i = 0; i < plan->n_checks; i++)
		if (plan->checks[i] == id)
			return 0;
	set_why(plan, id, &why);
	return push_id(&plan->checks, &plan->n_checks, &plan->cap_checks, id, err);
}

/* Only declared in BTF (FWD, an enum without enumerators), through typedefs. */
static bool declared_only(const struct btfcc_plan *plan, __u32 id)
{
	const struct btf_type *t = NULL;
	int depth;

	for (depth = 0; depth < 32; depth++) {
		id = plan_skip_mods(plan->btf, id);
		t = btf__type_by_id(plan->btf, id);
		if (!t || !btf_is_typedef(t))
			break;
		id = t->type;
	}
	return t && (btf_is_fwd(t) || (btf_is_any_enum(t) && !btf_vlen(t)));
}

/*
 * Lay out the records this request added, now, so that a layout error is
 * the request's. Only the new ones: a bulk dump adds thousands of requests.
 */
static int plan_compute_layouts(struct btfcc_plan *plan, struct btfcc_err *err)
{
	for (; plan->n_laid_out < plan->n_order; plan->n_laid_out++) {
		__u32 id = plan->order[plan->n_laid_out];

		if (btf_is_composite(btf__type_by_id(plan->btf, id)) && !layout_of(plan, id, err))
			return -1;
	}
	for (; plan->n_inline_laid_out < plan->n_inlines; plan->n_inline_laid_out++) {
		__u32 id = plan->inlines[plan->n_inline_laid_out];

		if (btf_is_composite(btf__type_by_id(plan->btf, id)) && !layout_of(plan, id, err))
			return -1;
	}
	return 0;
}

/*
 * One member chain from record id ("rq->curr->pid"): the record each "->"
 * reaches is needed in full, as the compiler will say once id is complete.
 * A step BTF cannot follow (no such member, not a pointer to a record)
 * ends the walk: the compiler has the last word there.
 */
static int follow_path(struct btfcc_plan *plan, __u32 id, const char *path,
		       struct btfcc_err *err)
{
	const char *p = path, *end = path + strlen(path);
	int steps;

	for (steps = 0; *p && steps < 64; steps++) {
		size_t n = c_ident_len(p, end);
		const struct btf_type *t;
		const char *name;
		char member[256];
		__u32 type;

		if (!n || n >= sizeof(member))
			return 0;
		memcpy(member, p, n);
		member[n] = 0;
		p += n;
		if (!*p || !type_member_type(plan->btf, id, member, &type, &name))
			return 0;
		t = btf__type_by_id(plan->btf, btf__resolve_type(plan->btf, type));
		if (p[0] == '-' && p[1] == '>' && t && btf_is_ptr(t)) {
			const struct why why = { .parent = id, .member = name, .pointer = true };

			p += 2;
			type = plan_skip_mods(plan->btf, t->type);
			if (need_full(plan, type, &why, err))
				return -1;
		} else if (*p == '.') {
			p++;
		} else {
			return 0;
		}
		id = btf__resolve_type(plan->btf, type);
		t = btf__type_by_id(plan->btf, id);
		if (!t || !btf_is_composite(t))
			return 0;
	}
	return 0;
}

/*
 * The end of every addition: the layouts of what it brought in. Nothing is
 * undone: a plan a failed request went into is not emitted.
 */
static int settle(struct btfcc_plan *plan, int ret, struct btfcc_err *err)
{
	if (!ret)
		ret = plan_compute_layouts(plan, err);
	if (ret)
		plan->broken = true;
	return ret;
}

int btfcc_plan_add(struct btfcc_plan *plan, const struct btfcc_request *req,
		   struct btfcc_err *err)
{
	struct why why = { .origin = req->origin };
	enum btfcc_ns ns;
	__u32 id;
	int ret;

	if (!ident_is_valid(req->name)) {
		btfcc_err_set(err, BTFCC_E_INVALID, "'%s' is not a C identifier", req->name);
		return -1;
	}
	if (type_index_resolve(plan->index, req, &id, err))
		return -1;
	plan->root[id] = 1;
	if (tu_defines(plan, id, &ns)) {
		set_external(plan, id, ns);
		ret = add_check(plan, id, ns, req, err);
	} else if (req->decl_ok && declared_only(plan, id)) {
		ret = need_decl(plan, id, &why, err);
	} else {
		ret = need_full(plan, id, &why, err);
	}
	for (size_t i = 0; !ret && i < req->n_paths; i++)
		ret = follow_path(plan, id, req->paths[i], err);
	return settle(plan, ret, err);
}

/* The value enum id gives enumerator name; false when it has none. */
static bool enumerator_value(const struct btf *btf, __u32 id, const char *name, __s64 *v)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int i;

	for (i = 0; i < btf_vlen(t); i++) {
		bool e32 = btf_is_enum(t);
		__u32 off = e32 ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;

		if (strcmp(btf__name_by_offset(btf, off), name))
			continue;
		*v = e32 ? (__s64)btf_enum(t)[i].val : (__s64)btf_enum64_value(btf_enum64(t) + i);
		return true;
	}
	return false;
}

/*
 * *id: the enum to define for enumerator name (0: none), the first in BTF
 * when every enum that has it agrees on its value (one enum in several
 * compile units, or an enum and its copy); -1 when they disagree.
 */
static int enum_of_enumerator(struct btfcc_plan *plan, const char *name, __u32 *id,
			      struct btfcc_err *err)
{
	const __u32 *ids;
	size_t n = type_index_find_enumerator(plan->index, name, &ids), i;
	__s64 first, v;

	*id = 0;
	if (!n || !enumerator_value(plan->btf, ids[0], name, &first))
		return 0;
	for (i = 1; i < n; i++) {
		if (enumerator_value(plan->btf, ids[i], name, &v) && v != first) {
			btfcc_err_set(err, BTFCC_E_AMBIGUOUS, "enumerator '%s' has %zu definitions in BTF "
				      "with different values (%lld, %lld, ...): name the enum you "
				      "mean, e.g. //BTF_INCLUDE enum NAME", name, n,
				      (long long)first, (long long)v);
			return -1;
		}
	}
	*id = ids[0];
	return 0;
}

/* A function's prototype: the types it names are declared, as in C. */
static int declare_function(struct btfcc_plan *plan, __u32 id, const struct why *why,
			    struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	const struct btf_type *proto = btf__type_by_id(plan->btf, t->type);

	if (!proto || !btf_is_func_proto(proto)) {
		btfcc_err_set(err, BTFCC_E_INVALID, "function '%s' has no prototype in BTF: the BTF is "
			      "corrupt", type_name(plan, id));
		return -1;
	}
	if (walk_proto(plan, t->type, why, err))
		return -1;
	return push_id(&plan->funcs, &plan->n_funcs, &plan->cap_funcs, id, err);
}

/* An anonymous enum requested for its enumerators is defined on its own. */
static int define_enum_alone(struct btfcc_plan *plan, __u32 id, const struct why *why,
			     struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);

	if (t->name_off || plan->state[id] != PS_NONE)
		return need_full(plan, id, why, err);
	set_why(plan, id, why);
	if (name_enumerators(plan, id, err))
		return -1;
	plan->state[id] = PS_FULL;
	return push_id(&plan->order, &plan->n_order, &plan->cap_order, id, err);
}

int btfcc_plan_add_ident(struct btfcc_plan *plan, const struct btfcc_request *req,
			 enum btfcc_ident_kind *kind, struct btfcc_err *err)
{
	struct why why = { .origin = req->origin };
	__s32 fn;
	__u32 id;
	int ret;

	*kind = BTFCC_IDENT_NONE;
	if (!ident_is_valid(req->name))
		return 0;
	if (enum_of_enumerator(plan, req->name, &id, err))
		return -1;
	if (id) {
		*kind = BTFCC_IDENT_ENUMERATOR;
		ret = define_enum_alone(plan, id, &why, err);
	} else if ((fn = btf__find_by_name_kind(plan->btf, req->name, BTF_KIND_FUNC)) > 0) {
		*kind = BTFCC_IDENT_FUNCTION;
		ret = declare_function(plan, (__u32)fn, &why, err);
	} else {
		return 0;
	}
	return settle(plan, ret, err);
}

bool btfcc_plan_broken(const struct btfcc_plan *plan)
{
	return plan->broken;
}

size_t btfcc_plan_count(const struct btfcc_plan *plan)
{
	return plan->n_order + plan->n_funcs;
}

void btfcc_plan_explain(const struct btfcc_plan *plan, FILE *out)
{
	static const char *const what[] = {
		[PS_DECL] = "declared", [PS_TYPEDEF] = "defined", [PS_FULL] = "defined",
		[PS_EXTERNAL] = "checked",
	};
	struct strbuf sb, why;
	size_t i;

	sb_init(&sb);
	sb_init(&why);
	for (i = 0; i < plan->n_checks + plan->n_order + plan->n_decls + plan->n_funcs; i++) {
		bool check = i < plan->n_checks;
		size_t k = i - plan->n_checks, f = k - plan->n_order - plan->n_decls;
		__u32 id = check ? plan->checks[i] : k < plan->n_order ? plan->order[k] :
			   k < plan->n_order + plan->n_decls ? plan->decls[k - plan->n_order] :
			   plan->funcs[f];
		bool func = !check && k >= plan->n_order + plan->n_decls;

		/* A record declared first and defined later is listed once. */
		if (!check && !func && k >= plan->n_order && plan->state[id] != PS_DECL)
			continue;
		sb.len = why.len = 0;
		describe(plan, id, &sb);
		plan_why_text(plan, id, &why);
		fprintf(out, "%-40s %s: %s\n", sb_str(&sb), check ? "checked against BTF" :
			func ? "declared" : what[plan->state[id]], sb_str(&why));
	}
	sb_free(&sb);
	sb_free(&why);
}
