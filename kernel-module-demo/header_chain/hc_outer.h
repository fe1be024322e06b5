/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The first level of the module's own headers: struct kmem_cache (6.1:
 * only in <linux/slub_def.h>, which nothing includes; 6.12: mm/slab.h)
 * through a helper, and the second level, include/hc_inner.h.
 */
#ifndef BTFCC_DEMO_HC_OUTER_H
#define BTFCC_DEMO_HC_OUTER_H

#include <linux/slab.h>
#include "include/hc_inner.h"

static inline unsigned int hc_object_size(const struct kmem_cache *c)
{
	return c->object_size;
}

#endif
