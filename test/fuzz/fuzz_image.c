// SPDX-License-Identifier: GPL-2.0-only
/*
 * The boot image's header (plugin/image): the bzImage sniffer and parser
 * and the compression sniffer, on the bytes of a vmlinuz.
 */
#include "fuzz_common.h"
#include "image/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct btfcc_err err = { 0 };
	struct btfcc_bzimage bz;

	btfcc_comp_sniff(data, len);
	if (!btfcc_bzimage_sniff(data, len))
		return 0;
	if (btfcc_bzimage_parse(data, len, len, &bz, &err)) {
		fuzz_check_msg(&err);
		return 0;
	}
	/* What the loader then reads must lie inside the file. */
	if (bz.payload_off > len || bz.payload_len > len - bz.payload_off ||
	    !memchr(bz.version, '\0', sizeof(bz.version)))
		abort();
	btfcc_comp_sniff(data + bz.payload_off, bz.payload_len);
	return 0;
}
