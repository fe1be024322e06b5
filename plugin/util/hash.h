/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_UTIL_HASH_H
#define BTFCC_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A_INIT 0xcbf29ce484222325ULL

/* 64-bit FNV-1a over len bytes, continuing from h (FNV1A_INIT to start). */
static inline uint64_t fnv1a(uint64_t h, const void *p, size_t len)
{
	const unsigned char *b = p;

	while (len--)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}

#endif
