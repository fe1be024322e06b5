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
	} else if (real) {
		CXSourceLocation loc = clang_getLocation(s->tu, file, 1, 1);

		f->prelude = s->prelude_real && !strcmp(real, s->prelude_real);
		f->own = !f->prelude && !under_root(s, real) &&
			 !clang_Location_isInSystemHeader(loc);
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
 * stack[i] lies in the file that includes the file of stack[i - 1].
 */
static void find_entry(struct btfcc_scan *s, size_t self, CXSourceLocation *stack, unsigned n)
{
	for (unsigned i = n; i-- > 0;) {
		size_t at = i ? file_index(s, loc_file(stack[i - 1])) : self;

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

/* stack[0] is the #include of this file, stack[n-1] the one in the main file. */
static void on_inclusion(CXFile included, CXSourceLocation *stack, unsigned n,
			 CXClientData data)
{
	struct btfcc_scan *s = data;
	size_t self = file_index(s, included);
	struct scan_file *f;
	unsigned line, col;
	CXString name;

	if (self == SIZE_MAX || !n)
		return;
	f = &s->files[self];
	f->seq = s->n_seq++;
	f->incl_loc = stack[0];
	if (!clang_Location_isFromMainFile(stack[n - 1])) {
		f->early = true;
		return;
	}
	clang_getPresumedLocation(stack[n - 1], &name, &line, &col);
	clang_disposeString(name);
	f->main_line = line;
	find_entry(s, self, stack, n);
}

int scan_files_init(struct btfcc_scan *s, const char *const *args, int n_args,
		    const char *prelude_path)
{
	if (prelude_path && !(s->prelude_real = realpath(prelude_path, NULL)))
		return -1;
	if (find_roots(s, args, n_args))
		return -1;
	clang_getInclusions(s->tu, on_inclusion, s);
	return 0;
}

int scan_files_add_root(struct btfcc_scan *s, const char *dir)
{
	return add_root(s, dir);
}

unsigned scan_loc_main_line(struct btfcc_scan *s, CXSourceLocation loc)
{
	struct scan_file *f;
	CXString name;
	unsigned line, col;

	if (clang_Location_isFromMainFile(loc)) {
		clang_getPresumedLocation(loc, &name, &line, &col);
		clang_disposeString(name);
		return line;
	}
	f = scan_file_of(s, loc_file(loc));
	return f ? f->main_line : 0;
}

bool scan_loc_own(struct btfcc_scan *s, CXSourceLocation loc)
{
	struct scan_file *f;

	if (clang_Location_isFromMainFile(loc))
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
