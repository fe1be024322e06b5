// SPDX-License-Identifier: GPL-2.0-only
/*
 * C the emitter must get right beyond layouts (issue 10): K&R prototypes,
 * one tag namespace for struct/union/enum, one namespace for enumerators,
 * requests of types BTF only declares, zero-length arrays, and messages
 * about same-named types. Every header is compiled with gcc-12 -Wall
 * -Wextra -Werror, and probed against the numbers written into BTF.
 */
#include "engine_helpers.h"

/* struct kr { void (*cb)(); int (*va)(int, ...); long (*none)(void); }. */
static void kr_prototype(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "kr");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_probe probe[] = {
		{ "sizeof(struct kr)", 24 },
		{ "offsetof(struct kr, none)", 16 },
		/* "()" takes arguments, "(void)" would not compile this. */
		{ "__builtin_types_compatible_p(__typeof__(((struct kr *)0)->cb(1, 2)), void)", 1 },
		{ "sizeof(((struct kr *)0)->va(1, 2, 3))", 4 },
	};
	int kr, va, none;
	char *h;

	(void)state;
	kr = B(btf__add_func_proto(b, 0));
	B(btf__add_func_param(b, "", 0));
	va = B(btf__add_func_proto(b, ty.s32));
	B(btf__add_func_param(b, "", ty.s32));
	B(btf__add_func_param(b, "", 0));
	none = B(btf__add_func_proto(b, ty.s64));
	kr = B(btf__add_ptr(b, kr));
	va = B(btf__add_ptr(b, va));
	none = B(btf__add_ptr(b, none));
	B(btf__add_struct(b, "kr", 24));
	FIELD(b, "cb", kr, 0);
	FIELD(b, "va", va, 8);
	FIELD(b, "none", none, 16);
	h = eh_emit_ok(b, NULL, &req, 1);
	assert_contains(h, "void (*cb)();");
	assert_contains(h, "int (*va)(int, ...);");
	assert_contains(h, "long int (*none)(void);");
	assert_not_contains(h, "(...)");
	eh_assert_compiles(NULL, h);
	eh_assert_probe(NULL, h, probe, N_ELEM(probe));
	free(h);
	btf__free(b);
}

/* struct x { int a; }, union x { long l; }, enum x { X_ONE = 1 } in one BTF. */
static void add_three_x(struct btf *b, const struct eh_types *ty)
{
	int s = B(btf__add_struct(b, "x", 4)), p;

	FIELD(b, "a", ty->s32, 0);
	B(btf__add_union(b, "x", 8));
	FIELD(b, "l", ty->s64, 0);
	B(btf__add_enum(b, "x", 4));
	B(btf__add_enum_value(b, "X_ONE", 1));
	p = B(btf__add_ptr(b, s));
	B(btf__add_struct(b, "user", 8));
	FIELD(b, "p", p, 0);
}

static void one_tag_namespace(void **state)
{
	struct btfcc_request reqs[] = { REQ(BTFCC_NS_STRUCT, "x"), REQ(BTFCC_NS_UNION, "x"),
					REQ(BTFCC_NS_ENUM, "x"), REQ(BTFCC_NS_STRUCT, "user") };
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_probe probe[] = {
		{ "sizeof(struct x)", 4 },
		{ "sizeof(union x___2)", 8 },
		{ "sizeof(enum x___3)", 4 },
		{ "X_ONE", 1 },
		{ "TYPE_IS(struct user, p, struct x *)", 1 },
	};
	char *h;

	(void)state;
	add_three_x(b, &ty);
	h = eh_emit_ok(b, NULL, reqs, N_ELEM(reqs));
	assert_contains(h, "union x___2 {");
	assert_contains(h, "enum x___3 {");
	assert_contains(h, "sizeof(union x___2) == 8");
	assert_int_equal(eh_count(h, "struct x {"), 1);
	eh_assert_compiles(NULL, h);
	eh_assert_probe(NULL, h, probe, N_ELEM(probe));
	free(h);
	btf__free(b);
}

/* The TU has struct x: the union x the code asks for must not take its name. */
static void tag_namespace_with_tu(void **state)
{
	static const struct eh_tu_type tu_types[] = { { BTFCC_NS_STRUCT, "x", 4, 4 } };
	static const char prefix[] = "struct x { int a; };\n";
	struct eh_tu tu = { tu_types, N_ELEM(tu_types) };
	struct btfcc_defined def = eh_defined(&tu);
	struct btfcc_request req = REQ(BTFCC_NS_UNION, "x");
	struct eh_probe probe[] = { { "sizeof(union x___2)", 8 }, { "sizeof(struct x)", 4 } };
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	char *h;

	(void)state;
	add_three_x(b, &ty);
	h = eh_emit_ok(b, &def, &req, 1);
	assert_contains(h, "union x___2 {");
	assert_not_contains(h, "struct x {");
	eh_assert_compiles(prefix, h);
	eh_assert_probe(prefix, h, probe, N_ELEM(probe));
	free(h);
	btf__free(b);
}

/*
 * enum p1 { OPT_A, OPT_B }, enum p2 { OPT_B = 5, OPT_A = 9, OPT_C }, and an
 * anonymous enum { OPT_A = 20 } member: three OPT_A, each with its value.
 */
static void enumerators_one_namespace(void **state)
{
	struct btfcc_request reqs[] = { REQ(BTFCC_NS_ENUM, "p1"), REQ(BTFCC_NS_STRUCT, "h") };
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_probe probe[] = {
		{ "OPT_A", 0 }, { "OPT_B", 1 }, { "OPT_B___2", 5 }, { "OPT_A___2", 9 },
		{ "OPT_C", 10 }, { "OPT_A___3", 20 }, { "sizeof(struct h)", 8 },
		{ "(enum p2)OPT_A___2 == OPT_A___2", 1 },
	};
	int p2, anon;
	char *h;

	(void)state;
	B(btf__add_enum(b, "p1", 4));
	B(btf__add_enum_value(b, "OPT_A", 0));
	B(btf__add_enum_value(b, "OPT_B", 1));
	p2 = B(btf__add_enum(b, "p2", 4));
	B(btf__add_enum_value(b, "OPT_B", 5));
	B(btf__add_enum_value(b, "OPT_A", 9));
	B(btf__add_enum_value(b, "OPT_C", 10));
	anon = B(btf__add_enum(b, NULL, 4));
	B(btf__add_enum_value(b, "OPT_A", 20));
	B(btf__add_struct(b, "h", 8));
	FIELD(b, "p", p2, 0);
	FIELD(b, "a", anon, 4);
	h = eh_emit_ok(b, NULL, reqs, N_ELEM(reqs));
	assert_contains(h, "OPT_C = 10,");
	eh_assert_compiles(NULL, h);
	eh_assert_probe(NULL, h, probe, N_ELEM(probe));
	free(h);
	btf__free(b);
}

/* struct fwd; typedef struct fwd fwd_t; enum ed; typedef enum ed ed_t. */
static struct btf *fwd_btf(void)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int fwd = B(btf__add_fwd(b, "fwd", BTF_FWD_STRUCT));
	int ed = B(btf__add_enum(b, "ed", 4));

	B(btf__add_typedef(b, "fwd_t", fwd));
	B(btf__add_typedef(b, "ed_t", ed));
	B(btf__add_fwd(b, "ufwd", BTF_FWD_UNION));
	return b;
}

static void declaration_only_requests(void **state)
{
	struct btfcc_request reqs[] = { REQ(BTFCC_NS_TYPEDEF, "fwd_t"),
					REQ(BTFCC_NS_STRUCT, "fwd"),
					REQ(BTFCC_NS_UNION, "ufwd"),
					REQ(BTFCC_NS_TYPEDEF, "ed_t") };
	static const char use[] = "fwd_t *f(struct fwd *p, union ufwd *u, ed_t *e);\n";
	struct btf *b = fwd_btf();
	size_t i;
	char *h;

	(void)state;
	for (i = 0; i < N_ELEM(reqs); i++)
		reqs[i].decl_ok = true;
	h = eh_emit_ok(b, NULL, reqs, N_ELEM(reqs));
	assert_contains(h, "struct fwd;\n");
	assert_contains(h, "union ufwd;\n");
	assert_contains(h, "typedef struct fwd fwd_t;");
	assert_contains(h, "typedef enum ed ed_t;");
	assert_not_contains(h, "struct fwd {");
	{
		size_t n = strlen(h);
		char *hu = malloc(n + sizeof(use));

		assert_non_null(hu);
		memcpy(hu, h, n);
		memcpy(hu + n, use, sizeof(use));
		eh_assert_compiles(NULL, hu);
		free(hu);
	}
	free(h);
	btf__free(b);
}

/* A by-value need (decl_ok false) of a declared-only type is refused. */
static void declaration_only_by_value(void **state)
{
	struct btfcc_request reqs[] = { REQ(BTFCC_NS_TYPEDEF, "fwd_t"),
					REQ(BTFCC_NS_STRUCT, "fwd") };
	struct btf *b = fwd_btf();
	struct btfcc_err err;
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEM(reqs); i++) {
		eh_expect_fail(b, NULL, &reqs[i], 1, &err);
		assert_contains(err.msg, "only declared in BTF");
		assert_not_contains(err.msg, "not in the kernel's BTF");
	}
	btf__free(b);
}

/* A failed add leaves a broken plan that refuses to emit; a bad name does not. */
static void failed_add_breaks_plan(void **state)
{
	struct btfcc_request bad = REQ(BTFCC_NS_STRUCT, "nosuch");
	struct btfcc_request byval = REQ(BTFCC_NS_TYPEDEF, "fwd_t");
	struct btf *b = fwd_btf();
	struct btfcc_plan *plan = btfcc_plan_new(b, NULL);
	struct btfcc_err err;
	FILE *f = fopen("/dev/null", "w");

	(void)state;
	assert_non_null(plan);
	assert_non_null(f);
	assert_int_equal(btfcc_plan_add(plan, &bad, &err), -1);
	assert_false(btfcc_plan_broken(plan));
	assert_int_equal(btfcc_plan_emit(plan, f, NULL, &err), 0);
	assert_int_equal(btfcc_plan_add(plan, &byval, &err), -1);
	assert_true(btfcc_plan_broken(plan));
	assert_int_equal(btfcc_plan_emit(plan, f, NULL, &err), -1);
	fclose(f);
	btfcc_plan_free(plan);
	btf__free(b);
}

/*
 * struct zt { int n; char d[0]; } embedded in struct zw, not last: "[0]",
 * which gcc accepts there (and sizeof of it), where "[]" is not C.
 */
static void zero_length_embedded(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "zw");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_probe probe[] = {
		{ "sizeof(struct zt)", 4 },
		{ "sizeof(((struct zt *)0)->d)", 0 },
		{ "offsetof(struct zw, after)", 4 },
		{ "sizeof(struct zw)", 8 },
	};
	int z, zt;
	char *h;

	(void)state;
	z = B(btf__add_array(b, ty.u32, ty.s8, 0));
	zt = B(btf__add_struct(b, "zt", 4));
	FIELD(b, "n", ty.s32, 0);
	FIELD(b, "d", z, 4);
	B(btf__add_struct(b, "zw", 8));
	FIELD(b, "t", zt, 0);
	FIELD(b, "after", ty.s32, 4);
	h = eh_emit_ok(b, NULL, &req, 1);
	assert_contains(h, "char d[0];");
	eh_assert_compiles(NULL, h);
	eh_assert_probe(NULL, h, probe, N_ELEM(probe));
	free(h);
	btf__free(b);
}

/* typedef __u8 u8 and typedef unsigned char u8 (6.12): one C type. */
static void typedef_chains_merge(void **state)
{
	struct btfcc_request reqs[] = { REQ(BTFCC_NS_TYPEDEF, "u8"), REQ(BTFCC_NS_STRUCT, "s") };
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_probe probe[] = { { "sizeof(u8)", 1 }, { "offsetof(struct s, b)", 1 } };
	int u8a, u8b, __u8;
	char *h;

	(void)state;
	__u8 = B(btf__add_typedef(b, "__u8", ty.u8));
	u8a = B(btf__add_typedef(b, "u8", __u8));
	u8b = B(btf__add_typedef(b, "u8", ty.u8));
	B(btf__add_struct(b, "s", 2));
	FIELD(b, "a", u8a, 0);
	FIELD(b, "b", u8b, 1);
	h = eh_emit_ok(b, NULL, reqs, N_ELEM(reqs));
	assert_int_equal(eh_count(h, " u8;\n"), 1);
	eh_assert_compiles(NULL, h);
	eh_assert_probe(NULL, h, probe, N_ELEM(probe));
	free(h);
	btf__free(b);
}

/* typedef int t and typedef long t: sizes in the message, no member hint. */
static void ambiguous_message(void **state)
{
	struct btfcc_request td = REQ(BTFCC_NS_TYPEDEF, "t");
	struct btfcc_request en = REQ(BTFCC_NS_ENUM, "e");
	struct btfcc_request st = REQ(BTFCC_NS_STRUCT, "s");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct btfcc_err err;
	char want[64];
	int t1, t2;

	(void)state;
	t1 = B(btf__add_typedef(b, "t", ty.s32));
	t2 = B(btf__add_typedef(b, "t", ty.s64));
	B(btf__add_enum(b, "e", 4));
	B(btf__add_enum_value(b, "E_A", 0));
	B(btf__add_enum(b, "e", 4));
	B(btf__add_enum_value(b, "E_B", 0));
	B(btf__add_struct(b, "s", 4));
	FIELD(b, "x", ty.s32, 0);
	B(btf__add_struct(b, "s", 8));
	FIELD(b, "y", ty.s64, 0);
	eh_expect_fail(b, NULL, &td, 1, &err);
	snprintf(want, sizeof(want), "[%d] size 4; [%d] size 8", t1, t2);
	assert_contains(err.msg, want);
	assert_not_contains(err.msg, "member name");
	eh_expect_fail(b, NULL, &en, 1, &err);
	assert_contains(err.msg, "ambiguous");
	assert_not_contains(err.msg, "member name");
	eh_expect_fail(b, NULL, &st, 1, &err);
	assert_contains(err.msg, "use a member name that only the one you mean has");
	btf__free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kr_prototype),
		cmocka_unit_test(one_tag_namespace),
		cmocka_unit_test(tag_namespace_with_tu),
		cmocka_unit_test(enumerators_one_namespace),
		cmocka_unit_test(declaration_only_requests),
		cmocka_unit_test(declaration_only_by_value),
		cmocka_unit_test(failed_add_breaks_plan),
		cmocka_unit_test(zero_length_embedded),
		cmocka_unit_test(typedef_chains_merge),
		cmocka_unit_test(ambiguous_message),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
