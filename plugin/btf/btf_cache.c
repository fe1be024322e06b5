// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cache of the raw BTF extracted from boot images: inflating a vmlinuz
 * costs up to a second and 65+ MB, and make -j runs btfcc for every file.
 *
 * An entry is named after the image's basename and a hash of its identity
 * (st_dev, st_ino, size, mtime), and starts with a header holding that
 * identity, the BTF length and a CRC, so a torn or foreign file is a miss.
 * Writers go through mkstemp + fsync + rename: readers see a whole old
 * entry or a whole new one, never half of one. A new entry prunes the
 * least recently used ones (util/lru.h): kernels come and go.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "btf/btf_internal.h"
#include "util/fileio.h"
#include "util/hash.h"
#include "util/lru.h"
#include "util/xalloc.h"

static const char cache_magic[8] = "BTFCCc1";

struct cache_hdr {
	char magic[8];
	uint64_t dev, ino, size;
	int64_t mtime_sec, mtime_nsec;
	uint64_t btf_len;
	uint32_t crc;		/* zlib crc32 of the BTF bytes */
	uint32_t reserved;
};

static void key_of(const struct stat *st, struct cache_hdr *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, cache_magic, sizeof(h->magic));
	h->dev = st->st_dev;
	h->ino = st->st_ino;
	h->size = st->st_size;
	h->mtime_sec = st->st_mtim.tv_sec;
	h->mtime_nsec = st->st_mtim.tv_nsec;
}

char *btfcc_cache_dir(const struct btfcc_load_opts *opts)
{
	return util_cache_dir(opts ? opts->cache_dir : NULL);
}

int btfcc_cache_file(const char *dir, const char *src, const struct stat *st,
		     char *buf, size_t len)
{
	const char *base = strrchr(src, '/');
	struct cache_hdr key;
	char name[64];
	size_t i;
	int n;

	base = base ? base + 1 : src;
	/* The basename only helps humans: keep it short and shell-safe. */
	for (i = 0; base[i] && i < sizeof(name) - 1; i++)
		name[i] = strchr("+-._", base[i]) || (base[i] >= '0' && base[i] <= '9') ||
			  ((base[i] | 0x20) >= 'a' && (base[i] | 0x20) <= 'z') ? base[i] : '_';
	name[i] = '\0';
	key_of(st, &key);
	n = snprintf(buf, len, "%s/%s-%016llx.btf", dir, name,
		     (unsigned long long)fnv1a(FNV1A_INIT, &key, sizeof(key)));
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int btfcc_cache_read(const char *cache_path, const struct stat *st, struct btfcc_buf *out)
{
	struct cache_hdr want, got;
	struct btfcc_buf b = { 0 };
	struct btfcc_err ignored;
	struct stat est;

	/* Only what cache_write leaves: a FIFO there would block the build. */
	if (stat(cache_path, &est) || !S_ISREG(est.st_mode))
		return -1;
	if (util_read_file(cache_path, BTFCC_MAX_INPUT, &b, NULL, &ignored))
		return -1;
	if (b.len < sizeof(got))
		goto miss;
	memcpy(&got, b.data, sizeof(got));
	key_of(st, &want);
	want.btf_len = got.btf_len;
	want.crc = got.crc;
	if (memcmp(&want, &got, sizeof(got)) || got.btf_len != b.len - sizeof(got))
		goto miss;
	if (crc32(0, b.data + sizeof(got), got.btf_len) != got.crc)
		goto miss;
	memmove(b.data, b.data + sizeof(got), got.btf_len);
	b.len = got.btf_len;
	*out = b;
	util_lru_touch(cache_path);
	return 0;
miss:
	btfcc_buf_free(&b);
	return -1;
}

static int mkdir_for(const char *cache_path)
{
	char *dir = util_path_dir(cache_path);
	int ret = strcmp(dir, ".") && strcmp(dir, "/") ? util_mkdir_p(dir) : -1;

	free(dir);
	return ret;
}

void btfcc_cache_write(const char *cache_path, const struct stat *st,
		       const void *btf, size_t len)
{
	struct cache_hdr h;
	uint8_t *entry;

	if (mkdir_for(cache_path))
		return;
	key_of(st, &h);
	h.btf_len = len;
	h.crc = crc32(0, btf, len);
	entry = xmalloc(sizeof(h) + len);
	memcpy(entry, &h, sizeof(h));
	memcpy(entry + sizeof(h), btf, len);
	/* Readable by other users of a shared cache dir; durable before use. */
	if (!util_write_file_atomic(cache_path, entry, sizeof(h) + len, 0644, 1, NULL))
		btfcc_cache_prune(cache_path, "", ".btf");
	free(entry);
}

static char *lock_path(const char *cache_path)
{
	return xasprintf("%s.lock", cache_path);
}

/*
 * Unlinks a lock nobody holds: a process that holds or waits on it would
 * go on with an inode the next one does not lock (two extractions at once).
 */
static void unlink_unheld(const char *lock)
{
	int fd = open(lock, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	if (!flock(fd, LOCK_EX | LOCK_NB))
		unlink(lock);
	close(fd);
}

static void drop_entry(const char *path)
{
	char *lock = lock_path(path);

	unlink(path);
	unlink_unheld(lock);
	free(lock);
}

/* A lock whose entry was never written (an image that gave no BTF), unused for a day. */
static void drop_leftover(const char *path, const char *name)
{
	size_t n = strlen(name);

	if (n > 5 && !strcmp(name + n - 5, ".lock")) {
		char *entry = xstrndup(path, strlen(path) - 5);

		if (access(entry, F_OK) && util_lru_older(path, UTIL_LRU_LEFTOVER_SECONDS))
			unlink_unheld(path);
		free(entry);
		return;
	}
	util_lru_drop_leftover(path, name);
}

void btfcc_cache_prune(const char *cache_path, const char *prefix, const char *suffix)
{
	char *dir = util_path_dir(cache_path);

	util_lru_prune(dir, prefix, suffix, BTFCC_CACHE_KEEP, drop_entry, drop_leftover);
	free(dir);
}

int btfcc_cache_lock(const char *cache_path)
{
	char *lock;
	int fd;

	if (mkdir_for(cache_path))
		return -1;
	lock = lock_path(cache_path);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	free(lock);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX)) {
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	}
	/* Its mtime is its last use: a pruner leaves a lock in use alone. */
	futimens(fd, NULL);
	return fd;
}

void btfcc_cache_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

int btfcc_btf_cache_path(const char *path, const struct btfcc_load_opts *opts,
			 char *buf, size_t len)
{
	char *dir = btfcc_cache_dir(opts);
	struct stat st;
	int ret = -1;

	if (dir && !stat(path, &st))
		ret = btfcc_cache_file(dir, path, &st, buf, len);
	free(dir);
	return ret;
}
