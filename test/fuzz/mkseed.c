// SPDX-License-Identifier: GPL-2.0-only
/*
 * mkseed: the seeds of the fuzz corpora that are easier written with
 * libbpf's BTF writer than compiled from C (gen_seeds.sh runs it):
 *
 *   mkseed split OUT        split BTF over fuzz_base.h's base
 *   mkseed cache RAW OUT    RAW as a cache entry keyed as fuzz_cache expects
 *   mkseed shapes DIR       raw BTF of the shapes C cannot express (refused
 *                           by the engine) and of the limits: DIR/<name>.btf
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "fuzz_base.h"
#include "fuzz_shapes.h"
#include "btf/btf_internal.h"
#include "util/fileio.h"

static int write_btf(struct btf *btf, const char *out)
{
	const void *raw;
	__u32 len;

	raw = btf__raw_data(btf, &len);
	if (!raw || util_write_file_atomic(out, raw, len, 0644, 0, NULL)) {
		fprintf(stderr, "mkseed: cannot write %s\n", out);
		return 1;
	}
	return 0;
}

static int mk_split(const char *out)
{
	struct btf *base = fuzz_base_btf();
	struct btf *b = btf__new_empty_split(base);
	int s, ret;

	s = btf__add_struct(b, "mod_state", 32);
	btf__add_field(b, "list", 3, 0, 0);
	btf__add_field(b, "ts", 5, 128, 0);
	btf__add_field(b, "owner", s + 1, 192, 0);
	btf__add_ptr(b, 6);
	ret = write_btf(b, out);
	btf__free(b);
	btf__free(base);
	return ret;
}

static int mk_cache(const char *raw, const char *out)
{
	struct btfcc_err err = { 0 };
	struct btfcc_buf b = { 0 };
	struct stat st;

	if (util_read_file(raw, 1 << 24, &b, NULL, &err)) {
		fprintf(stderr, "mkseed: %s\n", err.msg);
		return 1;
	}
	fuzz_cache_stat(&st);
	unlink(out);
	btfcc_cache_write(out, &st, b.data, b.len);
	btfcc_buf_free(&b);
	return access(out, R_OK) ? 1 : 0;
}

static int mk_shapes(const char *dir)
{
	const struct fuzz_shape *s;
	char path[4096];
	int ret = 0;

	for (s = fuzz_shapes; s->name; s++) {
		struct btf *b = s->build(s->arg);

		snprintf(path, sizeof(path), "%s/%s.btf", dir, s->name);
		ret |= write_btf(b, path);
		btf__free(b);
	}
	return ret;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "split"))
		return mk_split(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "cache"))
		return mk_cache(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "shapes"))
		return mk_shapes(argv[2]);
	fprintf(stderr, "usage: mkseed split OUT | cache RAW OUT | shapes DIR\n");
	return 2;
}
