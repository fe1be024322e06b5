/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_NEAREST_H
#define BTFCC_NEAREST_H

#include <stddef.h>

/* At most this many near names in one suggestion. */
#define NEAREST_MAX 5

/* Edit distance of a and b, or limit + 1 once it is over limit. */
size_t nearest_distance(const char *a, const char *b, size_t limit);

#endif
