// SPDX-License-Identifier: GPL-2.0-only
/*
 * One decompressor of plugin/btf/decompress.c, chosen at build time
 * (FUZZ_COMP: one target per compressor, so each one's corpus stays its
 * own). The limit is small so that a bomb is found cheaply: what matters
 * is that it is refused, not how far it goes.
 */
#include "fuzz_common.h"
#include "btf/btf_internal.h"

#define FUZZ_LIMIT (4u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct btfcc_err err = { 0 };
	struct btfcc_buf out = { 0 };
	int prefix;

	for (prefix = 0; prefix < 2; prefix++) {
		if (btfcc_decompress(FUZZ_COMP, data, len, prefix ? 4096 : FUZZ_LIMIT, prefix,
				     &out, &err)) {
			fuzz_check_msg(&err);
		} else if (out.len > (prefix ? 4096 : FUZZ_LIMIT)) {
			abort();
		}
		btfcc_buf_free(&out);
	}
	return 0;
}
