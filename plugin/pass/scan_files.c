// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which files are the module's own (markers are read there, its needs move
 * the inject line) and where each header enters the main file.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pass/scan_internal.h"
#include "util/xalloc.h"

static int add_root(struct btfcc_scan *s, const char *dir)
{
	char *real = realpath(dir, NULL);
	if (!real)
		return 0;	/* a missing -I dir is not our problem */
	s->kernel_roots = xrealloc(s->kernel_roots, (s->n_kernel_roots + 1) * sizeof(char *));
	s->kernel_roots[s->n_kernel_roots++] = real;
	return 0;
}

static bool exists_in(const char *dir, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	return !access(path, F_OK);
}

/* kbuild's -include .../include/linux/kconfig.h names the source tree. */
static int root_from_include_file(struct btfcc_scan *s, const char *file)
{
	const char *at = strstr(file, "/include/linux/");
	char dir[PATH_MAX];

	if (!at || (size_t)(at - file) >= sizeof(dir))
		return 0;
	memcpy(dir, file, at - file);
	dir[at - file] = 0;
	return add_root(s, dir);
}

/* An -I dir with the kernel's generated or linux/ headers is kernel, its parent too. */
static int root_from_include_dir(struct btfcc_scan *s, const char *dir)
{
	char parent[PATH_MAX];

	if (!exists_in(dir, "linux/kconfig.h") && !exists_in(dir, "generated/autoconf.h"))
		return 0;
	snprintf(parent, sizeof(parent), "%s/..", dir);
	return add_root(s, parent);
}

static int find_roots(struct btfcc_scan *s, const char *const *args, int n_args)
{
	int i;

	for (i = 0; i < n_args; i++) {
		const char *a = args[i];
		const char *v = i + 1 < n_args ? args[i + 1] : NULL;
		int ret = 0;

		if (!strcmp(a, "-include") && v)
			ret = root_from_include_file(s, v);
		else if ((!strcmp(a, "-I") || !strcmp(a, "-isystem")) && v)
			ret = root_from_include_dir(s, v);
		else if (!strncmp(a, "-I", 2) && a[2])
			ret = root_from_include_dir(s, a + 2);
		if (ret)
			return ret;
	}
	return 0;
}

static bool under_root(const struct btfcc_scan *s, const char *real)
{
	size_t i;

	for (i = 0; i < s->n_kernel_roots; i++) {
		size_t n = strlen(s->kernel_roots[i]);

		if (!strncmp(real, s->kernel_roots[i], n) && (real[n] == '/' || !real[n]))
			return true;
	}
	return false;
}

static struct scan_file *file_new(struct btfcc_scan *s, CXFile file)
{
	char key[32];
	struct scan_file *f;
	CXString name;
	char *real;

	GROW(s->files, s->cap_files, s->n_files + 1);
	snprintf(key, sizeof(key), "%p", file);
	strmap_put(&s->file_map, key, s->n_files);
	f = &s->files[s->n_files++];
	memset(f, 0, sizeof(*f));
	f->file = file;
	f->entry = SIZE_MAX;

	name = clang_getFileName(file);
	real = realpath(clang_getCString(name), NULL);
	clang_disposeString(name);
	if (clang_File_isEqual(file, s->main_file)) {
		f->own = true;
	} else if (s->prefix_file && clang_File_isEqual(file, s->prefix_file)) {
		f->own = f->prefix = true;
	} else if (real) {
		f->prelude = s->prelude_real && !strcmp(real, s->prelude_real);
		/* a location in a file from a PCH is dear: kernel files need none */
		f->own = !f->prelude && !under_root(s, real) &&
			 !clang_Location_isInSystemHeader(clang_getLocation(s->tu, file, 1, 1));
	}
	free(real);
	return f;
}

struct scan_file *scan_file_of(struct btfcc_scan *s, CXFile file)
{
	char key[32];
	size_t idx;

	if (!file)
		return NULL;
	snprintf(key, sizeof(key), "%p", file);
	if (strmap_get(&s->file_map, key, &idx))
		return &s->files[idx];
	return file_new(s, file);
}

static CXFile loc_file(CXSourceLocation loc)
{
	CXFile file;
	unsigned line, col, off;

	clang_getExpansionLocation(loc, &file, &line, &col, &off);
	return file;
}

static size_t file_index(struct btfcc_scan *s, CXFile file)
{
	struct scan_file *f = scan_file_of(s, file);

	return f ? (size_t)(f - s->files) : SIZE_MAX;
}

/*
 * The entry of a file: walking its include chain from the main file, the
 * first file that is neither the module's own nor the generated header,
 * which such a file included. Including it defines what the file defines.
 * chain[i] (a file index) includes chain[i - 1], chain[0] is the file
 * itself and chain[n - 1] the one the main file includes.
 */
static void find_entry(struct btfcc_scan *s, size_t self, const size_t *chain, unsigned n)
{
	for (unsigned i = n; i-- > 0;) {
		size_t at = chain[i];

		if (at == SIZE_MAX)
			return;
		if (s->files[at].prelude) {
			s->files[self].via_prelude = true;
			continue;
		}
		if (!s->files[at].own) {
			s->files[self].entry = at;
			return;
		}
	}
}

void scan_files_included(struct btfcc_scan *s, const struct scan_inclusion *in)
{
	struct scan_file *f = &s->files[in->chain[0]];

	f->seq = s->n_seq++;
	f->incl_file = in->incl_file;
	f->incl_line = in->incl_line;
	f->incl_col = in->incl_col;
	if (!in->main_line) {
		f->early = true;
		return;
	}
	f->main_line = in->main_line;
	find_entry(s, in->chain[0], in->chain, in->n);
}

/* stack[0] is the #include of this file, stack[n-1] the one in the main file. */
static void on_inclusion(CXFile included, CXSourceLocation *stack, unsigned n,
			 CXClientData data)
{
	struct btfcc_scan *s = data;
	struct scan_inclusion in = { .n = n };
	size_t chain[SCAN_MAX_CHAIN];
	unsigned line, off;

	if (!n || n > SCAN_MAX_CHAIN || (chain[0] = file_index(s, included)) == SIZE_MAX)
		return;
	for (unsigned i = 1; i < n; i++)
		chain[i] = file_index(s, loc_file(stack[i - 1]));
	in.chain = chain;
	clang_getSpellingLocation(stack[0], &in.incl_file, &in.incl_line, &in.incl_col, &off);
	if (scan_loc_in_main(s, stack[n - 1], &line))
		in.main_line = line ? line : 1;
	scan_files_included(s, &in);
}

/* The main-file line of the prefix header's line (scan_prefix.h); 0 if none. */
unsigned scan_prefix_main_line(const struct btfcc_scan *s, unsigned line)
{
	return line && line <= s->prefix.n_lines ? s->prefix.lines[line - 1] : 0;
}

/* An #include of the prefix header is the main file's, on its own line. */
CXSourceLocation scan_file_incl_loc(struct btfcc_scan *s, const struct scan_file *f)
{
	if (!f->incl_file)
		return clang_getNullLocation();
	if (s->prefix_file && clang_File_isEqual(f->incl_file, s->prefix_file))
		return clang_getLocation(s->tu, s->main_file,
					 scan_prefix_main_line(s, f->incl_line), f->incl_col);
	return clang_getLocation(s->tu, f->incl_file, f->incl_line, f->incl_col);
}

int scan_files_init(struct btfcc_scan *s, const char *const *args, int n_args,
		    const char *prelude_path)
{
	if (prelude_path && !(s->prelude_real = realpath(prelude_path, NULL)))
		return -1;
	if (find_roots(s, args, n_args))
		return -1;
	/* the PCH's inclusions first: they came before anything in the main file */
	if (s->prefix_file && scan_prefix_incl_load(s))
		return -1;
	clang_getInclusions(s->tu, on_inclusion, s);
	return 0;
}

int scan_files_add_root(struct btfcc_scan *s, const char *dir)
{
	return add_root(s, dir);
}

/*
 * Is loc in the main file, and on which of its lines? A line of the prefix
 * header a PCH was built from is the main-file line it was taken from.
 */
bool scan_loc_in_main(struct btfcc_scan *s, CXSourceLocation loc, unsigned *line)
{
	CXString name;
	unsigned col;

	if (clang_Location_isFromMainFile(loc)) {
		clang_getPresumedLocation(loc, &name, line, &col);
		clang_disposeString(name);
		return true;
	}
	if (!s->prefix_file || !clang_File_isEqual(loc_file(loc), s->prefix_file))
		return false;
	clang_getPresumedLocation(loc, &name, line, &col);
	clang_disposeString(name);
	*line = scan_prefix_main_line(s, *line);
	return true;
}

unsigned scan_loc_main_line(struct btfcc_scan *s, CXSourceLocation loc)
{
	struct scan_file *f;
	unsigned line;

	if (scan_loc_in_main(s, loc, &line))
		return line;
	f = scan_file_of(s, loc_file(loc));
	return f ? f->main_line : 0;
}

bool scan_loc_own(struct btfcc_scan *s, CXSourceLocation loc)
{
	struct scan_file *f;
	unsigned line;

	if (scan_loc_in_main(s, loc, &line))
		return true;
	f = scan_file_of(s, loc_file(loc));
	return f && f->own;
}

void scan_files_free(struct btfcc_scan *s)
{
	size_t i;

	for (i = 0; i < s->n_kernel_roots; i++)
		free(s->kernel_roots[i]);
	free(s->kernel_roots);
	free(s->files);
	free(s->prelude_real);
	strmap_free(&s->file_map);
}
