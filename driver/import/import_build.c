// SPDX-License-Identifier: GPL-2.0-only
/*
 * The compile loop of btfcc-import. The real compiler is the judge of
 * whether the imports are complete: after each round it compiles, and a
 * failure costs another libclang scan, which finds what became visible
 * (cfs_rq defined, so now rq->curr parses and rq is needed) or nothing, and
 * then the compiler's errors stand. The compiler's messages are never read
 * (they depend on the locale). Most files need one scan and one compile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../driver.h"

static void print_failure(struct importer *imp, const char *err)
{
	if (err)
		fputs(err, stderr);
	importer_notes(imp);
}

int import_build(const struct btfcc_opts *opts, const struct strvec *cc,
		 const struct cc_args *ca, const struct kernel_tree *kt,
		 const struct workfiles *wf)
{
	struct importer *imp = importer_new(ca, kt, wf);
	char *err = NULL;
	int rc = 1, st, rounds = 0;

	(void)opts;

	for (;;) {
		unsigned line = 0;
		size_t n_types = 0;

		st = importer_step(imp, &line, &n_types);
		if (st <= 0)
			break;
		rounds++;
		free(err);
		err = NULL;
		rc = compile_with_header(cc, ca, wf, line, importer_btf_path(imp), &err);
		if (!rc)
			break;
		log_verbose("the compile after round %d failed; scanning again", rounds);
	}
	if (st < 0) {
		rc = 1;
	} else if (!rounds) {
		/* Nothing to import after all: the compiler has the last word. */
		unlink(wf->header);
		rc = compile_plain(cc, ca, wf, importer_btf_path(imp));
	} else if (rc) {
		print_failure(imp, err);
		unlink(wf->header);
	} else {
		if (err)
			fputs(err, stderr);
		rc = finish_injected(ca, wf, importer_btf_path(imp)) ? 1 : 0;
	}
	free(err);
	importer_free(imp);
	return rc < 0 ? 1 : rc;
}
