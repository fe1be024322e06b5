// SPDX-License-Identifier: GPL-2.0-only
/*
 * The whole engine on fuzzed BTF: load and validate, then for each named
 * type (at most MAX_REQ) a plan, its closure and the emitted header.
 *
 * The oracle: a refusal is one line; a header holds nothing but C made of
 * BTF names that are identifiers (header_ok). Whether each header also
 * compiles is checked outside the fuzzer: with $BTFCC_FUZZ_HEADERS set to
 * a directory, every header is written there, and
 * test/fuzz/test_fuzz_headers.sh runs them through gcc-12.
 */
#include <ctype.h>
#include <fcntl.h>

#include "fuzz_common.h"
#include "btf/btf_internal.h"
#include "engine/plan.h"
#include "engine/type_index.h"
#include "util/hash.h"

#define MAX_REQ 16
/* PLAN_NAME_MAX: a 255-byte name and its "___N" shape suffix. */
#define MAX_IDENT 300

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* A string literal of a _Static_assert: names and punctuation, no escapes. */
static const char *skip_string(const char *p)
{
	for (p++; *p != '"'; p++)
		if (!*p || *p == '\\' || *p == '\n')
			return NULL;
	return p + 1;
}

static const char *skip_comment(const char *p)
{
	const char *end = strstr(p + 2, "*/");

	/* A comment opened inside a comment: BTF text printed raw. */
	if (!end || memmem(p + 2, end - p - 2, "/*", 2))
		return NULL;
	return end + 2;
}

static bool header_ok(const char *h, size_t len)
{
	const char *p = h;
	size_t n;

	for (n = 0; n < len; n++)
		if (!h[n] || ((unsigned char)h[n] > 0x7e) ||
		    ((unsigned char)h[n] < 0x20 && h[n] != '\n' && h[n] != '\t'))
			return false;
	while (p && *p) {
		if (p[0] == '/' && p[1] == '*') {
			p = skip_comment(p);
		} else if (*p == '"') {
			p = skip_string(p);
		} else if (ident_char(*p)) {
			for (n = 0; ident_char(p[n]); n++)
				;
			if (n > MAX_IDENT)
				return false;
			p += n;
		} else if (strchr(" \t\n{}()[];,*=:.-<>&|!~+/%^?", *p)) {
			p++;
		} else {
			return false;	/* '#', '\\', '`', '$', '@' */
		}
	}
	return p != NULL;
}

static void save_header(const char *h, size_t len, const uint8_t *data, size_t dlen,
			unsigned i)
{
	const char *dir = getenv("BTFCC_FUZZ_HEADERS");
	char path[4096];
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%016llx-%u.h", dir,
		 (unsigned long long)fnv1a(FNV1A_INIT, data, dlen), i);
	f = fopen(path, "w");
	if (!f || fwrite(h, 1, len, f) != len || fclose(f))
		abort();
}

static void one_request(const struct btf *btf, enum btfcc_ns ns, const char *name,
			bool decl_ok, const uint8_t *data, size_t len, unsigned i)
{
	struct btfcc_request req = { .ns = ns, .name = name, .origin = "fuzz",
				     .decl_ok = decl_ok };
	struct btfcc_emit_opts eo = { .source_desc = "fuzz", .explain = i & 1 };
	struct btfcc_plan *plan = btfcc_plan_new(btf, NULL);
	struct btfcc_err err = { 0 };
	char *h = NULL;
	size_t hlen = 0;
	FILE *f;

	if (btfcc_plan_add(plan, &req, &err)) {
		fuzz_check_msg(&err);
		goto out;
	}
	f = open_memstream(&h, &hlen);
	if (!f)
		abort();
	if (btfcc_plan_emit(plan, f, &eo, &err)) {
		fclose(f);
		fuzz_check_msg(&err);
		if (hlen)
			abort();	/* "writes nothing on error" */
		goto out;
	}
	fclose(f);
	if (!header_ok(h, hlen)) {
		fprintf(stderr, "header breaks the oracle:\n%s\n", h);
		abort();
	}
	save_header(h, hlen, data, len, i);
out:
	free(h);
	btfcc_plan_free(plan);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct btfcc_err err = { 0 };
	unsigned n_req = 0;
	struct btf *btf;
	__u32 id;

	btf = btfcc_btf_from_raw(data, len, NULL, &err);
	if (!btf) {
		fuzz_check_msg(&err);
		return 0;
	}
	for (id = 1; id < btf__type_cnt(btf) && n_req < MAX_REQ; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name = btf__name_by_offset(btf, t->name_off);
		enum btfcc_ns ns;

		if (!type_index_ns_of(t, &ns))
			continue;
		one_request(btf, ns, name, n_req & 2, data, len, n_req);
		n_req++;
	}
	btf__free(btf);
	return 0;
}
