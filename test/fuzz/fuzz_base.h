/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_FUZZ_BASE_H
#define BTFCC_FUZZ_BASE_H

/*
 * The vmlinux BTF the split target loads its input over, built with
 * libbpf's writer so that fuzz_split and mkseed (which writes the split
 * seeds over it) agree on every id.
 */
#include <stdlib.h>
#include <bpf/btf.h>

static inline struct btf *fuzz_base_btf(void)
{
	struct btf *b = btf__new_empty();
	int i_int, i_long, s_list;

	if (!b)
		abort();
	i_int = btf__add_int(b, "int", 4, BTF_INT_SIGNED);		/* [1] */
	i_long = btf__add_int(b, "long unsigned int", 8, 0);		/* [2] */
	s_list = btf__add_struct(b, "list_head", 16);			/* [3] */
	btf__add_field(b, "next", s_list + 1, 0, 0);
	btf__add_field(b, "prev", s_list + 1, 64, 0);
	btf__add_ptr(b, s_list);					/* [4] */
	btf__add_typedef(b, "u64", i_long);				/* [5] */
	btf__add_fwd(b, "task_struct", BTF_FWD_STRUCT);		/* [6] */
	btf__add_enum(b, "state", 4);					/* [7] */
	btf__add_enum_value(b, "ST_A", 0);
	btf__add_enum_value(b, "ST_B", 1);
	(void)i_int;
	return b;
}

#endif
