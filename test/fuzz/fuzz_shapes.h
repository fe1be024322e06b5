/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_FUZZ_SHAPES_H
#define BTFCC_FUZZ_SHAPES_H

/*
 * Hostile BTF built with libbpf's writer: shapes C cannot express and the
 * limits of docs/fuzzing.md. Each is a regression input (the limit tests
 * of test/unit/test_engine_limits.c request its type "s" or "t"), and
 * mkseed writes them all into the engine's seed corpus. Code, not blobs:
 * every input can be regenerated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <bpf/btf.h>

static inline struct btf *shape_new(int *i_int)
{
	struct btf *b = btf__new_empty();

	if (!b)
		abort();
	*i_int = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	return b;
}

/* struct s { int *p : 3; }: a pointer cannot be a bit-field. */
static inline struct btf *shape_ptr_bitfield(long arg)
{
	int i, s;
	struct btf *b = shape_new(&i);

	(void)arg;
	s = btf__add_struct(b, "s", 8);
	btf__add_field(b, "p", s + 1, 0, 3);
	btf__add_ptr(b, i);
	return b;
}

/* struct s { enum e v; } with enum e of no enumerators, yet 4 bytes. */
static inline struct btf *shape_empty_enum(long arg)
{
	int i, s;
	struct btf *b = shape_new(&i);

	(void)arg;
	s = btf__add_struct(b, "s", 4);
	btf__add_field(b, "v", s + 1, 0, 0);
	btf__add_enum(b, "e", 4);
	return b;
}

/* struct s { enum {} v; } and struct s2 { E v; } with typedef enum e E, e empty. */
static inline struct btf *shape_empty_enum_anon(long arg)
{
	int i, s;
	struct btf *b = shape_new(&i);

	(void)arg;
	s = btf__add_struct(b, "s", 4);
	btf__add_field(b, "v", s + 1, 0, 0);
	btf__add_enum(b, NULL, 4);
	btf__add_struct(b, "s2", 4);
	btf__add_field(b, "v", s + 3, 0, 0);
	btf__add_typedef(b, "E", s + 4);
	btf__add_enum(b, "e", 4);
	return b;
}

/* struct s { int; }: a member without a name that is no anonymous record. */
static inline struct btf *shape_no_member_name(long arg)
{
	int i, s;
	struct btf *b = shape_new(&i);

	(void)arg;
	s = btf__add_struct(b, "s", 4);
	btf__add_field(b, NULL, i, 0, 0);
	(void)s;
	return b;
}

/* struct s { struct { struct s x; }; }: itself by value, through an anonymous member. */
static inline struct btf *shape_self_anon(long arg)
{
	int i, s;
	struct btf *b = shape_new(&i);

	(void)arg;
	s = btf__add_struct(b, "s", 4);
	btf__add_field(b, NULL, s + 1, 0, 0);
	btf__add_struct(b, NULL, 4);
	btf__add_field(b, "x", s, 0, 0);
	return b;
}

/* struct s { struct s x; }: itself by value. */
static inline struct btf *shape_self(long arg)
{
	int i, s;
	struct btf *b = shape_new(&i);

	(void)arg;
	s = btf__add_struct(b, "s", 4);
	btf__add_field(b, "x", s, 0, 0);
	return b;
}

/* typedef t0 -> t1 -> ... -> t<arg-1> -> int, then struct s { t0 v; }. */
static inline struct btf *shape_typedef_chain(long arg)
{
	int i, s, t;
	struct btf *b = shape_new(&i);
	char name[32];
	long k;

	s = btf__add_struct(b, "s", 4);
	btf__add_field(b, "v", s + 1, 0, 0);
	for (k = 0; k < arg; k++) {
		snprintf(name, sizeof(name), "t%ld", k);
		t = btf__add_typedef(b, name, k + 1 < arg ? s + 2 + (int)k : i);
	}
	(void)t;
	return b;
}

/* struct s { struct { struct { ... int x; }; }; }: arg anonymous structs deep. */
static inline struct btf *shape_anon_chain(long arg)
{
	int i, s;
	struct btf *b = shape_new(&i);
	long k;

	s = btf__add_struct(b, "s", 4);
	btf__add_field(b, NULL, s + 1, 0, 0);
	for (k = 0; k < arg; k++) {
		btf__add_struct(b, NULL, 4);
		if (k + 1 < arg)
			btf__add_field(b, NULL, s + 2 + (int)k, 0, 0);
		else
			btf__add_field(b, "x", i, 0, 0);
	}
	return b;
}

/* struct s { t v; } with typedef t u; typedef u t;: typedefs in a loop. */
static inline struct btf *shape_typedef_cycle(long arg)
{
	int i, s;
	struct btf *b = shape_new(&i);

	(void)arg;
	s = btf__add_struct(b, "s", 4);
	btf__add_field(b, "v", s + 1, 0, 0);
	btf__add_typedef(b, "t", s + 2);
	btf__add_typedef(b, "u", s + 1);
	return b;
}

/* struct s { const volatile ... v; } where the modifiers loop. */
static inline struct btf *shape_mod_cycle(long arg)
{
	int i, s;
	struct btf *b = shape_new(&i);

	(void)arg;
	s = btf__add_struct(b, "s", 4);
	btf__add_field(b, "v", s + 1, 0, 0);
	btf__add_const(b, s + 2);
	btf__add_volatile(b, s + 1);
	return b;
}

/* struct s { A v; } where A is an array of A. */
static inline struct btf *shape_array_cycle(long arg)
{
	int i, s;
	struct btf *b = shape_new(&i);

	(void)arg;
	s = btf__add_struct(b, "s", 4);
	btf__add_field(b, "v", s + 1, 0, 0);
	btf__add_array(b, i, s + 1, 2);
	return b;
}

/* typedef t *t-ish: typedef t -> pointer -> t, used by value. */
static inline struct btf *shape_typedef_ptr_self(long arg)
{
	int i, s;
	struct btf *b = shape_new(&i);

	(void)arg;
	s = btf__add_struct(b, "s", 8);
	btf__add_field(b, "v", s + 1, 0, 0);
	btf__add_typedef(b, "t", s + 2);
	btf__add_ptr(b, s + 1);
	return b;
}

/* typedef t0 *t1; typedef t1 *t2; ...: arg typedefs deep through pointers. */
static inline struct btf *shape_ptr_typedef_chain(long arg)
{
	int i, t = 0;
	struct btf *b = shape_new(&i);
	char name[32];
	long k;

	/* t<k> is id 2 + 2k, its pointer 3 + 2k; t<arg-1> is requested as "t". */
	for (k = 0; k < arg; k++) {
		if (k + 1 < arg)
			snprintf(name, sizeof(name), "t%ld", k);
		else
			snprintf(name, sizeof(name), "t");
		t = btf__add_typedef(b, name, k ? t + 1 : i);
		btf__add_ptr(b, t);
	}
	return b;
}

/* struct s { struct { struct <that anonymous struct> *p; } a; }: no name to point to. */
static inline struct btf *shape_anon_self_ptr(long arg)
{
	int i, s;
	struct btf *b = shape_new(&i);

	(void)arg;
	s = btf__add_struct(b, "s", 8);
	btf__add_field(b, "a", s + 1, 0, 0);
	btf__add_struct(b, NULL, 8);
	btf__add_field(b, "p", s + 2, 0, 0);
	btf__add_ptr(b, s + 1);
	return b;
}

/* struct s { int m0, m1, ... m<arg-1>; }: vlen up to 65535. */
static inline struct btf *shape_wide(long arg)
{
	int i, s;
	struct btf *b = shape_new(&i);
	char name[32];
	long k;

	s = btf__add_struct(b, "s", 4 * arg);
	for (k = 0; k < arg; k++) {
		snprintf(name, sizeof(name), "m%ld", k);
		btf__add_field(b, name, i, 32 * k, 0);
	}
	(void)s;
	return b;
}

/* struct s { char a[arg][arg]; }: nr_elems up to 2^32-1, sizes past 2^32. */
static inline struct btf *shape_huge_array(long arg)
{
	int i, s, c;
	struct btf *b = shape_new(&i);

	s = btf__add_struct(b, "s", 0xffffffffu);
	btf__add_field(b, "a", s + 2, 0, 0);
	c = btf__add_int(b, "char", 1, BTF_INT_CHAR);
	btf__add_array(b, i, s + 3, (__u32)arg);
	btf__add_array(b, i, c, (__u32)arg);
	return b;
}

struct fuzz_shape {
	const char *name;
	struct btf *(*build)(long arg);
	long arg;
};

static const struct fuzz_shape fuzz_shapes[] = {
	{ "ptr_bitfield", shape_ptr_bitfield, 0 },
	{ "empty_enum", shape_empty_enum, 0 },
	{ "empty_enum_anon", shape_empty_enum_anon, 0 },
	{ "no_member_name", shape_no_member_name, 0 },
	{ "self_anon", shape_self_anon, 0 },
	{ "self", shape_self, 0 },
	{ "typedef_chain", shape_typedef_chain, 100 },
	{ "anon_chain", shape_anon_chain, 100 },
	{ "typedef_cycle", shape_typedef_cycle, 0 },
	{ "mod_cycle", shape_mod_cycle, 0 },
	{ "array_cycle", shape_array_cycle, 0 },
	{ "typedef_ptr_self", shape_typedef_ptr_self, 0 },
	{ "ptr_typedef_chain", shape_ptr_typedef_chain, 100 },
	{ "anon_self_ptr", shape_anon_self_ptr, 0 },
	{ "wide", shape_wide, 300 },
	{ "huge_array", shape_huge_array, 0xffffffffL },
	{ NULL, NULL, 0 },
};

#endif
