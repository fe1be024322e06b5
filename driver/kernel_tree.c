// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which kernel the module is being built for. kbuild never says it
 * directly, but every compile carries -I<tree>/include and
 * -include <tree>/include/linux/kconfig.h, and make runs in (or exports
 * objtree for) the build tree. The tree we want is the one with the
 * configuration: on Debian that is linux-headers-<rel>, not -common.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "driver.h"

static bool is_configured(const char *dir)
{
	char *p = xasprintf("%s/include/config/auto.conf", dir);
	struct stat sb;
	bool ok = !stat(p, &sb);

	free(p);
	if (ok)
		return true;
	p = xasprintf("%s/include/config/kernel.release", dir);
	ok = !stat(p, &sb);
	free(p);
	return ok;
}

/* Walk up from path (a file or dir) to a configured tree; malloc'd. */
static char *tree_above(const char *path)
{
	char buf[PATH_MAX];

	if (!realpath(path, buf))
		return NULL;
	for (int depth = 0; depth < 6; depth++) {
		char *slash;

		if (is_configured(buf))
			return xstrdup(buf);
		slash = strrchr(buf, '/');
		if (!slash || slash == buf)
			break;
		*slash = '\0';
	}
	return NULL;
}

static char *find_dir(const struct cc_args *ca)
{
	const char *env = getenv("BTFCC_KERNEL_DIR");
	const char *objtree = getenv("objtree");
	char *dir;

	if (env && *env) {
		char buf[PATH_MAX];

		return xstrdup(realpath(env, buf) ? buf : env);
	}
	for (int i = 0; ca && i < ca->include_dirs.n; i++) {
		dir = tree_above(ca->include_dirs.v[i]);
		if (dir)
			return dir;
	}
	if (objtree && *objtree && is_configured(objtree)) {
		char buf[PATH_MAX];

		if (realpath(objtree, buf))
			return xstrdup(buf);
	}
	if (is_configured("."))
		return tree_above(".");
	return NULL;
}

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = '\0';
}

/* The release vermagic will carry: UTS_RELEASE beats kernel.release. */
static char *read_release(const char *dir)
{
	char *p = xasprintf("%s/include/generated/utsrelease.h", dir);
	char *text = util_read_text(p, NULL);
	char *rel = NULL;

	free(p);
	if (text) {
		char *q = strstr(text, "UTS_RELEASE \"");

		if (q) {
			q += strlen("UTS_RELEASE \"");
			rel = strndup(q, strcspn(q, "\""));
		}
		free(text);
	}
	if (rel)
		return rel;
	/* Debian 6.1 writes the upstream version here, hence second choice. */
	p = xasprintf("%s/include/config/kernel.release", dir);
	text = util_read_text(p, NULL);
	free(p);
	if (text)
		chomp(text);
	return text;
}

static void parse_auto_conf(struct kernel_tree *kt)
{
	char *p = xasprintf("%s/include/config/auto.conf", kt->dir);
	char *text = util_read_text(p, NULL);
	char *save = NULL;

	free(p);
	if (!text)
		return;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(l, "CONFIG_CC_VERSION_TEXT=", 23)) {
			char *v = l + 23;
			size_t n = strlen(v);

			if (v[0] == '"' && n >= 2 && v[n - 1] == '"')
				v[n - 1] = '\0', v++;
			kt->cc_text = xstrdup(v);
		} else if (!strcmp(l, "CONFIG_CC_IS_CLANG=y")) {
			kt->cc_is_clang = true;
		} else if (!strncmp(l, "CONFIG_GCC_VERSION=", 19) && !kt->cc_is_clang) {
			kt->cc_version = strtol(l + 19, NULL, 10);
		} else if (!strncmp(l, "CONFIG_CLANG_VERSION=", 21)) {
			long v = strtol(l + 21, NULL, 10);

			if (v)
				kt->cc_version = v;
		}
	}
	free(text);
}

int kernel_tree_find(struct kernel_tree *kt, const struct cc_args *ca)
{
	memset(kt, 0, sizeof(*kt));
	kt->dir = find_dir(ca);
	if (!kt->dir)
		return -1;
	kt->release = read_release(kt->dir);
	parse_auto_conf(kt);
	return 0;
}

void kernel_tree_free(struct kernel_tree *kt)
{
	free(kt->dir);
	free(kt->release);
	free(kt->cc_text);
	memset(kt, 0, sizeof(*kt));
}
