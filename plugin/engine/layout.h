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
 * it is not, packed when a member sits below its natural alignment.
 */
struct member_layout {
	__u32 pad_bits;		/* explicit padding before the member */
	__u32 align_attr;	/* aligned(N) on the member, 0 for none */
};

struct record_layout {
	bool packed;
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

#endif
