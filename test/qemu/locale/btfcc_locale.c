// SPDX-License-Identifier: GPL-2.0
/*
 * A private struct (struct xattr_ctx: fs/internal.h) in every position that
 * needs its definition, with no //BTF_INCLUDE marker: btfcc must find each
 * from the failed first compile whatever language the compiler speaks.
 * test_locale.sh builds it under several locales and loads each build.
 *
 * Ground truth for the layout is pahole's reading of the kernel's BTF,
 * passed as expect=<sizeof>,<offsetof size>,<offsetof flags>.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/stddef.h>
#include <linux/xattr.h>

static int expect[3];
static int nexpect;
module_param_array(expect, int, &nexpect, 0444);

/* A member of the module's own struct. */
struct holder {
	struct xattr_ctx ctx;
	int tail;
};

/* A function parameter, by value. */
static noinline size_t size_of_copy(struct xattr_ctx c)
{
	return c.size;
}

static void check(const char *name, bool ok)
{
	pr_info("btfcc-locale: %s %s_%s\n", ok ? "PASS" : "FAIL", KBUILD_MODNAME, name);
}

static int __init btfcc_locale_init(void)
{
	struct xattr_ctx ctx = { .size = 3 };		/* by value */
	struct xattr_ctx arr[2];			/* an array of */
	struct holder h = { .tail = 7 };
	void *opaque = &ctx;

	arr[1].size = 4;
	check("layout", nexpect == 3 && expect[0] == sizeof(struct xattr_ctx) &&
			expect[1] == offsetof(struct xattr_ctx, size) &&
			expect[2] == offsetof(struct xattr_ctx, flags));
	check("array", sizeof(arr) == 2 * sizeof(ctx) && arr[1].size == 4);
	check("member", offsetof(struct holder, tail) >= sizeof(struct xattr_ctx) &&
			h.tail == 7 && h.ctx.size == 0);
	check("cast", ((struct xattr_ctx *)opaque)->size == 3);		/* a cast to */
	check("compound_literal", size_of_copy((struct xattr_ctx){ .size = 5 }) == 5);
	return 0;
}

static void __exit btfcc_locale_exit(void)
{
}

module_init(btfcc_locale_init);
module_exit(btfcc_locale_exit);
MODULE_LICENSE("GPL");
