// SPDX-License-Identifier: GPL-2.0-only
/*
 * The first line of a generated header says what it was made from: the
 * inject line, a hash of the source up to that line and of its
 * //BTF_INCLUDE lines, and the BTF file with its identity. A rebuild whose
 * stamp still matches tries the header as it is, with no libclang scan and
 * no BTF load: the compile itself, with the layout checks in the header,
 * says whether the imports still fit; if not, the full import runs.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "driver.h"
#include "util/hash.h"

/* The source up to the inject line, then every marker line after it. */
static unsigned long long source_hash(const char *source, unsigned line)
{
	unsigned long long h = FNV1A_INIT;
	size_t len, split;
	char *text = util_read_text(source, &len);
	const char *p, *end;

	if (!text)
		return 0;
	split = c_line_offset(text, len, line);
	h = fnv1a(h, text, split);
	for (p = text + split; p < text + len; p = end + 1) {
		end = memchr(p, '\n', text + len - p);
		if (!end)
			end = text + len;
		if (memmem(p, end - p, "BTF_INCLUDE", 11))
			h = fnv1a(h, p, end - p);
	}
	free(text);
	return h;
}

static void btf_identity(const char *btf_path, long long *mtime_ns, long long *size)
{
	struct stat st;

	*mtime_ns = *size = -1;
	if (btf_path && !stat(btf_path, &st)) {
		*mtime_ns = st.st_mtim.tv_sec * 1000000000ll + st.st_mtim.tv_nsec;
		*size = st.st_size;
	}
}

char *header_stamp(const char *source, unsigned line, const char *btf_path)
{
	long long mtime_ns, size;

	btf_identity(btf_path, &mtime_ns, &size);
	return xasprintf("/* " INJECT_LINE_TAG "%u source=%016llx btf=%lld:%lld:%s */\n", line,
			 source_hash(source, line), mtime_ns, size, btf_path ? btf_path : "");
}

unsigned header_stamp_matches(const char *header, const char *source, const char *btf_path)
{
	char buf[4096] = "", *want;
	unsigned line = import_header_inject_line(header);
	FILE *f;
	bool same;

	if (!line || !btf_path || !(f = fopen(header, "r")))
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	want = header_stamp(source, line, btf_path);
	same = !strcmp(buf, want);
	free(want);
	return same ? line : 0;
}
