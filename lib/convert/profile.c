/* Reading OpenCC JSON profiles (with jansson) and resolving their
 * dictionaries to compiled tongwen dictionaries. */
#include <dirent.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fastpath.h"
#include "guard.h"
#include "profile.h"
#include "register.h"
#include "segcache.h"
#include "segmemo.h"
#include "spread.h"
#include "tw_config.h"

#define MAX_PROFILE_BYTES (1u << 20)
#define MAX_TEXT_DICT_BYTES (256u << 20)
#define MAX_GROUP_DEPTH 16

typedef struct loader {
	tw_profile *p;
	const char *data_dir;
	unsigned flags; /* TW_PROFILE_* */
	tw_error *err;
	int seg; /* opening the segmentation's members: their key bitmaps made (segmemo_index) */
} loader;

static char *dupstr(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

/* "dir/X.ocd2" -> "dir/X.twd" */
static char *twd_name(const char *file)
{
	const char *slash = strrchr(file, '/');
	const char *dot = strrchr(file, '.');
	size_t stem = (dot && (!slash || dot > slash)) ? (size_t)(dot - file) : strlen(file);
	char *p = malloc(stem + 5);
	if (!p)
		return NULL;
	memcpy(p, file, stem);
	memcpy(p + stem, ".twd", 5);
	return p;
}

static const char *basename_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static int try_twd(prof_dict *pd, const char *dir, const char *name, int key_bits,
                   tw_error *err, int *found)
{
	char *path = path_join(dir, name);
	if (!path)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	if (!file_exists(path)) {
		free(path);
		return TW_OK;
	}
	int rc = dict_open_file_keys(&pd->dict, path, key_bits, err);
	if (rc) {
		free(path);
		return rc;
	}
	pd->path = path;
	*found = 1;
	return TW_OK;
}

static int load_text(prof_dict *pd, const char *path, tw_error *err)
{
	char *text;
	size_t len;
	int rc = read_file(&text, &len, path, MAX_TEXT_DICT_BYTES, err);
	if (rc)
		return rc;
	unsigned char *img;
	size_t size;
	rc = dict_build_text(&img, &size, text, len, path, err);
	free(text);
	if (rc)
		return rc;
	if ((rc = dict_open_image(&pd->dict, img, size, path, err)))
		return rc;
	pd->path = dupstr(path);
	return pd->path ? TW_OK : tw_fail(err, TW_ENOMEM, 0, "out of memory");
}

/* A data file the profile names: beside it, else in the data directory
 * (as compiled dictionaries are found); the first when neither has it, so
 * that the error names it. NULL when out of memory. */
static char *data_file(loader *L, const char *name)
{
	char *path = path_join(L->p->dir, name);
	if (!path || file_exists(path))
		return path;
	char *other = path_join(L->data_dir, basename_of(name));
	if (other && file_exists(other)) {
		free(path);
		return other;
	}
	free(other);
	return path;
}

static int resolve(loader *L, prof_dict *pd, const char *type)
{
	tw_profile *p = L->p;
	char *twd = twd_name(pd->file);
	if (!twd)
		return tw_fail(L->err, TW_ENOMEM, 0, "out of memory");
	int found = 0, rc = try_twd(pd, p->dir, twd, L->seg, L->err, &found);
	if (!rc && !found)
		rc = try_twd(pd, L->data_dir, basename_of(twd), L->seg, L->err, &found);
	free(twd);
	if (rc || found)
		return rc;
	if (strcmp(type, "text") == 0) {
		/* OpenCC's order: working directory, profile directory, its data
		 * directory. */
		const char *dirs[] = {"", p->dir, TW_OPENCC_DATADIR};
		for (size_t i = 0; i < 3; i++) {
			char *path = path_join(dirs[i], pd->file);
			if (!path)
				return tw_fail(L->err, TW_ENOMEM, 0, "out of memory");
			if (file_exists(path)) {
				rc = load_text(pd, path, L->err);
				free(path);
				return rc;
			}
			free(path);
		}
		return tw_fail(L->err, TW_ENOTFOUND, 0, "%s: dictionary %s not found", p->path,
		               pd->file);
	}
	return tw_fail(L->err, TW_ENOTFOUND, 0,
	               "%s: dictionary %s has no compiled form (looked for %s.twd beside the "
	               "profile and in %s; compile it with twdict)",
	               p->path, pd->file, pd->file, L->data_dir);
}

static int add_member(prof_step *st, prof_dict *pd)
{
	prof_dict **d = realloc(st->dicts, (st->n + 1) * sizeof *d);
	if (!d)
		return TW_ENOMEM;
	st->dicts = d;
	st->dicts[st->n++] = pd;
	return TW_OK;
}

static int parse_dict_as(loader *L, json_t *obj, prof_step *st, int depth, prof_dict **deferred);

static int parse_dict(loader *L, json_t *obj, prof_step *st, int depth)
{
	return parse_dict_as(L, obj, st, depth, NULL);
}

/* With deferred: a dictionary of its own (not a group, not one already
 * open) is added to the profile but not opened; *deferred is it, which
 * the caller resolves. */
static int parse_dict_as(loader *L, json_t *obj, prof_step *st, int depth, prof_dict **deferred)
{
	tw_profile *p = L->p;
	if (!json_is_object(obj))
		return tw_fail(L->err, TW_EFORMAT, 0, "%s: a dictionary must be an object", p->path);
	const char *type = json_string_value(json_object_get(obj, "type"));
	if (!type)
		return tw_fail(L->err, TW_EFORMAT, 0, "%s: dictionary without a \"type\"", p->path);
	if (strcmp(type, "group") == 0) {
		json_t *arr = json_object_get(obj, "dicts");
		if (!json_is_array(arr))
			return tw_fail(L->err, TW_EFORMAT, 0, "%s: group without a \"dicts\" array",
			               p->path);
		if (depth >= MAX_GROUP_DEPTH)
			return tw_fail(L->err, TW_EFORMAT, 0, "%s: groups nested too deeply", p->path);
		size_t i;
		json_t *v;
		json_array_foreach(arr, i, v)
		{
			int rc = parse_dict(L, v, st, depth + 1);
			if (rc)
				return rc;
		}
		return TW_OK;
	}
	if (strcmp(type, "ocd2") && strcmp(type, "ocd") && strcmp(type, "text"))
		return tw_fail(L->err, TW_EFORMAT, 0, "%s: unknown dictionary type \"%s\"", p->path,
		               type);
	const char *file = json_string_value(json_object_get(obj, "file"));
	if (!file)
		return tw_fail(L->err, TW_EFORMAT, 0, "%s: dictionary without a \"file\"", p->path);
	const char *kind = json_string_value(json_object_get(obj, "tongwen_kind"));
	for (size_t i = 0; i < p->n_owned; i++)
		if (strcmp(p->owned[i]->file, file) == 0)
			return add_member(st, p->owned[i]) ? tw_fail(L->err, TW_ENOMEM, 0, "out of memory")
			                                   : TW_OK;
	prof_dict *pd = calloc(1, sizeof *pd);
	prof_dict **owned = realloc(p->owned, (p->n_owned + 1) * sizeof *owned);
	if (!pd || !owned) {
		free(pd);
		if (owned)
			p->owned = owned;
		return tw_fail(L->err, TW_ENOMEM, 0, "out of memory");
	}
	p->owned = owned;
	p->owned[p->n_owned++] = pd;
	pd->file = dupstr(file);
	pd->kind = dupstr(kind ? kind : "char");
	if (!pd->file || !pd->kind)
		return tw_fail(L->err, TW_ENOMEM, 0, "out of memory");
	if (deferred) {
		*deferred = pd;
		return add_member(st, pd) ? tw_fail(L->err, TW_ENOMEM, 0, "out of memory") : TW_OK;
	}
	int rc = resolve(L, pd, type);
	if (rc)
		return rc;
	return add_member(st, pd) ? tw_fail(L->err, TW_ENOMEM, 0, "out of memory") : TW_OK;
}

static void step_first(prof_step *st)
{
	memset(st->first, 0, sizeof st->first);
	for (size_t i = 0; i < st->n; i++)
		for (size_t w = 0; w < 2048; w++)
			st->first[w] |= st->dicts[i]->dict.first[w];
}

static void compute_firsts(tw_profile *p)
{
	step_first(&p->seg);
	for (size_t k = 0; k < p->n_steps; k++)
		step_first(&p->steps[k]);
}

/* Once every dictionary is open. */
static void compute_breakers(tw_profile *p)
{
	for (unsigned b = 0; b < 128; b++)
		p->breaker[b] = 1;
	for (size_t i = 0; i < p->n_owned; i++) {
		const tw_dict *d = &p->owned[i]->dict;
		for (unsigned b = 0; b < 128; b++)
			if (dict_has_ascii(d, (unsigned char)b))
				p->breaker[b] = 0;
	}
	/* The byte after a cut must start a character: only ASCII qualifies,
	 * and NUL is excluded so that no text is cut at a terminator. */
	p->breaker[0] = 0;
	/* The name guard reads context across bytes no key holds (a 《 before
	 * a control character, a Latin word): with a guard, a cut is made only
	 * where its look back and ahead stops too, so that pieces and streams
	 * convert as the whole text does. */
	for (unsigned b = 0; p->guard && b < 128; b++)
		if (!guard_is_stop(b))
			p->breaker[b] = 0;
	/* Title marks read their line on either side: cut only at line ends. */
	for (unsigned b = 0; p->title_marks && b < 128; b++)
		if (b != '\n' && b != '\r')
			p->breaker[b] = 0;
}

/* The name guard's dictionary (guard.h): its filters and personal names
 * read from every entry. */
static int guard_walk(loader *L, prof_dict *pd)
{
	tw_profile *p = L->p;
	const tw_dict *gd = &pd->dict;
	for (uint32_t si = 0; si < gd->n_slots; si++) {
		dict_walk_release(gd, si);
		const twd_slot *sl = &gd->slots[si];
		if (!(sl->flags & TWD_KEY))
			continue;
		guard_index_add(p->guard_index, gd->pool + sl->key_off, sl->key_len,
		                gd->pool + sl->val_off, sl->val_len);
		if (!memchr(gd->pool + sl->val_off, 'P', sl->val_len))
			continue;
		char **grown = realloc(p->person, (p->n_person + 1) * sizeof *grown);
		char *c = malloc(sl->key_len + 1);
		if (!grown || !c) {
			free(c);
			if (grown)
				p->person = grown;
			return tw_fail(L->err, TW_ENOMEM, 0, "out of memory");
		}
		memcpy(c, gd->pool + sl->key_off, sl->key_len);
		c[sl->key_len] = '\0';
		p->person = grown;
		p->person[p->n_person++] = c;
		unsigned char b0 = (unsigned char)c[0];
		for (uint32_t b1 = 0; b1 < 256; b1++)
			if (sl->key_len < 2 || b1 == (unsigned char)c[1])
				p->person_pairs[(b0 << 8 | b1) >> 5] |= 1u << ((b0 << 8 | b1) & 31);
	}
	/* Scan ranges for the personal-name characters, when they fit. */
	int fit = p->n_person <= SCAN_MAX_RANGES;
	for (size_t k = 0; k < p->n_person && fit; k++) {
		const unsigned char *c = (const unsigned char *)p->person[k];
		fit = c[0] && c[1] && c[2];
		if (fit)
			p->person_ranges[k] = (scan_range){c[0], c[1], c[1], c[2], c[2]};
	}
	p->n_person_ranges = fit ? p->n_person : 0;
	dict_release_pages(gd); /* the walk above read all of it */
	return TW_OK;
}

static int guard_open(loader *L, prof_dict *pd, const char *type)
{
	int rc = resolve(L, pd, type);
	return rc ? rc : guard_walk(L, pd);
}

/* The guard opened and walked on a thread of its own while the rest of
 * the profile loads: the biggest part of hk2cn's load that nothing else
 * waits for. Until the join it alone touches the guard's dictionary,
 * p->guard_index and the personal-name fields. */
typedef struct guard_job {
	loader L; /* the profile's, with an error of its own */
	tw_error err;
	prof_dict *pd;
	const char *type;
	int rc, started;
	pthread_t thread;
} guard_job;

static void *guard_thread(void *arg)
{
	guard_job *j = arg;
	j->rc = guard_open(&j->L, j->pd, j->type);
	return NULL;
}

/* Waits for the thread, if one runs; its result (TW_OK if none). */
static int guard_join(guard_job *j)
{
	if (!j->started)
		return TW_OK;
	pthread_join(j->thread, NULL);
	j->started = 0;
	return j->rc;
}

static int parse_profile(loader *L, const char *json, size_t len)
{
	tw_profile *p = L->p;
	guard_job gjob = {0};
	json_error_t je;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return tw_fail(L->err, TW_EFORMAT, (size_t)je.position,
		               "%s:%d:%d: invalid JSON: %s", p->path, je.line, je.column, je.text);
	int rc = TW_OK;
	if (!json_is_object(root)) {
		rc = tw_fail(L->err, TW_EFORMAT, 0, "%s: the root must be an object", p->path);
		goto out;
	}
	const char *name = json_string_value(json_object_get(root, "name"));
	p->name = dupstr(name ? name : "");
	if (!p->name) {
		rc = tw_fail(L->err, TW_ENOMEM, 0, "out of memory");
		goto out;
	}
	json_t *seg = json_object_get(root, "segmentation");
	const char *segtype = json_string_value(json_object_get(seg, "type"));
	if (!json_is_object(seg) || !segtype) {
		rc = tw_fail(L->err, TW_EFORMAT, 0, "%s: missing \"segmentation\" with a \"type\"",
		             p->path);
		goto out;
	}
	if (strcmp(segtype, "mmseg") != 0) {
		rc = tw_fail(L->err, TW_EFORMAT, 0, "%s: unknown segmentation type \"%s\"", p->path,
		             segtype);
		goto out;
	}
	json_t *segdict = json_object_get(seg, "dict");
	if (!json_is_object(segdict)) {
		rc = tw_fail(L->err, TW_EFORMAT, 0, "%s: segmentation without a \"dict\" object",
		             p->path);
		goto out;
	}
	L->seg = 1;
	rc = parse_dict(L, segdict, &p->seg, 0);
	L->seg = 0;
	if (rc)
		goto out;
	json_t *chain = json_object_get(root, "conversion_chain");
	if (!json_is_array(chain)) {
		rc = tw_fail(L->err, TW_EFORMAT, 0, "%s: missing \"conversion_chain\" array", p->path);
		goto out;
	}
	p->steps = calloc(json_array_size(chain) + 1, sizeof *p->steps);
	if (!p->steps) {
		rc = tw_fail(L->err, TW_ENOMEM, 0, "out of memory");
		goto out;
	}
	size_t i;
	json_t *v;
	json_array_foreach(chain, i, v)
	{
		/* OpenCC skips chain elements that are not objects. */
		if (!json_is_object(v))
			continue;
		json_t *d = json_object_get(v, "dict");
		if (!json_is_object(d)) {
			rc = tw_fail(L->err, TW_EFORMAT, 0, "%s: conversion step without a \"dict\"",
			             p->path);
			goto out;
		}
		if ((rc = parse_dict(L, d, &p->steps[p->n_steps], 0)))
			goto out;
		p->n_steps++;
	}
	/* tongwen's own key (stock OpenCC ignores it): the name guard that
	 * vetoes term rewrites of the first step inside names (guard.h). */
	json_t *guard = json_object_get(root, "tongwen_guard");
	if (guard && !(L->flags & TW_PROFILE_OPENCC_ONLY)) {
		prof_step gs = {0};
		const char *gtype = json_string_value(json_object_get(guard, "type"));
		if (gtype && !strcmp(gtype, "group")) {
			rc = tw_fail(L->err, TW_EFORMAT, 0, "%s: \"tongwen_guard\" must be one dictionary",
			             p->path);
			goto out;
		}
		prof_dict *deferred = NULL;
		if ((rc = parse_dict_as(L, guard, &gs, MAX_GROUP_DEPTH, &deferred)))
			goto out;
		if (gs.n != 1) {
			free(gs.dicts);
			rc = tw_fail(L->err, TW_EFORMAT, 0, "%s: \"tongwen_guard\" must be one dictionary",
			             p->path);
			goto out;
		}
		p->guard = gs.dicts[0];
		free(gs.dicts);
		if (p->n_steps == 0) {
			rc = tw_fail(L->err, TW_EFORMAT, 0, "%s: a guard needs a conversion step",
			             p->path);
			goto out;
		}
		p->guard_index = calloc(1, sizeof *p->guard_index);
		if (!p->guard_index) {
			rc = tw_fail(L->err, TW_ENOMEM, 0, "out of memory");
			goto out;
		}
		/* A dictionary the chain already holds is open and the walk is
		 * done here; else both on a thread of their own. */
		gjob.L = *L;
		gjob.L.err = &gjob.err;
		gjob.pd = deferred;
		gjob.type = gtype;
		if (!deferred)
			rc = guard_walk(L, p->guard);
		else if (pthread_create(&gjob.thread, NULL, guard_thread, &gjob) == 0)
			gjob.started = 1;
		else
			rc = guard_open(L, deferred, gtype);
		if (rc)
			goto out;
	}
	/* tongwen's own key: radicals and compatibility ideographs mapped to
	 * unified ideographs before conversion (same byte lengths). */
	json_t *norm = json_object_get(root, "tongwen_normalize");
	if (norm && !(L->flags & TW_PROFILE_OPENCC_ONLY)) {
		prof_step ns = {0};
		const char *ntype = json_string_value(json_object_get(norm, "type"));
		if ((ntype && !strcmp(ntype, "group")) || (rc = parse_dict(L, norm, &ns, 0)) ||
		    ns.n != 1) {
			free(ns.dicts);
			if (!rc)
				rc = tw_fail(L->err, TW_EFORMAT, 0,
				             "%s: \"tongwen_normalize\" must be one dictionary", p->path);
			goto out;
		}
		p->normalize = ns.dicts[0];
		free(ns.dicts);
	}
	/* tongwen's own key: titles in 〈〉 written in 《》 (runs.c) */
	json_t *titles = json_object_get(root, "tongwen_title_marks");
	if (titles && !(L->flags & TW_PROFILE_OPENCC_ONLY)) {
		if (!json_is_boolean(titles)) {
			rc = tw_fail(L->err, TW_EFORMAT, 0,
			             "%s: \"tongwen_title_marks\" must be true or false", p->path);
			goto out;
		}
		p->title_marks = json_is_true(titles);
	}
	/* The title mark first: scan_ranges() is quickest with exact
	 * characters before lead-byte ranges. */
	if (p->title_marks)
		p->norm_ranges[p->n_norm_ranges++] = (scan_range)SCAN_TITLE_MARK;
	if (p->normalize) {
		static const scan_range lead[] = SCAN_NORM_LEAD;
		memcpy(p->norm_ranges + p->n_norm_ranges, lead, sizeof lead);
		p->n_norm_ranges += SCAN_NORM_LEAD_N;
	}
	/* tongwen's own key: Taiwan copy converted with another profile */
	json_t *reg = json_object_get(root, "tongwen_register");
	if (reg && !(L->flags & TW_PROFILE_OPENCC_ONLY)) {
		const char *tw = json_string_value(json_object_get(reg, "tw"));
		const char *markers = json_string_value(json_object_get(reg, "markers"));
		json_t *pj = json_object_get(reg, "pairs");
		const char *pairs = json_string_value(pj);
		if (!json_is_object(reg) || !tw || !*tw || !markers || !*markers ||
		    (pj && (!pairs || !*pairs))) {
			rc = tw_fail(L->err, TW_EFORMAT, 0,
			             "%s: \"tongwen_register\" must be {\"tw\": profile, \"markers\": "
			             "file, \"pairs\": file (optional)}",
			             p->path);
			goto out;
		}
		if ((rc = register_open(&p->reg, tw, markers, pairs, p->dir, L->data_dir, L->flags,
		                        p->path, L->err)))
			goto out;
	}
	compute_firsts(p);
	/* The guard's walk ends before the segmentation's begin: run side by
	 * side, the two walks' pages were resident at once, and the load's
	 * peak RSS swung between 13.4 and 17.6 MiB with their timing (1 ms of
	 * load time, perf stat -r 20). */
	int grc = guard_join(&gjob);
	if (grc && !rc) {
		rc = grc;
		if (L->err)
			*L->err = gjob.err;
	}
	if (!rc && (segmemo_index(p) || fast_prepare(p) || segmemo_prepare(p)))
		rc = tw_fail(L->err, TW_ENOMEM, 0, "out of memory");
	if (rc)
		goto out;
	compute_breakers(p);
	/* One scan for personal-name characters and for characters to
	 * normalise (runs.c; title marks are looked for apart, which keeps
	 * this scan on its quickest path). */
	if (p->n_person_ranges && p->n_person_ranges + SCAN_NORM_LEAD_N <= SCAN_MAX_RANGES) {
		static const scan_range lead[] = SCAN_NORM_LEAD;
		memcpy(p->scan_ranges, p->person_ranges, p->n_person_ranges * sizeof(scan_range));
		p->n_scan_ranges = p->n_person_ranges;
		if (p->normalize) {
			memcpy(p->scan_ranges + p->n_scan_ranges, lead, sizeof lead);
			p->n_scan_ranges += SCAN_NORM_LEAD_N;
		}
	}
	/* tongwen's own key: the cores that spread through a document
	 * (spread.h); their triggers are segmentation keys, numbered above. */
	json_t *spr = json_object_get(root, "tongwen_spread");
	if (spr && !(L->flags & TW_PROFILE_OPENCC_ONLY)) {
		const char *file = json_string_value(json_object_get(spr, "file"));
		if (!json_is_object(spr) || !file || !*file) {
			rc = tw_fail(L->err, TW_EFORMAT, 0, "%s: \"tongwen_spread\" must be {\"file\": name}",
			             p->path);
			goto out;
		}
		char *path = data_file(L, file);
		rc = path ? spread_open(&p->spread, path, L->err)
		          : tw_fail(L->err, TW_ENOMEM, 0, "out of memory");
		free(path);
		if (rc)
			goto out;
	}
	/* The walks above read every dictionary whole; conversion reads a
	 * small part of each. */
	for (size_t k = 0; k < p->n_owned; k++)
		dict_settle(&p->owned[k]->dict);
	/* Every key's result from the build, when its file is there and of
	 * this data (segcache.h); else each is computed when first met. Read
	 * once the walks' pages are given back, so as not to add to them. */
	rc = segcache_open(p, L->err);
out:
	guard_join(&gjob);
	json_decref(root);
	return rc;
}

static char *find_profile(const char *name, const char *data_dir)
{
	if (strchr(name, '/') && file_exists(name))
		return dupstr(name);
	const char *dirs[] = {data_dir, TW_OPENCC_DATADIR};
	for (size_t i = 0; i < 2; i++) {
		for (int ext = 1; ext >= 0; ext--) {
			size_t n = strlen(name);
			char *file = malloc(n + 6);
			if (!file)
				return NULL;
			memcpy(file, name, n + 1);
			if (ext)
				memcpy(file + n, ".json", 6);
			char *path = path_join(dirs[i], file);
			free(file);
			if (path && file_exists(path))
				return path;
			free(path);
		}
	}
	if (file_exists(name))
		return dupstr(name);
	return NULL;
}

int tw_profile_open(tw_profile **out, const char *name, const tw_profile_options *opts,
                    tw_error *err)
{
	if (!out)
		return tw_fail(err, TW_EINVAL, 0, "tw_profile_open: out is NULL");
	*out = NULL;
	if (!name || !*name)
		return tw_fail(err, TW_EINVAL, 0, "tw_profile_open: no profile name");
	if (opts && opts->version != TW_PROFILE_OPTIONS_VERSION && opts->version != 1)
		return tw_fail(err, TW_EINVAL, 0, "tw_profile_open: unsupported options version %u",
		               opts->version);
	loader L = {0};
	L.data_dir = opts && opts->data_dir ? opts->data_dir : tw_default_data_dir();
	L.flags = opts && opts->version >= 2 ? opts->flags : 0;
	L.err = err;
	char *path = find_profile(name, L.data_dir);
	if (!path)
		return tw_fail(err, TW_ENOTFOUND, 0,
		               "profile \"%s\" not found (looked in %s and %s; see --list-profiles)",
		               name, L.data_dir, TW_OPENCC_DATADIR);
	tw_profile *p = calloc(1, sizeof *p);
	if (!p) {
		free(path);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	p->path = path;
	p->dir = path_dirname(path);
	L.p = p;
	char *json = NULL;
	size_t len;
	int rc = p->dir ? read_file(&json, &len, path, MAX_PROFILE_BYTES, err)
	                : tw_fail(err, TW_ENOMEM, 0, "out of memory");
	if (!rc)
		rc = parse_profile(&L, json, len);
	free(json);
	if (rc) {
		tw_profile_free(p);
		return rc;
	}
	*out = p;
	return TW_OK;
}

void tw_profile_free(tw_profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_person; i++)
		free(p->person[i]);
	free(p->person);
	free(p->guard_index);
	register_free(p->reg);
	spread_free(p->spread);
	for (size_t i = 0; i < p->n_owned; i++) {
		dict_close(&p->owned[i]->dict);
		free(p->owned[i]->file);
		free(p->owned[i]->kind);
		free(p->owned[i]->path);
		free(p->owned[i]);
	}
	segmemo_free(p);
	segcache_free(p->segcache);
	fast_free(p);
	free(p->owned);
	free(p->seg.dicts);
	for (size_t i = 0; i < p->n_steps; i++) {
		free(p->steps[i].dicts);
	}
	free(p->steps);
	free(p->name);
	free(p->path);
	free(p->dir);
	free(p);
}

int tw_profile_for_document(const tw_profile **out, const tw_profile *p, const char *text,
                            size_t len, tw_error *err)
{
	if (!out || !p || (!text && len))
		return tw_fail(err, TW_EINVAL, 0, "tw_profile_for_document: NULL argument");
	*out = p;
	if (!p->reg || !register_is_tw(p->reg, text, len))
		return TW_OK;
	return register_variant(out, p->reg, err);
}

const char *tw_profile_name(const tw_profile *p)
{
	return p ? p->name : "";
}

const char *tw_profile_path(const tw_profile *p)
{
	return p ? p->path : "";
}

size_t tw_profile_steps(const tw_profile *p)
{
	return p ? p->n_steps : 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int tw_profile_list(char ***names, size_t *count, const tw_profile_options *opts, tw_error *err)
{
	if (!names || !count)
		return tw_fail(err, TW_EINVAL, 0, "tw_profile_list: NULL argument");
	*names = NULL;
	*count = 0;
	const char *dirs[] = {opts && opts->data_dir ? opts->data_dir : tw_default_data_dir(),
	                      TW_OPENCC_DATADIR};
	char **list = NULL;
	size_t n = 0;
	for (size_t i = 0; i < 2; i++) {
		DIR *d = opendir(dirs[i]);
		if (!d)
			continue;
		struct dirent *e;
		while ((e = readdir(d))) {
			size_t l = strlen(e->d_name);
			if (l <= 5 || strcmp(e->d_name + l - 5, ".json"))
				continue;
			char *nm = malloc(l - 4);
			char **grown = realloc(list, (n + 1) * sizeof *list);
			if (!nm || !grown) {
				free(nm);
				if (grown)
					list = grown;
				closedir(d);
				tw_strings_free(list, n);
				return tw_fail(err, TW_ENOMEM, 0, "out of memory");
			}
			list = grown;
			memcpy(nm, e->d_name, l - 5);
			nm[l - 5] = '\0';
			list[n++] = nm;
		}
		closedir(d);
	}
	if (n)
		qsort(list, n, sizeof *list, cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && strcmp(list[k - 1], list[i]) == 0)
			free(list[i]);
		else
			list[k++] = list[i];
	}
	*names = list;
	*count = k;
	return TW_OK;
}

void tw_strings_free(char **strings, size_t count)
{
	if (!strings)
		return;
	for (size_t i = 0; i < count; i++)
		free(strings[i]);
	free(strings);
}
