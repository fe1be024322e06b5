// SPDX-License-Identifier: GPL-2.0-only
/*
 * Types vmlinux's BTF lacks may live in a loadable module's split BTF
 * (struct loop_device in loop.ko). Asked only after the engine found no
 * such name in vmlinux, so a file that needs kernel types only never opens
 * the module index. One module per file: its BTF is split over vmlinux's,
 * so the plan reads both through one struct btf; two modules' BTF would
 * each number their types from the same first id, and merging them is
 * not done (docs/modules.md).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../driver.h"
#include "import/import_internal.h"
#include "engine/type_index.h"
#include "util/strbuf.h"

#define MODULES_LISTED 5

static int kind_of(enum btfcc_ns ns)
{
	switch (ns) {
	case BTFCC_NS_STRUCT:
		return BTF_KIND_STRUCT;
	case BTFCC_NS_UNION:
		return BTF_KIND_UNION;
	case BTFCC_NS_ENUM:
		return BTF_KIND_ENUM;
	case BTFCC_NS_TYPEDEF:
		return BTF_KIND_TYPEDEF;
	default:
		return 0;
	}
}

static char *modules_dir(const struct import_ctx *ic)
{
	const char *env = getenv("BTFCC_MODULE_BTF_DIR");
	struct stat st;
	char *dir;

	if (env && *env)
		return xstrdup(env);
	if (!ic->kt || !ic->kt->release)
		return NULL;
	dir = xasprintf("/lib/modules/%s/kernel", ic->kt->release);
	if (!stat(dir, &st) && S_ISDIR(st.st_mode))
		return dir;
	log_verbose("no %s: no module BTF to look in", dir);
	free(dir);
	return NULL;
}

static struct btfcc_modindex *open_index(struct import_ctx *ic, struct btfcc_err *err)
{
	struct import_modsel *ms = &ic->mods;
	struct btfcc_modindex_opts o = { .base = ic->vmlinux, .base_path = ic->btf_path };
	char *dir;

	if (ms->ix_tried)
		return ms->ix;
	ms->ix_tried = true;
	dir = modules_dir(ic);
	if (!dir)
		return NULL;
	o.dir = dir;
	ms->ix = btfcc_modindex_open(&o, err);
	if (ms->ix)
		log_verbose("module index of %s: %zu modules, %s %s (%.3fs)", dir,
			    btfcc_modindex_modules(ms->ix),
			    btfcc_modindex_was_built(ms->ix) ? "built, cached in" : "read from",
			    btfcc_modindex_cache_path(ms->ix)[0] ? btfcc_modindex_cache_path(ms->ix) :
			    "(no cache)", btfcc_modindex_seconds(ms->ix));
	free(dir);
	return ms->ix;
}

static struct btf *load_split(struct import_ctx *ic, unsigned m, struct btfcc_err *err)
{
	struct btfcc_load_opts lo = { .cache_dir = "", .base = ic->vmlinux };

	return btfcc_btf_load(btfcc_modindex_module_path(ic->mods.ix, m), &lo, err);
}

static int use_module(struct import_ctx *ic, unsigned m, const struct btfcc_request *why,
		      struct btfcc_err *err)
{
	struct import_modsel *ms = &ic->mods;
	double t0 = log_now();
	struct btf *split = load_split(ic, m, err);

	if (!split)
		return -1;
	btf__free(ms->split);
	ms->split = split;
	ms->module = m;
	ic->btf = split;
	log_verbose("%s %s: from module %s's BTF, %s (%.3fs)", btfcc_ns_keyword(why->ns),
		    why->name, btfcc_modindex_module_name(ms->ix, m),
		    btfcc_modindex_module_path(ms->ix, m), log_now() - t0);
	return 1;
}

/* Has the module a definition of r with every member the code uses (r's hints)? */
static bool shape_fits(struct import_ctx *ic, unsigned m, const struct btfcc_request *r)
{
	struct btfcc_err ignored;
	struct btf *split = load_split(ic, m, &ignored);
	struct type_index *idx = split ? type_index_new(split) : NULL;
	const __u32 *ids;
	size_t n = idx ? type_index_find(idx, r->ns, r->name, &ids) : 0;
	bool ok = false;

	for (size_t i = 0; i < n && !ok; i++) {
		ok = true;
		for (size_t h = 0; h < r->n_hints && ok; h++)
			ok = type_has_member(split, ids[i], r->hints[h]);
	}
	type_index_free(idx);
	btf__free(split);
	return ok;
}

static void list_modules(const struct import_ctx *ic, const unsigned *mods, size_t n,
			 struct strbuf *sb)
{
	for (size_t i = 0; i < n && i < MODULES_LISTED; i++)
		sb_addf(sb, "%s%s (%s)", i ? ", " : "", btfcc_modindex_module_name(ic->mods.ix, mods[i]),
			btfcc_modindex_module_path(ic->mods.ix, mods[i]));
	if (n > MODULES_LISTED)
		sb_addf(sb, " and %zu more", n - MODULES_LISTED);
}

static int refuse_shapes(const struct import_ctx *ic, const struct btfcc_request *r,
			 const unsigned *mods, size_t n, struct btfcc_err *err)
{
	struct strbuf sb;
	int ret;

	sb_init(&sb);
	list_modules(ic, mods, n, &sb);
	ret = btfcc_err_set(err, BTFCC_E_AMBIGUOUS, "%s %s is not in vmlinux's BTF and modules "
			    "define it in %zu different shapes: %s; name the module with "
			    "//BTF_INCLUDE(%s) (or another of them)", btfcc_ns_keyword(r->ns), r->name,
			    n, sb.buf, btfcc_modindex_module_name(ic->mods.ix, mods[0]));
	sb_free(&sb);
	return ret;
}

/*
 * The modules whose definition of r fits, as ok[module] = 1; their count,
 * or -1 when definitions of different shapes fit (r's hints, the member
 * names the code uses, choose among shapes).
 */
static long candidates(struct import_ctx *ic, const struct btfcc_request *r, unsigned char *ok,
		       struct btfcc_err *err)
{
	const struct btfcc_modhit *h;
	size_t n = btfcc_modindex_find(ic->mods.ix, kind_of(r->ns), r->name, &h), n_fit = 0;
	struct btfcc_modhit *hits = xmalloc((n + 1) * sizeof(*hits));
	struct btfcc_modhit *fit = xmalloc((n + 1) * sizeof(*fit));
	bool one_shape = true;
	long count = 0;

	if (n)
		memcpy(hits, h, n * sizeof(*hits));
	for (size_t i = 1; i < n; i++)
		one_shape &= hits[i].shape == hits[0].shape;
	for (size_t i = 0; i < n; i++) {
		bool seen = false;

		for (size_t j = 0; j < n_fit && !seen; j++)
			seen = fit[j].shape == hits[i].shape;
		/* One module of each shape is tried against the hints. */
		if (!seen && (one_shape || shape_fits(ic, hits[i].module, r)))
			fit[n_fit++] = hits[i];
	}
	if (n_fit > 1) {
		unsigned *mods = xmalloc(n_fit * sizeof(*mods));

		for (size_t j = 0; j < n_fit; j++)
			mods[j] = fit[j].module;
		count = refuse_shapes(ic, r, mods, n_fit, err);
		free(mods);
	}
	for (size_t i = 0; i < n && n_fit == 1; i++)
		if (hits[i].shape == fit[0].shape && !ok[hits[i].module]) {
			ok[hits[i].module] = 1;
			count++;
		}
	free(hits);
	free(fit);
	return count;
}

static unsigned first_set(const unsigned char *ok, size_t n)
{
	size_t i = 0;

	while (i < n && !ok[i])
		i++;
	return i;
}

static int refuse_two(struct import_ctx *ic, const struct btfcc_request *a,
		      const unsigned char *in_a, const struct btfcc_request *b,
		      const unsigned char *in_b, size_t n_mod, struct btfcc_err *err)
{
	unsigned ma = first_set(in_a, n_mod), mb = first_set(in_b, n_mod);

	return btfcc_err_set(err, BTFCC_E_UNSUPPORTED, "%s %s is in module %s's BTF and %s %s "
			     "in module %s's, and no module has both: btfcc imports from one "
			     "module's BTF per file; put the code that needs %s %s in a file of "
			     "its own", btfcc_ns_keyword(a->ns), a->name,
			     btfcc_modindex_module_name(ic->mods.ix, ma), btfcc_ns_keyword(b->ns),
			     b->name, btfcc_modindex_module_name(ic->mods.ix, mb),
			     btfcc_ns_keyword(b->ns), b->name);
}

/*
 * The module that defines every name only modules define (ic->mods.needs,
 * last one new): 1 after switching to it, 0 when the new name is in none.
 */
static int choose(struct import_ctx *ic, struct btfcc_err *err)
{
	struct import_modsel *ms = &ic->mods;
	size_t n_mod = btfcc_modindex_modules(ms->ix);
	unsigned char *all = xmalloc(n_mod), *one = xmalloc(n_mod);
	int ret = 0;
	long n;

	memset(all, 1, n_mod);
	for (size_t k = 0; k < ms->n_needs && ret >= 0; k++) {
		const struct btfcc_request *r = &ic->reqs.v[ms->needs[k]];

		memset(one, 0, n_mod);
		n = candidates(ic, r, one, err);
		if (n <= 0) {
			ret = n < 0 ? -1 : 0;
			break;
		}
		for (size_t m = 0; m < n_mod; m++)
			all[m] &= one[m];
		if (first_set(all, n_mod) == n_mod) {
			/* k > 0: the earlier names' modules have no r, one says where r is. */
			memset(all, 0, n_mod);
			candidates(ic, &ic->reqs.v[ms->needs[0]], all, err);
			ret = refuse_two(ic, &ic->reqs.v[ms->needs[0]], all, r, one, n_mod, err);
			break;
		}
		ret = 1;
	}
	if (ret == 1 && first_set(all, n_mod) != (unsigned)ms->module)
		ret = use_module(ic, first_set(all, n_mod), &ic->reqs.v[ms->needs[ms->n_needs - 1]], err);
	else if (ret == 1)
		ret = 0;
	free(all);
	free(one);
	return ret;
}

static int named_module(struct import_ctx *ic, const struct btfcc_request *r,
			struct btfcc_err *err)
{
	struct import_modsel *ms = &ic->mods;
	const char *name = ms->named.v[0];
	int m;

	if (ms->named.n > 1)
		return btfcc_err_set(err, BTFCC_E_UNSUPPORTED, "the file names modules %s and %s "
				     "with //BTF_INCLUDE(...): btfcc imports from one module's BTF "
				     "per file", ms->named.v[0], ms->named.v[1]);
	if (!ms->ix)
		return btfcc_err_set(err, BTFCC_E_NOT_FOUND, "//BTF_INCLUDE(%s): no modules "
				     "directory to find it in (/lib/modules/%s/kernel; "
				     "BTFCC_MODULE_BTF_DIR overrides)", name,
				     ic->kt && ic->kt->release ? ic->kt->release : "?");
	m = btfcc_modindex_module_by_name(ms->ix, name);
	if (m < 0)
		return btfcc_err_set(err, BTFCC_E_NOT_FOUND, "//BTF_INCLUDE(%s): the kernel has no "
				     "module %s", name, name);
	if (m == ms->module)
		return 0;
	return use_module(ic, m, r, err);
}

int import_module_for(struct import_ctx *ic, size_t i, struct btfcc_err *err)
{
	struct import_modsel *ms = &ic->mods;
	const struct btfcc_request *r = &ic->reqs.v[i];
	struct btfcc_err ierr = { 0 };
	int ret;

	if (!kind_of(r->ns))
		return 0;
	if (!ms->named_read) {
		ms->named_read = true;
		marker_modules_collect(ic->ca->source, &ms->named);
	}
	if (!open_index(ic, &ierr) && !ms->named.n) {
		if (ierr.code)
			log_verbose("module index: %s", ierr.msg);
		return 0;
	}
	if (ms->named.n)
		return named_module(ic, r, err);
	GROW(ms->needs, ms->cap_needs, ms->n_needs + 1);
	ms->needs[ms->n_needs++] = i;
	ret = choose(ic, err);
	/* A name no module defines is the engine's error, not a need of ours. */
	if (ret == 0)
		ms->n_needs--;
	return ret;
}

const char *import_module_desc(const struct import_ctx *ic, char *buf, size_t len)
{
	const struct import_modsel *ms = &ic->mods;

	if (!ms->split) {
		buf[0] = '\0';
		return buf;
	}
	snprintf(buf, len, " + module %s (%s)", btfcc_modindex_module_name(ms->ix, ms->module),
		 btfcc_modindex_module_path(ms->ix, ms->module));
	return buf;
}

void import_modsel_free(struct import_modsel *ms)
{
	btfcc_modindex_free(ms->ix);
	btf__free(ms->split);
	strvec_free(&ms->named);
	free(ms->needs);
}
