// SPDX-License-Identifier: GPL-2.0-only
/* Bodies of records and enums, with what the layout engine decided. */
#include <inttypes.h>
#include <string.h>

#include "engine/emit_decl.h"

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
}

/*
 * A trailing zero-length array is written as a flexible array member: with
 * -fstrict-flex-arrays (6.12) gcc would otherwise bound-check it as size 0.
 */
static bool is_flexible(const struct btfcc_plan *plan, const struct btf_type *t, int i,
			const struct record_layout *rl)
{
	const struct btf_type *mt;

	if (btf_is_union(t) || i != btf_vlen(t) - 1 || i == 0 || rl->tail_pad_bits)
		return false;
	mt = btf__type_by_id(plan->btf, plan_skip_mods(plan->btf, btf_members(t)[i].type));
	return mt && btf_is_array(mt) && btf_array(mt)->nelems == 0;
}

static int emit_member(const struct btfcc_plan *plan, struct strbuf *sb,
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
	if (!ret && is_flexible(plan, t, i, rl) && decl.len >= 3 &&
	    !strcmp(decl.buf + decl.len - 3, "[0]"))
		decl.buf[decl.len - 2] = ']', decl.buf[--decl.len] = '\0';
	sb_indent(sb, depth);
	sb_add(sb, sb_str(&decl));
	sb_free(&decl);
	if (bits)
		sb_addf(sb, " : %u", bits);
	if (ml->align_attr)
		sb_addf(sb, " __attribute__((__aligned__(%u)))", ml->align_attr);
	sb_add(sb, ";\n");
	return ret;
}

int emit_record_body(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id, int depth,
		     struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	const struct record_layout *rl = plan->layouts[id];
	unsigned int n_pad = 0;
	const char *name;
	int i;

	if (!rl) {
		btfcc_err_set(err, "internal error: BTF id %u was not laid out", id);
		return -1;
	}
	sb_add(sb, btf_is_union(t) ? "union " : "struct ");
	if (t->name_off) {
		name = emit_name(plan, t->name_off, err);
		if (!name)
			return -1;
		sb_addf(sb, "%s ", name);
	}
	sb_add(sb, "{\n");
	for (i = 0; i < btf_vlen(t); i++) {
		__u64 off = btf_member_bit_offset(t, i);

		emit_padding(sb, off - rl->m[i].pad_bits, rl->m[i].pad_bits, depth + 1, id,
			     &n_pad);
		if (emit_member(plan, sb, t, i, rl, depth + 1, err))
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

/* gcc sizes an enum by its values; mode() forces the size BTF recorded. */
static const char *enum_mode(const struct btf_type *t)
{
	switch (t->size) {
	case 1: return "__QI__";
	case 2: return "__HI__";
	case 4: return "__SI__";
	case 8: return "__DI__";
	}
	return NULL;
}

static void emit_enum_value(struct strbuf *sb, const struct btf_type *t, int i)
{
	bool is_signed = btf_kflag(t);
	__u64 v;

	if (btf_is_enum(t))
		v = is_signed ? (__u64)(__s64)(__s32)btf_enum(t)[i].val
			      : (__u64)(__u32)btf_enum(t)[i].val;
	else
		v = btf_enum64_value(btf_enum64(t) + i);
	if (is_signed && (__s64)v == INT64_MIN)
		sb_add(sb, "(-9223372036854775807LL - 1)");
	else if (is_signed && (__s64)v < 0)
		sb_addf(sb, "%lldLL", (long long)v);
	else if (v > 0x7fffffff)
		sb_addf(sb, "%lluULL", (unsigned long long)v);
	else
		sb_addf(sb, "%llu", (unsigned long long)v);
}

int emit_enum_body(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id, int depth,
		   struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	const char *name;
	int i;

	if (!enum_mode(t)) {
		btfcc_err_set(err, "enum BTF id %u has size %u, which no C enum has", id, t->size);
		return -1;
	}
	sb_add(sb, "enum ");
	if (t->name_off) {
		name = emit_name(plan, t->name_off, err);
		if (!name)
			return -1;
		sb_addf(sb, "%s ", name);
	}
	sb_add(sb, "{\n");
	for (i = 0; i < btf_vlen(t); i++) {
		__u32 off = btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;

		name = emit_name(plan, off, err);
		if (!name)
			return -1;
		sb_indent(sb, depth + 1);
		sb_addf(sb, "%s = ", name);
		emit_enum_value(sb, t, i);
		sb_add(sb, ",\n");
	}
	sb_indent(sb, depth);
	sb_addf(sb, "} __attribute__((__mode__(%s)))", enum_mode(t));
	return 0;
}
