/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_BTF_LOAD_H
#define BTFCC_BTF_LOAD_H

#include <stddef.h>
#include <bpf/btf.h>

#include "util/err.h"

/* What a BTF source file turned out to be. */
enum btfcc_btf_format {
	BTFCC_FMT_UNKNOWN,
	BTFCC_FMT_RAW,		/* /sys/kernel/btf/vmlinux or a copy of it */
	BTFCC_FMT_ELF,		/* vmlinux or a .ko with a .BTF section */
	BTFCC_FMT_BZIMAGE,	/* a compressed boot image (vmlinuz) */
};

struct btfcc_load_opts {
	/*
	 * Where extracted BTF of boot images is cached. NULL: $BTFCC_CACHE_DIR,
	 * else $XDG_CACHE_HOME/btfcc, else $HOME/.cache/btfcc. "": no cache.
	 */
	const char *cache_dir;
	/*
	 * The system cache the kernel hooks fill, read first (btf_syscache.h).
	 * NULL: $BTFCC_SYSTEM_CACHE_DIR, else /var/cache/btfcc. "": none.
	 */
	const char *system_cache_dir;
	/* Told why a system cache entry was used or ignored, one line each; may be NULL. */
	void (*note)(void *ctx, const char *msg);
	void *note_ctx;
	/* vmlinux BTF when path holds split (module) BTF; NULL otherwise. */
	struct btf *base;
};

/*
 * Load the BTF of any kernel artifact at path. Returns NULL and fills err
 * with one line naming the file and what to do on failure. Free with
 * btf__free().
 */
struct btf *btfcc_btf_load(const char *path, const struct btfcc_load_opts *opts,
			   struct btfcc_err *err);

/* Sniff the format of path without loading it. */
enum btfcc_btf_format btfcc_btf_format_of(const char *path, struct btfcc_err *err);

/*
 * Where btfcc_btf_load() caches the BTF extracted from the boot image at
 * path, given the same opts (the file need not exist yet). Returns 0, or
 * -1 when caching is off or path cannot be stat()ed. For tests and
 * "btfcc-dump --cache-path"-style diagnostics.
 */
int btfcc_btf_cache_path(const char *path, const struct btfcc_load_opts *opts,
			 char *buf, size_t len);

#endif
