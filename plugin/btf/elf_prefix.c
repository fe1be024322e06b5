// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where .BTF lies in a vmlinux, from its first bytes alone. A boot image
 * holds the whole kernel compressed, and its section headers, which say
 * where .BTF is, come last. But the kernel's linker script puts .BTF right
 * after the notes (include/asm-generic/vmlinux.lds.h: NOTES, then BTF, in
 * RO_DATA), the program headers at the start say where the notes end, and
 * the BTF header there gives its length: inflating can stop at the end of
 * .BTF, a third to a half of the kernel.
 */
#include <elf.h>
#include <string.h>

#include "btf/btf_internal.h"

#define BTF_HEADER_LEN 24	/* magic, version, flags, hdr_len, 4 offsets/lengths */

static uint32_t le32_at(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The BTF's end if a BTF header starts at off; 0 when none does. */
static size_t btf_end_at(const uint8_t *p, uint64_t off)
{
	const uint8_t *h = p + off;
	uint64_t hdr_len, type_end, str_end;

	if (h[0] != 0x9f || h[1] != 0xeb || h[2] != 1)
		return 0;
	hdr_len = le32_at(h + 4);
	type_end = (uint64_t)le32_at(h + 8) + le32_at(h + 12);
	str_end = (uint64_t)le32_at(h + 16) + le32_at(h + 20);
	if (hdr_len < BTF_HEADER_LEN || hdr_len > 4096)
		return 0;
	off += hdr_len + (type_end > str_end ? type_end : str_end);
	return off <= BTFCC_MAX_INPUT ? (size_t)off : 0;
}

size_t btfcc_vmlinux_btf_span(const uint8_t *p, size_t len, size_t *start)
{
	Elf64_Ehdr eh;
	size_t i;

	if (len < sizeof(eh))
		return 0;
	memcpy(&eh, p, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_phentsize != sizeof(Elf64_Phdr) ||
	    eh.e_phoff > BTFCC_MAX_INPUT || !eh.e_phnum)
		return SIZE_MAX;
	if (len < eh.e_phoff + (size_t)eh.e_phnum * sizeof(Elf64_Phdr))
		return 0;
	for (i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		uint64_t note_end;
		size_t end;

		memcpy(&ph, p + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_NOTE)
			continue;
		note_end = ph.p_offset + ph.p_filesz;
		if (note_end > BTFCC_MAX_INPUT)
			return SIZE_MAX;
		if (len < note_end + BTF_HEADER_LEN)
			return 0;
		end = btf_end_at(p, note_end);
		if (end) {
			*start = (size_t)note_end;
			return end;
		}
	}
	return SIZE_MAX;
}
