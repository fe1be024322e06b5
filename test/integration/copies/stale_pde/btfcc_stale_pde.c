// SPDX-License-Identifier: GPL-2.0
/*
 * A module that still carries its own copy of struct proc_dir_entry, as
 * fs/proc/internal.h had it in 4.19: it compiles, and btfcc must warn at
 * the copy that it is not the kernel's.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/fs.h>
#include <linux/rbtree.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>

struct proc_dir_entry {
	atomic_t in_use;
	refcount_t refcnt;
	struct list_head pde_openers;
	spinlock_t pde_unload_lock;
	struct completion *pde_unload_completion;
	const struct inode_operations *proc_iops;
	const struct file_operations *proc_fops;
	void *data;
	unsigned int state_size;
	unsigned int low_ino;
	nlink_t nlink;
	kuid_t uid;
	kgid_t gid;
	loff_t size;
	struct proc_dir_entry *parent;
	struct rb_root subdir;
	struct rb_node subdir_node;
	char *name;
	umode_t mode;
	u8 namelen;
	char inline_name[];
};

int stale_namelen(struct proc_dir_entry *pde);
int stale_namelen(struct proc_dir_entry *pde)
{
	return pde->namelen;
}

MODULE_LICENSE("GPL");
