/* Which register a document is written in, from marker words (dicts/register/
 * markers.tsv): Taiwan copy names 網路, 數位, 軟體, 行政院 … and almost never
 * 本港, 特區, 網絡, 港元 …; Hong Kong copy the other way round. A document
 * whose window holds at least two Taiwan markers and more than twice as many
 * as Hong Kong ones is Taiwan copy. So is one whose distinct pairs of
 * adjacent Han characters weigh at least the threshold of the profile's
 * pair table (dicts/register/pairs.tsv, when it names one): short news
 * items hold one marker or none, but a few hundred pairs; and the markers
 * are overruled where the pairs weigh below the table's veto (a long Hong
 * Kong story quoting two Taiwan words). Anything else, including text with
 * no marker at all, stays with the profile itself. */
#include "register.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "utf8.h"

#define MAX_MARKERS_BYTES ((size_t)1 << 20)
#define MAX_PAIRS_BYTES ((size_t)4 << 20)
#define MAX_PAIRS 65536
#define MAX_PAIR_WEIGHT 60 /* tenths, as register_pairs.py caps them */
#define MAX_MARKERS 4096
#define MIN_TW 2

typedef struct marker {
	char *word;
	size_t len;
	uint32_t head; /* its first three bytes */
	int tw;
} marker;

struct tw_register {
	marker *m; /* sorted by head */
	size_t n;
	/* Bit per hash of a marker's first three bytes: a window position is
	 * rejected with one lookup unless some marker may start there. */
	uint32_t heads[2048];
	/* The pair table: open addressing on first << 21 | second (0: empty),
	 * weights in tenths; none when the profile names no table. */
	uint64_t *pair_key;
	int8_t *pair_weight;
	uint32_t pair_mask;
	/* A window's sum from which it is Taiwan copy, and below which the
	 * markers are overruled: LONG_MAX and LONG_MIN without a table, so the
	 * sum 0 a text without one weighs decides nothing (threshold >= 1 and
	 * veto <= -1 in a table). */
	long threshold;
	long veto;
	char *variant_path;
	char *data_dir;
	unsigned flags;
	pthread_mutex_t lock;
	tw_profile *variant;
};

static uint32_t head_of(const unsigned char *s)
{
	return (uint32_t)s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16;
}

static unsigned head_hash(uint32_t h)
{
	return (h * 2654435761u) >> 16;
}

static int cmp_head(const void *a, const void *b)
{
	uint32_t x = ((const marker *)a)->head, y = ((const marker *)b)->head;
	return (x > y) - (x < y);
}

/* word<TAB>tw|hk<TAB>note lines; '#' comments. */
static int load_markers(tw_register *r, const char *path, tw_error *err)
{
	char *text;
	size_t len;
	int rc = read_file(&text, &len, path, MAX_MARKERS_BYTES, err);
	if (rc)
		return rc;
	size_t lineno = 0, off = 0;
	for (char *cur = text, *line; (line = text_next_line(&cur)); off = (size_t)(cur - text)) {
		lineno++;
		if (!*line || *line == '#')
			continue;
		char *tab = strchr(line, '\t');
		char *reg = tab ? tab + 1 : NULL;
		size_t rl = reg ? strcspn(reg, "\t") : 0;
		int tw = reg && rl == 2 && !memcmp(reg, "tw", 2);
		if (!tab || tab == line || (!tw && !(rl == 2 && !memcmp(reg, "hk", 2)))) {
			rc = tw_fail(err, TW_EFORMAT, off, "%s:%zu: want word<TAB>tw|hk<TAB>note", path,
			             lineno);
			break;
		}
		if (r->n == MAX_MARKERS) {
			rc = tw_fail(err, TW_EFORMAT, off, "%s: more than %d markers", path, MAX_MARKERS);
			break;
		}
		size_t wl = (size_t)(tab - line);
		if (wl < 3) {
			rc = tw_fail(err, TW_EFORMAT, off, "%s:%zu: a marker shorter than three bytes",
			             path, lineno);
			break;
		}
		marker *g = realloc(r->m, (r->n + 1) * sizeof *g);
		char *w = g ? str_dup_n(line, wl) : NULL;
		if (g)
			r->m = g;
		if (!w) {
			rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
			break;
		}
		uint32_t h = head_of((const unsigned char *)w);
		r->m[r->n++] = (marker){w, wl, h, tw};
		unsigned k = head_hash(h);
		r->heads[k >> 5] |= 1u << (k & 31);
	}
	free(text);
	if (!rc)
		qsort(r->m, r->n, sizeof *r->m, cmp_head);
	return rc;
}

/* The Han characters pairs are made of, as register_pairs.py reads them
 * (Extension A, the main block, the compatibility ideographs). */
static int pair_char(uint32_t c)
{
	return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF);
}

static uint32_t pair_slot(const tw_register *r, uint64_t key)
{
	uint32_t i = (uint32_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & r->pair_mask;
	while (r->pair_key[i] && r->pair_key[i] != key)
		i = (i + 1) & r->pair_mask;
	return i;
}

/* A whole decimal integer in [lo, hi], the rest of the field. */
static int parse_int(const char *s, long lo, long hi, long *v)
{
	const char *end;
	return parse_small_int(s, &end, v) && !*end && *v >= lo && *v <= hi;
}

/* "threshold<TAB>N" (and "veto<TAB>N", optional) first, then
 * pair<TAB>weight lines; '#' comments. */
static int load_pairs(tw_register *r, const char *path, tw_error *err)
{
	char *text;
	size_t len;
	int rc = read_file(&text, &len, path, MAX_PAIRS_BYTES, err);
	if (rc)
		return rc;
	size_t lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	uint32_t size = 16;
	while (size < 2 * lines && size < 2 * MAX_PAIRS)
		size *= 2;
	r->pair_key = calloc(size, sizeof *r->pair_key);
	r->pair_weight = calloc(size, sizeof *r->pair_weight);
	r->pair_mask = size - 1;
	if (!r->pair_key || !r->pair_weight)
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
	size_t lineno = 0, off = 0, n = 0;
	int have_threshold = 0, have_veto = 0;
	for (char *cur = text, *line; !rc && (line = text_next_line(&cur));
	     off = (size_t)(cur - text)) {
		lineno++;
		if (!*line || *line == '#')
			continue;
		char *tab = strchr(line, '\t');
		long v = 0;
		size_t kl = tab ? (size_t)(tab - line) : 0;
		if (!n && kl == 9 && !memcmp(line, "threshold", 9) && !have_threshold) {
			if (!parse_int(tab + 1, 1, 1000000, &v)) {
				rc = tw_fail(err, TW_EFORMAT, off, "%s:%zu: want threshold<TAB>N (1 to 1000000)",
				             path, lineno);
				break;
			}
			r->threshold = v;
			have_threshold = 1;
			continue;
		}
		if (!n && kl == 4 && !memcmp(line, "veto", 4) && !have_veto) {
			if (!parse_int(tab + 1, -1000000, -1, &v)) {
				rc = tw_fail(err, TW_EFORMAT, off, "%s:%zu: want veto<TAB>N (-1000000 to -1)",
				             path, lineno);
				break;
			}
			r->veto = v;
			have_veto = 1;
			continue;
		}
		if (!have_threshold) {
			rc = tw_fail(err, TW_EFORMAT, off, "%s:%zu: want threshold<TAB>N first", path,
			             lineno);
			break;
		}
		size_t l1 = 0, l2 = 0, wl = tab ? (size_t)(tab - line) : 0;
		uint32_t a = wl ? utf8_decode((const unsigned char *)line, wl, &l1) : 0;
		uint32_t b = l1 < wl ? utf8_decode((const unsigned char *)line + l1, wl - l1, &l2) : 0;
		if (!tab || l1 + l2 != wl || !pair_char(a) || !pair_char(b) ||
		    utf8_valid_prefix(line, wl) != wl ||
		    !parse_int(tab + 1, -MAX_PAIR_WEIGHT, MAX_PAIR_WEIGHT, &v)) {
			rc = tw_fail(err, TW_EFORMAT, off,
			             "%s:%zu: want two Han characters<TAB>weight in tenths (-%d to %d)",
			             path, lineno, MAX_PAIR_WEIGHT, MAX_PAIR_WEIGHT);
			break;
		}
		if (n == MAX_PAIRS) {
			rc = tw_fail(err, TW_EFORMAT, off, "%s: more than %d pairs", path, MAX_PAIRS);
			break;
		}
		uint64_t key = (uint64_t)a << 21 | b;
		uint32_t i = pair_slot(r, key);
		if (r->pair_key[i]) {
			rc = tw_fail(err, TW_EFORMAT, off, "%s:%zu: a pair listed twice", path, lineno);
			break;
		}
		r->pair_key[i] = key;
		r->pair_weight[i] = (int8_t)v;
		n++;
	}
	if (!rc && !have_threshold)
		rc = tw_fail(err, TW_EFORMAT, 0, "%s: no threshold line", path);
	free(text);
	return rc;
}

/* file beside the profile (dir) first, else in data_dir; NULL: no memory. */
static char *data_path(const char *file, const char *dir, const char *data_dir)
{
	char *path = strchr(file, '/') ? strdup(file) : path_join(dir, file);
	if (path && !strchr(file, '/') && !file_exists(path)) {
		free(path);
		path = path_join(data_dir, file);
	}
	return path;
}

int register_open(tw_register **out, const char *tw_name, const char *markers_file,
                  const char *pairs_file, const char *dir, const char *data_dir, unsigned flags,
                  const char *profile_path, tw_error *err)
{
	*out = NULL;
	tw_register *r = calloc(1, sizeof *r);
	if (!r)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	pthread_mutex_init(&r->lock, NULL);
	r->threshold = LONG_MAX;
	r->veto = LONG_MIN;
	r->flags = flags;
	/* beside the profile first (a build tree, a copied data folder), then as
	 * tw_profile_open finds a name */
	r->variant_path = strchr(tw_name, '/') ? strdup(tw_name) : NULL;
	if (!strchr(tw_name, '/')) {
		char *file = malloc(strlen(tw_name) + 6);
		if (file) {
			strcpy(file, tw_name);
			strcat(file, ".json");
			r->variant_path = path_join(dir, file);
			free(file);
		}
		if (r->variant_path && !file_exists(r->variant_path)) {
			free(r->variant_path);
			r->variant_path = strdup(tw_name);
		}
	}
	r->data_dir = strdup(data_dir);
	char *mpath = data_path(markers_file, dir, data_dir);
	char *ppath = pairs_file ? data_path(pairs_file, dir, data_dir) : NULL;
	int rc = r->variant_path && r->data_dir && mpath && (ppath || !pairs_file)
	             ? TW_OK
	             : tw_fail(err, TW_ENOMEM, 0, "out of memory");
	if (!rc)
		rc = load_markers(r, mpath, err);
	if (!rc && !r->n)
		rc = tw_fail(err, TW_EFORMAT, 0, "%s: \"tongwen_register\": %s names no marker",
		             profile_path, mpath);
	if (!rc && ppath)
		rc = load_pairs(r, ppath, err);
	free(mpath);
	free(ppath);
	if (rc) {
		register_free(r);
		return rc;
	}
	*out = r;
	return TW_OK;
}

void register_free(tw_register *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->m[i].word);
	free(r->m);
	free(r->pair_key);
	free(r->pair_weight);
	free(r->variant_path);
	free(r->data_dir);
	tw_profile_free(r->variant);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

/* The weight of the distinct pairs of adjacent Han characters in
 * text[0..n), in tenths; a character cut by n ends the scan. 0 (neither
 * side) without a table or memory for the scan. */
static long pairs_weigh(const tw_register *r, const char *text, size_t n)
{
	if (!r->pair_key)
		return 0;
	size_t words = ((size_t)r->pair_mask + 1 + 63) / 64;
	uint64_t *seen = calloc(words, sizeof *seen);
	if (!seen)
		return 0; /* out of memory: the markers' answer stands */
	const unsigned char *s = (const unsigned char *)text;
	long sum = 0;
	uint32_t prev = 0;
	for (size_t i = 0; i < n;) {
		size_t l = utf8_seqlen(s[i]);
		if (!l || l > n - i)
			break;
		size_t got;
		uint32_t c = utf8_decode(s + i, n - i, &got);
		i += l;
		if (!pair_char(c)) {
			prev = 0;
			continue;
		}
		if (prev) {
			uint32_t k = pair_slot(r, (uint64_t)prev << 21 | c);
			if (r->pair_key[k] && !((seen[k / 64] >> (k % 64)) & 1)) {
				seen[k / 64] |= UINT64_C(1) << (k % 64);
				sum += r->pair_weight[k];
			}
		}
		prev = c;
	}
	free(seen);
	return sum;
}

/* Do text[0..n)'s markers say Taiwan copy: at least MIN_TW Taiwan ones,
 * more than twice the Hong Kong ones? */
static int markers_say_tw(const tw_register *r, const char *text, size_t n)
{
	/* each marker counts once however often it occurs */
	unsigned char seen[MAX_MARKERS];
	memset(seen, 0, r->n);
	size_t tw = 0, hk = 0;
	for (size_t i = 0; i + 2 < n; i++) {
		const unsigned char *s = (const unsigned char *)text + i;
		if ((s[0] & 0xC0) == 0x80)
			continue; /* inside a character: no marker starts there */
		uint32_t h = head_of(s);
		unsigned k = head_hash(h);
		if (!((r->heads[k >> 5] >> (k & 31)) & 1))
			continue;
		size_t lo = 0, hi = r->n; /* the first marker with this head */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (r->m[mid].head < h)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t j = lo; j < r->n && r->m[j].head == h; j++) {
			const marker *m = &r->m[j];
			if (!seen[j] && m->len <= n - i && !memcmp(s, m->word, m->len)) {
				seen[j] = 1;
				if (m->tw)
					tw++;
				else
					hk++;
			}
		}
	}
	return tw >= MIN_TW && tw > 2 * hk;
}

int register_is_tw(const tw_register *r, const char *text, size_t len)
{
	if (r->flags & TW_PROFILE_REGISTER_TW)
		return 1;
	if (r->flags & TW_PROFILE_REGISTER_HK)
		return 0;
	size_t n = len < TW_REGISTER_WINDOW ? len : TW_REGISTER_WINDOW;
	/* the pairs first: past either bound they decide, and the markers'
	 * walk is not needed */
	long sum = pairs_weigh(r, text, n);
	if (sum >= r->threshold)
		return 1;
	return sum >= r->veto && markers_say_tw(r, text, n);
}

int register_variant(const tw_profile **out, tw_register *r, tw_error *err)
{
	int rc = TW_OK;
	pthread_mutex_lock(&r->lock);
	if (!r->variant) {
		tw_profile_options o = TW_PROFILE_OPTIONS_INIT;
		o.data_dir = r->data_dir;
		rc = tw_profile_open(&r->variant, r->variant_path, &o, err);
	}
	if (!rc)
		*out = r->variant;
	pthread_mutex_unlock(&r->lock);
	return rc;
}
