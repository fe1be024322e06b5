/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_CLANG_ARGS_H
#define BTFCC_CLANG_ARGS_H

#include <stddef.h>

/*
 * gcc flags kbuild uses that clang rejects, and what clang gets instead.
 * The one table the libclang pass and compile_commands.json both use.
 */

/*
 * Translate a gcc command line for libclang. Returns a NULL-terminated,
 * malloc'd vector (free with clang_args_free) holding the kept and
 * translated arguments plus the ones clang needs to parse kernel code
 * (-Wno-unknown-warning-option, the resource dir, ...).
 */
char **clang_args_translate(const char *const *argv, int argc, int *out_argc);
void clang_args_free(char **argv);

/* 1 when clang has no equivalent of this gcc argument and it is dropped. */
int clang_args_is_dropped(const char *arg);

/*
 * An argument that writes a file or picks the mode or the language (-c,
 * -o x, -MD, -Wp,-MMD,f, -E, -fsyntax-only, -x c): what a scan or a syntax
 * check must leave out. 2 when its value is the next argument, 1 when it
 * stands alone, 0 when it is no such argument.
 */
int clang_args_output(const char *arg);

#endif
