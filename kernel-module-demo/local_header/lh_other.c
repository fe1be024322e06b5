// SPDX-License-Identifier: GPL-2.0
/* The module's second file: the same header first, the same helpers. */
#include "lh_priv.h"

#include <linux/preempt.h>
#include <linux/smp.h>

void lh_other_checks(struct proc_dir_entry *pde, const void *data)
{
	int cpu, rq_cpu;

	lh_check("lh_other_pde_name", lh_pde_named(pde, LH_NAME));
	lh_check("lh_other_pde_data", pde->data == data);
	preempt_disable();
	cpu = smp_processor_id();
	rq_cpu = lh_rq_cpu();
	preempt_enable();
	lh_check("lh_other_rq_cpu", rq_cpu == cpu);
}
