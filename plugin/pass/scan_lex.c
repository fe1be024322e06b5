// SPDX-License-Identifier: GPL-2.0-only
/*
 * Just enough C lexing to read the tokens right after a diagnostic's
 * location in the file text (the member after '->', what follows an
 * undeclared name): cheaper and more predictable than clang_tokenize on an
 * arbitrary range.
 */
#include <ctype.h>

#include "pass/scan_internal.h"

const char *scan_lex_skip(const char *p, const char *end)
{
	while (p < end) {
		if (isspace((unsigned char)*p)) {
			p++;
		} else if (*p == '\\' && p + 1 < end && p[1] == '\n') {
			p += 2;
		} else if (*p == '/' && p + 1 < end && p[1] == '/') {
			while (p < end && *p != '\n')
				p++;
		} else if (*p == '/' && p + 1 < end && p[1] == '*') {
			for (p += 2; p + 1 < end && !(p[0] == '*' && p[1] == '/'); p++)
				;
			p = p + 2 < end ? p + 2 : end;
		} else {
			break;
		}
	}
	return p;
}
