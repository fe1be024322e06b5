// SPDX-License-Identifier: GPL-2.0-only
/*
 * cc_args classification: which invocations btfcc touches. Built from
 * driver/cc_args.c directly (see the driver block in test/CMakeLists.txt).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "driver.h"

static char dir[] = "/tmp/btfcc-args.XXXXXX";

static void touch(const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir) || chdir(dir))
		return -1;
	touch("foo.c", "int x;\n");
	touch("foo.mod.c", "int y;\n");
	touch("foo.S", "\t.text\n");
	touch("rsp", "-c -o 'x y.o' foo.c\n");
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int ret = system(cmd);

	(void)state;
	free(cmd);
	return ret != 0;
}

/* Parse a blank-separated command line. */
static enum cc_mode classify(struct cc_args *ca, const char *line)
{
	struct strvec sv;

	strvec_init(&sv);
	strvec_split(&sv, line);
	cc_args_parse(ca, (const char *const *)sv.v, sv.n);
	strvec_free(&sv);
	return ca->mode;
}

static void expect_mode(const char *line, enum cc_mode mode)
{
	struct cc_args ca;

	if (classify(&ca, line) != mode)
		fail_msg("'%s': mode %d, want %d (%s)", line, ca.mode, mode,
			 ca.why ? ca.why : "");
	cc_args_free(&ca);
}

static void test_passthrough(void **state)
{
	(void)state;
	expect_mode("--version", CC_PASSTHROUGH);
	expect_mode("-v", CC_PASSTHROUGH);
	expect_mode("-dumpversion", CC_PASSTHROUGH);
	expect_mode("-print-file-name=include", CC_PASSTHROUGH);
	expect_mode("-Werror -x c /dev/null -c -o /dev/null", CC_PASSTHROUGH);
	expect_mode("-E -P -x c -", CC_PASSTHROUGH);
	expect_mode("-c -o foo.o foo.S", CC_PASSTHROUGH);
	expect_mode("-c -o foo.mod.o foo.mod.c", CC_PASSTHROUGH);
	expect_mode("-o prog foo.o", CC_PASSTHROUGH);
	expect_mode("", CC_PASSTHROUGH);
	expect_mode("-M foo.c", CC_PASSTHROUGH);
	expect_mode("-E -M foo.c", CC_PASSTHROUGH);
	expect_mode("-c foo.c foo.mod.c", CC_PASSTHROUGH);
	expect_mode("-c -o nope.o nope.c", CC_PASSTHROUGH);
	expect_mode("-x assembler-with-cpp -c foo.c", CC_PASSTHROUGH);
	expect_mode("foo.c", CC_PASSTHROUGH);		/* compile and link */
	expect_mode("-c -v foo.c", CC_PASSTHROUGH);
}

static void test_module_compiles(void **state)
{
	(void)state;
	expect_mode("-c foo.c", CC_COMPILE);
	expect_mode("-S -o foo.s foo.c", CC_COMPILE);
	expect_mode("-fsyntax-only foo.c", CC_COMPILE);
	expect_mode("-x c -c foo.c", CC_COMPILE);
	expect_mode("-E -D__GENKSYMS__ -DMODULE foo.c", CC_PREPROCESS);
	/* -I and -include values are not inputs. */
	expect_mode("-I include -include foo.h -D X -c foo.c", CC_COMPILE);
}

static void test_kbuild_line(void **state)
{
	struct cc_args ca;

	(void)state;
	classify(&ca, "-Wp,-MMD,dir/.foo.o.d -nostdinc -I/t/include -I./include "
		 "-include /t/include/linux/kconfig.h -DMODULE -c -o dir/foo.o foo.c");
	assert_int_equal(ca.mode, CC_COMPILE);
	assert_string_equal(ca.source, "foo.c");
	assert_string_equal(ca.output, "dir/foo.o");
	assert_string_equal(ca.depfile, "dir/.foo.o.d");
	assert_int_equal(ca.include_dirs.n, 3);
	assert_string_equal(ca.include_dirs.v[2], "/t/include/linux/kconfig.h");
	cc_args_free(&ca);

	classify(&ca, "-MD -c -o out/foo.o foo.c");
	assert_string_equal(ca.depfile, "out/foo.d");
	cc_args_free(&ca);
	classify(&ca, "-MMD -MF deps/x.d -c -ofoo.o foo.c");
	assert_string_equal(ca.depfile, "deps/x.d");
	assert_string_equal(ca.output, "foo.o");
	cc_args_free(&ca);
}

static void test_response_file(void **state)
{
	struct cc_args ca;

	(void)state;
	classify(&ca, "@rsp");
	assert_int_equal(ca.mode, CC_COMPILE);
	assert_string_equal(ca.output, "x y.o");
	assert_string_equal(ca.source, "foo.c");
	cc_args_free(&ca);
	expect_mode("@no-such-rsp", CC_PASSTHROUGH);
}

static void test_scan_args(void **state)
{
	struct strvec out;
	struct cc_args ca;

	(void)state;
	classify(&ca, "-Wp,-MMD,.foo.o.d -Wp,-D_FORTIFY_SOURCE=2 -I inc -DX=1 -MF d "
		 "-c -o foo.o foo.c -O2");
	strvec_init(&out);
	cc_args_for_scan(&ca, &out);
	assert_int_equal(out.n, 5);
	assert_string_equal(out.v[0], "-Wp,-D_FORTIFY_SOURCE=2");
	assert_string_equal(out.v[1], "-I");
	assert_string_equal(out.v[2], "inc");
	assert_string_equal(out.v[3], "-DX=1");
	assert_string_equal(out.v[4], "-O2");
	strvec_free(&out);
	cc_args_free(&ca);
}

static void test_source_names(void **state)
{
	(void)state;
	assert_true(cc_args_is_source_name("a.c"));
	assert_true(cc_args_is_source_name("dir/a.S"));
	assert_true(cc_args_is_source_name("a.o"));
	assert_false(cc_args_is_source_name("gcc-12"));
	assert_false(cc_args_is_source_name("ccache"));
	assert_false(cc_args_is_source_name(".c"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_passthrough),
		cmocka_unit_test(test_module_compiles),
		cmocka_unit_test(test_kbuild_line),
		cmocka_unit_test(test_response_file),
		cmocka_unit_test(test_scan_args),
		cmocka_unit_test(test_source_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
