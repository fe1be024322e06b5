// SPDX-License-Identifier: GPL-2.0-only
/*
 * The .BTF section of an ELF file, on disk or in memory. libelf rather
 * than libbpf's btf__parse_elf(): it also works on a vmlinux we inflated
 * in memory (never written to disk) and tells a module from a vmlinux.
 */
#include <gelf.h>
#include <libelf.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf_internal.h"
#include "util/xalloc.h"

static pthread_once_t elf_once = PTHREAD_ONCE_INIT;
static bool elf_ok;

static void elf_init(void)
{
	elf_ok = elf_version(EV_CURRENT) != EV_NONE;
}

static enum btfcc_elf_res copy_btf(Elf_Scn *scn, struct btfcc_buf *btf,
				   struct btfcc_err *err)
{
	Elf_Data *data = elf_rawdata(scn, NULL);

	if (!data || (!data->d_buf && data->d_size)) {
		btfcc_err_set(err, BTFCC_E_IO, "cannot read the .BTF section: %s", elf_errmsg(-1));
		return BTFCC_ELF_ERR;
	}
	if (!data->d_size) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "the .BTF section is empty");
		return BTFCC_ELF_ERR;
	}
	btf->data = xmalloc(data->d_size);
	memcpy(btf->data, data->d_buf, data->d_size);
	btf->len = data->d_size;
	return BTFCC_ELF_OK;
}

static enum btfcc_elf_res find_btf(Elf *elf, struct btfcc_buf *btf,
				   struct btfcc_elf_info *info, struct btfcc_err *err)
{
	Elf_Scn *scn = NULL, *btf_scn = NULL;
	size_t shstrndx, shnum, seen = 0;
	bool bad = false;

	info->is_module = false;
	if (elf_kind(elf) != ELF_K_ELF) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "not an ELF file");
		return BTFCC_ELF_ERR;
	}
	if (elf_getshdrstrndx(elf, &shstrndx) || elf_getshdrnum(elf, &shnum)) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "corrupt ELF: %s", elf_errmsg(-1));
		return BTFCC_ELF_ERR;
	}
	/* libelf says 0 also when the table lies past the end of the file. */
	if (!shnum) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "corrupt ELF: no readable section headers");
		return BTFCC_ELF_ERR;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		seen++;
		if (!gelf_getshdr(scn, &sh)) {
			bad = true;
			break;
		}
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!name)
			continue;
		if (!strcmp(name, ".BTF") && sh.sh_type != SHT_NOBITS)
			btf_scn = scn;
		/*
		 * Every .ko has its struct module here; vmlinux never does
		 * (newer vmlinux files do keep .modinfo, so that is no sign).
		 */
		else if (!strcmp(name, ".gnu.linkonce.this_module"))
			info->is_module = true;
	}
	/* Section 0 is never returned; fewer than the rest means unreadable. */
	if (bad || seen + 1 < shnum) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "corrupt ELF section header: %s", elf_errmsg(-1));
		return BTFCC_ELF_ERR;
	}
	return btf_scn ? copy_btf(btf_scn, btf, err) : BTFCC_ELF_NO_BTF;
}

static enum btfcc_elf_res with_elf(Elf *elf, struct btfcc_buf *btf,
				   struct btfcc_elf_info *info, struct btfcc_err *err)
{
	enum btfcc_elf_res res;

	if (!elf) {
		btfcc_err_set(err, BTFCC_E_IO, "cannot open as ELF: %s", elf_errmsg(-1));
		return BTFCC_ELF_ERR;
	}
	res = find_btf(elf, btf, info, err);
	elf_end(elf);
	return res;
}

enum btfcc_elf_res btfcc_elf_btf_fd(int fd, struct btfcc_buf *btf,
				    struct btfcc_elf_info *info, struct btfcc_err *err)
{
	pthread_once(&elf_once, elf_init);
	if (!elf_ok) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "libelf is out of date");
		return BTFCC_ELF_ERR;
	}
	elf_errno();	/* clear a stale error */
	/* ELF_C_READ: pread()s headers and .BTF only, never the whole file. */
	return with_elf(elf_begin(fd, ELF_C_READ, NULL), btf, info, err);
}

enum btfcc_elf_res btfcc_elf_btf_mem(void *image, size_t len, struct btfcc_buf *btf,
				     struct btfcc_elf_info *info, struct btfcc_err *err)
{
	pthread_once(&elf_once, elf_init);
	if (!elf_ok) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "libelf is out of date");
		return BTFCC_ELF_ERR;
	}
	elf_errno();
	return with_elf(elf_memory(image, len), btf, info, err);
}
