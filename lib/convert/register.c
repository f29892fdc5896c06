/* Which register a document is written in, from marker words (dicts/register/
 * markers.tsv): Taiwan copy names 網路, 數位, 軟體, 行政院 … and almost never
 * 本港, 特區, 網絡, 港元 …; Hong Kong copy the other way round. A document
 * whose window holds at least two Taiwan markers and more than twice as many
 * as Hong Kong ones is Taiwan copy; anything else, including text with no
 * marker at all, stays with the profile itself. */
#include "register.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_MARKERS_BYTES ((size_t)1 << 20)
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

int register_open(tw_register **out, const char *tw_name, const char *markers_file,
                  const char *dir, const char *data_dir, unsigned flags, const char *profile_path,
                  tw_error *err)
{
	*out = NULL;
	tw_register *r = calloc(1, sizeof *r);
	if (!r)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	pthread_mutex_init(&r->lock, NULL);
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
	char *mpath = strchr(markers_file, '/') ? strdup(markers_file) : path_join(dir, markers_file);
	int rc = r->variant_path && r->data_dir && mpath ? TW_OK
	                                                   : tw_fail(err, TW_ENOMEM, 0, "out of memory");
	if (!rc && !file_exists(mpath)) {
		free(mpath);
		mpath = path_join(data_dir, markers_file);
		if (!mpath)
			rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	if (!rc)
		rc = load_markers(r, mpath, err);
	if (!rc && !r->n)
		rc = tw_fail(err, TW_EFORMAT, 0, "%s: \"tongwen_register\": %s names no marker",
		             profile_path, mpath);
	free(mpath);
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
	free(r->variant_path);
	free(r->data_dir);
	tw_profile_free(r->variant);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

int register_is_tw(const tw_register *r, const char *text, size_t len)
{
	if (r->flags & TW_PROFILE_REGISTER_TW)
		return 1;
	if (r->flags & TW_PROFILE_REGISTER_HK)
		return 0;
	size_t n = len < TW_REGISTER_WINDOW ? len : TW_REGISTER_WINDOW;
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
