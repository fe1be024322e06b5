// SPDX-License-Identifier: GPL-2.0-only
/*
 * Is a module's own definition of a kernel type (a copy) still the
 * kernel's layout? Members are compared by name, in the copy's order, with
 * anonymous members flattened on both sides (4.19's proc_fops and 6.1's
 * anonymous union of proc_ops/proc_dir_ops sit at the same offset), so the
 * first difference named is the one that breaks the module first.
 *
 * A copy is what shares at least half of its member (enumerator) names
 * with the kernel's type: a module's own struct node { int val; struct
 * node *next; } has nothing in common with the kernel's struct node and
 * gets no word, a 4.19 struct proc_dir_entry shares all but one name.
 */
#include <string.h>

#include "engine/copy_check.h"

/* Named member 'name' of record id, anonymous members looked into; offset in bits. */
static bool member_offset(const struct btf *btf, __u32 id, const char *name, long long base,
			  long long *off)
{
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, id));
	const struct btf_member *m;

	if (!t || !btf_is_composite(t))
		return false;
	m = btf_members(t);
	for (int i = 0; i < btf_vlen(t); i++, m++) {
		long long at = base + btf_member_bit_offset(t, i);
		const char *mn = btf__name_by_offset(btf, m->name_off);

		if (!mn || !*mn) {
			if (member_offset(btf, m->type, name, at, off))
				return true;
		} else if (!strcmp(mn, name)) {
			*off = at;
			return true;
		}
	}
	return false;
}

/* The first named member at bit offset 'want' (anonymous members looked into). */
static const char *member_at(const struct btf *btf, __u32 id, long long want, long long base)
{
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, id));
	const struct btf_member *m;

	if (!t || !btf_is_composite(t))
		return NULL;
	m = btf_members(t);
	for (int i = 0; i < btf_vlen(t); i++, m++) {
		long long at = base + btf_member_bit_offset(t, i);
		const char *mn = btf__name_by_offset(btf, m->name_off), *sub;

		if (mn && *mn) {
			if (at == want)
				return mn;
		} else if ((sub = member_at(btf, m->type, want, at))) {
			return sub;
		}
	}
	return NULL;
}

/* Offsets as people read them: bytes, or bits for a bitfield. */
static void put_offset(struct strbuf *sb, long long bits)
{
	if (bits % 8)
		sb_addf(sb, "bit %lld", bits);
	else
		sb_addf(sb, "%lld", bits / 8);
}

/* Does the copy share at least half of its names with BTF type id? */
static bool looks_copied(const struct btf *btf, __u32 id, const struct btfcc_copy *c,
			 bool (*has)(const struct btf *, __u32, const char *))
{
	size_t shared = 0;

	for (size_t i = 0; i < c->n_items; i++)
		shared += has(btf, id, c->items[i].name);
	return c->n_items && shared * 2 >= c->n_items;
}

static bool record_has(const struct btf *btf, __u32 id, const char *name)
{
	long long off;

	return member_offset(btf, id, name, 0, &off);
}

static bool record_differs(const struct btf *btf, __u32 id, const struct btfcc_copy *c,
			   struct strbuf *sb)
{
	const char *kw = btfcc_ns_keyword(c->ns);
	const struct btf_type *t = btf__type_by_id(btf, id);

	for (size_t i = 0; i < c->n_items; i++) {
		const struct btfcc_copy_item *it = &c->items[i];
		long long off;
		const char *there;

		if (!member_offset(btf, id, it->name, 0, &off)) {
			sb_addf(sb, "'%s' at offset ", it->name);
			put_offset(sb, it->value);
			sb_addf(sb, " here is not a member of the kernel's %s %s", kw, c->name);
			there = member_at(btf, id, it->value, 0);
			if (there)
				sb_addf(sb, " (it has '%s' there)", there);
			return true;
		}
		if (off != it->value) {
			sb_addf(sb, "'%s' is at offset ", it->name);
			put_offset(sb, it->value);
			sb_add(sb, " here, ");
			put_offset(sb, off);
			sb_add(sb, " in the kernel");
			return true;
		}
	}
	if (c->size != t->size) {
		sb_addf(sb, "it is %lld bytes here, %u in the kernel", c->size, t->size);
		return true;
	}
	return false;
}

static bool enum_value(const struct btf *btf, const struct btf_type *t, const char *name,
		       long long *v)
{
	for (int i = 0; i < btf_vlen(t); i++) {
		const char *en;

		if (btf_is_enum64(t)) {
			const struct btf_enum64 *e = btf_enum64(t) + i;

			en = btf__name_by_offset(btf, e->name_off);
			*v = (long long)btf_enum64_value(e);
		} else {
			const struct btf_enum *e = btf_enum(t) + i;

			en = btf__name_by_offset(btf, e->name_off);
			*v = btf_kflag(t) ? (long long)e->val : (long long)(__u32)e->val;
		}
		if (en && !strcmp(en, name))
			return true;
	}
	return false;
}

static bool enum_has(const struct btf *btf, __u32 id, const char *name)
{
	long long v;

	return enum_value(btf, btf__type_by_id(btf, id), name, &v);
}

static bool enum_differs(const struct btf *btf, __u32 id, const struct btfcc_copy *c,
			 struct strbuf *sb)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	for (size_t i = 0; i < c->n_items; i++) {
		const struct btfcc_copy_item *it = &c->items[i];
		long long v;

		if (!enum_value(btf, t, it->name, &v)) {
			sb_addf(sb, "enumerator %s (%lld here) is not in the kernel's enum %s", it->name,
				it->value, c->name);
			return true;
		}
		/* clang and BTF may disagree on the signedness of a value that fits. */
		if (v != it->value && (__u32)v != (__u32)it->value) {
			sb_addf(sb, "enumerator %s is %lld here, %lld in the kernel", it->name, it->value,
				v);
			return true;
		}
	}
	return false;
}

int btfcc_copy_differs(const struct btf *btf, const struct btfcc_copy *copy, struct strbuf *msg)
{
	__u32 kind = copy->ns == BTFCC_NS_STRUCT ? BTF_KIND_STRUCT :
		     copy->ns == BTFCC_NS_UNION ? BTF_KIND_UNION : BTF_KIND_ENUM;
	__u32 n = btf__type_cnt(btf);
	struct strbuf first;
	bool seen = false;

	if (copy->ns == BTFCC_NS_TYPEDEF)
		return 0;
	sb_init(&first);
	/* Several kernel types may share the name: the copy may be any of them. */
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		struct strbuf sb;
		bool differs;

		if (btf_kind(t) != kind && !(kind == BTF_KIND_ENUM && btf_is_enum64(t)))
			continue;
		if (strcmp(btf__name_by_offset(btf, t->name_off), copy->name))
			continue;
		if (!looks_copied(btf, id, copy, kind == BTF_KIND_ENUM ? enum_has : record_has))
			continue;
		sb_init(&sb);
		differs = kind == BTF_KIND_ENUM ? enum_differs(btf, id, copy, &sb) :
						  record_differs(btf, id, copy, &sb);
		if (!differs) {
			sb_free(&sb);
			sb_free(&first);
			return 0;
		}
		if (!seen)
			sb_add(&first, sb_str(&sb));
		seen = true;
		sb_free(&sb);
	}
	if (seen)
		sb_add(msg, sb_str(&first));
	sb_free(&first);
	return seen;
}
