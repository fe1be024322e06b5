// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfcc-sparse: kbuild's CHECK (make C=1 CHECK=btfcc-sparse) with the
 * imports the compile used. kbuild runs "$(CHECK) $(CHECKFLAGS) $(c_flags)
 * foo.c" right after compiling foo.o, on the user's file, so sparse sees
 * the kernel-private types the headers leave incomplete ("using member
 * 'rq' in incomplete struct cfs_rq"). The generated header of that compile
 * is still next to the object; sparse gets it through an -include wrapper
 * (replay.c) and parses the real file: sparse ignores #line, so the TU
 * copy the compiler gets would shift every position sparse reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"

/* kbuild names no -o for CHECK; its -Wp,-MMD,dir/.foo.o.d names the object. */
static char *object_of_depfile(const char *depfile)
{
	const char *slash = depfile ? strrchr(depfile, '/') : NULL;
	const char *base = slash ? slash + 1 : depfile;
	size_t n = base ? strlen(base) : 0;

	if (n < 5 || base[0] != '.' || strcmp(base + n - 4, ".o.d"))
		return NULL;
	return xasprintf("%.*s%.*s", (int)(base - depfile), depfile, (int)(n - 3), base + 1);
}

/* The checker to run: $BTFCC_SPARSE (words), else sparse. */
static void checker(struct strvec *cc)
{
	const char *env = getenv("BTFCC_SPARSE");

	strvec_init(cc);
	if (env && *env)
		strvec_split(cc, env);
	if (!cc->n)
		strvec_push(cc, "sparse");
}

static char *wrapper_name(const struct workfiles *wf)
{
	size_t n = strlen(wf->header);

	return xasprintf("%.*s-sparse.h", (int)(n - 2), wf->header);
}

/*
 * The imports must be those of the current source and BTF: a header from
 * another version would have sparse check layouts the module is not built
 * with, so it is refused, never used.
 */
static int check_current(const struct cc_args *ca, const struct kernel_tree *kt,
			 const struct workfiles *wf)
{
	struct btfcc_err why;
	char *btf = kernel_btf_source(kt, &why);
	unsigned line = btf ? header_stamp_matches(wf->header, ca->source, btf) : 0;

	free(btf);
	if (line)
		return 0;
	log_error("%s: the imports in %s are not those of the source and the kernel's BTF now: "
		  "build the object with CC=btfcc first (make C=1 does)", ca->source, wf->header);
	return -1;
}

static int run_checker(const struct strvec *cc, const struct strvec *args,
		       const struct cc_args *ca, const struct kernel_tree *kt,
		       const struct workfiles *wf)
{
	bool header = !access(wf->header, F_OK), features = !access(wf->features, F_OK);
	struct strvec full;
	char *wrapper, *dir;
	int rc;

	if (!header && !features) {
		log_verbose("%s needs nothing from BTF: sparse as is", ca->source);
		return run_exec(cc, args);
	}
	if (header && check_current(ca, kt, wf))
		return 1;
	wrapper = wrapper_name(wf);
	if (replay_write_wrapper(ca, wf, wrapper, "btfcc-sparse: sparse", false)) {
		free(wrapper);
		return 1;
	}
	dir = util_path_dir(ca->source);
	strvec_init(&full);
	strvec_push_n(&full, (const char *const *)args->v, args->n);
	/* sparse has no -iquote: the replayed quoted includes, as from the source. */
	strvec_push(&full, "-idirafter");
	strvec_push(&full, dir);
	strvec_push(&full, "-include");
	strvec_push(&full, wrapper);
	rc = run_wait(cc, &full, -1, NULL, NULL);
	if (!btfcc_verbose)
		unlink(wrapper);
	strvec_free(&full);
	free(dir);
	free(wrapper);
	return rc < 0 ? 1 : rc;
}

int check_main(int argc, char **argv)
{
	struct kernel_tree kt = { 0 };
	struct strvec cc, args, probe;
	struct workfiles wf;
	struct cc_args ca;
	char *object;
	int rc;

	log_init();
	checker(&cc);
	strvec_init(&args);
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--btfcc-verbose"))
			btfcc_verbose = true;
		else
			strvec_push(&args, argv[i]);
	/* sparse is a syntax-only compile of one .c file: classify it as one. */
	strvec_init(&probe);
	strvec_push_n(&probe, (const char *const *)args.v, args.n);
	strvec_push(&probe, "-fsyntax-only");
	cc_args_parse(&ca, (const char *const *)probe.v, probe.n);
	if (ca.mode != CC_COMPILE) {
		log_verbose("pass-through (%s): %s", ca.why ? ca.why : "not a compile", cc.v[0]);
		return run_exec(&cc, &args);
	}
	object = ca.output ? NULL : object_of_depfile(ca.depfile);
	if (object)
		ca.output = object;
	kernel_tree_find(&kt, &ca);
	workfiles_init(&wf, &ca);
	rc = run_checker(&cc, &args, &ca, &kt, &wf);
	workfiles_free(&wf);
	kernel_tree_free(&kt);
	cc_args_free(&ca);
	free(object);
	strvec_free(&probe);
	strvec_free(&args);
	strvec_free(&cc);
	return rc;
}
