// SPDX-License-Identifier: GPL-2.0-only
/*
 * The prefix cache of the libclang pass: which lines make a prefix, and a
 * scan against the prefix's PCH finding what the plain scan finds (the
 * plain scan is the oracle), on files written here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "pass/scan.h"
#include "pass/scan_prefix.h"

#define INPUTS BTFCC_TEST_SRC_DIR "/unit/pass_inputs"

static void expect_prefix(const char *text, unsigned before, const char *dir, const char *want,
			  const unsigned *lines, size_t n_lines)
{
	struct scan_prefix p = { .n_lines = 0 };
	int ret = scan_prefix_text(text, strlen(text), before, dir, &p);

	if (!want) {
		assert_int_equal(ret, -1);
	} else {
		assert_int_equal(ret, 0);
		assert_string_equal(sb_str(&p.text), want);
		assert_int_equal(p.n_lines, n_lines);
		for (size_t i = 0; i < n_lines; i++)
			assert_int_equal(p.lines[i], lines[i]);
	}
	scan_prefix_free(&p);
}

static void prefix_lines(void **state)
{
	static const unsigned l1[] = { 4, 5, 7, 8, 9 };
	static const unsigned l2[] = { 1 };
	static const unsigned l3[] = { 2, 3 };
	static const unsigned l4[] = { 1, 2, 3 };

	(void)state;
	/* comments and blank lines skipped, a continued #define whole, numbers kept */
	expect_prefix("// SPDX\n/* a\n * b */\n#include <linux/module.h>\n"
		      "#define pr_fmt(fmt) KBUILD_MODNAME \": \" fmt\n\n"
		      "#define TWO(a, b) \\\n\t((a) + (b))\n#include <linux/fs.h> /* files */\n"
		      "MODULE_LICENSE(\"GPL\");\n#include <linux/sched.h>\n",
		      0, NULL, "#include <linux/module.h>\n#define pr_fmt(fmt) KBUILD_MODNAME \": \" fmt\n"
		      "#define TWO(a, b) \\\n\t((a) + (b))\n#include <linux/fs.h> /* files */\n",
		      l1, 5);
	/* a quoted #include starts in the includer's directory: unknown, the prefix ends */
	expect_prefix("#include <linux/module.h>\n#include \"local.h\"\n#include <linux/fs.h>\n",
		      0, NULL, "#include <linux/module.h>\n", l2, 1);
	/* known: a name found there made absolute, one not found kept for -iquote/-I */
	expect_prefix("#include <a.h>\n#include \"inc/defs.h\"\n#include \"elsewhere.h\"\nint x;\n",
		      0, INPUTS, "#include <a.h>\n#include \"" INPUTS "/inc/defs.h\"\n"
		      "#include \"elsewhere.h\"\n", l4, 3);
	/* so does a conditional, and a comment left open */
	expect_prefix("#include <a.h>\n#ifdef X\n#include <b.h>\n#endif\n", 0, NULL, "#include <a.h>\n",
		      l2, 1);
	expect_prefix("#include <a.h>\n#include <b.h> /* open\n still */\n", 0, NULL,
		      "#include <a.h>\n", l2, 1);
	/* the generated header's line bounds it */
	expect_prefix("\n#include <a.h>\n#include <b.h>\n#include <c.h>\n", 4, NULL,
		      "#include <a.h>\n#include <b.h>\n", l3, 2);
	/* no #include, or code first: no prefix */
	expect_prefix("#define X 1\nint x;\n", 0, NULL, NULL, NULL, 0);
	expect_prefix("int x;\n#include <a.h>\n", 0, NULL, NULL, NULL, 0);
	expect_prefix("#include <a.h>\n", 1, NULL, NULL, NULL, 0);
	/* an #undef ends it, and so does a // comment going on into the next line */
	expect_prefix("#include <a.h>\n#undef X\n#include <b.h>\n", 0, NULL, "#include <a.h>\n",
		      l2, 1);
	expect_prefix("#include <a.h>\n// see \\\n#include <b.h>\n", 0, NULL, "#include <a.h>\n",
		      l2, 1);
}

struct fixture {
	char dir[64];
	char src[128], cache[128], inc[160];
};

/* fx->dir/k/include is the "kernel" tree, fx->dir/m the module */

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void put(const struct fixture *fx, const char *rel, const char *text)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", fx->dir, rel);
	write_text(path, text);
}

static int setup(void **state)
{
	static const char *const dirs[] = { "k", "k/include", "k/include/linux", "m" };
	struct fixture *fx = calloc(1, sizeof(*fx));
	char path[256];

	strcpy(fx->dir, "/tmp/btfcc-prefix.XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", fx->dir, dirs[i]);
		mkdir(path, 0755);
	}
	snprintf(fx->inc, sizeof(fx->inc), "-I%s/k/include", fx->dir);
	/* scan_files.c knows a kernel -I dir by its linux/kconfig.h */
	put(fx, "k/include/linux/kconfig.h", "/* kernel */\n");
	put(fx, "k/include/types.h", "#ifndef TYPES_H\n#define TYPES_H\n"
	    "struct known { int a; long b; };\nstruct opaque;\ntypedef struct opaque opaque_t;\n"
	    "struct later_tag;\ntypedef struct later_tag later_t;\n"
	    "static inline int known_a(struct known *k) { return k->a; }\n#endif\n");
	put(fx, "k/include/more.h", "#ifndef MORE_H\n#define MORE_H\n#include <types.h>\n"
	    "struct holder { struct known k; };\n#endif\n");
	put(fx, "k/include/late.h", "#ifndef LATE_H\n#define LATE_H\nstruct late_one { int z; };\n"
	    "struct later_tag { long v[3]; };\n#endif\n");
	/* read again after a PCH it were in: a redefinition */
	put(fx, "k/include/unguarded.h", "struct ug { int u; };\n");
	put(fx, "k/include/redef.h", "#ifndef REDEF_H\n#define REDEF_H\n#undef USE_TYPE\n"
	    "#define USE_TYPE struct hidden2\n#endif\n");
	/* the module's own header: its inline code is read, it ends the PCH's prefix */
	put(fx, "m/local.h", "#ifndef LOCAL_H\n#define LOCAL_H\nstruct mine { char c[3]; };\n"
	    "static inline int peek(struct in_own_header *p) { return p->w; }\n#endif\n");
	put(fx, "m/main.c", "/* the module */\n#include <types.h>\n#include <more.h>\n"
	    "#include <unguarded.h>\n#include \"local.h\"\n#define N 2\n"
	    "int f(struct opaque *o);\nint f(struct opaque *o) { return o->x + N; }\n"
	    "#include <late.h>\nint g(struct hidden *h, struct late_one *l);\n"
	    "int g(struct hidden *h, struct late_one *l) { return h->y + l->z; }\n");
	put(fx, "m/redef.c", "#define USE_TYPE struct known\n#include <types.h>\n#include <redef.h>\n"
	    "int h(USE_TYPE *p);\nint h(USE_TYPE *p) { return p->q; }\n");
	snprintf(fx->src, sizeof(fx->src), "%s/m/main.c", fx->dir);
	snprintf(fx->cache, sizeof(fx->cache), "%s/cache", fx->dir);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	if (system(cmd))
		return -1;
	free(fx);
	return 0;
}

static struct btfcc_scan *scan(struct fixture *fx, bool cached)
{
	const char *args[] = { fx->inc, "-std=gnu11" };
	struct btfcc_scan_opts opts = {
		.source = fx->src,
		.cc_args = args,
		.n_cc_args = 2,
		.prefix_cache_dir = cached ? fx->cache : NULL,
	};
	struct btfcc_err err = { 0 };
	struct btfcc_scan *s = btfcc_scan_run(&opts, &err);

	if (!s)
		fail_msg("scan of %s: %s", fx->src, err.msg);
	return s;
}

/* Everything a scan reports, as text: what two scans must agree on. */
static char *facts(struct btfcc_scan *s)
{
	static const char *const names[] = {
		"known", "holder", "late_one", "opaque", "mine", "added", "ug",
	};
	const struct btfcc_request *reqs;
	const struct btfcc_scan_late *late;
	const char *const *errors;
	struct btfcc_defined def = btfcc_scan_defined(s);
	char *buf;
	size_t len, n;
	FILE *f = open_memstream(&buf, &len);

	n = btfcc_scan_requests(s, &reqs);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "req %d %s %s\n", reqs[i].ns, reqs[i].name, reqs[i].origin);
	fprintf(f, "inject %u\n", btfcc_scan_inject_line(s));
	n = btfcc_scan_errors(s, &errors);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "error %s\n", errors[i]);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		fprintf(f, "def %s %d %lld %lld\n", names[i], def.has(def.ctx, BTFCC_NS_STRUCT, names[i]),
			def.size_of(def.ctx, BTFCC_NS_STRUCT, names[i]),
			def.align_of(def.ctx, BTFCC_NS_STRUCT, names[i]));
		def.used(def.ctx, BTFCC_NS_STRUCT, names[i]);
	}
	for (size_t i = 0; i < 2; i++) {
		const char *t = i ? "later_t" : "opaque_t";

		fprintf(f, "typedef %s %d %lld %lld\n", t, def.has(def.ctx, BTFCC_NS_TYPEDEF, t),
			def.size_of(def.ctx, BTFCC_NS_TYPEDEF, t),
			def.align_of(def.ctx, BTFCC_NS_TYPEDEF, t));
	}
	n = btfcc_scan_late_types(s, btfcc_scan_inject_line(s), &late);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "late %s %s %s %s\n", late[i].name, late[i].where,
			late[i].include ? late[i].include : "-",
			late[i].included_at ? late[i].included_at : "-");
	fclose(f);
	return buf;
}

/* s reports what the plain scan reported (want, from facts()). */
static void assert_same_facts(struct btfcc_scan *s, const char *want)
{
	char *got = facts(s);

	assert_string_equal(got, want);
	free(got);
}

static void pch_scan_finds_what_the_plain_scan_finds(void **state)
{
	struct fixture *fx = *state;
	struct btfcc_scan *plain = scan(fx, false), *built, *loaded;
	char *want = facts(plain);

	assert_null(btfcc_scan_prefix_pch(plain));
	assert_non_null(strstr(want, "req 0 opaque"));
	assert_non_null(strstr(want, "req 0 hidden"));
	assert_non_null(strstr(want, "req 0 in_own_header"));
	assert_non_null(strstr(want, "def known 1 16 8"));
	assert_non_null(strstr(want, "def mine 1 3 1"));
	assert_non_null(strstr(want, "def ug 1 4 4"));
	/* completed by late.h, after the prefix: the PCH cannot know its size */
	assert_non_null(strstr(want, "typedef later_t 1 24 8"));

	built = scan(fx, true);
	assert_non_null(btfcc_scan_prefix_pch(built));
	assert_int_equal(access(btfcc_scan_prefix_pch(built), R_OK), 0);
	assert_same_facts(built, want);

	loaded = scan(fx, true);
	assert_string_equal(btfcc_scan_prefix_pch(loaded), btfcc_scan_prefix_pch(built));
	assert_same_facts(loaded, want);
	free(want);
	btfcc_scan_free(plain);
	btfcc_scan_free(built);
	btfcc_scan_free(loaded);
}

/* A header of the PCH changes: the next scan builds it again and sees the change. */
static void changed_header_rebuilds_the_pch(void **state)
{
	struct fixture *fx = *state;
	struct btfcc_scan *first = scan(fx, true), *plain, *again;
	struct timespec later[2];
	char path[256], *want;
	struct stat st;

	assert_non_null(btfcc_scan_prefix_pch(first));
	assert_int_equal(stat(btfcc_scan_prefix_pch(first), &st), 0);
	snprintf(path, sizeof(path), "%s/k/include/types.h", fx->dir);
	write_text(path, "#ifndef TYPES_H\n#define TYPES_H\nstruct known { int a; long b; };\n"
		   "struct added { short s; };\nstruct opaque;\ntypedef struct opaque opaque_t;\n"
		   "struct later_tag;\ntypedef struct later_tag later_t;\n#endif\n");
	/* a second later than the PCH, whatever the file system's time grain */
	later[0].tv_sec = later[1].tv_sec = st.st_mtim.tv_sec + 2;
	later[0].tv_nsec = later[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, path, later, 0), 0);

	plain = scan(fx, false);
	want = facts(plain);
	assert_non_null(strstr(want, "def added 1 2 2"));
	again = scan(fx, true);
	assert_non_null(btfcc_scan_prefix_pch(again));
	assert_same_facts(again, want);
	free(want);
	btfcc_scan_free(first);
	btfcc_scan_free(plain);
	btfcc_scan_free(again);
}

/*
 * A prefix #define a header of the prefix redefines: the main file's own
 * #define, read again after the PCH, would win. The scan goes without.
 */
static void redefined_macro_parses_without(void **state)
{
	struct fixture *fx = *state;
	struct btfcc_scan *plain, *cached;
	char *want;

	snprintf(fx->src, sizeof(fx->src), "%s/m/redef.c", fx->dir);
	plain = scan(fx, false);
	want = facts(plain);
	assert_non_null(strstr(want, "req 0 hidden2"));
	cached = scan(fx, true);
	assert_null(btfcc_scan_prefix_pch(cached));
	assert_same_facts(cached, want);
	free(want);
	btfcc_scan_free(plain);
	btfcc_scan_free(cached);
}

static void age(const char *path, time_t when)
{
	struct timespec t[2] = { { .tv_sec = when }, { .tv_sec = when } };

	write_text(path, "x");
	assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

static size_t count_in(const char *dir, const char *suffix)
{
	char cmd[300], line[64];
	FILE *p;
	size_t n = 0;

	snprintf(cmd, sizeof(cmd), "ls -1 '%s' | grep -c -- '%s$'", dir, suffix);
	p = popen(cmd, "r");
	assert_non_null(p);
	if (fgets(line, sizeof(line), p))
		n = strtoul(line, NULL, 10);
	pclose(p);
	return n;
}

/*
 * A build keeps the 32 most recently used PCHs, and clears old marks (with
 * their prefix headers) and leftovers.
 */
static void build_prunes_the_cache(void **state)
{
	struct fixture *fx = *state;
	time_t now = time(NULL);
	char dir[200], path[300];
	struct btfcc_scan *s;

	snprintf(dir, sizeof(dir), "%s/prefix", fx->cache);
	mkdir(fx->cache, 0755);
	mkdir(dir, 0755);
	for (int i = 0; i < 40; i++) {
		snprintf(path, sizeof(path), "%s/%032x.pch", dir, i);
		age(path, now - 3600 - i);	/* i = 39 the least recently used */
	}
	snprintf(path, sizeof(path), "%s/old.bad", dir);
	age(path, now - 2 * 86400);
	snprintf(path, sizeof(path), "%s/old.h", dir);
	age(path, now - 2 * 86400);
	snprintf(path, sizeof(path), "%s/young.bad", dir);
	age(path, now - 60);
	snprintf(path, sizeof(path), "%s/young.h", dir);
	age(path, now - 2 * 86400);
	snprintf(path, sizeof(path), "%s/left.pch.123.tmp", dir);
	age(path, now - 2 * 86400);

	s = scan(fx, true);
	assert_non_null(btfcc_scan_prefix_pch(s));
	assert_int_equal(access(btfcc_scan_prefix_pch(s), R_OK), 0);
	assert_int_equal(count_in(dir, ".pch"), 32);
	snprintf(path, sizeof(path), "%s/%032x.pch", dir, 30);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/%032x.pch", dir, 31);
	assert_int_not_equal(access(path, F_OK), 0);
	assert_int_equal(count_in(dir, "young.bad"), 1);
	assert_int_equal(count_in(dir, "old.bad"), 0);
	assert_int_equal(count_in(dir, "old.h"), 0);	/* a mark's header goes with it */
	assert_int_equal(count_in(dir, "young.h"), 1);
	assert_int_equal(count_in(dir, ".tmp"), 0);
	btfcc_scan_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prefix_lines),
		cmocka_unit_test_setup_teardown(pch_scan_finds_what_the_plain_scan_finds, setup,
						teardown),
		cmocka_unit_test_setup_teardown(changed_header_rebuilds_the_pch, setup, teardown),
		cmocka_unit_test_setup_teardown(redefined_macro_parses_without, setup, teardown),
		cmocka_unit_test_setup_teardown(build_prunes_the_cache, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
