// SPDX-License-Identifier: GPL-2.0-only
/*
 * CC="ccache btfcc": ccache tells compilers apart by name, and "btfcc"
 * names no compiler it knows ("other"), for which it refuses kbuild's
 * -Wp,-MMD,<depfile> and runs the compile uncached, silently. Before it
 * looks at the arguments it sets CCACHE_DISABLE=1 (for the processes it
 * starts: no nested ccache), UNCACHED_ERR_FD only once it caches; then it
 * execs the compiler, so btfcc's parent is the shell that ran "ccache ...".
 * That pattern is a build ccache is of no use to, so btfcc says how to
 * fix it, once per source (docs/tools.md).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"

static bool env_is(const char *name, const char *value)
{
	const char *v = getenv(name);

	return v && !strcmp(v, value);
}

/* Does the command line of our parent (the recipe's shell) run ccache? */
static bool parent_runs_ccache(void)
{
	char path[64];
	size_t len = 0;
	char *text;
	bool found;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)getppid());
	text = util_read_text(path, &len);
	if (!text)
		return false;
	found = memmem(text, len, "ccache", 6) != NULL;
	free(text);
	return found;
}

static bool runs_ccache(const struct strvec *cc)
{
	for (int i = 0; i < cc->n; i++)
		if (strstr(cc->v[i], "ccache"))
			return true;
	return false;
}

void ccache_check_uncached(const struct cc_args *ca, const struct strvec *cc)
{
	if (ca->mode != CC_COMPILE || runs_ccache(cc))
		return;
	if (!env_is("CCACHE_DISABLE", "1") || getenv("UNCACHED_ERR_FD") ||
	    getenv("CCACHE_COMPILERTYPE") || !parent_runs_ccache())
		return;
	log_diag(NULL, "note", "ccache runs %s uncached: it does not know btfcc takes gcc's "
		 "options; set CCACHE_COMPILERTYPE=gcc (or CC=\"btfcc ccache gcc-12\")",
		 ca->source);
}
