// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"

int btfcc_err_set(struct btfcc_err *err, enum btfcc_errc code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void btfcc_err_prefix(struct btfcc_err *err, const char *fmt, ...)
{
	char prefix[sizeof(err->msg)];
	size_t plen, keep;
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix) - 2, fmt, ap);
	va_end(ap);
	plen = strlen(prefix);
	keep = strnlen(err->msg, sizeof(err->msg) - 1);
	if (plen + 2 + keep >= sizeof(err->msg))
		keep = sizeof(err->msg) - 1 - plen - 2;
	memmove(err->msg + plen + 2, err->msg, keep);
	err->msg[plen + 2 + keep] = '\0';
	memcpy(err->msg, prefix, plen);
	memcpy(err->msg + plen, ": ", 2);
}
