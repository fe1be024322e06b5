/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_SCAN_INTERNAL_H
#define BTFCC_SCAN_INTERNAL_H

#include <clang-c/Index.h>

#include "engine/reqset.h"
#include "pass/scan.h"
#include "pass/scan_prefix.h"
#include "util/strmap.h"

/*
 * A type definition the TU has at file scope. One from a prefix PCH comes
 * from the PCH's list, without a cursor (scan_prefix_defs.c).
 */
struct scan_def {
	CXCursor cursor;	/* the null cursor for a PCH's */
	bool used;		/* the plan refers to it by name (scan_late.c) */
	enum btfcc_ns ns;
	CXFile file;		/* where it is, by expansion location */
	long long size, align;	/* a PCH's, as clang computed them when it was built */
	enum btfcc_ns tag_ns;	/* a PCH's typedef of a tag it left incomplete: that tag */
	char *tag;
};

/* Per-file facts, looked up by CXFile pointer. */
struct scan_file {
	CXFile file;
	bool own;		/* main file or a module header (not kernel, not system) */
	bool prelude;		/* the injected generated header */
	bool prefix;		/* the prefix header of the PCH: the main file's first lines */
	unsigned main_line;	/* line of the main-file #include bringing it in */
	bool early;		/* came in before line 1 (-include), not through the main file */
	bool via_prelude;	/* first entered through the generated header */
	size_t seq;		/* order of first inclusion in the TU */
	/*
	 * The kernel header an own file (or the generated header) included
	 * that brought this file in: what #include defines its types. Index
	 * into files, or SIZE_MAX for own files and the main file.
	 */
	size_t entry;
	/* the #include of this file, in its includer (scan_file_incl_loc) */
	CXFile incl_file;
	unsigned incl_line, incl_col;
};

/* Include chains deeper than this are not the kernel's; they are ignored. */
#define SCAN_MAX_CHAIN 200

/*
 * One file entering the TU: chain[0] the file (an index into files),
 * chain[i] the file that includes chain[i - 1]; where its #include is;
 * the main-file line that brings it in, 0 when it came before the main
 * file (-include).
 */
struct scan_inclusion {
	const size_t *chain;
	unsigned n;
	CXFile incl_file;
	unsigned incl_line, incl_col;
	unsigned main_line;
};


struct btfcc_scan {
	CXIndex index;
	CXTranslationUnit tu;
	CXFile main_file;
	const char *source;

	struct btfcc_reqset reqs;

	struct btfcc_scan_member *unknown;
	size_t n_unknown, cap_unknown;

	char **errors;
	size_t n_errors, cap_errors;
	struct strmap lost_vars;	/* declared with an unknown type name */

	struct scan_file *files;
	size_t n_files, cap_files;
	struct strmap file_map;		/* "%p" of the CXFile -> index */
	char **kernel_roots;
	size_t n_kernel_roots;
	char *prelude_real;
	struct scan_prefix prefix;	/* the PCH parsed against, if any */
	CXFile prefix_file;		/* its header, when the parse used it */

	struct scan_def *defs;
	size_t n_defs, cap_defs;
	struct strmap def_map;		/* "ns name" -> index */
	bool defs_built;

	struct btfcc_copy *copies;
	size_t n_copies, cap_copies;
	bool copies_built;

	struct btfcc_scan_late *late;
	size_t n_late, cap_late;
	size_t n_seq;

	unsigned prelude_at;		/* physical line of the inserted #include */
	unsigned inject_line;
	double parse_seconds;
};

/* scan_reqs.c */
struct btfcc_request *scan_req_add(struct btfcc_scan *s, enum btfcc_ns ns, const char *name,
				   CXSourceLocation loc);
int scan_ns_key(char *buf, size_t len, enum btfcc_ns ns, const char *name);
int scan_ns_from_keyword(const char *kw, size_t len, enum btfcc_ns *ns);
bool scan_ns_of_cursor(CXCursor c, enum btfcc_ns *ns);
char *scan_loc_origin(CXSourceLocation loc);

/* scan_files.c */
int scan_files_init(struct btfcc_scan *s, const char *const *args, int n_args,
		    const char *prelude_path);
int scan_files_add_root(struct btfcc_scan *s, const char *dir);
struct scan_file *scan_file_of(struct btfcc_scan *s, CXFile file);
unsigned scan_loc_main_line(struct btfcc_scan *s, CXSourceLocation loc);
bool scan_loc_in_main(struct btfcc_scan *s, CXSourceLocation loc, unsigned *line);
void scan_files_included(struct btfcc_scan *s, const struct scan_inclusion *in);
CXSourceLocation scan_file_incl_loc(struct btfcc_scan *s, const struct scan_file *f);
unsigned scan_prefix_main_line(const struct btfcc_scan *s, unsigned line);

/* scan_prefix_incl.c: the inclusions a prefix PCH holds, which libclang does not list */
int scan_prefix_incl_save(CXTranslationUnit tu, const char *path);
int scan_prefix_incl_load(struct btfcc_scan *s);
bool scan_loc_own(struct btfcc_scan *s, CXSourceLocation loc);
void scan_files_free(struct btfcc_scan *s);

/* scan_diags.c */
int scan_diags(struct btfcc_scan *s);
void scan_diags_free(struct btfcc_scan *s);

/* scan_markers.c */
int scan_markers(struct btfcc_scan *s);

/* scan_uses.c */
int scan_uses(struct btfcc_scan *s);

/* scan_inject.c */
void scan_inject(struct btfcc_scan *s);

/* scan_copies.c */
void scan_copies_free(struct btfcc_scan *s);

/* scan_late.c */
void scan_late_free(struct btfcc_scan *s);

/* scan_defined.c */
int scan_defs_build(struct btfcc_scan *s);
const struct scan_def *scan_def_find(struct btfcc_scan *s, enum btfcc_ns ns, const char *name);
struct scan_def *scan_def_add(struct btfcc_scan *s, enum btfcc_ns ns, const char *name);
bool scan_def_own(struct btfcc_scan *s, size_t i);
void scan_defs_free(struct btfcc_scan *s);

/* scan_prefix_defs.c: a PCH's definitions, listed beside it */
int scan_prefix_defs_save(struct btfcc_scan *s, const char *path);
int scan_prefix_defs_load(struct btfcc_scan *s, const char *path);

/* A tiny lexer over file text, for what comes after a diagnostic's location. */
const char *scan_lex_skip(const char *p, const char *end);

#endif
