// SPDX-License-Identifier: GPL-2.0-only
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pass/strmap.h"

static uint64_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static struct strmap_slot *lookup(struct strmap_slot *slots, size_t cap, const char *key)
{
	size_t i = hash_str(key) & (cap - 1);

	while (slots[i].key && strcmp(slots[i].key, key))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static int grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct strmap_slot *slots = calloc(cap, sizeof(*slots));
	size_t i;

	if (!slots)
		return -1;
	for (i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			*lookup(slots, cap, m->slots[i].key) = m->slots[i];
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

int strmap_put(struct strmap *m, const char *key, size_t val)
{
	struct strmap_slot *slot;

	/* keep the load under 1/2 so probe chains stay short */
	if ((m->len + 1) * 2 > m->cap && grow(m))
		return -1;
	slot = lookup(m->slots, m->cap, key);
	if (!slot->key) {
		slot->key = strdup(key);
		if (!slot->key)
			return -1;
		m->len++;
	}
	slot->val = val;
	return 0;
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

	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->len = 0;
}
