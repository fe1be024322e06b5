// SPDX-License-Identifier: GPL-2.0-only
/*
 * What BTF's containers say about a record's alignment. BTF records no
 * alignment; every place a record is embedded by value (as a member, an
 * array of it, through typedefs) bounds it from above (an offset and a size
 * are multiples of it unless a container was packed) and a gap before it
 * may show it from below (a ____cacheline_aligned record after an int).
 * docs/engine.md, "Alignment", says how layout.c uses both.
 */
#include <stdlib.h>

#include "engine/layout.h"
#include "engine/plan_internal.h"

#define ALIGN_MAX 4096u
#define UPPER_VISITING 0xffff

struct placement {
	__u32 container;
	__u32 member;
};

struct align_index {
	__u32 *first;		/* per id: index of its first placement in at[] */
	struct placement *at;	/* placements grouped by embedded record */
	__u16 *upper;		/* per id: upper bound, 0 until computed */
};

/* Two passes over BTF: count the placements of each record, then fill them in. */
static struct align_index *index_build(const struct btf *btf, __u32 n_types)
{
	struct align_index *ix = calloc(1, sizeof(*ix));
	__u32 id, r, *fill = NULL;
	size_t total = 0;
	int i, pass;

	if (!ix || !(ix->first = calloc(n_types + 1, sizeof(*ix->first))) ||
	    !(ix->upper = calloc(n_types, sizeof(*ix->upper))))
		goto fail;
	for (pass = 0; pass < 2; pass++) {
		for (id = 1; id < n_types; id++) {
			const struct btf_type *t = btf__type_by_id(btf, id);

			if (!btf_is_composite(t))
				continue;
			for (i = 0; i < btf_vlen(t); i++) {
				r = plan_held_record(btf, btf_members(t)[i].type, NULL);
				if (!r)
					continue;
				if (!pass)
					ix->first[r + 1]++;
				else
					ix->at[fill[r]++] = (struct placement){ id, (__u32)i };
			}
		}
		if (pass)
			break;
		for (id = 0; id < n_types; id++)
			ix->first[id + 1] += ix->first[id];
		total = ix->first[n_types];
		ix->at = malloc((total ? total : 1) * sizeof(*ix->at));
		fill = malloc(n_types * sizeof(*fill));
		if (!ix->at || !fill)
			goto fail;
		for (id = 0; id < n_types; id++)
			fill[id] = ix->first[id];
	}
	free(fill);
	return ix;
fail:
	free(fill);
	align_index_free(ix);
	return NULL;
}

void align_index_free(struct align_index *ix)
{
	if (!ix)
		return;
	free(ix->first);
	free(ix->at);
	free(ix->upper);
	free(ix);
}

static struct align_index *index_of(struct btfcc_plan *plan)
{
	if (!plan->align_ix)
		plan->align_ix = index_build(plan->btf, plan->n_types);
	return plan->align_ix;
}

/* Largest power of two dividing v, at most ALIGN_MAX (0 is divided by all). */
static __u32 pow2_of(__u64 v)
{
	__u32 a = 1;

	while (a < ALIGN_MAX && v % (a * 2) == 0)
		a *= 2;
	return a;
}

__u32 align_explaining(__u64 end, __u64 off)
{
	__u64 a;

	if (off <= end)
		return 0;
	for (a = 2; a <= ALIGN_MAX; a *= 2)
		if ((end + a - 1) / a * a == off)
			return (__u32)a;
	return 0;
}

static __u32 upper_of(struct btfcc_plan *plan, struct align_index *ix, __u32 id);

/* Bound from one placement: its offset, and the container's own bound. */
static __u32 placement_upper(struct btfcc_plan *plan, struct align_index *ix,
			     const struct placement *p)
{
	const struct btf_type *c = btf__type_by_id(plan->btf, p->container);
	__u64 off = btf_member_bit_offset(c, p->member);
	__u32 u = off % 8 ? 1 : pow2_of(off / 8), uc;

	uc = upper_of(plan, ix, p->container);
	return uc < u ? uc : u;
}

static __u32 upper_of(struct btfcc_plan *plan, struct align_index *ix, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	__u32 u, k;

	if (ix->upper[id] == UPPER_VISITING)
		return 1;	/* a record inside itself: corrupt BTF, assume nothing */
	if (ix->upper[id])
		return ix->upper[id];
	ix->upper[id] = UPPER_VISITING;
	u = pow2_of(t->size);
	for (k = ix->first[id]; k < ix->first[id + 1] && u > 1; k++) {
		__u32 pu = placement_upper(plan, ix, &ix->at[k]);

		if (pu < u)
			u = pu;
	}
	ix->upper[id] = (__u16)u;
	return u;
}

__u32 align_upper(struct btfcc_plan *plan, __u32 id)
{
	struct align_index *ix = index_of(plan);

	return ix ? upper_of(plan, ix, id) : 1;
}

/* End in bytes of the members before member i of struct c. */
static __u64 end_before(const struct btf *btf, const struct btf_type *c, int i)
{
	__u64 end = 0, e;
	__u32 bits;
	__s64 size;
	int j;

	for (j = 0; j < i; j++) {
		bits = btf_member_bitfield_size(c, j);
		size = btf__resolve_size(btf, btf_members(c)[j].type);
		e = btf_member_bit_offset(c, j) + (bits ? bits : size > 0 ? (__u64)size * 8 : 0);
		if (e > end)
			end = e;
	}
	return (end + 7) / 8;
}

__u32 align_from_containers(struct btfcc_plan *plan, __u32 id)
{
	struct align_index *ix = index_of(plan);
	__u32 best = 0, u, k, a;

	if (!ix)
		return 0;
	u = upper_of(plan, ix, id);
	for (k = ix->first[id]; k < ix->first[id + 1]; k++) {
		const struct placement *p = &ix->at[k];
		const struct btf_type *c = btf__type_by_id(plan->btf, p->container);
		__u64 off = btf_member_bit_offset(c, p->member);

		if (btf_is_union(c) || off % 8)
			continue;
		a = align_explaining(end_before(plan->btf, c, (int)p->member), off / 8);
		if (a > best && a <= u)
			best = a;
	}
	return best;
}
