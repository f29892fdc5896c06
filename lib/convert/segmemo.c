/* Segmentation keys' results through the chain (see segmemo.h). */
#include "segmemo.h"

#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "fastpath.h"
#include "guard.h"
#include "segcache.h"
#include "segkeys.h"
#include "utf8.h"

int segmemo_index(tw_profile *p)
{
	if (!p->seg.n)
		return TW_OK;
	p->seg_memo = calloc(p->seg.n, sizeof *p->seg_memo);
	p->seg_spans_memo = calloc(p->seg.n, sizeof *p->seg_spans_memo);
	p->seg_ranks = calloc(p->seg.n, sizeof *p->seg_ranks);
	p->seg_made = calloc(1, sizeof *p->seg_made);
	p->seg_spans_made = calloc(1, sizeof *p->seg_spans_made);
	if (!p->seg_memo || !p->seg_spans_memo || !p->seg_ranks || !p->seg_made ||
	    !p->seg_spans_made)
		return TW_ENOMEM;
	for (size_t i = 0; i < p->seg.n; i++) {
		tw_dict *d = &p->seg.dicts[i]->dict;
		seg_rank *r = &p->seg_ranks[i];
		size_t words = ((size_t)d->n_slots + 63) / 64;
		r->prefix = calloc(words, sizeof *r->prefix);
		if (!r->prefix)
			return TW_ENOMEM;
		if (d->key_bits) {
			/* made as the dictionary was opened: counted, not walked */
			r->bits = d->key_bits;
			d->key_bits = NULL;
			for (size_t w = 0; w < words; w++) {
				r->prefix[w] = (uint32_t)r->n_keys;
				r->n_keys += (size_t)__builtin_popcountll(r->bits[w]);
			}
			continue;
		}
		if (!(r->bits = calloc(words, sizeof *r->bits)))
			return TW_ENOMEM;
		for (size_t k = 0; k < d->n_slots; k++) {
			dict_walk_release(d, k);
			if (k % 64 == 0)
				r->prefix[k / 64] = (uint32_t)r->n_keys;
			if (d->slots[k].flags & TWD_KEY) {
				r->bits[k / 64] |= UINT64_C(1) << (k % 64);
				r->n_keys++;
			}
		}
	}
	for (size_t i = 0; i < p->seg.n; i++) {
		/* calloc: pages of keys never met are never touched. */
		size_t n = p->seg_ranks[i].n_keys ? p->seg_ranks[i].n_keys : 1;
		p->seg_memo[i] = calloc(n, sizeof(seg_slot));
		p->seg_spans_memo[i] = calloc(n, sizeof(seg_spans_slot));
		if (!p->seg_memo[i] || !p->seg_spans_memo[i])
			return TW_ENOMEM;
	}
	p->seg_keys = calloc(p->seg.n, sizeof *p->seg_keys);
	if (!p->seg_keys)
		return TW_ENOMEM;
	for (size_t i = 0; i < p->seg.n; i++) {
		/* From the dictionary's image when the build put them there (one
		 * that fails its checks is built here instead). */
		const tw_dict *d = &p->seg.dicts[i]->dict;
		int rc = TW_EFORMAT;
		if (d->h->segkeys_len && p->seg_ranks[i].n_keys <= UINT32_MAX)
			rc = segkeys_adopt(&p->seg_keys[i], d->image + d->h->off_segkeys,
			                   d->h->segkeys_len, (uint32_t)p->seg_ranks[i].n_keys);
		if (rc == TW_EFORMAT)
			rc = segkeys_build(&p->seg_keys[i], d, p->seg_ranks[i].bits);
		dict_release_pages(d); /* the walk and the copy above read much of it */
		if (rc == TW_ENOMEM)
			return rc; /* TW_ENOTFOUND: the member keeps the hash walk */
	}
	return TW_OK;
}

int segmemo_prepare(tw_profile *p)
{
	if (!p->seg.n)
		return TW_OK;
	for (uint32_t w = 0; w < 2048; w++) {
		for (uint32_t bits = p->seg.first[w]; bits; bits &= bits - 1) {
			uint32_t cp = w * 32 + (uint32_t)__builtin_ctz(bits);
			uint8_t c = SEG_STARTS;
			for (size_t i = 0; i < p->seg.n; i++)
				if (p->seg.dicts[i]->dict.bmp[cp] & ~TWD_LONGER)
					c |= SEG_SINGLE;
			p->scan[cp].cls = c;
		}
	}
	p->seg_wide = calloc(1, sizeof *p->seg_wide);
	if (!p->seg_wide)
		return TW_ENOMEM;
	for (size_t i = 0; i < p->seg.n; i++)
		segkeys_mark(&p->seg_keys[i], &p->seg.dicts[i]->dict, p->seg_wide, p->scan);
	return TW_OK;
}

void segmemo_free(tw_profile *p)
{
	free(p->seg_wide);
	seg_out *o = p->seg_made ? atomic_load_explicit(p->seg_made, memory_order_relaxed) : NULL;
	while (o) {
		seg_out *before = o->made_before;
		free(o);
		o = before;
	}
	seg_spans *sp =
	    p->seg_spans_made ? atomic_load_explicit(p->seg_spans_made, memory_order_relaxed) : NULL;
	while (sp) {
		seg_spans *before = sp->made_before;
		free(sp);
		sp = before;
	}
	free(p->seg_made);
	free(p->seg_spans_made);
	p->seg_made = NULL;
	p->seg_spans_made = NULL;
	for (size_t i = 0; i < p->seg.n; i++) {
		if (p->seg_memo)
			free(p->seg_memo[i]);
		if (p->seg_spans_memo)
			free(p->seg_spans_memo[i]);
	}
	for (size_t i = 0; p->seg_ranks && i < p->seg.n; i++) {
		free(p->seg_ranks[i].bits);
		free(p->seg_ranks[i].prefix);
	}
	for (size_t i = 0; p->seg_keys && i < p->seg.n; i++)
		segkeys_free(&p->seg_keys[i]);
	free(p->seg_keys);
	p->seg_keys = NULL;
	free(p->seg_ranks);
	free(p->seg_memo);
	free(p->seg_spans_memo);
	p->seg_ranks = NULL;
	p->seg_memo = NULL;
	p->seg_spans_memo = NULL;
}

/* The first step's term matches in key[0..n) that the guard decides on,
 * found the way the engine walks the step over a segment: each character
 * that may start a key tries the members in order, a match is skipped over
 * whole. Returns the number found, or SEG_MAX_GUARDED + 1 if more. */
static size_t guarded_matches(const tw_profile *p, const char *key, size_t n,
                              seg_guarded *g)
{
	const prof_step *st = &p->steps[0];
	const tw_dict *gd = &p->guard->dict;
	const unsigned char *s = (const unsigned char *)key;
	size_t found = 0;
	for (size_t pos = 0; pos < n;) {
		size_t l;
		uint32_t cp = utf8_decode(s + pos, n - pos, &l);
		dict_match m;
		const prof_dict *which = NULL;
		int hit = 0;
		if (cp >= 0x10000 || fast_step_entry(st, cp) != FP_PLAIN) {
			for (size_t i = 0; i < st->n && !hit; i++) {
				const tw_dict *d = &st->dicts[i]->dict;
				if (dict_may_start(d, cp) && dict_longest(d, s + pos, n - pos, cp, l, &m)) {
					hit = 1;
					which = st->dicts[i];
				}
			}
		}
		if (!hit) {
			pos += l;
			continue;
		}
		if (!strcmp(which->kind, "term") && guard_is_rewrite(gd, key + pos, m.key_len)) {
			if (found == SEG_MAX_GUARDED || n > UINT16_MAX)
				return SEG_MAX_GUARDED + 1;
			g[found].off = (uint16_t)pos;
			g[found].len = (uint16_t)m.key_len;
			unsigned rule = guard_suffix_rule_of(
			    gd, key + pos, m.key_len, guard_is_transliteration(gd, key + pos, m.key_len));
			if (p->guard_index && !guard_term_in_names(p->guard_index, key + pos, m.key_len))
				rule |= GUARD_OUTSIDE_NAMES;
			if (p->guard_index && !guard_term_may_straddle(gd, p->guard_index, key + pos, m.key_len))
				rule |= GUARD_NO_STRADDLE;
			g[found].rule = (uint8_t)rule;
			found++;
		}
		pos += m.key_len;
	}
	return found;
}

seg_out *segmemo_compute(const tw_profile *p, const char *key, size_t n)
{
	seg_guarded g[SEG_MAX_GUARDED];
	size_t ng = p->guard && p->n_steps ? guarded_matches(p, key, n, g) : 0;
	buf b = {0};
	if (convert_key_alone(p, key, n, &b, NULL) || b.len > UINT32_MAX) {
		buf_release(&b);
		return NULL;
	}
	seg_out *o = segmemo_alloc(b.len);
	if (!o) {
		buf_release(&b);
		return NULL;
	}
	if (ng > SEG_MAX_GUARDED) {
		o->slow = 1;
	} else {
		o->n_guarded = (uint8_t)ng;
		memcpy(o->guarded, g, ng * sizeof *g);
	}
	if (b.len)
		memcpy(o->out, b.data, b.len);
	buf_release(&b);
	return o;
}

seg_out *segmemo_alloc(size_t len)
{
	/* SEG_OUT_PAD bytes past the result, so that a short one is copied
	 * with one fixed-size move. */
	seg_out *o = malloc(sizeof *o + len + SEG_OUT_PAD);
	if (!o)
		return NULL;
	memset(o, 0, sizeof *o);
	memset(o->out + len, 0, SEG_OUT_PAD);
	o->len = (uint32_t)len;
	return o;
}

const seg_out *segmemo_fill(const tw_profile *p, size_t member, size_t index, seg_slot *at,
                            const char *key, size_t n)
{
	/* From the build's file when there is one (segcache.h). */
	seg_out *o = p->segcache ? segcache_result(p->segcache, member, index, n) : NULL;
	if (!o && !(o = segmemo_compute(p, key, n)))
		return NULL;
	seg_out *expected = NULL;
	if (!atomic_compare_exchange_strong_explicit(at, &expected, o, memory_order_acq_rel,
	                                             memory_order_acquire)) {
		free(o); /* another thread was first; its result is the same */
		return expected;
	}
	seg_out *made = atomic_load_explicit(p->seg_made, memory_order_relaxed);
	do
		o->made_before = made;
	while (!atomic_compare_exchange_weak_explicit(p->seg_made, &made, o, memory_order_release,
	                                              memory_order_relaxed));
	return o;
}

const seg_spans *segmemo_spans_fill(const tw_profile *p, size_t member, size_t index,
                                    const char *key, size_t n)
{
	seg_spans_slot *at = &p->seg_spans_memo[member][index];
	buf b = {0};
	span_vec sv = {0};
	int rc = convert_key_alone(p, key, n, &b, &sv);
	buf_release(&b);
	seg_spans *o = rc ? NULL : malloc(sizeof *o + sv.n * sizeof(tw_span));
	if (o) {
		o->n = sv.n;
		if (sv.n)
			memcpy(o->v, sv.v, sv.n * sizeof(tw_span));
	}
	free(sv.v);
	if (!o)
		return NULL;
	seg_spans *expected = NULL;
	if (!atomic_compare_exchange_strong_explicit(at, &expected, o, memory_order_acq_rel,
	                                             memory_order_acquire)) {
		free(o); /* another thread was first; its result is the same */
		return expected;
	}
	seg_spans *made = atomic_load_explicit(p->seg_spans_made, memory_order_relaxed);
	do
		o->made_before = made;
	while (!atomic_compare_exchange_weak_explicit(p->seg_spans_made, &made, o,
	                                              memory_order_release, memory_order_relaxed));
	return o;
}
