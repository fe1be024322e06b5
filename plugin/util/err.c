// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"

/*
 * A message is one line of printable ASCII whatever it quotes: names from
 * BTF, paths and libbpf's words come from files btfcc does not control, and
 * a newline or an escape sequence in them must not reach the terminal or
 * break the one-line rule. Other bytes become \xNN (cut short if need be).
 */
static void escape_msg(char *msg, size_t size)
{
	char tmp[sizeof(((struct btfcc_err *)0)->msg)];
	size_t i, o = 0;

	for (i = 0; msg[i] && o + 1 < sizeof(tmp); i++) {
		unsigned char c = msg[i];

		if (c >= 0x20 && c < 0x7f) {
			tmp[o++] = c;
		} else if (o + 4 < sizeof(tmp)) {
			snprintf(tmp + o, 5, "\\x%02x", c);
			o += 4;
		} else {
			break;
		}
	}
	tmp[o] = '\0';
	snprintf(msg, size, "%s", tmp);
}

int btfcc_err_set(struct btfcc_err *err, enum btfcc_errc code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	escape_msg(err->msg, sizeof(err->msg));
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
	escape_msg(err->msg, sizeof(err->msg));
}
