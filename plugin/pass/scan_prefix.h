/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_SCAN_PREFIX_H
#define BTFCC_SCAN_PREFIX_H

#include <stdbool.h>
#include <stddef.h>

#include <clang-c/Index.h>

#include "util/strbuf.h"

/*
 * The prefix cache (docs/driver.md, "Prefix cache"): a source's leading
 * #include and #define lines, parsed once with function
 * bodies skipped and saved as a precompiled header. Any later scan of a
 * file that opens with the same lines, with the same flags, in the same
 * kernel tree, loads it instead of parsing the kernel headers again.
 */
struct scan_prefix {
	struct strbuf text;	/* the prefix lines: the header the PCH is built from */
	unsigned *lines;	/* lines[k]: main-file line of the header's line k + 1 */
	size_t n_lines, cap_lines;
	unsigned n_includes;
	char *header;		/* <cache>/prefix/<key>.h, text on disk */
	char *pch;		/* <cache>/prefix/<key>.pch */
	char *incl;		/* <cache>/prefix/<key>.incl: its inclusions (scan_prefix_incl.c) */
	char *defs;		/* <cache>/prefix/<key>.defs: its definitions (scan_prefix_defs.c) */
};

/*
 * The prefix of text, lines before 'before' only (0: no limit), a quoted
 * #include made absolute when it names a file in dir (NULL: a quoted
 * #include ends the prefix). 0 when it has an #include, -1 when there is
 * no prefix worth a PCH.
 */
int scan_prefix_text(const char *text, size_t len, unsigned before, const char *dir,
		     struct scan_prefix *out);

/* Keeps the header's lines before 'line'; -1 when no #include is left. */
int scan_prefix_cut(struct scan_prefix *p, unsigned line);

/*
 * A PCH for the prefix of opts->source (before line 'before'), parsed with
 * the scan's clang arguments argv (argv[argc] NULL) but the -include of
 * opts->features_include, kept in opts->prefix_cache_dir: found, or built
 * now. A prefix reaching the module's own headers or an unguarded header
 * is cut before it. 0 with out->pch set when one can be used; -1 when not
 * (no prefix, the prefix does not parse alone, the cache cannot be
 * written): parse without.
 */
struct btfcc_scan_opts;
int scan_prefix_get(const struct btfcc_scan_opts *opts, unsigned before,
		    char *const *argv, int argc, struct scan_prefix *out);

/* The PCH failed to load (a header changed since): remove it. */
void scan_prefix_drop(struct scan_prefix *p);

void scan_prefix_free(struct scan_prefix *p);

#endif
