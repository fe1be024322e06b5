// SPDX-License-Identifier: GPL-2.0-only
/*
 * In btfcc: hand a compile that needs imports over to the btfcc-import
 * helper, which links libclang. Keeping libclang out of btfcc saves its
 * ~20 ms load on every kbuild probe and on every compile that needs
 * nothing from BTF.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"

static char *helper_path(void)
{
	const char *env = getenv("BTFCC_IMPORT");
	char self[PATH_MAX], *slash, *p;
	ssize_t n;

	if (env && *env)
		return xstrdup(env);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return xstrdup("btfcc-import");
	self[n] = '\0';
	slash = strrchr(self, '/');
	*slash = '\0';
	p = xasprintf("%s/btfcc-import", self);
	if (!access(p, X_OK))
		return p;
	free(p);
	p = xasprintf("%s/" BTFCC_LIBEXEC_REL "/btfcc-import", self);
	if (!access(p, X_OK))
		return p;
	free(p);
	return xstrdup("btfcc-import");
}

/* The compiler travels in BTFCC_REAL_CC, which beats the tree's choice. */
static void export_cc(const struct strvec *cc)
{
	char *joined = strvec_join(cc, " ");

	setenv("BTFCC_REAL_CC", joined, 1);
	free(joined);
}

int import_exec_helper(const struct btfcc_opts *opts, const struct strvec *cc,
		       const struct cc_args *ca, const struct kernel_tree *kt,
		       const struct workfiles *wf)
{
	struct strvec argv;
	char *helper = helper_path();

	(void)kt;
	(void)wf;
	export_cc(cc);
	strvec_init(&argv);
	strvec_push(&argv, helper);
	strvec_push(&argv, "--btfcc-imports");
	if (opts->verbose || btfcc_verbose)
		strvec_push(&argv, "--btfcc-verbose");
	strvec_push_n(&argv, (const char *const *)ca->args.v, ca->args.n);
	fflush(NULL);
	execvp(helper, argv.v);
	log_error("cannot run %s: %s (set BTFCC_IMPORT to its path)", helper, strerror(errno));
	strvec_free(&argv);
	free(helper);
	return 1;
}
