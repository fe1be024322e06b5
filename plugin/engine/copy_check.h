/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_COPY_CHECK_H
#define BTFCC_COPY_CHECK_H

#include <stddef.h>
#include <bpf/btf.h>

#include "engine/plan.h"
#include "util/strbuf.h"

/*
 * A record or enum the module defines itself under a name the kernel's BTF
 * also has: usually a hand copy of a kernel-private type, taken from the
 * kernel it was written for. Its layout as the module's compiler sees it:
 */
struct btfcc_copy_item {
	const char *name;
	long long value;	/* a member's offset in bits; an enumerator's value */
};

struct btfcc_copy {
	enum btfcc_ns ns;	/* struct, union or enum */
	const char *name;
	long long size;		/* bytes */
	/* Members in order, anonymous members flattened; or the enumerators. */
	const struct btfcc_copy_item *items;
	size_t n_items;
	const char *where;	/* "file:line:col" of the definition */
};

/*
 * 1 when BTF has a type of that kind and name with at least half of the
 * copy's member (enumerator) names, and no such type has the copy's
 * layout: msg then says what differs first ("'proc_fops' at offset 48 here
 * is not a member of the kernel's struct proc_dir_entry (it has 'proc_ops'
 * there)"). 0 when one matches, or BTF has none the copy looks copied from.
 */
int btfcc_copy_differs(const struct btf *btf, const struct btfcc_copy *copy, struct strbuf *msg);

#endif
