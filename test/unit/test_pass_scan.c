// SPDX-License-Identifier: GPL-2.0-only
/* The libclang pass on small userspace files in pass_inputs/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "pass/scan.h"
#include "pass_inputs/inc/defs.h"

#define INPUT(name) BTFCC_TEST_SRC_DIR "/unit/pass_inputs/" name

static struct btfcc_scan *scan_file(const char *path, const char *prelude, unsigned line)
{
	struct btfcc_scan_opts opts = {
		.source = path,
		.prelude_path = prelude,
		.prelude_line = line,
	};
	struct btfcc_err err = { 0 };
	struct btfcc_scan *scan = btfcc_scan_run(&opts, &err);

	if (!scan)
		fail_msg("scan of %s failed: %s", path, err.msg);
	return scan;
}

static const struct btfcc_request *find_req(struct btfcc_scan *scan, enum btfcc_ns ns,
					    const char *name)
{
	const struct btfcc_request *reqs;
	size_t i, n = btfcc_scan_requests(scan, &reqs);

	for (i = 0; i < n; i++)
		if (reqs[i].ns == ns && !strcmp(reqs[i].name, name))
			return &reqs[i];
	return NULL;
}

static void assert_req(struct btfcc_scan *scan, enum btfcc_ns ns, const char *name,
		       const char *origin_suffix)
{
	const struct btfcc_request *r = find_req(scan, ns, name);
	const char *col;
	size_t ls = strlen(origin_suffix);

	if (!r)
		fail_msg("no request for %s (ns %d)", name, ns);
	/* "file:line:col", as compilers start a diagnostic. */
	col = strrchr(r->origin, ':');
	if (!col || (size_t)(col - r->origin) < ls || !col[1] ||
	    strspn(col + 1, "0123456789") != strlen(col + 1) ||
	    strncmp(col - ls, origin_suffix, ls))
		fail_msg("%s: origin %s, want ...%s:<col>", name, r->origin, origin_suffix);
}

static bool has_hint(const struct btfcc_request *r, const char *member)
{
	size_t i;

	for (i = 0; r && i < r->n_hints; i++)
		if (!strcmp(r->hints[i], member))
			return true;
	return false;
}

static void incomplete_and_unknown_types(void **state)
{
	struct btfcc_scan *scan = scan_file(INPUT("uses.c"), NULL, 0);
	const struct btfcc_scan_member *unk;
	const char *const *errs;
	size_t n;

	(void)state;
	assert_req(scan, BTFCC_NS_STRUCT, "by_value", "uses.c:15");
	assert_req(scan, BTFCC_NS_TYPEDEF, "unknown_file_t", "uses.c:17");
	assert_req(scan, BTFCC_NS_STRUCT, "local_by_value", "uses.c:21");
	assert_req(scan, BTFCC_NS_TYPEDEF, "unknown_local_t", "uses.c:22");
	assert_req(scan, BTFCC_NS_STRUCT, "sized", "uses.c:24");
	assert_req(scan, BTFCC_NS_STRUCT, "cfs_rq", "uses.c:26");
	assert_req(scan, BTFCC_NS_STRUCT, "arr", "uses.c:27");
	/* clang stops at the first incomplete link: rq comes in the next round */
	assert_null(find_req(scan, BTFCC_NS_STRUCT, "rq"));
	assert_null(find_req(scan, BTFCC_NS_STRUCT, "sched_entity"));
	assert_true(has_hint(find_req(scan, BTFCC_NS_STRUCT, "cfs_rq"), "rq"));
	assert_true(has_hint(find_req(scan, BTFCC_NS_STRUCT, "arr"), "first"));
	assert_true(has_hint(find_req(scan, BTFCC_NS_STRUCT, "arr"), "second"));

	n = btfcc_scan_unknown_members(scan, &unk);
	assert_int_equal(n, 1);
	assert_int_equal(unk[0].ns, BTFCC_NS_STRUCT);
	assert_string_equal(unk[0].type_name, "sched_entity");
	assert_string_equal(unk[0].member, "no_such_member");
	assert_non_null(strstr(unk[0].origin, "uses.c:28"));
	/* the uses of a variable whose type was unknown are no news */
	n = btfcc_scan_errors(scan, &errs);
	if (n)
		fail_msg("unexpected error: %s", errs[0]);
	/* first need at line 15, after the #define ending on line 12 */
	assert_int_equal(btfcc_scan_inject_line(scan), 13);
	btfcc_scan_free(scan);
}

/* The next round: the generated header defines cfs_rq, now rq is missing. */
static void prelude_round_finds_the_next_link(void **state)
{
	char path[] = "/tmp/btfcc_test_prelude_XXXXXX.h";
	int fd = mkstemps(path, 2);
	FILE *f = fdopen(fd, "w");
	struct btfcc_scan *scan;
	struct btfcc_defined d;
	const char *const *errs;

	(void)state;
	assert_non_null(f);
	fputs("struct rq;\nstruct cfs_rq { long load; struct rq *rq; };\n"
	      "struct arr { int first, second; };\n", f);
	fclose(f);
	scan = scan_file(INPUT("uses.c"), path, 13);
	assert_req(scan, BTFCC_NS_STRUCT, "rq", "uses.c:26");
	assert_true(has_hint(find_req(scan, BTFCC_NS_STRUCT, "rq"), "cpu"));
	assert_null(find_req(scan, BTFCC_NS_STRUCT, "cfs_rq"));
	assert_null(find_req(scan, BTFCC_NS_STRUCT, "arr"));
	/* line numbers are the unmodified file's */
	assert_req(scan, BTFCC_NS_STRUCT, "sized", "uses.c:24");
	assert_int_equal(btfcc_scan_inject_line(scan), 13);
	assert_int_equal(btfcc_scan_errors(scan, &errs), 0);
	/* what the prelude defines is not the TU's: the driver re-plans it all */
	d = btfcc_scan_defined(scan);
	assert_false(d.has(d.ctx, BTFCC_NS_STRUCT, "cfs_rq"));
	assert_true(d.has(d.ctx, BTFCC_NS_STRUCT, "sched_entity"));
	btfcc_scan_free(scan);
	unlink(path);
}

static void marked_lines(void **state)
{
	struct btfcc_scan *scan = scan_file(INPUT("markers.c"), NULL, 0);
	const struct btfcc_request *reqs;

	(void)state;
	assert_req(scan, BTFCC_NS_STRUCT, "xattr_ctx", "markers.c:10");
	/* defined by the headers and still a request: the engine checks it */
	assert_req(scan, BTFCC_NS_STRUCT, "defined_here", "markers.c:11");
	assert_true(has_hint(find_req(scan, BTFCC_NS_STRUCT, "defined_here"), "a"));
	assert_true(has_hint(find_req(scan, BTFCC_NS_STRUCT, "defined_here"), "b"));
	assert_req(scan, BTFCC_NS_TYPEDEF, "opaque_t", "markers.c:12");
	assert_req(scan, BTFCC_NS_UNION, "u_thing", "markers.c:13");
	assert_req(scan, BTFCC_NS_ENUM, "e_thing", "markers.c:13");
	assert_null(find_req(scan, BTFCC_NS_STRUCT, "not_marked"));
	assert_null(find_req(scan, BTFCC_NS_STRUCT, "inactive_thing"));
	assert_int_equal(btfcc_scan_requests(scan, &reqs), 5);
	btfcc_scan_free(scan);
}

/* A private header needing a type: the import goes before its #include. */
static void inject_before_private_header(void **state)
{
	struct btfcc_scan *scan = scan_file(INPUT("inject_header.c"), NULL, 0);

	(void)state;
	assert_req(scan, BTFCC_NS_STRUCT, "priv_thing", "priv_needs.h:6");
	assert_true(has_hint(find_req(scan, BTFCC_NS_STRUCT, "priv_thing"), "id"));
	assert_req(scan, BTFCC_NS_STRUCT, "late", "inject_header.c:8");
	assert_int_equal(btfcc_scan_inject_line(scan), 4);
	btfcc_scan_free(scan);
}

/*
 * The need sits in a function after a multi-line #define; directives in
 * function bodies and comments do not count; a later #include does not move it.
 */
static void inject_after_last_directive(void **state)
{
	struct btfcc_scan *scan = scan_file(INPUT("inject_body.c"), NULL, 0);

	(void)state;
	assert_req(scan, BTFCC_NS_STRUCT, "needed_here", "inject_body.c:19");
	assert_int_equal(btfcc_scan_inject_line(scan), 8);
	btfcc_scan_free(scan);
}

static void nothing_needed(void **state)
{
	struct btfcc_scan *scan;
	const struct btfcc_request *reqs;
	char path[] = "/tmp/btfcc_test_plain_XXXXXX.c";
	int fd = mkstemps(path, 2);
	FILE *f = fdopen(fd, "w");

	(void)state;
	fputs("#include <stddef.h>\nstatic size_t x;\nsize_t get(void) { return x; }\n", f);
	fclose(f);
	scan = scan_file(path, NULL, 0);
	assert_int_equal(btfcc_scan_requests(scan, &reqs), 0);
	assert_int_equal(btfcc_scan_inject_line(scan), 0);
	btfcc_scan_free(scan);
	unlink(path);
}

#define ASSERT_LAYOUT(d, ns, name, type)                                         \
	do {                                                                       \
		assert_true((d).has((d).ctx, ns, name));                           \
		assert_int_equal((d).size_of((d).ctx, ns, name), sizeof(type));    \
		assert_int_equal((d).align_of((d).ctx, ns, name), _Alignof(type)); \
	} while (0)

/* Sizes from clang's TU against gcc's own for the same header. */
static void defined_index(void **state)
{
	struct btfcc_scan *scan = scan_file(INPUT("defined.c"), NULL, 0);
	struct btfcc_defined d = btfcc_scan_defined(scan);

	(void)state;
	ASSERT_LAYOUT(d, BTFCC_NS_STRUCT, "defs_plain", struct defs_plain);
	ASSERT_LAYOUT(d, BTFCC_NS_STRUCT, "defs_outer", struct defs_outer);
	ASSERT_LAYOUT(d, BTFCC_NS_STRUCT, "defs_nested", struct defs_nested);
	ASSERT_LAYOUT(d, BTFCC_NS_UNION, "defs_u", union defs_u);
	ASSERT_LAYOUT(d, BTFCC_NS_STRUCT, "defs_packed", struct defs_packed);
	ASSERT_LAYOUT(d, BTFCC_NS_STRUCT, "defs_aligned", struct defs_aligned);
	ASSERT_LAYOUT(d, BTFCC_NS_ENUM, "defs_enum", enum defs_enum);
	ASSERT_LAYOUT(d, BTFCC_NS_TYPEDEF, "defs_plain_t", defs_plain_t);
	ASSERT_LAYOUT(d, BTFCC_NS_TYPEDEF, "defs_u16", defs_u16);
	ASSERT_LAYOUT(d, BTFCC_NS_TYPEDEF, "uint64_t", uint64_t);
	/* a forward declaration is no definition; namespaces are distinct */
	assert_false(d.has(d.ctx, BTFCC_NS_STRUCT, "defs_fwd_only"));
	assert_int_equal(d.size_of(d.ctx, BTFCC_NS_STRUCT, "defs_fwd_only"), -1);
	assert_false(d.has(d.ctx, BTFCC_NS_UNION, "defs_plain"));
	assert_false(d.has(d.ctx, BTFCC_NS_TYPEDEF, "defs_plain"));
	assert_false(d.has(d.ctx, BTFCC_NS_STRUCT, "imported"));
	/* defined after the inject line still counts: emitting it would clash */
	assert_int_equal(btfcc_scan_inject_line(scan), 2);
	assert_true(d.has(d.ctx, BTFCC_NS_STRUCT, "defs_after_inject"));
	assert_req(scan, BTFCC_NS_STRUCT, "imported", "defined.c:10");
	assert_true(has_hint(find_req(scan, BTFCC_NS_STRUCT, "imported"), "member"));
	btfcc_scan_free(scan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(incomplete_and_unknown_types),
		cmocka_unit_test(prelude_round_finds_the_next_link),
		cmocka_unit_test(marked_lines),
		cmocka_unit_test(inject_before_private_header),
		cmocka_unit_test(inject_after_last_directive),
		cmocka_unit_test(nothing_needed),
		cmocka_unit_test(defined_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
