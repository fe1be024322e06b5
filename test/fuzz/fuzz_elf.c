// SPDX-License-Identifier: GPL-2.0-only
/*
 * .BTF out of an ELF (plugin/btf/elf_btf.c), in memory as for an inflated
 * vmlinux and from a file as for a vmlinux or .ko on disk.
 */
#include "fuzz_common.h"
#include "btf/btf_internal.h"

static void check(enum btfcc_elf_res res, struct btfcc_buf *b, const struct btfcc_err *err)
{
	if (res == BTFCC_ELF_ERR)
		fuzz_check_msg(err);
	else if (res == BTFCC_ELF_OK && !b->len)
		abort();
	btfcc_buf_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct btfcc_err err = { 0 };
	struct btfcc_buf b = { 0 };
	struct btfcc_elf_info info;
	struct fuzz_file f;
	void *copy;

	/* libelf may write into the image it is given: give it a copy. */
	copy = malloc(len ? len : 1);
	memcpy(copy, data, len);
	check(btfcc_elf_btf_mem(copy, len, &b, &info, &err), &b, &err);
	free(copy);

	fuzz_file_open(&f, data, len);
	check(btfcc_elf_btf_fd(f.fd, &b, &info, &err), &b, &err);
	fuzz_file_close(&f);
	return 0;
}
