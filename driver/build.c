// SPDX-License-Identifier: GPL-2.0-only
/*
 * A compile of a module source. Most files need nothing from BTF, so the
 * real compile runs first, as is; only when it fails (or the module asks
 * with //BTF_INCLUDE) does the libclang scan run, and the file is compiled
 * again with the imports injected.
 *
 * Any failure of that first try goes to the scan, whatever the compiler
 * said: its messages are translated (LANG=de_DE.UTF-8 with gcc-12-locales)
 * and quoted typographically in UTF-8 locales, so reading them would make
 * the decision depend on the user's locale. The scan, not the prose,
 * decides whether a type is missing; when it finds nothing to import, the
 * compiler runs once more and has the last word (docs/driver.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"

static bool has_arg_prefix(const struct strvec *sv, const char *prefix)
{
	for (int i = 0; i < sv->n; i++)
		if (!strncmp(sv->v[i], prefix, strlen(prefix)))
			return true;
	return false;
}

/* The first try's stderr is captured: keep gcc's colours on a terminal. */
static void first_try_args(const struct cc_args *ca, struct strvec *out)
{
	strvec_init(out);
	strvec_push_n(out, (const char *const *)ca->args.v, ca->args.n);
	if (isatty(2) && !has_arg_prefix(&ca->args, "-fdiagnostics-color") &&
	    !has_arg_prefix(&ca->args, "-fno-diagnostics-color"))
		strvec_push(out, "-fdiagnostics-color=always");
}

/*
 * An -E is judged by the compile it stands for: its flags with
 * -fsyntax-only. Without -D__GENKSYMS__, which kbuild's genksyms -E adds
 * to make EXPORT_SYMBOL expand to what only genksyms parses: no compile
 * with it can succeed.
 */
static void syntax_only_flags(const struct cc_args *ca, struct strvec *out)
{
	struct strvec all;

	strvec_init(&all);
	cc_args_for_scan(ca, &all);
	for (int i = 0; i < all.n; i++)
		if (strcmp(all.v[i], "-D__GENKSYMS__"))
			strvec_push(out, all.v[i]);
	strvec_free(&all);
	strvec_push(out, "-fsyntax-only");
}

/* -E probe: would this file compile without imports? */
static void syntax_only_args(const struct cc_args *ca, struct strvec *out)
{
	strvec_init(out);
	syntax_only_flags(ca, out);
	strvec_push(out, ca->source);
}

/* Returns -1 on "compiled without imports" (status in *rc), 0 to import. */
static int try_plain(const struct strvec *cc, const struct cc_args *ca, int *rc)
{
	struct strvec args;
	char *err = NULL;
	size_t len = 0;

	if (ca->mode == CC_COMPILE)
		first_try_args(ca, &args);
	else
		syntax_only_args(ca, &args);
	*rc = run_wait(cc, &args, 2, &err, &len);
	strvec_free(&args);
	if (*rc != 0 && *rc != -1) {
		log_verbose("plain compile failed (exit %d); scanning for missing types", *rc);
		log_verbose_quoted("first try", err);
		free(err);
		return 0;
	}
	if (ca->mode == CC_COMPILE && err)
		fwrite(err, 1, len, stderr);
	free(err);
	return -1;
}

/*
 * The feature tests' answers, before line 1 and after kbuild's own
 * -include's. btfcc-import writes the file for every compile of a source
 * with feature tests and removes it for one without.
 */
static void add_features(const struct workfiles *wf, struct strvec *args)
{
	if (access(wf->features, F_OK))
		return;
	strvec_push(args, "-include");
	strvec_push(args, wf->features);
}

/* The command line of the TU copy: source replaced, its dir on -iquote. */
static void injected_args(const struct cc_args *ca, const struct workfiles *wf, bool color,
			  struct strvec *args)
{
	char *dir = util_path_dir(ca->source);
	char *map;

	strvec_init(args);
	strvec_push(args, "-iquote");
	strvec_push(args, dir);
	for (int i = 0; i < ca->args.n; i++)
		strvec_push(args, i == ca->source_idx ? wf->tu : ca->args.v[i]);
	add_features(wf, args);
	/*
	 * #line fixes __FILE__, diagnostics and the line table, but the CU
	 * name is the file gcc opened. Last, so it beats kbuild's own maps.
	 */
	map = xasprintf("-fdebug-prefix-map=%s=%s", wf->tu, ca->source);
	strvec_push(args, map);
	if (color && isatty(2) && !has_arg_prefix(&ca->args, "-fdiagnostics-color") &&
	    !has_arg_prefix(&ca->args, "-fno-diagnostics-color"))
		strvec_push(args, "-fdiagnostics-color=always");
	free(map);
	free(dir);
}

static int compile_injected(const struct strvec *cc, const struct cc_args *ca,
			    const struct workfiles *wf, char **err)
{
	struct strvec args;
	int rc;

	injected_args(ca, wf, err != NULL, &args);
	rc = run_wait(cc, &args, err ? 2 : -1, err, NULL);
	strvec_free(&args);
	return rc;
}

/*
 * -E of the TU copy. Preprocessing never fails on an incomplete type, so
 * the compiler judges the imports with -fsyntax-only first (the import
 * loop and a reused header need that verdict), then preprocesses; the
 * output names the user's file and the BTF (preprocessed.c).
 */
static int preprocess_injected(const struct strvec *cc, const struct cc_args *ca,
			       const struct workfiles *wf, const char *btf_path, char **err)
{
	struct strvec args;
	char *dir = util_path_dir(ca->source);
	int rc;

	strvec_init(&args);
	strvec_push(&args, "-iquote");
	strvec_push(&args, dir);
	syntax_only_flags(ca, &args);
	add_features(wf, &args);
	strvec_push(&args, wf->tu);
	rc = run_wait(cc, &args, err ? 2 : -1, err, NULL);
	strvec_free(&args);
	free(dir);
	if (rc)
		return rc;
	injected_args(ca, wf, false, &args);
	rc = preprocess_run(cc, &args, ca, wf->tu, btf_path);
	strvec_free(&args);
	return rc;
}

int compile_with_header(const struct strvec *cc, const struct cc_args *ca,
			const struct workfiles *wf, unsigned line, const char *btf_path,
			char **err)
{
	int rc;

	if (inject_write_tu(ca->source, wf->header, line, wf->tu) < 0)
		return 1;
	log_verbose("generated header %s, injected before %s:%u", wf->header,
		    ca->source, line);
	if (ca->mode == CC_PREPROCESS)
		rc = preprocess_injected(cc, ca, wf, btf_path, err);
	else
		rc = compile_injected(cc, ca, wf, err);
	/* Kept with --btfcc-verbose after a failure, to look at. */
	if (!btfcc_verbose || !rc)
		unlink(wf->tu);
	return rc < 0 ? 1 : rc;
}

int finish_injected(const struct cc_args *ca, const struct workfiles *wf,
		    const char *btf_path)
{
	const char *drop[] = { wf->header, wf->features, NULL };

	return depfile_rewrite(ca->depfile, wf->tu, ca->source, drop, btf_path);
}

int compile_plain(const struct strvec *cc, const struct cc_args *ca,
		  const struct workfiles *wf, const char *btf_path)
{
	const char *drop[] = { wf->features, NULL };
	struct strvec args;
	int rc;

	strvec_init(&args);
	strvec_push_n(&args, (const char *const *)ca->args.v, ca->args.n);
	add_features(wf, &args);
	/* With the answers included, the -E output depends on the BTF too. */
	if (ca->mode == CC_PREPROCESS && !access(wf->features, F_OK))
		rc = preprocess_run(cc, &args, ca, NULL, btf_path);
	else
		rc = run_wait(cc, &args, -1, NULL, NULL);
	strvec_free(&args);
	/* The answers came from BTF: a new kernel image must rebuild the object. */
	if (!rc && btf_path && !access(wf->features, F_OK))
		rc = depfile_rewrite(ca->depfile, NULL, ca->source, drop, btf_path) ? 1 : 0;
	return rc;
}

/*
 * A rebuild, or the -E that follows a compile (kbuild's genksyms) or
 * precedes it (ccache): the header of the last successful import still
 * matches the source before the inject line and the BTF file, so compile
 * with it as it is. Any failure (a new type needed, a redefinition) runs
 * the full import, which then reports what is wrong. An -E is judged by
 * -fsyntax-only first (compile_with_header), so it never reuses a header
 * the compile would have refused.
 */
static bool reuse_header(const struct strvec *cc, const struct cc_args *ca,
			 const struct kernel_tree *kt, const struct workfiles *wf, int *rc)
{
	struct btfcc_err why;
	char *btf_path = kernel_btf_source(kt, &why), *err = NULL;
	unsigned line = btf_path ? header_stamp_matches(wf->header, ca->source, btf_path) : 0;
	bool done = false;

	if (line) {
		log_verbose("reusing %s (source before line %u and BTF unchanged)", wf->header,
			    line);
		*rc = compile_with_header(cc, ca, wf, line, btf_path, &err);
		if (!*rc) {
			if (err)
				fputs(err, stderr);
			*rc = finish_injected(ca, wf, btf_path) ? 1 : 0;
			done = true;
		} else {
			log_verbose("the previous imports no longer fit; importing again");
		}
	}
	free(err);
	free(btf_path);
	return done;
}

/*
 * Does the module define a type the kernel's BTF has (a hand copy, maybe
 * stale)? Then the file goes to the scan even when it compiles, to have
 * the copy checked. The names come from the lexical walk, the answer from
 * the names index (btf_names.c); with no index yet, the scan writes it, so
 * that is paid once per kernel. Without a cache directory: not checked.
 */
static bool defines_kernel_types(const struct kernel_tree *kt, const struct strvec *defs)
{
	struct btfcc_err why;
	char *btf_path, *dir;
	int found;

	if (!defs->n || !(dir = util_cache_dir(NULL)))
		return false;
	free(dir);
	btf_path = kernel_btf_source(kt, &why);
	found = btf_path ? btf_names_lookup(btf_path, defs) : 0;
	free(btf_path);
	if (found)
		log_verbose("%s defines a type the kernel has%s; scanning to check its layout",
			    defs->v[0], found < 0 ? " maybe (no names index yet)" : "");
	return found != 0;
}

/*
 * The fast path: a file that names a record no kernel header defines, or
 * dereferences a member of a public record that points to one, will
 * import, and its plain first compile would only fail. The names index of
 * the BTF says which names those are (import/private_names.c); without an
 * index there is no guess, and a wrong guess costs one scan.
 */
static bool predicts_import(const struct kernel_tree *kt, const char *source,
			    const struct strvec *uses)
{
	struct btfcc_err why;
	char *btf_path;
	int found = 0;

	if (uses->n && (btf_path = kernel_btf_source(kt, &why))) {
		found = btf_names_lookup(btf_path, uses);
		free(btf_path);
	}
	if (found > 0)
		log_verbose("%s uses a kernel-private type: no plain first try", source);
	return found > 0;
}

int build_source(const struct btfcc_opts *opts, const struct strvec *cc,
		 const struct cc_args *ca, const struct kernel_tree *kt)
{
	struct workfiles wf;
	struct strvec defs, uses;
	unsigned asks;
	int rc = 0;

	workfiles_init(&wf, ca);
	strvec_init(&defs);
	strvec_init(&uses);
	asks = opts->imports_needed ? 0 : marker_scan(ca->source, &defs, &uses);
	if (ca->mode == CC_COMPILE && !asks && defines_kernel_types(kt, &defs))
		asks |= MARKER_COPIES;
	strvec_free(&defs);
	/* Feature tests are answered anew each time (btfcc-import). */
	if (!opts->imports_needed && !(asks & (MARKER_FEATURES | MARKER_COPIES)) &&
	    reuse_header(cc, ca, kt, &wf, &rc))
		goto out;
	if (ca->mode == CC_COMPILE && !opts->imports_needed && !asks &&
	    predicts_import(kt, ca->source, &uses))
		asks |= MARKER_PREDICTED;
	if (!opts->imports_needed && !asks && try_plain(cc, ca, &rc) < 0) {
		if (ca->mode == CC_COMPILE) {
			if (!rc) {
				/* Stale from an older version of the file. */
				unlink(wf.header);
				unlink(wf.features);
			}
			goto out;
		}
		rc = run_wait(cc, &ca->args, -1, NULL, NULL);
		goto out;
	}
	rc = opts->build_with_imports(opts, cc, ca, kt, &wf);
out:
	/*
	 * Once per compile (btfcc execs btfcc-import for imports). Only after
	 * success: a failed build leaves nothing, and the editor keeps the
	 * last good entry.
	 */
	if (ca->mode == CC_COMPILE && !rc)
		compdb_record(ca, &wf);
	strvec_free(&uses);
	workfiles_free(&wf);
	return rc < 0 ? 1 : rc;
}
