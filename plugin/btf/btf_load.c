// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfcc_btf_load(): sniff what a kernel artifact is and get its BTF out.
 * Raw BTF and ELF files are read directly; boot images are inflated in
 * memory and their BTF cached (btf_cache.c); compressed modules (.ko.xz,
 * .ko.zst, .ko.gz) are inflated in memory and read as ELF.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btf/btf_internal.h"
#include "util/xalloc.h"

#define SNIFF_LEN 4096
#define EXPECTED "(expected /sys/kernel/btf/vmlinux, vmlinux or vmlinuz)"
#define NO_BTF_HINT "the kernel was built without CONFIG_DEBUG_INFO_BTF; " \
	"use a kernel that has it, or its /sys/kernel/btf/vmlinux"

enum kind {
	KIND_EMPTY,
	KIND_UNKNOWN,
	KIND_RAW,
	KIND_ELF,
	KIND_BZIMAGE,
	KIND_COMPRESSED,	/* a whole file compressed, e.g. a .ko.xz */
};

static bool is_elf(const void *p, size_t len)
{
	return len >= 4 && !memcmp(p, "\x7f" "ELF", 4);
}

static enum kind sniff(const uint8_t *p, size_t n, enum btfcc_comp *comp)
{
	if (!n)
		return KIND_EMPTY;
	if (btfcc_raw_sniff(p, n))
		return KIND_RAW;
	if (is_elf(p, n))
		return KIND_ELF;
	if (btfcc_bzimage_sniff(p, n))
		return KIND_BZIMAGE;
	*comp = btfcc_comp_sniff(p, n);
	/* lzma's 3-byte magic is too weak to call a random file lzma. */
	if (*comp != BTFCC_COMP_NONE && *comp != BTFCC_COMP_LZMA)
		return KIND_COMPRESSED;
	return KIND_UNKNOWN;
}

static void set_unknown(struct btfcc_err *err, enum kind kind)
{
	if (kind == KIND_EMPTY)
		btfcc_err_set(err, BTFCC_E_FORMAT, "empty file, not a kernel image, vmlinux or BTF file " EXPECTED);
	else
		btfcc_err_set(err, BTFCC_E_FORMAT, "not a kernel image, vmlinux or BTF file " EXPECTED);
}

/* Module BTF only makes sense over its vmlinux: without it, it is garbage. */
static bool is_sysfs_module(const char *path)
{
	const char *dir = "/sys/kernel/btf/";

	return !strncmp(path, dir, strlen(dir)) && strcmp(path + strlen(dir), "vmlinux");
}

static void set_needs_base(struct btfcc_err *err)
{
	btfcc_err_set(err, BTFCC_E_FORMAT, "module BTF is split BTF: load it over its kernel's vmlinux BTF "
		      "(btfcc_load_opts.base)");
}

static struct btf *load_raw(const char *path, struct btf *base, struct btfcc_err *err)
{
	struct btfcc_buf b = { 0 };
	struct btf *btf;

	if (!base && is_sysfs_module(path)) {
		set_needs_base(err);
		return NULL;
	}
	if (util_read_file(path, BTFCC_MAX_INPUT, &b, NULL, err))
		return NULL;
	btf = btfcc_btf_from_raw(b.data, b.len, base, err);
	btfcc_buf_free(&b);
	return btf;
}

/* The .BTF of an ELF found one way or another, as a struct btf. */
static struct btf *finish_elf(enum btfcc_elf_res res, struct btfcc_buf *b,
			      const struct btfcc_elf_info *info, struct btf *base,
			      struct btfcc_err *err)
{
	struct btf *btf = NULL;

	if (res == BTFCC_ELF_NO_BTF && info->is_module)
		btfcc_err_set(err, BTFCC_E_FORMAT, "no .BTF section: the module was built without "
			      "CONFIG_DEBUG_INFO_BTF_MODULES");
	else if (res == BTFCC_ELF_NO_BTF)
		btfcc_err_set(err, BTFCC_E_FORMAT, "no .BTF section: " NO_BTF_HINT);
	else if (res == BTFCC_ELF_OK && info->is_module && !base)
		set_needs_base(err);
	else if (res == BTFCC_ELF_OK)
		btf = btfcc_btf_from_raw(b->data, b->len, base, err);
	btfcc_buf_free(b);
	return btf;
}

static struct btf *load_elf(const char *path, struct btf *base, struct btfcc_err *err)
{
	struct btfcc_elf_info info;
	struct btfcc_buf b = { 0 };
	enum btfcc_elf_res res;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		btfcc_err_set(err, BTFCC_E_IO, "cannot open: %m");
		return NULL;
	}
	res = btfcc_elf_btf_fd(fd, &b, &info, err);
	close(fd);
	return finish_elf(res, &b, &info, base, err);
}

static struct btf *load_compressed(const char *path, enum btfcc_comp comp,
				   struct btf *base, struct btfcc_err *err)
{
	struct btfcc_buf in = { 0 }, out = { 0 }, b = { 0 };
	struct btfcc_elf_info info = { 0 };
	enum btfcc_elf_res res = BTFCC_ELF_ERR;

	if (!btfcc_comp_supported(comp)) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "%s-compressed file: btfcc reads gzip, xz, zstd and lz4; "
			      "decompress it first", btfcc_comp_name(comp));
		return NULL;
	}
	if (util_read_file(path, BTFCC_MAX_INPUT, &in, NULL, err) ||
	    btfcc_decompress(comp, in.data, in.len, BTFCC_MAX_INPUT, false, &out, err))
		goto out;
	if (!is_elf(out.data, out.len))
		btfcc_err_set(err, BTFCC_E_FORMAT, "%s-compressed, but not a vmlinux or module inside " EXPECTED,
			      btfcc_comp_name(comp));
	else
		res = btfcc_elf_btf_mem(out.data, out.len, &b, &info, err);
out:
	btfcc_buf_free(&in);
	btfcc_buf_free(&out);
	if (res == BTFCC_ELF_ERR) {
		btfcc_buf_free(&b);
		return NULL;
	}
	return finish_elf(res, &b, &info, base, err);
}

/* Where .BTF is, as soon as the inflated prefix of the vmlinux shows it. */
struct btf_span {
	size_t start, end;
};

static size_t enough_for_btf(const uint8_t *data, size_t len, void *ctx)
{
	struct btf_span *sp = ctx;
	size_t end = btfcc_vmlinux_btf_span(data, len, &sp->start);

	if (end && end != SIZE_MAX)
		sp->end = end;
	return end;
}

/*
 * Inflate the payload of a boot image and copy out its .BTF bytes: when
 * early, only up to the end of .BTF if the program headers show where that
 * is (*early says whether they did), else all of it.
 */
static int bzimage_extract(const struct btfcc_buf *img, struct btfcc_buf *btf, bool *early,
			   struct btfcc_err *err)
{
	struct btf_span span = { 0 };
	struct btfcc_buf vmlinux = { 0 };
	struct btfcc_elf_info info;
	struct btfcc_bzimage bz;
	enum btfcc_elf_res res;
	const uint8_t *payload;

	if (btfcc_bzimage_parse(img->data, img->len, img->len, &bz, err))
		return -1;
	payload = img->data + bz.payload_off;
	if (bz.comp == BTFCC_COMP_NONE) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "unknown compression of the kernel payload (starts %02x %02x %02x %02x); "
			      "use the kernel's vmlinux or /sys/kernel/btf/vmlinux",
			      payload[0], bz.payload_len > 1 ? payload[1] : 0,
			      bz.payload_len > 2 ? payload[2] : 0, bz.payload_len > 3 ? payload[3] : 0);
		return -1;
	}
	if (!btfcc_comp_supported(bz.comp)) {
		btfcc_err_set(err, BTFCC_E_UNSUPPORTED, "unsupported compression %s (btfcc reads gzip, xz, zstd and lz4 "
			      "kernels); use the kernel's vmlinux or /sys/kernel/btf/vmlinux",
			      btfcc_comp_name(bz.comp));
		return -1;
	}
	if (*early ? btfcc_decompress_until(bz.comp, payload, bz.payload_len, BTFCC_MAX_INPUT,
					    enough_for_btf, &span, &vmlinux, err) :
		     btfcc_decompress(bz.comp, payload, bz.payload_len, BTFCC_MAX_INPUT, false,
				      &vmlinux, err)) {
		btfcc_err_prefix(err, "kernel payload");
		return -1;
	}
	*early = span.end && span.end <= vmlinux.len;
	if (*early) {
		btf->len = span.end - span.start;
		btf->data = xmalloc(btf->len);
		memcpy(btf->data, vmlinux.data + span.start, btf->len);
		btfcc_buf_free(&vmlinux);
		return 0;
	}
	res = btfcc_elf_btf_mem(vmlinux.data, vmlinux.len, btf, &info, err);
	btfcc_buf_free(&vmlinux);
	if (res == BTFCC_ELF_NO_BTF)
		btfcc_err_set(err, BTFCC_E_FORMAT, "the vmlinux inside has no .BTF section: " NO_BTF_HINT);
	else if (res == BTFCC_ELF_ERR)
		btfcc_err_prefix(err, "the decompressed kernel payload is no vmlinux ELF");
	return res == BTFCC_ELF_OK ? 0 : -1;
}

/* A cache hit that libbpf rejects is as good as a miss. */
static struct btf *cache_get(const char *cpath, const struct stat *st)
{
	struct btfcc_buf b = { 0 };
	struct btfcc_err ignored;
	struct btf *btf;

	if (btfcc_cache_read(cpath, st, &b))
		return NULL;
	btf = btfcc_btf_from_raw(b.data, b.len, NULL, &ignored);
	btfcc_buf_free(&b);
	return btf;
}

/*
 * The BTF of a boot image. The early stop's bytes must parse as BTF; if
 * they do not, the whole payload is inflated and its section headers read.
 */
struct btf *btfcc_bzimage_btf(const struct btfcc_buf *img, struct btfcc_buf *raw,
			      struct btfcc_err *err)
{
	bool early = true;
	struct btf *btf;

	if (bzimage_extract(img, raw, &early, err))
		return NULL;
	btf = btfcc_btf_from_raw(raw->data, raw->len, NULL, err);
	if (btf || !early)
		return btf;
	btfcc_buf_free(raw);
	memset(err, 0, sizeof(*err));
	early = false;
	if (bzimage_extract(img, raw, &early, err))
		return NULL;
	return btfcc_btf_from_raw(raw->data, raw->len, NULL, err);
}

static struct btf *extract_and_cache(const char *path, const char *dir,
				     struct btfcc_err *err)
{
	struct btfcc_buf img = { 0 }, raw = { 0 };
	struct btf *btf = NULL;
	char cpath[4096];
	struct stat st;
	int lock = -1;

	if (util_read_file(path, BTFCC_MAX_INPUT, &img, &st, err))
		return NULL;
	/* Key by what we actually read, in case the image changed meanwhile. */
	if (dir && !btfcc_cache_file(dir, path, &st, cpath, sizeof(cpath))) {
		/* Under make -j, let one compiler extract while the rest wait. */
		lock = btfcc_cache_lock(cpath);
		btf = cache_get(cpath, &st);
	}
	if (!btf) {
		btf = btfcc_bzimage_btf(&img, &raw, err);
		if (btf && dir)
			btfcc_cache_write(cpath, &st, raw.data, raw.len);
	}
	btfcc_cache_unlock(lock);
	btfcc_buf_free(&raw);
	btfcc_buf_free(&img);
	return btf;
}

static struct btf *load_bzimage(const char *path, const struct btfcc_load_opts *opts,
				struct btfcc_err *err)
{
	char *dir = btfcc_cache_dir(opts);
	struct btf *btf = NULL;
	char cpath[4096];
	struct stat st;

	if (opts && opts->base) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "a kernel image holds vmlinux BTF, not split BTF: "
			      "load it without a base");
		goto out;
	}
	/* What the kernel hook extracted as root comes first (btf_syscache.h). */
	btf = btfcc_syscache_get(path, opts);
	if (!btf && dir && !stat(path, &st) &&
	    !btfcc_cache_file(dir, path, &st, cpath, sizeof(cpath)))
		btf = cache_get(cpath, &st);
	if (!btf)
		btf = extract_and_cache(path, dir, err);
out:
	free(dir);
	return btf;
}

static enum kind sniff_path(const char *path, enum btfcc_comp *comp, struct btfcc_err *err)
{
	uint8_t head[SNIFF_LEN];
	long n;

	*comp = BTFCC_COMP_NONE;
	n = util_read_head(path, head, sizeof(head), err);
	if (n < 0)
		return -1;
	return sniff(head, n, comp);
}

struct btf *btfcc_btf_load(const char *path, const struct btfcc_load_opts *opts,
			   struct btfcc_err *err)
{
	struct btf *base = opts ? opts->base : NULL;
	enum btfcc_comp comp;
	struct btf *btf = NULL;
	int kind;

	kind = sniff_path(path, &comp, err);
	switch (kind) {
	case KIND_RAW:
		btf = load_raw(path, base, err);
		break;
	case KIND_ELF:
		btf = load_elf(path, base, err);
		break;
	case KIND_BZIMAGE:
		btf = load_bzimage(path, opts, err);
		break;
	case KIND_COMPRESSED:
		btf = load_compressed(path, comp, base, err);
		break;
	case KIND_EMPTY:
	case KIND_UNKNOWN:
		set_unknown(err, kind);
		break;
	}
	if (!btf)
		btfcc_err_prefix(err, "%s", path);
	return btf;
}

/* Peek into a compressed file: is there an ELF inside? */
static bool compressed_elf(const char *path, enum btfcc_comp comp)
{
	struct btfcc_buf in = { 0 }, out = { 0 };
	struct btfcc_err ignored;
	bool ret = false;

	if (btfcc_comp_supported(comp) &&
	    !util_read_file(path, BTFCC_MAX_INPUT, &in, NULL, &ignored) &&
	    !btfcc_decompress(comp, in.data, in.len, SNIFF_LEN, true, &out, &ignored))
		ret = is_elf(out.data, out.len);
	btfcc_buf_free(&in);
	btfcc_buf_free(&out);
	return ret;
}

enum btfcc_btf_format btfcc_btf_format_of(const char *path, struct btfcc_err *err)
{
	enum btfcc_comp comp;
	int kind = sniff_path(path, &comp, err);

	switch (kind) {
	case KIND_RAW:
		return BTFCC_FMT_RAW;
	case KIND_ELF:
		return BTFCC_FMT_ELF;
	case KIND_BZIMAGE:
		return BTFCC_FMT_BZIMAGE;
	case KIND_COMPRESSED:
		if (compressed_elf(path, comp))
			return BTFCC_FMT_ELF;
		/* fall through */
	case KIND_EMPTY:
	case KIND_UNKNOWN:
		set_unknown(err, kind);
		break;
	}
	btfcc_err_prefix(err, "%s", path);
	return BTFCC_FMT_UNKNOWN;
}
