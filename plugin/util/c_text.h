/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_UTIL_C_TEXT_H
#define BTFCC_UTIL_C_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* s as a C string literal, quotes and backslashes escaped. */
void c_put_string(FILE *f, const char *s);
/* Length of the C identifier at p (before end); 0 when none starts there. */
size_t c_ident_len(const char *p, const char *end);
/* Offset of the start of 1-based line in text (its end if shorter). */
size_t c_line_offset(const char *text, size_t len, unsigned line);
/*
 * text (the file called name) with '#include "include"' before line (1 if
 * 0) and a #line after it, so that __LINE__ and diagnostics still count
 * the file's own lines. A copy (another file name) starts with a #line
 * naming name, for __FILE__ too. malloc'd, *out_len bytes.
 */
char *c_with_include(const char *text, size_t len, unsigned line, const char *include,
		     const char *name, bool copy, size_t *out_len);

#endif
