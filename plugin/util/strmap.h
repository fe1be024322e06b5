/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_UTIL_STRMAP_H
#define BTFCC_UTIL_STRMAP_H

#include <stddef.h>

#include <stdbool.h>

/*
 * String -> size_t map (open addressing, FNV-1a). The pass asks it for
 * every declaration of a ~1000-header TU, the type index for every name
 * of a kernel's BTF, so lookups must be O(1). Zero-initialised it is
 * empty; with borrow set it keeps the caller's key pointers (strings that
 * outlive the map, such as a BTF's string section) instead of copies.
 */
struct strmap_slot {
	char *key;
	size_t val;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap, len;
	bool borrow;
};

/* Add key, or replace its value. */
void strmap_put(struct strmap *m, const char *key, size_t val);
/*
 * The value of key, added (value 0, *added set) when missing: one hash
 * for a get-or-insert. The pointer is valid until the next insertion.
 */
size_t *strmap_slot(struct strmap *m, const char *key, bool *added);
/* Returns 1 and sets *val when found. */
int strmap_get(const struct strmap *m, const char *key, size_t *val);
void strmap_free(struct strmap *m);

#endif
