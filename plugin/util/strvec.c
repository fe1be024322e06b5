// SPDX-License-Identifier: GPL-2.0-only
/* A NULL-terminated growable vector of strings (git's strvec). */
#include <stdlib.h>
#include <string.h>

#include "util/strvec.h"
#include "util/xalloc.h"

void strvec_init(struct strvec *sv)
{
	sv->n = 0;
	sv->cap = 8;
	sv->v = xmalloc(sv->cap * sizeof(*sv->v));
	sv->v[0] = NULL;
}

void strvec_push(struct strvec *sv, const char *s)
{
	size_t cap = sv->cap;

	GROW(sv->v, cap, (size_t)sv->n + 2);
	sv->cap = (int)cap;
	sv->v[sv->n++] = xstrdup(s);
	sv->v[sv->n] = NULL;
}

void strvec_push_unique(struct strvec *sv, const char *s)
{
	for (int i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return;
	strvec_push(sv, s);
}

void strvec_push_n(struct strvec *sv, const char *const *s, int n)
{
	for (int i = 0; i < n; i++)
		strvec_push(sv, s[i]);
}

void strvec_free(struct strvec *sv)
{
	if (!sv->v)
		return;
	for (int i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

void strvec_split(struct strvec *sv, const char *s)
{
	while (*s) {
		size_t n;
		char *w;

		s += strspn(s, " \t\n");
		n = strcspn(s, " \t\n");
		if (!n)
			break;
		w = xstrndup(s, n);
		strvec_push(sv, w);
		free(w);
		s += n;
	}
}

char *strvec_join(const struct strvec *sv, const char *sep)
{
	size_t len = 1, sl = strlen(sep);
	char *out, *p;

	for (int i = 0; i < sv->n; i++)
		len += strlen(sv->v[i]) + sl;
	p = out = xmalloc(len);
	for (int i = 0; i < sv->n; i++) {
		size_t n = strlen(sv->v[i]);

		if (i) {
			memcpy(p, sep, sl);
			p += sl;
		}
		memcpy(p, sv->v[i], n);
		p += n;
	}
	*p = '\0';
	return out;
}
