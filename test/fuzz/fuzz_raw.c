// SPDX-License-Identifier: GPL-2.0-only
/*
 * Raw BTF bytes to a validated struct btf (btf_raw.c, btf_validate.c).
 * A BTF that loads must be one whose every name and type reference the
 * engine may then follow without checking again.
 */
#include "fuzz_common.h"
#include "btf/btf_internal.h"

static void walk(const struct btf *btf)
{
	__u32 id, n = btf__type_cnt(btf);

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!t || !btf__name_by_offset(btf, t->name_off))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct btfcc_err err = { 0 };
	struct btf *btf;

	btf = btfcc_btf_from_raw(data, len, NULL, &err);
	if (!btf) {
		fuzz_check_msg(&err);
		return 0;
	}
	walk(btf);
	btf__free(btf);
	return 0;
}
