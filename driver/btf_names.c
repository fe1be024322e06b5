// SPDX-License-Identifier: GPL-2.0-only
/*
 * The names index: every struct, union and enum name one BTF file has, as
 * text ("\nstruct proc_dir_entry\n..."), in btfcc's cache directory. It
 * lets btfcc, which loads no libbpf, decide cheaply whether a module that
 * compiles as it is defines a type the kernel has (a hand copy that may be
 * stale) and deserves the libclang scan that checks its layout. btfcc-import
 * writes it whenever it loads that BTF; named after the file's path, size
 * and mtime, so a new kernel image is a new index.
 */
#define _GNU_SOURCE	/* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "driver.h"
#include "util/hash.h"
#include "util/lru.h"

/* Indexes kept (least recently used go): one per kernel tree, 200-400 KB each. */
#define NAMES_KEEP 32

char *btf_names_path(const char *btf_path)
{
	char *dir = util_cache_dir(NULL), *path, *id;
	struct stat st;

	if (!dir || !btf_path || stat(btf_path, &st)) {
		free(dir);
		return NULL;
	}
	/* v2: with the fast path's lines (import/private_names.c). */
	id = xasprintf("v2 %s %lld %lld.%09ld", btf_path, (long long)st.st_size,
		       (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	path = xasprintf("%s/names-%016llx.txt", dir,
			 (unsigned long long)fnv1a(FNV1A_INIT, id, strlen(id)));
	free(id);
	free(dir);
	return path;
}

int btf_names_lookup(const char *btf_path, const struct strvec *names)
{
	char *path = btf_names_path(btf_path), *text;
	size_t len;
	int found = 0;

	text = path ? util_read_text(path, &len) : NULL;
	if (text)
		util_lru_touch(path);
	free(path);
	if (!text)
		return -1;
	for (int i = 0; i < names->n && !found; i++) {
		char *line = xasprintf("\n%s\n", names->v[i]);

		found = memmem(text, len, line, strlen(line)) != NULL;
		free(line);
	}
	free(text);
	return found;
}

void btf_names_store(const char *btf_path, const char *text, size_t len)
{
	char *path = btf_names_path(btf_path), *dir;
	struct btfcc_err err;

	if (!path)
		return;
	dir = util_path_dir(path);
	/* A convenience: without it, btfcc scans files that define records. */
	if (!util_mkdir_p(dir) && !util_write_file_atomic(path, text, len, 0644, 0, &err))
		util_lru_prune(dir, "names-", ".txt", NAMES_KEEP, NULL, util_lru_drop_leftover);
	free(dir);
	free(path);
}

bool btf_names_stored(const char *btf_path)
{
	char *path = btf_names_path(btf_path);
	bool ok = path && !access(path, R_OK);

	free(path);
	return ok;
}
