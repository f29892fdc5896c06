/* Lazily filled per-character tables for the conversion fast path. */
#include "fastpath.h"

#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "internal.h"
#include "segkeys.h"
#include "utf8.h"

static uint64_t pack_value(const char *v, size_t n)
{
	if (n > 6)
		return FP_COMPLEX;
	uint64_t e = FP_VALUE | ((uint64_t)n << 8);
	for (size_t i = 0; i < n; i++)
		e |= (uint64_t)(unsigned char)v[i] << (16 + 8 * i);
	return e;
}

/* The lazily filled tables: an entry is a pure function of its character,
 * so a race between threads stores the same value twice. */
static uint64_t cached(fp_table *t, uint32_t cp, fp_entry **slot)
{
	*slot = &t->e[cp];
	return atomic_load_explicit(*slot, memory_order_relaxed);
}

static uint64_t store(fp_entry *slot, uint64_t e)
{
	if (slot)
		atomic_store_explicit(slot, e, memory_order_relaxed);
	return e;
}

static void table_free(fp_table *t)
{
	free(t);
}

static uint64_t compute_step_entry(const prof_step *st, uint32_t cp)
{
	for (size_t i = 0; i < st->n; i++) {
		const tw_dict *d = &st->dicts[i]->dict;
		uint32_t b = d->bmp[cp];
		if (b & TWD_LONGER)
			return FP_COMPLEX;
		uint32_t slot = b & ~TWD_LONGER;
		if (slot && slot <= d->h->n_slots) {
			const twd_slot *sl = &d->slots[slot - 1];
			return pack_value(d->pool + sl->val_off, sl->val_len);
		}
	}
	return FP_PLAIN;
}

uint64_t fast_step_entry_fill(const prof_step *st, uint32_t cp)
{
	fp_entry *slot;
	uint64_t e = cached(st->chars, cp, &slot);
	return e != FP_UNKNOWN ? e : store(slot, compute_step_entry(st, cp));
}

static size_t longest_from(const tw_profile *p, size_t k, uint32_t x)
{
	return x < 0x10000 ? p->longest[(k - p->run_step0) * 65536 + x] : p->run_window;
}

/* Does a segmentation-only key that matters hold a character of b? */
static int in_seg_key(const tw_profile *p, const buf *b)
{
	for (size_t pos = 0, l; pos < b->len; pos += l) {
		uint32_t x = utf8_decode((const unsigned char *)b->data + pos, b->len - pos, &l);
		if (x >= 0x10000 || ((p->seg_key_chars[x >> 5] >> (x & 31)) & 1))
			return 1;
	}
	return 0;
}

/* Runs cp alone through the steps. Simple (not complex): at no step does
 * any character of its current form start a longer key; then the chain
 * maps it alone, whatever surrounds it. Once it may start a longer match,
 * its window must reach as far as that match, and in every later step a
 * match may stretch the window by that step's longest key less one. */
static uint64_t compute_memo(const tw_profile *p, uint32_t cp)
{
	char u[4];
	size_t ul = utf8_encode(cp, u);
	buf cur = {0}, next = {0};
	if (buf_append(&cur, u, ul))
		return FP_COMPLEX | ((uint64_t)255 << 8);
	int complex = 0;
	size_t reach = 1;
	uint64_t e = FP_PLAIN;
	int raw = 1; /* the form is still the character itself */
	int pairchk = 0;
	for (size_t k = p->run_step0; k < p->n_steps; k++) {
		const prof_step *st = &p->steps[k];
		if (complex) {
			reach += p->step_longest[k] - 1;
			continue;
		}
		/* Changed by an earlier step, it may complete a segmentation-only
		 * key that starts before it, if such a key holds what it became: a
		 * window, started early. */
		if (!raw && p->seg_after[k] && in_seg_key(p, &cur))
			complex = 1;
		for (size_t pos = 0; pos < cur.len; ) {
			size_t l;
			uint32_t x = utf8_decode((const unsigned char *)cur.data + pos, cur.len - pos, &l);
			size_t r = longest_from(p, k, x);
			if (r > reach)
				reach = r;
			int live = x >= 0x10000 || ((st->live_start[x >> 5] >> (x & 31)) & 1);
			if (live && raw && k == p->run_step0)
				pairchk = 1; /* decided by the next character in the text */
			else if (live || (!raw && ((st->seg_start[x >> 5] >> (x & 31)) & 1)))
				complex = 1;
			pos += l;
		}
		next.len = 0;
		if (convert_step_alone(p, k, cur.data, cur.len, &next)) {
			complex = 1;
			reach = 255;
			break;
		}
		buf t = cur;
		cur = next;
		next = t;
		raw = cur.len == ul && !memcmp(cur.data, u, ul);
	}
	if (complex)
		e = FP_COMPLEX | ((uint64_t)(reach > 255 ? 255 : reach) << 8);
	else if (cur.len != ul || memcmp(cur.data, u, ul))
		e = pack_value(cur.data, cur.len);
	if (FP_TAG(e) == FP_COMPLEX && !FP_LEN(e))
		e |= (uint64_t)(p->run_window > 255 ? 255 : p->run_window) << 8;
	if (pairchk && FP_TAG(e) != FP_COMPLEX)
		e |= FP_PAIRCHK;
	buf_release(&cur);
	buf_release(&next);
	return e;
}

uint64_t fast_run_memo_fill(const tw_profile *p, uint32_t cp)
{
	fp_entry *slot = &p->scan[cp].memo;
	uint64_t e = atomic_load_explicit(slot, memory_order_relaxed);
	if (e != FP_UNKNOWN)
		return e;
	if (!((p->run_any[cp >> 5] >> (cp & 31)) & 1))
		return store(slot, FP_PLAIN); /* no step from run_step0 on touches it */
	return store(slot, compute_memo(p, cp));
}

/* Is key[0..n), whose hash is h, a key of member j of the segmentation?
 * Asked of its single-character table and of its keys by their first two
 * characters (segkeys.h), both in memory: the walk below asks it of every
 * key of a dictionary as big as TSPhrases, and probes of the member's
 * mapped hash table made most of its 7 MB resident at once (the load's
 * peak RSS: 17.0 MiB, /proc/self/status at each stage). The hash table for
 * what those do not cover. */
static int seg_member_has(const tw_profile *p, size_t j, const unsigned char *key, size_t n,
                          uint32_t h)
{
	const tw_dict *sd = &p->seg.dicts[j]->dict;
	const segkeys *sk = p->seg_keys ? &p->seg_keys[j] : NULL;
	size_t la, lb;
	uint32_t a = utf8_decode(key, n, &la);
	if (la == n && a < 0x10000)
		return (sd->bmp[a] & ~TWD_LONGER) != 0;
	if (la < n && sk && sk->table) {
		uint32_t b = utf8_decode(key + la, n - la, &lb);
		return segkeys_has(sk, key, n, a, b, la + lb);
	}
	/* Both tables hash keys alike (dict_hash): the slot's hash is the
	 * key's in the segmentation too, and is not computed again. */
	const twd_slot *q = dict_find_hashed(sd, key, n, h);
	return q && (q->flags & TWD_KEY);
}

/* Is every key of d also a key of the segmentation? Then d cannot match
 * inside a run the segmentation left unmatched, unless an earlier step
 * changed the text there. */
static int dict_in_segmentation(const tw_profile *p, const tw_dict *d)
{
	/* The build's word for it (twdict compile --within), or the walk. */
	for (size_t j = 0; j < p->seg.n && d->h->within; j++)
		if (p->seg.dicts[j]->dict.h->id == d->h->within)
			return 1;
	for (uint32_t k = 0; k < d->h->n_slots; k++) {
		const twd_slot *sl = &d->slots[k];
		if (!(sl->flags & TWD_KEY))
			continue;
		const unsigned char *key = (const unsigned char *)d->pool + sl->key_off;
		int found = 0;
		for (size_t j = 0; j < p->seg.n && !found; j++)
			found = seg_member_has(p, j, key, sl->key_len, sl->hash);
		if (!found)
			return 0;
	}
	return 1;
}

/* The same for every member of a step. */
static int keys_in_segmentation(const tw_profile *p, const prof_step *st)
{
	for (size_t i = 0; i < st->n; i++)
		if (!dict_in_segmentation(p, &st->dicts[i]->dict))
			return 0;
	return 1;
}

/* Appends what step st does to the character x alone, ignoring longer
 * keys: the first member with x as a key gives its value. */
static int solo_map(const prof_step *st, const char *x, size_t n, buf *out)
{
	size_t l;
	uint32_t cp = utf8_decode((const unsigned char *)x, n, &l);
	for (size_t i = 0; i < st->n; i++) {
		const tw_dict *d = &st->dicts[i]->dict;
		const twd_slot *sl = dict_find(d, (const unsigned char *)x, n);
		(void)cp;
		if (sl && (sl->flags & TWD_KEY))
			return buf_append(out, d->pool + sl->val_off, sl->val_len);
	}
	return buf_append(out, x, n);
}

static int any_longer(const prof_step *st, const unsigned char *x, size_t n)
{
	size_t l;
	uint32_t cp = utf8_decode(x, n, &l);
	for (size_t i = 0; i < st->n; i++) {
		const tw_dict *d = &st->dicts[i]->dict;
		if (cp < 0x10000) {
			if (d->bmp[cp] & TWD_LONGER)
				return 1;
		} else {
			const twd_slot *sl = dict_find(d, x, n);
			if (sl && (sl->flags & TWD_PREFIX))
				return 1;
		}
	}
	return 0;
}

/* A key that only rewrites its characters as they would be rewritten one
 * by one, and inside which no longer key starts, changes nothing when it
 * matches: such keys need no window. */
static int key_matters(const prof_step *st, const char *key, size_t klen, const char *val,
                       size_t vlen, buf *tmp)
{
	tmp->len = 0;
	for (size_t pos = 0; pos < klen;) {
		size_t l = utf8_seqlen((unsigned char)key[pos]);
		if (!l || pos + l > klen)
			return 1;
		if (pos && any_longer(st, (const unsigned char *)key + pos, l))
			return 1;
		if (solo_map(st, key + pos, l, tmp))
			return 1;
		pos += l;
	}
	return tmp->len != vlen || memcmp(tmp->data, val, vlen);
}


/* Fills live_start/seg_start of the steps from run_step0, run_back and
 * seg_after. */
static int classify_keys(tw_profile *p)
{
	buf tmp = {0};
	p->seg_after = calloc(p->n_steps + 1, 1);
	p->first_pairs = calloc((1u << DICT_PAIR_BITS) / 32, sizeof *p->first_pairs);
	if (!p->seg_after || !p->first_pairs)
		return TW_ENOMEM;
	p->run_back = 1;
	memset(p->seg_key_chars, 0, sizeof p->seg_key_chars);
	for (size_t k = p->run_step0; k < p->n_steps; k++) {
		prof_step *st = &p->steps[k];
		memset(st->live_start, 0, sizeof st->live_start);
		memset(st->seg_start, 0, sizeof st->seg_start);
		for (size_t i = 0; i < st->n; i++) {
			const tw_dict *d = &st->dicts[i]->dict;
			int in_seg = dict_in_segmentation(p, d);
			for (uint32_t j = 0; j < d->h->n_slots; j++) {
				const twd_slot *sl = &d->slots[j];
				if (!(sl->flags & TWD_KEY))
					continue;
				const char *key = d->pool + sl->key_off;
				size_t l;
				uint32_t first = utf8_decode((const unsigned char *)key, sl->key_len, &l);
				if (l >= sl->key_len || first >= 0x10000)
					continue; /* one character, or beyond the BMP (always a window) */
				if (!key_matters(st, key, sl->key_len, d->pool + sl->val_off, sl->val_len,
				                 &tmp))
					continue;
				uint32_t *bits = in_seg ? st->seg_start : st->live_start;
				bits[first >> 5] |= 1u << (first & 31);
				if (!in_seg && k == p->run_step0) {
					size_t l2;
					uint32_t second = utf8_decode((const unsigned char *)key + l,
					                              sl->key_len - l, &l2);
					uint32_t h = dict_pair_hash(first, second);
					p->first_pairs[h >> 5] |= 1u << (h & 31);
				}
				if (in_seg) {
					size_t chars = tw_utf8_codepoints(key, sl->key_len);
					if (chars > p->run_back)
						p->run_back = chars > 255 ? 255 : chars;
					memset(p->seg_after, 1, k + 1);
					for (size_t at = 0, cl; at < sl->key_len; at += cl) {
						uint32_t x = utf8_decode((const unsigned char *)key + at,
						                         sl->key_len - at, &cl);
						if (x < 0x10000)
							p->seg_key_chars[x >> 5] |= 1u << (x & 31);
					}
				}
			}
		}
	}
	buf_release(&tmp);
	return TW_OK;
}

/* The walks below read whole dictionaries; one at a time stays resident
 * (dict_release_pages). */
static void release_step(const prof_step *st)
{
	for (size_t i = 0; i < st->n; i++)
		dict_release_pages(&st->dicts[i]->dict);
}

/* A table of 65,536 entries of `size` bytes, one per BMP character: the
 * entries of the Han characters (U+3400 to U+9FFF), which the load writes
 * here and there and conversion reads, made present at once rather than a
 * page fault at a time. Other characters' pages stay untouched. */
static void populate_han(void *table, size_t size)
{
	populate_write((char *)table + 0x3400 * size, (0xA000 - 0x3400) * size);
}

int fast_prepare(tw_profile *p)
{
	for (size_t k = 0; k < p->n_steps; k++) {
		p->steps[k].chars = calloc(1, sizeof(fp_table));
		if (!p->steps[k].chars)
			return TW_ENOMEM;
	}
	p->step_mask = calloc(0x10000, 1);
	if (!p->step_mask)
		return TW_ENOMEM;
	populate_han(p->step_mask, 1);
	for (size_t k = 0; k < p->n_steps && k < 8; k++)
		for (uint32_t w = 0; w < 2048; w++)
			for (uint32_t bits = p->steps[k].first[w]; bits; bits &= bits - 1)
				p->step_mask[w * 32 + (uint32_t)__builtin_ctz(bits)] |= (uint8_t)(1u << k);
	p->run_step0 = 0;
	while (p->run_step0 < p->n_steps && keys_in_segmentation(p, &p->steps[p->run_step0])) {
		release_step(&p->steps[p->run_step0]);
		p->run_step0++;
	}
	release_step(&p->seg);
	if (classify_keys(p))
		return TW_ENOMEM;
	release_step(&p->seg);
	size_t nsteps = p->n_steps - p->run_step0;
	p->step_longest = calloc(p->n_steps + 1, sizeof *p->step_longest);
	p->longest = calloc(nsteps ? nsteps : 1, 65536);
	/* calloc: pages of characters never met are never touched */
	p->scan = calloc(0x10000, sizeof *p->scan);
	p->solo = calloc(1, sizeof(fp_table));
	if (!p->solo)
		return TW_ENOMEM;
	if (!p->step_longest || !p->longest || !p->scan)
		return TW_ENOMEM;
	populate_han(p->scan, sizeof *p->scan);
	for (size_t k = 0; k < nsteps; k++)
		populate_han(p->longest + k * 65536, 1);
	/* Longest key (characters) per step, and per step and first character;
	 * run_window: every remaining step's longest key, a bound for any
	 * character. */
	p->run_window = 1;
	memset(p->run_any, 0, sizeof p->run_any);
	memset(p->in_long_key, 0, sizeof p->in_long_key);
	for (size_t k = p->run_step0; k < p->n_steps; k++) {
		const prof_step *st = &p->steps[k];
		uint8_t *lg = p->longest + (k - p->run_step0) * 65536;
		size_t step_max = 1;
		for (size_t i = 0; i < st->n; i++) {
			const tw_dict *d = &st->dicts[i]->dict;
			for (uint32_t j = 0; j < d->h->n_slots; j++) {
				const twd_slot *sl = &d->slots[j];
				if (!(sl->flags & TWD_KEY))
					continue;
				const char *key = d->pool + sl->key_off;
				size_t l, chars = tw_utf8_codepoints(key, sl->key_len);
				uint32_t first = utf8_decode((const unsigned char *)key, sl->key_len, &l);
				if (chars > 255)
					chars = 255;
				if (chars > step_max)
					step_max = chars;
				if (first < 0x10000 && chars > lg[first])
					lg[first] = (uint8_t)chars;
				for (size_t at = 0; chars > 1 && at < sl->key_len;) {
					uint32_t x = utf8_decode((const unsigned char *)key + at,
					                         sl->key_len - at, &l);
					if (x < 0x10000)
						p->in_long_key[x >> 5] |= 1u << (x & 31);
					at += l;
				}
			}
		}
		p->step_longest[k] = step_max;
		release_step(st);
		p->run_window += step_max;
		for (size_t w = 0; w < 2048; w++)
			p->run_any[w] |= st->first[w];
	}
	return TW_OK;
}

void fast_free(tw_profile *p)
{
	for (size_t k = 0; k < p->n_steps; k++)
		table_free(p->steps[k].chars);
	free(p->scan);
	table_free(p->solo);
	free(p->longest);
	free(p->step_longest);
	free(p->seg_after);
	free(p->first_pairs);
	free(p->step_mask);
}

/* See fast_solo(). The character's form goes through the steps alone as
 * long as no character of it may start a longer key: then, in each step,
 * each of its characters is matched by the first member that has it as a
 * key (a member before that one with a longer key through it would try
 * that first, so it too makes the character complex), whatever surrounds
 * it. Once one may start a longer match, the reach is counted as for the
 * run memo (compute_memo). */
static uint64_t compute_solo(const tw_profile *p, uint32_t cp)
{
	char u[4];
	size_t ul = utf8_encode(cp, u);
	buf cur = {0}, next = {0};
	int first_step = -1, first_member = -1, complex = 0, alone = 1;
	size_t reach = 1;
	if (buf_append(&cur, u, ul))
		return SOLO_NOT | (uint64_t)255 << 8;
	for (size_t k = p->run_step0; k < p->n_steps; k++) {
		const prof_step *st = &p->steps[k];
		if (complex) {
			reach += p->step_longest[k] - 1;
			continue;
		}
		next.len = 0;
		for (size_t pos = 0; pos < cur.len;) {
			size_t l;
			uint32_t x = utf8_decode((const unsigned char *)cur.data + pos, cur.len - pos, &l);
			size_t r = longest_from(p, k, x);
			if (r > reach)
				reach = r;
			if (x >= 0x10000 || ((p->in_long_key[x >> 5] >> (x & 31)) & 1))
				alone = 0;
			const char *val = cur.data + pos;
			size_t vlen = l;
			for (size_t i = 0; x < 0x10000 && i < st->n; i++) {
				const tw_dict *d = &st->dicts[i]->dict;
				uint32_t b = d->bmp[x], slot = b & ~TWD_LONGER;
				if (b & TWD_LONGER) {
					complex = 1;
					break;
				}
				if (!slot || slot > d->h->n_slots)
					continue;
				const twd_slot *sl = &d->slots[slot - 1];
				val = d->pool + sl->val_off;
				vlen = sl->val_len;
				if (first_step < 0 && (vlen != l || memcmp(val, cur.data + pos, l))) {
					first_step = (int)k;
					first_member = (int)i;
				}
				break;
			}
			if (x >= 0x10000)
				complex = 1;
			if (!complex && buf_append(&next, val, vlen)) {
				complex = 1;
				reach = 255;
			}
			pos += l;
		}
		buf t = cur;
		cur = next;
		next = t;
	}
	uint64_t e;
	if (complex)
		e = SOLO_NOT | (uint64_t)(reach > 255 ? 255 : reach) << 8;
	else if (cur.len == ul && !memcmp(cur.data, u, ul))
		e = SOLO_SAME | (alone ? SOLO_ALONE : 0);
	else if (cur.len <= 6 && first_step >= 0 && first_step < 8 && first_member < 4)
		e = SOLO_CHANGED | (alone ? SOLO_ALONE : 0) | (uint64_t)first_step << 2 |
		    (uint64_t)first_member << 5 | (pack_value(cur.data, cur.len) & ~(uint64_t)0xFF);
	else
		e = SOLO_NOT | (uint64_t)1 << 8; /* a window of its own */
	buf_release(&cur);
	buf_release(&next);
	return e;
}

uint64_t fast_solo_fill(const tw_profile *p, uint32_t cp)
{
	fp_entry *slot;
	uint64_t e = cached(p->solo, cp, &slot);
	return e != FP_UNKNOWN ? e : store(slot, compute_solo(p, cp));
}
