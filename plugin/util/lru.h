/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_UTIL_LRU_H
#define BTFCC_UTIL_LRU_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The user cache's files are kept least-recently-used: a file's mtime is
 * when it was last used (written, or read by a hit that touched it), and a
 * write that adds a file prunes its kind down to a fixed number, so that
 * ~/.cache/btfcc does not grow with every kernel a user ever built for.
 */

/* A leftover younger than this may belong to a build still running. */
#define UTIL_LRU_LEFTOVER_SECONDS (24 * 3600)

/* Marks path used now (its mtime); a cache that is not ours to write stays as it is. */
void util_lru_touch(const char *path);

/* Whether path exists and was last modified more than seconds ago. */
bool util_lru_older(const char *path, long seconds);

/*
 * In dir, of the regular files named <prefix>...<16 hex digits><suffix>
 * (btfcc's keyed names: nothing else a directory may hold), keeps the keep
 * most recently used and passes each other one's path to drop (NULL:
 * unlink). Every other entry's path and name go to other, when not NULL.
 */
void util_lru_prune(const char *dir, const char *prefix, const char *suffix, size_t keep,
		    void (*drop)(const char *path),
		    void (*other)(const char *path, const char *name));

/* An other for util_lru_prune: a temporary a killed writer left, once old. */
void util_lru_drop_leftover(const char *path, const char *name);

#endif
