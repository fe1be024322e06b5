// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which compressor wrote a stream, by its magic. Only the names: the
 * decoders (and their libraries) live in plugin/btf, so that reading a
 * boot image's release links none of them.
 */
#include <string.h>

#include "image/image.h"

struct comp_magic {
	enum btfcc_comp comp;
	const char *name;
	const char *magic;
	size_t len;
};

static const struct comp_magic magics[] = {
	{ BTFCC_COMP_GZIP, "gzip", "\x1f\x8b", 2 },
	{ BTFCC_COMP_XZ, "xz", "\xfd" "7zXZ\0", 6 },
	{ BTFCC_COMP_ZSTD, "zstd", "\x28\xb5\x2f\xfd", 4 },
	{ BTFCC_COMP_LZ4, "lz4", "\x02\x21\x4c\x18", 4 },
	{ BTFCC_COMP_BZIP2, "bzip2", "BZh", 3 },
	{ BTFCC_COMP_LZMA, "lzma", "\x5d\x00\x00", 3 },
	{ BTFCC_COMP_LZO, "lzo", "\x89LZO", 4 },
};

enum btfcc_comp btfcc_comp_sniff(const void *p, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (len >= magics[i].len && !memcmp(p, magics[i].magic, magics[i].len))
			return magics[i].comp;
	return BTFCC_COMP_NONE;
}

const char *btfcc_comp_name(enum btfcc_comp comp)
{
	size_t i;

	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (magics[i].comp == comp)
			return magics[i].name;
	return "none";
}

bool btfcc_comp_supported(enum btfcc_comp comp)
{
	return comp == BTFCC_COMP_GZIP || comp == BTFCC_COMP_XZ ||
	       comp == BTFCC_COMP_ZSTD || comp == BTFCC_COMP_LZ4;
}

