// SPDX-License-Identifier: GPL-2.0-only
/* The generated header: declarations, definitions in order, layout proofs. */
#include <inttypes.h>
#include <string.h>

#include "engine/emit_decl.h"

/* How C code names type id: "struct rq", "atomic_t", "enum pid_type". */
static void type_expr(const struct btfcc_plan *plan, __u32 id, struct strbuf *sb)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	char buf[PLAN_NAME_MAX];
	const char *name = plan_c_name(plan, id, buf, sizeof(buf));

	if (!btf_is_typedef(t))
		sb_add(sb, btf_is_union(t) ? "union " : btf_is_any_enum(t) ? "enum " : "struct ");
	sb_add(sb, name);
}

/* One offset check: some 300,000 in a full dump, so no format string. */
static void emit_offset_check(struct strbuf *sb, const char *texpr, const char *name,
			      unsigned long long off)
{
	size_t tlen = strlen(texpr), nlen = strlen(name);

	sb_addlit(sb, "_Static_assert(__builtin_offsetof(");
	sb_addn(sb, texpr, tlen);
	sb_addlit(sb, ", ");
	sb_addn(sb, name, nlen);
	sb_addlit(sb, ") == ");
	sb_addu(sb, off);
	sb_addlit(sb, ", \"btfcc: ");
	sb_addn(sb, texpr, tlen);
	sb_addlit(sb, ".");
	sb_addn(sb, name, nlen);
	sb_addlit(sb, ": offset differs from BTF\");\n");
}

/* _Static_assert(WHAT(texpr) == n, "btfcc: WHAT(texpr) differs from BTF"); */
static void emit_value_check(struct strbuf *sb, const char *what, const char *texpr,
			     unsigned long long n)
{
	sb_addlit(sb, "_Static_assert(");
	sb_add(sb, what);
	sb_addlit(sb, "(");
	sb_add(sb, texpr);
	sb_addlit(sb, ") == ");
	sb_addu(sb, n);
	sb_addlit(sb, ", \"btfcc: ");
	sb_add(sb, what);
	sb_addlit(sb, "(");
	sb_add(sb, texpr);
	sb_addlit(sb, ") differs from BTF\");\n");
}

/*
 * Offsets of every named member, looking into anonymous members, which C
 * lets offsetof() name directly. Bitfields have no address to check.
 */
static int emit_member_checks(const struct btfcc_plan *plan, struct strbuf *sb,
			      const char *texpr, __u32 id, __u64 base_bits, struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, plan_skip_mods(plan->btf, id));
	int i;

	for (i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = btf_members(t) + i;
		__u64 off = base_bits + btf_member_bit_offset(t, i);
		const struct btf_type *mt;

		if (btf_member_bitfield_size(t, i))
			continue;
		if (m->name_off) {
			/* A record the headers define was never emitted: check its names here. */
			const char *name = emit_name(plan, m->name_off, err);

			if (!name)
				return -1;
			emit_offset_check(sb, texpr, name, off / 8);
			continue;
		}
		mt = btf__type_by_id(plan->btf, plan_skip_mods(plan->btf, m->type));
		if (mt && btf_is_composite(mt) &&
		    emit_member_checks(plan, sb, texpr, m->type, off, err))
			return -1;
	}
	return 0;
}

/*
 * The alignment of a record btfcc defines, where BTF proves it (layout.c):
 * once, at the record, or at the typedef of an anonymous one.
 */
static void emit_align_check(const struct btfcc_plan *plan, struct strbuf *sb,
			     const char *texpr, __u32 id, __u32 target)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, target);
	const struct record_layout *rl = plan->layouts[target];

	if (!rl || !rl->align_proven || (id != target && t->name_off) ||
	    (plan->state[target] != PS_FULL && plan->state[target] != PS_INLINE))
		return;
	emit_value_check(sb, "_Alignof", texpr, rl->align);
}

static int emit_checks(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id,
		       struct btfcc_err *err)
{
	__u32 target = btf__resolve_type(plan->btf, id);
	const struct btf_type *t = btf__type_by_id(plan->btf, target);
	struct strbuf texpr;
	__s64 size = btf__resolve_size(plan->btf, id);
	int ret = 0;

	sb_init(&texpr);
	type_expr(plan, id, &texpr);
	if (size >= 0)
		emit_value_check(sb, "sizeof", sb_str(&texpr), (unsigned long long)size);
	if (t && btf_is_composite(t)) {
		emit_align_check(plan, sb, sb_str(&texpr), id, target);
		ret = emit_member_checks(plan, sb, sb_str(&texpr), target, 0, err);
	}
	sb_free(&texpr);
	return ret;
}

static int hoist_type(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id, bool param,
		      int depth, struct btfcc_err *err);

static int hoist_members(const struct btfcc_plan *plan, struct strbuf *sb,
			 const struct btf_type *t, int depth, struct btfcc_err *err)
{
	int i;

	for (i = 0; btf_is_composite(t) && i < btf_vlen(t); i++)
		if (hoist_type(plan, sb, btf_members(t)[i].type, false, depth + 1, err))
			return -1;
	return 0;
}

/* Define anonymous type id at file scope under its hoisted tag (emit_decl.h). */
static int hoist_define(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id, int depth,
			struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	const char *kw = btf_is_any_enum(t) ? "enum" : btf_is_union(t) ? "union" : "struct";
	int ret;

	if (hoist_members(plan, sb, t, depth, err))
		return -1;
	plan->emit_flags[id] |= EMIT_HOISTED;
	ret = btf_is_any_enum(t) ? emit_enum_body(plan, sb, id, 0, err)
				 : emit_record_body(plan, sb, id, 0, err);
	if (ret)
		return ret;
	sb_addf(sb, ";\n_Static_assert(sizeof(%s " EMIT_HOISTED_FMT ") == %u, \"btfcc: "
		"sizeof(%s " EMIT_HOISTED_FMT ") differs from BTF\");\n\n", kw, id, t->size, kw, id);
	return 0;
}

/*
 * Find the anonymous types that are function parameters in type id (through
 * pointers, arrays, prototypes and inline anonymous records, not into named
 * types: their own definitions do that) and define them first.
 */
static int hoist_type(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id, bool param,
		      int depth, struct btfcc_err *err)
{
	const struct btf_type *t;
	int i;

	for (;;) {
		id = plan_skip_mods(plan->btf, id);
		t = btf__type_by_id(plan->btf, id);
		if (!t || depth > 32)
			return 0;
		if (btf_is_ptr(t))
			id = t->type;
		else if (btf_is_array(t))
			id = btf_array(t)->type;
		else
			break;
	}
	if (btf_is_func_proto(t)) {
		if (hoist_type(plan, sb, t->type, false, depth + 1, err))
			return -1;
		for (i = 0; i < btf_vlen(t); i++)
			if (btf_params(t)[i].type &&
			    hoist_type(plan, sb, btf_params(t)[i].type, true, depth + 1, err))
				return -1;
		return 0;
	}
	if (t->name_off || !(btf_is_composite(t) || btf_is_any_enum(t)) || (plan->emit_flags[id] & EMIT_HOISTED))
		return 0;
	if (param)
		return hoist_define(plan, sb, id, depth, err);
	return hoist_members(plan, sb, t, depth, err);
}

/*
 * The reason comment of --explain ("by value in struct rq.cfs"). A
 * request's place is a file name, which may hold the comment's end.
 */
static void emit_why(const struct btfcc_plan *plan, struct strbuf *sb, const char *prefix,
		     __u32 id)
{
	struct strbuf why;
	size_t i;

	if (!plan->why[id].set)
		return;
	sb_init(&why);
	plan_why_text(plan, id, &why);
	sb_addlit(sb, "/* ");
	sb_add(sb, prefix);
	for (i = 0; i < why.len; i++) {
		sb_addn(sb, why.buf + i, 1);
		if (why.buf[i] == '*' && why.buf[i + 1] == '/')
			sb_addlit(sb, " ");
	}
	sb_addlit(sb, " */\n");
	sb_free(&why);
}

static int emit_definition(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id,
			   const struct btfcc_emit_opts *opts, struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	char buf[PLAN_NAME_MAX];
	const char *name;
	int ret;

	ret = btf_is_typedef(t) ? hoist_type(plan, sb, t->type, false, 0, err)
				: hoist_members(plan, sb, t, 0, err);
	if (ret)
		return ret;
	if (opts->explain)
		emit_why(plan, sb, "", id);
	if (btf_is_typedef(t)) {
		name = emit_type_name(plan, id, buf, sizeof(buf), err);
		if (!name)
			return -1;
		sb_add(sb, "typedef ");
		ret = emit_decl(plan, sb, t->type, name, 0, err);
	} else if (btf_is_any_enum(t)) {
		ret = emit_enum_body(plan, sb, id, 0, err);
	} else {
		ret = emit_record_body(plan, sb, id, 0, err);
	}
	if (ret)
		return ret;
	sb_add(sb, ";\n");
	/*
	 * A typedef's target may be defined after it (it was first needed
	 * through a pointer): its checks go at the end of the header.
	 */
	if (!opts->no_checks && !btf_is_typedef(t) && t->name_off &&
	    emit_checks(plan, sb, id, err))
		return -1;
	sb_add(sb, "\n");
	return 0;
}

static int emit_forward_decls(const struct btfcc_plan *plan, struct strbuf *sb,
			      struct btfcc_err *err)
{
	size_t i;

	for (i = 0; i < plan->n_decls + plan->n_order; i++) {
		__u32 id = i < plan->n_decls ? plan->decls[i] : plan->order[i - plan->n_decls];
		const struct btf_type *t = btf__type_by_id(plan->btf, id);
		char buf[PLAN_NAME_MAX];
		const char *name;

		/* Declared first and defined later: in both lists, declared once. */
		if (i < plan->n_decls && plan->state[id] != PS_DECL)
			continue;
		if (!btf_is_composite(t) && !btf_is_fwd(t) &&
		    !(btf_is_any_enum(t) && plan->state[id] == PS_DECL))
			continue;
		name = emit_type_name(plan, id, buf, sizeof(buf), err);
		if (!name)
			return -1;
		sb_add(sb, btf_is_any_enum(t) ? "enum " :
		       btf_is_union(t) || (btf_is_fwd(t) && btf_kflag(t)) ? "union " : "struct ");
		sb_add(sb, name);
		sb_addlit(sb, ";\n");
	}
	sb_add(sb, "\n");
	return 0;
}

/* "int proc_fill_cache(struct file *, ...);": prototypes after every type. */
static int emit_prototypes(const struct btfcc_plan *plan, struct strbuf *sb,
			   struct btfcc_err *err)
{
	size_t i;

	for (i = 0; i < plan->n_funcs; i++) {
		const struct btf_type *t = btf__type_by_id(plan->btf, plan->funcs[i]);
		const char *name = emit_name(plan, t->name_off, err);

		if (!name || emit_decl(plan, sb, t->type, name, 0, err))
			return -1;
		sb_addlit(sb, ";\n");
	}
	if (plan->n_funcs)
		sb_addlit(sb, "\n");
	return 0;
}

int btfcc_plan_emit(const struct btfcc_plan *plan, FILE *out,
		    const struct btfcc_emit_opts *opts, struct btfcc_err *err)
{
	static const struct btfcc_emit_opts defaults;
	struct strbuf sb;
	size_t i;
	int ret;

	if (!opts)
		opts = &defaults;
	if (plan->broken) {
		btfcc_err_set(err, BTFCC_E_INVALID, "internal error: a request failed half-way; the plan is "
			      "incomplete and cannot be emitted");
		return -1;
	}
	memset(plan->emit_flags, 0, plan->n_types);
	emit_mark_held(plan);
	sb_init(&sb);
	sb_add(&sb, "/*\n * Generated by btfcc");
	if (opts->source_desc)
		sb_addf(&sb, " from the BTF of %s", opts->source_desc);
	sb_add(&sb, ". Do not edit.\n"
	       " * The layouts below are the kernel's own; each _Static_assert proves the\n"
	       " * compiler lays the type out exactly as BTF describes it.\n */\n\n");
	ret = emit_forward_decls(plan, &sb, err);
	for (i = 0; !ret && i < plan->n_order; i++)
		ret = emit_definition(plan, &sb, plan->order[i], opts, err);
	if (!ret)
		ret = emit_prototypes(plan, &sb, err);
	for (i = 0; !ret && !opts->no_checks && i < plan->n_order; i++) {
		__u32 id = plan->order[i];

		if (plan->state[id] == PS_FULL && btf_is_typedef(btf__type_by_id(plan->btf, id)))
			ret = emit_checks(plan, &sb, id, err);
	}
	for (i = 0; !ret && !opts->no_checks && i < plan->n_checks; i++) {
		if (opts->explain)
			emit_why(plan, &sb, "header layout checked: ", plan->checks[i]);
		ret = emit_checks(plan, &sb, plan->checks[i], err);
	}
	if (!ret && (fwrite(sb.buf, 1, sb.len, out) != sb.len || fflush(out))) {
		btfcc_err_set(err, BTFCC_E_IO, "cannot write the header");
		ret = -1;
	}
	sb_free(&sb);
	return ret;
}
