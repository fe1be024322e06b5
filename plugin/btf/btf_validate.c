// SPDX-License-Identifier: GPL-2.0-only
/*
 * What libbpf 1.1's btf__new() does not check: that every name offset
 * lies inside the string section and every type id refers to a type that
 * exists. Without this a damaged file loads and later yields garbage
 * names or reads past the end of libbpf's type array.
 *
 * Then what the kernel's own BTF verifier refuses too (its resolve pass,
 * MAX_RESOLVE_DEPTH): a type that contains itself, and nesting past a
 * depth. Everything above walks types recursively or in loops that assume
 * both (docs/fuzzing.md).
 */
#include <stdio.h>
#include <stdlib.h>

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

/* As the kernel's verifier: a typedef has a name; a kind without members has vlen 0. */
static int check_meta(struct vctx *v, const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FUNC_PROTO:
	case BTF_KIND_DATASEC:
	case BTF_KIND_FUNC:	/* vlen is its linkage */
		return 0;
	case BTF_KIND_TYPEDEF:
		if (!t->name_off)
			return btfcc_err_set(v->err, BTFCC_E_FORMAT, "corrupt BTF (type [%u]: a typedef "
					     "without a name)", v->id);
		break;
	}
	if (!btf_vlen(t))
		return 0;
	return btfcc_err_set(v->err, BTFCC_E_FORMAT, "corrupt BTF (type [%u]: vlen %u on a kind %u, "
			     "which has no members)", v->id, btf_vlen(t), btf_kind(t));
}

static int check_type(struct vctx *v, const struct btf_type *t)
{
	if (check_name(v, t->name_off, "its") || check_meta(v, t))
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

/*
 * Where C writes a type inside another: typedefs, modifiers and arrays
 * name their target, records hold their members by value. A pointer or a
 * prototype stops that, except when what it refers to has no name (an
 * anonymous record, another pointer or prototype, through modifiers and
 * arrays): that is written out in place too, so it may not loop either.
 */
static __u32 inline_target(const struct btf *btf, __u32 id)
{
	const struct btf_type *t;
	int hops;

	for (hops = 0; hops <= BTFCC_MAX_NESTING; hops++) {
		t = btf__type_by_id(btf, id);
		if (!id || !t)
			return 0;
		if (btf_is_mod(t) || btf_is_type_tag(t))
			id = t->type;
		else if (btf_is_array(t))
			id = btf_array(t)->type;
		else
			break;
	}
	if (hops > BTFCC_MAX_NESTING)
		return id;	/* a modifier loop: the walk reports it */
	if (btf_is_ptr(t) || btf_is_func_proto(t) ||
	    (!t->name_off && (btf_is_composite(t) || btf_is_any_enum(t))))
		return id;
	return 0;
}

/* How many types are written inside id: nested()'s slots. */
static __u32 nested_count(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_ARRAY:
	case BTF_KIND_PTR:
		return 1;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return btf_vlen(t);
	case BTF_KIND_FUNC_PROTO:
		return btf_vlen(t) + 1u;
	}
	return 0;
}

/* The i-th type written inside t (0: none there). */
static __u32 nested(const struct btf *btf, const struct btf_type *t, __u32 i)
{
	switch (btf_kind(t)) {
	case BTF_KIND_ARRAY:
		return btf_array(t)->type;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return btf_members(t)[i].type;
	case BTF_KIND_PTR:
		return inline_target(btf, t->type);
	case BTF_KIND_FUNC_PROTO:
		return inline_target(btf, i ? btf_params(t)[i - 1].type : t->type);
	}
	return t->type;
}

struct frame {
	__u32 id, next;
};

enum { WHITE, GREY, BLACK };

static int too_deep(struct vctx *v, __u32 root)
{
	return btfcc_err_set(v->err, BTFCC_E_LIMIT, "BTF type [%u] nests types more than %d deep "
			     "(typedefs, modifiers, arrays, members); btfcc refuses deeper BTF "
			     "(real kernels stay under 50)", root, BTFCC_MAX_NESTING);
}

/*
 * Depth-first from root over nested(), without recursion: the stack is an
 * array of at most BTFCC_MAX_NESTING frames. depth[] is the longest chain
 * below each finished type, so a deep chain reached again is still deep.
 */
static int walk_nesting(struct vctx *v, __u32 root, unsigned char *color, __u16 *depth,
			struct frame *stack)
{
	size_t sp = 0;

	stack[sp++] = (struct frame){ root, 0 };
	color[root] = GREY;
	while (sp) {
		struct frame *f = &stack[sp - 1];
		const struct btf_type *t = btf__type_by_id(v->btf, f->id);
		__u32 c;

		if (f->next == nested_count(t)) {
			color[f->id] = BLACK;
			if (--sp && depth[f->id] + 1 > depth[stack[sp - 1].id])
				depth[stack[sp - 1].id] = depth[f->id] + 1;
			if (sp && depth[stack[sp - 1].id] >= BTFCC_MAX_NESTING)
				return too_deep(v, root);
			continue;
		}
		c = nested(v->btf, t, f->next++);
		if (!c || c >= v->n)
			continue;
		if (color[c] == GREY)
			return btfcc_err_set(v->err, BTFCC_E_FORMAT, "corrupt BTF (type [%u] contains "
					     "itself: a loop of typedefs, modifiers, arrays, members or "
					     "anonymous types, which C cannot write)", c);
		if (color[c] == WHITE) {
			if (sp == BTFCC_MAX_NESTING)
				return too_deep(v, root);
			color[c] = GREY;
			stack[sp++] = (struct frame){ c, 0 };
		} else if (depth[c] + 1 > depth[f->id]) {
			depth[f->id] = depth[c] + 1;
			if (depth[f->id] >= BTFCC_MAX_NESTING)
				return too_deep(v, root);
		}
	}
	return 0;
}

static int check_nesting(struct vctx *v, __u32 first)
{
	unsigned char *color = calloc(v->n, 1);
	__u16 *depth = calloc(v->n, sizeof(*depth));
	struct frame *stack = calloc(BTFCC_MAX_NESTING, sizeof(*stack));
	int ret = 0;
	__u32 id;

	if (!color || !depth || !stack)
		ret = btfcc_err_set(v->err, BTFCC_E_LIMIT, "out of memory");
	for (id = first; !ret && id < v->n; id++)
		if (color[id] == WHITE)
			ret = walk_nesting(v, id, color, depth, stack);
	free(color);
	free(depth);
	free(stack);
	return ret;
}

int btfcc_btf_validate(const struct btf *btf, struct btfcc_err *err)
{
	const struct btf *base = btf__base_btf(btf);
	struct vctx v = { .btf = btf, .n = btf__type_cnt(btf), .err = err };
	__u32 first = base ? btf__type_cnt(base) : 1;

	/* Split BTF: the base was checked when it was loaded. */
	for (v.id = first; v.id < v.n; v.id++)
		if (check_type(&v, btf__type_by_id(btf, v.id)))
			return -1;
	return check_nesting(&v, first);
}
