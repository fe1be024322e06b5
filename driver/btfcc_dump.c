// SPDX-License-Identifier: GPL-2.0-only
/*
 * btfcc-dump: print the C header btfcc would inject for some types, from any
 * kernel's BTF, and say why each type is in it. What a user runs to see
 * what btfcc does, and what the tests drive the engine through.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf_load.h"
#include "engine/plan.h"

struct type_spec {
	enum btfcc_ns ns;
	const char *name;
};

struct defined_set {
	struct type_spec *specs;
	size_t n;
};

static const char usage[] =
	"usage: btfcc-dump [options] TYPE...\n"
	"Print a C header that defines TYPE... and everything they need, with the\n"
	"exact layouts from a kernel's BTF and _Static_assert checks proving them.\n"
	"\n"
	"  -b, --btf FILE       raw BTF, an ELF with .BTF (vmlinux, .ko, .o) or a vmlinuz\n"
	"                       (default /sys/kernel/btf/vmlinux)\n"
	"      --base FILE      base BTF when FILE holds split (module) BTF\n"
	"      --defined TYPE   treat TYPE as defined by headers: used by name, not emitted\n"
	"      --why            comment each definition with why it is there; list to stderr\n"
	"      --no-checks      leave out the _Static_assert layout checks\n"
	"      --save-raw FILE  also write the loaded BTF as raw BTF (for bpftool, pahole)\n"
	"  -k, --keep-going     emit the types that can be, list the refused ones on\n"
	"                       stderr, and exit 1 if any was refused\n"
	"  -v, --verbose        say on stderr where the BTF came from (system cache)\n"
	"  -h, --help           this text\n"
	"TYPE is 'struct NAME', 'union NAME', 'enum NAME' or NAME (a typedef, else a tag).\n"
	"A type the kernel only declares is printed as a declaration.\n";

static int parse_spec(const char *arg, struct type_spec *spec)
{
	static const struct { const char *kw; enum btfcc_ns ns; } kws[] = {
		{ "struct ", BTFCC_NS_STRUCT }, { "union ", BTFCC_NS_UNION },
		{ "enum ", BTFCC_NS_ENUM },
	};
	size_t i;

	for (i = 0; i < sizeof(kws) / sizeof(kws[0]); i++) {
		if (!strncmp(arg, kws[i].kw, strlen(kws[i].kw))) {
			spec->ns = kws[i].ns;
			spec->name = arg + strlen(kws[i].kw);
			while (*spec->name == ' ')
				spec->name++;
			return 0;
		}
	}
	spec->ns = BTFCC_NS_TYPEDEF;
	spec->name = arg;
	return 1;	/* bare name: namespace to be found */
}

/* A bare NAME is the typedef if BTF has one, else the first tag that exists. */
static void pick_namespace(const struct btf *btf, struct type_spec *spec)
{
	static const struct { int kind; enum btfcc_ns ns; } order[] = {
		{ BTF_KIND_TYPEDEF, BTFCC_NS_TYPEDEF }, { BTF_KIND_STRUCT, BTFCC_NS_STRUCT },
		{ BTF_KIND_UNION, BTFCC_NS_UNION }, { BTF_KIND_ENUM, BTFCC_NS_ENUM },
		{ BTF_KIND_ENUM64, BTFCC_NS_ENUM },
	};
	size_t i;
	int id;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (btf__find_by_name_kind(btf, spec->name, order[i].kind) > 0) {
			spec->ns = order[i].ns;
			return;
		}
	}
	/* Only declared: "struct NAME;" or "union NAME;". */
	id = btf__find_by_name_kind(btf, spec->name, BTF_KIND_FWD);
	if (id > 0)
		spec->ns = btf_kflag(btf__type_by_id(btf, id)) ? BTFCC_NS_UNION : BTFCC_NS_STRUCT;
}

static bool defined_has(void *ctx, enum btfcc_ns ns, const char *name)
{
	const struct defined_set *set = ctx;
	size_t i;

	for (i = 0; i < set->n; i++)
		if (set->specs[i].ns == ns && !strcmp(set->specs[i].name, name))
			return true;
	return false;
}

static int save_raw(const struct btf *btf, const char *path)
{
	__u32 size;
	const void *data = btf__raw_data(btf, &size);
	FILE *f = fopen(path, "wb");
	int ret = 0;

	if (!f || !data || fwrite(data, 1, size, f) != size)
		ret = -1;
	if (f && fclose(f))
		ret = -1;
	if (ret)
		fprintf(stderr, "btfcc-dump: %s: cannot write the raw BTF\n", path);
	return ret;
}

struct dump_opts {
	const char *btf_path, *base_path, *raw_path;
	struct defined_set defined;
	struct btfcc_emit_opts emit;
	bool keep_going, verbose;
};

static void cache_note(void *ctx, const char *msg)
{
	if (*(const bool *)ctx)
		fprintf(stderr, "btfcc-dump: %s\n", msg);
}

static int add_type(struct btfcc_plan *plan, const struct btf *btf, const char *arg,
		    struct btfcc_err *err)
{
	struct btfcc_request req = { .origin = "command line", .decl_ok = true };
	struct type_spec spec;

	if (parse_spec(arg, &spec))
		pick_namespace(btf, &spec);
	req.ns = spec.ns;
	req.name = spec.name;
	return btfcc_plan_add(plan, &req, err);
}

/*
 * A request that failed half-way leaves the plan unusable; the accepted
 * ones are planned again into a new plan. They succeeded in this order
 * before, so they do again.
 */
static struct btfcc_plan *replan(struct btfcc_plan *plan, const struct btf *btf,
				 const struct btfcc_defined *defined, char **types,
				 const bool *refused, size_t n, struct btfcc_err *err)
{
	size_t i;

	btfcc_plan_free(plan);
	plan = btfcc_plan_new(btf, defined);
	if (!plan) {
		btfcc_err_set(err, BTFCC_E_LIMIT, "out of memory");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (!refused[i] && add_type(plan, btf, types[i], err)) {
			btfcc_plan_free(plan);
			return NULL;
		}
	}
	return plan;
}

/* Add every type; with --keep-going, a refused one is reported and left out. */
static struct btfcc_plan *plan_types(struct dump_opts *o, const struct btf *btf,
				     const struct btfcc_defined *defined, char **types,
				     size_t n_types, size_t *n_refused, struct btfcc_err *err)
{
	struct btfcc_plan *plan = btfcc_plan_new(btf, defined);
	bool *refused = calloc(n_types + 1, sizeof(*refused));
	size_t i;

	*n_refused = 0;
	if (!plan || !refused) {
		btfcc_err_set(err, BTFCC_E_LIMIT, "out of memory");
		goto fail;
	}
	for (i = 0; i < n_types; i++) {
		if (!add_type(plan, btf, types[i], err))
			continue;
		if (!o->keep_going)
			goto fail;
		fprintf(stderr, "btfcc-dump: refused '%s': %s\n", types[i], err->msg);
		refused[i] = true;
		(*n_refused)++;
		if (btfcc_plan_broken(plan) &&
		    !(plan = replan(plan, btf, defined, types, refused, i, err)))
			goto fail;
	}
	free(refused);
	return plan;
fail:
	btfcc_plan_free(plan);
	free(refused);
	return NULL;
}

static int dump(struct dump_opts *o, char **types, int n_types)
{
	struct btfcc_defined defined = { .has = defined_has, .ctx = &o->defined };
	struct btfcc_load_opts lopts = { .note = cache_note, .note_ctx = &o->verbose };
	struct btf *base = NULL, *btf = NULL;
	struct btfcc_plan *plan = NULL;
	struct btfcc_err err;
	size_t i, n_refused;
	int ret = 1;

	if (o->base_path && !(base = btfcc_btf_load(o->base_path, &lopts, &err)))
		goto fail;
	lopts.base = base;
	btf = btfcc_btf_load(o->btf_path, &lopts, &err);
	if (!btf)
		goto fail;
	if (o->raw_path && save_raw(btf, o->raw_path))
		goto out;
	for (i = 0; i < o->defined.n; i++)
		if (o->defined.specs[i].ns == BTFCC_NS_TYPEDEF)
			pick_namespace(btf, &o->defined.specs[i]);
	plan = plan_types(o, btf, &defined, types, (size_t)n_types, &n_refused, &err);
	if (!plan)
		goto fail;
	o->emit.source_desc = o->btf_path;
	if (btfcc_plan_emit(plan, stdout, &o->emit, &err))
		goto fail;
	if (o->emit.explain)
		btfcc_plan_explain(plan, stderr);
	ret = 0;
	if (n_refused) {
		fprintf(stderr, "btfcc-dump: %zu of %d types refused\n", n_refused, n_types);
		ret = 1;
	}
	goto out;
fail:
	fprintf(stderr, "btfcc-dump: %s\n", err.msg);
out:
	btfcc_plan_free(plan);
	btf__free(btf);
	btf__free(base);
	return ret;
}

int main(int argc, char **argv)
{
	enum { OPT_BASE = 256, OPT_DEFINED, OPT_WHY, OPT_NO_CHECKS, OPT_SAVE_RAW };
	static const struct option longopts[] = {
		{ "btf", required_argument, NULL, 'b' },
		{ "base", required_argument, NULL, OPT_BASE },
		{ "defined", required_argument, NULL, OPT_DEFINED },
		{ "why", no_argument, NULL, OPT_WHY },
		{ "no-checks", no_argument, NULL, OPT_NO_CHECKS },
		{ "save-raw", required_argument, NULL, OPT_SAVE_RAW },
		{ "keep-going", no_argument, NULL, 'k' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct dump_opts o = { .btf_path = "/sys/kernel/btf/vmlinux" };
	int c, ret;

	o.defined.specs = calloc((size_t)argc, sizeof(*o.defined.specs));
	if (!o.defined.specs)
		return 1;
	while ((c = getopt_long(argc, argv, "b:hkv", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': o.btf_path = optarg; break;
		case OPT_BASE: o.base_path = optarg; break;
		case OPT_DEFINED: parse_spec(optarg, &o.defined.specs[o.defined.n++]); break;
		case OPT_WHY: o.emit.explain = true; break;
		case OPT_NO_CHECKS: o.emit.no_checks = true; break;
		case OPT_SAVE_RAW: o.raw_path = optarg; break;
		case 'k': o.keep_going = true; break;
		case 'v': o.verbose = true; break;
		case 'h': fputs(usage, stdout); free(o.defined.specs); return 0;
		default: fputs(usage, stderr); free(o.defined.specs); return 2;
		}
	}
	if (optind == argc && !o.raw_path) {
		fputs(usage, stderr);
		free(o.defined.specs);
		return 2;
	}
	ret = dump(&o, argv + optind, argc - optind);
	free(o.defined.specs);
	return ret;
}
