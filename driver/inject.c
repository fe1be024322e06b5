// SPDX-License-Identifier: GPL-2.0-only
/*
 * The injected translation unit. The user's file is never modified: the
 * compiler gets a copy next to the object with one extra #include, and
 * #line directives make __FILE__, __LINE__, diagnostics and debug info
 * name the user's file and lines as if the copy did not exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

/*
 * Names start with ".tmp_" because kbuild's "make clean" deletes every
 * file matching .tmp_* under M= (6.1 and 6.12 alike), and the leading dot
 * keeps them out of ls.
 */
void workfiles_init(struct workfiles *wf, const struct cc_args *ca)
{
	const char *ref = ca->output && strcmp(ca->output, "-") ? ca->output : ca->source;
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
	free(copy);
}

void workfiles_free(struct workfiles *wf)
{
	free(wf->header);
	free(wf->tu);
}

static void put_line_directive(FILE *f, unsigned line, const char *name)
{
	fprintf(f, "#line %u ", line);
	c_put_string(f, name);
	fputc('\n', f);
}

static char *header_basename(const char *header)
{
	const char *slash = strrchr(header, '/');

	return xstrdup(slash ? slash + 1 : header);
}

int inject_write_tu(const char *source, const char *header, unsigned inject_line,
		    const char *tu_path)
{
	size_t len, split, out_len;
	char *text = read_file_all(source, &len);
	char *out = NULL, *hbase;
	FILE *f;
	int ret;

	if (!text) {
		log_error("%s: cannot read", source);
		return -1;
	}
	if (!inject_line)
		inject_line = 1;
	split = c_line_offset(text, len, inject_line);
	hbase = header_basename(header);
	f = open_memstream(&out, &out_len);
	put_line_directive(f, 1, source);
	fwrite(text, 1, split, f);
	if (split && text[split - 1] != '\n')
		fputc('\n', f);
	/* Same directory as this copy: found first for a quoted include. */
	fprintf(f, "#include ");
	c_put_string(f, hbase);
	fputc('\n', f);
	put_line_directive(f, inject_line, source);
	fwrite(text + split, 1, len - split, f);
	fclose(f);
	ret = write_file_atomic(tu_path, out, out_len);
	free(out);
	free(hbase);
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
