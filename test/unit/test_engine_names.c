// SPDX-License-Identifier: GPL-2.0-only
/*
 * What BTF says is never trusted: a name that is not a C identifier is
 * refused with a message and never printed, a type id out of range is an
 * error and not a crash. And btfcc_members_list(), which lists member names
 * for the note after a typo, flattening anonymous members.
 */
#define _GNU_SOURCE
#include "engine_helpers.h"

/* Emit struct s; expect a refusal that quotes what, and no header. */
static void expect_refused(struct btf *b, const char *what)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "s");
	struct btfcc_err err;

	eh_expect_fail(b, NULL, &req, 1, &err);
	assert_contains(err.msg, "is not a C identifier");
	assert_contains(err.msg, what);
}

/* struct s { struct a-b v; }. */
static void type_name_not_identifier(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int bad;

	(void)state;
	bad = B(btf__add_struct(b, "a-b", 4));
	FIELD(b, "x", ty.s32, 0);
	B(btf__add_struct(b, "s", 4));
	FIELD(b, "v", bad, 0);
	expect_refused(b, "'a-b'");
	btf__free(b);
}

/* struct s { int int; }. */
static void member_name_keyword(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);

	(void)state;
	B(btf__add_struct(b, "s", 4));
	FIELD(b, "int", ty.s32, 0);
	expect_refused(b, "'int'");
	btf__free(b);
}

/* A 300-character member name: refused, and the message does not quote it all. */
static void member_name_too_long(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "s");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct btfcc_err err;
	char name[301], part[66];

	(void)state;
	memset(name, 'x', 300);
	name[300] = '\0';
	B(btf__add_struct(b, "s", 4));
	FIELD(b, name, ty.s32, 0);
	eh_expect_fail(b, NULL, &req, 1, &err);
	assert_contains(err.msg, "is not a C identifier");
	memset(part, 'x', 65);
	part[65] = '\0';
	assert_not_contains(err.msg, part);
	btf__free(b);
}

/* 255 characters is the longest name btfcc prints; it must compile. */
static void member_name_255(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "s");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	char name[256];
	char *h;

	(void)state;
	memset(name, 'y', 255);
	name[255] = '\0';
	B(btf__add_struct(b, "s", 4));
	FIELD(b, name, ty.s32, 0);
	h = eh_emit_ok(b, NULL, &req, 1);
	assert_contains(h, name);
	eh_assert_compiles(NULL, h);
	free(h);
	btf__free(b);
}

/* enum e { A B = 1 }: an enumerator is a name too. */
static void enumerator_not_identifier(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int e;

	(void)state;
	e = B(btf__add_enum(b, "e", 4));
	B(btf__add_enum_value(b, "A B", 1));
	B(btf__add_struct(b, "s", 4));
	FIELD(b, "v", e, 0);
	expect_refused(b, "'A B'");
	btf__free(b);
}

/* typedef int long; struct s { long *p; }: the typedef's name. */
static void typedef_name_keyword(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int td, p;

	(void)state;
	td = B(btf__add_typedef(b, "long", ty.s32));
	p = B(btf__add_ptr(b, td));
	B(btf__add_struct(b, "s", 8));
	FIELD(b, "p", p, 0);
	expect_refused(b, "'long'");
	btf__free(b);
}

/* A pointee whose forward declaration would print "struct x;y;". */
static void forward_decl_not_identifier(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int bad, p;

	(void)state;
	bad = B(btf__add_struct(b, "x;y", 4));
	FIELD(b, "x", ty.s32, 0);
	p = B(btf__add_ptr(b, bad));
	B(btf__add_struct(b, "s", 8));
	FIELD(b, "p", p, 0);
	expect_refused(b, "'x;y'");
	btf__free(b);
}

/* A FWD (declared-only) pointee with a bad name. */
static void fwd_not_identifier(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int fwd, p;

	(void)state;
	fwd = B(btf__add_fwd(b, "9lives", BTF_FWD_STRUCT));
	p = B(btf__add_ptr(b, fwd));
	B(btf__add_struct(b, "s", 8));
	FIELD(b, "p", p, 0);
	expect_refused(b, "'9lives'");
	btf__free(b);
}

/* A bad parameter name is dropped, never printed; the prototype still compiles. */
static void param_name_dropped(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "s");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int fp, p;
	char *h;

	(void)state;
	fp = B(btf__add_func_proto(b, ty.s32));
	B(btf__add_func_param(b, "a-b", ty.s32));
	B(btf__add_func_param(b, "ok", ty.s64));
	p = B(btf__add_ptr(b, fp));
	B(btf__add_struct(b, "s", 8));
	FIELD(b, "fn", p, 0);
	h = eh_emit_ok(b, NULL, &req, 1);
	assert_not_contains(h, "a-b");
	assert_contains(h, "long int ok");
	eh_assert_compiles(NULL, h);
	free(h);
	btf__free(b);
}

/*
 * gcc's own keywords and alternate spellings are not identifiers either: a
 * member named one must be refused, or at least compile.
 */
static void member_name_gnu_keywords(void **state)
{
	static const char *const names[] = {
		"__typeof", "__attribute", "__alignof__", "__signed__", "__const__",
		"__volatile", "__restrict__", "__real__", "__imag__", "__thread",
		"__auto_type", "__builtin_offsetof", "_Float128", "__complex__",
	};
	char bad[512] = "";
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEM(names); i++) {
		struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "s");
		struct eh_types ty;
		struct btf *b = eh_btf_new(&ty);
		struct eh_run r;

		B(btf__add_struct(b, "s", 4));
		FIELD(b, names[i], ty.s32, 0);
		eh_plan(&r, b, NULL, &req, 1, NULL);
		if (!r.add_ret && !r.emit_ret && eh_gcc_syntax(NULL, r.hdr, NULL))
			snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad), " %s", names[i]);
		else if (r.add_ret || r.emit_ret)
			assert_contains(r.err.msg, "is not a C identifier");
		eh_run_free(&r);
		btf__free(b);
	}
	/* Known engine bug: ident.c's keyword list misses GNU spellings. */
	if (*bad) {
		print_message("printed but not compilable:%s\n", bad);
		KNOWN_BUG("ident_is_valid() accepts GNU keywords as member names");
	}
}

/* ---- type ids out of range ---------------------------------------------- */

#define BAD_ID 1000

static void expect_out_of_range(struct btf *b, enum btfcc_ns ns, const char *name)
{
	struct btfcc_request req = REQ(ns, name);
	struct btfcc_err err;

	eh_expect_fail(b, NULL, &req, 1, &err);
	assert_contains(err.msg, "out of range");
}

static void member_type_out_of_range(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);

	(void)state;
	B(btf__add_struct(b, "s", 4));
	FIELD(b, "x", BAD_ID, 0);
	expect_out_of_range(b, BTFCC_NS_STRUCT, "s");
	btf__free(b);
}

static void anonymous_member_out_of_range(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);

	(void)state;
	B(btf__add_struct(b, "s", 4));
	FIELD(b, NULL, BAD_ID, 0);
	expect_out_of_range(b, BTFCC_NS_STRUCT, "s");
	btf__free(b);
}

static void pointee_out_of_range(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int p;

	(void)state;
	p = B(btf__add_ptr(b, BAD_ID));
	B(btf__add_struct(b, "s", 8));
	FIELD(b, "p", p, 0);
	expect_out_of_range(b, BTFCC_NS_STRUCT, "s");
	btf__free(b);
}

static void typedef_target_out_of_range(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);

	(void)state;
	B(btf__add_typedef(b, "bad_t", BAD_ID));
	expect_out_of_range(b, BTFCC_NS_TYPEDEF, "bad_t");
	btf__free(b);
}

static void param_out_of_range(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int fp, p;

	(void)state;
	fp = B(btf__add_func_proto(b, ty.s32));
	B(btf__add_func_param(b, "x", BAD_ID));
	p = B(btf__add_ptr(b, fp));
	B(btf__add_struct(b, "s", 8));
	FIELD(b, "fn", p, 0);
	expect_out_of_range(b, BTFCC_NS_STRUCT, "s");
	btf__free(b);
}

static void array_element_out_of_range(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int arr;

	(void)state;
	arr = B(btf__add_array(b, ty.u32, BAD_ID, 2));
	B(btf__add_struct(b, "s", 8));
	FIELD(b, "a", arr, 0);
	expect_out_of_range(b, BTFCC_NS_STRUCT, "s");
	btf__free(b);
}

/* Resolving with a hint looks into an anonymous member that is out of range. */
static void hint_into_bad_anonymous(void *arg)
{
	static const char *const hints[] = { "x" };
	struct btfcc_request req = REQ_HINTS(BTFCC_NS_STRUCT, "s", hints);
	struct btf *b = arg;
	struct btfcc_plan *plan = btfcc_plan_new(b, NULL);
	struct btfcc_err err;

	btfcc_plan_add(plan, &req, &err);
	btfcc_plan_free(plan);
}

static void hint_into_out_of_range(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);

	(void)state;
	B(btf__add_struct(b, "s", 4));
	FIELD(b, NULL, BAD_ID, 0);
	B(btf__add_struct(b, "s", 8));
	FIELD(b, "y", ty.s64, 0);
	assert_true(eh_survives(hint_into_bad_anonymous, b));
	btf__free(b);
}

/* ---- btfcc_members_list ------------------------------------------------- */

/*
 * struct m {
 *	int x;
 *	union { int a; struct { short b; short c; }; };
 *	long d;
 * };
 * typedef struct m m_t;
 */
static struct btf *btf_with_members(struct eh_types *ty)
{
	struct btf *b = eh_btf_new(ty);
	int in, un, m;

	in = B(btf__add_struct(b, NULL, 4));
	FIELD(b, "b", ty->s16, 0);
	FIELD(b, "c", ty->s16, 2);
	un = B(btf__add_union(b, NULL, 4));
	FIELD(b, "a", ty->s32, 0);
	FIELD(b, NULL, in, 0);
	m = B(btf__add_struct(b, "m", 16));
	FIELD(b, "x", ty->s32, 0);
	FIELD(b, NULL, un, 4);
	FIELD(b, "d", ty->s64, 8);
	B(btf__add_typedef(b, "m_t", m));
	B(btf__add_enum(b, "en", 4));
	B(btf__add_enum_value(b, "EN_A", 0));
	return b;
}

static void members_list_flattens(void **state)
{
	struct eh_types ty;
	struct btf *b = btf_with_members(&ty);
	char buf[128];

	(void)state;
	assert_int_equal(btfcc_members_list(b, BTFCC_NS_STRUCT, "m", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "x, a, b, c, d");
	btf__free(b);
}

static void members_list_typedef(void **state)
{
	struct eh_types ty;
	struct btf *b = btf_with_members(&ty);
	char buf[128];

	(void)state;
	assert_int_equal(btfcc_members_list(b, BTFCC_NS_TYPEDEF, "m_t", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "x, a, b, c, d");
	btf__free(b);
}

static void members_list_not_a_record(void **state)
{
	struct eh_types ty;
	struct btf *b = btf_with_members(&ty);
	char buf[128];

	(void)state;
	assert_int_equal(btfcc_members_list(b, BTFCC_NS_STRUCT, "nope", buf, sizeof(buf)), -1);
	assert_int_equal(btfcc_members_list(b, BTFCC_NS_UNION, "m", buf, sizeof(buf)), -1);
	assert_int_equal(btfcc_members_list(b, BTFCC_NS_ENUM, "en", buf, sizeof(buf)), -1);
	assert_int_equal(btfcc_members_list(b, BTFCC_NS_STRUCT, "m", buf, 0), -1);
	btf__free(b);
}

/* A small buffer is filled and terminated, never overrun (ASan watches). */
static void members_list_truncates(void **state)
{
	struct eh_types ty;
	struct btf *b = btf_with_members(&ty);
	char *buf = malloc(6);

	(void)state;
	assert_non_null(buf);
	assert_int_equal(btfcc_members_list(b, BTFCC_NS_STRUCT, "m", buf, 6), 0);
	assert_string_equal(buf, "x, a,");
	free(buf);
	btf__free(b);
}

static void members_list_bad_anonymous(void *arg)
{
	char buf[64];

	btfcc_members_list(arg, BTFCC_NS_STRUCT, "s", buf, sizeof(buf));
}

static void members_list_bad_typedef(void *arg)
{
	char buf[64];

	btfcc_members_list(arg, BTFCC_NS_TYPEDEF, "bad_t", buf, sizeof(buf));
}

/* An anonymous member whose type id is out of range: no crash. */
static void members_list_out_of_range(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	bool ok;

	(void)state;
	B(btf__add_struct(b, "s", 8));
	FIELD(b, "a", ty.s32, 0);
	FIELD(b, NULL, BAD_ID, 4);
	ok = eh_survives(members_list_bad_anonymous, b);
	btf__free(b);
	/*
	 * Known engine bug: list_members() passes btf__type_by_id()'s NULL for
	 * an out-of-range anonymous member to btf_is_composite().
	 */
	if (!ok)
		KNOWN_BUG("btfcc_members_list() crashes on an anonymous member whose "
			  "type id is out of range");
}

/* A typedef whose target is out of range: no crash. */
static void members_list_typedef_out_of_range(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	bool ok;

	(void)state;
	B(btf__add_typedef(b, "bad_t", BAD_ID));
	ok = eh_survives(members_list_bad_typedef, b);
	btf__free(b);
	/*
	 * Known engine bug: btfcc_members_list() uses btf__resolve_type()'s
	 * negative error as an id and passes the NULL type to btf_is_composite().
	 */
	if (!ok)
		KNOWN_BUG("btfcc_members_list() crashes on a typedef whose target id is "
			  "out of range");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(type_name_not_identifier),
		cmocka_unit_test(member_name_keyword),
		cmocka_unit_test(member_name_too_long),
		cmocka_unit_test(member_name_255),
		cmocka_unit_test(enumerator_not_identifier),
		cmocka_unit_test(typedef_name_keyword),
		cmocka_unit_test(forward_decl_not_identifier),
		cmocka_unit_test(fwd_not_identifier),
		cmocka_unit_test(param_name_dropped),
		cmocka_unit_test(member_name_gnu_keywords),
		cmocka_unit_test(member_type_out_of_range),
		cmocka_unit_test(anonymous_member_out_of_range),
		cmocka_unit_test(pointee_out_of_range),
		cmocka_unit_test(typedef_target_out_of_range),
		cmocka_unit_test(param_out_of_range),
		cmocka_unit_test(array_element_out_of_range),
		cmocka_unit_test(hint_into_out_of_range),
		cmocka_unit_test(members_list_flattens),
		cmocka_unit_test(members_list_typedef),
		cmocka_unit_test(members_list_not_a_record),
		cmocka_unit_test(members_list_truncates),
		cmocka_unit_test(members_list_out_of_range),
		cmocka_unit_test(members_list_typedef_out_of_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
