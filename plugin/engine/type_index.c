// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>

#include "engine/type_index.h"

/*
 * Keys beyond the four C namespaces: declarations (FWD) are kept apart from
 * definitions, and enumerator names, which share C's ordinary identifier
 * namespace across every enum, are indexed to the enums that define them.
 */
enum {
	KEY_FWD_STRUCT = BTFCC_NS_TYPEDEF + 1,
	KEY_FWD_UNION,
	KEY_ENUMERATOR,
};

struct name_slot {
	const char *name;	/* points into the BTF string section */
	int ns;			/* enum btfcc_ns or KEY_* */
	__u32 *ids;
	size_t n_ids;
};

struct type_index {
	const struct btf *btf;
	struct name_slot *slots;
	size_t cap;		/* power of two */
};

static size_t hash_name(int ns, const char *s)
{
	size_t h = 1469598103934665603ull ^ (size_t)ns;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static struct name_slot *slot_for(const struct type_index *idx, int ns, const char *name)
{
	size_t i = hash_name(ns, name) & (idx->cap - 1);

	while (idx->slots[i].name &&
	       (idx->slots[i].ns != ns || strcmp(idx->slots[i].name, name)))
		i = (i + 1) & (idx->cap - 1);
	return &idx->slots[i];
}

bool type_index_ns_of(const struct btf_type *t, enum btfcc_ns *ns)
{
	if (!t->name_off)
		return false;
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
		*ns = BTFCC_NS_STRUCT;
		return true;
	case BTF_KIND_UNION:
		*ns = BTFCC_NS_UNION;
		return true;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		*ns = BTFCC_NS_ENUM;
		return true;
	case BTF_KIND_TYPEDEF:
		*ns = BTFCC_NS_TYPEDEF;
		return true;
	}
	return false;
}

static int index_add(struct type_index *idx, int ns, const char *name, __u32 id)
{
	struct name_slot *s = slot_for(idx, ns, name);
	__u32 *ids;

	ids = realloc(s->ids, (s->n_ids + 1) * sizeof(*ids));
	if (!ids)
		return -1;
	s->ids = ids;
	s->ids[s->n_ids++] = id;
	s->name = name;
	s->ns = ns;
	return 0;
}

static __u32 enumerator_name_off(const struct btf_type *t, int i)
{
	return btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;
}

/* Every enumerator of enum id, once per distinct name (an enum may repeat one). */
static int index_enumerators(struct type_index *idx, const struct btf_type *t, __u32 id)
{
	const __u32 *ids;
	int i;

	for (i = 0; i < btf_vlen(t); i++) {
		const char *name = btf__name_by_offset(idx->btf, enumerator_name_off(t, i));
		size_t n;

		if (!name || !*name)
			continue;
		n = type_index_find_enumerator(idx, name, &ids);
		if (n && ids[n - 1] == id)
			continue;
		if (index_add(idx, KEY_ENUMERATOR, name, id))
			return -1;
	}
	return 0;
}

static int index_type(struct type_index *idx, const struct btf_type *t, __u32 id)
{
	const char *name = btf__name_by_offset(idx->btf, t->name_off);
	enum btfcc_ns ns;

	if (btf_is_any_enum(t) && index_enumerators(idx, t, id))
		return -1;
	if (btf_is_fwd(t) && t->name_off)
		return index_add(idx, btf_kflag(t) ? KEY_FWD_UNION : KEY_FWD_STRUCT, name, id);
	if (!type_index_ns_of(t, &ns))
		return 0;
	return index_add(idx, ns, name, id);
}

/* Open addressing never fills up: twice as many slots as names. */
static size_t index_capacity(const struct btf *btf, __u32 n)
{
	size_t names = n, cap = 1024;
	__u32 id;

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (t && btf_is_any_enum(t))
			names += btf_vlen(t);
	}
	while (cap < 2 * names)
		cap *= 2;
	return cap;
}

struct type_index *type_index_new(const struct btf *btf)
{
	__u32 n = btf__type_cnt(btf), id;
	struct type_index *idx = calloc(1, sizeof(*idx));

	if (!idx)
		return NULL;
	idx->btf = btf;
	idx->cap = index_capacity(btf, n);
	idx->slots = calloc(idx->cap, sizeof(*idx->slots));
	if (!idx->slots)
		goto fail;
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (t && index_type(idx, t, id))
			goto fail;
	}
	return idx;
fail:
	type_index_free(idx);
	return NULL;
}

void type_index_free(struct type_index *idx)
{
	size_t i;

	if (!idx)
		return;
	for (i = 0; idx->slots && i < idx->cap; i++)
		free(idx->slots[i].ids);
	free(idx->slots);
	free(idx);
}

const struct btf *type_index_btf(const struct type_index *idx)
{
	return idx->btf;
}

static bool same_shape(const struct btf *btf, __u32 a, __u32 b, int depth);

size_t type_index_find(const struct type_index *idx, enum btfcc_ns ns, const char *name,
		       const __u32 **ids)
{
	const struct name_slot *s = slot_for(idx, ns, name);

	*ids = s->ids;
	return s->name ? s->n_ids : 0;
}

size_t type_index_find_fwd(const struct type_index *idx, enum btfcc_ns ns, const char *name,
			   const __u32 **ids)
{
	const struct name_slot *s;

	if (ns != BTFCC_NS_STRUCT && ns != BTFCC_NS_UNION)
		return 0;
	s = slot_for(idx, ns == BTFCC_NS_UNION ? KEY_FWD_UNION : KEY_FWD_STRUCT, name);
	*ids = s->ids;
	return s->name ? s->n_ids : 0;
}

size_t type_index_find_enumerator(const struct type_index *idx, const char *name,
				  const __u32 **ids)
{
	const struct name_slot *s = slot_for(idx, KEY_ENUMERATOR, name);

	*ids = s->ids;
	return s->name ? s->n_ids : 0;
}

bool type_has_member(const struct btf *btf, __u32 id, const char *name)
{
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, id));
	const struct btf_member *m;
	int i;

	if (!t || !btf_is_composite(t))
		return false;
	for (i = 0, m = btf_members(t); i < btf_vlen(t); i++, m++) {
		const char *mname = btf__name_by_offset(btf, m->name_off);

		if (mname && *mname ? !strcmp(mname, name) : type_has_member(btf, m->type, name))
			return true;
	}
	return false;
}

static bool same_enumerators(const struct btf *btf, const struct btf_type *ta,
			     const struct btf_type *tb)
{
	int i;

	for (i = 0; i < btf_vlen(ta); i++) {
		__u32 na = btf_is_enum(ta) ? btf_enum(ta)[i].name_off : btf_enum64(ta)[i].name_off;
		__u32 nb = btf_is_enum(tb) ? btf_enum(tb)[i].name_off : btf_enum64(tb)[i].name_off;
		__u64 va = btf_is_enum(ta) ? (__u64)btf_enum(ta)[i].val
					   : btf_enum64_value(btf_enum64(ta) + i);
		__u64 vb = btf_is_enum(tb) ? (__u64)btf_enum(tb)[i].val
					   : btf_enum64_value(btf_enum64(tb) + i);
		const char *sa = btf__name_by_offset(btf, na), *sb = btf__name_by_offset(btf, nb);

		if (va != vb || !sa || !sb || strcmp(sa, sb))
			return false;
	}
	return true;
}

static bool same_members(const struct btf *btf, const struct btf_type *ta,
			 const struct btf_type *tb, int depth)
{
	int i;

	for (i = 0; i < btf_vlen(ta); i++) {
		const struct btf_member *ma = btf_members(ta) + i, *mb = btf_members(tb) + i;
		const char *sa = btf__name_by_offset(btf, ma->name_off);
		const char *sb = btf__name_by_offset(btf, mb->name_off);

		if (!sa || !sb || strcmp(sa, sb) ||
		    btf_member_bit_offset(ta, i) != btf_member_bit_offset(tb, i) ||
		    btf_member_bitfield_size(ta, i) != btf_member_bitfield_size(tb, i) ||
		    btf__resolve_size(btf, ma->type) != btf__resolve_size(btf, mb->type))
			return false;
		/* Anonymous members are part of the shape; named types are compared by name. */
		if (!*sa && !same_shape(btf, ma->type, mb->type, depth + 1))
			return false;
	}
	return true;
}

/* The type below a chain of typedefs (qualifiers kept: const int is not int). */
static __u32 skip_typedefs(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int depth;

	for (depth = 0; t && btf_is_typedef(t) && depth < 32; depth++) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	return id;
}

/*
 * Same C shape: what dedup failed to merge (guid_t, pmd_t copies) is one C
 * type; anything that would print differently is not.
 */
static bool same_shape(const struct btf *btf, __u32 a, __u32 b, int depth)
{
	const struct btf_type *ta = btf__type_by_id(btf, a), *tb = btf__type_by_id(btf, b);
	const char *na, *nb;

	if (a == b)
		return true;
	if (!ta || !tb || depth > 16 || btf_kind(ta) != btf_kind(tb) || btf_vlen(ta) != btf_vlen(tb))
		return false;
	na = btf__name_by_offset(btf, ta->name_off);
	nb = btf__name_by_offset(btf, tb->name_off);
	if (!na || !nb || strcmp(na, nb))
		return false;
	switch (btf_kind(ta)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return ta->size == tb->size && same_members(btf, ta, tb, depth);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return ta->size == tb->size && btf_kflag(ta) == btf_kflag(tb) &&
		       same_enumerators(btf, ta, tb);
	case BTF_KIND_TYPEDEF:
		/* typedef __u8 u8 and typedef unsigned char u8 are one C type. */
		if (same_shape(btf, skip_typedefs(btf, ta->type), skip_typedefs(btf, tb->type),
			       depth + 1))
			return true;
		return same_shape(btf, ta->type, tb->type, depth + 1);
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_PTR:
		return same_shape(btf, ta->type, tb->type, depth + 1) ||
		       (btf_is_ptr(ta) && btf__resolve_size(btf, ta->type) ==
					   btf__resolve_size(btf, tb->type));
	case BTF_KIND_ARRAY:
		return btf_array(ta)->nelems == btf_array(tb)->nelems &&
		       same_shape(btf, btf_array(ta)->type, btf_array(tb)->type, depth + 1);
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
		return ta->size == tb->size;
	case BTF_KIND_FWD:
		return btf_kflag(ta) == btf_kflag(tb);
	}
	return btf__resolve_size(btf, a) == btf__resolve_size(btf, b);
}

bool type_same_shape(const struct btf *btf, __u32 a, __u32 b)
{
	return same_shape(btf, a, b, 0);
}
