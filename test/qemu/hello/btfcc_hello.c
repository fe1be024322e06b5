// SPDX-License-Identifier: GPL-2.0
/* Harness self-test: a module with nothing private in it, built with plain gcc. */
#include <linux/module.h>
#include <linux/smp.h>
#include <linux/cpumask.h>

static int __init btfcc_hello_init(void)
{
	pr_info("btfcc-hello: loaded, %u cpus online\n", num_online_cpus());
	return 0;
}

static void __exit btfcc_hello_exit(void)
{
	pr_info("btfcc-hello: unloaded\n");
}

module_init(btfcc_hello_init);
module_exit(btfcc_hello_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("btfcc qemu harness self-test");
