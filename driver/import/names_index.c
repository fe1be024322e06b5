// SPDX-License-Identifier: GPL-2.0-only
/* Writes the names index (driver/btf_names.c) of a loaded BTF, once. */
#include <stdio.h>
#include <stdlib.h>

#include <bpf/btf.h>

#include "../driver.h"
#include "util/strbuf.h"

void btf_names_write(const struct btf *btf, const char *btf_path, const struct strvec *dirs)
{
	__u32 n = btf__type_cnt(btf);
	struct strbuf sb;

	if (btf_names_stored(btf_path))
		return;
	sb_init(&sb);
	sb_add(&sb, "\n");
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name = btf__name_by_offset(btf, t->name_off);
		const char *kw = btf_is_struct(t) ? "struct" : btf_is_union(t) ? "union" :
				 btf_is_any_enum(t) ? "enum" : NULL;

		if (kw && name && *name)
			sb_addf(&sb, "%s %s\n", kw, name);
	}
	private_names_lines(btf, dirs, &sb);
	btf_names_store(btf_path, sb.buf, sb.len);
	sb_free(&sb);
}
