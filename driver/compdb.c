// SPDX-License-Identifier: GPL-2.0-only
/*
 * What clangd needs to see a module source the way btfcc compiles it.
 * Every compile of a module source leaves, next to the object:
 *
 *   .tmp_<stem>.btfcc.json   one compile_commands.json entry (btfcc-compdb
 *                            merges them): clang's spelling of the flags,
 *                            the real source, and -include of:
 *   .tmp_<stem>.btfcc.ide.h  the preprocessor lines the source has before
 *                            the inject line, then the generated header.
 *
 * clangd must parse the real file (edits, positions), so the imports can
 * only come in through -include, which runs before line 1. Replaying the
 * source's own directives first puts the kernel headers (and pr_fmt & co.)
 * in place before the imported definitions that use them; when the real
 * file repeats them, include guards make the includes no-ops and identical
 * macro redefinitions are silent. Both files are rewritten on every
 * successful compile, so an entry stays right across edits and rebuilds. Names start
 * with .tmp_ so kbuild's "make clean" removes them (see inject.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"
#include "cflags/clang_args.h"

/* ".tmp_foo.btfcc.h" -> ".tmp_foo.btfcc<suffix>" */
static char *sibling_name(const char *header, const char *suffix)
{
	size_t n = strlen(header);

	if (n >= 2 && !strcmp(header + n - 2, ".h"))
		n -= 2;
	return xasprintf("%.*s%s", (int)n, header, suffix);
}

static char *current_dir(void)
{
	char cwd[4096];

	return xstrdup(getcwd(cwd, sizeof(cwd)) ? cwd : ".");
}

/* kbuild names M= sources absolutely; anything else is made so. */
static char *absolute(const char *path)
{
	char *cwd, *abs;

	if (path[0] == '/')
		return xstrdup(path);
	if (!strncmp(path, "./", 2))
		path += 2;
	cwd = current_dir();
	abs = xasprintf("%s/%s", cwd, path);
	free(cwd);
	return abs;
}

/* --- the -include wrapper ------------------------------------------- */

/* Just enough of C's lexing to tell directives from comments and strings. */
struct lexer {
	const char *p, *end;
	FILE *out;		/* NULL outside a directive */
};

static void lex_quoted(struct lexer *lx, char quote)
{
	const char *start = lx->p++;

	while (lx->p < lx->end && *lx->p != quote && *lx->p != '\n') {
		if (*lx->p == '\\' && lx->p + 1 < lx->end)
			lx->p++;
		lx->p++;
	}
	if (lx->p < lx->end && *lx->p == quote)
		lx->p++;
	if (lx->out)
		fwrite(start, 1, lx->p - start, lx->out);
}

static void lex_block_comment(struct lexer *lx)
{
	const char *close = NULL;

	for (const char *q = lx->p + 2; q + 1 < lx->end; q++)
		if (q[0] == '*' && q[1] == '/') {
			close = q;
			break;
		}
	lx->p = close ? close + 2 : lx->end;
	if (lx->out)
		fputc(' ', lx->out);
}

static void lex_line_comment(struct lexer *lx)
{
	while (lx->p < lx->end && *lx->p != '\n') {
		if (*lx->p == '\\' && lx->p + 1 < lx->end && lx->p[1] == '\n')
			lx->p++;
		lx->p++;
	}
}

/* Up to (not over) the newline that ends this logical line. */
static void lex_line(struct lexer *lx)
{
	while (lx->p < lx->end && *lx->p != '\n') {
		char c = *lx->p;

		if (c == '/' && lx->p + 1 < lx->end && lx->p[1] == '*') {
			lex_block_comment(lx);
		} else if (c == '/' && lx->p + 1 < lx->end && lx->p[1] == '/') {
			lex_line_comment(lx);
		} else if (c == '"' || c == '\'') {
			lex_quoted(lx, c);
		} else if (c == '\\' && lx->p + 1 < lx->end && lx->p[1] == '\n') {
			if (lx->out)
				fputs("\\\n", lx->out);
			lx->p += 2;
		} else {
			if (lx->out)
				fputc(c, lx->out);
			lx->p++;
		}
	}
	if (lx->p < lx->end)
		lx->p++;
	if (lx->out)
		fputc('\n', lx->out);
}

static bool word_is(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - p) >= n && !strncmp(p, w, n) &&
	       (p + n == end || !(p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z')));
}

/* How a directive starting after '#' at p changes the #if depth. */
static int depth_change(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (word_is(p, end, "if") || word_is(p, end, "ifdef") || word_is(p, end, "ifndef"))
		return 1;
	return word_is(p, end, "endif") ? -1 : 0;
}

/*
 * Copies the directives of text[0..len) to f, comments blanked (a comment
 * may run on over a newline inside a directive), and returns how many
 * #if/#ifdef/#ifndef are still open at the end, for the caller to close
 * after the generated header (which sits inside them in the real TU too).
 */
static int replay_directives(FILE *f, const char *text, size_t len)
{
	struct lexer lx = { .p = text, .end = text + len };
	int depth = 0;

	while (lx.p < lx.end) {
		const char *q = lx.p;

		while (q < lx.end && (*q == ' ' || *q == '\t'))
			q++;
		lx.out = q < lx.end && *q == '#' ? f : NULL;
		if (lx.out)
			depth += depth_change(q + 1, lx.end);
		lex_line(&lx);
	}
	return depth > 0 ? depth : 0;
}

/*
 * Without a generated header (the file needs nothing) the wrapper is only
 * a comment: the entry names it either way, so it stays valid when that
 * changes. The header's include is guarded because a later failed build
 * removes the header but leaves the last good wrapper.
 */
static int write_wrapper(const struct cc_args *ca, const struct workfiles *wf,
			 const char *path)
{
	unsigned line = import_header_inject_line(wf->header);
	const char *hbase = strrchr(wf->header, '/');
	char *out = NULL, *text = NULL;
	size_t out_len, len = 0;
	FILE *f = open_memstream(&out, &out_len);
	int open_ifs = 0, ret;

	hbase = hbase ? hbase + 1 : wf->header;
	fprintf(f, "/* btfcc, for clangd: compile_commands.json force-includes this before %s.\n"
		" * Generated on each compile; do not edit. */\n", ca->source);
	if (!access(wf->features, F_OK)) {
		const char *fbase = strrchr(wf->features, '/');

		fbase = fbase ? fbase + 1 : wf->features;
		fputs("/* The feature tests' answers, as the compiler saw them: */\n#if __has_include(", f);
		c_put_string(f, fbase);
		fputs(")\n#include ", f);
		c_put_string(f, fbase);
		fputs("\n#endif\n", f);
	}
	if (line)
		text = util_read_text(ca->source, &len);
	if (text) {
		fprintf(f, "/* The preprocessor lines before line %u, where btfcc puts its imports: */\n",
			line);
		open_ifs = replay_directives(f, text, c_line_offset(text, len, line));
		fputs("/* The imports, as the compiler saw them: */\n#if __has_include(", f);
		c_put_string(f, hbase);
		fputs(")\n#include ", f);
		c_put_string(f, hbase);
		fputs("\n#endif\n", f);
		while (open_ifs--)
			fputs("#endif\n", f);
	}
	fclose(f);
	ret = driver_write_file(path, out, out_len);
	free(out);
	free(text);
	return ret;
}

/* --- the compile_commands.json entry --------------------------------- */

static void put_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/*
 * clang's arguments: kbuild's minus source, outputs and depfiles, through
 * the pass' own table (the same translation the libclang scan gets), then
 * the wrapper after kbuild's -include's, which it builds on.
 */
static char **entry_args(const struct cc_args *ca, const char *src, const char *wrapper,
			 int *argc)
{
	struct strvec in;
	char **tr, **out;
	char *dir = util_path_dir(src);
	int n = 0, k = 0;

	strvec_init(&in);
	cc_args_for_scan(ca, &in);
	tr = clang_args_translate((const char *const *)in.v, in.n, &n);
	strvec_free(&in);
	if (!tr) {
		free(dir);
		return NULL;
	}
	out = xmalloc((n + 7) * sizeof(*out));
	out[k++] = xstrdup("clang");
	for (int i = 0; i < n; i++)
		out[k++] = tr[i];
	free(tr);
	/* quoted includes the wrapper replays resolve as from the source */
	out[k++] = xstrdup("-iquote");
	out[k++] = dir;
	out[k++] = xstrdup("-include");
	out[k++] = xstrdup(wrapper);
	out[k++] = xstrdup(src);
	out[k] = NULL;
	*argc = k;
	return out;
}

static int write_entry(const struct cc_args *ca, const char *wrapper, const char *path)
{
	char *src = absolute(ca->source), *cwd = current_dir();
	char *out = NULL;
	size_t out_len;
	int argc = 0, ret;
	char **argv = entry_args(ca, src, wrapper, &argc);
	FILE *f;

	if (!argv) {
		free(src);
		free(cwd);
		return -1;
	}
	f = open_memstream(&out, &out_len);
	fputs("{\n\t\"directory\": ", f);
	put_json_string(f, cwd);
	fputs(",\n\t\"file\": ", f);
	put_json_string(f, src);
	if (ca->output) {
		char *obj = absolute(ca->output);

		fputs(",\n\t\"output\": ", f);
		put_json_string(f, obj);
		free(obj);
	}
	fputs(",\n\t\"arguments\": [", f);
	for (int i = 0; i < argc; i++) {
		fputs(i ? ",\n\t\t" : "\n\t\t", f);
		put_json_string(f, argv[i]);
	}
	fputs("\n\t]\n}\n", f);
	fclose(f);
	ret = driver_write_file(path, out, out_len);
	free(out);
	clang_args_free(argv);
	free(src);
	free(cwd);
	return ret;
}

void compdb_record(const struct cc_args *ca, const struct workfiles *wf)
{
	const char *env = getenv("BTFCC_COMPDB");
	char *wrapper, *entry, *abs_wrapper;

	if (env && !strcmp(env, "0"))
		return;
	wrapper = sibling_name(wf->header, ".ide.h");
	entry = sibling_name(wf->header, ".json");
	abs_wrapper = absolute(wrapper);
	/* An editor aid: failing to write it never fails the build. */
	if (!write_wrapper(ca, wf, wrapper))
		write_entry(ca, abs_wrapper, entry);
	free(abs_wrapper);
	free(entry);
	free(wrapper);
}
