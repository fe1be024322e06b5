// SPDX-License-Identifier: GPL-2.0-only
/* The gcc -> clang argument table, on real Debian 6.1/6.12 kbuild flags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cflags/clang_args.h"

static const char *const gcc_only[] = {
	"-mrecord-mcount", "-fconserve-stack", "-fno-allow-store-data-races",
	"-mindirect-branch=thunk-extern", "-mindirect-branch-register",
	"-mindirect-branch-cs-prefix", "-mfunction-return=thunk-extern",
	"-mpreferred-stack-boundary=3", "-ftrivial-auto-var-init=zero", "-mskip-rax-setup",
	"-mstack-protector-guard=tls", "-mstack-protector-guard-reg=gs",
	"-mstack-protector-guard-symbol=__stack_chk_guard",
	"-fno-var-tracking-assignments", "-fmin-function-alignment=16", "-mharden-sls=all",
	"-fzero-call-used-regs=used-gpr", "-fsanitize=kernel-address",
	"-fsanitize-coverage=trace-pc", "-fplugin=./scripts/gcc-plugins/latent.so",
	"-fplugin-arg-latent-entropy", "-mno-fp-ret-in-387", "-falign-jumps=1",
	"-falign-loops=1", "-fno-ipa-sra", "-Werror", "-Werror=strict-prototypes",
	"-Werror=implicit-function-declaration", "--param=allow-store-data-races=0",
	"-g", "-gdwarf-5", "-c", "-Wp,-MMD,/tmp/m/.m.o.d", "-MD", "-MMD", "-MP",
};

/* Flags that change what the headers see: must reach clang unchanged. */
static const char *const kept[] = {
	"-O2", "-D__KERNEL__", "-DMODULE", "-std=gnu11", "-mcmodel=kernel", "-nostdinc",
	"-fshort-wchar", "-funsigned-char", "-mno-red-zone", "-m64", "-pg", "-mfentry",
	"-fno-PIE", "-Wno-sign-compare", "-fpatchable-function-entry=16,16",
	"-fcf-protection=branch", "-fmacro-prefix-map=/usr/src/x/=",
};

static int index_of(char **v, const char *arg)
{
	int i;

	for (i = 0; v[i]; i++)
		if (!strcmp(v[i], arg))
			return i;
	return -1;
}

static void gcc_only_flags_are_dropped(void **state)
{
	char **out;
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < sizeof(gcc_only) / sizeof(gcc_only[0]); i++) {
		assert_true(clang_args_is_dropped(gcc_only[i]));
		out = clang_args_translate(&gcc_only[i], 1, &n);
		assert_non_null(out);
		assert_int_equal(index_of(out, gcc_only[i]), -1);
		clang_args_free(out);
	}
}

static void header_flags_are_kept(void **state)
{
	int n = (int)(sizeof(kept) / sizeof(kept[0])), out_n, i;
	char **out = clang_args_translate(kept, n, &out_n);

	(void)state;
	assert_non_null(out);
	for (i = 0; i < n; i++) {
		assert_false(clang_args_is_dropped(kept[i]));
		assert_true(index_of(out, kept[i]) >= 0);
	}
	clang_args_free(out);
}

/* -o x, -MF x, -x lang and --param x take the next argument with them. */
static void separate_values_go_too(void **state)
{
	const char *in[] = { "-o", "/tmp/m.o", "-MF", "dep.d", "-MT", "t", "-x", "c",
			     "--param", "asan-globals=0", "-I", "inc", "-include", "k.h",
			     "m.c" };
	int n;
	char **out = clang_args_translate(in, sizeof(in) / sizeof(in[0]), &n);

	(void)state;
	assert_int_equal(index_of(out, "/tmp/m.o"), -1);
	assert_int_equal(index_of(out, "dep.d"), -1);
	assert_int_equal(index_of(out, "t"), -1);
	assert_int_equal(index_of(out, "asan-globals=0"), -1);
	assert_int_equal(index_of(out, "-I") + 1, index_of(out, "inc"));
	assert_int_equal(index_of(out, "-include") + 1, index_of(out, "k.h"));
	assert_true(index_of(out, "m.c") >= 0);
	assert_null(out[n]);
	clang_args_free(out);
}

static void clang_needs_are_added(void **state)
{
	const char *in[] = { "-Wimplicit-fallthrough=5" };
	int n, rd;
	char **out = clang_args_translate(in, 1, &n);

	(void)state;
	assert_true(index_of(out, "-Wno-unknown-warning-option") >= 0);
	assert_true(index_of(out, "-ferror-limit=0") >= 0);
	assert_int_equal(index_of(out, "-x") + 1, index_of(out, "c"));
	rd = index_of(out, "-resource-dir");
	assert_true(rd >= 0);
	assert_non_null(out[rd + 1]);
	assert_int_equal(access(out[rd + 1], F_OK), 0);
	/* gcc's level syntax becomes clang's plain switch */
	assert_true(index_of(out, "-Wimplicit-fallthrough") >= 0);
	assert_int_equal(index_of(out, "-Wimplicit-fallthrough=5"), -1);
	clang_args_free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gcc_only_flags_are_dropped),
		cmocka_unit_test(header_flags_are_kept),
		cmocka_unit_test(separate_values_go_too),
		cmocka_unit_test(clang_needs_are_added),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
