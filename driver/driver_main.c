// SPDX-License-Identifier: GPL-2.0-only
/*
 * The compiler wrapper's one flow, shared by btfcc and btfcc-import (which
 * differ only in how a file that needs imports is compiled). Everything
 * that is not a compile of a module's .c file is exec'd to the real
 * compiler as is, so kbuild's probes see the compiler they expect.
 */
#include <stdio.h>
#include <stdlib.h>

#include "driver.h"

int driver_main(int argc, char **argv, btfcc_import_fn build_with_imports)
{
	struct btfcc_opts opts = { .build_with_imports = build_with_imports };
	struct kernel_tree kt = { 0 };
	struct strvec cc, args;
	struct cc_args ca;
	int explicit, ret;

	log_init();
	explicit = real_cc_split(argc, argv, &opts, &cc, &args);
	if (opts.verbose)
		btfcc_verbose = true;
	if (opts.info) {
		strvec_free(&cc);
		strvec_free(&args);
		return self_info(&opts);
	}
	cc_args_parse(&ca, (const char *const *)args.v, args.n);
	if (!explicit || ca.mode != CC_PASSTHROUGH)
		kernel_tree_find(&kt, &ca);
	if (!explicit)
		real_cc_default(&cc, &kt);
	if (real_cc_is_self(cc.v[0])) {
		log_error("the real compiler '%s' is btfcc itself; set BTFCC_REAL_CC "
			  "or use CC=\"btfcc gcc-12\"", cc.v[0]);
		return 1;
	}
	if (ca.mode == CC_PASSTHROUGH) {
		log_verbose("pass-through (%s): %s", ca.why, cc.v[0]);
		/* The original words: a response file stays a response file. */
		return run_exec(&cc, &args);
	}
	/* Once per source: btfcc-import runs with --btfcc-imports. */
	if (!opts.imports_needed)
		ccache_check_uncached(&ca, &cc);
	log_verbose("kernel tree %s, release %s, compiler %s", kt.dir ? kt.dir : "(none)",
		    kt.release ? kt.release : "?", cc.v[0]);
	ret = build_source(&opts, &cc, &ca, &kt);
	cc_args_free(&ca);
	kernel_tree_free(&kt);
	strvec_free(&cc);
	strvec_free(&args);
	return ret;
}
