// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cheap question asked before anything expensive: does the module ask
 * for BTF by name, with a //BTF_INCLUDE marker or a BTFCC_HAS_*() feature
 * test? Only the source and the headers it includes with quotes from its
 * own directory tree are read; a marker can't hide in a kernel header.
 * The same walk collects the feature tests, which no compiler can answer.
 */
#define _GNU_SOURCE	/* memmem */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

#define MARKER_MAX_FILES 64

struct marker_walk {
	char root[PATH_MAX];	/* the module's directory */
	char *seen[MARKER_MAX_FILES];
	int n_seen;
	/* Called on each file's text; true stops the walk. */
	bool (*visit)(const char *text, void *ctx);
	void *ctx;
};

static bool seen_before(struct marker_walk *w, const char *path)
{
	for (int i = 0; i < w->n_seen; i++)
		if (!strcmp(w->seen[i], path))
			return true;
	if (w->n_seen == MARKER_MAX_FILES)
		return true;
	w->seen[w->n_seen++] = xstrdup(path);
	return false;
}

static bool walk_file(struct marker_walk *w, const char *path);

/* Follow '#include "name"' relative to the including file's directory. */
static bool follow_include(struct marker_walk *w, const char *from, const char *line)
{
	char rel[PATH_MAX], full[PATH_MAX];
	const char *q = strchr(line, '"'), *e, *slash;

	if (!q || !(e = strchr(q + 1, '"')))
		return false;
	slash = strrchr(from, '/');
	snprintf(rel, sizeof(rel), "%.*s%.*s", slash ? (int)(slash - from + 1) : 0, from,
		 (int)(e - q - 1), q + 1);
	if (!realpath(rel, full))
		return false;
	/* Only the module's own files. */
	if (strncmp(full, w->root, strlen(w->root)) || full[strlen(w->root)] != '/')
		return false;
	return walk_file(w, full);
}

static bool is_include_line(const char *l)
{
	while (*l == ' ' || *l == '\t')
		l++;
	if (*l++ != '#')
		return false;
	while (*l == ' ' || *l == '\t')
		l++;
	return !strncmp(l, "include", 7);
}

static bool walk_file(struct marker_walk *w, const char *path)
{
	char *text, *save = NULL;
	bool found = false;

	if (seen_before(w, path))
		return false;
	text = util_read_text(path, NULL);
	if (!text)
		return false;
	if (w->visit(text, w->ctx)) {
		free(text);
		return true;
	}
	for (char *l = strtok_r(text, "\n", &save); l && !found;
	     l = strtok_r(NULL, "\n", &save))
		if (is_include_line(l))
			found = follow_include(w, path, l);
	free(text);
	return found;
}

static bool walk_own_files(const char *source, bool (*visit)(const char *, void *), void *ctx)
{
	struct marker_walk w = { .n_seen = 0, .visit = visit, .ctx = ctx };
	char full[PATH_MAX];
	char *slash;
	bool found;

	if (!realpath(source, full))
		return false;
	snprintf(w.root, sizeof(w.root), "%s", full);
	slash = strrchr(w.root, '/');
	if (slash)
		*slash = '\0';
	found = walk_file(&w, full);
	for (int i = 0; i < w.n_seen; i++)
		free(w.seen[i]);
	return found;
}

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/*
 * "struct NAME" and "union NAME" anywhere, and "NAME->" (or "NAME)->"),
 * as the names index's fast-path lines spell them. Lexical, so comments
 * count too: a false hit costs one scan, never a wrong build.
 */
static void collect_names_used(const char *text, struct strvec *uses)
{
	const char *end = text + strlen(text);
	char key[300];

	for (const char *p = text; p < end; p++) {
		size_t n;

		if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		n = c_ident_len(p, end);
		if (!n)
			continue;
		if ((n == 6 && !strncmp(p, "struct", 6)) || (n == 5 && !strncmp(p, "union", 5))) {
			const char *q = skip_blanks(p + n);
			size_t m = c_ident_len(q, end);

			if (m && m < 256) {
				snprintf(key, sizeof(key), "?%.*s %.*s", (int)n, p, (int)m, q);
				strvec_push_unique(uses, key);
			}
		} else if (n < 256) {
			const char *q = skip_blanks(p + n);

			if (*q == ')')
				q = skip_blanks(q + 1);
			if (q[0] == '-' && q[1] == '>') {
				snprintf(key, sizeof(key), "?->%.*s", (int)n, p);
				strvec_push_unique(uses, key);
			}
		}
		p += n - 1;
	}
}

struct asks {
	unsigned bits;
	struct strvec *defs;
	struct strvec *uses;
};

/* Does the line holding p, or the line before it, say BTF_OWN? */
static bool own_marked(const char *text, const char *p)
{
	const char *start = p, *end = strchr(p, '\n');
	int lines = 0;

	while (start > text && lines < 2)
		if (*--start == '\n')
			lines++;
	end = end ? end : p + strlen(p);
	return memmem(start, end - start, "BTF_OWN", 7) != NULL;
}

/*
 * "struct name {", "union name {", "enum name {": the module defines a
 * named type, which may be a copy of a kernel type. Lexical, so it may
 * also see one in a comment: that costs a lookup, never a wrong build.
 */
static void collect_defs(const char *text, struct strvec *defs)
{
	static const char *const kws[] = { "struct", "union", "enum" };

	for (size_t k = 0; k < sizeof(kws) / sizeof(kws[0]); k++) {
		size_t kl = strlen(kws[k]);

		for (const char *p = text; (p = strstr(p, kws[k])); p += kl) {
			const char *q = p + kl, *end = q + strlen(q);
			size_t n;

			if ((p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_')) ||
			    !isspace((unsigned char)*q))
				continue;
			while (isspace((unsigned char)*q))
				q++;
			n = c_ident_len(q, end);
			if (!n)
				continue;
			for (end = q + n; isspace((unsigned char)*end); end++)
				;
			if (*end == '{' && !own_marked(text, p)) {
				char *def = xasprintf("%s %.*s", kws[k], (int)n, q);

				strvec_push(defs, def);
				free(def);
			}
		}
	}
}

/* Collect what a file asks for; stop once it has asked for everything. */
static bool asks_for_btf(const char *text, void *ctx)
{
	struct asks *a = ctx;

	if (strstr(text, "BTF_INCLUDE"))
		a->bits |= MARKER_BTF_INCLUDE;
	if (strstr(text, FEATURE_PREFIX))
		a->bits |= MARKER_FEATURES;
	if (a->defs)
		collect_defs(text, a->defs);
	if (a->uses)
		collect_names_used(text, a->uses);
	return !a->defs && !a->uses && a->bits == (MARKER_BTF_INCLUDE | MARKER_FEATURES);
}

unsigned marker_scan(const char *source, struct strvec *defs, struct strvec *uses)
{
	struct asks a = { .bits = 0, .defs = defs, .uses = uses };

	walk_own_files(source, asks_for_btf, &a);
	return a.bits;
}

/* At "MEMBER ( rq , donor )" after the prefix: "MEMBER rq donor"; NULL when malformed. */
static char *parse_use(const char *pk, const char *end)
{
	size_t kind = c_ident_len(pk, end), a, b = 0;
	const char *p = skip_blanks(pk + kind), *pa, *pb = NULL;

	if (!kind || *p++ != '(')
		return NULL;
	pa = skip_blanks(p);
	a = c_ident_len(pa, end);
	p = skip_blanks(pa + a);
	if (*p == ',') {
		pb = skip_blanks(p + 1);
		b = c_ident_len(pb, end);
		p = skip_blanks(pb + b);
	}
	if (!a || (pb && !b) || *p != ')')
		return NULL;
	return xasprintf("%.*s %.*s%s%.*s", (int)kind, pk, (int)a, pa, pb ? " " : "",
			 (int)b, pb ? pb : "");
}

static bool collect_uses(const char *text, void *ctx)
{
	struct strvec *uses = ctx;
	const char *p = text, *end = text + strlen(text);

	while ((p = strstr(p, FEATURE_PREFIX))) {
		char *use;
		bool dup = false;

		/* Part of a longer name ("MY_BTFCC_HAS_X"): not ours. */
		if (p > text && (p[-1] == '_' || isalnum((unsigned char)p[-1]))) {
			p += strlen(FEATURE_PREFIX);
			continue;
		}
		p += strlen(FEATURE_PREFIX);
		use = parse_use(p, end);
		if (!use)
			continue;
		for (int i = 0; i < uses->n && !dup; i++)
			dup = !strcmp(uses->v[i], use);
		if (!dup)
			strvec_push(uses, use);
		free(use);
	}
	return false;
}

void feature_tests_collect(const char *source, struct strvec *uses)
{
	walk_own_files(source, collect_uses, uses);
}

/* "//BTF_INCLUDE(loop)": the module whose BTF the file's private types come from. */
static bool collect_modules(const char *text, void *ctx)
{
	struct strvec *mods = ctx;
	const char *p = text;

	while ((p = strstr(p, "BTF_INCLUDE("))) {
		const char *n = p += strlen("BTF_INCLUDE(");
		size_t len = strspn(n, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
		char *name;

		if (!len || n[len] != ')')
			continue;
		name = xstrndup(n, len);
		strvec_push_unique(mods, name);
		free(name);
	}
	return false;
}

void marker_modules_collect(const char *source, struct strvec *mods)
{
	walk_own_files(source, collect_modules, mods);
}
