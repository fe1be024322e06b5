// SPDX-License-Identifier: GPL-2.0-only
/* A NULL-terminated growable vector of strings, and allocation helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fputs("btfcc: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc(n + 1);
	va_start(ap, fmt);
	vsnprintf(s, n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void strvec_init(struct strvec *sv)
{
	sv->n = 0;
	sv->cap = 8;
	sv->v = xmalloc(sv->cap * sizeof(*sv->v));
	sv->v[0] = NULL;
}

void strvec_push(struct strvec *sv, const char *s)
{
	if (sv->n + 1 >= sv->cap) {
		char **v;

		sv->cap *= 2;
		v = realloc(sv->v, sv->cap * sizeof(*sv->v));
		if (!v) {
			fputs("btfcc: out of memory\n", stderr);
			exit(1);
		}
		sv->v = v;
	}
	sv->v[sv->n++] = xstrdup(s);
	sv->v[sv->n] = NULL;
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
		w = xmalloc(n + 1);
		memcpy(w, s, n);
		w[n] = '\0';
		strvec_push(sv, w);
		free(w);
		s += n;
	}
}
