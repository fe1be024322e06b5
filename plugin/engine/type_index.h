/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_TYPE_INDEX_H
#define BTFCC_TYPE_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <bpf/btf.h>

#include "util/err.h"
#include "engine/plan.h"

/*
 * Name lookup over a BTF: which type ids carry "struct foo", "union foo",
 * "enum foo" or the typedef "foo". btf__find_by_name_kind() returns one id;
 * BTF may hold several types of one name in different shapes, and btfcc
 * must see them all to choose or to refuse.
 */
struct type_index;

struct type_index *type_index_new(const struct btf *btf);
void type_index_free(struct type_index *idx);
const struct btf *type_index_btf(const struct type_index *idx);

/* Full definitions (not FWD) named name in namespace ns. */
size_t type_index_find(const struct type_index *idx, enum btfcc_ns ns, const char *name,
		       const __u32 **ids);

/* Declarations (BTF FWD) of struct or union name; none for other namespaces. */
size_t type_index_find_fwd(const struct type_index *idx, enum btfcc_ns ns, const char *name,
			   const __u32 **ids);

/* Enums (ENUM and ENUM64 ids, in BTF order) that have an enumerator name. */
size_t type_index_find_enumerator(const struct type_index *idx, const char *name,
				  const __u32 **ids);

/* The namespace a BTF type's name lives in; false for unnamed or other kinds. */
bool type_index_ns_of(const struct btf_type *t, enum btfcc_ns *ns);

/*
 * Resolve a request to one type id: filter same-named candidates by the
 * member names the code uses, treat identical shapes as one, and fail with
 * the candidates listed (ambiguous) or near names suggested (unknown).
 */
int type_index_resolve(const struct type_index *idx, const struct btfcc_request *req,
		       __u32 *id, struct btfcc_err *err);

/* True when struct/union id has a member name, looking into anonymous members. */
bool type_has_member(const struct btf *btf, __u32 id, const char *name);
/* The same, and *type: that member's type id; *btf_name: BTF's copy of name. */
bool type_member_type(const struct btf *btf, __u32 id, const char *name, __u32 *type,
		      const char **btf_name);

/* True when two records have the same size and the same member names and offsets. */
bool type_same_shape(const struct btf *btf, __u32 a, __u32 b);

#endif
