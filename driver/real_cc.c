// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which compiler really compiles. Explicit beats implicit:
 *   btfcc gcc-12 ...            (ccache style: the first argument)
 *   BTFCC_REAL_CC="ccache gcc-12"
 *   the kernel tree's CONFIG_CC_VERSION_TEXT
 *   gcc
 * A module must be built by the compiler the kernel was built with, so
 * guessing "gcc" from PATH is the last resort, not the default.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"

char *path_lookup(const char *prog)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;

	if (strchr(prog, '/'))
		return access(prog, X_OK) ? NULL : xstrdup(prog);
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	copy = xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		char *full = xasprintf("%s/%s", *dir ? dir : ".", prog);

		if (!access(full, X_OK)) {
			free(copy);
			return full;
		}
		free(full);
	}
	free(copy);
	return NULL;
}

bool real_cc_is_self(const char *prog)
{
	char self[PATH_MAX], other[PATH_MAX];
	char *full = path_lookup(prog);
	bool same;

	if (!full)
		return false;
	same = realpath("/proc/self/exe", self) && realpath(full, other) &&
	       !strcmp(self, other);
	free(full);
	return same;
}

/* A leading word names a compiler: not an option, not a file to compile. */
static bool names_compiler(const char *a)
{
	char *full;

	if (a[0] == '-' || a[0] == '@' || cc_args_is_source_name(a))
		return false;
	full = path_lookup(a);
	if (!full)
		return false;
	free(full);
	return !real_cc_is_self(a);
}

static bool is_btfcc_opt(const char *a, struct btfcc_opts *opts)
{
	if (!strcmp(a, "--btfcc-verbose")) {
		opts->verbose = true;
		return true;
	}
	if (!strcmp(a, "--btfcc-imports")) {
		opts->imports_needed = true;
		return true;
	}
	if (!strcmp(a, "--btfcc-version") || !strcmp(a, "--btfcc-help")) {
		opts->info = a + strlen("--btfcc-");
		return true;
	}
	if (!strncmp(a, "--btfcc-print-btf=", strlen("--btfcc-print-btf="))) {
		opts->info = "print-btf";
		opts->info_arg = a + strlen("--btfcc-print-btf=");
		return true;
	}
	return false;
}

/*
 * Returns 1 when the compiler came from argv or the environment, 0 when
 * the caller should ask real_cc_default() once the tree is known.
 */
int real_cc_split(int argc, char **argv, struct btfcc_opts *opts, struct strvec *cc,
		  struct strvec *args)
{
	const char *env = getenv("BTFCC_REAL_CC");
	int i = 1;

	strvec_init(cc);
	strvec_init(args);
	/* "btfcc ccache gcc-12 -c x.c": every leading compiler word. */
	while (i < argc && names_compiler(argv[i]))
		strvec_push(cc, argv[i++]);
	for (; i < argc; i++)
		if (!is_btfcc_opt(argv[i], opts))
			strvec_push(args, argv[i]);
	if (cc->n)
		return 1;
	if (env && *env) {
		strvec_split(cc, env);
		if (cc->n)
			return 1;
	}
	return 0;
}

/* Use word as the compiler when it is in PATH. */
static bool push_if_found(struct strvec *cc, const char *word)
{
	char *full = path_lookup(word);

	if (!full)
		return false;
	free(full);
	strvec_push(cc, word);
	return true;
}

/* "gcc-12 (Debian 12.2.0-14) 12.2.0" -> "gcc-12" when it is in PATH. */
static bool from_version_text(struct strvec *cc, const char *text)
{
	size_t n = strcspn(text, " ");
	char word[256];

	if (!n || n >= sizeof(word))
		return false;
	memcpy(word, text, n);
	word[n] = '\0';
	return push_if_found(cc, word);
}

static bool from_major(struct strvec *cc, const char *base, long major)
{
	char word[64];

	snprintf(word, sizeof(word), "%s-%ld", base, major);
	return push_if_found(cc, word);
}

void real_cc_default(struct strvec *cc, const struct kernel_tree *kt)
{
	if (kt && kt->cc_text && from_version_text(cc, kt->cc_text))
		return;
	/* CONFIG_GCC_VERSION=120200, CONFIG_CLANG_VERSION=140006 */
	if (kt && kt->cc_version > 0 &&
	    from_major(cc, kt->cc_is_clang ? "clang" : "gcc", kt->cc_version / 10000))
		return;
	strvec_push(cc, kt && kt->cc_is_clang ? "clang" : "gcc");
}
