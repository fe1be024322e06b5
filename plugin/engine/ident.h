/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_IDENT_H
#define BTFCC_IDENT_H

#include <stdbool.h>
#include <bpf/btf.h>

/*
 * BTF is data from a file; a name in it is printed into C only once it is
 * known to be an identifier that is not a keyword.
 */
bool ident_is_valid(const char *name);

/*
 * The C spelling of a BTF INT or FLOAT type. BTF's own name is used when it
 * is one of the spellings gcc prints in DWARF ("long unsigned int"), because
 * u64 being unsigned long long rather than unsigned long matters for pointer
 * compatibility; otherwise one is derived from size and encoding. NULL when
 * no C type has that size.
 */
const char *ident_base_type(const struct btf *btf, const struct btf_type *t);

#endif
