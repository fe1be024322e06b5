// SPDX-License-Identifier: GPL-2.0-only
/*
 * Raw BTF bytes to a struct btf. libbpf prints its complaints to stderr;
 * we capture them instead, so the user gets one line of ours (with
 * libbpf's reason in it) and nothing else.
 */
#define _GNU_SOURCE
#include <bpf/libbpf.h>
#include <linux/btf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "btf/btf_internal.h"

#define BTF_MAGIC_SWAPPED 0x9FEB

static __thread char libbpf_msg[256];
static __thread int libbpf_msg_level = -1;

/* Keep the most severe (lowest level) message, the first of its level. */
static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char tmp[sizeof(libbpf_msg)];
	const char *s = tmp;
	size_t n;

	if (libbpf_msg_level >= 0 && (int)level >= libbpf_msg_level)
		return 0;
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	if (!strncmp(s, "libbpf: ", 8))
		s += 8;
	n = strcspn(s, "\n");
	if (!n)
		return 0;
	snprintf(libbpf_msg, sizeof(libbpf_msg), "%.*s", (int)n, s);
	libbpf_msg_level = level;
	return 0;
}

bool btfcc_raw_sniff(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	/* BTF_MAGIC 0xeB9F in either byte order, version 1. */
	return len >= 4 && ((p[0] == 0x9f && p[1] == 0xeb) || (p[0] == 0xeb && p[1] == 0x9f)) &&
	       p[2] == 1;
}

static uint32_t swap32(uint32_t v, bool swap)
{
	return swap ? __builtin_bswap32(v) : v;
}

int btfcc_raw_check(const void *data, size_t len, struct btfcc_err *err)
{
	struct btf_header h;
	unsigned long long end, str_end;
	bool swap;

	if (len < sizeof(h)) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "truncated BTF: %zu bytes, less than its %zu-byte header",
			      len, sizeof(h));
		return -1;
	}
	memcpy(&h, data, sizeof(h));
	swap = h.magic == BTF_MAGIC_SWAPPED;
	if ((h.magic != BTF_MAGIC && !swap) || h.version != BTF_VERSION) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "not BTF (bad magic or version %u)", h.version);
		return -1;
	}
	h.hdr_len = swap32(h.hdr_len, swap);
	end = (unsigned long long)swap32(h.type_off, swap) + swap32(h.type_len, swap);
	str_end = (unsigned long long)swap32(h.str_off, swap) + swap32(h.str_len, swap);
	if (str_end > end)
		end = str_end;
	end += h.hdr_len;
	if (h.hdr_len < sizeof(h) || end > len) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "truncated BTF: its header says %llu bytes, there are %zu",
			      h.hdr_len < sizeof(h) ? (unsigned long long)sizeof(h) : end, len);
		return -1;
	}
	/*
	 * libbpf 1.1 reads the type section in place, in 4-byte words: the
	 * kernel refuses an unaligned one ("Unaligned type_off"), and so do we.
	 */
	if ((h.hdr_len | swap32(h.type_off, swap)) % 4) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "corrupt BTF (its type section starts at byte %llu, "
			      "not on a 4-byte boundary)",
			      (unsigned long long)h.hdr_len + swap32(h.type_off, swap));
		return -1;
	}
	return 0;
}

/*
 * libbpf 1.1 (Debian 12) declares btf__new_split() but does not export it
 * (fixed in 1.2), so split BTF goes through btf__parse_raw_split() on a
 * memfd: still nothing written to disk.
 */
static struct btf *new_split(const void *data, size_t len, struct btf *base)
{
	char path[64];
	struct btf *btf = NULL;
	int fd, e;

	fd = memfd_create("btfcc-split-btf", MFD_CLOEXEC);
	if (fd < 0)
		return NULL;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n <= 0)
			break;
		data = (const char *)data + n;
		len -= n;
	}
	if (!len)
		btf = btf__parse_raw_split(path, base);
	else if (!errno)
		errno = EIO;
	e = errno;
	close(fd);
	errno = e;
	return btf;
}

struct btf *btfcc_btf_from_raw(const void *data, size_t len, struct btf *base,
			       struct btfcc_err *err)
{
	libbpf_print_fn_t old;
	struct btf *btf;
	int e;

	if (btfcc_raw_check(data, len, err))
		return NULL;
	libbpf_msg[0] = '\0';
	libbpf_msg_level = -1;
	old = libbpf_set_print(capture_print);
	errno = 0;
	btf = base ? new_split(data, len, base) : btf__new(data, len);
	e = errno;
	libbpf_set_print(old);
	if (!btf) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "corrupt BTF (%s)",
			      libbpf_msg[0] ? libbpf_msg : strerror(e));
		return NULL;
	}
	if (btfcc_btf_validate(btf, err)) {
		btf__free(btf);
		return NULL;
	}
	return btf;
}
