// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfcc-compdb: merge the compile_commands.json entries btfcc left next to
 * each object (.tmp_<stem>.btfcc.json, see compdb.c) into one file.
 *
 *   btfcc-compdb [-o FILE] [DIR...]
 *
 * DIRs (default .) are searched recursively; FILE defaults to
 * DIR/compile_commands.json of the first DIR. An entry whose source is
 * gone is left out. Each entry is taken as btfcc wrote it: the translation
 * of the flags happened at compile time, with the pass' own table.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* FTW_ACTIONRETVAL: skip .git */
#endif
#include <ftw.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"

#define ENTRY_PREFIX ".tmp_"
#define ENTRY_SUFFIX ".btfcc.json"

struct entry {
	char *path;		/* the fragment */
	char *file;		/* its "file": the source */
	char *text;
};

static struct entry *entries;
static size_t n_entries, cap_entries;

static bool is_entry_name(const char *base)
{
	size_t n = strlen(base), s = strlen(ENTRY_SUFFIX);

	return !strncmp(base, ENTRY_PREFIX, strlen(ENTRY_PREFIX)) && n > s &&
	       !strcmp(base + n - s, ENTRY_SUFFIX);
}

/* The "file" value of an entry btfcc wrote (one key a line, JSON-escaped). */
static char *entry_file(const char *text)
{
	const char *p = strstr(text, "\n\t\"file\": \"");
	char *out, *o;

	if (!p)
		return NULL;
	p += strlen("\n\t\"file\": \"");
	out = o = xmalloc(strlen(p) + 1);
	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			*o++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static void add_entry(const char *path)
{
	char *text = util_read_text(path, NULL);
	char *file = text ? entry_file(text) : NULL;

	if (!file || access(file, R_OK)) {
		if (text)
			fprintf(stderr, "btfcc-compdb: %s: skipped (%s is gone)\n", path,
				file ? file : "no \"file\"");
		free(text);
		free(file);
		return;
	}
	GROW(entries, cap_entries, n_entries + 1);
	entries[n_entries++] = (struct entry){ xstrdup(path), file, text };
}

static int visit(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	const char *base = path + ftw->base;

	(void)sb;
	if (type == FTW_D && ftw->level > 0 && !strcmp(base, ".git"))
		return FTW_SKIP_SUBTREE;
	if (type == FTW_F && is_entry_name(base))
		add_entry(path);
	return FTW_CONTINUE;
}

static int by_file(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	return c ? c : strcmp(x->path, y->path);
}

/*
 * clangd takes one command per file. Two entries for one source happen
 * when a kbuild file is built into each module (6.12's
 * scripts/module-common.c): keep the first.
 */
static void drop_duplicates(void)
{
	size_t k = 0;

	for (size_t i = 0; i < n_entries; i++) {
		if (k && !strcmp(entries[k - 1].file, entries[i].file)) {
			free(entries[i].path);
			free(entries[i].file);
			free(entries[i].text);
			continue;
		}
		entries[k++] = entries[i];
	}
	n_entries = k;
}

static int write_db(const char *out_path)
{
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);
	int ret;

	fputs("[\n", f);
	for (size_t i = 0; i < n_entries; i++) {
		size_t n = strlen(entries[i].text);

		while (n && entries[i].text[n - 1] == '\n')
			n--;
		fwrite(entries[i].text, 1, n, f);
		fputs(i + 1 < n_entries ? ",\n" : "\n", f);
	}
	fputs("]\n", f);
	fclose(f);
	ret = driver_write_file(out_path, out, len);
	free(out);
	return ret;
}

static void usage(FILE *f)
{
	fputs("usage: btfcc-compdb [-o FILE] [DIR...]\n"
	      "Merge the entries btfcc wrote while building the modules under DIR\n"
	      "(default .) into FILE (default DIR/compile_commands.json), for clangd.\n"
	      "  -o FILE     where to write\n"
	      "  -h, --help  this text\n", f);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static char *here[] = { ".", NULL };
	const char *out_path = NULL;
	char *def_out = NULL, **dirs;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		if (opt == 'o') {
			out_path = optarg;
		} else {
			usage(opt == 'h' ? stdout : stderr);
			return opt == 'h' ? 0 : 2;
		}
	}
	dirs = optind < argc ? argv + optind : here;
	for (char **d = dirs; *d; d++)
		if (nftw(*d, visit, 32, FTW_PHYS | FTW_ACTIONRETVAL) < 0)
			fprintf(stderr, "btfcc-compdb: %s: cannot search\n", *d);
	if (!out_path)
		out_path = def_out = xasprintf("%s/compile_commands.json", dirs[0]);
	if (!n_entries) {
		fprintf(stderr, "btfcc-compdb: no btfcc entries under %s; build the module "
			"with CC=btfcc first\n", dirs[0]);
		free(def_out);
		return 1;
	}
	qsort(entries, n_entries, sizeof(*entries), by_file);
	drop_duplicates();
	ret = write_db(out_path);
	if (!ret)
		fprintf(stderr, "btfcc-compdb: %zu entries in %s\n", n_entries, out_path);
	for (size_t i = 0; i < n_entries; i++) {
		free(entries[i].path);
		free(entries[i].file);
		free(entries[i].text);
	}
	free(entries);
	free(def_out);
	return ret ? 1 : 0;
}
