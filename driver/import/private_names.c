// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fast path's lines of the names index (driver/btf_names.c): which of
 * BTF's records no kernel header defines ("?struct rq"), and which members
 * of the records headers do define point to one of those ("?->cfs_rq", as
 * in current->se.cfs_rq->rq). A file that names the one or dereferences
 * the other will import, so btfcc skips its doomed first compile
 * (docs/driver.md, "Fast path"). Lexical over the headers, once per BTF.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <bpf/btf.h>

#include "../driver.h"
#include "util/c_text.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/strmap.h"

/* A kernel tree's headers are some 40 MB in 6,000 files: deep enough. */
#define MAX_DEPTH 16

/* "struct NAME {" and "union NAME {" in one header's text. */
static void defined_in(const char *text, size_t len, struct strmap *defined)
{
	const char *end = text + len;

	for (const char *p = text; p < end; p++) {
		size_t kw = 0, n;
		const char *q;

		if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		if (!strncmp(p, "struct", 6))
			kw = 6;
		else if (!strncmp(p, "union", 5))
			kw = 5;
		if (!kw || (p[kw] != ' ' && p[kw] != '\t'))
			continue;
		for (q = p + kw; q < end && (*q == ' ' || *q == '\t'); q++)
			;
		n = c_ident_len(q, end);
		if (!n || n >= 256)
			continue;
		p = q + n;
		for (q = p; q < end && (*q == ' ' || *q == '\t' || *q == '\n'); q++)
			;
		if (q < end && *q == '{') {
			char name[256];

			memcpy(name, p - n, n);
			name[n] = 0;
			strmap_put(defined, name, 1);
		}
	}
}

static void walk_headers(const char *dir, int depth, struct strmap *defined)
{
	DIR *d = depth < MAX_DEPTH ? opendir(dir) : NULL;
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		char *path, *text;
		struct stat st;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
			walk_headers(path, depth + 1, defined);
		} else if (n > 2 && !strcmp(e->d_name + n - 2, ".h") &&
			   (text = util_read_text(path, &len))) {
			defined_in(text, len, defined);
			free(text);
		}
		free(path);
	}
	closedir(d);
}

/* The record a member of this type points to (typedefs, modifiers seen through). */
static const struct btf_type *pointee_record(const struct btf *btf, __u32 type)
{
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, type));

	if (!t || !btf_is_ptr(t))
		return NULL;
	t = btf__type_by_id(btf, btf__resolve_type(btf, t->type));
	return t && btf_is_composite(t) && t->name_off ? t : NULL;
}

static bool is_private(const struct btf *btf, const struct btf_type *t,
		       const struct strmap *defined)
{
	size_t v;

	return !strmap_get(defined, btf__name_by_offset(btf, t->name_off), &v);
}

/*
 * Member names of record t (anonymous members looked into): those that
 * point to a private record into priv, every other into other. Only a name
 * that nowhere means anything else predicts ("->next" does not).
 */
static void member_names(const struct btf *btf, const struct btf_type *t,
			 const struct strmap *defined, struct strmap *priv, struct strmap *other,
			 int depth)
{
	const struct btf_member *m = btf_members(t);

	for (int i = 0; i < btf_vlen(t) && depth < MAX_DEPTH; i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);
		const struct btf_type *p, *mt;

		if (!name || !*name) {
			mt = btf__type_by_id(btf, btf__resolve_type(btf, m->type));
			if (mt && btf_is_composite(mt))
				member_names(btf, mt, defined, priv, other, depth + 1);
			continue;
		}
		p = pointee_record(btf, m->type);
		strmap_put(p && is_private(btf, p, defined) ? priv : other, name, 1);
	}
}

static void deref_lines(const struct strmap *priv, const struct strmap *other,
			struct strbuf *sb)
{
	size_t v;

	for (size_t i = 0; i < priv->cap; i++) {
		const char *name = priv->slots[i].key;

		if (!name || strmap_get(other, name, &v))
			continue;
		sb_addlit(sb, "?->");
		sb_add(sb, name);
		sb_addlit(sb, "\n");
	}
}

void private_names_lines(const struct btf *btf, const struct strvec *dirs, struct strbuf *sb)
{
	struct strmap defined = { 0 }, priv = { .borrow = true }, other = { .borrow = true };
	__u32 n = btf__type_cnt(btf);

	for (int i = 0; i < dirs->n; i++)
		walk_headers(dirs->v[i], 0, &defined);
	if (!defined.len)
		goto out;	/* no headers seen: predicting would be guessing */
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name;

		if (!btf_is_composite(t) || !t->name_off)
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (is_private(btf, t, &defined)) {
			sb_add(sb, btf_is_union(t) ? "?union " : "?struct ");
			sb_add(sb, name);
			sb_addlit(sb, "\n");
		} else {
			member_names(btf, t, &defined, &priv, &other, 0);
		}
	}
	deref_lines(&priv, &other, sb);
out:
	strmap_free(&defined);
	strmap_free(&priv);
	strmap_free(&other);
}
