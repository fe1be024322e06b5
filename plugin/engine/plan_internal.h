/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_PLAN_INTERNAL_H
#define BTFCC_PLAN_INTERNAL_H

#include "engine/plan.h"
#include "engine/layout.h"
#include "engine/type_index.h"
#include "util/strbuf.h"

/* What the plan does with one BTF type id. */
enum plan_state {
	PS_NONE,
	PS_VISITING,	/* on the by-value path being walked: a cycle is a BTF error */
	PS_DECL,	/* named record: forward declaration only */
	PS_TYPEDEF,	/* typedef emitted, its target only declared */
	PS_FULL,	/* defined, in plan->order */
	PS_INLINE,	/* anonymous type, defined where it is used */
	PS_EXTERNAL,	/* the translation unit defines it: referred to by name */
	PS_ALIAS,	/* a same-shaped copy of a planned type: plan->alias[id] */
	PS_TYPEDEF_VISITING,	/* typedef whose target is being declared: a loop is an error */
};

/*
 * Why a type was pulled in, kept as facts and put into words only when
 * asked (--why, explain): a full dump plans 150,000 types and prints none.
 */
struct plan_why {
	__u32 parent;		/* 0: requested by the code */
	bool set;
	bool pointer;		/* reached through a pointer, not by value */
	const char *member;	/* BTF's string: the member of parent */
	char *origin;		/* "file.c:12:5" of a request, owned */
};

/*
 * How deep need_full()/need_decl() may recurse: BTF loads only when its
 * by-value nesting is at most BTFCC_MAX_NESTING (256), which takes up to
 * two levels each here; chains through pointers (typedef a *b; typedef b
 * *c; ...) are bounded only by this.
 */
#define PLAN_MAX_DEPTH 1024

struct btfcc_plan {
	const struct btf *btf;
	struct btfcc_defined defined;
	struct type_index *index;
	__u32 n_types;
	unsigned char *state;
	struct plan_why *why;		/* per id */
	struct record_layout **layouts;	/* per id, for emitted records */
	struct align_index *align_ix;	/* placements of records, built on first need */
	unsigned char *emit_flags;	/* per id, while emitting: EMIT_* (emit.c) */
	__u32 *alias;			/* per id in PS_ALIAS: the planned twin */
	unsigned short *dup;		/* per id: N of name___N+1 when shapes clash */
	unsigned char *root;		/* per id: requested by the code */
	unsigned short **enum_dup;	/* per enum id, NULL or per enumerator: N of NAME___N+1 */
	bool broken;			/* a failed add left the plan half-changed */
	unsigned depth;			/* of need_full()/need_decl() recursion */
	__u32 *order;			/* definitions in dependency order */
	size_t n_order, cap_order;
	__u32 *inlines;			/* anonymous types defined where used */
	size_t n_inlines, cap_inlines;
	size_t n_laid_out, n_inline_laid_out;	/* of order, inlines */
	__u32 *checks;			/* TU-defined types checked against BTF */
	size_t n_checks, cap_checks;
	__u32 *decls;			/* named records declared, in first-need order */
	size_t n_decls, cap_decls;
	__u32 *funcs;			/* BTF FUNCs whose prototypes are declared */
	size_t n_funcs, cap_funcs;
};

/*
 * The C name btfcc gives a named type: BTF's, or name___N for a second shape
 * of one name. buf holds it when it is not BTF's string.
 */
#define PLAN_NAME_MAX 300
const char *plan_c_name(const struct btfcc_plan *plan, __u32 id, char *buf, size_t len);

/* "requested at f.c:3:1", "by value in struct rq.cfs"; "" when unknown. */
void plan_why_text(const struct btfcc_plan *plan, __u32 id, struct strbuf *sb);

/* Anonymous type id is defined at file scope under its hoisted tag (emit.c). */
#define EMIT_HOISTED		1	/* defined at file scope under its hoisted tag */
#define EMIT_HELD_NOT_LAST	2	/* held where a flexible array may not be */
#define EMIT_ENUM_DEFINED	4	/* an anonymous enum's enumerators are out */
static inline bool plan_hoisted(const struct btfcc_plan *plan, __u32 id)
{
	return plan->emit_flags[id] & EMIT_HOISTED;
}

/* The type below const/volatile/restrict/type tags. */
__u32 plan_skip_mods(const struct btf *btf, __u32 id);
/*
 * The record an object of type id is, or is an array of (typedefs seen
 * through; *array set when given); 0 when it is none.
 */
__u32 plan_held_record(const struct btf *btf, __u32 id, bool *array);

#endif
