// SPDX-License-Identifier: GPL-2.0
/*
 * btfcc demo: struct kmem_cache. In 6.1 its definition is in
 * <linux/slub_def.h>, which <linux/slab.h> does not include (and this file
 * must not); in 6.12 it is private to mm/slab.h. The same source builds for
 * both: btfcc imports the definition from the kernel's BTF.
 *
 * Ground truth: what kmem_cache_create() was given, and the exported
 * kmem_cache_size(), which returns s->object_size. The cache has a
 * constructor so that SLUB cannot merge it into an existing cache of a
 * compatible size (it would return that cache, with that cache's name).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#define DEMO_NAME "btfcc_demo"
#define DEMO_SIZE 200

static void demo_ctor(void *obj)
{
	memset(obj, 0x5a, DEMO_SIZE);
}

static void check(const char *name, bool ok)
{
	pr_info("btfcc-demo: %s %s\n", ok ? "PASS" : "FAIL", name);
}

static int __init btfcc_demo_kmem_cache_init(void)
{
	struct kmem_cache *c;
	unsigned char *obj;

	c = kmem_cache_create(DEMO_NAME, DEMO_SIZE, 0, 0, demo_ctor);
	if (!c) {
		pr_info("btfcc-demo: FAIL kmem_cache_create (returned NULL)\n");
		return 0;
	}
	check("kmem_cache_object_size", c->object_size == DEMO_SIZE &&
					c->object_size == kmem_cache_size(c));
	if (c->name && strcmp(c->name, DEMO_NAME) == 0)
		check("kmem_cache_name", true);
	else
		pr_info("btfcc-demo: FAIL kmem_cache_name (name \"%s\")\n", c->name ?: "(null)");
	check("kmem_cache_ctor", c->ctor == demo_ctor);
	check("kmem_cache_size", c->size >= c->object_size);
	obj = kmem_cache_alloc(c, GFP_KERNEL);
	check("kmem_cache_alloc", obj && obj[0] == 0x5a && obj[DEMO_SIZE - 1] == 0x5a);
	if (obj) {
		memset(obj, 0x5a, c->object_size);
		kmem_cache_free(c, obj);
	}
	if (c->object_size != DEMO_SIZE)
		pr_info("btfcc-demo: info kmem_cache object_size=%u size=%u\n",
			c->object_size, c->size);
	kmem_cache_destroy(c);
	return 0;
}

static void __exit btfcc_demo_kmem_cache_exit(void)
{
}

module_init(btfcc_demo_kmem_cache_init);
module_exit(btfcc_demo_kmem_cache_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("btfcc demo: struct kmem_cache from BTF");
