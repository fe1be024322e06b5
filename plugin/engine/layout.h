/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_LAYOUT_H
#define BTFCC_LAYOUT_H

#include <stdbool.h>
#include <bpf/btf.h>

#include "util/err.h"

struct btfcc_plan;

/*
 * How to write one struct or union in C so that gcc lays it out exactly as
 * BTF says. BTF records offsets but not why they are what they are (an
 * aligned attribute, packing, a config-dependent hole); the layout engine
 * simulates the x86-64 SysV rules gcc follows and adds the least it needs:
 * an aligned(N) where a gap is exactly an alignment, explicit padding where
 * it is not, packed when a member sits below its natural alignment, and on
 * the record the least alignment its size and its containers show.
 */
struct member_layout {
	__u32 pad_bits;		/* explicit padding before the member */
	__u32 align_attr;	/* aligned(N) on the member, 0 for none */
};

struct record_layout {
	bool packed;
	/*
	 * BTF proves align: the record's own gaps or tail need it and no
	 * size or offset allows more (the header asserts it).
	 */
	bool align_proven;
	__u32 align_attr;	/* aligned(N) on the record, 0 for none */
	__u32 tail_pad_bits;	/* explicit padding after the last member */
	__u32 align;		/* alignment in bytes of the record as emitted */
	__u32 n_members;
	struct member_layout m[];
};

/*
 * The layout of record id, computed once. NULL with err filled when no C
 * spelling reproduces BTF's offsets (which BTF from a real compiler never
 * asks for).
 */
const struct record_layout *layout_of(struct btfcc_plan *plan, __u32 id, struct btfcc_err *err);

/* Alignment in bytes of type id as btfcc emits or the TU defines it. */
__u32 layout_align_of(struct btfcc_plan *plan, __u32 id, struct btfcc_err *err);

/*
 * align.c: what the containers in all of BTF say about record id's
 * alignment. align_upper() is the largest alignment its size, every offset
 * it is embedded at and those containers' own bounds allow (packed
 * containers aside); align_from_containers() the largest alignment a gap
 * before it in some container needs that align_upper() allows, 0 for none.
 */
struct align_index;
__u32 align_upper(struct btfcc_plan *plan, __u32 id);
__u32 align_from_containers(struct btfcc_plan *plan, __u32 id);
void align_index_free(struct align_index *ix);

/* The least power of two a > 1 that aligns end up to off (bytes); 0 for none. */
__u32 align_explaining(__u64 end, __u64 off);

#endif
