// SPDX-License-Identifier: GPL-2.0
/*
 * A module with its own struct linux_dirent (the kernel's, in fs/readdir.c,
 * has no d_type member): the module's type on purpose, marked BTF_OWN, so
 * btfcc must not warn. The test builds it again without the marker.
 */
#include <linux/module.h>
#include <linux/types.h>

struct linux_dirent { //BTF_OWN
	u64 d_ino;
	s64 d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int own_reclen(struct linux_dirent *d);
int own_reclen(struct linux_dirent *d)
{
	return d->d_reclen + d->d_type;
}

MODULE_LICENSE("GPL");
