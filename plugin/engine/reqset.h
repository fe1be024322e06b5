/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_REQSET_H
#define BTFCC_REQSET_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/plan.h"
#include "util/strmap.h"

/*
 * Requests by (namespace, name), with the member hints of every use and
 * no repeats: what one scan finds, and what the driver keeps over all the
 * scan rounds of a file. Every string is owned. Adding may move v.
 */
struct btfcc_reqset {
	struct btfcc_request *v;
	size_t n, cap;
	struct strmap index;	/* "struct rq" -> position in v */
};

struct btfcc_request *btfcc_reqset_find(const struct btfcc_reqset *rs, enum btfcc_ns ns,
					const char *name);
/* The request for ns/name, added without hints or origin when new. */
struct btfcc_request *btfcc_reqset_get(struct btfcc_reqset *rs, enum btfcc_ns ns,
				       const char *name);
/* Add member as a hint of r; true when it is new. */
bool btfcc_reqset_hint(struct btfcc_request *r, const char *member);
/* Add a member chain ("rq->cpu") the code follows from r; true when new. */
bool btfcc_reqset_path(struct btfcc_request *r, const char *path);
/* Replace r's origin (a copy) and its main-file line. */
void btfcc_reqset_origin(struct btfcc_request *r, const char *origin, unsigned line);
/* Add in, or the hints of in that r lacks; true when the set grew. */
bool btfcc_reqset_merge(struct btfcc_reqset *rs, const struct btfcc_request *in);
void btfcc_reqset_free(struct btfcc_reqset *rs);

#endif
