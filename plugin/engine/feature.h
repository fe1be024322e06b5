/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_FEATURE_H
#define BTFCC_FEATURE_H

#include <stddef.h>
#include <bpf/btf.h>

#include "util/err.h"
#include "util/strbuf.h"

/*
 * The header that answers a module's feature tests: each use is "KIND A"
 * or "MEMBER REC MEMBER" (KIND: STRUCT, UNION, ENUM, TYPEDEF, ENUMERATOR),
 * defined 1 when btf has it, 0 when not. desc names the BTF in a comment.
 */
int btfcc_features_emit(const struct btf *btf, const char *const *uses, size_t n,
			const char *desc, struct strbuf *out, struct btfcc_err *err);

#endif
