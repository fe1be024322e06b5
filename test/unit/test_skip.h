/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The unit tests' skip policy, the same as the shell tests' (test/harness.sh):
 * a case whose prerequisite is missing skips, and the program then exits 77,
 * which ctest reports as skipped rather than passed; under CI=true a
 * missing prerequisite fails the case instead.
 */
#ifndef BTFCC_TEST_SKIP_H
#define BTFCC_TEST_SKIP_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool test_skipped;

static inline bool test_under_ci(void)
{
	const char *ci = getenv("CI");

	return ci && !strcmp(ci, "true");
}

#define TEST_SKIP(...) do {							\
		if (test_under_ci())						\
			fail_msg("a prerequisite is missing and CI=true: " __VA_ARGS__); \
		print_message("SKIP: " __VA_ARGS__);				\
		print_message("\n");						\
		test_skipped = true;						\
		skip();								\
	} while (0)

/* main's status: the failures, else 77 when a case skipped. */
static inline int test_exit_status(int failed)
{
	return failed ? failed : test_skipped ? 77 : 0;
}

#endif
