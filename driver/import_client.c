// SPDX-License-Identifier: GPL-2.0-only
/*
 * import_run() for the btfcc binary: run the btfcc-import helper, which
 * links libclang, and read its answer. Keeping libclang out of btfcc
 * saves its ~20 ms load on every kbuild probe and every compile that
 * needs nothing from BTF.
 */
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
	p = xasprintf("%s/../libexec/btfcc/btfcc-import", self);
	if (!access(p, X_OK))
		return p;
	free(p);
	return xstrdup("btfcc-import");
}

/* "key value" lines; note lines are kept whole for the user. */
static void parse_answer(char *out, struct import_result *res)
{
	char *save = NULL;
	FILE *notes = NULL;
	size_t notes_len;

	for (char *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(l, "inject_line ", 12)) {
			res->inject_line = strtoul(l + 12, NULL, 10);
		} else if (!strncmp(l, "n_types ", 8)) {
			res->n_types = strtoul(l + 8, NULL, 10);
		} else if (!strncmp(l, "btf_path ", 9)) {
			res->btf_path = xstrdup(l + 9);
		} else if (!strncmp(l, "note ", 5)) {
			if (!notes)
				notes = open_memstream(&res->notes, &notes_len);
			fprintf(notes, "%s\n", l + 5);
		}
	}
	if (notes)
		fclose(notes);
}

int import_run(const struct cc_args *ca, const struct kernel_tree *kt,
	       const struct workfiles *wf, struct import_result *res)
{
	struct strvec helper, args;
	char *out = NULL;
	int rc;

	(void)kt;
	(void)wf;
	memset(res, 0, sizeof(*res));
	strvec_init(&helper);
	strvec_init(&args);
	out = helper_path();
	strvec_push(&helper, out);
	free(out);
	out = NULL;
	if (btfcc_verbose)
		strvec_push(&args, "--btfcc-verbose");
	strvec_push(&args, "--");
	strvec_push_n(&args, (const char *const *)ca->args.v, ca->args.n);
	rc = run_wait(&helper, &args, 1, &out, NULL);
	if (rc == 0 && out)
		parse_answer(out, res);
	free(out);
	strvec_free(&helper);
	strvec_free(&args);
	return rc == 0 ? 0 : -1;
}

void import_result_free(struct import_result *res)
{
	free(res->notes);
	free(res->btf_path);
	memset(res, 0, sizeof(*res));
}
