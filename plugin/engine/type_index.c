// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>

#include "engine/type_index.h"

struct name_slot {
	const char *name;	/* points into the BTF string section */
	enum btfcc_ns ns;
	__u32 *ids;
	size_t n_ids;
};

struct type_index {
	const struct btf *btf;
	struct name_slot *slots;
	size_t cap;		/* power of two */
};

static size_t hash_name(enum btfcc_ns ns, const char *s)
{
	size_t h = 1469598103934665603ull ^ (size_t)ns;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static struct name_slot *slot_for(const struct type_index *idx, enum btfcc_ns ns,
				  const char *name)
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

static int index_add(struct type_index *idx, enum btfcc_ns ns, const char *name, __u32 id)
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

struct type_index *type_index_new(const struct btf *btf)
{
	__u32 n = btf__type_cnt(btf), id;
	struct type_index *idx = calloc(1, sizeof(*idx));

	if (!idx)
		return NULL;
	idx->btf = btf;
	idx->cap = 1024;
	while (idx->cap < 2 * (size_t)n)
		idx->cap *= 2;
	idx->slots = calloc(idx->cap, sizeof(*idx->slots));
	if (!idx->slots)
		goto fail;
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		enum btfcc_ns ns;

		if (!t || !type_index_ns_of(t, &ns))
			continue;
		if (index_add(idx, ns, btf__name_by_offset(btf, t->name_off), id))
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

size_t type_index_find(const struct type_index *idx, enum btfcc_ns ns, const char *name,
		       const __u32 **ids)
{
	const struct name_slot *s = slot_for(idx, ns, name);

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

bool type_same_shape(const struct btf *btf, __u32 a, __u32 b)
{
	const struct btf_type *ta = btf__type_by_id(btf, a), *tb = btf__type_by_id(btf, b);
	int i;

	if (btf_kind(ta) != btf_kind(tb) || btf_vlen(ta) != btf_vlen(tb) || ta->size != tb->size)
		return false;
	if (!btf_is_composite(ta))
		return btf_is_any_enum(ta) || btf_is_typedef(ta);
	for (i = 0; i < btf_vlen(ta); i++) {
		const struct btf_member *ma = btf_members(ta) + i, *mb = btf_members(tb) + i;

		if (strcmp(btf__name_by_offset(btf, ma->name_off),
			   btf__name_by_offset(btf, mb->name_off)) ||
		    btf_member_bit_offset(ta, i) != btf_member_bit_offset(tb, i) ||
		    btf_member_bitfield_size(ta, i) != btf_member_bitfield_size(tb, i) ||
		    btf__resolve_size(btf, ma->type) != btf__resolve_size(btf, mb->type))
			return false;
	}
	return true;
}
