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

/* Where the members are placed so far, and what the gaps between them show. */
struct placing {
	__u64 pos;		/* bit position after the last member */
	__u32 max_align;	/* the record's alignment as its members ask */
	__u32 shown;		/* the largest alignment a gap before a member needs */
	__u32 need;		/* packed: the largest aligned(N) of a member's type */
};

/*
 * A gap before a non-bitfield member is evidence of an alignment: unpacked,
 * the member's own alignment or its attribute (a gap written as padding
 * shows nothing); packed, only a member that is not packed (its natural
 * alignment, when that explains the gap) or has an aligned(N) makes one.
 */
static void note_gap(struct btfcc_plan *plan, const struct btf_member *m, struct placing *ps,
		     __u64 off, enum layout_mode mode, const struct member_layout *ml,
		     __u64 natural, struct btfcc_err *err)
{
	__u64 end = (ps->pos + 7) / 8;
	__u32 a;

	if (mode != LM_PACKED && !ml->align_attr && natural != off)
		return;
	a = align_explaining(end, off / 8);
	if (a && mode == LM_PACKED) {
		__u32 na = layout_align_of(plan, m->type, err);

		if (na > a && align_up(end, na) == off / 8)
			a = na;
	}
	if (a > ps->shown)
		ps->shown = a;
}

/*
 * A packed record less aligned than a member whose type has an aligned(N)
 * of its own is gcc's -Wpacked-not-aligned (in -Wall): it must be as
 * aligned as that member's type, which the member's offsets allow
 * (align_upper() bounds the member's type by this record's bound).
 */
static void note_aligned_type(struct btfcc_plan *plan, __u32 type, struct placing *ps)
{
	const struct btf_type *t;
	int hops;

	for (hops = 0; hops < 64; hops++) {
		type = plan_skip_mods(plan->btf, type);
		t = btf__type_by_id(plan->btf, type);
		if (!t || !btf_is_typedef(t))
			break;
		type = t->type;
	}
	if (t && btf_is_composite(t) && plan->layouts[type] && plan->layouts[type]->align_attr &&
	    plan->layouts[type]->align > ps->need)
		ps->need = plan->layouts[type]->align;
}

/* Place one member; returns false when this mode cannot reproduce its offset. */
static bool place_member(struct btfcc_plan *plan, const struct btf_type *t, int i,
			 enum layout_mode mode, struct placing *ps,
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
		natural = ps->pos;
		if (mode != LM_PACKED && straddles(natural, bits, size * 8))
			natural = align_up(natural, (__u64)a * 8);
		if (natural > off)
			return false;
		if (natural < off) {
			if (mode != LM_PACKED && straddles(off, bits, size * 8))
				return false;
			ml->pad_bits = off - ps->pos;
		}
		ps->pos = off + bits;
		/* Unnamed bitfields do not align the record (SysV ABI). */
		if (m->name_off && a > ps->max_align)
			ps->max_align = a;
		return true;
	}
	if (off % 8)
		return false;
	natural = align_up(ps->pos, (__u64)a * 8);
	if (natural > off)
		return false;
	if (natural < off) {
		if (mode == LM_ALIGN_ATTRS)
			ml->align_attr = find_align_attr(ps->pos, off, a);
		if (!ml->align_attr) {
			if (off % ((__u64)a * 8))
				return false;
			ml->pad_bits = off - ps->pos;
		}
	}
	note_gap(plan, m, ps, off, mode, ml, natural, err);
	if (mode == LM_PACKED)
		note_aligned_type(plan, m->type, ps);
	ps->pos = off + (__u64)size * 8;
	if ((ml->align_attr ? ml->align_attr : a) > ps->max_align)
		ps->max_align = ml->align_attr ? ml->align_attr : a;
	return true;
}

/*
 * The record's alignment, once its members are placed up to bit ps->pos:
 * what its members ask (nothing, packed), raised to what the gaps (packed),
 * a container placement or the tail show, never past what every container
 * allows (align_upper()). A tail the alignment explains needs no padding:
 * struct cl { long x; } ____cacheline_aligned is 64 bytes because it is
 * 64-aligned. docs/engine.md, "Alignment".
 */
static bool finish_record(struct btfcc_plan *plan, __u32 id, const struct btf_type *t,
			  enum layout_mode mode, const struct placing *ps,
			  struct record_layout *rl)
{
	__u64 end = (ps->pos + 7) / 8, size = t->size;
	__u32 base = mode == LM_PACKED ? 1 : ps->max_align, a = base;
	__u32 upper, cont, tail, shown;

	if (ps->pos > size * 8)
		return false;
	upper = align_upper(plan, id);
	cont = align_from_containers(plan, id);
	if (mode == LM_PACKED && ps->need > a)
		a = ps->need;
	if (mode == LM_PACKED && ps->shown > a && ps->shown <= upper)
		a = ps->shown;
	if (cont > a)
		a = cont;
	if (size % a)
		return false;
	tail = align_explaining(end, size);
	if (align_up(end, a) != size) {
		if (tail > a && tail <= upper)
			a = tail;
		else
			rl->tail_pad_bits = size * 8 - ps->pos;
	}
	/*
	 * Proven: the record's own gaps or tail need a, and nothing allows
	 * more. A container's gap is no proof: the member may have had the
	 * aligned(N) (docs/engine.md).
	 */
	shown = mode == LM_PACKED ? 1 : 0;
	if (ps->shown > shown)
		shown = ps->shown;
	if (tail > shown && !rl->tail_pad_bits)
		shown = tail;
	rl->align = a;
	rl->align_attr = a > base ? a : 0;
	rl->align_proven = a == shown && a == upper;
	return true;
}

static void layout_reset(struct record_layout *rl, enum layout_mode mode)
{
	memset(rl->m, 0, rl->n_members * sizeof(rl->m[0]));
	rl->packed = mode == LM_PACKED;
	rl->align_attr = rl->tail_pad_bits = 0;
	rl->align_proven = false;
}

static bool try_struct(struct btfcc_plan *plan, __u32 id, const struct btf_type *t,
		       enum layout_mode mode, struct record_layout *rl, struct btfcc_err *err)
{
	struct placing ps = { .max_align = 1 };
	int i;

	layout_reset(rl, mode);
	for (i = 0; i < btf_vlen(t); i++)
		if (!place_member(plan, t, i, mode, &ps, &rl->m[i], err))
			return false;
	return finish_record(plan, id, t, mode, &ps, rl);
}

/* A union's tail padding is one array over all of it (emit_body.c). */
static bool try_union(struct btfcc_plan *plan, __u32 id, const struct btf_type *t,
		      enum layout_mode mode, struct record_layout *rl, struct btfcc_err *err)
{
	struct placing ps = { .max_align = 1 };
	int i;

	layout_reset(rl, mode);
	for (i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = btf_members(t) + i;
		__s64 size = btf__resolve_size(plan->btf, m->type);
		__u32 bits = btf_member_bitfield_size(t, i);
		__u32 a = mode == LM_PACKED ? 1 : layout_align_of(plan, m->type, err);
		__u64 end = bits ? align_up(bits, 8) : (__u64)size * 8;

		if (btf_member_bit_offset(t, i) || size < 0 || !a)
			return false;
		if (end > ps.pos)
			ps.pos = end;
		if (a > ps.max_align && (m->name_off || !bits))
			ps.max_align = a;
	}
	if (!finish_record(plan, id, t, mode, &ps, rl))
		return false;
	if (rl->tail_pad_bits)
		rl->tail_pad_bits = t->size * 8;
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
		bool ok = btf_is_union(t) ? try_union(plan, id, t, modes[i], rl, err)
					  : try_struct(plan, id, t, modes[i], rl, err);
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
