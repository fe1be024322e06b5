// SPDX-License-Identifier: GPL-2.0-only
/*
 * Resolution: a requested name to one BTF type. Unknown names suggest near
 * ones, different shapes of one name are ambiguous unless a member name the
 * code uses tells them apart, identical shapes (dedup leftovers) are one.
 */
#define _GNU_SOURCE
#include "engine_helpers.h"

static struct btf *btf_with_mount(struct eh_types *ty)
{
	struct btf *b = eh_btf_new(ty);

	B(btf__add_struct(b, "mount", 8));
	FIELD(b, "mnt_id", ty->s32, 0);
	FIELD(b, "mnt_flags", ty->s32, 4);
	B(btf__add_struct(b, "vfsmount", 8));
	FIELD(b, "flags", ty->s64, 0);
	return b;
}

static void unknown_suggests_near_name(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "mnt");
	struct btfcc_err err;
	struct eh_types ty;
	struct btf *b = btf_with_mount(&ty);

	(void)state;
	eh_expect_fail(b, NULL, &req, 1, &err);
	/* The place is the driver's to print: the engine's message has none. */
	assert_null(strstr(err.msg, "t.c:1"));
	assert_int_equal(err.code, BTFCC_E_NOT_FOUND);
	assert_contains(err.msg, "'struct mnt' is not in the kernel's BTF");
	assert_contains(err.msg, "did you mean 'struct mount'");
	btf__free(b);
}

/* Nothing near: no "did you mean". */
static void unknown_without_suggestion(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "completely_different");
	struct btfcc_err err;
	struct eh_types ty;
	struct btf *b = btf_with_mount(&ty);

	(void)state;
	eh_expect_fail(b, NULL, &req, 1, &err);
	assert_contains(err.msg, "completely_different");
	assert_not_contains(err.msg, "did you mean");
	btf__free(b);
}

/* The name exists, but as a union: suggestions stay within the namespace. */
static void unknown_other_namespace(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_UNION, "mount");
	struct btfcc_err err;
	struct eh_types ty;
	struct btf *b = btf_with_mount(&ty);

	(void)state;
	eh_expect_fail(b, NULL, &req, 1, &err);
	assert_contains(err.msg, "'union mount' is not in the kernel's BTF");
	assert_not_contains(err.msg, "'struct mount'");
	btf__free(b);
}

static void request_not_an_identifier(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "a-b");
	struct btfcc_err err;
	struct eh_types ty;
	struct btf *b = btf_with_mount(&ty);

	(void)state;
	eh_expect_fail(b, NULL, &req, 1, &err);
	assert_contains(err.msg, "'a-b' is not a C identifier");
	btf__free(b);
}

/* Two struct cfg: { int a; } (4 bytes) and { long b; int c; } (16 bytes). */
static struct btf *btf_two_cfgs(struct eh_types *ty, int *c1, int *c2)
{
	struct btf *b = eh_btf_new(ty);

	*c1 = B(btf__add_struct(b, "cfg", 4));
	FIELD(b, "a", ty->s32, 0);
	*c2 = B(btf__add_struct(b, "cfg", 16));
	FIELD(b, "b", ty->s64, 0);
	FIELD(b, "c", ty->s32, 8);
	return b;
}

static void ambiguous_lists_both(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "cfg");
	struct btfcc_err err;
	struct eh_types ty;
	int c1, c2;
	struct btf *b = btf_two_cfgs(&ty, &c1, &c2);
	char want1[64], want2[64];

	(void)state;
	eh_expect_fail(b, NULL, &req, 1, &err);
	assert_contains(err.msg, "'struct cfg' is ambiguous");
	assert_contains(err.msg, "2 different shapes");
	snprintf(want1, sizeof(want1), "[%d] size 4 first member 'a'", c1);
	snprintf(want2, sizeof(want2), "[%d] size 16 first member 'b'", c2);
	assert_contains(err.msg, want1);
	assert_contains(err.msg, want2);
	btf__free(b);
}

/* The code uses cfg.c: only the second shape has it. */
static void hint_picks_one(void **state)
{
	static const char *const hints[] = { "c" };
	struct btfcc_request req = REQ_HINTS(BTFCC_NS_STRUCT, "cfg", hints);
	struct eh_probe probe[] = {
		{ "sizeof(struct cfg)", 16 },
		{ "offsetof(struct cfg, c)", 8 },
	};
	struct eh_types ty;
	int c1, c2;
	struct btf *b = btf_two_cfgs(&ty, &c1, &c2);
	char *h;

	(void)state;
	h = eh_emit_ok(b, NULL, &req, 1);
	assert_int_equal(eh_count(h, "struct cfg {"), 1);
	assert_contains(h, "sizeof(struct cfg) == 16");
	eh_assert_compiles(NULL, h);
	eh_assert_probe(NULL, h, probe, N_ELEM(probe));
	free(h);
	btf__free(b);
}

/* A hint both have does not choose. */
static void hint_both_have_is_ambiguous(void **state)
{
	static const char *const hints[] = { "x" };
	struct btfcc_request req = REQ_HINTS(BTFCC_NS_STRUCT, "cfg", hints);
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct btfcc_err err;

	(void)state;
	B(btf__add_struct(b, "cfg", 4));
	FIELD(b, "x", ty.s32, 0);
	B(btf__add_struct(b, "cfg", 8));
	FIELD(b, "x", ty.s64, 0);
	eh_expect_fail(b, NULL, &req, 1, &err);
	assert_contains(err.msg, "ambiguous");
	btf__free(b);
}

/* The hint is a member of an anonymous union inside one of the shapes. */
static void hint_inside_anonymous_member(void **state)
{
	static const char *const hints[] = { "deep" };
	struct btfcc_request req = REQ_HINTS(BTFCC_NS_STRUCT, "cfg", hints);
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_probe probe[] = {
		{ "sizeof(struct cfg)", 8 },
		{ "offsetof(struct cfg, deep)", 4 },
	};
	int u;
	char *h;

	(void)state;
	B(btf__add_struct(b, "cfg", 4));
	FIELD(b, "a", ty.s32, 0);
	u = B(btf__add_union(b, NULL, 4));
	FIELD(b, "deep", ty.s32, 0);
	FIELD(b, "other", ty.u32, 0);
	B(btf__add_struct(b, "cfg", 8));
	FIELD(b, "a", ty.s32, 0);
	FIELD(b, NULL, u, 4);
	h = eh_emit_ok(b, NULL, &req, 1);
	eh_assert_compiles(NULL, h);
	eh_assert_probe(NULL, h, probe, N_ELEM(probe));
	free(h);
	btf__free(b);
}

/* A hint no shape has (a typo): still ambiguous, not an invented choice. */
static void hint_typo_is_ambiguous(void **state)
{
	static const char *const hints[] = { "nonexistent" };
	struct btfcc_request req = REQ_HINTS(BTFCC_NS_STRUCT, "cfg", hints);
	struct btfcc_err err;
	struct eh_types ty;
	int c1, c2;
	struct btf *b = btf_two_cfgs(&ty, &c1, &c2);

	(void)state;
	eh_expect_fail(b, NULL, &req, 1, &err);
	assert_contains(err.msg, "ambiguous");
	btf__free(b);
}

/* Two identical struct guid (dedup leftovers): one type, emitted once. */
static void identical_shapes_are_one(void **state)
{
	struct btfcc_request reqs[] = { REQ(BTFCC_NS_STRUCT, "guid"),
					REQ(BTFCC_NS_STRUCT, "a"), REQ(BTFCC_NS_STRUCT, "b") };
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_probe probe[] = {
		{ "sizeof(struct a)", 24 },
		{ "offsetof(struct a, g)", 8 },
		{ "sizeof(struct b)", 16 },
	};
	int arr, g1, g2;
	char *h;

	(void)state;
	arr = B(btf__add_array(b, ty.u32, ty.u8, 16));
	g1 = B(btf__add_struct(b, "guid", 16));
	FIELD(b, "bytes", arr, 0);
	g2 = B(btf__add_struct(b, "guid", 16));
	FIELD(b, "bytes", arr, 0);
	B(btf__add_struct(b, "a", 24));
	FIELD(b, "x", ty.s64, 0);
	FIELD(b, "g", g1, 8);
	B(btf__add_struct(b, "b", 16));
	FIELD(b, "g", g2, 0);
	h = eh_emit_ok(b, NULL, reqs, N_ELEM(reqs));
	assert_int_equal(eh_count(h, "struct guid {"), 1);
	eh_assert_compiles(NULL, h);
	eh_assert_probe(NULL, h, probe, N_ELEM(probe));
	free(h);
	btf__free(b);
}

/*
 * typedef int id_t and typedef long id_t: same name, different types. No
 * single C typedef can be both.
 */
static void typedefs_of_different_types_are_ambiguous(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_TYPEDEF, "knd_t");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_run r;

	(void)state;
	B(btf__add_typedef(b, "knd_t", ty.s32));
	B(btf__add_typedef(b, "knd_t", ty.s64));
	eh_plan(&r, b, NULL, &req, 1, NULL);
	eh_run_free(&r);
	btf__free(b);
	/*
	 * Known engine bug: type_same_shape() says any two typedefs are the
	 * same shape (size and vlen are 0 for both), so the first one wins.
	 */
	if (!r.add_ret)
		KNOWN_BUG("two typedefs of one name with different targets are treated "
			  "as one (type_same_shape ignores typedef targets)");
	assert_contains(r.err.msg, "ambiguous");
}

/*
 * Two struct users embed the two different knd_t: the plan must refuse (two
 * shapes in one file), not alias them and emit a header that cannot hold.
 */
static void typedef_twins_of_different_types(void **state)
{
	struct btfcc_request reqs[] = { REQ(BTFCC_NS_STRUCT, "a"), REQ(BTFCC_NS_STRUCT, "b") };
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_run r;
	int t1, t2;

	(void)state;
	t1 = B(btf__add_typedef(b, "knd_t", ty.s32));
	t2 = B(btf__add_typedef(b, "knd_t", ty.s64));
	B(btf__add_struct(b, "a", 4));
	FIELD(b, "v", t1, 0);
	B(btf__add_struct(b, "b", 8));
	FIELD(b, "v", t2, 0);
	eh_plan(&r, b, NULL, reqs, N_ELEM(reqs), NULL);
	btf__free(b);
	/*
	 * Known engine bug (same root cause): find_twin() aliases the second
	 * knd_t to the first, and struct b comes out with a 4-byte member
	 * where BTF has 8; only the static asserts stop the build.
	 */
	if (!r.add_ret && !r.emit_ret && eh_gcc_syntax(NULL, r.hdr, NULL)) {
		eh_run_free(&r);
		KNOWN_BUG("typedefs of one name with different targets are aliased; "
			  "the header fails its own sizeof check");
	}
	if (!r.add_ret && !r.emit_ret)
		eh_assert_compiles(NULL, r.hdr);
	else
		assert_contains(r.err.msg, "knd_t");
	eh_run_free(&r);
}

/*
 * typedef struct guid guid_t, twice, over two identical struct guid (the
 * leftovers dedup leaves in vmlinux BTF): one C type, not an ambiguity.
 */
static void typedefs_of_identical_twins_are_one(void **state)
{
	struct btfcc_request reqs[] = { REQ(BTFCC_NS_TYPEDEF, "guid_t"),
					REQ(BTFCC_NS_STRUCT, "a") };
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_probe probe[] = {
		{ "sizeof(guid_t)", 16 },
		{ "sizeof(struct a)", 32 },
		{ "offsetof(struct a, h)", 16 },
	};
	struct eh_run r;
	int arr, g1, g2, t1, t2;

	(void)state;
	arr = B(btf__add_array(b, ty.u32, ty.u8, 16));
	g1 = B(btf__add_struct(b, "guid", 16));
	FIELD(b, "b", arr, 0);
	g2 = B(btf__add_struct(b, "guid", 16));
	FIELD(b, "b", arr, 0);
	t1 = B(btf__add_typedef(b, "guid_t", g1));
	t2 = B(btf__add_typedef(b, "guid_t", g2));
	B(btf__add_struct(b, "a", 32));
	FIELD(b, "g", t1, 0);
	FIELD(b, "h", t2, 16);
	eh_plan(&r, b, NULL, reqs, N_ELEM(reqs), NULL);
	btf__free(b);
	/*
	 * Known engine bug: type_same_shape() compares typedefs by t->size,
	 * which for a typedef is its target's id, so typedefs of two
	 * identical twins are "different shapes".
	 */
	if (r.add_ret && strstr(r.err.msg, "ambiguous"))
		KNOWN_BUG("two typedefs of one name over identical (deduplicated-away) "
			  "twins are called ambiguous: type_same_shape compares target ids");
	if (r.add_ret || r.emit_ret)
		fail_msg("%s", r.err.msg);
	assert_int_equal(eh_count(r.hdr, "typedef struct guid guid_t;"), 1);
	assert_int_equal(eh_count(r.hdr, "struct guid {"), 1);
	eh_assert_compiles(NULL, r.hdr);
	eh_assert_probe(NULL, r.hdr, probe, N_ELEM(probe));
	eh_run_free(&r);
}

/* enum state { A, B } and enum state { X, Y }: both 4 bytes, 2 values. */
static void enums_with_different_values_are_ambiguous(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_ENUM, "st");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_run r;

	(void)state;
	B(btf__add_enum(b, "st", 4));
	B(btf__add_enum_value(b, "ST_A", 0));
	B(btf__add_enum_value(b, "ST_B", 1));
	B(btf__add_enum(b, "st", 4));
	B(btf__add_enum_value(b, "ST_X", 7));
	B(btf__add_enum_value(b, "ST_Y", 8));
	eh_plan(&r, b, NULL, &req, 1, NULL);
	eh_run_free(&r);
	btf__free(b);
	/* Known engine bug: type_same_shape() ignores enumerator names and values. */
	if (!r.add_ret)
		KNOWN_BUG("two enums of one name with different enumerators are treated "
			  "as one (type_same_shape ignores enumerators)");
	assert_contains(r.err.msg, "ambiguous");
}

/* Identical enums (dedup leftovers) are one: emitted once, compiles. */
static void identical_enums_are_one(void **state)
{
	struct btfcc_request reqs[] = { REQ(BTFCC_NS_STRUCT, "a") };
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int e1, e2;
	char *h;

	(void)state;
	e1 = B(btf__add_enum(b, "st", 4));
	B(btf__add_enum_value(b, "ST_A", 0));
	e2 = B(btf__add_enum(b, "st", 4));
	B(btf__add_enum_value(b, "ST_A", 0));
	B(btf__add_struct(b, "a", 8));
	FIELD(b, "x", e1, 0);
	FIELD(b, "y", e2, 4);
	h = eh_emit_ok(b, NULL, reqs, N_ELEM(reqs));
	assert_int_equal(eh_count(h, "enum st {"), 1);
	eh_assert_compiles(NULL, h);
	free(h);
	btf__free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unknown_suggests_near_name),
		cmocka_unit_test(unknown_without_suggestion),
		cmocka_unit_test(unknown_other_namespace),
		cmocka_unit_test(request_not_an_identifier),
		cmocka_unit_test(ambiguous_lists_both),
		cmocka_unit_test(hint_picks_one),
		cmocka_unit_test(hint_both_have_is_ambiguous),
		cmocka_unit_test(hint_inside_anonymous_member),
		cmocka_unit_test(hint_typo_is_ambiguous),
		cmocka_unit_test(identical_shapes_are_one),
		cmocka_unit_test(typedefs_of_different_types_are_ambiguous),
		cmocka_unit_test(typedef_twins_of_different_types),
		cmocka_unit_test(typedefs_of_identical_twins_are_one),
		cmocka_unit_test(enums_with_different_values_are_ambiguous),
		cmocka_unit_test(identical_enums_are_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
