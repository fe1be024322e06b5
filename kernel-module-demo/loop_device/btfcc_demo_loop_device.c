// SPDX-License-Identifier: GPL-2.0
/*
 * btfcc demo: a type that lives in a loadable module. struct loop_device is
 * defined in drivers/block/loop.c, which distributions build as loop.ko, so
 * vmlinux's BTF lacks it: btfcc finds it in loop.ko's split BTF (the module
 * index, docs/modules.md). No marker.
 *
 * The qemu test loads loop.ko first (it creates /dev/loop0..7). Every loop
 * disk's gendisk points back to its loop_device (private_data), and the
 * loop_device holds that disk, its queue and its number: three facts the
 * kernel itself set, read through btfcc's layout.
 */
#include <linux/module.h>
#include <linux/blkdev.h>
#include <linux/err.h>
#include <linux/fs.h>

static void check(const char *name, bool ok)
{
	pr_info("btfcc-demo: %s %s\n", ok ? "PASS" : "FAIL", name);
}

static int __init btfcc_demo_loop_init(void)
{
	struct file *f = filp_open("/dev/loop0", O_RDONLY, 0);
	struct gendisk *disk;
	struct loop_device *lo;

	if (IS_ERR(f)) {
		pr_info("btfcc-demo: FAIL loop_open (%ld: is loop.ko loaded?)\n", PTR_ERR(f));
		return 0;
	}
	disk = I_BDEV(f->f_mapping->host)->bd_disk;
	lo = disk->private_data;
	check("loop_disk", lo->lo_disk == disk);
	check("loop_queue", lo->lo_queue == disk->queue);
	check("loop_number", lo->lo_number == 0);
	filp_close(f, NULL);
	return 0;
}

static void __exit btfcc_demo_loop_exit(void)
{
}

module_init(btfcc_demo_loop_init);
module_exit(btfcc_demo_loop_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("btfcc demo: struct loop_device from loop.ko's BTF");
