// SPDX-License-Identifier: GPL-2.0-only
/*
 * The injected translation unit. The user's file is never modified: the
 * compiler gets a copy next to the object with one extra #include, and
 * #line directives make __FILE__, __LINE__, diagnostics and debug info
 * name the user's file and lines as if the copy did not exist.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

/*
 * Names start with ".tmp_" because kbuild's "make clean" deletes every
 * file matching .tmp_* under M= (6.1 and 6.12 alike), and the leading dot
 * keeps them out of ls. They follow the object of a compile, and the
 * source of an -E: its output is a pipe (genksyms) or a temporary
 * (ccache's "-E -o $CCACHE_DIR/tmp/cpp_stdout.tmp.XXXXXX.i"), and the -E
 * of a module source belongs with its object, next to the source in M=
 * builds; named after ccache's temporary, the work files would litter its
 * directory with random names, which would end up in the output.
 */
void workfiles_init(struct workfiles *wf, const struct cc_args *ca)
{
	bool by_output = ca->mode != CC_PREPROCESS && ca->output && strcmp(ca->output, "-");
	const char *ref = by_output ? ca->output : ca->source;
	char *copy = xstrdup(ref);
	char *slash = strrchr(copy, '/');
	char *base = slash ? slash + 1 : copy;
	char *dot = strrchr(base, '.');
	const char *dir = slash ? copy : ".";

	if (slash)
		*slash = '\0';
	if (dot && dot != base)
		*dot = '\0';
	wf->header = xasprintf("%s/.tmp_%s.btfcc.h", dir, base);
	wf->tu = xasprintf("%s/.tmp_%s.btfcc.c", dir, base);
	wf->features = xasprintf("%s/.tmp_%s.btfcc-features.h", dir, base);
	free(copy);
}

void workfiles_free(struct workfiles *wf)
{
	free(wf->header);
	free(wf->tu);
	free(wf->features);
}

int driver_write_file(const char *path, const char *data, size_t len)
{
	struct btfcc_err err;

	if (!util_write_file_atomic(path, data, len, 0644, 0, &err))
		return 0;
	log_error("%s", err.msg);
	return -1;
}

int inject_write_tu(const char *source, const char *header, unsigned inject_line,
		    const char *tu_path)
{
	size_t len, out_len;
	char *text = util_read_text(source, &len);
	const char *slash = strrchr(header, '/');
	char *out;
	int ret;

	if (!text) {
		log_error("%s: cannot read: %s", source, strerror(errno));
		return -1;
	}
	/* The header's base name: same directory as this copy, found first. */
	out = c_with_include(text, len, inject_line, slash ? slash + 1 : header, source, true,
			     &out_len);
	ret = driver_write_file(tu_path, out, out_len);
	free(out);
	free(text);
	return ret;
}

/* The inject line a previous compile used, from the header's first line. */
unsigned import_header_inject_line(const char *header)
{
	char buf[128] = "";
	unsigned line = 0;
	FILE *f = fopen(header, "r");

	if (!f)
		return 0;
	if (fgets(buf, sizeof(buf), f))
		sscanf(buf, "/* " INJECT_LINE_TAG "%u", &line);
	fclose(f);
	return line;
}
