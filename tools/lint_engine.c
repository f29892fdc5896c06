/* twdict lint: hk2cn compiled from the tables being linted.
 *
 * The lint must judge the tree it is given (a fixture, or tables edited since
 * the last build), so it compiles HKCNTerms and HKCNSegment from those tables
 * into a private directory beside a copy of the built hk2cn.json; everything
 * else (stock dictionaries, punctuation) is loaded from the data directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dict.h"
#include "lint.h"
#include "twdict.h"

typedef struct ranked {
	dict_entry e;
	size_t rank; /* position in the input: the first of equal keys wins */
} ranked;

static int cmp_key(const dict_entry *x, const dict_entry *y)
{
	size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
	int c = memcmp(x->key, y->key, n);
	return c ? c : (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

static int cmp_ranked(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	int c = cmp_key(&x->e, &y->e);
	return c ? c : (x->rank > y->rank) - (x->rank < y->rank);
}

/* Sorts v by key and drops all but the first of equal keys; returns the new
 * count, or (size_t)-1 when out of memory. */
static size_t sort_unique(dict_entry *v, size_t n)
{
	ranked *r = malloc((n + 1) * sizeof *r);
	if (!r)
		return (size_t)-1;
	for (size_t i = 0; i < n; i++)
		r[i] = (ranked){v[i], i};
	qsort(r, n, sizeof *r, cmp_ranked);
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (!w || cmp_key(&r[i].e, &v[w - 1]))
			v[w++] = r[i].e;
	free(r);
	return w;
}

static int write_image(const char *dir, const char *name, dict_entry *v, size_t n,
                       tw_error *err)
{
	unsigned char *img;
	size_t size;
	n = sort_unique(v, n);
	if (n == (size_t)-1)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	int rc = dict_build(&img, &size, v, n, err);
	if (rc)
		return rc;
	char *path = path_join(dir, name);
	rc = path && !write_file_atomic(path, img, size) ? 0 : TW_EIO;
	free(path);
	free(img);
	return rc ? tw_fail(err, rc, 0, "cannot write %s in %s", name, dir) : 0;
}

/* The terms' values are the same as in HKCNTerms.txt, except that the lint
 * keeps the first of two conflicting keys (it reports the conflict) where
 * the build fails. */
static int write_dicts(const char *dir, const term_set *ts, const char *data_dir, tw_error *err)
{
	tw_dict phr;
	char *phr_path = path_join(data_dir, "TSPhrases.twd");
	if (!phr_path)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	int rc = dict_open_file(&phr, phr_path, err);
	free(phr_path);
	if (rc)
		return rc;
	dict_entry *terms = calloc(ts->n + 1, sizeof *terms);
	dict_entry *seg = calloc(ts->n + phr.h->n_keys + ts->n_seg_words + 1, sizeof *seg);
	size_t nt = 0, ns = 0;
	if (!terms || !seg)
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
	for (size_t i = 0; !rc && i < ts->n; i++) {
		const term *t = &ts->v[i];
		if (t->act == ACT_CANTONESE)
			continue;
		const char *v = term_dict_value(t);
		terms[nt++] = (dict_entry){t->source, strlen(t->source), v, strlen(v), 0};
		seg[ns++] = (dict_entry){t->source, strlen(t->source), t->source, strlen(t->source), 0};
	}
	for (size_t i = 0; !rc && i < ts->n_seg_words; i++) {
		const char *w = ts->seg_words[i];
		seg[ns++] = (dict_entry){w, strlen(w), w, strlen(w), 0};
	}
	/* OpenCC segments on TSPhrases' keys plus ours (see lexicon.c). */
	for (uint32_t i = 0; !rc && i < phr.h->n_slots; i++) {
		const twd_slot *sl = &phr.slots[i];
		if (sl->flags & TWD_KEY) {
			const char *k = phr.pool + sl->key_off;
			seg[ns++] = (dict_entry){k, sl->key_len, k, sl->key_len, 0};
		}
	}
	if (!rc)
		rc = write_image(dir, "HKCNTerms.twd", terms, nt, err);
	if (!rc)
		rc = write_image(dir, "HKCNSegment.twd", seg, ns, err);
	free(terms);
	free(seg);
	dict_close(&phr);
	return rc;
}

static void remove_in(const char *dir, const char *name)
{
	char *p = path_join(dir, name);
	if (p)
		remove(p);
	free(p);
}

int lint_open_hk2cn(tw_profile **out, const term_set *ts, const char *data_dir, tw_error *err)
{
	*out = NULL;
	const char *tmp = getenv("TMPDIR");
	char *dir = path_join(tmp && *tmp ? tmp : "/tmp", "twdict-lint-XXXXXX");
	if (!dir)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	if (!mkdtemp(dir)) {
		int rc = tw_fail(err, TW_EIO, 0, "cannot create a temporary directory %s", dir);
		free(dir);
		return rc;
	}
	char *json_src = path_join(data_dir, "hk2cn.json"), *json = path_join(dir, "hk2cn.json");
	char *text = NULL;
	size_t len;
	int rc = json_src && json ? read_file(&text, &len, json_src, 1u << 20, err)
	                          : tw_fail(err, TW_ENOMEM, 0, "out of memory");
	if (!rc && write_file_atomic(json, text, len))
		rc = tw_fail(err, TW_EIO, 0, "cannot write %s", json);
	if (!rc)
		rc = write_dicts(dir, ts, data_dir, err);
	if (!rc) {
		tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
		po.data_dir = data_dir;
		rc = tw_profile_open(out, json, &po, err);
	}
	/* The profile has read (or mapped) its dictionaries: the files can go. */
	remove_in(dir, "hk2cn.json");
	remove_in(dir, "HKCNTerms.twd");
	remove_in(dir, "HKCNSegment.twd");
	rmdir(dir);
	free(text);
	free(json_src);
	free(json);
	free(dir);
	return rc;
}
