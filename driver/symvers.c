// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the target kernel exports to modules: its Module.symvers. A module
 * that calls a function the kernel does not export links, then modpost
 * fails ("undefined!") far from the call; btfcc says so at the call.
 */
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "util/fileio.h"
#include "util/xalloc.h"

/* Lines are "CRC<TAB>symbol<TAB>module<TAB>export type<TAB>namespace". */
static bool symbol_on_line(const char *text, const char *hit)
{
	const char *p = hit;

	while (p > text && p[-1] != '\n') {
		p--;
		if (*p == '\t')
			return false;
	}
	return true;
}

int symvers_exports(const char *kdir, const char *name)
{
	char *path = xasprintf("%s/Module.symvers", kdir);
	char *needle = xasprintf("\t%s\t", name);
	char *text = util_read_text(path, NULL);
	const char *hit;
	int ret = 0;

	free(path);
	if (!text) {
		free(needle);
		return -1;
	}
	for (hit = strstr(text, needle); hit; hit = strstr(hit + 1, needle)) {
		if (symbol_on_line(text, hit)) {
			ret = 1;
			break;
		}
	}
	free(needle);
	free(text);
	return ret;
}
