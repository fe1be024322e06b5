// SPDX-License-Identifier: GPL-2.0
/*
 * btfcc demo: a public header included in the middle of the file. The first
 * function needs struct proc_dir_entry (private) and nothing from
 * <linux/proc_ns.h>; only then does the file include <linux/proc_ns.h>,
 * which defines struct ns_common, and the next function needs struct
 * mnt_namespace (private, fs/mount.h), which embeds a struct ns_common.
 * btfcc's imports go before the first function, above <linux/proc_ns.h>.
 *
 * Ground truth: what proc_create_data() was given; the mount namespace of
 * this task is one (its ns.ops are the "mnt" operations, of type
 * CLONE_NEWNS) and belongs to this task's user namespace.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/string.h>
#include <linux/sched.h>

#define MI_NAME "btfcc_demo_mi"

static void check(const char *name, bool ok)
{
	pr_info("btfcc-demo: %s %s\n", ok ? "PASS" : "FAIL", name);
}

static bool mi_pde_named(const struct proc_dir_entry *pde, const char *name)
{
	return pde->namelen == strlen(name) && !strcmp(pde->name, name);
}

#include <linux/proc_ns.h>
#include <linux/nsproxy.h>
#include <linux/cred.h>
#include <linux/sched/task.h>

static void mi_mnt_ns_checks(void)
{
	struct mnt_namespace *ns;
	const struct proc_ns_operations *ops;
	struct user_namespace *user_ns;

	task_lock(current);
	ns = current->nsproxy->mnt_ns;
	ops = ns->ns.ops;
	user_ns = ns->user_ns;
	task_unlock(current);
	check("mi_mnt_ns_ops", ops && ops->type == CLONE_NEWNS && !strcmp(ops->name, "mnt"));
	check("mi_mnt_ns_user_ns", user_ns == current_user_ns());
}

static int mi_cookie;

static const struct proc_ops mi_ops = {
	.proc_lseek = noop_llseek,
};

static int __init btfcc_demo_mid_include_init(void)
{
	struct proc_dir_entry *pde;

	pde = proc_create_data(MI_NAME, 0444, NULL, &mi_ops, &mi_cookie);
	if (!pde) {
		pr_info("btfcc-demo: FAIL mi_pde_name (proc_create_data returned NULL)\n");
		return 0;
	}
	check("mi_pde_name", mi_pde_named(pde, MI_NAME));
	proc_remove(pde);
	mi_mnt_ns_checks();
	return 0;
}

static void __exit btfcc_demo_mid_include_exit(void)
{
}

module_init(btfcc_demo_mid_include_init);
module_exit(btfcc_demo_mid_include_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("btfcc demo: a public header included mid-file, after the first import");
