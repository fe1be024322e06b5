// SPDX-License-Identifier: GPL-2.0-only
/*
 * What libbpf 1.1's btf__new() does not check: that every name offset
 * lies inside the string section and every type id refers to a type that
 * exists. Without this a damaged file loads and later yields garbage
 * names or reads past the end of libbpf's type array.
 */
#include <stdio.h>

#include "btf/btf_internal.h"

struct vctx {
	const struct btf *btf;
	__u32 id, n;
	struct btfcc_err *err;
};

static int check_name(struct vctx *v, __u32 off, const char *what)
{
	if (btf__name_by_offset(v->btf, off))
		return 0;
	btfcc_err_set(v->err, BTFCC_E_FORMAT, "corrupt BTF (type [%u]: %s name offset %u is past the string "
		      "section)", v->id, what, off);
	return -1;
}

static int check_ref(struct vctx *v, __u32 ref, const char *what)
{
	if (ref < v->n)
		return 0;
	btfcc_err_set(v->err, BTFCC_E_FORMAT, "corrupt BTF (type [%u]: %s refers to type [%u], there are %u)",
		      v->id, what, ref, v->n - 1);
	return -1;
}

static int check_members(struct vctx *v, const struct btf_type *t)
{
	const struct btf_member *m = btf_members(t);
	__u16 i;

	for (i = 0; i < btf_vlen(t); i++, m++)
		if (check_name(v, m->name_off, "member") || check_ref(v, m->type, "a member"))
			return -1;
	return 0;
}

static int check_params(struct vctx *v, const struct btf_type *t)
{
	const struct btf_param *p = btf_params(t);
	__u16 i;

	for (i = 0; i < btf_vlen(t); i++, p++)
		if (check_name(v, p->name_off, "parameter") ||
		    check_ref(v, p->type, "a parameter"))
			return -1;
	return check_ref(v, t->type, "the return type");
}

static int check_enum(struct vctx *v, const struct btf_type *t)
{
	__u16 i;

	for (i = 0; i < btf_vlen(t); i++) {
		__u32 off = btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;

		if (check_name(v, off, "enumerator"))
			return -1;
	}
	return 0;
}

static int check_datasec(struct vctx *v, const struct btf_type *t)
{
	const struct btf_var_secinfo *s = btf_var_secinfos(t);
	__u16 i;

	for (i = 0; i < btf_vlen(t); i++, s++)
		if (check_ref(v, s->type, "a section variable"))
			return -1;
	return 0;
}

static int check_type(struct vctx *v, const struct btf_type *t)
{
	if (check_name(v, t->name_off, "its"))
		return -1;
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return check_members(v, t);
	case BTF_KIND_FUNC_PROTO:
		return check_params(v, t);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return check_enum(v, t);
	case BTF_KIND_DATASEC:
		return check_datasec(v, t);
	case BTF_KIND_ARRAY:
		return check_ref(v, btf_array(t)->type, "the element type") ||
		       check_ref(v, btf_array(t)->index_type, "the index type") ? -1 : 0;
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_DECL_TAG:
		return check_ref(v, t->type, "it");
	default:	/* INT, FWD, FLOAT: no references */
		return 0;
	}
}

int btfcc_btf_validate(const struct btf *btf, struct btfcc_err *err)
{
	const struct btf *base = btf__base_btf(btf);
	struct vctx v = { .btf = btf, .n = btf__type_cnt(btf), .err = err };

	/* Split BTF: the base was checked when it was loaded. */
	for (v.id = base ? btf__type_cnt(base) : 1; v.id < v.n; v.id++)
		if (check_type(&v, btf__type_by_id(btf, v.id)))
			return -1;
	return 0;
}
