// SPDX-License-Identifier: GPL-2.0-only
/*
 * The system BTF cache (format and trust rules in btf_syscache.h). The
 * per-user cache (btf_cache.c) keys an entry by the image's inode; this one
 * names the image by path, size and mtime instead, so an entry survives a
 * reinstall of the same package (new inode, same bytes, same mtime from
 * the .deb) and a same-release update (new mtime) misses.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "btf/btf_internal.h"
#include "btf/btf_syscache.h"
#include "util/xalloc.h"

#define MAGIC_LINE "btfcc-system-cache 1\n"
#define ENTRY_SUFFIX ".btf"

struct entry_hdr {
	char image[PATH_MAX];
	unsigned long long image_size, btf_size;
	long long mtime_sec, mtime_nsec;
	unsigned int btf_crc;
	size_t data_off;
};

const char *btfcc_syscache_dir(const struct btfcc_load_opts *opts)
{
	const char *env = getenv("BTFCC_SYSTEM_CACHE_DIR");

	if (opts && opts->system_cache_dir)
		return opts->system_cache_dir;
	return env ? env : BTFCC_SYSTEM_CACHE_DIR_DEFAULT;
}

static void note(const struct btfcc_load_opts *opts, const char *fmt, ...)
{
	char msg[PATH_MAX + 256];
	va_list ap;

	if (!opts || !opts->note)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	opts->note(opts->note_ctx, msg);
}

static char *entry_path(const char *dir, const char *image)
{
	const char *base = strrchr(image, '/');

	return xasprintf("%s/%s" ENTRY_SUFFIX, dir, base ? base + 1 : image);
}

static int parse_hdr(const struct btfcc_buf *b, struct entry_hdr *h)
{
	int n = -1;

	if (b->len < strlen(MAGIC_LINE) || memcmp(b->data, MAGIC_LINE, strlen(MAGIC_LINE)))
		return -1;
	if (sscanf((const char *)b->data + strlen(MAGIC_LINE),
		   "image %4095[^\n]\nimage-size %llu\nimage-mtime %lld.%lld\n"
		   "btf-size %llu\nbtf-crc32 %8x%n", h->image, &h->image_size, &h->mtime_sec,
		   &h->mtime_nsec, &h->btf_size, &h->btf_crc, &n) != 6 || n < 0)
		return -1;
	h->data_off = strlen(MAGIC_LINE) + (size_t)n + 2;
	if (h->data_off > b->len || memcmp(b->data + h->data_off - 2, "\n\n", 2) ||
	    h->btf_size != b->len - h->data_off)
		return -1;
	return 0;
}

/* Why an entry (or its directory) with this owner and mode is not trusted. */
static const char *untrusted(const struct stat *st)
{
	if (st->st_uid != 0)
		return "not owned by root";
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return "writable by group or others";
	return NULL;
}

/* Why the entry is not the BTF of the image at real (as it is now). */
static const char *stale(const struct entry_hdr *h, const char *real, const struct stat *st)
{
	if (strcmp(h->image, real))
		return "it names another image";
	if ((unsigned long long)st->st_size != h->image_size ||
	    st->st_mtim.tv_sec != h->mtime_sec || st->st_mtim.tv_nsec != h->mtime_nsec)
		return "the image changed since (size or mtime)";
	return NULL;
}

static bool btf_intact(const struct btfcc_buf *b, const struct entry_hdr *h)
{
	return crc32(0, b->data + h->data_off, h->btf_size) == h->btf_crc;
}

/* The entry for image from a directory that must be root's alone. */
static int read_trusted(const char *dir, const char *epath, const char *image,
			struct btfcc_buf *b, const struct btfcc_load_opts *opts)
{
	struct stat dst, est;
	struct btfcc_err err;
	const char *why;

	/* No system cache, or no entry: the usual miss, not worth a note. */
	if (stat(dir, &dst) || util_read_file(epath, BTFCC_MAX_INPUT, b, &est, &err))
		return -1;
	/* est is the fstat() of what was read: no window to swap the file. */
	if ((why = untrusted(&est)))
		note(opts, "system cache: ignoring %s: %s; reading %s", epath, why, image);
	else if ((why = untrusted(&dst)))
		note(opts, "system cache: ignoring %s: its directory %s is %s; reading %s", epath,
		     dir, why, image);
	if (why)
		btfcc_buf_free(b);
	return why ? -1 : 0;
}

struct btf *btfcc_syscache_get(const char *image, const struct btfcc_load_opts *opts)
{
	const char *dir = btfcc_syscache_dir(opts), *why = NULL;
	struct btfcc_buf b = { 0 };
	struct btf *btf = NULL;
	struct entry_hdr h;
	struct btfcc_err err;
	char real[PATH_MAX];
	struct stat st;
	char *epath;

	if (!*dir || !realpath(image, real) || stat(real, &st))
		return NULL;
	epath = entry_path(dir, real);
	if (read_trusted(dir, epath, real, &b, opts))
		goto out;
	if (parse_hdr(&b, &h))
		why = "not a system cache entry";
	else if (!(why = stale(&h, real, &st)) && !btf_intact(&b, &h))
		why = "its BTF is damaged (crc32)";
	if (!why && !(btf = btfcc_btf_from_raw(b.data + h.data_off, h.btf_size, NULL, &err)))
		why = err.msg;
	if (why)
		note(opts, "system cache: ignoring %s: %s; reading %s", epath, why, real);
	else
		note(opts, "system cache: BTF of %s from %s", real, epath);
out:
	btfcc_buf_free(&b);
	free(epath);
	return btf;
}

/* What the entry at epath said before: NEW, SAME or CHANGED for btf. */
static enum btfcc_syscache_added compare_old(const char *epath, const char *real,
					      const struct btfcc_buf *raw)
{
	struct btfcc_buf b = { 0 };
	struct btfcc_err err;
	enum btfcc_syscache_added ret = BTFCC_SYSCACHE_NEW;
	struct entry_hdr h;

	if (util_read_file(epath, BTFCC_MAX_INPUT, &b, NULL, &err))
		return ret;
	if (!parse_hdr(&b, &h) && !strcmp(h.image, real))
		ret = h.btf_size == raw->len && !memcmp(b.data + h.data_off, raw->data, raw->len) ?
		      BTFCC_SYSCACHE_SAME : BTFCC_SYSCACHE_CHANGED;
	btfcc_buf_free(&b);
	return ret;
}

static int write_entry(const char *epath, const char *real, const struct stat *st,
		       const struct btfcc_buf *raw, struct btfcc_err *err)
{
	char *hdr = xasprintf(MAGIC_LINE "image %s\nimage-size %llu\nimage-mtime %lld.%09ld\n"
			      "btf-size %zu\nbtf-crc32 %08lx\n\n", real,
			      (unsigned long long)st->st_size, (long long)st->st_mtim.tv_sec,
			      (long)st->st_mtim.tv_nsec, raw->len,
			      (unsigned long)crc32(0, raw->data, raw->len));
	size_t n = strlen(hdr);
	uint8_t *entry = xmalloc(n + raw->len);
	int ret;

	memcpy(entry, hdr, n);
	memcpy(entry + n, raw->data, raw->len);
	ret = util_write_file_atomic(epath, entry, n + raw->len, 0644, 1, err);
	free(entry);
	free(hdr);
	return ret;
}

/* The image's BTF, parsed once so that an entry is never one libbpf rejects. */
static int extract(const char *real, struct stat *st, struct btfcc_buf *raw,
		   struct btfcc_err *err)
{
	struct btfcc_buf img = { 0 };
	struct btf *btf = NULL;

	if (!util_read_file(real, BTFCC_MAX_INPUT, &img, st, err))
		btf = btfcc_bzimage_btf(&img, raw, err);
	btfcc_buf_free(&img);
	btf__free(btf);
	if (!btf)
		btfcc_err_prefix(err, "%s", real);
	return btf ? 0 : -1;
}

int btfcc_syscache_add(const char *dir, const char *image, enum btfcc_syscache_added *added,
		       struct btfcc_err *err)
{
	struct btfcc_buf raw = { 0 };
	char real[PATH_MAX], *epath;
	struct stat st;
	int ret = -1;

	if (strchr(image, '\n') || !realpath(image, real))
		return btfcc_err_set(err, BTFCC_E_IO, "%s: %s", image,
				     strchr(image, '\n') ? "newline in the name" : strerror(errno));
	if (extract(real, &st, &raw, err))
		return -1;
	if (mkdir(dir, 0755) && errno != EEXIST) {
		btfcc_err_set(err, BTFCC_E_IO, "%s: %s", dir, strerror(errno));
		goto out;
	}
	epath = entry_path(dir, real);
	*added = compare_old(epath, real, &raw);
	ret = write_entry(epath, real, &st, &raw, err);
	free(epath);
out:
	btfcc_buf_free(&raw);
	return ret;
}

/* Why the entry at epath is no longer an installed image's, or NULL. */
static const char *prune_reason(const char *epath)
{
	struct btfcc_buf b = { 0 };
	struct btfcc_err err;
	const char *why = NULL;
	struct entry_hdr h;
	struct stat st;

	if (util_read_file(epath, BTFCC_MAX_INPUT, &b, NULL, &err))
		return NULL;	/* gone meanwhile */
	if (parse_hdr(&b, &h))
		why = "not a system cache entry";
	else if (stat(h.image, &st))
		why = "its image is not installed";
	else
		why = stale(&h, h.image, &st);
	btfcc_buf_free(&b);
	return why;
}

static bool is_entry_name(const char *name)
{
	size_t n = strlen(name), s = strlen(ENTRY_SUFFIX);

	return name[0] != '.' && n > s && !strcmp(name + n - s, ENTRY_SUFFIX);
}

int btfcc_syscache_prune(const char *dir, void (*report)(const char *entry, const char *why),
			 struct btfcc_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int removed = 0;

	if (!d)
		return btfcc_err_set(err, BTFCC_E_IO, "%s: %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		char *epath;
		const char *why;

		if (!is_entry_name(de->d_name))
			continue;
		epath = xasprintf("%s/%s", dir, de->d_name);
		why = prune_reason(epath);
		if (why && !unlink(epath)) {
			report(epath, why);
			removed++;
		}
		free(epath);
	}
	closedir(d);
	return removed;
}
