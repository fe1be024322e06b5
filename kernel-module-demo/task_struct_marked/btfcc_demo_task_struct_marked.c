// SPDX-License-Identifier: GPL-2.0
/*
 * btfcc demo: a marker on a public type. struct task_struct is defined by
 * <linux/sched.h>; btfcc must not define it again, only check the headers'
 * layout against the kernel's BTF (and stop the build if they disagree).
 */
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/pid.h>

static int __init btfcc_demo_task_struct_marked_init(void)
{
	struct task_struct *t = current; //BTF_INCLUDE
	bool ok = t->pid == task_pid_nr(current) && t->tgid == task_tgid_nr(current);

	pr_info("btfcc-demo: %s task_struct_pid\n", ok ? "PASS" : "FAIL");
	return 0;
}

static void __exit btfcc_demo_task_struct_marked_exit(void)
{
}

module_init(btfcc_demo_task_struct_marked_init);
module_exit(btfcc_demo_task_struct_marked_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("btfcc demo: //BTF_INCLUDE on a public type");
