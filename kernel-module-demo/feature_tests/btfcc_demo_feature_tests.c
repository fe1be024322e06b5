// SPDX-License-Identifier: GPL-2.0
/*
 * btfcc demo: one source for kernels whose private structs differ, with
 * feature tests instead of version checks. BTFCC_HAS_MEMBER(rq, donor) is
 * answered by the target kernel's BTF: 6.12 runs a task on behalf of
 * another (rq->donor beside rq->curr), 6.1 has only rq->curr; 6.1 has
 * rq->cpu_capacity_orig, 6.12 does not. The branch that does not apply is
 * never compiled, so it may name members this kernel lacks.
 *
 * Ground truth: the qemu test reads the kernel's BTF with pahole and passes
 *   expect=<rq has donor>,<rq has cpu_capacity_orig>
 * and with preemption off, the task the run-queue accounts to is current.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/preempt.h>
#include <linux/cpuhotplug.h>

static int expect[2];
static int nexpect;
module_param_array(expect, int, &nexpect, 0444);
MODULE_PARM_DESC(expect, "rq has donor, rq has cpu_capacity_orig (0/1, from pahole)");

static void check(const char *name, bool ok)
{
	pr_info("btfcc-demo: %s %s\n", ok ? "PASS" : "FAIL", name);
}

/* The task whose scheduling context the run-queue uses right now. */
static struct task_struct *rq_task(void)
{
	struct rq *rq = current->se.cfs_rq->rq;

#if BTFCC_HAS_MEMBER(rq, donor)
	return rq->donor;
#else
	return rq->curr;
#endif
}

static unsigned long rq_capacity_orig(void)
{
#if BTFCC_HAS_MEMBER(rq, cpu_capacity_orig)
	return current->se.cfs_rq->rq->cpu_capacity_orig;
#else
	return 0;
#endif
}

static int __init btfcc_demo_feature_tests_init(void)
{
	struct task_struct *t;
	unsigned long cap;

	preempt_disable();
	t = rq_task();
	cap = rq_capacity_orig();
	preempt_enable();

	check("feature_rq_task", t == current);
	check("feature_answers", nexpect == 2 && expect[0] == BTFCC_HAS_MEMBER(rq, donor) &&
				 expect[1] == BTFCC_HAS_MEMBER(rq, cpu_capacity_orig));
	/* With the member, a CPU's original capacity is never 0. */
	check("feature_capacity", BTFCC_HAS_MEMBER(rq, cpu_capacity_orig) ? cap > 0 : cap == 0);
	check("feature_absent", !BTFCC_HAS_STRUCT(btfcc_no_such_struct) &&
				BTFCC_HAS_STRUCT(rq) && BTFCC_HAS_ENUMERATOR(CPUHP_AP_ONLINE_DYN));
	return 0;
}

static void __exit btfcc_demo_feature_tests_exit(void)
{
}

module_init(btfcc_demo_feature_tests_init);
module_exit(btfcc_demo_feature_tests_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("btfcc demo: feature tests against the target kernel's BTF");
