// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scan, plan, emit, until the scan finds nothing new. Defining one type
 * reveals the next need (cfs_rq->rq->curr only parses once cfs_rq is
 * complete), so each round re-scans with the header so far as a prelude.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btf/btf_load.h"
#include "../driver.h"
#include "engine/feature.h"
#include "engine/plan.h"
#include "engine/reqset.h"
#include "pass/scan.h"
#include "import/import_internal.h"

#define IMPORT_MAX_ROUNDS 8

static struct btfcc_scan *scan_round(struct import_ctx *ic, bool prelude)
{
	struct btfcc_scan_opts so = {
		.source = ic->ca->source,
		.cc_args = (const char *const *)ic->scan_args.v,
		.n_cc_args = ic->scan_args.n,
		.prelude_path = prelude ? ic->wf->header : NULL,
		.prelude_line = prelude ? ic->inject_line : 0,
		.kernel_dir = ic->kt ? ic->kt->dir : NULL,
	};
	struct btfcc_err err = { 0 };
	struct btfcc_scan *scan = btfcc_scan_run(&so, &err);
	const struct btfcc_request *reqs;

	if (!scan)
		log_diag(ic->ca->source, "error", "%s", err.msg);
	else
		log_verbose("scan of %s: %.3fs, %zu request(s)", ic->ca->source,
			    btfcc_scan_parse_seconds(scan), btfcc_scan_requests(scan, &reqs));
	return scan;
}

/* Merge this round's needs; true when something changed. */
static bool absorb(struct import_ctx *ic, const struct btfcc_scan *scan)
{
	const struct btfcc_request *reqs;
	size_t n = btfcc_scan_requests(scan, &reqs);
	unsigned line = btfcc_scan_inject_line(scan);
	bool changed = false;

	for (size_t i = 0; i < n; i++) {
		if (btfcc_reqset_merge(&ic->reqs, &reqs[i])) {
			log_verbose("need %s %s (%s)", btfcc_ns_keyword(reqs[i].ns),
				    reqs[i].name, reqs[i].origin ? reqs[i].origin : "?");
			changed = true;
		}
	}
	if (line && (!ic->inject_line || line < ic->inject_line)) {
		ic->inject_line = line;
		changed = true;
	}
	return changed;
}

static int emit_header(struct import_ctx *ic, struct btfcc_plan *plan)
{
	char mod[4200];
	char *desc = xasprintf("%s%s%s%s%s, for %s", ic->btf_path,
			       ic->kt && ic->kt->release ? " (kernel " : "",
			       ic->kt && ic->kt->release ? ic->kt->release : "",
			       ic->kt && ic->kt->release ? ")" : "",
			       import_module_desc(ic, mod, sizeof(mod)), ic->ca->source);
	struct btfcc_emit_opts eo = { .explain = true, .source_desc = desc };
	struct btfcc_err err = { 0 };
	char *out = NULL, *stamp;
	size_t len;
	FILE *f = open_memstream(&out, &len);
	int ret;

	/* Read back by a later -E of the same object (kbuild's genksyms) and a rebuild. */
	stamp = header_stamp(ic->ca->source, ic->inject_line, ic->btf_path);
	fputs(stamp, f);
	free(stamp);
	ret = btfcc_plan_emit(plan, f, &eo, &err);

	fclose(f);
	free(desc);
	if (ret < 0)
		log_error("%s", err.msg);
	else
		ret = driver_write_file(ic->wf->header, out, len);
	free(out);
	return ret;
}

/*
 * An engine error about a request, at the request's place. The engine
 * knows no places: where compilers put them is the driver's business.
 */
static void report_at(const char *origin, const struct btfcc_err *err)
{
	if (origin)
		log_diag(origin, "error", "%s", err->msg);
	else
		log_error("%s", err->msg);
}

/*
 * A value no header declares: BTF's enumerator or function, if any. A call
 * to a function the kernel does not export would only fail at modpost.
 */
static int plan_ident(struct import_ctx *ic, struct btfcc_plan *plan,
		      const struct btfcc_request *req, struct btfcc_err *err)
{
	enum btfcc_ident_kind kind;

	if (btfcc_plan_add_ident(plan, req, &kind, err))
		return -1;
	if (kind != BTFCC_IDENT_NONE)
		log_verbose("%s %s: %s in BTF", btfcc_ns_keyword(req->ns), req->name,
			    kind == BTFCC_IDENT_FUNCTION ? "a function" : "an enumerator");
	if (kind == BTFCC_IDENT_FUNCTION && req->call && ic->kt &&
	    symvers_exports(ic->kt->dir, req->name) == 0)
		return btfcc_err_set(err, BTFCC_E_NOT_FOUND, "'%s' is a kernel function that the kernel "
				     "does not export to modules (not in %s/Module.symvers): modpost "
				     "would fail; find it at run time (kallsyms) and call it through a "
				     "'typeof(%s) *' pointer", req->name, ic->kt->dir, req->name);
	return 0;
}

/*
 * Plan every request against ic->btf. A name vmlinux's BTF lacks may be a
 * module's: then ic->btf becomes that module's BTF and *again is set.
 */
static int plan_once(struct import_ctx *ic, struct btfcc_plan *plan, bool *again)
{
	struct btfcc_err err = { 0 };
	int ret = 0;

	for (size_t i = 0; i < ic->reqs.n && !ret; i++) {
		const struct btfcc_request *req = &ic->reqs.v[i];

		ret = req->ns == BTFCC_NS_IDENT ? plan_ident(ic, plan, req, &err) :
		      btfcc_plan_add(plan, req, &err);
		if (ret < 0 && err.code == BTFCC_E_NOT_FOUND && req->ns != BTFCC_NS_IDENT) {
			struct btfcc_err merr = { 0 };
			int found = import_module_for(ic, i, &merr);

			if (found > 0) {
				*again = true;
				return 0;
			}
			if (found < 0)
				err = merr;
		}
		if (ret < 0)
			report_at(req->origin, &err);
	}
	return ret;
}

static int plan_round(struct import_ctx *ic, struct btfcc_scan *scan)
{
	struct btfcc_defined def = btfcc_scan_defined(scan);
	struct btfcc_plan *plan;
	bool again;
	int ret, tries = 0;

	do {
		again = false;
		plan = btfcc_plan_new(ic->btf, &def);
		if (!plan) {
			log_error("%s: cannot plan imports", ic->ca->source);
			return -1;
		}
		ret = plan_once(ic, plan, &again);
		if (again)
			btfcc_plan_free(plan);
	} while (again && ++tries < 64);
	if (!ret && again) {
		log_error("%s: cannot settle on a module's BTF", ic->ca->source);
		return -1;
	}
	if (!ret)
		ret = emit_header(ic, plan);
	if (!ret) {
		ic->n_types = btfcc_plan_count(plan);
		if (btfcc_verbose)
			btfcc_plan_explain(plan, stderr);
	}
	btfcc_plan_free(plan);
	return ret;
}

/* A macro expands to the same access many times: note each typo once. */
static bool member_noted_before(const struct btfcc_scan_member *m, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (m[j].ns == m[i].ns && !strcmp(m[j].type_name, m[i].type_name) &&
		    !strcmp(m[j].member, m[i].member))
			return true;
	return false;
}

/* note: lines for member names BTF's definition lacks (typos), once each. */
static void member_notes(struct import_ctx *ic, const struct btfcc_scan *scan)
{
	const struct btfcc_scan_member *m;
	size_t n = btfcc_scan_unknown_members(scan, &m);
	char list[1024];

	for (size_t i = 0; i < n; i++) {
		if (!btfcc_reqset_find(&ic->reqs, m[i].ns, m[i].type_name) ||
		    member_noted_before(m, i))
			continue;
		if (btfcc_members_near(ic->btf, m[i].ns, m[i].type_name, m[i].member, list,
				       sizeof(list)) < 0)
			continue;
		log_diag(m[i].origin ? m[i].origin : ic->ca->source, "note",
			 "%s %s in the kernel's BTF has no member '%s'%s%s%s",
			 btfcc_ns_keyword(m[i].ns), m[i].type_name, m[i].member,
			 *list ? "; nearest: " : "", list, *list ? "" : " nor one with a similar name");
	}
}

/* Where an error about the BTF as a whole is reported: the first need. */
static const char *first_need(const struct import_ctx *ic)
{
	return ic->reqs.n && ic->reqs.v[0].origin ? ic->reqs.v[0].origin : ic->ca->source;
}

static void log_scan_errors(const struct btfcc_scan *scan)
{
	const char *const *errs;
	size_t n = btfcc_scan_errors(scan, &errs);

	for (size_t i = 0; i < n; i++)
		log_verbose("scan: %s", errs[i]);
}

static int load_btf(struct import_ctx *ic)
{
	struct btfcc_load_opts lo = { .cache_dir = NULL, .base = NULL };
	struct btfcc_err err = { 0 };
	double t0 = log_now();

	ic->btf_path = kernel_btf_source(ic->kt, &err);
	if (!ic->btf_path) {
		/* At the first line that needs BTF: that is what failed. */
		log_diag(first_need(ic), "error", "%s", err.msg);
		return -1;
	}
	ic->btf = ic->vmlinux = btfcc_btf_load(ic->btf_path, &lo, &err);
	if (!ic->btf) {
		log_diag(first_need(ic), "error", "%s", err.msg);
		return -1;
	}
	log_verbose("BTF source: %s (%.3fs)", ic->btf_path, log_now() - t0);
	return 0;
}

/*
 * The answers to the file's feature tests, written before the first scan:
 * the scan and every compile see them before line 1, so a dead #if branch
 * is never parsed.
 */
static int write_features(struct import_ctx *ic)
{
	struct strvec uses;
	struct btfcc_err err = { 0 };
	struct strbuf sb;
	int ret = 0;

	strvec_init(&uses);
	feature_tests_collect(ic->ca->source, &uses);
	if (!uses.n) {
		unlink(ic->wf->features);
		strvec_free(&uses);
		return 0;
	}
	if (!ic->btf && load_btf(ic)) {
		strvec_free(&uses);
		return -1;
	}
	sb_init(&sb);
	if (btfcc_features_emit(ic->btf, (const char *const *)uses.v, uses.n, ic->btf_path, &sb,
				&err)) {
		log_diag(ic->ca->source, "error", "%s", err.msg);
		ret = -1;
	} else {
		ret = driver_write_file(ic->wf->features, sb.buf, sb.len);
	}
	if (!ret) {
		log_verbose("feature tests of %s: %d, answered in %s", ic->ca->source, uses.n,
			    ic->wf->features);
		strvec_push(&ic->scan_args, "-include");
		strvec_push(&ic->scan_args, ic->wf->features);
	}
	sb_free(&sb);
	strvec_free(&uses);
	return ret;
}

struct importer {
	struct import_ctx ic;
	int round;
	struct btfcc_scan *last;	/* the scan that found nothing new */
};

struct importer *importer_new(const struct cc_args *ca, const struct kernel_tree *kt,
			      const struct workfiles *wf)
{
	struct importer *imp = xmalloc(sizeof(*imp));

	memset(imp, 0, sizeof(*imp));
	imp->ic.ca = ca;
	imp->ic.kt = kt;
	imp->ic.wf = wf;
	imp->ic.mods.module = -1;
	strvec_init(&imp->ic.mods.named);
	strvec_init(&imp->ic.scan_args);
	cc_args_for_scan(ca, &imp->ic.scan_args);
	return imp;
}

int importer_step(struct importer *imp, unsigned *inject_line, size_t *n_types)
{
	struct import_ctx *ic = &imp->ic;
	struct btfcc_scan *scan;
	int ret;

	if (!imp->round && !imp->last && write_features(ic))
		return -1;
	if (imp->round >= IMPORT_MAX_ROUNDS) {
		log_verbose("still finding types after %d rounds; stopping", imp->round);
		return 0;
	}
	scan = scan_round(ic, imp->round > 0);
	if (!scan)
		return -1;
	if (!absorb(ic, scan)) {
		log_verbose("%s: nothing new to import", ic->ca->source);
		log_scan_errors(scan);
		btfcc_scan_free(imp->last);
		imp->last = scan;
		return 0;
	}
	ret = ic->btf || load_btf(ic) == 0 ? plan_round(ic, scan) : -1;
	btfcc_scan_free(scan);
	if (ret < 0) {
		unlink(ic->wf->header);
		return -1;
	}
	imp->round++;
	*inject_line = ic->inject_line;
	*n_types = ic->n_types;
	return 1;
}

void importer_notes(struct importer *imp)
{
	if (!imp->round || !imp->ic.btf)
		return;
	/* Only a scan that saw the imported definitions can spot typos. */
	if (!imp->last)
		imp->last = scan_round(&imp->ic, true);
	if (imp->last)
		member_notes(&imp->ic, imp->last);
}

const char *importer_btf_path(const struct importer *imp)
{
	return imp->ic.btf_path;
}

void importer_free(struct importer *imp)
{
	if (!imp)
		return;
	btfcc_scan_free(imp->last);
	btfcc_reqset_free(&imp->ic.reqs);
	strvec_free(&imp->ic.scan_args);
	import_modsel_free(&imp->ic.mods);
	btf__free(imp->ic.vmlinux);
	free(imp->ic.btf_path);
	free(imp);
}
