// SPDX-License-Identifier: GPL-2.0-only
/*
 * Classify one compiler invocation. btfcc only ever touches a compile (or
 * kbuild's genksyms -E) of a single existing .c file; every probe, link,
 * assembler or stdin invocation goes to the real compiler untouched, the
 * way cgcc and ccache decide.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cflags/clang_args.h"
#include "driver.h"

/* gcc options whose value is the next argument when not attached. */
static const char *const opts_with_arg[] = {
	"-o", "-x", "-I", "-include", "-imacros", "-iquote", "-isystem",
	"-idirafter", "-iprefix", "-iwithprefix", "-iwithprefixbefore",
	"-isysroot", "-imultilib", "-MF", "-MT", "-MQ", "-D", "-U", "-A",
	"-L", "-l", "-T", "-u", "-e", "-z", "-Xlinker", "-Xassembler",
	"-Xpreprocessor", "-Xclang", "--param", "-aux-info", "-dumpbase",
	"-dumpbase-ext", "-dumpdir", "-B", "-G", "--sysroot", NULL,
};

/* Options that ask the compiler about itself: kbuild probes. */
static const char *const query_prefixes[] = {
	"--version", "--help", "--target-help", "-dump", "-print-",
	"--print-", "-###", NULL,
};

static bool takes_arg(const char *a)
{
	for (int i = 0; opts_with_arg[i]; i++)
		if (!strcmp(a, opts_with_arg[i]))
			return true;
	return false;
}

static bool is_query(const char *a)
{
	if (!strcmp(a, "-v"))
		return true;
	for (int i = 0; query_prefixes[i]; i++)
		if (!strncmp(a, query_prefixes[i], strlen(query_prefixes[i])))
			return true;
	return false;
}

int cc_args_is_source_name(const char *arg)
{
	static const char *const exts[] = {
		".c", ".h", ".i", ".s", ".S", ".sx", ".cc", ".cpp", ".cxx",
		".o", ".a", ".so", ".ko", ".lds", NULL,
	};
	size_t n = strlen(arg);

	for (int i = 0; exts[i]; i++) {
		size_t e = strlen(exts[i]);

		if (n > e && !strcmp(arg + n - e, exts[i]))
			return 1;
	}
	return 0;
}

/* gcc's response file syntax: blanks separate, quotes and \ escape. */
static int expand_rsp(struct strvec *out, const char *path, int depth)
{
	char *text, *word, *w;
	const char *p;
	size_t len;

	if (depth > 8)
		return -1;
	text = util_read_text(path, &len);
	if (!text)
		return -1;
	word = xmalloc(len + 1);
	for (p = text; *p;) {
		char quote = 0;
		bool any = false;

		while (*p && isspace((unsigned char)*p))
			p++;
		w = word;
		while (*p && (quote || !isspace((unsigned char)*p))) {
			any = true;
			if (*p == '\\' && p[1]) {
				*w++ = p[1];
				p += 2;
			} else if (quote && *p == quote) {
				quote = 0;
				p++;
			} else if (!quote && (*p == '\'' || *p == '"')) {
				quote = *p++;
			} else {
				*w++ = *p++;
			}
		}
		*w = '\0';
		if (!any)
			continue;
		if (word[0] == '@' && word[1]) {
			if (expand_rsp(out, word + 1, depth + 1) < 0)
				goto fail;
		} else {
			strvec_push(out, word);
		}
	}
	free(word);
	free(text);
	return 0;
fail:
	free(word);
	free(text);
	return -1;
}

/* -Wp,-MD,f  -Wp,-MMD,f: kbuild's way of naming the depfile. */
static const char *wp_depfile(const char *a)
{
	if (!strncmp(a, "-Wp,-MD,", 8))
		return a + 8;
	if (!strncmp(a, "-Wp,-MMD,", 9))
		return a + 9;
	return NULL;
}

static void note_include(struct cc_args *ca, const char *opt, const char *val)
{
	if (!strcmp(opt, "-I") || !strcmp(opt, "-include") || !strcmp(opt, "-isystem") ||
	    !strcmp(opt, "-iquote") || !strcmp(opt, "-idirafter"))
		strvec_push(&ca->include_dirs, val);
}

struct scan_state {
	bool compile, preprocess, deps_only, md, query;
	const char *lang;	/* -x value in force, NULL = by extension */
	const char *src_lang;
	int n_inputs;
	const char *mf;
};

static void take_input(struct cc_args *ca, struct scan_state *st, int i)
{
	st->n_inputs++;
	ca->source_idx = i;
	st->src_lang = st->lang;
}

static void scan_option(struct cc_args *ca, struct scan_state *st, int *i)
{
	const char *a = ca->args.v[*i];
	const char *next = *i + 1 < ca->args.n ? ca->args.v[*i + 1] : NULL;

	if (is_query(a))
		st->query = true;
	else if (!strcmp(a, "-c") || !strcmp(a, "-S") || !strcmp(a, "-fsyntax-only"))
		st->compile = true;
	else if (!strcmp(a, "-E"))
		st->preprocess = true;
	else if (!strcmp(a, "-M") || !strcmp(a, "-MM"))
		st->deps_only = true;
	else if (!strcmp(a, "-MD") || !strcmp(a, "-MMD"))
		st->md = true;
	else if (wp_depfile(a))
		ca->depfile = wp_depfile(a);
	else if (!strncmp(a, "-x", 2) && a[2])
		st->lang = a + 2;
	else if (!strncmp(a, "-o", 2) && a[2])
		ca->output = a + 2;
	else if (!strncmp(a, "-I", 2) && a[2])
		strvec_push(&ca->include_dirs, a + 2);

	if (!takes_arg(a) || !next)
		return;
	if (!strcmp(a, "-o"))
		ca->output = next;
	else if (!strcmp(a, "-x"))
		st->lang = !strcmp(next, "none") ? NULL : next;
	else if (!strcmp(a, "-MF"))
		st->mf = next;
	note_include(ca, a, next);
	(*i)++;
}

static void scan_args(struct cc_args *ca, struct scan_state *st)
{
	for (int i = 0; i < ca->args.n; i++) {
		const char *a = ca->args.v[i];

		if (a[0] == '-' && a[1])
			scan_option(ca, st, &i);
		else
			take_input(ca, st, i);
	}
}

static const char *decide(struct cc_args *ca, const struct scan_state *st)
{
	const char *src;
	struct stat sb;
	size_t n;

	if (st->query)
		return "compiler query";
	if (st->n_inputs == 0)
		return "no input file";
	if (st->n_inputs > 1)
		return "several input files";
	if (!st->compile && !st->preprocess)
		return "link step";
	if (st->deps_only)
		return "-M dependency listing";
	src = ca->args.v[ca->source_idx];
	n = strlen(src);
	if (!strcmp(src, "-") || !strcmp(src, "/dev/null"))
		return "probe input";
	if (st->src_lang && strcmp(st->src_lang, "c"))
		return "not C (-x)";
	if (n < 3 || strcmp(src + n - 2, ".c"))
		return "not a .c file";
	if (n > 6 && !strcmp(src + n - 6, ".mod.c"))
		return "modpost's .mod.c";
	if (stat(src, &sb) || !S_ISREG(sb.st_mode))
		return "source is not a regular file";
	return NULL;
}

/* -MD without -MF writes <output minus extension>.d. */
static void implicit_depfile(struct cc_args *ca, const struct scan_state *st)
{
	static char buf[4096];
	const char *dot, *slash;

	if (ca->depfile)
		return;
	if (st->mf) {
		ca->depfile = st->mf;
		return;
	}
	if (!st->md || !ca->output)
		return;
	dot = strrchr(ca->output, '.');
	slash = strrchr(ca->output, '/');
	if (!dot || (slash && dot < slash))
		dot = ca->output + strlen(ca->output);
	snprintf(buf, sizeof(buf), "%.*s.d", (int)(dot - ca->output), ca->output);
	ca->depfile = buf;
}

int cc_args_parse(struct cc_args *ca, const char *const *argv, int argc)
{
	struct scan_state st = { 0 };
	int ret = 0;

	memset(ca, 0, sizeof(*ca));
	strvec_init(&ca->args);
	strvec_init(&ca->include_dirs);
	ca->source_idx = -1;
	for (int i = 0; i < argc; i++) {
		if (argv[i][0] == '@' && argv[i][1]) {
			if (expand_rsp(&ca->args, argv[i] + 1, 0) < 0)
				ret = -1;
		} else {
			strvec_push(&ca->args, argv[i]);
		}
	}
	if (ret < 0) {
		ca->mode = CC_PASSTHROUGH;
		ca->why = "unreadable response file";
		return -1;
	}
	scan_args(ca, &st);
	ca->why = decide(ca, &st);
	if (ca->why) {
		ca->mode = CC_PASSTHROUGH;
		return 0;
	}
	ca->source = ca->args.v[ca->source_idx];
	ca->mode = st.compile ? CC_COMPILE : CC_PREPROCESS;
	implicit_depfile(ca, &st);
	return 0;
}

void cc_args_free(struct cc_args *ca)
{
	strvec_free(&ca->args);
	strvec_free(&ca->include_dirs);
}

/* What writes files or picks the mode: the one list is the pass' flag table. */
void cc_args_for_scan(const struct cc_args *ca, struct strvec *out)
{
	for (int i = 0; i < ca->args.n; i++) {
		int k = clang_args_output(ca->args.v[i]);

		if (i == ca->source_idx)
			continue;
		if (k) {
			i += k - 1;
			continue;
		}
		strvec_push(out, ca->args.v[i]);
	}
}
