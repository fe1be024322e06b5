// SPDX-License-Identifier: GPL-2.0-only
/*
 * Feature tests: BTFCC_HAS_MEMBER(rq, donor) and friends, answered by the
 * target kernel's BTF and written as macros the compiler and the scan get
 * before line 1. In #if an identifier that is no macro is 0, so even a
 * test btfcc did not see reads as "absent"; in C code every test the
 * module makes is defined, 0 or 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/feature.h"
#include "engine/type_index.h"
#include "util/xalloc.h"

static const char *const kinds[] = { "STRUCT", "UNION", "ENUM", "TYPEDEF", "MEMBER", "ENUMERATOR" };
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

static bool record_has_member(const struct type_index *idx, const char *rec, const char *member)
{
	static const enum btfcc_ns tags[] = { BTFCC_NS_STRUCT, BTFCC_NS_UNION };
	const __u32 *ids;

	for (size_t t = 0; t < 2; t++) {
		size_t n = type_index_find(idx, tags[t], rec, &ids);

		for (size_t i = 0; i < n; i++)
			if (type_has_member(type_index_btf(idx), ids[i], member))
				return true;
	}
	return false;
}

static int answer(const struct type_index *idx, const char *kind, const char *a, const char *b)
{
	const __u32 *ids;

	if (!strcmp(kind, "MEMBER"))
		return b && record_has_member(idx, a, b);
	if (!strcmp(kind, "ENUMERATOR"))
		return type_index_find_enumerator(idx, a, &ids) > 0;
	for (enum btfcc_ns ns = BTFCC_NS_STRUCT; ns <= BTFCC_NS_TYPEDEF; ns++)
		if (!strcmp(kind, kinds[ns]))
			return type_index_find(idx, ns, a, &ids) > 0;
	return -1;
}

static void put_definers(struct strbuf *sb)
{
	for (size_t k = 0; k < N_KINDS; k++)
		sb_addf(sb, "#define BTFCC_HAS_%s(%s) BTFCC_HAS_%s__##%s\n", kinds[k],
			strcmp(kinds[k], "MEMBER") ? "name" : "rec, member", kinds[k],
			strcmp(kinds[k], "MEMBER") ? "name" : "rec##__##member");
}

int btfcc_features_emit(const struct btf *btf, const char *const *uses, size_t n,
			const char *desc, struct strbuf *out, struct btfcc_err *err)
{
	struct type_index *idx = type_index_new(btf);
	int ret = 0;

	if (!idx)
		return btfcc_err_set(err, BTFCC_E_FORMAT, "cannot index the BTF");
	sb_addf(out, "/* btfcc feature tests, answered by the BTF of %s. Do not edit. */\n"
		"#ifndef BTFCC_FEATURES_H\n#define BTFCC_FEATURES_H\n", desc);
	put_definers(out);
	for (size_t i = 0; i < n && !ret; i++) {
		char kind[32], a[256], b[256] = "";
		int has;

		if (sscanf(uses[i], "%31s %255s %255s", kind, a, b) < 2) {
			ret = btfcc_err_set(err, BTFCC_E_INVALID, "malformed feature test '%s'", uses[i]);
			break;
		}
		has = answer(idx, kind, a, *b ? b : NULL);
		if (has < 0)
			ret = btfcc_err_set(err, BTFCC_E_INVALID, "BTFCC_HAS_%s is no feature test "
					    "(STRUCT, UNION, ENUM, TYPEDEF, MEMBER, ENUMERATOR)", kind);
		else if (*b)
			sb_addf(out, "#define BTFCC_HAS_%s__%s__%s %d\n", kind, a, b, has);
		else
			sb_addf(out, "#define BTFCC_HAS_%s__%s %d\n", kind, a, has);
	}
	sb_add(out, "#endif\n");
	type_index_free(idx);
	return ret;
}
