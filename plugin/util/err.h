/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_UTIL_ERR_H
#define BTFCC_UTIL_ERR_H

#include <stddef.h>

/*
 * btfcc's one error model (docs/architecture.md): a fallible function
 * returns -1 (or NULL) and fills a struct btfcc_err with a code, which
 * callers branch on, and a one-line message for the user, which they only
 * print. Nothing below the driver prints. A message is one line of
 * printable ASCII: btfcc_err_set() writes any other byte as \xNN.
 */
enum btfcc_errc {
	BTFCC_E_OK = 0,
	BTFCC_E_IO,		/* a file cannot be opened, read or written */
	BTFCC_E_FORMAT,		/* the input is corrupt, or not what it claims */
	BTFCC_E_UNSUPPORTED,	/* a valid input btfcc cannot use (bzip2 kernel) */
	BTFCC_E_LIMIT,		/* past a size or depth bound */
	BTFCC_E_NOT_FOUND,	/* no such type in the BTF */
	BTFCC_E_AMBIGUOUS,	/* several types of the name and no way to choose */
	BTFCC_E_MISMATCH,	/* the headers and the BTF disagree */
	BTFCC_E_INVALID,	/* BTF that C cannot express, a hostile name */
	BTFCC_E_PARSE,		/* libclang could not parse the file */
};

struct btfcc_err {
	char msg[1024];		/* first: "struct btfcc_err err = { 0 };" */
	enum btfcc_errc code;
};

/* Set code and message; returns -1, for "return btfcc_err_set(...);". */
int btfcc_err_set(struct btfcc_err *err, enum btfcc_errc code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Keep the code and message, with "prefix: " in front of the message. */
void btfcc_err_prefix(struct btfcc_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
