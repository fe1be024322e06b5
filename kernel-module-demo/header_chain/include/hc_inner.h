/* SPDX-License-Identifier: GPL-2.0 */
/* The second level: the scheduler's run-queue of this task's CPU. */
#ifndef BTFCC_DEMO_HC_INNER_H
#define BTFCC_DEMO_HC_INNER_H

#include <linux/sched.h>

/* Call with preemption off. */
static inline int hc_rq_cpu(void)
{
	return current->se.cfs_rq->rq->cpu;
}

static inline bool hc_rq_runs_current(void)
{
	return current->se.cfs_rq->rq->cpu == task_cpu(current);
}

#endif
