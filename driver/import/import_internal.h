/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BTFCC_IMPORT_INTERNAL_H
#define BTFCC_IMPORT_INTERNAL_H

/* Shared between the files of driver/import/ only. */

#include <stdbool.h>
#include <stddef.h>
#include <bpf/btf.h>

#include "btf/module_index.h"
#include "engine/plan.h"
#include "engine/reqset.h"
#include "util/strvec.h"

struct cc_args;
struct kernel_tree;
struct workfiles;

/*
 * The loadable module whose split BTF the file imports from, chosen when
 * vmlinux's BTF lacks a name the code needs (import_modules.c).
 */
struct import_modsel {
	struct btfcc_modindex *ix;	/* opened on the first such name */
	bool ix_tried;
	struct btf *split;		/* that module's BTF over vmlinux's, or NULL */
	int module;			/* in ix, -1: none yet */
	struct strvec named;		/* //BTF_INCLUDE(name) of the file */
	bool named_read;
	size_t *needs;			/* requests (in reqs) only modules define */
	size_t n_needs, cap_needs;
};

struct import_ctx {
	const struct cc_args *ca;
	const struct kernel_tree *kt;
	char *btf_path;
	const struct workfiles *wf;
	struct btf *vmlinux;		/* the kernel's BTF, owned */
	struct btf *btf;		/* what plans read: vmlinux or modsel.split */
	struct import_modsel mods;
	struct strvec scan_args;
	char *prefix_dir;		/* the scan's prefix cache (scan_prefix.h), or NULL */
	bool features_included;		/* scan_args -include the feature answers */
	struct btfcc_reqset reqs;
	unsigned inject_line;
	size_t n_types;
	/* Verbose lines said in an earlier round: each is said once per compile. */
	struct strvec said;
};

/*
 * ic->reqs.v[i] is not in ic->btf: find the module that defines it and
 * make ic->btf that module's BTF. Returns 1 when ic->btf changed (plan
 * again), 0 when no module has it (the engine's error stands), -1 with err
 * filled (ambiguous across modules, or needs of two modules).
 */
int import_module_for(struct import_ctx *ic, size_t i, struct btfcc_err *err);
/* " + module loop (path)" for the header's first line; "" when none. */
const char *import_module_desc(const struct import_ctx *ic, char *buf, size_t len);
void import_modsel_free(struct import_modsel *ms);

#endif
