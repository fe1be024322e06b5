// SPDX-License-Identifier: GPL-2.0
/*
 * btfcc demo: the original proof of concept. struct xattr_ctx (and struct
 * xattr_name, which it points to) are private: fs/xattr.c / fs/internal.h.
 * The //BTF_INCLUDE marker asks btfcc for the type by name.
 *
 * The kernel offers no run-time view of this struct's layout, so the ground
 * truth comes from the kernel's own BTF read by an independent tool: the qemu
 * test reads sizeof and the member offsets with pahole and passes them as
 *   expect=<sizeof>,<value>,<kvalue>,<size>,<kname>,<flags>
 * The public XATTR_NAME_MAX gives sizeof(struct xattr_name). The struct is
 * then filled the way setxattr_copy() fills it.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/xattr.h>
#include <uapi/linux/limits.h>

static int expect[6];
static int nexpect;
module_param_array(expect, int, &nexpect, 0444);
MODULE_PARM_DESC(expect, "sizeof, offsets of value, kvalue, size, kname, flags (from pahole)");

static void check(const char *name, bool ok)
{
	pr_info("btfcc-demo: %s %s\n", ok ? "PASS" : "FAIL", name);
}

static int __init btfcc_demo_xattr_ctx_init(void)
{
	static const char value[] = "btfcc";
	struct xattr_ctx ctx; //BTF_INCLUDE
	struct xattr_name *kname;
	const int got[6] = {
		sizeof(struct xattr_ctx),
		offsetof(struct xattr_ctx, value),
		offsetof(struct xattr_ctx, kvalue),
		offsetof(struct xattr_ctx, size),
		offsetof(struct xattr_ctx, kname),
		offsetof(struct xattr_ctx, flags),
	};

	if (nexpect != ARRAY_SIZE(expect)) {
		pr_info("btfcc-demo: FAIL xattr_ctx_layout (needs expect=<6 numbers>, got %d)\n",
			nexpect);
	} else if (memcmp(got, expect, sizeof(got)) != 0) {
		pr_info("btfcc-demo: FAIL xattr_ctx_layout (btfcc %d,%d,%d,%d,%d,%d; BTF %d,%d,%d,%d,%d,%d)\n",
			got[0], got[1], got[2], got[3], got[4], got[5],
			expect[0], expect[1], expect[2], expect[3], expect[4], expect[5]);
	} else {
		check("xattr_ctx_layout", true);
	}
	check("xattr_name_size", sizeof(*ctx.kname) == XATTR_NAME_MAX + 1);

	/* Fill it as setxattr_copy() does. */
	kname = kmalloc(sizeof(*kname), GFP_KERNEL);
	if (!kname) {
		pr_info("btfcc-demo: FAIL xattr_ctx_fill (no memory)\n");
		return 0;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.cvalue = value;
	ctx.size = sizeof(value);
	ctx.kname = kname;
	ctx.flags = XATTR_CREATE;
	strscpy(ctx.kname->name, XATTR_USER_PREFIX "btfcc", sizeof(ctx.kname->name));
	ctx.kvalue = kvmalloc(ctx.size, GFP_KERNEL);
	if (ctx.kvalue)
		memcpy(ctx.kvalue, ctx.cvalue, ctx.size);
	check("xattr_ctx_fill", ctx.value == value && ctx.kvalue &&
				memcmp(ctx.kvalue, value, sizeof(value)) == 0 &&
				strcmp(kname->name, "user.btfcc") == 0 &&
				ctx.flags == XATTR_CREATE);
	kvfree(ctx.kvalue);
	kfree(kname);
	return 0;
}

static void __exit btfcc_demo_xattr_ctx_exit(void)
{
}

module_init(btfcc_demo_xattr_ctx_init);
module_exit(btfcc_demo_xattr_ctx_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("btfcc demo: struct xattr_ctx from BTF");
