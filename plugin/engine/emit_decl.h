/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_EMIT_DECL_H
#define BTFCC_EMIT_DECL_H

#include "engine/plan_internal.h"
#include "util/strbuf.h"

/*
 * C declarations of BTF types: "int (*fn)(struct sk_buff *)", "const char
 * *const names[4]", and the bodies of records and enums, anonymous ones
 * written inline where they are used.
 */

/* Append the declaration of name (may be "") with type id at indentation depth. */
int emit_decl(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id, const char *name,
	      int depth, struct btfcc_err *err);

/* Append "struct NAME { ... } attrs" (NAME omitted when anonymous). */
int emit_record_body(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id, int depth,
		     struct btfcc_err *err);

/* Append "enum NAME { ... } attrs". */
int emit_enum_body(const struct btfcc_plan *plan, struct strbuf *sb, __u32 id, int depth,
		   struct btfcc_err *err);

/*
 * An anonymous record or enum that is a function parameter's type is
 * defined at file scope as struct __btfcc_anon_ID (emit.c): declared
 * inside a parameter list, it is gcc's and clang's "will not be visible
 * outside" warning, which no flag turns off.
 */
#define EMIT_HOISTED_FMT "__btfcc_anon_%u"

/* Before emitting: mark records a trailing "[]" may not end (emit_body.c). */
void emit_mark_held(const struct btfcc_plan *plan);

/* A BTF name checked to be a C identifier; NULL with err filled if not. */
const char *emit_name(const struct btfcc_plan *plan, __u32 name_off, struct btfcc_err *err);

/* The C name of named type id (name___N for a second shape), checked. */
const char *emit_type_name(const struct btfcc_plan *plan, __u32 id, char *buf, size_t len,
			   struct btfcc_err *err);

#endif
