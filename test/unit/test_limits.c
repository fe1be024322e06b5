// SPDX-License-Identifier: GPL-2.0-only
/*
 * The limits of docs/fuzzing.md, on hostile BTF built in memory by
 * test/fuzz/fuzz_shapes.h (the same inputs seed the engine's fuzz corpus):
 * deep chains, loops, shapes C cannot write, huge vlen and nr_elems, and a
 * decompression bomb. Each must end in one line of error (or, where the
 * input is valid C, a header) within a time bound, never a crash: without
 * the bounds these overflow the stack, hang or emit C that does not
 * compile.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <lzma.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "btf/btf_internal.h"
#include "engine/plan.h"
#include "../fuzz/fuzz_shapes.h"

/* Generous for ASan on a busy 2-core machine; the real runs take ms. */
#define TIME_BOUND 10.0

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void assert_one_line(const struct btfcc_err *err, enum btfcc_errc code)
{
	size_t i;

	if (err->code != code)
		fail_msg("error code %d, expected %d: %s", err->code, code, err->msg);
	assert_true(err->msg[0]);
	for (i = 0; err->msg[i]; i++)
		if ((unsigned char)err->msg[i] < 0x20 || (unsigned char)err->msg[i] > 0x7e)
			fail_msg("not one printable line: %s", err->msg);
}

/* Load b's raw bytes as btfcc does; NULL with err filled when refused. */
static struct btf *load(struct btf *b, struct btfcc_err *err)
{
	const void *raw;
	struct btf *btf;
	__u32 len;

	raw = btf__raw_data(b, &len);
	assert_non_null(raw);
	btf = btfcc_btf_from_raw(raw, len, NULL, err);
	btf__free(b);
	return btf;
}

/* Request ns/name from btf and emit it; 0 and *out (malloc'd) or -1 and err. */
static int plan_emit(struct btf *btf, enum btfcc_ns ns, const char *name, char **out,
		     struct btfcc_err *err)
{
	struct btfcc_request req = { .ns = ns, .name = name, .origin = "test" };
	struct btfcc_plan *plan = btfcc_plan_new(btf, NULL);
	size_t len = 0;
	FILE *f;
	int ret;

	*out = NULL;
	f = open_memstream(out, &len);
	assert_non_null(f);
	ret = btfcc_plan_add(plan, &req, err);
	if (!ret)
		ret = btfcc_plan_emit(plan, f, NULL, err);
	fclose(f);
	btfcc_plan_free(plan);
	if (ret) {
		assert_int_equal(len, 0);	/* nothing half-written */
		free(*out);
		*out = NULL;
	}
	return ret;
}

/* The shape must be refused at load with code, within TIME_BOUND. */
static void refused_at_load(struct btf *b, enum btfcc_errc code, const char *words)
{
	struct btfcc_err err = { 0 };
	double t0 = now();
	struct btf *btf = load(b, &err);

	if (btf)
		fail_msg("loaded; expected a refusal saying '%s'", words);
	assert_one_line(&err, code);
	if (!strstr(err.msg, words))
		fail_msg("expected '%s' in: %s", words, err.msg);
	assert_true(now() - t0 < TIME_BOUND);
}

/* The shape loads, but the engine must refuse ns/name before emitting. */
static void refused_by_engine(struct btf *b, enum btfcc_ns ns, const char *name,
			      enum btfcc_errc code, const char *words)
{
	struct btfcc_err err = { 0 };
	double t0 = now();
	struct btf *btf = load(b, &err);
	char *h;

	if (!btf)
		fail_msg("refused at load: %s", err.msg);
	if (!plan_emit(btf, ns, name, &h, &err))
		fail_msg("emitted, expected a refusal saying '%s':\n%s", words, h);
	assert_one_line(&err, code);
	if (!strstr(err.msg, words))
		fail_msg("expected '%s' in: %s", words, err.msg);
	assert_true(now() - t0 < TIME_BOUND);
	btf__free(btf);
}

static void typedef_chain_100000(void **state)
{
	(void)state;
	refused_at_load(shape_typedef_chain(100000), BTFCC_E_LIMIT, "more than 256 deep");
}

static void anon_chain_100000(void **state)
{
	(void)state;
	refused_at_load(shape_anon_chain(100000), BTFCC_E_LIMIT, "more than 256 deep");
}

/*
 * Under the bounds, the same shapes are ordinary C (libbpf's
 * btf__resolve_size() follows at most 32 typedefs, hence 30).
 */
static void chains_under_the_bound(void **state)
{
	struct btfcc_err err = { 0 };
	struct btf *btf;
	char *h;

	(void)state;
	btf = load(shape_typedef_chain(30), &err);
	assert_non_null(btf);
	if (plan_emit(btf, BTFCC_NS_STRUCT, "s", &h, &err))
		fail_msg("refused: %s", err.msg);
	assert_non_null(strstr(h, "typedef int t29;"));
	free(h);
	btf__free(btf);
	btf = load(shape_anon_chain(200), &err);
	assert_non_null(btf);
	if (plan_emit(btf, BTFCC_NS_STRUCT, "s", &h, &err))
		fail_msg("refused: %s", err.msg);
	free(h);
	btf__free(btf);
}

/* Not nested by value, so it loads: the closure's own bound refuses it. */
static void pointer_typedef_chain_100000(void **state)
{
	(void)state;
	refused_by_engine(shape_ptr_typedef_chain(100000), BTFCC_NS_TYPEDEF, "t",
			  BTFCC_E_LIMIT, "more than 1024 nested types");
}

static void typedef_loop(void **state)
{
	(void)state;
	refused_at_load(shape_typedef_cycle(0), BTFCC_E_FORMAT, "contains itself");
}

static void modifier_loop(void **state)
{
	(void)state;
	refused_at_load(shape_mod_cycle(0), BTFCC_E_FORMAT, "contains itself");
}

static void array_loop(void **state)
{
	(void)state;
	refused_at_load(shape_array_cycle(0), BTFCC_E_FORMAT, "contains itself");
}

static void record_holds_itself(void **state)
{
	(void)state;
	refused_at_load(shape_self(0), BTFCC_E_FORMAT, "contains itself");
}

/* The known crash: emit_decl -> emit_base -> emit_record_body -> emit_member -> ... */
static void record_holds_itself_through_anonymous_member(void **state)
{
	(void)state;
	refused_at_load(shape_self_anon(0), BTFCC_E_FORMAT, "contains itself");
}

static void anonymous_record_points_to_itself(void **state)
{
	(void)state;
	refused_at_load(shape_anon_self_ptr(0), BTFCC_E_FORMAT, "contains itself");
}

static void typedef_points_to_itself(void **state)
{
	(void)state;
	refused_by_engine(shape_typedef_ptr_self(0), BTFCC_NS_STRUCT, "s", BTFCC_E_INVALID,
			  "refers to itself");
}

static void pointer_bitfield(void **state)
{
	(void)state;
	refused_by_engine(shape_ptr_bitfield(0), BTFCC_NS_STRUCT, "s", BTFCC_E_INVALID,
			  "bit-field of a type that is no integer");
}

static void nameless_member(void **state)
{
	(void)state;
	refused_by_engine(shape_no_member_name(0), BTFCC_NS_STRUCT, "s", BTFCC_E_INVALID,
			  "has no name");
}

static void empty_enum_by_value(void **state)
{
	(void)state;
	refused_by_engine(shape_empty_enum(0), BTFCC_NS_STRUCT, "s", BTFCC_E_INVALID,
			  "no enumerators");
}

/* vlen 65535, the most BTF can say: valid C, emitted in bounded time. */
static void empty_anonymous_enum(void **state)
{
	(void)state;
	refused_by_engine(shape_empty_enum_anon(0), BTFCC_NS_STRUCT, "s", BTFCC_E_INVALID,
			  "no enumerators");
}

static void empty_enum_through_typedef(void **state)
{
	(void)state;
	refused_by_engine(shape_empty_enum_anon(0), BTFCC_NS_STRUCT, "s2", BTFCC_E_INVALID,
			  "no enumerators");
}

static void huge_vlen(void **state)
{
	struct btfcc_err err = { 0 };
	double t0 = now();
	struct btf *btf;
	char *h;

	(void)state;
	btf = load(shape_wide(65535), &err);
	assert_non_null(btf);
	assert_int_equal(plan_emit(btf, BTFCC_NS_STRUCT, "s", &h, &err), 0);
	assert_non_null(strstr(h, "\tint m65534;\n"));
	free(h);
	btf__free(btf);
	assert_true(now() - t0 < TIME_BOUND);
}

/* nr_elems 2^32-1 twice: 2^64 bytes, which no struct size can hold. */
static void huge_nr_elems(void **state)
{
	(void)state;
	refused_by_engine(shape_huge_array(0xffffffffL), BTFCC_NS_STRUCT, "s", BTFCC_E_INVALID,
			  "no C layout");
}

/* A small xz stream of 64 MiB of zeros against a 16 MiB limit. */
static void decompression_bomb(void **state)
{
	size_t in_len = 64u << 20, cap = 1 << 20, out_pos = 0;
	uint8_t *zeros = calloc(1, in_len), *xz = malloc(cap);
	struct btfcc_buf out = { 0 };
	struct btfcc_err err = { 0 };
	double t0;

	(void)state;
	assert_non_null(zeros);
	assert_non_null(xz);
	assert_int_equal(lzma_easy_buffer_encode(0, LZMA_CHECK_CRC32, NULL, zeros, in_len,
						 xz, &out_pos, cap), LZMA_OK);
	free(zeros);
	assert_true(out_pos < 64 * 1024);	/* a bomb: tiny in, huge out */
	t0 = now();
	assert_int_equal(btfcc_decompress(BTFCC_COMP_XZ, xz, out_pos, 16u << 20, false, &out, &err), -1);
	assert_one_line(&err, BTFCC_E_LIMIT);
	assert_null(out.data);
	/* Prefix mode stops at the limit and keeps no more than it. */
	assert_int_equal(btfcc_decompress(BTFCC_COMP_XZ, xz, out_pos, 4096, true, &out, &err), 0);
	assert_true(out.len <= 4096);
	btfcc_buf_free(&out);
	assert_true(now() - t0 < TIME_BOUND);
	free(xz);
}

/*
 * A name with a newline, an escape and a non-ASCII byte, in BTF and in a
 * request: refused, and the message stays one printable line.
 */
static void hostile_names(void **state)
{
	const char *bad = "evil\n#include <x>\x1b[2J\xc3\xa9";
	struct btfcc_err err = { 0 };
	struct btf *b, *btf;
	int i, s;
	char *h;

	(void)state;
	b = shape_new(&i);
	s = btf__add_struct(b, "s", 4);
	btf__add_field(b, "v", s + 1, 0, 0);
	btf__add_struct(b, bad, 4);
	btf__add_field(b, "x", i, 0, 0);
	btf = load(b, &err);
	assert_non_null(btf);
	assert_int_equal(plan_emit(btf, BTFCC_NS_STRUCT, "s", &h, &err), -1);
	assert_one_line(&err, BTFCC_E_INVALID);
	assert_non_null(strstr(err.msg, "evil\\x0a#include <x>\\x1b[2J\\xc3\\xa9"));
	assert_int_equal(plan_emit(btf, BTFCC_NS_STRUCT, bad, &h, &err), -1);
	assert_one_line(&err, BTFCC_E_INVALID);
	assert_non_null(strstr(err.msg, "is not a C identifier"));
	btf__free(btf);
}

/*
 * fuzz_engine: a record the engine only checks, never defines (the
 * compiler's __builtin_ ones, or the headers'), printed its member names
 * into the offset checks unchecked, non-ASCII bytes and all.
 */
static void found_checked_record_member_names(void **state)
{
	struct btfcc_err err = { 0 };
	struct btf *b, *btf;
	int i, s;
	char *h;

	(void)state;
	b = shape_new(&i);
	s = btf__add_struct(b, "s", 8);
	btf__add_field(b, "ok", i, 0, 0);
	btf__add_field(b, "evil */ \xc3\xa9", i, 32, 0);
	btf__add_typedef(b, "__builtin_va_list", s);
	btf = load(b, &err);
	assert_non_null(btf);
	if (!plan_emit(btf, BTFCC_NS_TYPEDEF, "__builtin_va_list", &h, &err))
		fail_msg("emitted:\n%s", h);
	assert_one_line(&err, BTFCC_E_INVALID);
	assert_non_null(strstr(err.msg, "is not a C identifier"));
	btf__free(btf);
}

/* Campaign headers gcc rejected: "specified mode too small for enumerated values". */
static void found_enum_value_too_big(void **state)
{
	int i, e;
	struct btf *b = shape_new(&i);

	(void)state;
	e = btf__add_enum(b, "small", 1);
	btf__add_enum_value(b, "SMALL_BIG", 65283);
	(void)e;
	refused_by_engine(b, BTFCC_NS_ENUM, "small", BTFCC_E_INVALID, "do not fit its 1 bytes");
}

/* ... "duplicate member": two members of one name, one inside an anonymous member. */
static void found_duplicate_member(void **state)
{
	int i, s, a;
	struct btf *b = shape_new(&i);

	(void)state;
	a = btf__add_struct(b, NULL, 4);
	btf__add_field(b, "e", i, 0, 0);
	s = btf__add_struct(b, "dup", 8);
	btf__add_field(b, "e", i, 0, 0);
	btf__add_field(b, NULL, a, 32, 0);
	(void)s;
	refused_by_engine(b, BTFCC_NS_STRUCT, "dup", BTFCC_E_INVALID, "two members named 'e'");
}

/* ... "expected ')'": a prototype with "..." before another parameter. */
static void found_vararg_not_last(void **state)
{
	int i, fp, p, s;
	struct btf *b = shape_new(&i);

	(void)state;
	fp = btf__add_func_proto(b, i);
	btf__add_func_param(b, "a", i);
	btf__add_func_param(b, NULL, 0);
	btf__add_func_param(b, "b", i);
	p = btf__add_ptr(b, fp);
	s = btf__add_struct(b, "cb", 8);
	btf__add_field(b, "f", p, 0, 0);
	(void)s;
	refused_by_engine(b, BTFCC_NS_STRUCT, "cb", BTFCC_E_INVALID, "'...' before its last");
}

/* ... "redeclaration of enumerator": one anonymous enum behind a typedef and a member. */
static void found_anonymous_enum_twice(void **state)
{
	int i, e, t, s;
	struct btf *b = shape_new(&i);

	(void)state;
	e = btf__add_enum(b, NULL, 4);
	btf__add_enum_value(b, "TD_A", 3);
	t = btf__add_typedef(b, "td_t", e);
	s = btf__add_struct(b, "twice", 8);
	btf__add_field(b, "g", t, 0, 0);
	btf__add_field(b, "h", e, 32, 0);
	(void)s;
	refused_by_engine(b, BTFCC_NS_STRUCT, "twice", BTFCC_E_INVALID, "used in two places");
}

/* fuzz_engine: "restrict int v;" was emitted; gcc rejects it. */
static void found_restrict_non_pointer(void **state)
{
	int i, s;
	struct btf *b = shape_new(&i);

	(void)state;
	s = btf__add_struct(b, "s", 4);
	btf__add_field(b, "v", s + 1, 0, 0);
	btf__add_restrict(b, i);
	refused_by_engine(b, BTFCC_NS_STRUCT, "s", BTFCC_E_INVALID, "restrict on a type");
}

/*
 * fuzz_engine: any __builtin_ record was taken for the compiler's and only
 * checked, against a type gcc does not have. Only __builtin_va_list is.
 */
static void found_builtin_record(void **state)
{
	struct btfcc_err err = { 0 };
	struct btf *b, *btf;
	int i;
	char *h;

	(void)state;
	b = shape_new(&i);
	btf__add_struct(b, "__builtin_s", 4);
	btf__add_field(b, "x", i, 0, 0);
	btf = load(b, &err);
	assert_non_null(btf);
	if (plan_emit(btf, BTFCC_NS_STRUCT, "__builtin_s", &h, &err))
		fail_msg("refused: %s", err.msg);
	assert_non_null(strstr(h, "struct __builtin_s {\n\tint x;\n};"));
	free(h);
	btf__free(btf);
}

/*
 * Inputs the fuzz campaign found, written out (docs/fuzzing.md): raw BTF
 * of struct s { T v; } where T is type [3], as the header and types below,
 * then the strings "\0int\0s\0v\0". pad puts the type section off its
 * 4-byte boundary.
 */
static size_t fuzz_find(uint8_t *buf, uint32_t typedef_info, uint32_t typedef_name, int pad)
{
	const uint32_t types[] = {
		1, 0x01000000, 4, 0x01000020,		/* [1] int */
		5, 0x04000001, 4, 7, 3, 0,		/* [2] struct s { [3] v; } */
		typedef_name, typedef_info, 1,		/* [3] typedef ... int */
	};
	const char strs[] = "\0int\0s\0v";
	uint32_t hdr[6] = { 0x0001eb9f, 24, pad, sizeof(types), pad + sizeof(types), sizeof(strs) };

	memcpy(buf, hdr, sizeof(hdr));
	memset(buf + sizeof(hdr), 0, pad);
	memcpy(buf + sizeof(hdr) + pad, types, sizeof(types));
	memcpy(buf + sizeof(hdr) + pad + sizeof(types), strs, sizeof(strs));
	return sizeof(hdr) + pad + sizeof(types) + sizeof(strs);
}

/* fuzz_split: a nameless typedef with vlen 0x4200 was read as an enum. */
static void found_nameless_typedef(void **state)
{
	struct btfcc_err err = { 0 };
	struct btf *btf;
	uint8_t buf[256];
	size_t len = fuzz_find(buf, 0x08004200, 0, 0);

	(void)state;
	assert_null(btfcc_btf_from_raw(buf, len, NULL, &err));
	assert_one_line(&err, BTFCC_E_FORMAT);
	assert_non_null(strstr(err.msg, "a typedef without a name"));
	/* Named, the vlen alone is refused too; with neither, it loads. */
	len = fuzz_find(buf, 0x08004200, 7, 0);
	assert_null(btfcc_btf_from_raw(buf, len, NULL, &err));
	assert_non_null(strstr(err.msg, "vlen 16896"));
	len = fuzz_find(buf, 0x08000000, 7, 0);
	btf = btfcc_btf_from_raw(buf, len, NULL, &err);
	assert_non_null(btf);
	btf__free(btf);
}

/* fuzz_raw: a type section at an odd offset was read misaligned (UBSan). */
static void found_unaligned_types(void **state)
{
	struct btfcc_err err = { 0 };
	uint8_t buf[256];
	size_t len = fuzz_find(buf, 0x08000000, 7, 1);

	(void)state;
	assert_null(btfcc_btf_from_raw(buf, len, NULL, &err));
	assert_one_line(&err, BTFCC_E_FORMAT);
	assert_non_null(strstr(err.msg, "not on a 4-byte boundary"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(typedef_chain_100000),
		cmocka_unit_test(anon_chain_100000),
		cmocka_unit_test(chains_under_the_bound),
		cmocka_unit_test(pointer_typedef_chain_100000),
		cmocka_unit_test(typedef_loop),
		cmocka_unit_test(modifier_loop),
		cmocka_unit_test(array_loop),
		cmocka_unit_test(record_holds_itself),
		cmocka_unit_test(record_holds_itself_through_anonymous_member),
		cmocka_unit_test(anonymous_record_points_to_itself),
		cmocka_unit_test(typedef_points_to_itself),
		cmocka_unit_test(pointer_bitfield),
		cmocka_unit_test(nameless_member),
		cmocka_unit_test(empty_enum_by_value),
		cmocka_unit_test(empty_anonymous_enum),
		cmocka_unit_test(empty_enum_through_typedef),
		cmocka_unit_test(huge_vlen),
		cmocka_unit_test(huge_nr_elems),
		cmocka_unit_test(decompression_bomb),
		cmocka_unit_test(hostile_names),
		cmocka_unit_test(found_restrict_non_pointer),
		cmocka_unit_test(found_builtin_record),
		cmocka_unit_test(found_checked_record_member_names),
		cmocka_unit_test(found_nameless_typedef),
		cmocka_unit_test(found_unaligned_types),
		cmocka_unit_test(found_enum_value_too_big),
		cmocka_unit_test(found_duplicate_member),
		cmocka_unit_test(found_vararg_not_last),
		cmocka_unit_test(found_anonymous_enum_twice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
