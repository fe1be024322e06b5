// SPDX-License-Identifier: GPL-2.0
/*
 * Stale copies of a union and an enum: fs/proc/internal.h's union proc_op
 * with a member the kernel does not have, and kernel/sched/cpuacct.c's enum
 * cpuacct_stat_index with an enumerator's value moved. btfcc must warn at
 * both. An own definition of a name BTF does not have, and one of a name BTF
 * has (struct node, include/linux/node.h) but with none of its members, get
 * no word.
 */
#include <linux/module.h>
#include <linux/fs.h>

union proc_op {
	int (*proc_get_link)(struct dentry *, struct path *);
	int (*proc_read)(void *);
};

enum cpuacct_stat_index {
	CPUACCT_STAT_USER,
	CPUACCT_STAT_SYSTEM = 2,
	CPUACCT_STAT_NSTATS,
};

struct btfcc_stale_misc_own {
	int a;
};

struct node {
	int val;
	struct node *next;
};

int stale_misc(union proc_op *op, struct btfcc_stale_misc_own *o, struct node *n);
int stale_misc(union proc_op *op, struct btfcc_stale_misc_own *o, struct node *n)
{
	return op->proc_read(o) + CPUACCT_STAT_SYSTEM + n->next->val;
}

MODULE_LICENSE("GPL");
