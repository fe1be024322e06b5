// SPDX-License-Identifier: GPL-2.0-only
/*
 * The libclang pass: parse the module's TU with the kernel headers and
 * report the types it needs from BTF and where they go.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cflags/clang_args.h"
#include "util/c_text.h"
#include "util/fileio.h"
#include "util/xalloc.h"
#include "pass/scan_internal.h"

/*
 * What only the pass wants: no "did you mean", and no warnings (we read
 * errors) but the call to an undeclared function, which kbuild's gcc makes
 * an error and clang a warning (-w would hide it too).
 */
static const char *const scan_only_args[] = {
	"-Wno-everything", "-Wimplicit-function-declaration", "-fno-spell-checking",
};
#define N_SCAN_ONLY (sizeof(scan_only_args) / sizeof(scan_only_args[0]))

static char **build_args(const struct btfcc_scan_opts *opts, int *argc)
{
	const char **in = xcalloc((size_t)opts->n_cc_args + N_SCAN_ONLY + 1, sizeof(*in));
	char **out;
	int i, n = 0;
	size_t k;

	/* the source is given to libclang separately; the driver may leave it in */
	for (i = 0; i < opts->n_cc_args; i++)
		if (strcmp(opts->cc_args[i], opts->source))
			in[n++] = opts->cc_args[i];
	for (k = 0; k < N_SCAN_ONLY; k++)
		in[n++] = scan_only_args[k];
	out = clang_args_translate(in, n, argc);
	free(in);
	return out;
}

/*
 * The source with '#include "prelude"' before line 'line' and #line
 * directives, so clang numbers the rest of the file as the original does.
 */
static char *with_prelude(const struct btfcc_scan_opts *opts, unsigned line, size_t *len)
{
	size_t size;
	char *src = util_read_text(opts->source, &size), *out;

	if (!src)
		return NULL;
	out = c_with_include(src, size, line, opts->prelude_path, opts->source, false, len);
	free(src);
	return out;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static enum CXErrorCode parse_args(struct btfcc_scan *s, const struct btfcc_scan_opts *opts,
				   char **argv, int argc, struct CXUnsavedFile *unsaved)
{
	return clang_parseTranslationUnit2(s->index, opts->source, (const char *const *)argv, argc,
					   unsaved->Contents ? unsaved : NULL,
					   unsaved->Contents ? 1 : 0, CXTranslationUnit_KeepGoing,
					   &s->tu);
}

/*
 * A prefix #define the main file, read again after the PCH, gives another
 * value than the PCH's (a header of the prefix redefined it): clang warns,
 * and the PCH's state is not the plain parse's.
 */
static bool prefix_redefined(struct btfcc_scan *s)
{
	unsigned n = clang_getNumDiagnostics(s->tu), last = s->prefix.n_lines ?
		     s->prefix.lines[s->prefix.n_lines - 1] : 0;
	bool found = false;

	for (unsigned i = 0; i < n && !found; i++) {
		CXDiagnostic d = clang_getDiagnostic(s->tu, i);
		CXString opt = clang_getDiagnosticOption(d, NULL);
		CXSourceLocation loc = clang_getDiagnosticLocation(d);
		unsigned line, col, off;
		CXFile file;

		clang_getExpansionLocation(loc, &file, &line, &col, &off);
		found = !strcmp(clang_getCString(opt), "-Wmacro-redefined") &&
			clang_Location_isFromMainFile(loc) && line <= last;
		clang_disposeString(opt);
		clang_disposeDiagnostic(d);
	}
	return found;
}

enum pch_parse { PCH_USED, PCH_STALE, PCH_UNFIT };

/*
 * The parse against the PCH: used; stale (it did not load, a header
 * changed since); unfit for this file (a prefix #define redefined).
 */
static enum pch_parse parse_with_pch(struct btfcc_scan *s, const struct btfcc_scan_opts *opts,
				     char **argv, int argc, struct CXUnsavedFile *unsaved)
{
	char **with = xcalloc((size_t)argc + 4, sizeof(*with));
	enum pch_parse ret = PCH_STALE;

	memcpy(with, argv, (size_t)argc * sizeof(*with));
	with[argc] = "-include-pch";
	with[argc + 1] = s->prefix.pch;
	with[argc + 2] = "-Wmacro-redefined";
	if (parse_args(s, opts, with, argc + 3, unsaved) == CXError_Success && s->tu &&
	    (s->prefix_file = clang_getFile(s->tu, s->prefix.header)))
		ret = prefix_redefined(s) ? PCH_UNFIT : PCH_USED;
	free(with);
	if (ret == PCH_USED)
		return ret;
	s->prefix_file = NULL;
	if (s->tu)
		clang_disposeTranslationUnit(s->tu);
	s->tu = NULL;
	return ret;
}

/*
 * The parse against the prefix's PCH. One that does not load is built
 * again once; else the plain parse, in an index that walks every
 * declaration again.
 */
static void parse_prefixed(struct btfcc_scan *s, const struct btfcc_scan_opts *opts,
			   char **argv, int argc, struct CXUnsavedFile *unsaved)
{
	unsigned before = opts->prelude_path ? s->prelude_at : 0;
	enum pch_parse ret;

	for (int attempt = 0; attempt < 2; attempt++) {
		scan_prefix_free(&s->prefix);
		if (scan_prefix_get(opts, before, argv, argc, &s->prefix))
			break;
		ret = parse_with_pch(s, opts, argv, argc, unsaved);
		if (ret == PCH_USED)
			return;
		if (ret == PCH_UNFIT)
			break;
		scan_prefix_drop(&s->prefix);
	}
	scan_prefix_free(&s->prefix);
	clang_disposeIndex(s->index);
	s->index = clang_createIndex(0, 0);
}

static int parse(struct btfcc_scan *s, const struct btfcc_scan_opts *opts, char **argv,
		 int argc, struct btfcc_err *err)
{
	struct CXUnsavedFile unsaved = { .Filename = opts->source };
	char *text = NULL;
	enum CXErrorCode ec = CXError_Success;
	double t0;

	if (opts->prelude_path) {
		unsigned line = opts->prelude_line ? opts->prelude_line : 1;
		size_t len;

		text = with_prelude(opts, line, &len);
		if (!text) {
			btfcc_err_set(err, BTFCC_E_IO, "%s: cannot read the source", opts->source);
			return -1;
		}
		unsaved.Contents = text;
		unsaved.Length = len;
		s->prelude_at = line;
	}
	t0 = now();
	if (opts->prefix_cache_dir)
		parse_prefixed(s, opts, argv, argc, &unsaved);
	if (!s->tu)
		ec = parse_args(s, opts, argv, argc, &unsaved);
	s->parse_seconds = now() - t0;
	free(text);
	if (ec != CXError_Success || !s->tu) {
		btfcc_err_set(err, BTFCC_E_PARSE, "%s: libclang could not parse it (error %d)", opts->source,
			      (int)ec);
		return -1;
	}
	s->main_file = clang_getFile(s->tu, opts->source);
	return 0;
}

static int analyse(struct btfcc_scan *s, const struct btfcc_scan_opts *opts, char **argv,
		   int argc)
{
	if (scan_files_init(s, (const char *const *)argv, argc, opts->prelude_path))
		return -1;
	if (opts->kernel_dir && scan_files_add_root(s, opts->kernel_dir))
		return -1;
	/* the definitions first: errors about types the TU defines are not requests */
	if (scan_defs_build(s) || scan_diags(s) || scan_markers(s) || scan_uses(s))
		return -1;
	scan_inject(s);
	return 0;
}

static struct btfcc_scan *scan_again_plain(struct btfcc_scan *s,
					   const struct btfcc_scan_opts *opts, char **argv,
					   struct btfcc_err *err)
{
	struct btfcc_scan_opts plain = *opts;

	clang_args_free(argv);
	btfcc_scan_free(s);
	plain.prefix_cache_dir = NULL;
	return btfcc_scan_run(&plain, err);
}

struct btfcc_scan *btfcc_scan_run(const struct btfcc_scan_opts *opts, struct btfcc_err *err)
{
	struct btfcc_scan *s;
	char **argv;
	int argc = 0;

	if (!opts || !opts->source) {
		btfcc_err_set(err, BTFCC_E_PARSE, "no source file to scan");
		return NULL;
	}
	/* libclang only says "failure" for a missing file */
	if (access(opts->source, R_OK)) {
		btfcc_err_set(err, BTFCC_E_PARSE, "%s: %s", opts->source, strerror(errno));
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	argv = build_args(opts, &argc);
	if (!argv)
		goto oom;
	s->source = opts->source;
	/*
	 * With a prefix PCH, the walks see only what was parsed after it: the
	 * PCH's definitions come from its list (scan_prefix_defs.c).
	 */
	s->index = clang_createIndex(opts->prefix_cache_dir ? 1 : 0, 0);
	if (parse(s, opts, argv, argc, err))
		goto fail;
	if (analyse(s, opts, argv, argc)) {
		/* the PCH's lists did not load: that PCH goes */
		if (!s->prefix_file)
			goto oom;
		scan_prefix_drop(&s->prefix);
		return scan_again_plain(s, opts, argv, err);
	}
	/* imports inside the prefix: the PCH's types would come after them */
	if (s->prefix_file && s->inject_line && s->prefix.n_lines &&
	    s->inject_line <= s->prefix.lines[s->prefix.n_lines - 1])
		return scan_again_plain(s, opts, argv, err);
	clang_args_free(argv);
	return s;
oom:
	btfcc_err_set(err, BTFCC_E_LIMIT, "%s: out of memory while scanning", opts->source);
fail:
	clang_args_free(argv);
	btfcc_scan_free(s);
	return NULL;
}

void btfcc_scan_free(struct btfcc_scan *scan)
{
	if (!scan)
		return;
	btfcc_reqset_free(&scan->reqs);
	scan_diags_free(scan);
	scan_late_free(scan);
	scan_copies_free(scan);
	scan_defs_free(scan);
	scan_files_free(scan);
	scan_prefix_free(&scan->prefix);
	if (scan->tu)
		clang_disposeTranslationUnit(scan->tu);
	if (scan->index)
		clang_disposeIndex(scan->index);
	free(scan);
}

size_t btfcc_scan_requests(const struct btfcc_scan *scan, const struct btfcc_request **out)
{
	*out = scan->reqs.v;
	return scan->reqs.n;
}

unsigned btfcc_scan_inject_line(const struct btfcc_scan *scan)
{
	return scan->inject_line;
}

size_t btfcc_scan_unknown_members(const struct btfcc_scan *scan,
				  const struct btfcc_scan_member **out)
{
	*out = scan->unknown;
	return scan->n_unknown;
}

size_t btfcc_scan_errors(const struct btfcc_scan *scan, const char *const **out)
{
	*out = (const char *const *)scan->errors;
	return scan->n_errors;
}

double btfcc_scan_parse_seconds(const struct btfcc_scan *scan)
{
	return scan->parse_seconds;
}

const char *btfcc_scan_prefix_pch(const struct btfcc_scan *scan)
{
	return scan->prefix_file ? scan->prefix.pch : NULL;
}
