// SPDX-License-Identifier: GPL-2.0
/*
 * btfcc demo: struct proc_dir_entry, private to fs/proc/internal.h.
 *
 * Creates /proc/btfcc_demo and reads back, through the private struct, what
 * proc_create_data() was given: the name, its length, the mode (proc adds
 * S_IFREG to a mode without a file type), the proc_ops (in an anonymous
 * union) and the data pointer (also what the public pde_data() returns).
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/stat.h>
#include <linux/string.h>

#define DEMO_NAME "btfcc_demo"
#define DEMO_MODE 0444

static int demo_cookie;

static int demo_show(struct seq_file *m, void *v)
{
	seq_puts(m, "btfcc\n");
	return 0;
}

static int demo_open(struct inode *inode, struct file *file)
{
	return single_open(file, demo_show, NULL);
}

static const struct proc_ops demo_ops = {
	.proc_open = demo_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

static void check(const char *name, bool ok)
{
	pr_info("btfcc-demo: %s %s\n", ok ? "PASS" : "FAIL", name);
}

static int __init btfcc_demo_proc_entry_init(void)
{
	struct proc_dir_entry *pde;

	pde = proc_create_data(DEMO_NAME, DEMO_MODE, NULL, &demo_ops, &demo_cookie);
	if (!pde) {
		pr_info("btfcc-demo: FAIL proc_create (returned NULL)\n");
		return 0;
	}
	check("pde_name", pde->name && strcmp(pde->name, DEMO_NAME) == 0);
	check("pde_namelen", pde->namelen == strlen(DEMO_NAME));
	check("pde_mode", pde->mode == (S_IFREG | DEMO_MODE));
	check("pde_proc_ops", pde->proc_ops == &demo_ops);
	check("pde_data", pde->data == &demo_cookie);
	if (pde->mode != (S_IFREG | DEMO_MODE) || pde->namelen != strlen(DEMO_NAME))
		pr_info("btfcc-demo: info pde mode=%o namelen=%u\n", pde->mode, pde->namelen);
	proc_remove(pde);
	return 0;
}

static void __exit btfcc_demo_proc_entry_exit(void)
{
}

module_init(btfcc_demo_proc_entry_init);
module_exit(btfcc_demo_proc_entry_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("btfcc demo: struct proc_dir_entry from BTF");
