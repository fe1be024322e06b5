// SPDX-License-Identifier: GPL-2.0-only
/* Bodies of records and enums, with what the layout engine decided. */
#include <inttypes.h>
#include <string.h>

#include "engine/emit_decl.h"
#include "util/strmap.h"

/*
 * Explicit padding of bits bits from bit position pos: never a named
 * bitfield. Padding arrays are named after the record's BTF id, as members
 * of anonymous records share the namespace of the record around them.
 */
static void emit_padding(struct strbuf *sb, __u64 pos, __u64 bits, int depth, __u32 id,
			 unsigned int *n)
{
	__u64 k;

	if (bits && pos % 8) {
		k = 8 - pos % 8 < bits ? 8 - pos % 8 : bits;
		sb_indent(sb, depth);
		sb_addf(sb, "unsigned char : %u;\n", (unsigned int)k);
		bits -= k;
	}
	if (bits / 8) {
		sb_indent(sb, depth);
		sb_addf(sb, "unsigned char __btfcc_pad%u_%u[%llu];\n", id, (*n)++,
			(unsigned long long)bits / 8);
	}
	if (bits % 8) {
		sb_indent(sb, depth);
		sb_addf(sb, "unsigned char : %u;\n", (unsigned int)(bits % 8));
	}
}

static void emit_record_attrs(struct strbuf *sb, const struct record_layout *rl)
{
	if (rl->packed && rl->align_attr)
		sb_addf(sb, " __attribute__((__packed__, __aligned__(%u)))", rl->align_attr);
	else if (rl->packed)
		sb_add(sb, " __attribute__((__packed__))");
	else if (rl->align_attr)
		sb_addf(sb, " __attribute__((__aligned__(%u)))", rl->align_attr);
}

static __u32 planned_record(const struct btfcc_plan *plan, size_t k)
{
	return k < plan->n_order ? plan->order[k] : plan->inlines[k - plan->n_order];
}

/*
 * Mark the records some emitted record holds where a flexible array member
 * may not be (in an array, in a union, before another member), or holds
 * last while itself held so: the flexible array of an anonymous struct at
 * the end of a struct embedded before another member (6.1's struct
 * kvm_stats_desc in struct _kvm_stats_desc). Once per header: per member
 * it would be quadratic in the records of a full dump.
 */
void emit_mark_held(const struct btfcc_plan *plan)
{
	size_t k, n = plan->n_order + plan->n_inlines;
	bool changed = true;
	int i, pass;
	__u32 r;

	for (k = 0; k < n; k++) {
		const struct btf_type *t = btf__type_by_id(plan->btf, planned_record(plan, k));

		for (i = 0; t && btf_is_composite(t) && i < btf_vlen(t); i++) {
			bool array = false;

			r = plan_held_record(plan->btf, btf_members(t)[i].type, &array);
			if (r && (array || btf_is_union(t) || i != btf_vlen(t) - 1))
				plan->emit_flags[r] |= EMIT_HELD_NOT_LAST;
		}
	}
	for (pass = 0; changed && pass < 32; pass++) {
		changed = false;
		for (k = 0; k < n; k++) {
			__u32 id = planned_record(plan, k);
			const struct btf_type *t = btf__type_by_id(plan->btf, id);
			bool array = false;

			if (!t || !btf_is_struct(t) || !btf_vlen(t) ||
			    !(plan->emit_flags[id] & EMIT_HELD_NOT_LAST))
				continue;
			r = plan_held_record(plan->btf, btf_members(t)[btf_vlen(t) - 1].type, &array);
			if (r && !(plan->emit_flags[r] & EMIT_HELD_NOT_LAST)) {
				plan->emit_flags[r] |= EMIT_HELD_NOT_LAST;
				changed = true;
			}
		}
	}
}

/*
 * A trailing zero-length array is written as a flexible array member "[]",
 * as the kernel's source has it: with -fstrict-flex-arrays=3 (6.12) gcc
 * takes a "[0]" member for an object of size 0, and FORTIFY_SOURCE then
 * traps on strlen() or memcpy() through it. Where "[]" is not valid C (not
 * last, in a union) or the record is held where a flexible one may not be
 * (in an array, in a union, before another member), it stays "[0]".
 */
static bool is_flexible(const struct btfcc_plan *plan, __u32 id, const struct btf_type *t,
			int i, const struct record_layout *rl)
{
	const struct btf_type *mt;

	if (btf_is_union(t) || i != btf_vlen(t) - 1 || i == 0 || rl->tail_pad_bits)
		return false;
	mt = btf__type_by_id(plan->btf, plan_skip_mods(plan->btf, btf_members(t)[i].type));
	return mt && btf_is_array(mt) && btf_array(mt)->nelems == 0 &&
	       !(plan->emit_flags[id] & EMIT_HELD_NOT_LAST);
}

static int emit_member(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id,
		       const struct btf_type *t, int i, const struct record_layout *rl,
		       int depth, struct btfcc_err *err)
{
	const struct member_layout *ml = &rl->m[i];
	const struct btf_member *m = btf_members(t) + i;
	__u32 bits = btf_member_bitfield_size(t, i);
	const char *name = "";
	struct strbuf decl;
	int ret;

	if (m->name_off && !(name = emit_name(plan, m->name_off, err)))
		return -1;
	sb_init(&decl);
	ret = emit_decl(plan, &decl, m->type, name, depth, err);
	if (!ret && is_flexible(plan, id, t, i, rl) && decl.len >= 3 &&
	    !strcmp(decl.buf + decl.len - 3, "[0]"))
		decl.buf[decl.len - 2] = ']', decl.buf[--decl.len] = '\0';
	sb_indent(sb, depth);
	sb_add(sb, sb_str(&decl));
	sb_free(&decl);
	if (bits) {
		sb_addlit(sb, " : ");
		sb_addu(sb, bits);
	}
	if (ml->align_attr)
		sb_addf(sb, " __attribute__((__aligned__(%u)))", ml->align_attr);
	sb_add(sb, ";\n");
	return ret;
}

/* "struct NAME {" or, for an anonymous type, "struct {". */
static int emit_head(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id,
		     const char *keyword, struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	char buf[PLAN_NAME_MAX];
	const char *name;

	sb_add(sb, keyword);
	sb_add(sb, " ");
	if (!t->name_off && plan_hoisted(plan, id)) {
		sb_addf(sb, EMIT_HOISTED_FMT " ", id);
	} else if (t->name_off) {
		name = emit_type_name(plan, id, buf, sizeof(buf), err);
		if (!name)
			return -1;
		sb_add(sb, name);
		sb_add(sb, " ");
	}
	sb_add(sb, "{\n");
	return 0;
}

/* Every member name of record id, anonymous members' too; false at a repeat. */
static bool names_distinct(const struct btf *btf, __u32 id, struct strmap *seen, int depth,
			   const char **dup)
{
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, id));
	const struct btf_member *m;
	int i;

	if (!t || !btf_is_composite(t) || depth > 64)
		return true;
	for (i = 0, m = btf_members(t); i < btf_vlen(t); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);
		bool added;

		if (!name || !*name) {
			if (!names_distinct(btf, m->type, seen, depth + 1, dup))
				return false;
			continue;
		}
		strmap_slot(seen, name, &added);
		if (!added) {
			*dup = name;
			return false;
		}
	}
	return true;
}

/*
 * C wants the member names of a record distinct, anonymous members
 * flattened into it; BTF does not, and gcc would refuse the header.
 */
static int check_member_names(const struct btfcc_plan *plan, __u32 id, struct btfcc_err *err)
{
	struct strmap seen = { .borrow = true };
	const char *dup = NULL;
	bool ok = names_distinct(plan->btf, id, &seen, 0, &dup);

	strmap_free(&seen);
	if (ok)
		return 0;
	btfcc_err_set(err, BTFCC_E_INVALID, "BTF id %u has two members named '%s', which C cannot "
		      "express: the BTF is corrupt", id, dup);
	return -1;
}

int emit_record_body(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id, int depth,
		     struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	const struct record_layout *rl = plan->layouts[id];
	unsigned int n_pad = 0;
	int i;

	if (!rl) {
		btfcc_err_set(err, BTFCC_E_INVALID, "internal error: BTF id %u was not laid out", id);
		return -1;
	}
	/* Anonymous records at depth > 0 are inside one already checked. */
	if (!depth && check_member_names(plan, id, err))
		return -1;
	if (emit_head(plan, sb, id, btf_is_union(t) ? "union" : "struct", err))
		return -1;
	for (i = 0; i < btf_vlen(t); i++) {
		__u64 off = btf_member_bit_offset(t, i);

		emit_padding(sb, off - rl->m[i].pad_bits, rl->m[i].pad_bits, depth + 1, id,
			     &n_pad);
		if (emit_member(plan, sb, id, t, i, rl, depth + 1, err))
			return -1;
	}
	if (btf_is_union(t) && rl->tail_pad_bits) {
		sb_indent(sb, depth + 1);
		sb_addf(sb, "unsigned char __btfcc_pad%u[%u];\n", id, t->size);
	} else {
		emit_padding(sb, (__u64)t->size * 8 - rl->tail_pad_bits, rl->tail_pad_bits,
			     depth + 1, id, &n_pad);
	}
	sb_indent(sb, depth);
	sb_add(sb, "}");
	emit_record_attrs(sb, rl);
	return 0;
}

/*
 * Enumerator i as the signed or unsigned value C must see. clang 14 writes
 * no signedness flag and stores -3 of a 1-byte enum as 4294967293: a value
 * that does not fit the enum's size unsigned is a sign-extended negative.
 */
static __s64 enum_value(const struct btf_type *t, int i, bool *neg)
{
	__u64 v;

	if (btf_is_enum64(t)) {
		v = btf_enum64_value(btf_enum64(t) + i);
		*neg = btf_kflag(t) && (__s64)v < 0;
		return (__s64)v;
	}
	v = (__u32)btf_enum(t)[i].val;
	if (btf_kflag(t) || (t->size < 4 && v >> (8 * t->size)))
		v = (__u64)(__s64)(__s32)v;
	*neg = (__s64)v < 0;
	return (__s64)v;
}

/* Bytes gcc gives an enum with these values: packed (smallest) or not. */
static __u32 enum_natural_size(const struct btf_type *t, bool packed)
{
	__s64 lo = 0, v;
	__u64 hi = 0;
	bool neg;
	int i;

	for (i = 0; i < btf_vlen(t); i++) {
		v = enum_value(t, i, &neg);
		if (neg && v < lo)
			lo = v;
		if (!neg && (__u64)v > hi)
			hi = (__u64)v;
	}
	if (packed && lo >= -128 && hi <= (lo < 0 ? 127u : 255u))
		return 1;
	if (packed && lo >= -32768 && hi <= (lo < 0 ? 32767u : 65535u))
		return 2;
	if (lo >= INT32_MIN && hi <= (lo < 0 ? (__u64)INT32_MAX : (__u64)UINT32_MAX))
		return 4;
	return 8;
}

/* The attribute that gives the enum BTF's size with the fewest surprises. */
static void emit_enum_size(struct strbuf *sb, const struct btf_type *t)
{
	static const char *const modes[] = { [1] = "__QI__", [2] = "__HI__", [4] = "__SI__",
					     [8] = "__DI__" };

	if (enum_natural_size(t, false) == t->size)
		return;
	if (enum_natural_size(t, true) == t->size)
		sb_add(sb, " __attribute__((__packed__))");
	else
		sb_addf(sb, " __attribute__((__mode__(%s)))", modes[t->size]);
}

static void emit_enum_value(struct strbuf *sb, const struct btf_type *t, int i)
{
	bool neg;
	__s64 v = enum_value(t, i, &neg);

	if (neg && v == INT64_MIN) {
		sb_add(sb, "(-9223372036854775807LL - 1)");
	} else if (neg) {
		sb_adds(sb, (long long)v);
		sb_addlit(sb, "LL");
	} else {
		sb_addu(sb, (unsigned long long)v);
		if ((__u64)v > 0x7fffffff)
			sb_addlit(sb, "ULL");
	}
}

int emit_enum_body(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id, int depth,
		   struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	const char *name;
	int i;

	if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8) {
		btfcc_err_set(err, BTFCC_E_INVALID, "enum BTF id %u has size %u, which no C enum has", id, t->size);
		return -1;
	}
	/*
	 * An anonymous enum is defined where it is used; used twice (one BTF
	 * id behind a typedef and a member), its enumerators would be too.
	 */
	if (!t->name_off && !plan_hoisted(plan, id)) {
		if (plan->emit_flags[id] & EMIT_ENUM_DEFINED) {
			btfcc_err_set(err, BTFCC_E_INVALID, "anonymous enum BTF id %u is used in two places, "
				      "which C cannot express (its enumerators would be declared twice)", id);
			return -1;
		}
		plan->emit_flags[id] |= EMIT_ENUM_DEFINED;
	}
	if (enum_natural_size(t, true) > t->size) {
		btfcc_err_set(err, BTFCC_E_INVALID, "enum BTF id %u has values that do not fit its %u "
			      "bytes, which C cannot express: the BTF is corrupt", id, t->size);
		return -1;
	}
	if (emit_head(plan, sb, id, "enum", err))
		return -1;
	for (i = 0; i < btf_vlen(t); i++) {
		__u32 off = btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;

		name = emit_name(plan, off, err);
		if (!name)
			return -1;
		sb_indent(sb, depth + 1);
		sb_add(sb, name);
		if (plan->enum_dup[id] && plan->enum_dup[id][i]) {
			sb_addlit(sb, "___");
			sb_addu(sb, plan->enum_dup[id][i] + 1u);
		}
		sb_addlit(sb, " = ");
		emit_enum_value(sb, t, i);
		sb_add(sb, ",\n");
	}
	sb_indent(sb, depth);
	sb_add(sb, "}");
	emit_enum_size(sb, t);
	return 0;
}
