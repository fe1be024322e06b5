/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_IMAGE_H
#define BTFCC_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/*
 * What a kernel boot image is, from its headers alone: its compressor and
 * its release. Needs no decompression library, so the btfcc wrapper can
 * check a vmlinuz's release on every build that imports.
 */
enum btfcc_comp {
	BTFCC_COMP_NONE,
	BTFCC_COMP_GZIP,
	BTFCC_COMP_XZ,
	BTFCC_COMP_ZSTD,
	BTFCC_COMP_LZ4,		/* legacy frame, as "lz4 -l" writes it */
	BTFCC_COMP_BZIP2,	/* recognized only to say it is unsupported */
	BTFCC_COMP_LZMA,
	BTFCC_COMP_LZO,
};

enum btfcc_comp btfcc_comp_sniff(const void *p, size_t len);
const char *btfcc_comp_name(enum btfcc_comp comp);
bool btfcc_comp_supported(enum btfcc_comp comp);

struct btfcc_bzimage {
	size_t payload_off;	/* from the start of the file */
	size_t payload_len;
	enum btfcc_comp comp;
	char version[256];	/* "" when the header has none */
};

/* Enough of the file's start for the header and the version string. */
#define BTFCC_BZIMAGE_HEAD (129 * 1024)

bool btfcc_bzimage_sniff(const void *p, size_t len);
/*
 * Parse the boot header of the image at p (len bytes, maybe only the head
 * of the file when file_len says more). The payload must fit in file_len.
 */
int btfcc_bzimage_parse(const void *p, size_t len, size_t file_len,
			struct btfcc_bzimage *bz, struct btfcc_err *err);

/*
 * The kernel release a boot image says it is (the first word of the bzImage
 * header's kernel_version string, e.g. "6.1.0-56-amd64"). Returns 0 on
 * success, -1 with err filled when path is no bzImage or has no version.
 */
int btfcc_bzimage_release(const char *path, char *buf, size_t len, struct btfcc_err *err);

#endif
