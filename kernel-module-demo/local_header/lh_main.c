// SPDX-License-Identifier: GPL-2.0
/*
 * btfcc demo: kernel-private types used only inside the module's own header
 * (lh_priv.h), which both files of the module include first. Ground truth:
 * what proc_create_data() was given, and smp_processor_id() against the CPU
 * of the run-queue this task is on.
 */
#include "lh_priv.h"

#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/smp.h>

static int lh_cookie;

static const struct proc_ops lh_ops = {
	.proc_lseek = noop_llseek,
};

void lh_check(const char *name, bool ok)
{
	pr_info("btfcc-demo: %s %s\n", ok ? "PASS" : "FAIL", name);
}

static int __init btfcc_demo_local_header_init(void)
{
	struct proc_dir_entry *pde;
	int cpu, rq_cpu;

	preempt_disable();
	cpu = smp_processor_id();
	rq_cpu = lh_rq_cpu();
	preempt_enable();
	lh_check("lh_rq_cpu", rq_cpu == cpu);

	pde = proc_create_data(LH_NAME, 0444, NULL, &lh_ops, &lh_cookie);
	if (!pde) {
		pr_info("btfcc-demo: FAIL lh_pde_name (proc_create_data returned NULL)\n");
		return 0;
	}
	lh_check("lh_pde_name", lh_pde_named(pde, LH_NAME));
	lh_other_checks(pde, &lh_cookie);
	proc_remove(pde);
	return 0;
}

static void __exit btfcc_demo_local_header_exit(void)
{
}

module_init(btfcc_demo_local_header_init);
module_exit(btfcc_demo_local_header_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("btfcc demo: private types in the module's own header, two files");
