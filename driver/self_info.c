// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfcc's answers about itself. --version and --help belong to the real
 * compiler (kbuild compares `$(CC) --version` with the tree's compiler), so
 * btfcc's own are spelled --btfcc-*. --btfcc-print-btf=KDIR is what the
 * DKMS hook asks before building for a kernel: the same search a compile
 * would make, without compiling (docs/distribution.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

static const char help[] =
	"usage: make -C /lib/modules/RELEASE/build M=$PWD CC=btfcc\n"
	"       btfcc [COMPILER...] [--btfcc-verbose] GCC-ARGUMENTS...\n"
	"A compiler wrapper for out-of-tree kernel modules: a C file that uses a\n"
	"kernel-private type gets its definition from the target kernel's BTF.\n"
	"Everything else, --version and --help included, is the real compiler's.\n"
	"\n"
	"  --btfcc-verbose         say what was imported or checked (BTFCC_VERBOSE=1)\n"
	"  --btfcc-print-btf=KDIR  print the BTF file btfcc would read for the kernel\n"
	"                          tree KDIR, or why there is none (exit 1)\n"
	"  --btfcc-version         btfcc's version\n"
	"  --btfcc-help            this text\n"
	"Environment: BTFCC_BTF, BTFCC_REAL_CC, BTFCC_KERNEL_DIR, BTFCC_CACHE_DIR,\n"
	"BTFCC_PREFIX_CACHE, BTFCC_SYSTEM_CACHE_DIR, BTFCC_BOOT_DIR, BTFCC_IMPORT,\n"
	"BTFCC_COMPDB, BTFCC_VERBOSE; see btfcc(1).\n";

/* Which BTF a compile for the tree at kdir would read. */
static int print_btf(const char *kdir)
{
	struct kernel_tree kt;
	struct btfcc_err err = { 0 };
	char *path;
	int ret;

	setenv("BTFCC_KERNEL_DIR", kdir, 1);
	if (kernel_tree_find(&kt, NULL) || !kt.release) {
		log_error("%s is not a configured kernel tree (no include/config/auto.conf)",
			  kdir);
		kernel_tree_free(&kt);
		return 1;
	}
	path = kernel_btf_source(&kt, &err);
	ret = path ? 0 : 1;
	if (path)
		printf("%s\n", path);
	else
		log_error("%s", err.msg);
	free(path);
	kernel_tree_free(&kt);
	return ret;
}

int self_info(const struct btfcc_opts *opts)
{
	if (!strcmp(opts->info, "version")) {
		printf("btfcc %s\n", BTFCC_VERSION);
		return 0;
	}
	if (!strcmp(opts->info, "help")) {
		fputs(help, stdout);
		return 0;
	}
	return print_btf(opts->info_arg);
}
