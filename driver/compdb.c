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
 * only come in through -include, which runs before line 1: the wrapper
 * replays the source's own directives first (replay.c). Both files are
 * rewritten on every successful compile, so an entry stays right across
 * edits and rebuilds. Names start with .tmp_ so kbuild's "make clean"
 * removes them (see workfiles.c).
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
	if (!replay_write_wrapper(ca, wf, wrapper, "clangd: compile_commands.json", true))
		write_entry(ca, abs_wrapper, entry);
	free(abs_wrapper);
	free(entry);
	free(wrapper);
}
