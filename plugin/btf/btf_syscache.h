/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_BTF_SYSCACHE_H
#define BTFCC_BTF_SYSCACHE_H

/*
 * The system BTF cache: /var/cache/btfcc/<image basename>.btf, one entry per
 * installed boot image, written by root from the kernel's postinst hook and
 * read first by every user's btfcc (docs/distribution.md).
 *
 * An entry is a text header naming the image it came from and its identity
 * (path, size, mtime to the nanosecond), then the raw BTF:
 *
 *   btfcc-system-cache 1
 *   image /boot/vmlinuz-RELEASE
 *   image-size 8072704
 *   image-mtime 1732000000.000000000
 *   btf-size 5104862
 *   btf-crc32 6c1f0a2e
 *   <empty line, then btf-size bytes of raw BTF>
 *
 * A forged entry is a forged kernel layout compiled into root's DKMS
 * modules, so an entry is used only when it and its directory are owned by
 * root and writable by no one else, and when the image it names is the one
 * being read, unchanged. Anything else is a miss with a note, and the BTF
 * is read from the image.
 */

#include <stdbool.h>

#include "btf/btf_load.h"

/* The directory in use: opts, else $BTFCC_SYSTEM_CACHE_DIR, else the built-in one. */
const char *btfcc_syscache_dir(const struct btfcc_load_opts *opts);

enum btfcc_syscache_added {
	BTFCC_SYSCACHE_NEW,		/* no entry for this image path before */
	BTFCC_SYSCACHE_SAME,		/* the same BTF was there already */
	BTFCC_SYSCACHE_CHANGED,		/* the image path had an entry with other BTF */
};

/*
 * Extract the BTF of the boot image at image (an absolute path) into dir,
 * atomically, readable by all. Returns 0 and what happened in *added, or -1
 * with err filled.
 */
int btfcc_syscache_add(const char *dir, const char *image, enum btfcc_syscache_added *added,
		       struct btfcc_err *err);

/*
 * Remove every entry of dir whose image is gone or changed. report() is
 * called with each removed entry's path and why. Returns the number
 * removed, or -1 with err filled when dir cannot be read.
 */
int btfcc_syscache_prune(const char *dir, void (*report)(const char *entry, const char *why),
			 struct btfcc_err *err);

#endif
