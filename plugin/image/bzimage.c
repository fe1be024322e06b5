// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x86 boot header of a bzImage (Documentation/arch/x86/boot.rst):
 * where the compressed vmlinux sits and which release the image is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdint.h>
#include <sys/stat.h>

#include "image/image.h"
#include "util/fileio.h"
#include "util/xalloc.h"

#define HDR_SETUP_SECTS		0x1f1
#define HDR_BOOT_FLAG		0x1fe	/* 0xAA55 */
#define HDR_MAGIC		0x202	/* "HdrS" */
#define HDR_VERSION		0x206
#define HDR_KERNEL_VERSION	0x20e
#define HDR_PAYLOAD_OFFSET	0x248
#define HDR_PAYLOAD_LENGTH	0x24c
#define HDR_END			0x250

static uint32_t le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

bool btfcc_bzimage_sniff(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	return len >= HDR_VERSION && p[HDR_BOOT_FLAG] == 0x55 &&
	       p[HDR_BOOT_FLAG + 1] == 0xaa && !memcmp(p + HDR_MAGIC, "HdrS", 4);
}

/* kernel_version points 0x200 bytes short of a NUL-terminated string. */
static void parse_version(const uint8_t *p, size_t len, struct btfcc_bzimage *bz)
{
	size_t off = le16(p + HDR_KERNEL_VERSION), i;

	bz->version[0] = '\0';
	if (!off)
		return;
	off += 0x200;
	for (i = 0; off + i < len && i < sizeof(bz->version) - 1; i++) {
		uint8_t c = p[off + i];

		if (!c)
			break;
		if (c < 0x20 || c > 0x7e) {
			i = 0;	/* not text: a corrupt pointer, report no version */
			break;
		}
		bz->version[i] = c;
	}
	bz->version[i] = '\0';
}

int btfcc_bzimage_parse(const void *buf, size_t len, size_t file_len,
			struct btfcc_bzimage *bz, struct btfcc_err *err)
{
	const uint8_t *p = buf;
	size_t setup_sects, pm_start;

	memset(bz, 0, sizeof(*bz));
	if (!btfcc_bzimage_sniff(p, len) || len < HDR_END) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "not a bzImage (no \"HdrS\" boot header)");
		return -1;
	}
	if (le16(p + HDR_VERSION) < 0x208) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "boot protocol %x.%02x is older than 2.08 and has no payload fields",
			      p[HDR_VERSION + 1], p[HDR_VERSION]);
		return -1;
	}
	parse_version(p, len, bz);
	/* The protected-mode kernel follows the boot sector and the setup. */
	setup_sects = p[HDR_SETUP_SECTS] ? p[HDR_SETUP_SECTS] : 4;
	pm_start = (setup_sects + 1) * 512;
	bz->payload_off = pm_start + le32(p + HDR_PAYLOAD_OFFSET);
	bz->payload_len = le32(p + HDR_PAYLOAD_LENGTH);
	if (!bz->payload_len || bz->payload_off > file_len ||
	    bz->payload_len > file_len - bz->payload_off) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "truncated kernel image: payload of %zu bytes at %zu, file has %zu",
			      bz->payload_len, bz->payload_off, file_len);
		return -1;
	}
	if (bz->payload_off < len)
		bz->comp = btfcc_comp_sniff(p + bz->payload_off,
					    len - bz->payload_off < bz->payload_len ?
					    len - bz->payload_off : bz->payload_len);
	return 0;
}

int btfcc_bzimage_release(const char *path, char *buf, size_t len, struct btfcc_err *err)
{
	struct btfcc_bzimage bz;
	struct stat st;
	uint8_t *head;
	long n;
	int ret = -1;

	head = xmalloc(BTFCC_BZIMAGE_HEAD);
	n = util_read_head(path, head, BTFCC_BZIMAGE_HEAD, err);
	if (n < 0 || stat(path, &st) < 0) {
		if (n >= 0)
			btfcc_err_set(err, BTFCC_E_IO, "cannot stat");
		btfcc_err_prefix(err, "%s", path);
		goto out;
	}
	if (!btfcc_bzimage_sniff(head, n)) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "%s: not a kernel boot image (vmlinuz/bzImage); "
			      "only those record their release", path);
		goto out;
	}
	if (btfcc_bzimage_parse(head, n, st.st_size, &bz, err)) {
		btfcc_err_prefix(err, "%s", path);
		goto out;
	}
	if (!bz.version[0]) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "%s: the boot header has no kernel version string", path);
		goto out;
	}
	if (!buf || !len) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "%s: no room for the release", path);
		goto out;
	}
	/* "6.1.0-56-amd64 (debian-kernel@...) #1 SMP ..." -> first word. */
	snprintf(buf, len, "%.*s", (int)strcspn(bz.version, " "), bz.version);
	ret = 0;
out:
	free(head);
	return ret;
}
