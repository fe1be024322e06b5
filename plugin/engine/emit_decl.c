// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>
#include <string.h>

#include "engine/emit_decl.h"
#include "engine/ident.h"

const char *emit_name(const struct btfcc_plan *plan, __u32 name_off, struct btfcc_err *err)
{
	const char *name = btf__name_by_offset(plan->btf, name_off);

	if (!name) {
		btfcc_err_set(err, BTFCC_E_INVALID, "BTF name offset %u is past the string section: the BTF is corrupt",
			      name_off);
		return NULL;
	}
	if (!ident_is_valid(name)) {
		btfcc_err_set(err, BTFCC_E_INVALID, "BTF name '%.64s' is not a C identifier; btfcc will not print it",
			      name);
		return NULL;
	}
	return name;
}

const char *emit_type_name(const struct btfcc_plan *plan, __u32 id, char *buf, size_t len,
			   struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);

	if (!emit_name(plan, t->name_off, err))
		return NULL;
	return plan_c_name(plan, id, buf, len);
}

static bool points_to_declarator(const struct btfcc_plan *plan, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, plan_skip_mods(plan->btf, id));

	return t && (btf_is_array(t) || btf_is_func_proto(t));
}

static int emit_params(const struct btfcc_plan *plan, struct strbuf *inner,
		       const struct btf_type *t, struct btfcc_err *err)
{
	const struct btf_param *p = btf_params(t);
	int i;

	sb_add(inner, "(");
	if (!btf_vlen(t))
		sb_add(inner, "void");
	/*
	 * A lone type-0 parameter is how BTF writes a K&R "()" prototype;
	 * "(...)" with no named parameter before it is not C.
	 */
	if (btf_vlen(t) == 1 && !p->type) {
		sb_add(inner, ")");
		return 0;
	}
	for (i = 0; i < btf_vlen(t); i++, p++) {
		const char *name = btf__name_by_offset(plan->btf, p->name_off);
		struct strbuf param;
		int ret;

		if (i)
			sb_add(inner, ", ");
		if (!p->type && i + 1 < btf_vlen(t)) {
			btfcc_err_set(err, BTFCC_E_INVALID, "a function prototype in BTF has '...' before its "
				      "last parameter, which C cannot express: the BTF is corrupt");
			return -1;
		}
		if (!p->type) {
			sb_add(inner, "...");
			continue;
		}
		sb_init(&param);
		ret = emit_decl(plan, &param, p->type,
				name && ident_is_valid(name) ? name : "", 1, err);
		sb_add(inner, sb_str(&param));
		sb_free(&param);
		if (ret)
			return ret;
	}
	sb_add(inner, ")");
	return 0;
}

/* The base type's spelling: a keyword type, a tag, a typedef, or an inline body. */
static int emit_base(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id, int depth,
		     struct btfcc_err *err)
{
	const struct btf_type *t = btf__type_by_id(plan->btf, id);
	char buf[PLAN_NAME_MAX];
	const char *name;

	if (!id) {
		sb_add(sb, "void");
		return 0;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
		name = ident_base_type(plan->btf, t);
		if (!name) {
			btfcc_err_set(err, BTFCC_E_INVALID, "BTF type id %u: no C type has %u bytes", id, t->size);
			return -1;
		}
		sb_add(sb, name);
		return 0;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_FWD:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (!t->name_off && plan_hoisted(plan, id)) {
			sb_addf(sb, "%s " EMIT_HOISTED_FMT, btf_is_any_enum(t) ? "enum" :
				btf_is_union(t) ? "union" : "struct", id);
			return 0;
		}
		if (!t->name_off) {
			if (btf_is_any_enum(t))
				return emit_enum_body(plan, sb, id, depth, err);
			return emit_record_body(plan, sb, id, depth, err);
		}
		name = emit_type_name(plan, id, buf, sizeof(buf), err);
		if (!name)
			return -1;
		/* sb_add, not sb_addf: this is every member of a full dump. */
		sb_add(sb, btf_is_any_enum(t) ? "enum " :
		       (btf_is_union(t) || (btf_is_fwd(t) && btf_kflag(t))) ? "union " : "struct ");
		sb_add(sb, name);
		return 0;
	case BTF_KIND_TYPEDEF:
		name = emit_type_name(plan, id, buf, sizeof(buf), err);
		if (!name)
			return -1;
		sb_add(sb, name);
		return 0;
	}
	btfcc_err_set(err, BTFCC_E_INVALID, "BTF type id %u of kind %u cannot be the type of a declaration",
		      id, btf_kind(t));
	return -1;
}

static const char *qualifier(const struct btf_type *t)
{
	return btf_is_const(t) ? "const" : btf_is_volatile(t) ? "volatile" : "restrict";
}

int emit_decl(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id, const char *name,
	      int depth, struct btfcc_err *err)
{
	struct strbuf inner, quals;
	const struct btf_type *t;
	int ret = 0;

	sb_init(&inner);
	sb_init(&quals);
	sb_add(&inner, name);
	while (id && !ret) {
		t = btf__type_by_id(plan->btf, id);
		if (!t) {
			btfcc_err_set(err, BTFCC_E_INVALID, "BTF type id %u is out of range: the BTF is corrupt", id);
			ret = -1;
			break;
		}
		if (btf_is_type_tag(t)) {
			id = t->type;
		} else if (btf_is_mod(t)) {
			const struct btf_type *next = btf__type_by_id(plan->btf,
							plan_skip_mods(plan->btf, t->type));

			/* A qualified pointer: "*const p"; anything else: "const int". */
			if (btf_is_restrict(t) && !(next && btf_is_ptr(next))) {
				btfcc_err_set(err, BTFCC_E_INVALID, "BTF type id %u: restrict on a type "
					      "that is no pointer; C cannot write it", id);
				ret = -1;
				break;
			} else if (next && btf_is_ptr(next)) {
				sb_prepend(&inner, " ");
				sb_prepend(&inner, qualifier(t));
			} else if (!strstr(sb_str(&quals), qualifier(t))) {
				/* CONST, ARRAY, CONST chains from pahole: say it once. */
				sb_add(&quals, qualifier(t));
				sb_add(&quals, " ");
			}
			id = t->type;
		} else if (btf_is_ptr(t)) {
			if (points_to_declarator(plan, t->type)) {
				sb_prepend(&inner, "(*");
				sb_add(&inner, ")");
			} else {
				sb_prepend(&inner, "*");
			}
			id = t->type;
		} else if (btf_is_array(t)) {
			sb_addlit(&inner, "[");
			sb_addu(&inner, btf_array(t)->nelems);
			sb_addlit(&inner, "]");
			id = btf_array(t)->type;
		} else if (btf_is_func_proto(t)) {
			ret = emit_params(plan, &inner, t, err);
			id = t->type;
		} else {
			break;
		}
	}
	if (!ret) {
		sb_add(sb, sb_str(&quals));
		ret = emit_base(plan, sb, id, depth, err);
		if (inner.len) {
			sb_add(sb, " ");
			sb_add(sb, sb_str(&inner));
		}
	}
	sb_free(&inner);
	sb_free(&quals);
	return ret;
}
