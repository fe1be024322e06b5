/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_UTIL_LRU_H
#define BTFCC_UTIL_LRU_H

#include <stddef.h>

/*
 * The user cache's files are kept least-recently-used: a file's mtime is
 * when it was last used (written, or read by a hit that touched it), and a
 * write that adds a file prunes its kind down to a fixed number, so that
 * ~/.cache/btfcc does not grow with every kernel a user ever built for.
 */

/* Marks path used now (its mtime); a cache that is not ours to write stays as it is. */
void util_lru_touch(const char *path);

/*
 * In dir, of the regular files named prefix...suffix, keeps the keep most
 * recently used and passes each other one's path to drop (NULL: unlink).
 * Every other entry's path and name go to other, when not NULL.
 */
void util_lru_prune(const char *dir, const char *prefix, const char *suffix, size_t keep,
		    void (*drop)(const char *path),
		    void (*other)(const char *path, const char *name));

/* A drop for util_lru_prune: the entry and the "<entry>.lock" beside it. */
void util_lru_drop_locked(const char *path);

/*
 * An other for util_lru_prune: a lock whose entry is gone (an image that
 * gave no BTF) or a temporary a killed writer left, once a day old.
 */
void util_lru_drop_leftover(const char *path, const char *name);

#endif
