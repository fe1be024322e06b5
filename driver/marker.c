// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cheap question asked before anything expensive: does the module ask
 * for a BTF import by name (//BTF_INCLUDE)? Only the source and the
 * headers it includes with quotes from its own directory tree are read; a
 * marker can't hide in a kernel header.
 */
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
	if (strstr(text, "BTF_INCLUDE")) {
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

bool marker_present(const char *source)
{
	struct marker_walk w = { .n_seen = 0 };
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
