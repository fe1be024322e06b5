// SPDX-License-Identifier: GPL-2.0-only
/*
 * Messages. An error about a place in the user's code reads like the
 * compiler's own, "file:line:col: error: ... [btfcc]", so editors, vim's
 * quickfix and CI problem matchers take it up; one without a place reads
 * "btfcc: error: ...", as gcc's own "gcc: error:" does. Each is one line
 * and one write(), so parallel make does not interleave them.
 */
#define _GNU_SOURCE	/* strchrnul */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "driver.h"

bool btfcc_verbose;

void log_init(void)
{
	const char *v = getenv("BTFCC_VERBOSE");

	if (v && *v && strcmp(v, "0") != 0)
		btfcc_verbose = true;
}

/* Newlines and control bytes (a hostile name) would break the one line. */
static void one_line(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

static void vlog(const char *where, const char *kind, const char *fmt, va_list ap)
{
	char line[2048];

	vsnprintf(line, sizeof(line), fmt, ap);
	one_line(line);
	if (where)
		fprintf(stderr, "%s: %s: %s [btfcc]\n", where, kind, line);
	else if (kind)
		fprintf(stderr, "btfcc: %s: %s\n", kind, line);
	else
		fprintf(stderr, "btfcc: %s\n", line);
	fflush(stderr);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(NULL, "error", fmt, ap);
	va_end(ap);
}

void log_diag(const char *where, const char *kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(where, kind, fmt, ap);
	va_end(ap);
}

void log_verbose_quoted(const char *label, const char *text)
{
	const char *p = text, *nl;

	if (!btfcc_verbose || !text)
		return;
	/* Indented: an expected failure must not read as the build's error. */
	for (; *p; p = nl + 1) {
		nl = strchrnul(p, '\n');
		fprintf(stderr, "btfcc: %s | %.*s\n", label, (int)(nl - p), p);
		if (!*nl)
			break;
	}
	fflush(stderr);
}

void log_verbose(const char *fmt, ...)
{
	va_list ap;

	if (!btfcc_verbose)
		return;
	va_start(ap, fmt);
	vlog(NULL, NULL, fmt, ap);
	va_end(ap);
}

double log_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}
