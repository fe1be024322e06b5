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

/* Has this verbose line been said before in this compile? Then not again. */
static bool said_before(struct import_ctx *ic, const char *line)
{
	for (int i = 0; i < ic->said.n; i++)
		if (!strcmp(ic->said.v[i], line))
			return true;
	strvec_push(&ic->said, line);
	return false;
}

static struct btfcc_scan *scan_round(struct import_ctx *ic, bool prelude)
{
	struct btfcc_scan_opts so = {
		.source = ic->ca->source,
		.cc_args = (const char *const *)ic->scan_args.v,
		.n_cc_args = ic->scan_args.n,
		.prelude_path = prelude ? ic->wf->header : NULL,
		.prelude_line = prelude ? ic->inject_line : 0,
		.kernel_dir = ic->kt ? ic->kt->dir : NULL,
		.prefix_cache_dir = ic->prefix_dir,
		.features_include = ic->features_included ? ic->wf->features : NULL,
	};
	struct btfcc_err err = { 0 };
	struct btfcc_scan *scan = btfcc_scan_run(&so, &err);
	const struct btfcc_request *reqs;

	if (!scan)
		log_diag(ic->ca->source, "error", "%s", err.msg);
	else
		log_verbose("scan of %s: %.3fs, %zu request(s)%s%s", ic->ca->source,
			    btfcc_scan_parse_seconds(scan), btfcc_scan_requests(scan, &reqs),
			    btfcc_scan_prefix_pch(scan) ? ", headers from " : "",
			    btfcc_scan_prefix_pch(scan) ? btfcc_scan_prefix_pch(scan) : "");
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

/*
 * The kernel headers that define, in time, what the imports name but the
 * TU defines only after the inject line (scan_late.c): the header is
 * self-contained wherever its first use is.
 */
static void put_includes(FILE *f, const struct strvec *includes)
{
	if (!includes->n)
		return;
	fputs("/* Headers the module includes only after the imports' line, which define types the"
	      " imports use: */\n", f);
	for (int i = 0; i < includes->n; i++)
		fprintf(f, "#include %s\n", includes->v[i]);
}

static int emit_header(struct import_ctx *ic, struct btfcc_plan *plan,
		       const struct strvec *includes)
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
	put_includes(f, includes);
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

/* The plan's decisions, quoted like the first try's output, never bare lines. */
static void log_plan(struct import_ctx *ic, const struct btfcc_plan *plan)
{
	char *text = NULL, *save = NULL;
	size_t len;
	struct strbuf fresh;
	FILE *f = open_memstream(&text, &len);

	btfcc_plan_explain(plan, f);
	fclose(f);
	/* Each round plans everything again: only what is new this round. */
	sb_init(&fresh);
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (!said_before(ic, l))
			sb_addf(&fresh, "%s\n", l);
	if (fresh.len)
		log_verbose_quoted("plan", fresh.buf);
	sb_free(&fresh);
	free(text);
}

/* The request whose need comes first in the main file: where the imports go. */
static const char *earliest_need(const struct import_ctx *ic)
{
	const struct btfcc_request *best = NULL;

	for (size_t i = 0; i < ic->reqs.n; i++) {
		const struct btfcc_request *r = &ic->reqs.v[i];

		if (r->origin && r->origin_line && (!best || r->origin_line < best->origin_line))
			best = r;
	}
	return best ? best->origin : ic->ca->source;
}

/*
 * A type the imports name comes into the TU too late and no include can
 * bring it earlier: that is the error, at its definition, never the
 * layout mismatch the compiler would report for an incomplete member.
 */
static void report_late(const struct import_ctx *ic, const struct btfcc_scan_late *l)
{
	const char *kw = l->ns == BTFCC_NS_TYPEDEF ? "" : btfcc_ns_keyword(l->ns);
	const char *sp = l->ns == BTFCC_NS_TYPEDEF ? "" : " ";

	if (l->included_at)
		log_diag(l->where, "error",
			 "%s%s%s, which the imported types use, comes in only through the #include at %s, "
			 "below line %u of %s, where btfcc puts the imports (after the last directive "
			 "above the first use of a kernel-private type, at %s); that header has no "
			 "include guard for btfcc to include it there too: include it above line %u",
			 kw, sp, l->name, l->included_at, ic->inject_line, ic->ca->source,
			 earliest_need(ic), ic->inject_line);
	else
		log_diag(l->where, "error",
			 "%s%s%s, which the imported types use, is defined here, below line %u of %s, "
			 "where btfcc puts the imports (after the last directive above the first use of "
			 "a kernel-private type, at %s): delete it if it is a copy of the kernel's "
			 "(btfcc imports that), or define it above line %u", kw, sp, l->name,
			 ic->inject_line, ic->ca->source, earliest_need(ic), ic->inject_line);
}

/* The includes that make late types visible in time; -1 when some cannot. */
static int late_includes(struct import_ctx *ic, struct btfcc_scan *scan, struct strvec *out)
{
	const struct btfcc_scan_late *late;
	size_t n = btfcc_scan_late_types(scan, ic->inject_line, &late);
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		bool dup = false;

		if (!late[i].include) {
			report_late(ic, &late[i]);
			ret = -1;
			continue;
		}
		for (int j = 0; j < out->n && !dup; j++)
			dup = !strcmp(out->v[j], late[i].include);
		if (!dup) {
			/* Once per include: a later round finds it through the header. */
			char *key = xasprintf("#include %s", late[i].include);

			if (btfcc_verbose && !said_before(ic, key))
				log_verbose("%s %s comes in at %s, below line %u: the header includes %s",
					    btfcc_ns_keyword(late[i].ns), late[i].name,
					    late[i].included_at, ic->inject_line, late[i].include);
			free(key);
			strvec_push(out, late[i].include);
		}
	}
	return ret;
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
	struct strvec includes;
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
	strvec_init(&includes);
	if (!ret)
		ret = late_includes(ic, scan, &includes);
	if (!ret)
		ret = emit_header(ic, plan, &includes);
	strvec_free(&includes);
	if (!ret) {
		ic->n_types = btfcc_plan_count(plan);
		if (btfcc_verbose)
			log_plan(ic, plan);
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

/* Why a system cache entry was used or ignored (btf_syscache.h). */
static void cache_note(void *ctx, const char *msg)
{
	(void)ctx;
	log_verbose("%s", msg);
}

/* quiet: a failure is only worth a verbose line (nothing needed BTF yet). */
static int load_btf(struct import_ctx *ic, bool quiet)
{
	struct btfcc_load_opts lo = { .note = cache_note };
	struct btfcc_err err = { 0 };
	double t0 = log_now();

	if (!ic->btf_path)
		ic->btf_path = kernel_btf_source(ic->kt, &err);
	if (ic->btf_path)
		ic->btf = ic->vmlinux = btfcc_btf_load(ic->btf_path, &lo, &err);
	if (!ic->btf) {
		/* At the first line that needs BTF: that is what failed. */
		if (quiet)
			log_verbose("no BTF: %s", err.msg);
		else
			log_diag(first_need(ic), "error", "%s", err.msg);
		return -1;
	}
	log_verbose("BTF source: %s (%.3fs)", ic->btf_path, log_now() - t0);
	btf_names_write(ic->btf, ic->btf_path, &ic->ca->include_dirs);
	return 0;
}

static bool names_index_stored(struct import_ctx *ic)
{
	struct btfcc_err err;
	char *path = kernel_btf_source(ic->kt, &err);
	bool stored = !path || btf_names_stored(path);

	free(path);
	return stored;
}

/*
 * The module's own definitions of types the kernel has (stale hand
 * copies): a warning at each that differs, once per compile. Copying a
 * type on purpose (a struct linux_dirent of the module's own) is said
 * with BTF_OWN on its line.
 */
static void check_copies(struct import_ctx *ic, struct btfcc_scan *scan)
{
	const struct btfcc_copy *c;
	size_t n = btfcc_scan_copies(scan, &c);

	if (!n) {
		/* btfcc sent the file here for want of a names index: write it. */
		if (!ic->btf && !ic->btf_path && !names_index_stored(ic))
			load_btf(ic, true);
		return;
	}
	if (!ic->btf && load_btf(ic, true))
		return;
	for (size_t i = 0; i < n; i++) {
		const char *kw = btfcc_ns_keyword(c[i].ns);
		struct strbuf sb;

		sb_init(&sb);
		if (btfcc_copy_differs(ic->btf, &c[i], &sb) > 0)
			log_diag(c[i].where, "warning",
				 "this %s %s is not the kernel's: %s; delete the copy, btfcc imports %s %s "
				 "from the kernel's BTF (or put //BTF_OWN on this line if it is the module's "
				 "own type)", kw, c[i].name, sb_str(&sb), kw, c[i].name);
		sb_free(&sb);
	}
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
	if (!ic->btf && load_btf(ic, false)) {
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
		ic->features_included = true;
	}
	sb_free(&sb);
	strvec_free(&uses);
	return ret;
}

/*
 * The prefix cache lives in the user's btfcc cache; BTFCC_PREFIX_CACHE=0
 * turns it off (every scan parses every header).
 */
static char *prefix_cache_dir(void)
{
	const char *env = getenv("BTFCC_PREFIX_CACHE");

	if (env && !strcmp(env, "0"))
		return NULL;
	return util_cache_dir(NULL);
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
	strvec_init(&imp->ic.said);
	cc_args_for_scan(ca, &imp->ic.scan_args);
	imp->ic.prefix_dir = prefix_cache_dir();
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
	if (!imp->round && !imp->last)
		check_copies(ic, scan);
	if (!absorb(ic, scan)) {
		log_verbose("%s: nothing new to import", ic->ca->source);
		log_scan_errors(scan);
		btfcc_scan_free(imp->last);
		imp->last = scan;
		return 0;
	}
	ret = ic->btf || load_btf(ic, false) == 0 ? plan_round(ic, scan) : -1;
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
	free(imp->ic.prefix_dir);
	strvec_free(&imp->ic.said);
	import_modsel_free(&imp->ic.mods);
	btf__free(imp->ic.vmlinux);
	free(imp->ic.btf_path);
	free(imp);
}
