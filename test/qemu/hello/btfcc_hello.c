// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test: a module with nothing private in it, built with plain
 * gcc. It also prints from a kthread while /init goes on writing to the
 * console: the harness must keep both sets of lines whole.
 */
#include <linux/module.h>
#include <linux/smp.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/delay.h>

#define BTFCC_HELLO_LINES 200

static DECLARE_COMPLETION(btfcc_hello_done);

static int btfcc_hello_chatter(void *unused)
{
	int i;

	for (i = 1; i <= BTFCC_HELLO_LINES; i++) {
		pr_info("btfcc-hello: line %d of %d\n", i, BTFCC_HELLO_LINES);
		usleep_range(100, 300);
	}
	/* Not complete() and return: rmmod may free this code before the return. */
	kthread_complete_and_exit(&btfcc_hello_done, 0);
}

static int __init btfcc_hello_init(void)
{
	struct task_struct *t;

	pr_info("btfcc-hello: loaded, %u cpus online\n", num_online_cpus());
	t = kthread_run(btfcc_hello_chatter, NULL, "btfcc_hello");
	return PTR_ERR_OR_ZERO(t);
}

static void __exit btfcc_hello_exit(void)
{
	wait_for_completion(&btfcc_hello_done);
	pr_info("btfcc-hello: unloaded\n");
}

module_init(btfcc_hello_init);
module_exit(btfcc_hello_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("btfcc qemu harness self-test");
