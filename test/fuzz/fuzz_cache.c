// SPDX-License-Identifier: GPL-2.0-only
/*
 * A file in the cache directory (btf_cache.c): whatever it holds, a read
 * is a valid hit for the identity asked for, or a miss; a hit is then
 * parsed as btf_load.c does, and a hit libbpf rejects is a miss too.
 */
#include "fuzz_common.h"
#include "btf/btf_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct btfcc_err err = { 0 };
	struct btfcc_buf b = { 0 };
	struct fuzz_file f;
	struct stat st;

	fuzz_cache_stat(&st);
	fuzz_file_open(&f, data, len);
	if (!btfcc_cache_read(f.path, &st, &b)) {
		struct btf *btf;

		/* A hit is the entry's BTF bytes, never more than the file. */
		if (b.len >= len)
			abort();
		btf = btfcc_btf_from_raw(b.data, b.len, NULL, &err);
		if (!btf)
			fuzz_check_msg(&err);
		btf__free(btf);
		btfcc_buf_free(&b);
	}
	fuzz_file_close(&f);
	return 0;
}
