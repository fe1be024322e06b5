// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>

#include "engine/layout.h"
#include "engine/plan_internal.h"

enum layout_mode {
	LM_ALIGN_ATTRS,	/* explain gaps with aligned(N) members */
	LM_PADDING,	/* explain gaps with explicit padding only */
	LM_PACKED,	/* packed record, everything placed by padding */
};

static __u64 align_up(__u64 v, __u64 a)
{
	return a ? (v + a - 1) / a * a : v;
}

/* Alignment of a record the TU defines: its own answer, else libbpf's guess. */
static __u32 external_align(struct btfcc_plan *plan, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	enum btfcc_ns ns;
	long long a = -1;

	if (plan->defined.align_of && type_index_ns_of(t, &ns))
		a = plan->defined.align_of(plan->defined.ctx, ns,
					   btf__name_by_offset(plan->btf, t->name_off));
	if (a <= 0)
		a = btf__align_of(plan->btf, id);
	return a > 0 ? (__u32)a : 1;
}

__u32 layout_align_of(struct btfcc_plan *plan, __u32 id, struct btfcc_err *err)
{
	const struct btf_type *t;
	const struct record_layout *rl;

	id = plan_skip_mods(plan->btf, id);
	if (plan->state[id] == PS_ALIAS)
		id = plan->alias[id];
	t = btf__type_by_id(plan->btf, id);
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return t->size ? (t->size > 16 ? 16 : t->size) : 1;
	case BTF_KIND_PTR:
		return 8;
	case BTF_KIND_ARRAY:
		return layout_align_of(plan, btf_array(t)->type, err);
	case BTF_KIND_TYPEDEF:
		if (plan->state[id] == PS_EXTERNAL)
			return external_align(plan, id);
		return layout_align_of(plan, t->type, err);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (plan->state[id] == PS_EXTERNAL)
			return external_align(plan, id);
		rl = layout_of(plan, id, err);
		return rl ? rl->align : 0;
	}
	return 1;
}

/* A bitfield of bits bits at pos would cross a unit-aligned storage unit. */
static bool straddles(__u64 pos, __u32 bits, __u32 unit_bits)
{
	return unit_bits && pos / unit_bits != (pos + bits - 1) / unit_bits;
}

static __u32 find_align_attr(__u64 pos, __u64 off, __u32 natural)
{
	__u32 a;

	for (a = natural * 2; a <= 4096; a *= 2)
		if (align_up(pos, (__u64)a * 8) == off)
			return a;
	return 0;
}

/* Place one member; returns false when this mode cannot reproduce its offset. */
static bool place_member(struct btfcc_plan *plan, const struct btf_type *t, int i,
			 enum layout_mode mode, __u64 *pos, __u32 *max_align,
			 struct member_layout *ml, struct btfcc_err *err)
{
	const struct btf_member *m = btf_members(t) + i;
	__u64 off = btf_member_bit_offset(t, i);
	__u32 bits = btf_member_bitfield_size(t, i);
	__s64 size = btf__resolve_size(plan->btf, m->type);
	__u32 a = mode == LM_PACKED ? 1 : layout_align_of(plan, m->type, err);
	__u64 natural;

	if (size < 0 || !a)
		return false;
	if (bits) {
		natural = *pos;
		if (mode != LM_PACKED && straddles(natural, bits, size * 8))
			natural = align_up(natural, (__u64)a * 8);
		if (natural > off)
			return false;
		if (natural < off) {
			if (mode != LM_PACKED && straddles(off, bits, size * 8))
				return false;
			ml->pad_bits = off - *pos;
		}
		*pos = off + bits;
		/* Unnamed bitfields do not align the record (SysV ABI). */
		if (m->name_off && a > *max_align)
			*max_align = a;
		return true;
	}
	if (off % 8)
		return false;
	natural = align_up(*pos, (__u64)a * 8);
	if (natural > off)
		return false;
	if (natural < off) {
		if (mode == LM_ALIGN_ATTRS)
			ml->align_attr = find_align_attr(*pos, off, a);
		if (!ml->align_attr) {
			if (off % ((__u64)a * 8))
				return false;
			ml->pad_bits = off - *pos;
		}
	}
	*pos = off + (__u64)size * 8;
	if ((ml->align_attr ? ml->align_attr : a) > *max_align)
		*max_align = ml->align_attr ? ml->align_attr : a;
	return true;
}

/* Largest power of two that divides size, capped at cap. */
static __u32 pow2_divisor(__u32 size, __u32 cap)
{
	__u32 a = 1;

	while (a < cap && size % (a * 2) == 0)
		a *= 2;
	return a;
}

/*
 * A packed record keeps what alignment its size allows, up to what its
 * members would naturally ask for: a packed struct that is embedded in
 * others then still lands where BTF says without packing those too.
 */
static __u32 packed_align(struct btfcc_plan *plan, const struct btf_type *t,
			  struct record_layout *rl, struct btfcc_err *err)
{
	__u32 natural = 1, a;
	int i;

	for (i = 0; i < btf_vlen(t); i++) {
		a = layout_align_of(plan, btf_members(t)[i].type, err);
		if (a > natural)
			natural = a;
	}
	a = pow2_divisor(t->size, natural);
	rl->align_attr = a > 1 ? a : 0;
	return a;
}

static bool try_struct(struct btfcc_plan *plan, const struct btf_type *t, enum layout_mode mode,
		       struct record_layout *rl, struct btfcc_err *err)
{
	__u64 pos = 0, size_bits = (__u64)t->size * 8, end;
	__u32 max_align = 1;
	int i;

	memset(rl->m, 0, rl->n_members * sizeof(rl->m[0]));
	rl->packed = mode == LM_PACKED;
	rl->align_attr = rl->tail_pad_bits = 0;
	for (i = 0; i < btf_vlen(t); i++)
		if (!place_member(plan, t, i, mode, &pos, &max_align, &rl->m[i], err))
			return false;
	if (mode == LM_PACKED)
		max_align = packed_align(plan, t, rl, err);
	if (pos > size_bits)
		return false;
	end = align_up(pos, (__u64)max_align * 8);
	if (end != size_bits) {
		if (size_bits % ((__u64)max_align * 8))
			return false;
		rl->tail_pad_bits = size_bits - pos;
	}
	rl->align = max_align;
	return true;
}

static bool try_union(struct btfcc_plan *plan, const struct btf_type *t, enum layout_mode mode,
		      struct record_layout *rl, struct btfcc_err *err)
{
	__u64 biggest = 0, size_bits = (__u64)t->size * 8;
	__u32 max_align = 1;
	int i;

	memset(rl->m, 0, rl->n_members * sizeof(rl->m[0]));
	rl->packed = mode == LM_PACKED;
	rl->align_attr = rl->tail_pad_bits = 0;
	for (i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = btf_members(t) + i;
		__s64 size = btf__resolve_size(plan->btf, m->type);
		__u32 bits = btf_member_bitfield_size(t, i);
		__u32 a = mode == LM_PACKED ? 1 : layout_align_of(plan, m->type, err);

		if (btf_member_bit_offset(t, i) || size < 0 || !a)
			return false;
		if ((bits ? align_up(bits, 8) : (__u64)size * 8) > biggest)
			biggest = bits ? align_up(bits, 8) : (__u64)size * 8;
		if (a > max_align && (m->name_off || !bits))
			max_align = a;
	}
	if (mode == LM_PACKED)
		max_align = packed_align(plan, t, rl, err);
	if (biggest > size_bits)
		return false;
	if (align_up(biggest, (__u64)max_align * 8) != size_bits) {
		if (size_bits % ((__u64)max_align * 8))
			return false;
		rl->tail_pad_bits = size_bits;
	}
	rl->align = max_align;
	return true;
}

const struct record_layout *layout_of(struct btfcc_plan *plan, __u32 id, struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	static const enum layout_mode modes[] = { LM_ALIGN_ATTRS, LM_PADDING, LM_PACKED };
	struct record_layout *rl;
	size_t i;

	if (plan->layouts[id])
		return plan->layouts[id];
	rl = calloc(1, sizeof(*rl) + btf_vlen(t) * sizeof(rl->m[0]));
	if (!rl) {
		btfcc_err_set(err, BTFCC_E_LIMIT, "out of memory");
		return NULL;
	}
	rl->n_members = btf_vlen(t);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		bool ok = btf_is_union(t) ? try_union(plan, t, modes[i], rl, err)
					  : try_struct(plan, t, modes[i], rl, err);
		if (ok) {
			plan->layouts[id] = rl;
			return rl;
		}
	}
	free(rl);
	btfcc_err_set(err, BTFCC_E_INVALID, "%s '%s' (BTF id %u): no C layout reproduces its BTF member offsets",
		      btf_is_union(t) ? "union" : "struct",
		      t->name_off ? btf__name_by_offset(plan->btf, t->name_off) : "(anonymous)", id);
	return NULL;
}
