/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by test/unit/test_engine_*.c: building BTF in memory with
 * libbpf's writer, a fake "translation unit" answering btfcc_defined from a
 * table, running plan/add/emit into memory, and proving the emitted C with
 * gcc-12: -fsyntax-only for the header, and a compiled probe program whose
 * sizeof/offsetof/bit positions are compared with the numbers the test put
 * into BTF (never with numbers read back from the emitter's output).
 */
#ifndef BTFCC_TEST_ENGINE_HELPERS_H
#define BTFCC_TEST_ENGINE_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <bpf/btf.h>

#include "engine/plan.h"

#define EH_CC "gcc-12"
/* What the header must survive: kernel modules build with -std=gnu11 -Wall. */
#define EH_HDR_FLAGS "-std=gnu11 -Wall -Wextra -Werror -fsyntax-only -x c"

/*
 * A test that reproduces a fixed engine bug checks for the buggy outcome;
 * seeing it again is a regression, and fails (it used to skip, which let
 * a regression pass).
 */
#define KNOWN_BUG(msg) fail_msg("regression of a fixed engine bug: %s", (msg))

/* ---- building BTF ------------------------------------------------------ */

static inline int eh_chk(int r, const char *what, const char *file, int line)
{
	if (r < 0) {
		print_error("%s failed: %d\n", what, r);
		_fail(file, line);
	}
	return r;
}

/* Every libbpf writer call goes through B(): a negative id fails the test. */
#define B(expr) eh_chk((expr), #expr, __FILE__, __LINE__)
/* A member at a byte offset, and a bitfield at a bit offset. */
#define FIELD(b, name, type, byte_off) B(btf__add_field((b), (name), (type), (byte_off) * 8, 0))
#define BITFIELD(b, name, type, bit_off, bits) \
	B(btf__add_field((b), (name), (type), (bit_off), (bits)))

/* Base types, spelled the way pahole copies them from DWARF. */
struct eh_types {
	int s8, u8, s16, u16, s32, u32, s64, u64;
};

static inline struct btf *eh_btf_new(struct eh_types *ty)
{
	struct btf *b = btf__new_empty();

	assert_non_null(b);
	ty->s8 = B(btf__add_int(b, "char", 1, BTF_INT_SIGNED | BTF_INT_CHAR));
	ty->u8 = B(btf__add_int(b, "unsigned char", 1, 0));
	ty->s16 = B(btf__add_int(b, "short int", 2, BTF_INT_SIGNED));
	ty->u16 = B(btf__add_int(b, "short unsigned int", 2, 0));
	ty->s32 = B(btf__add_int(b, "int", 4, BTF_INT_SIGNED));
	ty->u32 = B(btf__add_int(b, "unsigned int", 4, 0));
	ty->s64 = B(btf__add_int(b, "long int", 8, BTF_INT_SIGNED));
	ty->u64 = B(btf__add_int(b, "long unsigned int", 8, 0));
	return b;
}

/* ---- the fake translation unit ---------------------------------------- */

struct eh_tu_type {
	enum btfcc_ns ns;
	const char *name;
	long long size;		/* what the TU's sizeof says */
	long long align;	/* what the TU's _Alignof says */
};

struct eh_tu {
	const struct eh_tu_type *types;
	size_t n;
};

static inline const struct eh_tu_type *eh_tu_find(void *ctx, enum btfcc_ns ns,
						  const char *name)
{
	const struct eh_tu *tu = ctx;
	size_t i;

	for (i = 0; i < tu->n; i++)
		if (tu->types[i].ns == ns && !strcmp(tu->types[i].name, name))
			return &tu->types[i];
	return NULL;
}

static inline bool eh_tu_has(void *ctx, enum btfcc_ns ns, const char *name)
{
	return eh_tu_find(ctx, ns, name) != NULL;
}

static inline long long eh_tu_size(void *ctx, enum btfcc_ns ns, const char *name)
{
	const struct eh_tu_type *t = eh_tu_find(ctx, ns, name);

	return t ? t->size : -1;
}

static inline long long eh_tu_align(void *ctx, enum btfcc_ns ns, const char *name)
{
	const struct eh_tu_type *t = eh_tu_find(ctx, ns, name);

	return t ? t->align : -1;
}

static inline struct btfcc_defined eh_defined(struct eh_tu *tu)
{
	struct btfcc_defined d = {
		.has = eh_tu_has, .size_of = eh_tu_size, .align_of = eh_tu_align, .ctx = tu,
	};

	return d;
}

/* ---- plan, add, emit ---------------------------------------------------- */

#define REQ(ns_, name_) ((struct btfcc_request){ .ns = (ns_), .name = (name_), \
						 .origin = "t.c:1" })
#define REQ_HINTS(ns_, name_, hints_) ((struct btfcc_request){ .ns = (ns_), \
		.name = (name_), .origin = "t.c:1", .hints = (hints_),		\
		.n_hints = sizeof(hints_) / sizeof((hints_)[0]) })

struct eh_run {
	int add_ret;		/* -1 when a btfcc_plan_add failed (emit not run) */
	int emit_ret;
	size_t count;		/* btfcc_plan_count() after the adds */
	char *hdr;		/* the header, NULL unless everything succeeded */
	struct btfcc_err err;
};

static inline void eh_run_free(struct eh_run *r)
{
	free(r->hdr);
	r->hdr = NULL;
}

static inline void eh_plan(struct eh_run *r, const struct btf *btf,
			   const struct btfcc_defined *def,
			   const struct btfcc_request *reqs, size_t n,
			   const struct btfcc_emit_opts *opts)
{
	struct btfcc_plan *plan = btfcc_plan_new(btf, def);
	size_t i, len = 0;
	char *buf = NULL;
	FILE *f;

	memset(r, 0, sizeof(*r));
	assert_non_null(plan);
	for (i = 0; i < n && !r->add_ret; i++)
		r->add_ret = btfcc_plan_add(plan, &reqs[i], &r->err);
	r->count = btfcc_plan_count(plan);
	if (!r->add_ret) {
		f = open_memstream(&buf, &len);
		assert_non_null(f);
		r->emit_ret = btfcc_plan_emit(plan, f, opts, &r->err);
		assert_int_equal(fclose(f), 0);
		if (r->emit_ret) {
			/* "Writes nothing on error": not even a partial header. */
			if (len)
				fail_msg("emit failed (%s) but wrote %zu bytes:\n%s",
					 r->err.msg, len, buf);
			free(buf);
		} else {
			r->hdr = buf;
		}
	}
	btfcc_plan_free(plan);
}

/* Plan and emit; any failure fails the test. The header is the caller's. */
static inline char *eh_emit_ok(const struct btf *btf, const struct btfcc_defined *def,
			       const struct btfcc_request *reqs, size_t n)
{
	struct eh_run r;

	eh_plan(&r, btf, def, reqs, n, NULL);
	if (r.add_ret || r.emit_ret)
		fail_msg("%s failed: %s", r.add_ret ? "btfcc_plan_add" : "btfcc_plan_emit",
			 r.err.msg);
	return r.hdr;
}

/* Plan and emit where a failure is expected: returns its message. */
static inline void eh_expect_fail(const struct btf *btf, const struct btfcc_defined *def,
				  const struct btfcc_request *reqs, size_t n,
				  struct btfcc_err *err)
{
	struct eh_run r;

	eh_plan(&r, btf, def, reqs, n, NULL);
	if (!r.add_ret && !r.emit_ret)
		fail_msg("expected a failure, got a header:\n%s", r.hdr);
	*err = r.err;
	eh_run_free(&r);
}

/* ---- strings ------------------------------------------------------------ */

static inline size_t eh_count(const char *hay, const char *needle)
{
	size_t n = 0;
	const char *p;

	for (p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* Offset of needle in hay, or -1. */
static inline long eh_pos(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	return p ? p - hay : -1;
}

#define assert_contains(hay, needle) do {					\
		const char *h_ = (hay), *n_ = (needle);				\
		if (!strstr(h_, n_))						\
			fail_msg("expected \"%s\" in:\n%s", n_, h_);		\
	} while (0)

#define assert_not_contains(hay, needle) do {					\
		const char *h_ = (hay), *n_ = (needle);				\
		if (strstr(h_, n_))						\
			fail_msg("did not expect \"%s\" in:\n%s", n_, h_);	\
	} while (0)

/* ---- scratch files and gcc ----------------------------------------------- */

static inline char *eh_mkdtemp(void)
{
	char tmpl[] = "/tmp/btfcc-eng-XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return strdup(tmpl);
}

static inline void eh_rmrf(char *dir)
{
	char cmd[256];

	if (dir && !strncmp(dir, "/tmp/btfcc-eng-", 15)) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			print_error("cannot remove %s\n", dir);
	}
	free(dir);
}

static inline void eh_write(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) < 0, 0);
	assert_int_equal(fclose(f), 0);
}

static inline char *eh_read(const char *dir, const char *name)
{
	char path[256], *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = getdelim(&buf, &cap, '\0', f);
	fclose(f);
	if (n < 0) {
		free(buf);
		return strdup("");
	}
	return buf;
}

/* Runs cmd in dir via the shell; returns its exit status (-1 if it died). */
static inline int eh_sh(const char *dir, const char *fmt, ...)
{
	char cmd[1024];
	int n, st;
	va_list ap;

	n = snprintf(cmd, sizeof(cmd), "cd '%s' && ", dir);
	va_start(ap, fmt);
	vsnprintf(cmd + n, sizeof(cmd) - n, fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * gcc-12 -fsyntax-only on prefix (what the TU defines before the header)
 * followed by the header. Returns gcc's exit status; *diag (if given) gets
 * its messages.
 */
static inline int eh_gcc_syntax(const char *prefix, const char *hdr, char **diag)
{
	char *dir = eh_mkdtemp();
	int st;

	eh_write(dir, "prefix.h", prefix ? prefix : "");
	eh_write(dir, "btfcc.h", hdr);
	eh_write(dir, "tu.c", "#include \"prefix.h\"\n#include \"btfcc.h\"\n");
	st = eh_sh(dir, EH_CC " " EH_HDR_FLAGS " tu.c 2>diag.txt");
	if (diag)
		*diag = eh_read(dir, "diag.txt");
	eh_rmrf(dir);
	return st;
}

static inline void eh_assert_compiles(const char *prefix, const char *hdr)
{
	char *diag;

	if (eh_gcc_syntax(prefix, hdr, &diag)) {
		print_error("header:\n%s%s\ngcc said:\n%s\n", prefix ? prefix : "", hdr, diag);
		free(diag);
		fail_msg("the emitted header does not compile");
	}
	free(diag);
}

/* One number the probe program prints, and what the test's BTF says it is. */
struct eh_probe {
	const char *expr;
	long long want;
};

/* The probe's helpers: bit position and width of a bitfield, by setting it. */
#define EH_PROBE_LIB							\
	"#include <stdio.h>\n#include <stddef.h>\n#include <string.h>\n"	\
	"static long long eh_bits(const void *p, size_t n, int first)\n"	\
	"{\n\tconst unsigned char *b = p;\n\tlong long i, c = 0;\n"		\
	"\tfor (i = 0; i < (long long)n * 8; i++)\n"			\
	"\t\tif (b[i / 8] >> (i % 8) & 1) {\n"				\
	"\t\t\tif (first)\n\t\t\t\treturn i;\n\t\t\tc++;\n\t\t}\n"		\
	"\treturn first ? -1 : c;\n}\n"					\
	"#define BITOFF(T, m) ({ T v_; memset(&v_, 0, sizeof(v_)); "	\
	"v_.m = ~0ULL; eh_bits(&v_, sizeof(v_), 1); })\n"		\
	"#define BITLEN(T, m) ({ T v_; memset(&v_, 0, sizeof(v_)); "	\
	"v_.m = ~0ULL; eh_bits(&v_, sizeof(v_), 0); })\n"		\
	"#define TYPE_IS(T, m, U) __builtin_types_compatible_p("		\
	"__typeof__(((T *)0)->m), U)\n"

static inline void eh_write_probe(const char *dir, const struct eh_probe *p, size_t n)
{
	char *src = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&src, &len);

	assert_non_null(f);
	fputs(EH_PROBE_LIB "#include \"prefix.h\"\n#include \"btfcc.h\"\n"
	      "int main(void)\n{\n", f);
	for (i = 0; i < n; i++)
		fprintf(f, "\tprintf(\"%%lld\\n\", (long long)(%s));\n", p[i].expr);
	fprintf(f, "\treturn 0;\n}\n");
	assert_int_equal(fclose(f), 0);
	eh_write(dir, "probe.c", src);
	free(src);
}

/*
 * Compile a program that includes the header, run it, and compare every
 * number it prints with what the test's BTF says.
 */
static inline void eh_assert_probe(const char *prefix, const char *hdr,
				   const struct eh_probe *p, size_t n)
{
	char *dir = eh_mkdtemp(), *out, *diag, *s, *end;
	size_t i;

	eh_write(dir, "prefix.h", prefix ? prefix : "");
	eh_write(dir, "btfcc.h", hdr);
	eh_write_probe(dir, p, n);
	if (eh_sh(dir, EH_CC " -std=gnu11 -w -o probe probe.c 2>diag.txt")) {
		diag = eh_read(dir, "diag.txt");
		print_error("header:\n%s\ngcc said:\n%s\n", hdr, diag);
		free(diag);
		eh_rmrf(dir);
		fail_msg("the layout probe does not compile");
	}
	assert_int_equal(eh_sh(dir, "./probe >out.txt"), 0);
	out = eh_read(dir, "out.txt");
	eh_rmrf(dir);
	for (i = 0, s = out; i < n; i++, s = end) {
		long long got = strtoll(s, &end, 10);

		if (end == s || got != p[i].want) {
			print_error("header:\n%s\n", hdr);
			free(out);
			fail_msg("%s is %lld, but the BTF says %lld", p[i].expr, got, p[i].want);
		}
	}
	free(out);
}

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- crashes ---------------------------------------------------------------- */

/*
 * Run fn(arg) in a child so that a crash is a result, not the end of the
 * suite. True when it returned normally.
 */
static inline bool eh_survives(void (*fn)(void *), void *arg)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	pid_t pid;
	size_t i;
	int st;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		for (i = 0; i < N_ELEM(sigs); i++)
			signal(sigs[i], SIG_DFL);	/* not cmocka's longjmp */
		fn(arg);
		_exit(42);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) && WEXITSTATUS(st) == 42;
}

#endif
