/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_PLAN_H
#define BTFCC_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <bpf/btf.h>

#include "util/err.h"

/*
 * The C tag namespaces a type name can live in. "struct foo", "union foo",
 * "enum foo" and the ordinary identifier "foo" (typedefs) are four names.
 */
enum btfcc_ns {
	BTFCC_NS_STRUCT,
	BTFCC_NS_UNION,
	BTFCC_NS_ENUM,
	BTFCC_NS_TYPEDEF,
	/*
	 * Requests only: an ordinary identifier the code uses as a value, not
	 * a type, that no header declares: an enumerator or a function.
	 */
	BTFCC_NS_IDENT,
};

const char *btfcc_ns_keyword(enum btfcc_ns ns);	/* "struct", ..., "typedef" */

/* One type the translation unit needs from BTF. */
struct btfcc_request {
	enum btfcc_ns ns;
	const char *name;
	/*
	 * Member names the code uses on this type: picks the right one when
	 * BTF has several types of this name in different shapes.
	 */
	const char *const *hints;
	size_t n_hints;
	/*
	 * Member chains the code follows from this type, "rq->cpu" of
	 * "cfs_rq->rq->cpu": each "->" step needs the pointee's layout too,
	 * which clang cannot report while this type is incomplete.
	 */
	const char *const *paths;
	size_t n_paths;
	/* "file.c:12:5": where the need comes from, for messages and --why. */
	const char *origin;
	/* The main file's line of that need (0: none), to inject before the first. */
	unsigned origin_line;
	/*
	 * The code needs no layout (pointers only, or btfcc-dump): a type the
	 * kernel only declares is emitted as a declaration, not refused. Zero,
	 * the default, means a by-value need.
	 */
	bool decl_ok;
	/* BTFCC_NS_IDENT: the identifier is called (not only named, as in typeof). */
	bool call;
};

/*
 * What the translation unit already defines. The engine never emits a type
 * the TU has a complete definition of; it refers to it by name and checks
 * that the headers and BTF agree on its size when an imported type embeds it
 * by value. A NULL has() means "the TU defines nothing" (btfcc-dump).
 */
struct btfcc_defined {
	bool (*has)(void *ctx, enum btfcc_ns ns, const char *name);
	/* sizeof of the TU's definition in bytes, or -1 when unknown. */
	long long (*size_of)(void *ctx, enum btfcc_ns ns, const char *name);
	/* _Alignof of the TU's definition in bytes, or -1 when unknown. */
	long long (*align_of)(void *ctx, enum btfcc_ns ns, const char *name);
	/*
	 * Optional: told of each TU type the plan refers to by name instead
	 * of emitting it, which must then be defined before the imports.
	 */
	void (*used)(void *ctx, enum btfcc_ns ns, const char *name);
	void *ctx;
};

struct btfcc_plan;

struct btfcc_plan *btfcc_plan_new(const struct btf *btf, const struct btfcc_defined *defined);
void btfcc_plan_free(struct btfcc_plan *plan);

/*
 * Resolve req against BTF and add it with everything it needs: full
 * definitions for by-value uses, forward declarations for pointees.
 * A type the TU already defines is not emitted, but its header layout is
 * checked against BTF (the //BTF_INCLUDE on a public type case).
 * Fails with a one-line message when the name is unknown (suggesting near
 * names), ambiguous (listing the candidates), or when a header-defined type
 * an import embeds has a different size than in BTF.
 */
int btfcc_plan_add(struct btfcc_plan *plan, const struct btfcc_request *req,
		   struct btfcc_err *err);

/* What an identifier request turned out to be in BTF. */
enum btfcc_ident_kind {
	BTFCC_IDENT_NONE,	/* BTF has no such enumerator or function */
	BTFCC_IDENT_ENUMERATOR,	/* its enum is defined */
	BTFCC_IDENT_FUNCTION,	/* its prototype is declared */
};

/*
 * Add a BTFCC_NS_IDENT request: the enum that defines the enumerator
 * req->name, or the prototype of function req->name with the types it
 * names. *kind says which; BTFCC_IDENT_NONE adds nothing and is no error
 * (the compiler's own message about the name stands). Fails when enums of
 * different values define the name.
 */
int btfcc_plan_add_ident(struct btfcc_plan *plan, const struct btfcc_request *req,
			 enum btfcc_ident_kind *kind, struct btfcc_err *err);

/*
 * True once a btfcc_plan_add failed after it had started changing the plan
 * (not for an unknown or ambiguous name). Such a plan is not emitted; to go
 * on without the refused request, build a new plan from the accepted ones.
 */
bool btfcc_plan_broken(const struct btfcc_plan *plan);

/* Number of types the plan will define (forward declarations excluded). */
size_t btfcc_plan_count(const struct btfcc_plan *plan);

struct btfcc_emit_opts {
	/* Emit _Static_assert()s on sizeof and member offsets (default on). */
	bool no_checks;
	/* Comment each definition with the reason it was pulled in. */
	bool explain;
	/* Text for the header's first comment line, e.g. the BTF source. */
	const char *source_desc;
};

/*
 * Print the header: forward declarations, then definitions in dependency
 * order, each followed by its layout checks. Writes nothing on error.
 */
int btfcc_plan_emit(const struct btfcc_plan *plan, FILE *out,
		    const struct btfcc_emit_opts *opts, struct btfcc_err *err);

/* One line per planned type: what it is and why it was pulled in. */
void btfcc_plan_explain(const struct btfcc_plan *plan, FILE *out);

/*
 * Comma-separated member names of the BTF type ns/name (anonymous members
 * flattened), for the note after a typo in a member name. Returns -1 when
 * BTF has no such type.
 */
int btfcc_members_list(const struct btf *btf, enum btfcc_ns ns, const char *name,
		       char *buf, size_t len);
/*
 * The members of ns/name nearest to the unknown member, quoted and
 * comma-separated, nearest first, at most NEAREST_MAX ("" when none is
 * near). -1 when BTF has no such record.
 */
int btfcc_members_near(const struct btf *btf, enum btfcc_ns ns, const char *name,
		       const char *member, char *buf, size_t len);

#endif
