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

	if (btf_is_typedef(t))
		sb_add(sb, name);
	else
		sb_addf(sb, "%s %s", btf_is_union(t) ? "union" : btf_is_any_enum(t) ? "enum" :
			"struct", name);
}

/*
 * Offsets of every named member, looking into anonymous members, which C
 * lets offsetof() name directly. Bitfields have no address to check.
 */
static void emit_member_checks(const struct btfcc_plan *plan, struct strbuf *sb,
			       const char *texpr, __u32 id, __u64 base_bits)
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
			const char *name = btf__name_by_offset(plan->btf, m->name_off);

			sb_addf(sb, "_Static_assert(__builtin_offsetof(%s, %s) == %llu"
				", \"btfcc: %s.%s: offset differs from BTF\");\n",
				texpr, name, (unsigned long long)off / 8, texpr, name);
			continue;
		}
		mt = btf__type_by_id(plan->btf, plan_skip_mods(plan->btf, m->type));
		if (mt && btf_is_composite(mt))
			emit_member_checks(plan, sb, texpr, m->type, off);
	}
}

static void emit_checks(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id)
{
	__u32 target = btf__resolve_type(plan->btf, id);
	const struct btf_type *t = btf__type_by_id(plan->btf, target);
	struct strbuf texpr;
	__s64 size = btf__resolve_size(plan->btf, id);

	sb_init(&texpr);
	type_expr(plan, id, &texpr);
	if (size >= 0)
		sb_addf(sb, "_Static_assert(sizeof(%s) == %lld"
			", \"btfcc: sizeof(%s) differs from BTF\");\n",
			sb_str(&texpr), (long long)size, sb_str(&texpr));
	if (t && btf_is_composite(t))
		emit_member_checks(plan, sb, sb_str(&texpr), target, 0);
	sb_free(&texpr);
}

static int emit_definition(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id,
			   const struct btfcc_emit_opts *opts, struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	char buf[PLAN_NAME_MAX];
	const char *name;
	int ret;

	if (opts->explain && plan->why[id])
		sb_addf(sb, "/* %s */\n", plan->why[id]);
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
	if (!opts->no_checks && !btf_is_typedef(t))
		emit_checks(plan, sb, id);
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

		if (!btf_is_composite(t) && !btf_is_fwd(t) &&
		    !(btf_is_any_enum(t) && plan->state[id] == PS_DECL))
			continue;
		name = emit_type_name(plan, id, buf, sizeof(buf), err);
		if (!name)
			return -1;
		sb_addf(sb, "%s %s;\n", btf_is_any_enum(t) ? "enum" :
			btf_is_union(t) || (btf_is_fwd(t) && btf_kflag(t)) ? "union" : "struct",
			name);
	}
	sb_add(sb, "\n");
	return 0;
}

static void add_macro(const struct btfcc_plan *plan, struct strbuf *list, const char *name)
{
	char quoted[300];

	if (!name || !*name || !plan->defined.is_macro(plan->defined.ctx, name))
		return;
	snprintf(quoted, sizeof(quoted), "\"%s\"", name);
	if (!strstr(sb_str(list), quoted))
		sb_addf(list, "%s\n", quoted);
}

/* Names the definitions spell that the TU has as macros, one quoted per line. */
static void collect_macro_clashes(const struct btfcc_plan *plan, struct strbuf *list)
{
	__u32 id;
	int i;

	if (!plan->defined.is_macro)
		return;
	for (id = 1; id < plan->n_types; id++) {
		const struct btf_type *t = btf__type_by_id(plan->btf, id);

		if (plan->state[id] != PS_FULL && plan->state[id] != PS_INLINE &&
		    plan->state[id] != PS_DECL && plan->state[id] != PS_TYPEDEF)
			continue;
		add_macro(plan, list, btf__name_by_offset(plan->btf, t->name_off));
		for (i = 0; btf_is_composite(t) && i < btf_vlen(t); i++)
			add_macro(plan, list, btf__name_by_offset(plan->btf,
								  btf_members(t)[i].name_off));
		for (i = 0; btf_is_enum(t) && i < btf_vlen(t); i++)
			add_macro(plan, list, btf__name_by_offset(plan->btf,
								  btf_enum(t)[i].name_off));
		for (i = 0; btf_is_enum64(t) && i < btf_vlen(t); i++)
			add_macro(plan, list, btf__name_by_offset(plan->btf,
								  btf_enum64(t)[i].name_off));
	}
}

/* Suspend (or restore) each macro of list around the definitions. */
static void emit_macro_guard(struct strbuf *sb, const char *list, bool push)
{
	const char *p = list, *nl;

	while ((nl = strchr(p, '\n'))) {
		int len = (int)(nl - p);

		if (push)
			sb_addf(sb, "#pragma push_macro(%.*s)\n#undef %.*s\n", len, p, len - 2,
				p + 1);
		else
			sb_addf(sb, "#pragma pop_macro(%.*s)\n", len, p);
		p = nl + 1;
	}
}

int btfcc_plan_emit(const struct btfcc_plan *plan, FILE *out,
		    const struct btfcc_emit_opts *opts, struct btfcc_err *err)
{
	static const struct btfcc_emit_opts defaults;
	struct strbuf sb, macros;
	size_t i;
	int ret;

	if (!opts)
		opts = &defaults;
	sb_init(&sb);
	sb_add(&sb, "/*\n * Generated by btfcc");
	if (opts->source_desc)
		sb_addf(&sb, " from the BTF of %s", opts->source_desc);
	sb_add(&sb, ". Do not edit.\n"
	       " * The layouts below are the kernel's own; each _Static_assert proves the\n"
	       " * compiler lays the type out exactly as BTF describes it.\n */\n\n");
	sb_init(&macros);
	collect_macro_clashes(plan, &macros);
	emit_macro_guard(&sb, sb_str(&macros), true);
	ret = emit_forward_decls(plan, &sb, err);
	for (i = 0; !ret && i < plan->n_order; i++)
		ret = emit_definition(plan, &sb, plan->order[i], opts, err);
	for (i = 0; !ret && !opts->no_checks && i < plan->n_order; i++) {
		__u32 id = plan->order[i];

		if (plan->state[id] == PS_FULL && btf_is_typedef(btf__type_by_id(plan->btf, id)))
			emit_checks(plan, &sb, id);
	}
	for (i = 0; !ret && !opts->no_checks && i < plan->n_checks; i++) {
		if (opts->explain && plan->why[plan->checks[i]])
			sb_addf(&sb, "/* header layout checked: %s */\n", plan->why[plan->checks[i]]);
		emit_checks(plan, &sb, plan->checks[i]);
	}
	emit_macro_guard(&sb, sb_str(&macros), false);
	sb_free(&macros);
	if (!ret && sb.oom) {
		btfcc_err_set(err, "out of memory");
		ret = -1;
	}
	if (!ret && (fwrite(sb.buf, 1, sb.len, out) != sb.len || fflush(out))) {
		btfcc_err_set(err, "cannot write the header");
		ret = -1;
	}
	sb_free(&sb);
	return ret;
}
