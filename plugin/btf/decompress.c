// SPDX-License-Identifier: GPL-2.0-only
/*
 * In-memory decompression of kernel payloads and compressed modules.
 * Every decoder stops at the end of its first stream: the kernel build
 * appends the decoded size after a vmlinuz payload, and those bytes are
 * not another stream.
 */
#include <lz4.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "btf/btf_internal.h"
#include "util/xalloc.h"

/* lz4 -l writes blocks that each decode to at most this much. */
#define LZ4_LEGACY_MAGIC 0x184C2102u
#define LZ4_LEGACY_BLOCK (8u << 20)

/* A growing output buffer that never exceeds limit bytes. */
struct sink {
	uint8_t *data;
	size_t len, cap, limit;
	bool prefix_ok;
	bool stop;	/* limit reached in prefix mode: the caller is done */
	/* Asked as output grows how much is enough (btfcc_decompress_until). */
	btfcc_enough_fn enough;
	void *enough_ctx;
};

/*
 * Output is produced in steps of at most this much, so that an enough()
 * that answers early stops within a step of the answer, not at the next
 * doubling of the buffer.
 */
#define SINK_STEP (4u << 20)

static size_t sink_room(const struct sink *s)
{
	return s->cap - s->len < SINK_STEP ? s->cap - s->len : SINK_STEP;
}

/* Ask enough(): once it knows, the limit is what it said and prefix mode on. */
static void sink_ask(struct sink *s)
{
	size_t want = s->enough(s->data, s->len, s->enough_ctx);

	if (!want)
		return;
	s->enough = NULL;
	if (want == SIZE_MAX || want > s->limit)
		return;
	s->prefix_ok = true;
	s->limit = want > s->len ? want : s->len;
}

/*
 * Make room for more output. Returns 1 with room, 0 when prefix mode hit
 * the limit (sink->stop), -1 on an error.
 */
static int sink_grow(struct sink *s, struct btfcc_err *err)
{
	size_t cap;
	uint8_t *p;

	if (s->enough && s->data)
		sink_ask(s);
	if (s->len < s->cap && s->len < s->limit)
		return 1;
	if (s->cap >= s->limit) {
		if (s->prefix_ok) {
			s->stop = true;
			return 0;
		}
		btfcc_err_set(err, BTFCC_E_LIMIT, "decompressed data exceeds the %zu MiB limit",
			      s->limit >> 20);
		return -1;
	}
	cap = s->cap ? s->cap * 2 : 1 << 20;
	if (cap > s->limit)
		cap = s->limit;
	p = xrealloc(s->data, cap);
	s->data = p;
	s->cap = cap;
	return 1;
}

static int inflate_gzip(const void *in, size_t in_len, struct sink *s,
			struct btfcc_err *err)
{
	z_stream zs = { 0 };
	int ret = Z_OK, g;
	size_t room;

	if (in_len > UINT32_MAX || inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "cannot start the gzip decoder");
		return -1;
	}
	zs.next_in = (Bytef *)in;
	zs.avail_in = in_len;
	while (ret != Z_STREAM_END) {
		g = sink_grow(s, err);
		if (g <= 0)
			break;
		room = sink_room(s);
		zs.next_out = s->data + s->len;
		zs.avail_out = room;
		ret = inflate(&zs, Z_NO_FLUSH);
		s->len += room - zs.avail_out;
		if (ret == Z_BUF_ERROR || (ret == Z_OK && !zs.avail_in && zs.avail_out)) {
			btfcc_err_set(err, BTFCC_E_FORMAT, "truncated gzip data");
			g = -1;
			break;
		}
		if (ret != Z_OK && ret != Z_STREAM_END) {
			btfcc_err_set(err, BTFCC_E_FORMAT, "corrupt gzip data (%s)", zs.msg ? zs.msg : "zlib error");
			g = -1;
			break;
		}
	}
	inflateEnd(&zs);
	return ret == Z_STREAM_END || s->stop ? 0 : -1;
}

static const char *lzma_why(lzma_ret ret)
{
	switch (ret) {
	case LZMA_MEM_ERROR:
		return "out of memory";
	case LZMA_MEMLIMIT_ERROR:
		return "needs more than 1 GiB of memory";
	case LZMA_FORMAT_ERROR:
		return "bad xz header";
	case LZMA_OPTIONS_ERROR:
		return "unsupported xz options";
	case LZMA_DATA_ERROR:
		return "data error";
	default:
		return "liblzma error";
	}
}

static int inflate_xz(const void *in, size_t in_len, struct sink *s,
		      struct btfcc_err *err)
{
	lzma_stream ls = LZMA_STREAM_INIT;
	lzma_ret ret = LZMA_OK;
	size_t room;

	/* Kernels use a 32 MiB dictionary; refuse absurd ones in crafted files. */
	if (lzma_stream_decoder(&ls, 1ULL << 30, 0) != LZMA_OK) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "cannot start the xz decoder");
		return -1;
	}
	ls.next_in = in;
	ls.avail_in = in_len;
	while (ret != LZMA_STREAM_END) {
		if (sink_grow(s, err) <= 0)
			break;
		room = sink_room(s);
		ls.next_out = s->data + s->len;
		ls.avail_out = room;
		/* LZMA_FINISH: no more input exists, so a short stream is an error. */
		ret = lzma_code(&ls, LZMA_FINISH);
		s->len += room - ls.avail_out;
		if (ret == LZMA_BUF_ERROR) {
			btfcc_err_set(err, BTFCC_E_FORMAT, "truncated xz data");
			break;
		}
		if (ret != LZMA_OK && ret != LZMA_STREAM_END) {
			btfcc_err_set(err, BTFCC_E_FORMAT, "corrupt xz data (%s)", lzma_why(ret));
			break;
		}
	}
	lzma_end(&ls);
	return ret == LZMA_STREAM_END || s->stop ? 0 : -1;
}

static int inflate_zstd(const void *in, size_t in_len, struct sink *s,
			struct btfcc_err *err)
{
	ZSTD_inBuffer ib = { in, in_len, 0 };
	ZSTD_DCtx *dctx = ZSTD_createDCtx();
	size_t ret = 1;

	if (!dctx) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "cannot start the zstd decoder");
		return -1;
	}
	/* Kernels use -22 --ultra: allow windows up to our output limit. */
	ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, 30);
	while (ret != 0) {
		ZSTD_outBuffer ob;

		if (sink_grow(s, err) <= 0)
			break;
		ob.dst = s->data;
		ob.size = s->len + sink_room(s);
		ob.pos = s->len;
		ret = ZSTD_decompressStream(dctx, &ob, &ib);
		s->len = ob.pos;
		if (ZSTD_isError(ret)) {
			btfcc_err_set(err, BTFCC_E_FORMAT, "corrupt zstd data (%s)", ZSTD_getErrorName(ret));
			break;
		}
		if (ret && ib.pos == ib.size && ob.pos < ob.size) {
			btfcc_err_set(err, BTFCC_E_FORMAT, "truncated zstd data");
			ret = 1;
			break;
		}
	}
	ZSTD_freeDCtx(dctx);
	return ret == 0 || s->stop ? 0 : -1;
}

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Append n bytes, or as many as prefix mode still wants. */
static int sink_put(struct sink *s, const void *p, size_t n, struct btfcc_err *err)
{
	while (n) {
		size_t room, chunk;
		int g = sink_grow(s, err);

		if (g <= 0)
			return g;
		room = sink_room(s);
		chunk = n < room ? n : room;
		memcpy(s->data + s->len, p, chunk);
		s->len += chunk;
		p = (const uint8_t *)p + chunk;
		n -= chunk;
	}
	return 1;
}

/*
 * Legacy lz4: magic, then [le32 compressed size][block] until the input
 * runs out or the next size is another magic (the kernel's unlz4 does the
 * same; the appended decoded size reads as a block that does not fit).
 */
static int inflate_lz4(const void *in, size_t in_len, struct sink *s,
		       struct btfcc_err *err)
{
	const uint8_t *p = (const uint8_t *)in + 4, *end = (const uint8_t *)in + in_len;
	size_t blocks = 0;
	char *scratch;
	int ret = 0;

	scratch = xmalloc(LZ4_LEGACY_BLOCK);
	while (end - p >= 4 && !s->stop) {
		uint32_t csize = get_le32(p);
		int n;

		if (csize == LZ4_LEGACY_MAGIC || csize == 0 || csize > (size_t)(end - p - 4))
			break;
		if (csize > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK)) {
			btfcc_err_set(err, BTFCC_E_FORMAT, "corrupt lz4 data (block of %u bytes)", csize);
			ret = -1;
			break;
		}
		n = LZ4_decompress_safe((const char *)p + 4, scratch, csize, LZ4_LEGACY_BLOCK);
		if (n < 0) {
			btfcc_err_set(err, BTFCC_E_FORMAT, "corrupt lz4 data (block %zu)", blocks);
			ret = -1;
			break;
		}
		if (sink_put(s, scratch, n, err) < 0) {
			ret = -1;
			break;
		}
		p += 4 + csize;
		blocks++;
	}
	if (!ret && !blocks) {
		btfcc_err_set(err, BTFCC_E_FORMAT, "truncated lz4 data (no complete block)");
		ret = -1;
	}
	free(scratch);
	return ret;
}

static int decompress(enum btfcc_comp comp, const void *in, size_t in_len, struct sink *sink,
		      struct btfcc_buf *out, struct btfcc_err *err)
{
	struct sink s = *sink;
	int ret;

	switch (comp) {
	case BTFCC_COMP_GZIP:
		ret = inflate_gzip(in, in_len, &s, err);
		break;
	case BTFCC_COMP_XZ:
		ret = inflate_xz(in, in_len, &s, err);
		break;
	case BTFCC_COMP_ZSTD:
		ret = inflate_zstd(in, in_len, &s, err);
		break;
	case BTFCC_COMP_LZ4:
		ret = inflate_lz4(in, in_len, &s, err);
		break;
	default:
		btfcc_err_set(err, BTFCC_E_UNSUPPORTED, "unsupported compression %s", btfcc_comp_name(comp));
		ret = -1;
		break;
	}
	if (ret) {
		free(s.data);
		return -1;
	}
	out->data = s.data;
	out->len = s.len;
	return 0;
}

int btfcc_decompress(enum btfcc_comp comp, const void *in, size_t in_len, size_t limit,
		     bool prefix_ok, struct btfcc_buf *out, struct btfcc_err *err)
{
	struct sink s = { .limit = limit, .prefix_ok = prefix_ok };

	return decompress(comp, in, in_len, &s, out, err);
}

int btfcc_decompress_until(enum btfcc_comp comp, const void *in, size_t in_len, size_t limit,
			   btfcc_enough_fn enough, void *ctx, struct btfcc_buf *out,
			   struct btfcc_err *err)
{
	struct sink s = { .limit = limit, .enough = enough, .enough_ctx = ctx };

	return decompress(comp, in, in_len, &s, out, err);
}
