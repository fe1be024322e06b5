// SPDX-License-Identifier: GPL-2.0-only
/*
 * The module index: for every named struct, union, enum and typedef that a
 * module's split BTF defines (the types vmlinux's BTF lacks, since pahole
 * dedups each module against vmlinux only), which modules define it and in
 * what shape. Reading 4000 compressed modules takes minutes, so the index
 * is a cache file, text, one line per module and per definition:
 *
 *	BTFCCm1 <key>
 *	M <path relative to the modules dir>
 *	T <kind letter> <module number> <shape hash> <name>
 *
 * A reader that finds another key or a damaged line treats the entry as a
 * miss and builds it again, under the same lock as the BTF cache.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "btf/btf_internal.h"
#include "btf/module_index.h"
#include "util/hash.h"
#include "util/lru.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

#define INDEX_MAGIC "BTFCCm1"
#define INDEX_MAX_DEPTH 16

struct mod_entry {
	char kind;		/* 's', 'u', 'e', 't' */
	const char *name;	/* into ix->text */
	struct btfcc_modhit hit;
};

struct btfcc_modindex {
	char *dir;
	char *text;		/* the cache file's bytes, names point into it */
	struct strvec paths;	/* relative to dir, sorted */
	struct strvec names;	/* "loop" */
	struct strvec full;	/* dir/path */
	struct mod_entry *ents;
	size_t n_ents, cap_ents;
	struct btfcc_modhit *hits;
	size_t cap_hits;
	char cache_path[4096];
	bool built;
	double seconds;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool is_module_file(const char *name)
{
	static const char *const ext[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (n > strlen(ext[i]) && !strcmp(name + n - strlen(ext[i]), ext[i]))
			return true;
	return false;
}

static void walk(const char *dir, const char *rel, int depth, struct strvec *out)
{
	char *path = rel[0] ? xasprintf("%s/%s", dir, rel) : xstrdup(dir);
	DIR *d = opendir(path);
	struct dirent *de;

	free(path);
	if (!d || depth > INDEX_MAX_DEPTH) {
		if (d)
			closedir(d);
		return;
	}
	while ((de = readdir(d))) {
		char *sub;

		if (de->d_name[0] == '.')
			continue;
		sub = rel[0] ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
		if (de->d_type == DT_DIR)
			walk(dir, sub, depth + 1, out);
		else if (is_module_file(de->d_name))
			strvec_push(out, sub);
		free(sub);
	}
	closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint64_t hash_stat(uint64_t h, const struct stat *st)
{
	uint64_t v[5] = { st->st_dev, st->st_ino, st->st_size, st->st_mtim.tv_sec,
			  st->st_mtim.tv_nsec };

	return fnv1a(h, v, sizeof(v));
}

/* Every module's path and identity, and the base's: what the index depends on. */
static uint64_t dir_key(const char *dir, const struct strvec *paths, const char *base_path)
{
	uint64_t h = fnv1a(FNV1A_INIT, INDEX_MAGIC, sizeof(INDEX_MAGIC));
	struct stat st;

	if (base_path && !stat(base_path, &st))
		h = hash_stat(fnv1a(h, base_path, strlen(base_path)), &st);
	for (int i = 0; i < paths->n; i++) {
		char *p = xasprintf("%s/%s", dir, paths->v[i]);

		h = fnv1a(h, paths->v[i], strlen(paths->v[i]) + 1);
		if (!stat(p, &st))
			h = hash_stat(h, &st);
		free(p);
	}
	return h;
}

/* "modules-<release>-<key>.idx": the release is the dir's parent's name. */
static void cache_name(struct btfcc_modindex *ix, const char *cdir, uint64_t key)
{
	const char *end = ix->dir + strlen(ix->dir), *rel;
	char name[64];
	size_t i;

	while (end > ix->dir && end[-1] == '/')
		end--;
	while (end > ix->dir && end[-1] != '/')
		end--;		/* past "kernel" */
	while (end > ix->dir && end[-1] == '/')
		end--;
	rel = end;
	while (rel > ix->dir && rel[-1] != '/')
		rel--;
	for (i = 0; rel + i < end && i < sizeof(name) - 1; i++)
		name[i] = strchr("+-._", rel[i]) || (rel[i] >= '0' && rel[i] <= '9') ||
			  ((rel[i] | 0x20) >= 'a' && (rel[i] | 0x20) <= 'z') ? rel[i] : '_';
	name[i] = '\0';
	snprintf(ix->cache_path, sizeof(ix->cache_path), "%s/modules-%s-%016llx.idx", cdir,
		 name, (unsigned long long)key);
}

static char kind_letter(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
		return 's';
	case BTF_KIND_UNION:
		return 'u';
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return 'e';
	case BTF_KIND_TYPEDEF:
		return 't';
	default:
		return 0;
	}
}

static uint64_t hash_str(uint64_t h, const struct btf *btf, __u32 off)
{
	const char *s = btf__name_by_offset(btf, off);

	return fnv1a(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

/*
 * Same hash, same layout as far as an import can tell: size, and each
 * member's name and bit offset, or each enumerator's name and value. A
 * typedef is its target's kind, name and size.
 */
static uint64_t shape_of(const struct btf *btf, const struct btf_type *t)
{
	uint64_t h = fnv1a(FNV1A_INIT, &t->info, sizeof(t->info));
	__u16 n = btf_vlen(t);

	if (btf_is_composite(t)) {
		const struct btf_member *m = btf_members(t);

		h = fnv1a(h, &t->size, sizeof(t->size));
		for (__u16 i = 0; i < n; i++, m++)
			h = fnv1a(hash_str(h, btf, m->name_off), &m->offset, sizeof(m->offset));
	} else if (btf_is_enum(t)) {
		const struct btf_enum *e = btf_enum(t);

		for (__u16 i = 0; i < n; i++, e++)
			h = fnv1a(hash_str(h, btf, e->name_off), &e->val, sizeof(e->val));
	} else if (btf_is_enum64(t)) {
		const struct btf_enum64 *e = btf_enum64(t);

		for (__u16 i = 0; i < n; i++, e++)
			h = fnv1a(fnv1a(hash_str(h, btf, e->name_off), &e->val_lo32, 4),
				  &e->val_hi32, 4);
	} else {
		const struct btf_type *to = btf__type_by_id(btf, t->type);
		long long sz = btf__resolve_size(btf, t->type);

		if (to)
			h = hash_str(fnv1a(h, &to->info, sizeof(to->info)), btf, to->name_off);
		h = fnv1a(h, &sz, sizeof(sz));
	}
	return h;
}

static void add_entry(struct btfcc_modindex *ix, char kind, unsigned module, uint64_t shape,
		      const char *name)
{
	struct mod_entry *e;

	GROW(ix->ents, ix->cap_ents, ix->n_ents + 1);
	e = &ix->ents[ix->n_ents++];
	e->kind = kind;
	e->name = name;
	e->hit.module = module;
	e->hit.shape = shape;
}

/* By kind, name and module: a name's entries are adjacent, found by bisection. */
static int cmp_key(char kind, const char *name, const struct mod_entry *e)
{
	return kind != e->kind ? kind - e->kind : strcmp(name, e->name);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct mod_entry *x = a, *y = b;
	int c = cmp_key(x->kind, x->name, y);

	if (!c)
		c = (x->hit.module > y->hit.module) - (x->hit.module < y->hit.module);
	return c;
}

/* One module's own types, those after the base's, with owned names. */
static void index_module(struct btfcc_modindex *ix, const struct btf *mod,
			 const struct btf *base, unsigned number)
{
	__u32 n = btf__type_cnt(mod);

	for (__u32 id = btf__type_cnt(base); id < n; id++) {
		const struct btf_type *t = btf__type_by_id(mod, id);
		const char *name = btf__name_by_offset(mod, t->name_off);
		char k = kind_letter(t);

		if (!k || !name || !name[0] || strpbrk(name, " \n"))
			continue;
		add_entry(ix, k, number, shape_of(mod, t), xstrdup(name));
	}
}

/* Read every module, then write the entries sorted: a reader checks the order only. */
static void build(struct btfcc_modindex *ix, const struct btfcc_modindex_opts *o,
		  uint64_t key, struct strbuf *sb)
{
	struct btfcc_load_opts lo = { .cache_dir = "", .base = (struct btf *)o->base };

	sb_addf(sb, INDEX_MAGIC " %016llx\n", (unsigned long long)key);
	for (int i = 0; i < ix->paths.n; i++) {
		struct btfcc_err ignored;
		struct btf *mod = btfcc_btf_load(ix->full.v[i], &lo, &ignored);

		sb_addf(sb, "M %s\n", ix->paths.v[i]);
		/* A module without BTF defines nothing we could import. */
		if (mod)
			index_module(ix, mod, o->base, i);
		btf__free(mod);
	}
	qsort(ix->ents, ix->n_ents, sizeof(*ix->ents), cmp_entry);
	for (size_t i = 0; i < ix->n_ents; i++) {
		const struct mod_entry *e = &ix->ents[i];

		sb_addf(sb, "T %c %u %016llx %s\n", e->kind, e->hit.module,
			(unsigned long long)e->hit.shape, e->name);
		free((char *)e->name);
	}
	ix->n_ents = 0;
}

static int parse_line(struct btfcc_modindex *ix, char *l, int *n_mod)
{
	unsigned long long shape;
	unsigned long module;
	char kind = l[0] ? l[2] : 0, *p;

	if (l[0] == 'M' && l[1] == ' ') {
		/* The key covers the paths; the lines are for humans. */
		(*n_mod)++;
		return 0;
	}
	if (l[0] != 'T' || l[1] != ' ' || !kind || !strchr("suet", kind) || l[3] != ' ')
		return -1;
	module = strtoul(l + 4, &p, 10);
	if (*p != ' ' || module >= (unsigned long)*n_mod)
		return -1;
	shape = strtoull(p + 1, &p, 16);
	if (*p != ' ' || !p[1])
		return -1;
	add_entry(ix, kind, module, shape, p + 1);
	return 0;
}

static bool sorted(const struct btfcc_modindex *ix)
{
	for (size_t i = 1; i < ix->n_ents; i++)
		if (cmp_entry(&ix->ents[i - 1], &ix->ents[i]) > 0)
			return false;
	return true;
}

/* Parse text (taken over) written with this key; -1 when it is not that index. */
static int parse(struct btfcc_modindex *ix, char *text, uint64_t key)
{
	char head[64], *l = text, *eol;
	int n_mod = 0;

	snprintf(head, sizeof(head), INDEX_MAGIC " %016llx", (unsigned long long)key);
	ix->text = text;
	for (bool first = true; *l; l = eol + 1, first = false) {
		eol = strchr(l, '\n');
		if (!eol)
			return -1;	/* a torn write ends without one */
		*eol = '\0';
		if (first ? strcmp(l, head) != 0 : parse_line(ix, l, &n_mod) != 0)
			return -1;
	}
	return n_mod == ix->paths.n && ix->text[0] && sorted(ix) ? 0 : -1;
}

static void reset_entries(struct btfcc_modindex *ix)
{
	free(ix->text);
	ix->text = NULL;
	ix->n_ents = 0;
}

static char *module_name_of(const char *rel)
{
	const char *base = strrchr(rel, '/');
	char *name = xstrdup(base ? base + 1 : rel), *p, *ko = NULL;

	for (p = strstr(name, ".ko"); p; p = strstr(p + 1, ".ko"))
		ko = p;
	if (ko)
		*ko = '\0';
	for (p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	return name;
}

static int load_or_build(struct btfcc_modindex *ix, const struct btfcc_modindex_opts *o,
			 uint64_t key, struct btfcc_err *err)
{
	struct strbuf sb;
	int lock = -1;
	char *text;

	if (ix->cache_path[0]) {
		text = util_read_text(ix->cache_path, NULL);
		if (text && !parse(ix, text, key)) {
			util_lru_touch(ix->cache_path);
			return 0;
		}
		reset_entries(ix);
		/* Under make -j one compiler builds while the others wait for it. */
		lock = btfcc_cache_lock(ix->cache_path);
		text = util_read_text(ix->cache_path, NULL);
		if (text && !parse(ix, text, key)) {
			btfcc_cache_unlock(lock);
			return 0;
		}
		reset_entries(ix);
	}
	sb_init(&sb);
	build(ix, o, key, &sb);
	ix->built = true;
	if (ix->cache_path[0] &&
	    !util_write_file_atomic(ix->cache_path, sb.buf, sb.len, 0644, 1, NULL))
		btfcc_cache_prune(ix->cache_path, "modules-", ".idx");
	btfcc_cache_unlock(lock);
	text = xstrndup(sb.buf, sb.len);
	sb_free(&sb);
	if (parse(ix, text, key))
		return btfcc_err_set(err, BTFCC_E_FORMAT, "%s: cannot read back the module index",
				     ix->dir);
	return 0;
}

struct btfcc_modindex *btfcc_modindex_open(const struct btfcc_modindex_opts *o,
					   struct btfcc_err *err)
{
	struct btfcc_load_opts lo = { .cache_dir = o->cache_dir };
	struct btfcc_modindex *ix = xcalloc(1, sizeof(*ix));
	double t0 = now();
	char *cdir;
	uint64_t key;

	ix->dir = xstrdup(o->dir);
	strvec_init(&ix->paths);
	strvec_init(&ix->names);
	strvec_init(&ix->full);
	walk(ix->dir, "", 0, &ix->paths);
	if (!ix->paths.n) {
		btfcc_err_set(err, BTFCC_E_NOT_FOUND, "no modules (*.ko*) under %s", ix->dir);
		btfcc_modindex_free(ix);
		return NULL;
	}
	qsort(ix->paths.v, ix->paths.n, sizeof(char *), cmp_str);
	for (int i = 0; i < ix->paths.n; i++) {
		char *name = module_name_of(ix->paths.v[i]);

		strvec_push(&ix->names, name);
		free(name);
		name = xasprintf("%s/%s", ix->dir, ix->paths.v[i]);
		strvec_push(&ix->full, name);
		free(name);
	}
	key = dir_key(ix->dir, &ix->paths, o->base_path);
	cdir = btfcc_cache_dir(&lo);
	if (cdir)
		cache_name(ix, cdir, key);
	free(cdir);
	if (load_or_build(ix, o, key, err)) {
		btfcc_modindex_free(ix);
		return NULL;
	}
	ix->seconds = now() - t0;
	return ix;
}

void btfcc_modindex_free(struct btfcc_modindex *ix)
{
	if (!ix)
		return;
	free(ix->dir);
	free(ix->text);
	strvec_free(&ix->paths);
	strvec_free(&ix->names);
	strvec_free(&ix->full);
	free(ix->ents);
	free(ix->hits);
	free(ix);
}

size_t btfcc_modindex_find(const struct btfcc_modindex *cix, int kind, const char *name,
			   const struct btfcc_modhit **hits)
{
	struct btfcc_modindex *ix = (struct btfcc_modindex *)cix;
	const struct btf_type probe = { .info = (__u32)kind << 24 };
	char k = kind_letter(&probe);
	size_t lo = 0, hi = ix->n_ents, n = 0;

	*hits = NULL;
	if (!k)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_key(k, name, &ix->ents[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < ix->n_ents && !cmp_key(k, name, &ix->ents[i]); i++) {
		GROW(ix->hits, ix->cap_hits, n + 1);
		ix->hits[n++] = ix->ents[i].hit;
	}
	*hits = ix->hits;
	return n;
}

size_t btfcc_modindex_modules(const struct btfcc_modindex *ix)
{
	return ix->paths.n;
}

const char *btfcc_modindex_module_name(const struct btfcc_modindex *ix, unsigned module)
{
	return module < (unsigned)ix->names.n ? ix->names.v[module] : NULL;
}

const char *btfcc_modindex_module_path(const struct btfcc_modindex *ix, unsigned module)
{
	return module < (unsigned)ix->full.n ? ix->full.v[module] : NULL;
}

int btfcc_modindex_module_by_name(const struct btfcc_modindex *ix, const char *name)
{
	char *want = xstrdup(name), *p;
	int found = -1;

	for (p = want; *p; p++)
		if (*p == '-')
			*p = '_';
	for (int i = 0; i < ix->names.n && found < 0; i++)
		if (!strcmp(ix->names.v[i], want))
			found = i;
	free(want);
	return found;
}

bool btfcc_modindex_was_built(const struct btfcc_modindex *ix)
{
	return ix->built;
}

double btfcc_modindex_seconds(const struct btfcc_modindex *ix)
{
	return ix->seconds;
}

const char *btfcc_modindex_cache_path(const struct btfcc_modindex *ix)
{
	return ix->cache_path;
}
