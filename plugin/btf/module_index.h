/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_MODULE_INDEX_H
#define BTFCC_MODULE_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <bpf/btf.h>

#include "btf/btf_load.h"
#include "util/err.h"

/*
 * Which loadable module's split BTF defines a type: "struct loop_device"
 * is in drivers/block/loop.ko, not in vmlinux. Built once per modules
 * directory by reading every .ko* under it (minutes of decompression on a
 * distribution kernel), then cached next to the extracted vmlinux BTF
 * (btfcc_cache_dir()) under a key over every module's path, size, mtime and
 * inode and the base BTF file's identity: installing, removing or
 * replacing a module, or a new vmlinuz, makes a new entry.
 */
struct btfcc_modindex;

struct btfcc_modindex_opts {
	const char *dir;	/* /lib/modules/<rel>/kernel */
	const struct btf *base;	/* vmlinux BTF the modules are split over */
	const char *base_path;	/* the file base was read from, for the key */
	const char *cache_dir;	/* as btfcc_load_opts.cache_dir */
};

struct btfcc_modindex *btfcc_modindex_open(const struct btfcc_modindex_opts *opts,
					   struct btfcc_err *err);
void btfcc_modindex_free(struct btfcc_modindex *ix);

/* One module's full definition of a name. */
struct btfcc_modhit {
	unsigned module;	/* btfcc_modindex_module_*() */
	uint64_t shape;		/* equal: same size, member names and offsets */
};

/*
 * Full definitions of name with BTF kind (BTF_KIND_STRUCT, _UNION, _ENUM,
 * which covers ENUM64, or _TYPEDEF) across all modules, in module path
 * order; *hits is valid until the index is freed.
 */
size_t btfcc_modindex_find(const struct btfcc_modindex *ix, int kind, const char *name,
			   const struct btfcc_modhit **hits);

size_t btfcc_modindex_modules(const struct btfcc_modindex *ix);
/* "loop": the module's name as lsmod spells it ('-' read as '_'). */
const char *btfcc_modindex_module_name(const struct btfcc_modindex *ix, unsigned module);
/* The .ko* file's full path. */
const char *btfcc_modindex_module_path(const struct btfcc_modindex *ix, unsigned module);
/* The module called name ('-' and '_' alike); -1 when there is none. */
int btfcc_modindex_module_by_name(const struct btfcc_modindex *ix, const char *name);

/* What opening cost: built (and cache written) or read back, and seconds. */
bool btfcc_modindex_was_built(const struct btfcc_modindex *ix);
double btfcc_modindex_seconds(const struct btfcc_modindex *ix);
/* The cache entry used or written ("" when caching is off). */
const char *btfcc_modindex_cache_path(const struct btfcc_modindex *ix);

#endif
