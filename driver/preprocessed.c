// SPDX-License-Identifier: GPL-2.0-only
/*
 * The -E output of a module source that depends on BTF. Two readers care:
 * kbuild's genksyms, and ccache, which hashes the output in its
 * preprocessor mode and records every file a linemarker names as an
 * include file for its direct mode (docs/tools.md). So the output must
 *   - name the user's source, never the TU copy (a work file that is gone
 *     by the next lookup, and whose name would make the output depend on
 *     where btfcc keeps it), as the depfile does;
 *   - name the BTF file, first: the object depends on it but no #include
 *     reads it, and without it ccache's direct mode would trust a stale
 *     generated header still on disk after a new kernel image.
 * The marker line comes right before the compiler's first linemarker, so
 * no line of the output is attributed to the BTF file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "util/strbuf.h"

static char *quoted(const char *path)
{
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);

	c_put_string(f, path);
	fclose(f);
	return out;
}

/* "# 12 " of a gcc linemarker: the offset of its quoted name, or 0. */
static size_t linemarker_name(const char *line, const char *end)
{
	const char *p = line;

	if (end - p < 4 || p[0] != '#' || p[1] != ' ' || p[2] < '0' || p[2] > '9')
		return 0;
	p += 2;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	if (p + 1 >= end || p[0] != ' ' || p[1] != '"')
		return 0;
	return p + 1 - line;
}

char *preprocessed_rewrite(const char *text, size_t len, const char *tu, const char *source,
			   const char *btf_path, size_t *out_len)
{
	char *qtu = tu ? quoted(tu) : NULL, *qsrc = quoted(source);
	size_t ntu = qtu ? strlen(qtu) : 0;
	struct strbuf sb;
	const char *p = text, *end = text + len;

	sb_init(&sb);
	if (btf_path) {
		char *qbtf = quoted(btf_path);

		sb_addf(&sb, "# 0 %s\n", qbtf);
		free(qbtf);
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl + 1 : end;
		size_t name = linemarker_name(p, eol);

		if (name && qtu && (size_t)(eol - p) >= name + ntu &&
		    !memcmp(p + name, qtu, ntu)) {
			sb_addn(&sb, p, name);
			sb_add(&sb, qsrc);
			sb_addn(&sb, p + name + ntu, eol - (p + name + ntu));
		} else {
			sb_addn(&sb, p, eol - p);
		}
		p = eol;
	}
	free(qtu);
	free(qsrc);
	*out_len = sb.len;
	return sb.buf ? sb.buf : xstrdup("");
}

/* -E writes to -o FILE, or to stdout when there is none (genksyms' pipe). */
static bool to_stdout(const struct cc_args *ca)
{
	return !ca->output || !strcmp(ca->output, "-");
}

int preprocess_run(const struct strvec *cc, const struct strvec *args, const struct cc_args *ca,
		   const char *tu, const char *btf_path)
{
	char *text = NULL, *out;
	size_t len = 0, out_len;
	int rc;

	rc = run_wait(cc, args, to_stdout(ca) ? 1 : -1, &text, &len);
	if (rc) {
		free(text);
		return rc < 0 ? 1 : rc;
	}
	if (!to_stdout(ca)) {
		text = util_read_text(ca->output, &len);
		if (!text) {
			log_error("%s: cannot read the preprocessed output: %s", ca->output,
				  strerror(errno));
			return 1;
		}
	}
	out = preprocessed_rewrite(text, len, tu, ca->source, btf_path, &out_len);
	if (to_stdout(ca))
		rc = fwrite(out, 1, out_len, stdout) == out_len && !fflush(stdout) ? 0 : 1;
	else
		rc = driver_write_file(ca->output, out, out_len) ? 1 : 0;
	free(out);
	free(text);
	return rc;
}
