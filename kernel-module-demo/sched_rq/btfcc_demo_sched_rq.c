// SPDX-License-Identifier: GPL-2.0
/*
 * btfcc demo: the scheduler's private run-queue types, with no marker at all.
 *
 * struct cfs_rq and struct rq live in kernel/sched/sched.h; the public
 * headers only declare them. btfcc sees that this file dereferences them and
 * imports their definitions from the target kernel's BTF. In 6.12 rq->curr
 * sits in an anonymous union (beside rq->donor); the source is the same.
 *
 * Ground truth: on every online CPU (a kworker bound to it), with preemption
 * disabled, current->se.cfs_rq->rq must be that CPU's run-queue: rq->cpu ==
 * smp_processor_id() and rq->curr == current.
 */
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/preempt.h>
#include <linux/cpumask.h>
#include <linux/cpu.h>
#include <linux/workqueue.h>

#define RESULT_CPU_OK	1L
#define RESULT_CURR_OK	2L

static long check_on_this_cpu(void *arg)
{
	struct rq *rq;
	int cpu, rq_cpu;
	bool curr_ok;
	long res = 0;

	preempt_disable();
	cpu = smp_processor_id();
	rq = current->se.cfs_rq->rq;
	rq_cpu = rq->cpu;
	curr_ok = rq->curr == current;
	preempt_enable();

	if (rq_cpu == cpu)
		res |= RESULT_CPU_OK;
	else
		pr_info("btfcc-demo: FAIL rq_cpu (on cpu %d: rq->cpu = %d)\n", cpu, rq_cpu);
	if (curr_ok)
		res |= RESULT_CURR_OK;
	else
		pr_info("btfcc-demo: FAIL rq_curr (on cpu %d: rq->curr != current)\n", cpu);
	return res;
}

static int __init btfcc_demo_sched_rq_init(void)
{
	unsigned int cpu, checked = 0;
	bool cpu_ok = true, curr_ok = true;
	long res;

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		res = work_on_cpu(cpu, check_on_this_cpu, NULL);
		cpu_ok &= !!(res & RESULT_CPU_OK);
		curr_ok &= !!(res & RESULT_CURR_OK);
		checked++;
	}
	cpus_read_unlock();

	pr_info("btfcc-demo: info sched_rq checked %u cpus\n", checked);
	if (cpu_ok)
		pr_info("btfcc-demo: PASS rq_cpu\n");
	if (curr_ok)
		pr_info("btfcc-demo: PASS rq_curr\n");
	return 0;
}

static void __exit btfcc_demo_sched_rq_exit(void)
{
}

module_init(btfcc_demo_sched_rq_init);
module_exit(btfcc_demo_sched_rq_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("btfcc demo: struct rq and struct cfs_rq from BTF");
