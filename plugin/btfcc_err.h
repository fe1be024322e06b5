/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_ERR_H
#define BTFCC_ERR_H

#include <stddef.h>

/*
 * Every fallible engine call fills one of these instead of printing, so the
 * driver decides how a message reaches the user (one line, prefixed with
 * the file it is about) and tests can assert on the text.
 */
struct btfcc_err {
	char msg[1024];
};

void btfcc_err_set(struct btfcc_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Keep the existing message and put "prefix: " in front of it. */
void btfcc_err_prefix(struct btfcc_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
