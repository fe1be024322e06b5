// SPDX-License-Identifier: GPL-2.0-only
/*
 * mkbzimage: wrap a compressed payload in a minimal x86 boot header, so
 * the BTF loader tests get gzip/lz4/bzip2/... boot images without
 * downloading kernels built that way.
 *
 *   mkbzimage PAYLOAD DECODED_SIZE VERSION OUT
 *
 * Layout, as the kernel's arch/x86/boot/tools/build.c would produce it:
 *   0x000  boot sector (setup_sects at 0x1f1, 0xAA55 at 0x1fe)
 *   0x200  setup header: "HdrS", protocol 2.15, kernel_version pointer
 *   0x300  the version string ("6.1.0-test (gen@fixture) #1 SMP")
 *   0x400  protected-mode code: 512 bytes of zeros, then the payload
 *          followed by DECODED_SIZE as le32, as kbuild's size_append does
 * payload_offset (0x248) is relative to 0x400, payload_length (0x24c)
 * includes the 4 size bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SETUP_SECTS 1
#define PM_START ((SETUP_SECTS + 1) * 512)
#define PM_FILLER 512

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n;

	if (!f)
		return NULL;
	*len = 0;
	do {
		cap = cap ? cap * 2 : 1 << 16;
		buf = realloc(buf, cap);
		if (!buf)
			exit(1);
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (*len == cap);
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	uint8_t hdr[PM_START + PM_FILLER] = { 0 }, size_le[4];
	size_t len;
	uint8_t *payload;
	FILE *out;

	if (argc != 5) {
		fprintf(stderr, "usage: mkbzimage PAYLOAD DECODED_SIZE VERSION OUT\n");
		return 2;
	}
	payload = slurp(argv[1], &len);
	if (!payload || strlen(argv[3]) > 255) {
		perror(argv[1]);
		return 1;
	}
	hdr[0x1f1] = SETUP_SECTS;
	hdr[0x1fe] = 0x55;
	hdr[0x1ff] = 0xaa;
	memcpy(hdr + 0x202, "HdrS", 4);
	put16(hdr + 0x206, 0x020f);
	put16(hdr + 0x20e, 0x300 - 0x200);
	memcpy(hdr + 0x300, argv[3], strlen(argv[3]));
	put32(hdr + 0x248, PM_FILLER);
	put32(hdr + 0x24c, len + 4);
	put32(size_le, strtoul(argv[2], NULL, 0));

	out = fopen(argv[4], "wb");
	if (!out || fwrite(hdr, 1, sizeof(hdr), out) != sizeof(hdr) ||
	    fwrite(payload, 1, len, out) != len || fwrite(size_le, 1, 4, out) != 4 ||
	    fclose(out)) {
		perror(argv[4]);
		return 1;
	}
	free(payload);
	return 0;
}
