// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfcc-cache: fill and prune the system BTF cache (btf/btf_syscache.h).
 * The kernel hooks run it as root: postinst.d "add"s the new kernel's image,
 * postrm.d "prune"s what the removed one left (docs/distribution.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "btf/btf_syscache.h"

#define EXIT_CHANGED 3

static const char usage[] =
	"usage: btfcc-cache [-d DIR] add IMAGE...\n"
	"       btfcc-cache [-d DIR] prune\n"
	"       btfcc-cache [-d DIR] dir\n"
	"The system BTF cache that every user's btfcc reads first (root only writes).\n"
	"\n"
	"  add IMAGE...  extract the BTF of each boot image (/boot/vmlinuz-RELEASE)\n"
	"                into the cache; exit 3 when an image's BTF differs from the\n"
	"                entry it replaced (a same-release update: rebuild modules)\n"
	"  prune         remove the entries whose image is gone or changed\n"
	"  dir           print the cache directory\n"
	"  -d DIR        the cache directory (default $BTFCC_SYSTEM_CACHE_DIR, else\n"
	"                " BTFCC_SYSTEM_CACHE_DIR_DEFAULT ")\n"
	"  -h, --help    this text\n";

static int add(const char *dir, char **images, int n)
{
	static const char *const said[] = {
		[BTFCC_SYSCACHE_NEW] = "new",
		[BTFCC_SYSCACHE_SAME] = "unchanged",
		[BTFCC_SYSCACHE_CHANGED] = "changed",
	};
	enum btfcc_syscache_added added;
	struct btfcc_err err;
	int i, ret = 0;

	for (i = 0; i < n; i++) {
		if (btfcc_syscache_add(dir, images[i], &added, &err)) {
			fprintf(stderr, "btfcc-cache: error: %s\n", err.msg);
			ret = 1;
			continue;
		}
		printf("btfcc-cache: %s: BTF cached in %s (%s)\n", images[i], dir, said[added]);
		if (added == BTFCC_SYSCACHE_CHANGED && !ret)
			ret = EXIT_CHANGED;
	}
	return ret;
}

static void report(const char *entry, const char *why)
{
	printf("btfcc-cache: removed %s: %s\n", entry, why);
}

static int prune(const char *dir)
{
	struct btfcc_err err;

	if (btfcc_syscache_prune(dir, report, &err) < 0) {
		fprintf(stderr, "btfcc-cache: error: %s\n", err.msg);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *dir = btfcc_syscache_dir(NULL);
	int c;

	while ((c = getopt_long(argc, argv, "+d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind == argc || !*dir) {
		fputs(optind == argc ? usage : "btfcc-cache: error: no cache directory\n", stderr);
		return 2;
	}
	/* Readable by every user whatever the caller's umask (a hook's may be 077). */
	umask(022);
	if (!strcmp(argv[optind], "add") && optind + 1 < argc)
		return add(dir, argv + optind + 1, argc - optind - 1);
	if (!strcmp(argv[optind], "prune") && optind + 1 == argc)
		return prune(dir);
	if (!strcmp(argv[optind], "dir") && optind + 1 == argc)
		return puts(dir) < 0;
	fputs(usage, stderr);
	return 2;
}
