/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_DRIVER_H
#define BTFCC_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "util/c_text.h"
#include "util/fileio.h"
#include "util/strvec.h"
#include "util/xalloc.h"

/*
 * The btfcc compiler wrapper. Each file does one job; this header is the
 * glue between them. Nothing here knows about libclang or BTF internals.
 */

/* --- log.c: messages ------------------------------------------------- */

extern bool btfcc_verbose;

void log_init(void);
/* "btfcc: error: ..." on stderr, always: an error with no place in the code. */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "where: kind: ... [btfcc]", where is "file:line:col", kind "error"/"note". */
void log_diag(const char *where, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "btfcc: ..." on stderr, only with BTFCC_VERBOSE=1 or --btfcc-verbose. */
void log_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Verbose only: text (a compiler's output) line by line, as "btfcc: label | ...". */
void log_verbose_quoted(const char *label, const char *text);
double log_now(void);	/* monotonic seconds, for timings */

/* --- cc_args.c: what kind of compiler invocation this is ------------ */

enum cc_mode {
	CC_PASSTHROUGH,		/* anything that is not ours: exec the real cc */
	CC_COMPILE,		/* -c / -S / -fsyntax-only of one .c file */
	CC_PREPROCESS,		/* -E of one .c file (kbuild's genksyms step) */
};

struct cc_args {
	enum cc_mode mode;
	const char *why;	/* why passthrough, for --verbose */
	/* The command line with response files expanded. */
	struct strvec args;
	int source_idx;		/* index of the .c file in args, or -1 */
	const char *source;
	const char *output;	/* -o value or NULL */
	const char *depfile;	/* from -Wp,-MD,f / -Wp,-MMD,f / -MF f */
	/* -include/-I/-isystem values, for finding the kernel tree. */
	struct strvec include_dirs;
};

/*
 * Classify args[0..argc-1] (the compiler's arguments, without the
 * compiler). Response files are read to look inside but the caller passes
 * the original arguments on for pass-through. Returns 0, -1 on a response
 * file that cannot be read (then mode is CC_PASSTHROUGH too).
 */
int cc_args_parse(struct cc_args *ca, const char *const *argv, int argc);
void cc_args_free(struct cc_args *ca);
/* args minus the source and what writes files or picks the mode (clang_args_output). */
void cc_args_for_scan(const struct cc_args *ca, struct strvec *out);
/* 1 when the argument looks like an input file name by its extension. */
int cc_args_is_source_name(const char *arg);

/* --- driver_main.c: the flow, and btfcc's own options ------------------ */

struct kernel_tree;
struct workfiles;
struct btfcc_opts;

/* How a file that needs imports is compiled; returns the exit status. */
typedef int (*btfcc_import_fn)(const struct btfcc_opts *opts, const struct strvec *cc,
			       const struct cc_args *ca, const struct kernel_tree *kt,
			       const struct workfiles *wf);

/* btfcc's own options, parsed once from argv (and BTFCC_* variables). */
struct btfcc_opts {
	bool verbose;			/* --btfcc-verbose */
	bool imports_needed;		/* --btfcc-imports: the plain compile failed */
	/* --btfcc-version, --btfcc-help, --btfcc-print-btf=KDIR: answer, compile nothing */
	const char *info, *info_arg;
	btfcc_import_fn build_with_imports;
};

/* --- self_info.c: btfcc's own --btfcc-version, -help, -print-btf ------ */

/* Print what opts->info asks for; returns the exit status. */
int self_info(const struct btfcc_opts *opts);

/* main() of btfcc and btfcc-import: they differ only in build_with_imports. */
int driver_main(int argc, char **argv, btfcc_import_fn build_with_imports);

/* --- ccache.c: CC="ccache btfcc" that ccache cannot cache ------------- */

/* A note when ccache ran this compile uncached (it takes btfcc for an unknown compiler). */
void ccache_check_uncached(const struct cc_args *ca, const struct strvec *cc);

/* --- real_cc.c: the compiler the kernel was built with -------------- */

/*
 * Split btfcc's own argv into its options (--btfcc-*), the real compiler
 * (a vector, "ccache gcc-12" is two words) and the compiler's arguments.
 * The tree is consulted only when nothing more explicit names a compiler.
 */
int real_cc_split(int argc, char **argv, struct btfcc_opts *opts, struct strvec *cc,
		  struct strvec *args);
void real_cc_default(struct strvec *cc, const struct kernel_tree *kt);
/* Is the first word of cc this very program (CC=btfcc loops)? */
bool real_cc_is_self(const char *prog);
/* Look prog up in PATH (or take it as a path); malloc'd or NULL. */
char *path_lookup(const char *prog);

/* --- kernel_tree.c: which kernel the module is built for ------------ */

struct kernel_tree {
	char *dir;		/* has include/config/auto.conf */
	char *release;		/* UTS_RELEASE, e.g. "6.1.0-56-amd64" */
	char *cc_text;		/* CONFIG_CC_VERSION_TEXT */
	bool cc_is_clang;
	long cc_version;	/* CONFIG_GCC_VERSION or CONFIG_CLANG_VERSION */
};

/* 0 when found; -1 when no candidate looks like a configured tree. */
int kernel_tree_find(struct kernel_tree *kt, const struct cc_args *ca);
void kernel_tree_free(struct kernel_tree *kt);

/*
 * The file to read BTF from: $BTFCC_BTF, or the first artifact of
 * kt->release. Returns malloc'd path, or NULL with a one-line message
 * (paths tried and what to install) in err.
 */
char *kernel_btf_source(const struct kernel_tree *kt, struct btfcc_err *err);
/* Release of a boot image (wrapper so tests can stub it). */
int kernel_image_release(const char *path, char *buf, size_t len);

/* --- btf_names.c: which record names a BTF has, without libbpf -------- */

/* The index file of btf_path in the cache directory; NULL without a cache. */
char *btf_names_path(const char *btf_path);
/* 1 when one of names ("struct foo") is in btf_path's index, 0 when none, -1: no index. */
int btf_names_lookup(const char *btf_path, const struct strvec *names);
bool btf_names_stored(const char *btf_path);
/* Write the index (text of "\nkind name\n" lines); failures are ignored. */
void btf_names_store(const char *btf_path, const char *text, size_t len);
/* import/names_index.c, in btfcc-import: the index of a loaded BTF, if not there yet. */
struct btf;
struct strbuf;
void btf_names_write(const struct btf *btf, const char *btf_path, const struct strvec *dirs);
/*
 * import/private_names.c: the fast path's lines ("?struct rq", "?->cfs_rq"):
 * BTF's records no header under dirs defines, and the members of those
 * headers' records that point to one.
 */
void private_names_lines(const struct btf *btf, const struct strvec *dirs, struct strbuf *sb);

/* --- marker.c: does the module ask for BTF explicitly? ---------------- */

/* Feature tests read BTFCC_HAS_STRUCT(rq), BTFCC_HAS_MEMBER(rq, donor), ... */
#define FEATURE_PREFIX "BTFCC_HAS_"
#define MARKER_BTF_INCLUDE	1u
#define MARKER_FEATURES		2u
#define MARKER_COPIES		4u	/* defines a type the kernel has (build.c) */
#define MARKER_PREDICTED	8u	/* uses a kernel-private name (build.c) */
/*
 * What the source and its own quoted includes ask for: MARKER_* bits. With
 * defs, also every "struct|union|enum name {" definition there ("struct
 * name"), except those marked BTF_OWN on their line or the line before;
 * with uses, also what may name a private type, as the names index spells
 * it: "?struct rq" for every "struct rq", "?->cfs_rq" for every "cfs_rq->"
 * (distinct). One walk over the files for all three.
 */
unsigned marker_scan(const char *source, struct strvec *defs, struct strvec *uses);
/* Every distinct feature test there, as "KIND A[ B]" ("MEMBER rq donor"). */
void feature_tests_collect(const char *source, struct strvec *uses);
/* Every distinct module named by "//BTF_INCLUDE(name)" there ("loop"). */
void marker_modules_collect(const char *source, struct strvec *mods);

/* --- run.c: running the real compiler -------------------------------- */

/* execvp cc+args; returns only on failure (after printing why). */
int run_exec(const struct strvec *cc, const struct strvec *args);
/*
 * Run cc+args, wait, return the exit status (128+sig on a signal, -1 when
 * it cannot start). With capture_fd 1 or 2, that output is collected in
 * *buf (malloc'd, NUL-terminated) instead of going to ours; -1: none.
 */
int run_wait(const struct strvec *cc, const struct strvec *args, int capture_fd,
	     char **buf, size_t *len);

/* --- workfiles.c: the TU copy, the generated header, atomic writes --- */

struct workfiles {
	char *header;		/* <objdir>/.tmp_<stem>.btfcc.h */
	char *tu;		/* <objdir>/.tmp_<stem>.btfcc.c */
	char *features;		/* <objdir>/.tmp_<stem>.btfcc-features.h */
};

void workfiles_init(struct workfiles *wf, const struct cc_args *ca);
void workfiles_free(struct workfiles *wf);
/*
 * Write the TU copy: source with '#include "header"' before line
 * inject_line (1-based), #line directives keeping the user's name and
 * lines. Atomic. Returns 0 or -1 with errno-style message printed.
 */
int inject_write_tu(const char *source, const char *header, unsigned inject_line,
		    const char *tu_path);
/* Write path atomically (util_write_file_atomic), or say why not: 0 or -1. */
int driver_write_file(const char *path, const char *data, size_t len);
/* First line of a generated header: where the previous compile put it. */
#define INJECT_LINE_TAG "btfcc-inject-line: "
unsigned import_header_inject_line(const char *header);

/* --- symvers.c: what the target kernel exports ------------------------- */
/* 1: kdir/Module.symvers exports name; 0: it does not; -1: no Module.symvers. */
int symvers_exports(const char *kdir, const char *name);

/* --- preprocessed.c: the -E output of a source that depends on BTF --- */

/*
 * text with the linemarkers naming tu (may be NULL) naming source, and a
 * first linemarker naming btf_path (may be NULL). malloc'd.
 */
char *preprocessed_rewrite(const char *text, size_t len, const char *tu, const char *source,
			   const char *btf_path, size_t *out_len);
/* Run the -E args, then rewrite its output (-o file or stdout) as above. */
int preprocess_run(const struct strvec *cc, const struct strvec *args, const struct cc_args *ca,
		   const char *tu, const char *btf_path);

/* --- header_stamp.c: is a generated header still the one to use? ------ */
/* The header's first line: inject line, source hash, BTF file identity. */
char *header_stamp(const char *source, unsigned line, const char *btf_path);
/* The inject line when header's stamp matches source and BTF now, else 0. */
unsigned header_stamp_matches(const char *header, const char *source, const char *btf_path);
/* --- compdb.c: what clangd needs (see docs/editor.md) ----------------- */

/*
 * After a compile of a module source: write its compile_commands.json
 * entry and the -include wrapper next to the object (BTFCC_COMPDB=0: not).
 */
void compdb_record(const struct cc_args *ca, const struct workfiles *wf);

/* --- replay.c: what btfcc injects, for tools that read the real file -- */

/*
 * Write path: an -include wrapper for ca->source holding the feature
 * answers, the source's directives before the inject line and the
 * generated header; guarded: each include under __has_include. reader
 * names who reads it, in its comment. 0 or -1 (said why).
 */
int replay_write_wrapper(const struct cc_args *ca, const struct workfiles *wf, const char *path,
			 const char *reader, bool guarded);

/* --- check.c: btfcc-sparse, kbuild's CHECK with the imports ------------ */

int check_main(int argc, char **argv);

/* --- depfile.c -------------------------------------------------------- */

/*
 * In depfile, name user_source instead of tu (may be NULL), drop the files
 * of the NULL-terminated drop (btfcc's own, regenerated), add extra (the
 * BTF source, may be NULL). Atomic; missing depfile is not an error.
 */
int depfile_rewrite(const char *depfile, const char *tu, const char *user_source,
		    const char *const *drop, const char *extra);

/*
 * --- import/: scan + plan + emit (links libclang) ----------------------
 * libclang and LLVM take ~20 ms just to load, which every kbuild probe
 * and every compile needing nothing would pay. So btfcc itself does not
 * link them: when a file needs imports, import_client.c execs the
 * btfcc-import helper (same driver, plus import/) to finish the job.
 */

struct importer;

struct importer *importer_new(const struct cc_args *ca, const struct kernel_tree *kt,
			      const struct workfiles *wf);
/*
 * One round: scan (with the header so far as prelude after the first),
 * plan everything asked for so far, write wf->header. Returns 1 when the
 * header changed (compile again), 0 when the scan found nothing new, -1
 * after printing a one-line error.
 */
int importer_step(struct importer *imp, unsigned *inject_line, size_t *n_types);
/* Print "note:" lines for member names BTF lacks (typos). */
void importer_notes(struct importer *imp);
const char *importer_btf_path(const struct importer *imp);
void importer_free(struct importer *imp);

/* import_client.c, in btfcc: exec btfcc-import for the file (returns on failure). */
int import_exec_helper(const struct btfcc_opts *opts, const struct strvec *cc,
		       const struct cc_args *ca, const struct kernel_tree *kt,
		       const struct workfiles *wf);
/* import/import_build.c, in btfcc-import: the scan/compile loop. */
int import_build(const struct btfcc_opts *opts, const struct strvec *cc,
		 const struct cc_args *ca, const struct kernel_tree *kt,
		 const struct workfiles *wf);

/* --- build.c: one module source ------------------------------------- */

int build_source(const struct btfcc_opts *opts, const struct strvec *cc,
		 const struct cc_args *ca, const struct kernel_tree *kt);
/*
 * Write the TU copy with '#include header' before line and compile it,
 * stderr into *err when err is not NULL. Removes the TU copy. An -E is
 * checked with -fsyntax-only first, and its output names btf_path.
 */
int compile_with_header(const struct strvec *cc, const struct cc_args *ca,
			const struct workfiles *wf, unsigned line, const char *btf_path,
			char **err);
/* After a successful injected compile: the depfile names the user's file. */
int finish_injected(const struct cc_args *ca, const struct workfiles *wf,
		    const char *btf_path);
/*
 * The compile as the user wrote it, with the feature tests' answers
 * (wf->features, when there is one) included before line 1.
 */
int compile_plain(const struct strvec *cc, const struct cc_args *ca,
		  const struct workfiles *wf, const char *btf_path);

#endif
