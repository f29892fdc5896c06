#define _GNU_SOURCE /* memmem */
/* One sense per document (spread.h). */
#include "spread.h"

#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "guard.h"

#define MAX_SPREAD_BYTES ((size_t)16 << 20)

/* Sorts the triggers by hash, then core, then other: parse appends them
 * in core order, each core's own before those of its other senses, so a
 * stable sort by hash alone gives that order. Four passes of a byte each,
 * through a buffer as long (qsort's comparisons cost more than the rest
 * of reading the file at every load). TW_ENOMEM, or TW_OK. */
static int sort_triggers(spread *s)
{
	size_t n = s->n_trig;
	if (n < 2)
		return TW_OK;
	spread_trigger *tmp = malloc(n * sizeof *tmp);
	if (!tmp)
		return TW_ENOMEM;
	spread_trigger *from = s->trig, *to = tmp;
	for (unsigned shift = 0; shift < 32; shift += 8) {
		size_t at[257] = {0};
		for (size_t i = 0; i < n; i++)
			at[((from[i].hash >> shift) & 255) + 1]++;
		for (size_t b = 1; b < 257; b++)
			at[b] += at[b - 1];
		for (size_t i = 0; i < n; i++)
			to[at[(from[i].hash >> shift) & 255]++] = from[i];
		spread_trigger *t = from;
		from = to;
		to = t;
	}
	/* an even number of passes: the sorted triggers are back in s->trig */
	free(tmp);
	return TW_OK;
}

void spread_free(spread *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_cores; i++) {
		free(s->cores[i].src);
		free(s->cores[i].form);
	}
	free(s->cores);
	free(s->trig);
	free(s->straddles);
	free(s->pool);
	free(s);
}

static int add_trigger(spread *s, size_t *cap, const char *pool, const char *key, size_t n,
                       uint32_t core, uint32_t other)
{
	if (s->n_trig == *cap) {
		spread_trigger *v = array_grow(s->trig, cap, sizeof *v, 256);
		if (!v)
			return TW_ENOMEM;
		s->trig = v;
	}
	uint32_t h = spread_hash(key, n), b = h >> 16;
	s->trig[s->n_trig++] = (spread_trigger){h, (uint32_t)(key - pool), (uint32_t)n, core, other};
	s->filter[b >> 6] |= UINT64_C(1) << (b & 63);
	return TW_OK;
}

/* Reads core c's words across its edges, w ("offset:word" items,
 * space-separated, in pool), into s->straddles. TW_OK, TW_ENOMEM, or
 * TW_EFORMAT for an item that is not one. */
static int add_straddles(spread *s, size_t *cap, spread_core *c, const char *pool, const char *w)
{
	c->first_straddle = (uint32_t)s->n_straddles;
	while (*w) {
		const char *end;
		long off = 0;
		size_t n = parse_small_int(w, &end, &off) && *end == ':' ? strcspn(end + 1, " ") : 0;
		if (!n || n > 64 || off < -64 || off > 64)
			return TW_EFORMAT;
		if (s->n_straddles == *cap) {
			spread_straddle *v = array_grow(s->straddles, cap, sizeof *v, 64);
			if (!v)
				return TW_ENOMEM;
			s->straddles = v;
		}
		s->straddles[s->n_straddles++] =
		    (spread_straddle){(int32_t)off, (uint32_t)(end + 1 - pool), (uint32_t)n};
		c->n_straddles++;
		w = end + 1 + n;
		w += *w == ' ';
	}
	return TW_OK;
}

static int bad_line(tw_error *err, size_t off, const char *path, size_t lineno)
{
	return tw_fail(err, TW_EFORMAT, off,
	               "%s:%zu: expected core, form, trigger keys and (optionally) keys of other "
	               "senses, words across its edges and classifiers (source=Mainland, "
	               "'|'-separated, at most %d), tab-separated",
	               path, lineno, SPREAD_MAX_CLS);
}

int spread_parse_classifiers(const char *f, size_t len, spread_classifiers *c)
{
	memset(c, 0, sizeof *c);
	const char *end = f + len;
	for (;;) {
		const char *bar = memchr(f, '|', (size_t)(end - f)), *e = bar ? bar : end;
		const char *eq = memchr(f, '=', (size_t)(e - f));
		if (c->n == SPREAD_MAX_CLS || !eq || eq == f || eq + 1 == e || eq - f > 255 ||
		    e - eq - 1 > 255 || memchr(eq + 1, '=', (size_t)(e - eq - 1)) ||
		    memchr(f, ' ', (size_t)(e - f)))
			return -1;
		c->src[c->n] = f;
		c->src_len[c->n] = (uint8_t)(eq - f);
		c->form[c->n] = eq + 1;
		c->form_len[c->n++] = (uint8_t)(e - eq - 1);
		if (!bar)
			return 0;
		f = bar + 1;
	}
}

/* Parses text, which the spread keeps as its pool: the cores are copied,
 * the triggers point into it. */
static int parse(spread *s, char *text, const char *path, tw_error *err)
{
	size_t cap_cores = 0, cap_trig = 0, cap_straddles = 0, lineno = 0;
	for (char *cur = text, *line; (line = text_next_line(&cur));) {
		lineno++;
		size_t off = (size_t)(line - text);
		if (!*line || *line == '#')
			continue;
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		char *t3 = t2 ? strchr(t2 + 1, '\t') : NULL;
		char *t4 = t3 ? strchr(t3 + 1, '\t') : NULL;
		char *t5 = t4 ? strchr(t4 + 1, '\t') : NULL;
		if (!t1 || !t2 || t1 == line || t2 == t1 + 1 || (t5 && strchr(t5 + 1, '\t')))
			return bad_line(err, off, path, lineno);
		*t1 = *t2 = '\0';
		if (t3)
			*t3 = '\0';
		if (t4)
			*t4 = '\0';
		if (t5)
			*t5 = '\0';
		spread_classifiers cls = {0};
		if (t5 && spread_parse_classifiers(t5 + 1, strlen(t5 + 1), &cls))
			return bad_line(err, off, path, lineno);
		size_t l0;
		utf8_decode((const unsigned char *)line, (size_t)(t1 - line), &l0);
		if (l0 == (size_t)(t1 - line))
			return tw_fail(err, TW_EFORMAT, off,
			               "%s:%zu: a core of one character (a core has two or more)", path,
			               lineno);
		if (s->n_cores == cap_cores) {
			spread_core *v = array_grow(s->cores, &cap_cores, sizeof *v, 64);
			if (!v)
				return tw_fail(err, TW_ENOMEM, off, "out of memory");
			s->cores = v;
		}
		spread_core *c = &s->cores[s->n_cores];
		memset(c, 0, sizeof *c);
		c->src_len = strlen(line);
		c->form_len = strlen(t1 + 1);
		c->src = str_dup_n(line, c->src_len);
		c->form = str_dup_n(t1 + 1, c->form_len);
		if (!c->src || !c->form) {
			free(c->src);
			free(c->form);
			return tw_fail(err, TW_ENOMEM, off, "out of memory");
		}
		c->cls = cls;
		uint32_t k = (uint32_t)s->n_cores++;
		int rc = t4 ? add_straddles(s, &cap_straddles, c, text, t4 + 1) : TW_OK;
		if (rc == TW_ENOMEM)
			return tw_fail(err, TW_ENOMEM, off, "out of memory");
		if (rc)
			return tw_fail(err, TW_EFORMAT, off,
			               "%s:%zu: a word across an edge is offset:word, the word no "
			               "longer than 64 bytes",
			               path, lineno);
		for (uint32_t other = 0; other < 2; other++) {
			char *w = other ? (t3 ? t3 + 1 : NULL) : t2 + 1;
			while (w && *w) {
				size_t n = strcspn(w, " ");
				if (n && add_trigger(s, &cap_trig, text, w, n, k, other))
					return tw_fail(err, TW_ENOMEM, off, "out of memory");
				w += n;
				w += *w == ' ';
			}
		}
	}
	return TW_OK;
}

int spread_open(spread **out, const char *path, tw_error *err)
{
	*out = NULL;
	char *text;
	size_t len;
	int rc = read_file(&text, &len, path, MAX_SPREAD_BYTES, err);
	if (rc)
		return rc;
	size_t bad;
	if (tw_utf8_validate(text, len, &bad)) {
		free(text);
		return tw_fail(err, TW_EUTF8, bad, "%s: invalid UTF-8 at byte offset %zu", path, bad);
	}
	spread *s = calloc(1, sizeof *s);
	if (!s) {
		free(text);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	s->pool = text;
	rc = parse(s, text, path, err);
	if (!rc && sort_triggers(s))
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
	if (rc) {
		spread_free(s);
		return rc;
	}
	*out = s;
	return TW_OK;
}

void spread_scope_release(spread_scope *sc)
{
	free(sc->fired);
	free(sc->mixed);
	free(sc->hits);
	free(sc->left);
	memset(sc, 0, sizeof *sc);
}

static int scope_add(spread_scope *sc, uint32_t core, size_t at, size_t end)
{
	if (sc->n_hits == sc->cap_hits) {
		spread_hit *h = array_grow(sc->hits, &sc->cap_hits, sizeof *h, 16);
		if (!h)
			return TW_ENOMEM;
		sc->hits = h;
	}
	sc->hits[sc->n_hits++] = (spread_hit){core, at, end};
	for (size_t i = 0; i < sc->n; i++)
		if (sc->fired[i] == core)
			return TW_OK;
	if (sc->n == sc->cap) {
		uint32_t *f = array_grow(sc->fired, &sc->cap, sizeof *f, 8);
		if (!f)
			return TW_ENOMEM;
		sc->fired = f;
	}
	sc->fired[sc->n++] = core;
	return TW_OK;
}

int spread_note(const spread *s, spread_scope *sc, const char *key, size_t key_len,
                uint32_t h, const char *out, size_t n, size_t at)
{
	size_t lo = 0, hi = s->n_trig;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->trig[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < s->n_trig && s->trig[lo].hash == h; lo++) {
		const spread_trigger *t = &s->trig[lo];
		if (t->len != key_len || memcmp(s->pool + t->off, key, key_len))
			continue;
		const spread_core *c = &s->cores[t->core];
		if (t->other) {
			if (sc->n_mixed == sc->cap_mixed) {
				uint32_t *v = array_grow(sc->mixed, &sc->cap_mixed, sizeof *v, 8);
				if (!v)
					return TW_ENOMEM;
				sc->mixed = v;
			}
			sc->mixed[sc->n_mixed++] = t->core;
		} else if (memmem(out, n, c->form, c->form_len) &&
		           scope_add(sc, t->core, at, at + key_len)) {
			return TW_ENOMEM;
		}
	}
	return TW_OK;
}

/* The first of v[0..n) (in source order) whose end (by_end) or start is
 * past `at` (by_end) or at or past it. */
static size_t first_hit(const spread_hit *v, size_t n, size_t at, int by_end)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (by_end ? v[mid].end <= at : v[mid].start < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Is [at, at + n) inside the key of a trigger of core k? */
static int covered(const spread_scope *sc, uint32_t k, size_t at, size_t n)
{
	for (size_t i = first_hit(sc->hits, sc->n_hits, at, 1);
	     i < sc->n_hits && sc->hits[i].start <= at; i++)
		if (sc->hits[i].core == k && at + n <= sc->hits[i].end)
			return 1;
	return 0;
}

/* Does a trigger of core k lie within reach bytes of [at, at + n)? */
static int near_trigger(const spread_scope *sc, uint32_t k, size_t at, size_t n, size_t reach)
{
	size_t i = first_hit(sc->hits, sc->n_hits, at, 0);
	for (size_t j = i; j < sc->n_hits && sc->hits[j].start <= at + n + reach; j++)
		if (sc->hits[j].core == k)
			return 1;
	for (size_t j = i; j-- > 0;) {
		if (sc->hits[j].end + reach < at)
			break;
		if (sc->hits[j].core == k)
			return 1;
	}
	return 0;
}

/* A hash of two characters into 16 bits. */
static inline uint32_t pair_hash(uint32_t a, uint32_t b)
{
	return ((a * 2654435761u) ^ (b * 40503u)) >> 16;
}

/* A fired core as spread_collect looks it up: by the hash of its first two
 * characters (a core has two or more), longest first among equal hashes. */
typedef struct fired_key {
	uint32_t hash, core;
	size_t len;
} fired_key;

static int fired_key_cmp(const void *a, const void *b)
{
	const fired_key *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->len > y->len ? -1 : x->len < y->len;
}

/* The longest of the fired cores v[0..n) (sorted by fired_key_cmp) whose
 * first two characters hash to h and that is a prefix of t[0..len): its
 * length, its core in *core; 0 if none. Only a core that begins with the
 * text's two characters can match, and all such share their hash. */
static size_t fired_longest(const spread *s, const fired_key *v, size_t n, uint32_t h,
                            const unsigned char *t, size_t len, uint32_t *core)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && v[lo].hash == h; lo++)
		if (v[lo].len <= len && !memcmp(t, s->cores[v[lo].core].src, v[lo].len)) {
			*core = v[lo].core;
			return v[lo].len;
		}
	return 0;
}

int spread_collect(const spread *s, spread_scope *sc, const char *text, size_t len,
                   size_t base)
{
	/* A core a key of another sense fired is not spread (the scope holds
	 * two senses of it). */
	for (size_t i = 0; i < sc->n;) {
		int mixed = 0;
		for (size_t j = 0; j < sc->n_mixed && !mixed; j++)
			mixed = sc->mixed[j] == sc->fired[i];
		if (mixed)
			sc->fired[i] = sc->fired[--sc->n];
		else
			i++;
	}
	sc->n_left = 0;
	if (!sc->n)
		return TW_OK;
	/* The fired cores' first characters, a bit each (a core beyond the
	 * BMP is looked for at every such character), and their first two by a
	 * bit of a hash: most characters of the text are passed over with one
	 * lookup, common first characters (一, 小, 、) with two; a position
	 * that passes both is compared with the cores of its hash alone (term-
	 * dense copy fires dozens of cores in a scope). */
	uint64_t first[1024], pairs[1024];
	memset(first, 0, sizeof first);
	memset(pairs, 0, sizeof pairs);
	fired_key *keys = malloc(sc->n * sizeof *keys);
	if (!keys)
		return TW_ENOMEM;
	int big = 0;
	for (size_t i = 0; i < sc->n; i++) {
		const spread_core *c = &s->cores[sc->fired[i]];
		size_t l, l2;
		uint32_t cp = next_cp((const unsigned char *)c->src, c->src_len, &l);
		uint32_t cp2 = next_cp((const unsigned char *)c->src + l, c->src_len - l, &l2);
		uint32_t h = pair_hash(cp, cp2);
		if (cp < 0x10000)
			first[cp >> 6] |= UINT64_C(1) << (cp & 63);
		else
			big = 1;
		pairs[h >> 6] |= UINT64_C(1) << (h & 63);
		keys[i] = (fired_key){h, sc->fired[i], c->src_len};
	}
	qsort(keys, sc->n, sizeof *keys, fired_key_cmp);
	const unsigned char *t = (const unsigned char *)text;
	int rc = TW_OK;
	for (size_t at = 0; at < len;) {
		size_t l, l2;
		uint32_t cp = next_cp(t + at, len - at, &l);
		if ((cp < 0x10000 ? !((first[cp >> 6] >> (cp & 63)) & 1) : !big) || at + l >= len) {
			at += l;
			continue;
		}
		uint32_t h = pair_hash(cp, next_cp(t + at + l, len - at - l, &l2));
		if (!((pairs[h >> 6] >> (h & 63)) & 1)) {
			at += l;
			continue;
		}
		uint32_t core = 0;
		size_t best = fired_longest(s, keys, sc->n, h, t + at, len - at, &core);
		if (best && !covered(sc, core, base + at, best) &&
		    near_trigger(sc, core, base + at, best, SPREAD_REACH)) {
			if (sc->n_left == sc->cap_left) {
				spread_hit *v = array_grow(sc->left, &sc->cap_left, sizeof *v, 16);
				if (!v) {
					rc = TW_ENOMEM;
					break;
				}
				sc->left = v;
			}
			sc->left[sc->n_left++] = (spread_hit){core, base + at, base + at + best};
		}
		at += best ? best : l;
	}
	free(keys);
	return rc;
}

/* May core k be written at text[0..n), a slice of c->text? No common word
 * may cross its edges there, and the name guard must allow a term. */
static int may_spread(const ctx *c, uint32_t k, const char *text, size_t n)
{
	const tw_profile *p = c->p;
	const spread *s = p->spread;
	const spread_core *core = &s->cores[k];
	long s0 = (long)(text - c->text);
	for (uint32_t i = 0; i < core->n_straddles; i++) {
		const spread_straddle *w = &s->straddles[core->first_straddle + i];
		long at = s0 + w->off;
		if (at >= 0 && at + (long)w->len <= (long)c->text_len &&
		    !memcmp(c->text + at, s->pool + w->word, w->len))
			return 0;
	}
	if (!p->guard)
		return 1;
	const tw_dict *g = &p->guard->dict;
	unsigned rule = guard_suffix_rule_of(g, text, n, guard_is_transliteration(g, text, n));
	return guard_check_indexed(g, p->guard_index, c->text, c->text_len, (size_t)s0,
	                           (size_t)s0 + n, rule, NULL) == GUARD_NONE;
}

/* Does the output end with the spans' last cl bytes unchanged, so that they
 * can be taken back: the spans after the one the cut falls in have as many
 * bytes in input and output, and that one holds the cut on both sides? */
static int spans_end_same(const span_vec *spans, size_t src_off, size_t out_len, size_t cl)
{
	if (!spans->n)
		return 0;
	const tw_span *last = &spans->v[spans->n - 1];
	if (last->src_off + last->src_len != src_off || last->dst_off + last->dst_len != out_len)
		return 0;
	for (size_t k = spans->n; k-- > 0;) {
		const tw_span *s = &spans->v[k];
		if (s->src_len >= cl && s->dst_len >= cl)
			return 1;
		if (s->src_len != s->dst_len)
			return 0;
		cl -= s->src_len;
	}
	return 0;
}

/* Takes cl bytes back from the end of the spans (spans_end_same said they
 * can be). */
static void spans_take_back(span_vec *spans, size_t cl)
{
	while (cl) {
		tw_span *s = &spans->v[spans->n - 1];
		size_t t = s->src_len < cl ? s->src_len : cl;
		s->src_len -= t;
		s->dst_len -= t;
		cl -= t;
		if (!s->src_len && !s->dst_len)
			spans->n--;
	}
}

/* Takes back the longest of core's classifiers that ends the output,
 * written as source the unmatched text right before text (a slice of
 * c->text at source offset src_off) ended: with alignment, out of the
 * spans that end there. Returns its index + 1, or 0 if none is there. */
static size_t take_classifier(ctx *c, const spread_core *core, const char *text, buf *out,
                              span_vec *spans, size_t src_off)
{
	const spread_classifiers *k = &core->cls;
	if (!k->n || c->plain_src_end != src_off || c->plain_out_end != out->len)
		return 0;
	size_t best = 0, cl = 0;
	for (size_t i = 0; i < k->n; i++) {
		size_t l = k->src_len[i];
		if (l > cl && (size_t)(text - c->text) >= l && out->len >= l &&
		    !memcmp(text - l, k->src[i], l) && !memcmp(out->data + out->len - l, k->src[i], l) &&
		    (!spans || spans_end_same(spans, src_off, out->len, l)))
			best = i + 1, cl = l;
	}
	if (!best)
		return 0;
	if (spans)
		spans_take_back(spans, cl);
	out->len -= cl;
	return best;
}

int spread_emit(ctx *c, size_t k, const char *text, size_t n, buf *out, span_vec *spans,
                size_t src_off)
{
	const spread_core *core = &c->p->spread->cores[k];
	size_t i = take_classifier(c, core, text, out, spans, src_off);
	if (i--) {
		size_t cl = core->cls.src_len[i], fl = core->cls.form_len[i];
		if ((spans && span_push_new(spans, (tw_span){src_off - cl, cl, out->len, fl, 0,
		                                             "tongwen_spread", "term", NULL})) ||
		    buf_append(out, core->cls.form[i], fl))
			return TW_ENOMEM;
	}
	if (spans && span_push_new(spans, (tw_span){src_off, n, out->len, core->form_len, 0,
	                                            "tongwen_spread", "term", NULL}))
		return TW_ENOMEM;
	return buf_append(out, core->form, core->form_len) ? TW_ENOMEM : TW_OK;
}

size_t spread_whole(ctx *c, const char *text, size_t n, size_t at)
{
	size_t i = first_hit(c->sc->left, c->sc->n_left, at, 0);
	if (i < c->sc->n_left && c->sc->left[i].start == at && c->sc->left[i].end == at + n &&
	    may_spread(c, c->sc->left[i].core, text, n))
		return c->sc->left[i].core + 1;
	return 0;
}

/* Converts text[0..n) as a run no segmentation key matched, noting where
 * it ended (take_classifier). */
static int plain(ctx *c, const char *text, size_t n, buf *out, span_vec *spans, size_t src_off)
{
	if (!n)
		return TW_OK;
	int rc = c->align ? align_plain_run(c, text, n, out, spans, src_off)
	                  : convert_plain_run(c, text, n, out);
	c->plain_src_end = src_off + n;
	c->plain_out_end = out->len;
	return rc;
}

int spread_run(ctx *c, const char *text, size_t n, buf *out, span_vec *spans, size_t src_off)
{
	const spread_scope *sc = c->sc;
	size_t done = 0;
	int rc = TW_OK;
	for (size_t i = first_hit(sc->left, sc->n_left, src_off, 0);
	     !rc && i < sc->n_left && sc->left[i].end <= src_off + n; i++) {
		size_t at = sc->left[i].start - src_off, len = sc->left[i].end - sc->left[i].start;
		if (at < done || !may_spread(c, sc->left[i].core, text + at, len))
			continue; /* left in the run */
		rc = plain(c, text + done, at - done, out, spans, src_off + done);
		if (!rc)
			rc = spread_emit(c, sc->left[i].core, text + at, len, out, spans, src_off + at);
		done = at + len;
	}
	return rc ? rc : plain(c, text + done, n - done, out, spans, src_off + done);
}
