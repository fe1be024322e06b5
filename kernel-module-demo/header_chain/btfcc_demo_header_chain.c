// SPDX-License-Identifier: GPL-2.0
/*
 * btfcc demo: kernel-private types used two levels down the module's own
 * headers (hc_outer.h, which includes include/hc_inner.h), included first.
 * Ground truth: kmem_cache_size() and what kmem_cache_create() was given;
 * smp_processor_id() and task_cpu() against the run-queue's CPU.
 */
#include "hc_outer.h"

#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/string.h>

#define HC_SIZE 136

/* A constructor keeps SLUB from merging the cache into another one. */
static void hc_ctor(void *obj)
{
	memset(obj, 0, HC_SIZE);
}

static void check(const char *name, bool ok)
{
	pr_info("btfcc-demo: %s %s\n", ok ? "PASS" : "FAIL", name);
}

static int __init btfcc_demo_header_chain_init(void)
{
	struct kmem_cache *c;
	int cpu, rq_cpu;
	bool runs;

	preempt_disable();
	cpu = smp_processor_id();
	rq_cpu = hc_rq_cpu();
	runs = hc_rq_runs_current();
	preempt_enable();
	check("hc_rq_cpu", rq_cpu == cpu && runs);

	c = kmem_cache_create("btfcc_demo_hc", HC_SIZE, 0, 0, hc_ctor);
	if (!c) {
		pr_info("btfcc-demo: FAIL hc_object_size (kmem_cache_create returned NULL)\n");
		return 0;
	}
	check("hc_object_size", hc_object_size(c) == HC_SIZE &&
				hc_object_size(c) == kmem_cache_size(c));
	kmem_cache_destroy(c);
	return 0;
}

static void __exit btfcc_demo_header_chain_exit(void)
{
}

module_init(btfcc_demo_header_chain_init);
module_exit(btfcc_demo_header_chain_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("btfcc demo: private types two levels down the module's own headers");
