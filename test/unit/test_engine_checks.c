// SPDX-License-Identifier: GPL-2.0-only
/*
 * The layout checks fire. A header whose layout is wrong must not compile:
 * edit one number of an emitted _Static_assert, or drop an attribute, or
 * feed a TU type that disagrees with BTF, and gcc must reject the header.
 * And BTF whose offsets no C layout can produce is refused by the engine.
 */
#define _GNU_SOURCE
#include "engine_helpers.h"

/* Replace the first "from" in h with "to" (h is reallocated). */
static char *edit(char *h, const char *from, const char *to)
{
	long at = eh_pos(h, from);
	char *out;

	if (at < 0)
		fail_msg("\"%s\" is not in the header:\n%s", from, h);
	if (asprintf(&out, "%.*s%s%s", (int)at, h, to, h + at + strlen(from)) < 0)
		fail();
	free(h);
	return out;
}

/* gcc rejects the header, with the btfcc message want. */
static void assert_rejected(const char *prefix, const char *hdr, const char *want)
{
	char *diag;

	if (!eh_gcc_syntax(prefix, hdr, &diag))
		fail_msg("gcc accepted a header with a wrong layout:\n%s", hdr);
	assert_contains(diag, want);
	free(diag);
}

/* struct pad { int a; <8 bytes>; int b; } and struct cl { int a; int b ____cacheline_aligned; }. */
static char *emit_pad_and_cl(void)
{
	struct btfcc_request reqs[] = { REQ(BTFCC_NS_STRUCT, "pad"),
					REQ(BTFCC_NS_STRUCT, "cl") };
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	char *h;

	B(btf__add_struct(b, "pad", 16));
	FIELD(b, "a", ty.s32, 0);
	FIELD(b, "b", ty.s32, 12);
	B(btf__add_struct(b, "cl", 128));
	FIELD(b, "a", ty.s32, 0);
	FIELD(b, "b", ty.s32, 64);
	h = eh_emit_ok(b, NULL, reqs, N_ELEM(reqs));
	btf__free(b);
	eh_assert_compiles(NULL, h);
	return h;
}

static void edited_offset_rejected(void **state)
{
	char *h = emit_pad_and_cl();

	(void)state;
	h = edit(h, "__builtin_offsetof(struct pad, b) == 12",
		 "__builtin_offsetof(struct pad, b) == 13");
	assert_rejected(NULL, h, "btfcc: struct pad.b: offset differs from BTF");
	free(h);
}

static void edited_size_rejected(void **state)
{
	char *h = emit_pad_and_cl();

	(void)state;
	h = edit(h, "sizeof(struct pad) == 16", "sizeof(struct pad) == 20");
	assert_rejected(NULL, h, "btfcc: sizeof(struct pad) differs from BTF");
	free(h);
}

/* The padding array four bytes short (one would be realigned away): caught. */
static void edited_padding_rejected(void **state)
{
	char *h = emit_pad_and_cl();
	long at = eh_pos(h, "__btfcc_pad");
	char *end;

	(void)state;
	assert_true(at >= 0);
	end = strstr(h + at, "[8];");
	assert_non_null(end);
	memcpy(end, "[4];", 4);
	assert_rejected(NULL, h, "btfcc: struct pad.b: offset differs from BTF");
	free(h);
}

/* Without its aligned(64) attribute, struct cl is laid out differently. */
static void dropped_alignment_rejected(void **state)
{
	char *h = emit_pad_and_cl();

	(void)state;
	h = edit(h, " __attribute__((__aligned__(64)))", "");
	assert_rejected(NULL, h, "btfcc: struct cl.b: offset differs from BTF");
	free(h);
}

/*
 * //BTF_INCLUDE on struct ext, which the TU defines with the right size but
 * the members in other places: the size check passes, the offsets do not.
 */
static void tu_offsets_differ(void **state)
{
	static const struct eh_tu_type tu_ext[] = { { BTFCC_NS_STRUCT, "ext", 12, 4 } };
	static const char prefix[] = "struct ext { int a, b, c; };\n";
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "ext");
	struct eh_tu tu = { tu_ext, N_ELEM(tu_ext) };
	struct btfcc_defined def = eh_defined(&tu);
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	char *h;

	(void)state;
	B(btf__add_struct(b, "ext", 12));
	FIELD(b, "a", ty.s32, 0);
	FIELD(b, "b", ty.s32, 8);
	FIELD(b, "c", ty.s32, 4);
	h = eh_emit_ok(b, &def, &req, 1);
	assert_not_contains(h, "struct ext {");
	assert_rejected(prefix, h, "btfcc: struct ext.b: offset differs from BTF");
	free(h);
	btf__free(b);
}

/*
 * The TU claims struct ext is 4-aligned but really is 8-aligned: the
 * engine plans struct user { int a; struct ext e; } with e at 4 as BTF
 * says, and the checks catch the header's e landing at 8.
 */
static void tu_alignment_lie_rejected(void **state)
{
	static const struct eh_tu_type tu_ext[] = { { BTFCC_NS_STRUCT, "ext", 8, 4 } };
	static const char prefix[] = "struct ext { long x; };\n";
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "user");
	struct eh_tu tu = { tu_ext, N_ELEM(tu_ext) };
	struct btfcc_defined def = eh_defined(&tu);
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	int ext;
	char *h;

	(void)state;
	ext = B(btf__add_struct(b, "ext", 8));
	FIELD(b, "x", ty.s64, 0);
	B(btf__add_struct(b, "user", 12));
	FIELD(b, "a", ty.s32, 0);
	FIELD(b, "e", ext, 4);
	h = eh_emit_ok(b, &def, &req, 1);
	assert_rejected(prefix, h, "differs from BTF");
	free(h);
	btf__free(b);
}

/* no_checks: not one _Static_assert. */
static void no_checks_option(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "s");
	struct btfcc_emit_opts opts = { .no_checks = true };
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_run r;

	(void)state;
	B(btf__add_struct(b, "s", 8));
	FIELD(b, "x", ty.s64, 0);
	eh_plan(&r, b, NULL, &req, 1, &opts);
	assert_int_equal(r.add_ret | r.emit_ret, 0);
	assert_not_contains(r.hdr, "_Static_assert(");
	assert_contains(r.hdr, "struct s {");
	eh_assert_compiles(NULL, r.hdr);
	eh_run_free(&r);
	btf__free(b);
}

/* explain: each definition says why it is there; source_desc heads the file. */
static void explain_option(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "a");
	struct btfcc_emit_opts opts = { .explain = true, .source_desc = "vmlinux" };
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_run r;
	int sb;

	(void)state;
	sb = B(btf__add_struct(b, "b", 4));
	FIELD(b, "x", ty.s32, 0);
	B(btf__add_struct(b, "a", 4));
	FIELD(b, "v", sb, 0);
	eh_plan(&r, b, NULL, &req, 1, &opts);
	assert_int_equal(r.add_ret | r.emit_ret, 0);
	assert_contains(r.hdr, "from the BTF of vmlinux");
	assert_contains(r.hdr, "/* requested at t.c:1 */\nstruct a {");
	assert_contains(r.hdr, "/* by value in struct a.v */\nstruct b {");
	eh_assert_compiles(NULL, r.hdr);
	eh_run_free(&r);
	btf__free(b);
}

/* ---- BTF that contradicts its member types ------------------------------ */

/*
 * struct odd { long l; int i at 10; } of 16 bytes: an int at offset 2
 * of its alignment. No natural layout does that; packed with padding
 * does, and the probe confirms the offsets.
 */
static void misaligned_member_packs(void **state)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, "odd");
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct eh_probe probe[] = {
		{ "sizeof(struct odd)", 16 },
		{ "offsetof(struct odd, i)", 10 },
	};
	char *h;

	(void)state;
	B(btf__add_struct(b, "odd", 16));
	FIELD(b, "l", ty.s64, 0);
	FIELD(b, "i", ty.s32, 10);
	h = eh_emit_ok(b, NULL, &req, 1);
	assert_contains(h, "__packed__");
	eh_assert_compiles(NULL, h);
	eh_assert_probe(NULL, h, probe, N_ELEM(probe));
	free(h);
	btf__free(b);
}

static void expect_no_layout(struct btf *b, const char *name)
{
	struct btfcc_request req = REQ(BTFCC_NS_STRUCT, name);
	struct btfcc_err err;

	eh_expect_fail(b, NULL, &req, 1, &err);
	assert_contains(err.msg, "no C layout reproduces");
	assert_contains(err.msg, name);
}

/* Overlapping members in a struct: no C layout. */
static void overlapping_members_refused(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);

	(void)state;
	B(btf__add_struct(b, "ovl", 8));
	FIELD(b, "a", ty.s32, 0);
	FIELD(b, "b", ty.s32, 2);
	expect_no_layout(b, "ovl");
	btf__free(b);
}

/* Members past the record's size: no C layout. */
static void members_past_size_refused(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);

	(void)state;
	B(btf__add_struct(b, "short_s", 4));
	FIELD(b, "a", ty.s64, 0);
	expect_no_layout(b, "short_s");
	btf__free(b);
}

/* Members out of order: no C layout (C places members in order). */
static void members_out_of_order_refused(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);

	(void)state;
	B(btf__add_struct(b, "rev", 8));
	FIELD(b, "a", ty.s32, 4);
	FIELD(b, "b", ty.s32, 0);
	expect_no_layout(b, "rev");
	btf__free(b);
}

/* A non-bitfield member at a bit offset that is not a byte: no C layout. */
static void member_at_bit_offset_refused(void **state)
{
	struct eh_types ty;
	struct btf *b = eh_btf_new(&ty);
	struct btf_type *t;
	struct btf_member *m;
	int s;

	(void)state;
	s = B(btf__add_struct(b, "bits", 8));
	FIELD(b, "a", ty.s32, 0);
	FIELD(b, "b", ty.s32, 4);
	/* libbpf turns a non-byte offset into a bitfield; patch it in place. */
	t = (struct btf_type *)btf__type_by_id(b, s);
	m = btf_members(t) + 1;
	m->offset = 33;
	expect_no_layout(b, "bits");
	btf__free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(edited_offset_rejected),
		cmocka_unit_test(edited_size_rejected),
		cmocka_unit_test(edited_padding_rejected),
		cmocka_unit_test(dropped_alignment_rejected),
		cmocka_unit_test(tu_offsets_differ),
		cmocka_unit_test(tu_alignment_lie_rejected),
		cmocka_unit_test(no_checks_option),
		cmocka_unit_test(explain_option),
		cmocka_unit_test(misaligned_member_packs),
		cmocka_unit_test(overlapping_members_refused),
		cmocka_unit_test(members_past_size_refused),
		cmocka_unit_test(members_out_of_order_refused),
		cmocka_unit_test(member_at_bit_offset_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
