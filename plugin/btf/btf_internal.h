/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_BTF_INTERNAL_H
#define BTFCC_BTF_INTERNAL_H

/*
 * Shared between the files of plugin/btf/ only. Messages these helpers put
 * in err do not name the file: btf_load.c prefixes the path once, so every
 * message the user sees starts with exactly one "path: ".
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <bpf/btf.h>

#include "util/err.h"
#include "util/fileio.h"
#include "btf/btf_load.h"
#include "image/image.h"

/* Nothing we read or inflate may exceed this: refuses decompression bombs. */
#define BTFCC_MAX_INPUT (1ULL << 30)
/*
 * Deepest chain of types written one inside the other (typedef, modifier,
 * array, by-value member, anonymous type) a BTF may have (btf_validate.c):
 * Debian's 6.1 and 6.12 kernels reach 17-24, a 6.18 kernel 33-48, so 256
 * leaves room; and it bounds the engine's recursion, so hostile BTF cannot
 * overflow the stack.
 */
#define BTFCC_MAX_NESTING 256


/* decompress.c */
/*
 * Inflate the first stream of in, ignoring whatever follows it (a kernel
 * payload ends with its decoded size). Fails when the output would exceed
 * limit, unless prefix_ok: then it stops there and returns what it has,
 * which is how the format sniffer peeks into a compressed module.
 */
int btfcc_decompress(enum btfcc_comp comp, const void *in, size_t in_len, size_t limit,
		     bool prefix_ok, struct btfcc_buf *out, struct btfcc_err *err);
/*
 * How many bytes of output are enough, asked as it grows: 0 "cannot tell
 * yet", SIZE_MAX "all of it", else stop once there are that many.
 */
typedef size_t (*btfcc_enough_fn)(const uint8_t *data, size_t len, void *ctx);
/* btfcc_decompress, stopping where enough() says; limit still holds. */
int btfcc_decompress_until(enum btfcc_comp comp, const void *in, size_t in_len, size_t limit,
			   btfcc_enough_fn enough, void *ctx, struct btfcc_buf *out,
			   struct btfcc_err *err);

/* elf_btf.c */
enum btfcc_elf_res {
	BTFCC_ELF_ERR = -1,	/* err filled */
	BTFCC_ELF_NO_BTF = 0,	/* a valid ELF without .BTF */
	BTFCC_ELF_OK = 1,
};

struct btfcc_elf_info {
	bool is_module;		/* has .gnu.linkonce.this_module */
};

enum btfcc_elf_res btfcc_elf_btf_fd(int fd, struct btfcc_buf *btf,
				    struct btfcc_elf_info *info, struct btfcc_err *err);
enum btfcc_elf_res btfcc_elf_btf_mem(void *image, size_t len, struct btfcc_buf *btf,
				     struct btfcc_elf_info *info, struct btfcc_err *err);

/* elf_prefix.c */
/*
 * For the first len bytes of a vmlinux: 0 while they are too few to tell,
 * SIZE_MAX when the layout is not the kernel linker script's (inflate all
 * and read the section headers), else the end of .BTF, with its start in
 * *start. A guess to confirm: the bytes must still parse as BTF.
 */
size_t btfcc_vmlinux_btf_span(const uint8_t *p, size_t len, size_t *start);

/* btf_cache.c */
/* The directory to use, or NULL when caching is off. Caller frees. */
char *btfcc_cache_dir(const struct btfcc_load_opts *opts);
int btfcc_cache_file(const char *dir, const char *src, const struct stat *st,
		     char *buf, size_t len);
/* 0 and out filled on a valid hit; -1 on a miss or a damaged entry. */
int btfcc_cache_read(const char *cache_path, const struct stat *st, struct btfcc_buf *out);
/* Best effort: failures only mean the next run extracts again. */
void btfcc_cache_write(const char *cache_path, const struct stat *st,
		       const void *btf, size_t len);
/*
 * Entries of one kind the user cache keeps (least recently used go): a
 * vmlinuz's BTF is 4-5 MB, a module index 8-10 MB.
 */
#define BTFCC_CACHE_KEEP 8
/*
 * Keeps the BTFCC_CACHE_KEEP most recently used entries named
 * prefix...suffix beside cache_path (a hit touches its entry), with their
 * locks; drops leftovers.
 */
void btfcc_cache_prune(const char *cache_path, const char *prefix, const char *suffix);
/* Serializes extraction of one entry between processes; -1 when unlockable. */
int btfcc_cache_lock(const char *cache_path);
void btfcc_cache_unlock(int fd);

/* btf_syscache.c: the system cache's entry for image, or NULL (a note says why). */
struct btf *btfcc_syscache_get(const char *image, const struct btfcc_load_opts *opts);

/*
 * btf_load.c: the BTF inside a boot image read into img, parsed and
 * validated, and its raw .BTF bytes in raw (for a cache).
 */
struct btf *btfcc_bzimage_btf(const struct btfcc_buf *img, struct btfcc_buf *raw,
			      struct btfcc_err *err);

/* btf_raw.c */
/* Sanity-check a raw BTF header against len, for clearer messages. */
int btfcc_raw_check(const void *data, size_t len, struct btfcc_err *err);
bool btfcc_raw_sniff(const void *p, size_t len);
/* btf_validate.c: names and type references in range (libbpf 1.1 does not). */
int btfcc_btf_validate(const struct btf *btf, struct btfcc_err *err);
/* Parse, validate and silence libbpf: the one way raw bytes become a btf. */
struct btf *btfcc_btf_from_raw(const void *data, size_t len, struct btf *base,
			       struct btfcc_err *err);

#endif
