/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's own header: static inline helpers that walk kernel-private
 * types (struct proc_dir_entry from fs/proc/internal.h; struct cfs_rq and
 * struct rq from kernel/sched/sched.h). Both .c files include it first, so
 * the only place these public headers come in is here, after the point
 * where a .c file's own lines begin: btfcc's imports must work from here.
 */
#ifndef BTFCC_DEMO_LH_PRIV_H
#define BTFCC_DEMO_LH_PRIV_H

#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/string.h>

#define LH_NAME "btfcc_demo_lh"

/* Like fs/proc: the name proc_create_data() was given, and its length. */
static inline bool lh_pde_named(const struct proc_dir_entry *pde, const char *name)
{
	return pde->namelen == strlen(name) && !strcmp(pde->name, name);
}

/* The CPU of this task's run-queue; call with preemption off. */
static inline int lh_rq_cpu(void)
{
	return current->se.cfs_rq->rq->cpu;
}

void lh_check(const char *name, bool ok);
void lh_other_checks(struct proc_dir_entry *pde, const void *data);

#endif
