// SPDX-License-Identifier: GPL-2.0-only
/* String -> size_t map: open addressing, linear probing, FNV-1a. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/strmap.h"
#include "util/xalloc.h"

static struct strmap_slot *lookup(struct strmap_slot *slots, size_t cap, const char *key)
{
	size_t i = fnv1a(FNV1A_INIT, key, strlen(key)) & (cap - 1);

	while (slots[i].key && strcmp(slots[i].key, key))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void rehash(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct strmap_slot *slots = xcalloc(cap, sizeof(*slots));
	size_t i;

	for (i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			*lookup(slots, cap, m->slots[i].key) = m->slots[i];
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
}

size_t *strmap_slot(struct strmap *m, const char *key, bool *added)
{
	struct strmap_slot *slot;

	/* keep the load under 1/2 so probe chains stay short */
	if ((m->len + 1) * 2 > m->cap)
		rehash(m);
	slot = lookup(m->slots, m->cap, key);
	*added = !slot->key;
	if (*added) {
		slot->key = m->borrow ? (char *)key : xstrdup(key);
		slot->val = 0;
		m->len++;
	}
	return &slot->val;
}

void strmap_put(struct strmap *m, const char *key, size_t val)
{
	bool added;

	*strmap_slot(m, key, &added) = val;
}

int strmap_get(const struct strmap *m, const char *key, size_t *val)
{
	struct strmap_slot *slot;

	if (!m->cap)
		return 0;
	slot = lookup(m->slots, m->cap, key);
	if (!slot->key)
		return 0;
	*val = slot->val;
	return 1;
}

void strmap_free(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap && !m->borrow; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->len = 0;
}
