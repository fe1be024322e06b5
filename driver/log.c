// SPDX-License-Identifier: GPL-2.0-only
/*
 * Messages. Errors are one line, prefixed "btfcc: ", so they stand out in
 * make's output next to the compiler's own diagnostics.
 */
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

static void vlog(const char *fmt, va_list ap)
{
	char line[2048];

	/* One write() per message so parallel make does not interleave them. */
	vsnprintf(line, sizeof(line), fmt, ap);
	fprintf(stderr, "btfcc: %s\n", line);
	fflush(stderr);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

void log_verbose(const char *fmt, ...)
{
	va_list ap;

	if (!btfcc_verbose)
		return;
	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

double log_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}
