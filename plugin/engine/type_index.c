// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>

#include "engine/type_index.h"
#include "util/strmap.h"
#include "util/xalloc.h"

/*
 * Keys beyond the four C namespaces: declarations (FWD) are kept apart from
 * definitions, and enumerator names, which share C's ordinary identifier
 * namespace across every enum, are indexed to the enums that define them.
 */
enum {
	KEY_FWD_STRUCT = BTFCC_NS_IDENT + 1,
	KEY_FWD_UNION,
	KEY_ENUMERATOR,
};

#define N_KEYS (KEY_ENUMERATOR + 1)

/* The ids of one name in one key space, in BTF order. */
struct id_list {
	__u32 *ids;
	size_t n;
};

struct type_index {
	const struct btf *btf;
	/* Per key space: name (in the BTF string section) -> position in lists. */
	struct strmap names[N_KEYS];
	struct id_list *lists;
	size_t n_lists, cap_lists;
};

static const struct id_list *list_for(const struct type_index *idx, int key, const char *name)
{
	size_t i;

	return strmap_get(&idx->names[key], name, &i) ? &idx->lists[i] : NULL;
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

static int index_add(struct type_index *idx, int key, const char *name, __u32 id)
{
	bool added;
	size_t *pos = strmap_slot(&idx->names[key], name, &added);
	struct id_list *l;

	if (added) {
		GROW(idx->lists, idx->cap_lists, idx->n_lists + 1);
		idx->lists[idx->n_lists].ids = NULL;
		idx->lists[idx->n_lists].n = 0;
		*pos = idx->n_lists++;
	}
	l = &idx->lists[*pos];
	/* Most names have one id: no spare capacity worth keeping. */
	l->ids = xrealloc(l->ids, (l->n + 1) * sizeof(*l->ids));
	l->ids[l->n++] = id;
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

struct type_index *type_index_new(const struct btf *btf)
{
	__u32 n = btf__type_cnt(btf), id;
	struct type_index *idx = xcalloc(1, sizeof(*idx));
	int k;

	idx->btf = btf;
	for (k = 0; k < N_KEYS; k++)
		idx->names[k].borrow = true;
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (t && index_type(idx, t, id)) {
			type_index_free(idx);
			return NULL;
		}
	}
	return idx;
}

void type_index_free(struct type_index *idx)
{
	size_t i;
	int k;

	if (!idx)
		return;
	for (i = 0; i < idx->n_lists; i++)
		free(idx->lists[i].ids);
	free(idx->lists);
	for (k = 0; k < N_KEYS; k++)
		strmap_free(&idx->names[k]);
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
	const struct id_list *l = list_for(idx, ns, name);

	*ids = l ? l->ids : NULL;
	return l ? l->n : 0;
}

size_t type_index_find_fwd(const struct type_index *idx, enum btfcc_ns ns, const char *name,
			   const __u32 **ids)
{
	const struct id_list *l;

	if (ns != BTFCC_NS_STRUCT && ns != BTFCC_NS_UNION)
		return 0;
	l = list_for(idx, ns == BTFCC_NS_UNION ? KEY_FWD_UNION : KEY_FWD_STRUCT, name);
	*ids = l ? l->ids : NULL;
	return l ? l->n : 0;
}

size_t type_index_find_enumerator(const struct type_index *idx, const char *name,
				  const __u32 **ids)
{
	const struct id_list *l = list_for(idx, KEY_ENUMERATOR, name);

	*ids = l ? l->ids : NULL;
	return l ? l->n : 0;
}

bool type_member_type(const struct btf *btf, __u32 id, const char *name, __u32 *type,
		      const char **btf_name)
{
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, id));
	const struct btf_member *m;
	int i;

	if (!t || !btf_is_composite(t))
		return false;
	for (i = 0, m = btf_members(t); i < btf_vlen(t); i++, m++) {
		const char *mname = btf__name_by_offset(btf, m->name_off);

		if (mname && *mname && !strcmp(mname, name)) {
			*type = m->type;
			if (btf_name)
				*btf_name = mname;
			return true;
		}
		if ((!mname || !*mname) && type_member_type(btf, m->type, name, type, btf_name))
			return true;
	}
	return false;
}

bool type_has_member(const struct btf *btf, __u32 id, const char *name)
{
	__u32 type;

	return type_member_type(btf, id, name, &type, NULL);
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
