// SPDX-License-Identifier: GPL-2.0-only
/*
 * The closure: what a request pulls in and how. By value is a definition
 * before its user, a pointee a forward declaration, a typedef through a
 * pointer a typedef of a declared target, a type the TU defines a name
 * (with its size checked against BTF when it is embedded).
 */
#define _GNU_SOURCE
#include "engine_helpers.h"

/* What the fake TU (a kernel header) defines: struct list_head. */
#define TU_LIST_HEAD "struct list_head { struct list_head *next, *prev; };\n"

static struct eh_tu_type tu_list_head[] = {
	{ BTFCC_NS_STRUCT, "list_head", 16, 8 },
};

/* struct b { int x; }; struct a { struct b *p; }; */
static void pointer_only_is_declared(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "a");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int sb, pb, sa;
	char *h;

	(void)state;
	sb = B(btf__add_struct(b, "b", 4));
	FIELD(b, "x", ty.s32, 0);
	pb = B(btf__add_ptr(b, sb));
	sa = B(btf__add_struct(b, "a", 8));
	FIELD(b, "p", pb, 0);
	(void)sa;
	h = eh_emit_ok(b, NULL, &req, 1);
	assert_contains(h, "struct b;\n");
	assert_not_contains(h, "struct b {");
	assert_contains(h, "struct a {");
	assert_contains(h, "struct b *p;");
	eh_assert_compiles(NULL, h);
	free(h);
	btf__free(b);
}

/* A pointer-only use counts nothing; the by-value user is the one definition. */
static void pointer_only_count(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "a");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_run r;
	int sb, pb;

	(void)state;
	sb = B(btf__add_struct(b, "b", 4));
	FIELD(b, "x", ty.s32, 0);
	pb = B(btf__add_ptr(b, sb));
	B(btf__add_struct(b, "a", 8));
	FIELD(b, "p", pb, 0);
	eh_plan(&r, b, NULL, &req, 1, NULL);
	assert_int_equal(r.add_ret, 0);
	assert_int_equal(r.count, 1);
	eh_run_free(&r);
	btf__free(b);
}

/* struct b { int x; }; struct a { char c; struct b v; }: b before a. */
static void by_value_defined_first(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "a");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_probe probe[] = {
		{ "sizeof(struct a)", 8 },
		{ "offsetof(struct a, v)", 4 },
		{ "offsetof(struct a, v.x)", 4 },
	};
	int sb;
	char *h;

	(void)state;
	sb = B(btf__add_struct(b, "b", 4));
	FIELD(b, "x", ty.s32, 0);
	B(btf__add_struct(b, "a", 8));
	FIELD(b, "c", ty.s8, 0);
	FIELD(b, "v", sb, 4);
	h = eh_emit_ok(b, NULL, &req, 1);
	assert_true(eh_pos(h, "struct b {") >= 0);
	assert_true(eh_pos(h, "struct b {") < eh_pos(h, "struct a {"));
	assert_int_equal(eh_count(h, "struct b {"), 1);
	eh_assert_compiles(NULL, h);
	eh_assert_probe(NULL, h, probe, N_ELEM(probe));
	free(h);
	btf__free(b);
}

/* typedef struct b b_t; struct a { b_t *p; }: typedef emitted, struct b declared. */
static void typedef_through_pointer(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "a");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int sb, td, p;
	char *h;

	(void)state;
	sb = B(btf__add_struct(b, "b", 4));
	FIELD(b, "x", ty.s32, 0);
	td = B(btf__add_typedef(b, "b_t", sb));
	p = B(btf__add_ptr(b, td));
	B(btf__add_struct(b, "a", 8));
	FIELD(b, "p", p, 0);
	h = eh_emit_ok(b, NULL, &req, 1);
	assert_contains(h, "typedef struct b b_t;");
	assert_contains(h, "struct b;\n");
	assert_not_contains(h, "struct b {");
	assert_contains(h, "b_t *p;");
	/* sizeof(b_t) on an incomplete type would not compile. */
	assert_not_contains(h, "sizeof(b_t)");
	eh_assert_compiles(NULL, h);
	free(h);
	btf__free(b);
}

/* The typedef first through a pointer, then by value: defined and checked. */
static void typedef_pointer_then_value(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "a");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_probe probe[] = {
		{ "sizeof(struct a)", 16 },
		{ "offsetof(struct a, v)", 8 },
		{ "sizeof(b_t)", 8 },
	};
	int sb, td, p;
	char *h;

	(void)state;
	sb = B(btf__add_struct(b, "b", 8));
	FIELD(b, "x", ty.s64, 0);
	td = B(btf__add_typedef(b, "b_t", sb));
	p = B(btf__add_ptr(b, td));
	B(btf__add_struct(b, "a", 16));
	FIELD(b, "p", p, 0);
	FIELD(b, "v", td, 8);
	h = eh_emit_ok(b, NULL, &req, 1);
	assert_int_equal(eh_count(h, "typedef struct b b_t;"), 1);
	assert_int_equal(eh_count(h, "struct b {"), 1);
	assert_contains(h, "sizeof(b_t) == 8");
	eh_assert_compiles(NULL, h);
	eh_assert_probe(NULL, h, probe, N_ELEM(probe));
	free(h);
	btf__free(b);
}

/* struct list_head the TU defines: referred to by name, never emitted. */
static struct btf *btf_with_list_head(struct eh_types *ty, int *lh)
{
	struct btf *b = eh_btf_new(ty);
	int p;

	*lh = B(btf__add_struct(b, "list_head", 16));
	FIELD(b, "next", *lh + 1, 0);
	FIELD(b, "prev", *lh + 1, 8);
	p = B(btf__add_ptr(b, *lh));
	assert_int_equal(p, *lh + 1);
	return b;
}

static void tu_defined_referenced(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "task");
	struct eh_tu tu = { tu_list_head, N_ELEM(tu_list_head) };
	struct btfcc_defined def = eh_defined(&tu);
	struct eh_probe probe[] = {
		{ "sizeof(struct task)", 24 },
		{ "offsetof(struct task, tasks)", 8 },
	};
	struct eh_types ty;
	int lh;
	struct btf *b = btf_with_list_head(&ty, &lh);
	char *h;

	(void)state;
	B(btf__add_struct(b, "task", 24));
	FIELD(b, "pid", ty.s32, 0);
	FIELD(b, "tasks", lh, 8);
	h = eh_emit_ok(b, &def, &req, 1);
	assert_not_contains(h, "struct list_head {");
	assert_not_contains(h, "struct list_head;");
	assert_contains(h, "struct list_head tasks;");
	eh_assert_compiles(TU_LIST_HEAD, h);
	eh_assert_probe(TU_LIST_HEAD, h, probe, N_ELEM(probe));
	free(h);
	btf__free(b);
}

/* The headers' list_head is 24 bytes, BTF's 16: different kernels. */
static void tu_defined_size_mismatch(void **state)
{
	static const struct eh_tu_type wrong[] = { { BTFCC_NS_STRUCT, "list_head", 24, 8 } };
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "task");
	struct eh_tu tu = { wrong, N_ELEM(wrong) };
	struct btfcc_defined def = eh_defined(&tu);
	struct btfcc_err err;
	struct eh_types ty;
	int lh;
	struct btf *b = btf_with_list_head(&ty, &lh);

	(void)state;
	B(btf__add_struct(b, "task", 24));
	FIELD(b, "pid", ty.s32, 0);
	FIELD(b, "tasks", lh, 8);
	eh_expect_fail(b, &def, &req, 1, &err);
	assert_contains(err.msg, "struct list_head");
	assert_contains(err.msg, "24");
	assert_contains(err.msg, "16");
	assert_contains(err.msg, "different kernels");
	btf__free(b);
}

/*
 * The same mismatch, but the task points to a list_head before it embeds
 * one. The size check must not depend on which use the walk met first.
 */
static void tu_defined_size_mismatch_after_pointer(void **state)
{
	static const struct eh_tu_type wrong[] = { { BTFCC_NS_STRUCT, "list_head", 24, 8 } };
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "task");
	struct eh_tu tu = { wrong, N_ELEM(wrong) };
	struct btfcc_defined def = eh_defined(&tu);
	struct eh_types ty;
	int lh;
	struct btf *b = btf_with_list_head(&ty, &lh);
	struct eh_run r;

	(void)state;
	B(btf__add_struct(b, "task", 24));
	FIELD(b, "first", lh + 1, 0);
	FIELD(b, "tasks", lh, 8);
	eh_plan(&r, b, &def, &req, 1, NULL);
	eh_run_free(&r);
	btf__free(b);
	/*
	 * Known engine bug: need_decl() marks list_head PS_EXTERNAL without a
	 * size check, and need_full() returns early for PS_EXTERNAL, so the
	 * by-value use is never checked.
	 */
	if (!r.add_ret)
		KNOWN_BUG("a TU-defined type first reached through a pointer is never "
			  "size-checked when later embedded by value");
	assert_contains(r.err.msg, "24");
	assert_contains(r.err.msg, "16");
	assert_contains(r.err.msg, "different kernels");
}

/* //BTF_INCLUDE on struct list_head, which the TU defines: checks only. */
static void tu_defined_request_only_checks(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "list_head");
	struct eh_tu tu = { tu_list_head, N_ELEM(tu_list_head) };
	struct btfcc_defined def = eh_defined(&tu);
	struct eh_types ty;
	int lh;
	struct btf *b = btf_with_list_head(&ty, &lh);
	struct eh_run r;

	(void)state;
	eh_plan(&r, b, &def, &req, 1, NULL);
	assert_int_equal(r.add_ret, 0);
	assert_int_equal(r.emit_ret, 0);
	assert_int_equal(r.count, 0);
	assert_not_contains(r.hdr, "struct list_head {");
	assert_not_contains(r.hdr, "struct list_head;");
	assert_contains(r.hdr, "sizeof(struct list_head) == 16");
	assert_contains(r.hdr, "__builtin_offsetof(struct list_head, prev) == 8");
	eh_assert_compiles(TU_LIST_HEAD, r.hdr);
	eh_run_free(&r);
	btf__free(b);
}

/* //BTF_INCLUDE on a TU type whose size differs from BTF's: refused. */
static void tu_defined_request_size_mismatch(void **state)
{
	static const struct eh_tu_type wrong[] = { { BTFCC_NS_STRUCT, "list_head", 32, 8 } };
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "list_head");
	struct eh_tu tu = { wrong, N_ELEM(wrong) };
	struct btfcc_defined def = eh_defined(&tu);
	struct btfcc_err err;
	struct eh_types ty;
	int lh;
	struct btf *b = btf_with_list_head(&ty, &lh);

	(void)state;
	eh_expect_fail(b, &def, &req, 1, &err);
	assert_contains(err.msg, "32");
	assert_contains(err.msg, "16");
	assert_contains(err.msg, "different kernels");
	btf__free(b);
}

/*
 * struct foo in two shapes, each embedded by a different request: C cannot
 * define both in one file.
 */
/*
 * struct a embeds one struct foo, struct b another shape of it: the second
 * shape is defined as foo___2 so that neither member has the other's layout.
 */
static void two_shapes_in_one_file(void **state)
{
	struct btfcc_request reqs[] = { REQ(BTFCC_NS_STRUCT, "a"), REQ(BTFCC_NS_STRUCT, "b") };
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	char *hdr;
	int f1, f2;

	(void)state;
	f1 = B(btf__add_struct(b, "foo", 4));
	FIELD(b, "x", ty.s32, 0);
	f2 = B(btf__add_struct(b, "foo", 8));
	FIELD(b, "y", ty.s64, 0);
	B(btf__add_struct(b, "a", 4));
	FIELD(b, "f", f1, 0);
	B(btf__add_struct(b, "b", 8));
	FIELD(b, "f", f2, 0);
	hdr = eh_emit_ok(b, NULL, reqs, 2);
	assert_int_equal(eh_count(hdr, "struct foo {"), 1);
	assert_int_equal(eh_count(hdr, "struct foo___2 {"), 1);
	assert_true(eh_pos(hdr, "struct foo___2 f;") > eh_pos(hdr, "struct b {"));
	assert_true(eh_pos(hdr, "struct foo f;") > eh_pos(hdr, "struct a {"));
	eh_assert_compiles("", hdr);
	free(hdr);
	btf__free(b);
}

/* Two requests for different shapes of one name cannot both be "struct foo". */
static void two_requested_shapes(void **state)
{
	struct btfcc_request reqs[] = { REQ(BTFCC_NS_STRUCT, "foo"), REQ(BTFCC_NS_STRUCT, "foo") };
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct btfcc_err err;

	(void)state;
	B(btf__add_struct(b, "foo", 4));
	FIELD(b, "x", ty.s32, 0);
	B(btf__add_struct(b, "foo", 8));
	FIELD(b, "y", ty.s64, 0);
	reqs[0].hints = (const char *const[]){ "x" };
	reqs[0].n_hints = 1;
	reqs[1].hints = (const char *const[]){ "y" };
	reqs[1].n_hints = 1;
	eh_expect_fail(b, NULL, reqs, 2, &err);
	assert_contains(err.msg, "requested in two different shapes");
	btf__free(b);
}

/* struct loop { struct loop self; }: corrupt BTF, an error and no recursion. */
static void contains_itself(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "loop");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct btfcc_err err;
	int s;

	(void)state;
	s = B(btf__add_struct(b, "loop", 8));
	FIELD(b, "self", s, 0);
	eh_expect_fail(b, NULL, &req, 1, &err);
	assert_contains(err.msg, "contains itself");
	btf__free(b);
}

/* Only a FWD in BTF, but embedded by value: no layout to give. */
static void fwd_by_value(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "a");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct btfcc_err err;
	int fwd;

	(void)state;
	fwd = B(btf__add_fwd(b, "opaque", BTF_FWD_STRUCT));
	B(btf__add_struct(b, "a", 8));
	FIELD(b, "o", fwd, 0);
	eh_expect_fail(b, NULL, &req, 1, &err);
	assert_contains(err.msg, "opaque");
	assert_contains(err.msg, "only declared");
	btf__free(b);
}

/* A FWD union pointee: "union u;" (not struct), and the header compiles. */
static void fwd_union_pointee(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "a");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int fwd, p;
	char *h;

	(void)state;
	fwd = B(btf__add_fwd(b, "u", BTF_FWD_UNION));
	p = B(btf__add_ptr(b, fwd));
	B(btf__add_struct(b, "a", 8));
	FIELD(b, "p", p, 0);
	h = eh_emit_ok(b, NULL, &req, 1);
	assert_contains(h, "union u;\n");
	assert_contains(h, "union u *p;");
	eh_assert_compiles(NULL, h);
	free(h);
	btf__free(b);
}

/* Function pointer parameters and returns are only declared. */
static void proto_types_declared(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "ops");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int big, fp, p;
	char *h;

	(void)state;
	big = B(btf__add_struct(b, "big", 64));
	FIELD(b, "x", ty.s64, 0);
	fp = B(btf__add_func_proto(b, big));
	B(btf__add_func_param(b, "in", big));
	p = B(btf__add_ptr(b, fp));
	B(btf__add_struct(b, "ops", 8));
	FIELD(b, "op", p, 0);
	h = eh_emit_ok(b, NULL, &req, 1);
	assert_contains(h, "struct big;\n");
	assert_not_contains(h, "struct big {");
	eh_assert_compiles(NULL, h);
	free(h);
	btf__free(b);
}

/* struct list { struct list *next; }: self-pointer, defined once, compiles. */
static void self_pointer(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "node");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int s;
	char *h;

	(void)state;
	s = B(btf__add_struct(b, "node", 16));
	FIELD(b, "next", s + 1, 0);
	FIELD(b, "v", ty.s32, 8);
	assert_int_equal(B(btf__add_ptr(b, s)), s + 1);
	h = eh_emit_ok(b, NULL, &req, 1);
	assert_int_equal(eh_count(h, "struct node {"), 1);
	eh_assert_compiles(NULL, h);
	free(h);
	btf__free(b);
}

/* A second request for a type already pulled in does not emit it twice. */
static void requested_twice(void **state)
{
	struct btfcc_request reqs[] = { REQ(BTFCC_NS_STRUCT, "a"), REQ(BTFCC_NS_STRUCT, "b"),
					REQ(BTFCC_NS_STRUCT, "a") };
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int sb, pb;
	char *h;

	(void)state;
	sb = B(btf__add_struct(b, "b", 4));
	FIELD(b, "x", ty.s32, 0);
	pb = B(btf__add_ptr(b, sb));
	B(btf__add_struct(b, "a", 16));
	FIELD(b, "p", pb, 0);
	FIELD(b, "v", sb, 8);
	h = eh_emit_ok(b, NULL, reqs, N_ELEM(reqs));
	assert_int_equal(eh_count(h, "struct a {"), 1);
	assert_int_equal(eh_count(h, "struct b {"), 1);
	eh_assert_compiles(NULL, h);
	free(h);
	btf__free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pointer_only_is_declared),
		cmocka_unit_test(pointer_only_count),
		cmocka_unit_test(by_value_defined_first),
		cmocka_unit_test(typedef_through_pointer),
		cmocka_unit_test(typedef_pointer_then_value),
		cmocka_unit_test(tu_defined_referenced),
		cmocka_unit_test(tu_defined_size_mismatch),
		cmocka_unit_test(tu_defined_size_mismatch_after_pointer),
		cmocka_unit_test(tu_defined_request_only_checks),
		cmocka_unit_test(tu_defined_request_size_mismatch),
		cmocka_unit_test(two_shapes_in_one_file),
		cmocka_unit_test(two_requested_shapes),
		cmocka_unit_test(contains_itself),
		cmocka_unit_test(fwd_by_value),
		cmocka_unit_test(fwd_union_pointee),
		cmocka_unit_test(proto_types_declared),
		cmocka_unit_test(self_pointer),
		cmocka_unit_test(requested_twice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
