// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfcc_btf_load() on any file (plugin/btf/btf_load.c): the format sniffer,
 * raw BTF, ELF, whole-file compressed modules (.ko.xz, .ko.zst, .ko.gz)
 * and boot images, without the cache. The path of any loader bug a
 * downloaded kernel artifact can reach.
 */
#include "fuzz_common.h"
#include "btf/btf_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct btfcc_load_opts opts = { .cache_dir = "" };
	struct btfcc_err err = { 0 };
	struct fuzz_file f;
	struct btf *btf;

	fuzz_file_open(&f, data, len);
	btf = btfcc_btf_load(f.path, &opts, &err);
	if (!btf)
		fuzz_check_msg(&err);
	btf__free(btf);
	if (btfcc_btf_format_of(f.path, &err) == BTFCC_FMT_UNKNOWN)
		fuzz_check_msg(&err);
	fuzz_file_close(&f);
	return 0;
}
