/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_SCAN_H
#define BTFCC_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"
#include "engine/copy_check.h"
#include "engine/plan.h"

/*
 * The libclang pass. It parses one translation unit with the compile command
 * kbuild gave the real compiler (gcc flags translated for clang, see
 * clang_args.h) and reports what must come from BTF.
 */
struct btfcc_scan;

struct btfcc_scan_opts {
	const char *source;		/* the user's .c file */
	const char *const *cc_args;	/* the real compiler's arguments, minus -c/-o/-M* */
	int n_cc_args;
	/*
	 * Fixpoint re-scan: parse the source as if '#include "prelude_path"'
	 * stood before its line prelude_line (0 = before line 1), with a #line
	 * directive after it so every main-file line number stays the one of
	 * the unmodified file. Types the prelude defines are not reported as
	 * defined by the TU (see btfcc_scan_defined), so the driver can plan
	 * all requests again against the headers alone.
	 */
	const char *prelude_path;
	unsigned prelude_line;
	/*
	 * Root of kernel headers whose files are never the module's own (no
	 * markers read there). Optional: the roots are also found from the
	 * kbuild -include/-I arguments.
	 */
	const char *kernel_dir;
	/*
	 * Where the prefix cache keeps its PCHs (scan_prefix.h); NULL parses
	 * every header every time.
	 */
	const char *prefix_cache_dir;
	/*
	 * An -include of cc_args that only defines BTFCC_HAS_* answers for the
	 * module's code: the prefix PCH is built without it, so it does not
	 * tie the PCH to one file.
	 */
	const char *features_include;
};

/* Returns NULL with err filled only when libclang itself cannot run. */
struct btfcc_scan *btfcc_scan_run(const struct btfcc_scan_opts *opts, struct btfcc_err *err);
void btfcc_scan_free(struct btfcc_scan *scan);

/*
 * Types the TU uses where a complete type is needed but leaves incomplete or
 * undeclared, unknown typedef names, and every type named on a line marked
 * //BTF_INCLUDE or BTF_INCLUDE. Each carries the member names the code uses
 * on it and the file:line of its first use.
 */
size_t btfcc_scan_requests(const struct btfcc_scan *scan, const struct btfcc_request **out);

/*
 * The 1-based main-file line the imports go before: the first line whose
 * code needs an imported type, moved after the #include/#define lines it
 * follows. 0 when nothing is needed.
 */
unsigned btfcc_scan_inject_line(const struct btfcc_scan *scan);

/*
 * What the TU defines, backed by the parsed TU (valid until scan_free).
 * Every file-scope definition counts, also those after the inject line (the
 * engine must not emit what a later header defines), but never the ones
 * from opts.prelude_path.
 */
struct btfcc_defined btfcc_scan_defined(struct btfcc_scan *scan);

/*
 * A type of the TU that a plan made from btfcc_scan_defined() refers to by
 * name but that is not defined yet before line inject_line, where the
 * imports go: a kernel header the module includes only later (in its own
 * header, or mid-file), or a definition of the module's own.
 */
struct btfcc_scan_late {
	enum btfcc_ns ns;
	const char *name;
	char *where;		/* "file:line:col" of its definition */
	/*
	 * What to #include at the imports to define it first ("<linux/fs.h>",
	 * or a quoted absolute path): the kernel header the module's own file
	 * included that brings it in, when that header has an include guard
	 * (so the module's own #include of it later is a no-op). NULL when no
	 * include can: the module defines it, or the header has no guard.
	 */
	char *include;
	char *included_at;	/* "file:line:col" of the module's #include that brings it in */
};

/*
 * The late types, ordered as their headers come into the TU (so the
 * includes keep the module's order), after the plan was built. Valid until
 * the next call or scan_free.
 */
size_t btfcc_scan_late_types(struct btfcc_scan *scan, unsigned inject_line,
			     const struct btfcc_scan_late **out);

/*
 * The named structs, unions and enums the module's own files define (not
 * marked BTF_OWN on their line or the line before), with clang's layout:
 * what the driver holds against the kernel's types of the same name.
 */
size_t btfcc_scan_copies(struct btfcc_scan *scan, const struct btfcc_copy **out);

/* A member name the code uses that the (complete) type lacks: a typo. */
struct btfcc_scan_member {
	enum btfcc_ns ns;
	const char *type_name;
	const char *member;
	const char *origin;		/* "file.c:12" */
};

size_t btfcc_scan_unknown_members(const struct btfcc_scan *scan,
				  const struct btfcc_scan_member **out);

/*
 * Parse errors the pass cannot explain by a missing type, formatted
 * "file:line:col: message". Nonzero means the code is broken for gcc too,
 * or a gcc flag reached clang untranslated.
 */
size_t btfcc_scan_errors(const struct btfcc_scan *scan, const char *const **out);

/* Wall time of clang_parseTranslationUnit2, for --verbose. */
double btfcc_scan_parse_seconds(const struct btfcc_scan *scan);

/* The prefix PCH the parse loaded (scan_prefix.h), or NULL. */
const char *btfcc_scan_prefix_pch(const struct btfcc_scan *scan);

#endif
