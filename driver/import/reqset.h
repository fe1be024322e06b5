/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_REQSET_H
#define BTFCC_REQSET_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/plan.h"

/* Requests accumulated over scan rounds; every string owned. */
struct reqset {
	struct btfcc_request *v;
	size_t n, cap;
};

/* Returns true when the set grew (a new type, or a new member hint). */
bool reqset_add(struct reqset *rs, const struct btfcc_request *in);
bool reqset_has(const struct reqset *rs, enum btfcc_ns ns, const char *name);
void reqset_free(struct reqset *rs);

#endif
