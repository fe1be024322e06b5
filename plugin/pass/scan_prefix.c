// SPDX-License-Identifier: GPL-2.0-only
/*
 * The prefix cache: where a prefix's PCH lives, when it is built, when it
 * is thrown away. Parsing the ~1,000 kernel headers of a module's includes
 * is most of a scan; with function bodies skipped and saved as a PCH, the
 * next scan with the same prefix loads only what it looks at.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pass/scan_internal.h"
#include "util/fileio.h"
#include "util/hash.h"
#include "util/lru.h"
#include "util/xalloc.h"

#define PREFIX_DIR "prefix"
#define PREFIX_KEEP 32		/* PCHs kept per cache, the least recently used go */
#define PREFIX_FORMAT "btfcc-prefix-1"
/* A prefix that did not stand alone is tried again after a day (fixed headers). */
#define PREFIX_BAD_SECONDS (24 * 3600)

/*
 * Defines kbuild gives each file its own value of. No kernel header tests
 * them with #if, and one used at file scope fails the PCH's own parse (no
 * PCH then), so leaving them out lets every file of a module share one.
 */
static bool per_file_define(const char *arg)
{
	static const char *const names[] = {
		"KBUILD_BASENAME", "KBUILD_MODNAME", "__KBUILD_MODNAME", "KBUILD_MODFILE",
	};

	if (strncmp(arg, "-D", 2))
		return false;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(names[i]);

		if (!strncmp(arg + 2, names[i], n) && (!arg[2 + n] || arg[2 + n] == '='))
			return true;
	}
	return false;
}

/*
 * The arguments a prefix PCH is built with and keyed on: all the scan's
 * but per-file defines and the -include of the file's feature answers
 * (BTFCC_HAS_* macros for the module's code only: it follows the PCH).
 */
static bool prefix_arg(char *const *argv, int i, const char *skip_include)
{
	if (per_file_define(argv[i]))
		return false;
	if (!skip_include)
		return true;
	if (!strcmp(argv[i], "-include") && argv[i + 1] && !strcmp(argv[i + 1], skip_include))
		return false;
	return !(i && !strcmp(argv[i - 1], "-include") && !strcmp(argv[i], skip_include));
}

static void hash_str(uint64_t h[2], const char *s)
{
	size_t n = strlen(s) + 1;

	h[0] = fnv1a(h[0], s, n);
	h[1] = fnv1a(h[1], s, n);
}

/*
 * What a PCH depends on besides the headers' contents (clang checks those
 * itself, by size and time, when it loads one): libclang, the working
 * directory (kbuild's -I are relative), the flags, the prefix lines.
 */
static char *prefix_key(const struct scan_prefix *p, char *const *argv, int argc,
			const char *skip_include)
{
	uint64_t h[2] = { FNV1A_INIT, FNV1A_INIT ^ 0x9e3779b97f4a7c15ULL };
	CXString version = clang_getClangVersion();
	char *cwd = getcwd(NULL, 0);

	hash_str(h, PREFIX_FORMAT);
	hash_str(h, clang_getCString(version));
	hash_str(h, cwd ? cwd : "");
	for (int i = 0; i < argc; i++)
		if (prefix_arg(argv, i, skip_include))
			hash_str(h, argv[i]);
	hash_str(h, sb_str(&p->text));
	clang_disposeString(version);
	free(cwd);
	return xasprintf("%016" PRIx64 "%016" PRIx64, h[0], h[1]);
}

static bool same_text(const char *path, const struct strbuf *sb)
{
	size_t len;
	char *text = util_read_text(path, &len);
	bool same = text && len == sb->len && !memcmp(text, sb->buf, len);

	free(text);
	return same;
}

/*
 * The header, written once: the PCHs built from it check its time. Only a
 * build that cuts the prefix shorter replaces it.
 */
static int write_header(const struct scan_prefix *p, bool replace)
{
	char *tmp;
	int ret;

	if (replace && !same_text(p->header, &p->text))
		return util_write_file_atomic(p->header, p->text.buf, p->text.len, 0644, 0, NULL);
	if (!access(p->header, R_OK))
		return 0;
	tmp = xasprintf("%s.%ld.tmp", p->header, (long)getpid());
	ret = util_write_file_atomic(tmp, p->text.buf, p->text.len, 0644, 0, NULL);
	if (!ret && link(tmp, p->header) && errno != EEXIST)
		ret = -1;
	unlink(tmp);
	free(tmp);
	return ret;
}

static bool has_errors(CXTranslationUnit tu)
{
	unsigned n = clang_getNumDiagnostics(tu);

	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);

		clang_disposeDiagnostic(d);
		if (sev >= CXDiagnostic_Error)
			return true;
	}
	return false;
}

static char *with_suffix(const char *path, const char *from, const char *to)
{
	size_t n = strlen(path) - strlen(from);

	return xasprintf("%.*s%s", (int)n, path, to);
}

static void drop_files(const char *pch)
{
	static const char *const with[] = { ".h", ".incl", ".defs" };

	for (size_t i = 0; i < sizeof(with) / sizeof(with[0]); i++) {
		char *other = with_suffix(pch, ".pch", with[i]);

		unlink(other);
		free(other);
	}
	unlink(pch);
}

/*
 * An old .bad mark (with its prefix header, which no PCH uses), or a
 * temporary file a killed build left (the PCH's, or a list's).
 */
static void drop_if_stale(const char *path, const char *name)
{
	size_t n = strlen(name);
	bool bad = n > 4 && !strcmp(name + n - 4, ".bad");

	if (!bad && !strstr(name, ".tmp")) {
		util_lru_drop_leftover(path, name);
		return;
	}
	if (!util_lru_older(path, bad ? PREFIX_BAD_SECONDS : UTIL_LRU_LEFTOVER_SECONDS))
		return;
	if (bad) {
		char *pch = with_suffix(path, ".bad", ".pch");

		if (access(pch, F_OK)) {
			char *header = with_suffix(path, ".bad", ".h");

			unlink(header);
			free(header);
		}
		free(pch);
	}
	unlink(path);
}

/*
 * Keeps the PREFIX_KEEP most recently used PCHs (a hit touches its file);
 * drops expired .bad marks and leftover temporary files.
 */
static void prune(const char *dir)
{
	util_lru_prune(dir, "", ".pch", PREFIX_KEEP, drop_files, drop_if_stale);
}

/*
 * The first prefix line the PCH must end before (0: none; 1: an -include
 * does, no PCH): an #include that brings in a file of the module's own
 * (not the kernel's, not the system's: its function bodies are code the
 * scan must read, and the PCH skips bodies), or of a header without an
 * include guard (the main file's own #include of it, read again after the
 * PCH, would not be a no-op: trace headers). Classified as the scan does.
 */
static unsigned first_unsafe_line(CXTranslationUnit tu, const struct scan_prefix *p,
				  char *const *argv, int argc)
{
	struct btfcc_scan b = { .tu = tu };
	unsigned line = 0;

	b.main_file = clang_getFile(tu, p->header);
	if (scan_files_init(&b, (const char *const *)argv, argc, NULL)) {
		line = 1;
		goto out;
	}
	for (size_t i = 0; i < b.n_files; i++) {
		const struct scan_file *f = &b.files[i];
		bool direct = f->incl_file && clang_File_isEqual(f->incl_file, b.main_file);

		if (clang_File_isEqual(f->file, b.main_file) ||
		    (!f->own && !(direct && !clang_isFileMultipleIncludeGuarded(tu, f->file))))
			continue;
		if (f->early || !f->main_line)
			line = 1;
		else if (!line || f->main_line < line)
			line = f->main_line;
	}
out:
	scan_files_free(&b);
	return line;
}

static int parse_header(CXIndex index, const struct scan_prefix *p, const char **args, int n,
			CXTranslationUnit *tu)
{
	/* bodies skipped: the scan reads the module's code, not the headers' inline functions */
	unsigned flags = CXTranslationUnit_SkipFunctionBodies | CXTranslationUnit_Incomplete |
			 CXTranslationUnit_ForSerialization | CXTranslationUnit_KeepGoing;

	*tu = NULL;
	if (clang_parseTranslationUnit2(index, p->header, args, n, NULL, 0, flags, tu) || !*tu)
		return -1;
	return has_errors(*tu) ? -1 : 0;
}

/* What libclang does not tell of a loaded PCH: its inclusions and definitions. */
static int save_lists(CXTranslationUnit tu, const struct scan_prefix *p)
{
	struct btfcc_scan b = { .tu = tu };
	int ret = scan_prefix_incl_save(tu, p->incl) || scan_defs_build(&b) ||
		  scan_prefix_defs_save(&b, p->defs);

	scan_defs_free(&b);
	return ret ? -1 : 0;
}

/*
 * The prefix as the PCH was built from it: the header on disk, which is
 * the prefix or, cut before the module's own headers (build), its start.
 */
static int as_built(struct scan_prefix *p)
{
	size_t len;
	char *text = util_read_text(p->header, &len);
	unsigned lines = 0;
	int ret = -1;

	if (text && len <= p->text.len && !memcmp(text, p->text.buf, len)) {
		for (size_t i = 0; i < len; i++)
			lines += text[i] == '\n';
		ret = lines < p->n_lines ? scan_prefix_cut(p, lines + 1) : 0;
	}
	free(text);
	return ret;
}

/*
 * In an index of its own: the scan's excludes a loaded PCH's declarations
 * from its walks (scan.c), this walk must see them all.
 */
static int build(struct scan_prefix *p, char *const *argv, int argc,
		 const struct btfcc_scan_opts *opts)
{
	CXIndex index = clang_createIndex(0, 0);
	const char **args = xcalloc((size_t)argc + 1, sizeof(*args));
	CXTranslationUnit tu = NULL;
	char *tmp = NULL, *bad = with_suffix(p->pch, ".pch", ".bad");
	struct stat st;
	unsigned cut;
	int n = 0, ret = -1;

	for (int i = 0; i < argc; i++)
		if (prefix_arg(argv, i, opts->features_include))
			args[n++] = argv[i];
	/*
	 * A header cut by an earlier build stays cut: build from what is on
	 * disk, unless that is not the prefix's start (a damaged cache).
	 */
	if (!stat(bad, &st)) {
		if (!util_lru_older(bad, PREFIX_BAD_SECONDS))
			goto out;
		/* Tried again now: a pruner must not take the header away meanwhile. */
		unlink(bad);
	}
	if (write_header(p, false) || (as_built(p) && write_header(p, true)))
		goto out;
	if (parse_header(index, p, args, n, &tu))
		goto bad;
	cut = first_unsafe_line(tu, p, (char *const *)args, n);
	if (cut) {
		clang_disposeTranslationUnit(tu);
		tu = NULL;
		if (scan_prefix_cut(p, cut))
			goto bad;	/* nothing left */
		if (write_header(p, true))
			goto out;
		if (parse_header(index, p, args, n, &tu))
			goto bad;
	}
	if (save_lists(tu, p))
		goto out;
	tmp = xasprintf("%s.%ld.tmp", p->pch, (long)getpid());
	if (clang_saveTranslationUnit(tu, tmp, clang_defaultSaveOptions(tu)) ||
	    rename(tmp, p->pch))
		unlink(tmp);
	else
		ret = 0;
	goto out;
bad:
	/* the prefix does not stand alone: not tried again for this key */
	close(open(bad, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
out:
	if (tu)
		clang_disposeTranslationUnit(tu);
	clang_disposeIndex(index);
	free(tmp);
	free(bad);
	free(args);
	return ret;
}

/*
 * Where clang looks first for the main file's quoted #include: the
 * directory of its name as given (not resolved: a symlinked source looks
 * beside the link), made absolute.
 */
static char *includer_dir(const char *source)
{
	char *dir = util_path_dir(source), *cwd, *abs;

	if (dir[0] == '/' || !(cwd = getcwd(NULL, 0)))
		return dir;
	abs = xasprintf("%s/%s", cwd, dir);
	free(cwd);
	free(dir);
	return abs;
}

int scan_prefix_get(const struct btfcc_scan_opts *opts, unsigned before,
		    char *const *argv, int argc, struct scan_prefix *out)
{
	const char *dir = opts->prefix_cache_dir, *source = opts->source;
	char *text, *key, *sub, *src_dir;
	size_t len;
	int ret;

	if (!dir || !(text = util_read_text(source, &len)))
		return -1;
	src_dir = includer_dir(source);
	ret = scan_prefix_text(text, len, before, src_dir, out);
	free(src_dir);
	free(text);
	if (ret)
		return -1;
	sub = xasprintf("%s/" PREFIX_DIR, dir);
	if (util_mkdir_p(sub)) {
		free(sub);
		return -1;
	}
	key = prefix_key(out, argv, argc, opts->features_include);
	out->header = xasprintf("%s/%s.h", sub, key);
	out->pch = xasprintf("%s/%s.pch", sub, key);
	out->incl = xasprintf("%s/%s.incl", sub, key);
	out->defs = xasprintf("%s/%s.defs", sub, key);
	free(key);
	if (!access(out->pch, R_OK) && !access(out->incl, R_OK) && !access(out->defs, R_OK) &&
	    !as_built(out)) {
		util_lru_touch(out->pch);
		ret = 0;
	} else {
		ret = build(out, argv, argc, opts);
		if (!ret)
			prune(sub);
	}
	free(sub);
	return ret;
}

void scan_prefix_drop(struct scan_prefix *p)
{
	if (p->pch)
		unlink(p->pch);
}
