// SPDX-License-Identifier: GPL-2.0-only
/*
 * Split (module) BTF over a vmlinux base (btf_raw.c's memfd path, and
 * btf_validate.c on ids past the base), then the engine on what loads:
 * a module's types refer to the base's by id, and the base's names must
 * come out as well as the module's.
 */
#include "fuzz_common.h"
#include "fuzz_base.h"
#include "btf/btf_internal.h"
#include "engine/plan.h"

static struct btf *base;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	base = fuzz_base_btf();
	return 0;
}

static void plan_one(const struct btf *btf, const struct btf_type *t)
{
	struct btfcc_request req = { .origin = "fuzz", .decl_ok = true };
	struct btfcc_plan *plan = btfcc_plan_new(btf, NULL);
	struct btfcc_err err = { 0 };
	FILE *f = fopen("/dev/null", "w");

	req.name = btf__name_by_offset(btf, t->name_off);
	req.ns = btf_is_union(t) ? BTFCC_NS_UNION : BTFCC_NS_STRUCT;
	if (btfcc_plan_add(plan, &req, &err) || btfcc_plan_emit(plan, f, NULL, &err))
		fuzz_check_msg(&err);
	fclose(f);
	btfcc_plan_free(plan);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct btfcc_err err = { 0 };
	struct btf *btf;
	__u32 id;

	btf = btfcc_btf_from_raw(data, len, base, &err);
	if (!btf) {
		fuzz_check_msg(&err);
		return 0;
	}
	for (id = btf__type_cnt(base); id < btf__type_cnt(btf) && id < btf__type_cnt(base) + 8; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (btf_is_composite(t) && t->name_off)
			plan_one(btf, t);
	}
	btf__free(btf);
	return 0;
}
