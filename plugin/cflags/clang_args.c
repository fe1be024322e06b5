// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one table of gcc arguments kbuild passes that clang (libclang 14)
 * rejects, warns about or must not see, measured on the Debian 6.1 and 6.12
 * kbuild command lines plus the ones other configs and distros add.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cflags/clang_args.h"

#ifndef BTFCC_CLANG_RESOURCE_DIR
#define BTFCC_CLANG_RESOURCE_DIR ""
#endif

enum arg_match {
	MATCH_EXACT,	/* the whole argument */
	MATCH_PREFIX,	/* argument starts with pattern */
};

enum arg_action {
	ACT_DROP,	/* clang has no equivalent: leave it out */
	ACT_DROP_NEXT,	/* leave it and its separate value out (-o x, -MF x) */
	ACT_OUTPUT,	/* writes files or picks the language: the pass does its own */
	ACT_TRANSLATE,	/* clang spells it differently: use .to */
};

struct arg_rule {
	const char *pattern;
	enum arg_match match;
	enum arg_action action;
	const char *to;
};

static const struct arg_rule rules[] = {
	/* ftrace, retpolines, stack: code generation clang lacks or spells differently */
	{ "-mrecord-mcount", MATCH_EXACT, ACT_DROP, NULL },
	{ "-mindirect-branch=", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-mindirect-branch-register", MATCH_EXACT, ACT_DROP, NULL },
	{ "-mindirect-branch-cs-prefix", MATCH_EXACT, ACT_DROP, NULL },
	{ "-mfunction-return=", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-mpreferred-stack-boundary=", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-mskip-rax-setup", MATCH_EXACT, ACT_DROP, NULL },
	{ "-mstack-protector-guard", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-mharden-sls=", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-mno-fp-ret-in-387", MATCH_EXACT, ACT_DROP, NULL },
	{ "-mabi=lp64", MATCH_EXACT, ACT_DROP, NULL },
	{ "-mno-outline-atomics", MATCH_EXACT, ACT_DROP, NULL },
	{ "-fconserve-stack", MATCH_EXACT, ACT_DROP, NULL },
	{ "-fno-allow-store-data-races", MATCH_EXACT, ACT_DROP, NULL },
	{ "--param=allow-store-data-races", MATCH_PREFIX, ACT_DROP, NULL },
	/* clang 14 wants an "I know" flag for zero init: irrelevant to parsing */
	{ "-ftrivial-auto-var-init=", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-fno-var-tracking-assignments", MATCH_EXACT, ACT_DROP, NULL },
	{ "-fno-var-tracking", MATCH_EXACT, ACT_DROP, NULL },
	{ "-fmin-function-alignment=", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-fzero-call-used-regs", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-falign-jumps", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-falign-loops", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-falign-labels", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-fno-ipa-", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-fno-inline-functions-called-once", MATCH_EXACT, ACT_DROP, NULL },
	{ "-fno-partial-inlining", MATCH_EXACT, ACT_DROP, NULL },
	{ "-fno-reorder-blocks", MATCH_EXACT, ACT_DROP, NULL },
	{ "-fno-tree-loop-im", MATCH_EXACT, ACT_DROP, NULL },
	{ "-fno-code-hoisting", MATCH_EXACT, ACT_DROP, NULL },
	{ "-fno-schedule-insns", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-fstack-check", MATCH_EXACT, ACT_DROP, NULL },
	{ "-fstrict-flex-arrays=", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-fsanitize", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-fno-sanitize", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-fasan-shadow-offset=", MATCH_PREFIX, ACT_DROP, NULL },
	{ "--param", MATCH_EXACT, ACT_DROP_NEXT, NULL },
	{ "--param=", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-fplugin", MATCH_PREFIX, ACT_DROP, NULL },
	/* libclang must not fail on warnings */
	{ "-Werror", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-pedantic-errors", MATCH_EXACT, ACT_DROP, NULL },
	{ "-Wimplicit-fallthrough=", MATCH_PREFIX, ACT_TRANSLATE, "-Wimplicit-fallthrough" },
	/* debug info and pipes only cost time when parsing */
	{ "-g", MATCH_PREFIX, ACT_DROP, NULL },
	{ "-pipe", MATCH_EXACT, ACT_DROP, NULL },
	/* outputs, dependency files and the language: the pass writes nothing */
	{ "-c", MATCH_EXACT, ACT_OUTPUT, NULL },
	{ "-S", MATCH_EXACT, ACT_OUTPUT, NULL },
	{ "-E", MATCH_EXACT, ACT_OUTPUT, NULL },
	{ "-fsyntax-only", MATCH_EXACT, ACT_OUTPUT, NULL },
	{ "-o", MATCH_EXACT, ACT_DROP_NEXT, NULL },
	{ "-o", MATCH_PREFIX, ACT_OUTPUT, NULL },
	{ "-x", MATCH_EXACT, ACT_DROP_NEXT, NULL },
	{ "-x", MATCH_PREFIX, ACT_OUTPUT, NULL },
	{ "-Wp,-MD,", MATCH_PREFIX, ACT_OUTPUT, NULL },
	{ "-Wp,-MMD,", MATCH_PREFIX, ACT_OUTPUT, NULL },
	{ "-MF", MATCH_EXACT, ACT_DROP_NEXT, NULL },
	{ "-MT", MATCH_EXACT, ACT_DROP_NEXT, NULL },
	{ "-MQ", MATCH_EXACT, ACT_DROP_NEXT, NULL },
	{ "-M", MATCH_PREFIX, ACT_OUTPUT, NULL },	/* -M -MM -MD -MMD -MP -MF.. */
	{ "-save-temps", MATCH_PREFIX, ACT_OUTPUT, NULL },
};

/* The ACT_DROP_NEXT rules that are outputs (their value is a file name). */
static const char *const output_pairs[] = { "-o", "-x", "-MF", "-MT", "-MQ" };

/* What libclang needs on top: the last -Werror wins, so none are left. */
static const char *const extra_args[] = {
	"-x", "c",
	"-Wno-unknown-warning-option",
	"-ferror-limit=0",
	"-resource-dir", BTFCC_CLANG_RESOURCE_DIR,
};
#define N_EXTRA (sizeof(extra_args) / sizeof(extra_args[0]))

static const struct arg_rule *find_rule(const char *arg)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const struct arg_rule *r = &rules[i];

		if (r->match == MATCH_EXACT && !strcmp(arg, r->pattern))
			return r;
		if (r->match == MATCH_PREFIX &&
		    !strncmp(arg, r->pattern, strlen(r->pattern)))
			return r;
	}
	return NULL;
}

int clang_args_is_dropped(const char *arg)
{
	const struct arg_rule *r = find_rule(arg);

	return r && r->action != ACT_TRANSLATE;
}

int clang_args_output(const char *arg)
{
	const struct arg_rule *r = find_rule(arg);
	size_t i;

	if (!r)
		return 0;
	if (r->action == ACT_OUTPUT)
		return 1;
	if (r->action != ACT_DROP_NEXT)
		return 0;
	/* "--param x" is dropped for clang, but it is no output. */
	for (i = 0; i < sizeof(output_pairs) / sizeof(output_pairs[0]); i++)
		if (!strcmp(arg, output_pairs[i]))
			return 2;
	return 0;
}

char **clang_args_translate(const char *const *argv, int argc, int *out_argc)
{
	char **out = calloc((size_t)argc + N_EXTRA + 1, sizeof(*out));
	int i, n = 0;
	size_t k;

	if (!out)
		return NULL;
	for (k = 0; k < N_EXTRA; k++)
		if (!(out[n++] = strdup(extra_args[k])))
			goto fail;
	for (i = 0; i < argc; i++) {
		const struct arg_rule *r = find_rule(argv[i]);
		const char *keep = argv[i];

		if (r && r->action == ACT_DROP_NEXT) {
			i++;
			continue;
		}
		if (r && r->action == ACT_TRANSLATE)
			keep = r->to;
		else if (r)
			continue;
		if (!(out[n++] = strdup(keep)))
			goto fail;
	}
	if (out_argc)
		*out_argc = n;
	return out;
fail:
	clang_args_free(out);
	return NULL;
}

void clang_args_free(char **argv)
{
	char **p;

	if (!argv)
		return;
	for (p = argv; *p; p++)
		free(*p);
	free(argv);
}
