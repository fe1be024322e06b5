/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_PASS_STRMAP_H
#define BTFCC_PASS_STRMAP_H

#include <stddef.h>

/*
 * String -> size_t map (open addressing, FNV-1a). The pass asks it for
 * every declaration of a ~1000-header TU, so lookups must be O(1).
 */
struct strmap_slot {
	char *key;
	size_t val;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap, len;
};

/* Returns 0, or -1 on allocation failure. Replaces an existing value. */
int strmap_put(struct strmap *m, const char *key, size_t val);
/* Returns 1 and sets *val when found. */
int strmap_get(const struct strmap *m, const char *key, size_t *val);
void strmap_free(struct strmap *m);

#endif
