/* Aligned conversion of the runs of text no segmentation key matched:
 * characters that map alone are written directly, the rest in windows
 * (see align_plain_run). */
#include <string.h>

#include "engine.h"
#include "fastpath.h"
#include "utf8.h"

/* An aligned run being written: text[from, at) is unchanged text not yet
 * written; it goes out as one span when something changed follows. */
typedef struct run_out {
	ctx *c;
	const char *text;
	size_t src_off, from;
	buf *out;
	span_vec *spans;
} run_out;

#if defined(__GNUC__)
__attribute__((always_inline)) /* called per changed character, through put_changed */
#endif
static inline int flush_same(run_out *r, size_t at)
{
	if (r->from == at)
		return TW_OK;
	size_t n = at - r->from;
	span_vec *sv = r->spans;
	tw_span *last = sv->n ? &sv->v[sv->n - 1] : NULL;
	if (last && last->step < 0 && !last->guard) {
		last->src_len += n; /* as span_push merges */
		last->dst_len += n;
	} else if (span_push(sv, (tw_span){r->src_off + r->from, n, r->out->len, n, -1, NULL, NULL,
	                                   NULL})) {
		return TW_ENOMEM;
	}
	buf *out = r->out;
	if (out->cap - out->len <= n + 16 && buf_reserve(out, n + 64))
		return TW_ENOMEM;
	char *o = out->data + out->len;
	const char *from = r->text + r->from;
	if (n <= 16 && r->text + at + 16 <= r->c->text + r->c->text_len)
		memcpy(o, from, 16); /* one fixed-size copy; room was reserved */
	else
		memcpy(o, from, n);
	out->len += n;
	r->from = at;
	return TW_OK;
}

/* Writes text[at, at + l), which the chain turns into value[0..vlen)
 * (vlen <= 8; value holds 8 bytes) with the first change by member `member`
 * of step `step`, as a span of its own. */
#if defined(__GNUC__)
__attribute__((always_inline)) /* called per changed character */
#endif
static inline int put_changed(run_out *r, size_t at, size_t l, const char *value, size_t vlen,
                              int step, size_t member)
{
	if (flush_same(r, at))
		return TW_ENOMEM;
	const prof_dict *d = r->c->p->steps[step].dicts[member];
	span_vec *sv = r->spans;
	tw_span sp = {r->src_off + at, l, r->out->len, vlen, step, d->file, d->kind, NULL};
	if (sv->n < sv->cap)
		sv->v[sv->n++] = sp; /* a changed span: never merged */
	else if (span_push(sv, sp))
		return TW_ENOMEM;
	buf *out = r->out;
	if (out->cap - out->len <= vlen + 8 && buf_reserve(out, vlen + 64))
		return TW_ENOMEM;
	memcpy(out->data + out->len, value, 8); /* value has 8 bytes; room was reserved */
	out->len += vlen;
	r->from = at + l;
	return TW_OK;
}

/* May a key of two or more characters of d start with a, b, c (c:
 * UINT32_MAX if the text ends after b)? The filters dict_longest_slot
 * itself rejects with. */
static inline int longer_may(const tw_dict *d, uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t h = dict_pair_hash(a, b);
	if (!((d->pairs[h >> 5] >> (h & 31)) & 1))
		return 0;
	if ((d->pair_keys[h >> 5] >> (h & 31)) & 1)
		return 1;
	if (c == UINT32_MAX)
		return 0;
	uint32_t t = dict_triple_hash(a, b, c);
	return (d->triples[t >> 5] >> (t & 31)) & 1;
}

/* The one BMP character that val[0..n) is, or UINT32_MAX. */
static inline uint32_t one_char(const char *val, size_t n)
{
	size_t l;
	if (!n)
		return UINT32_MAX;
	uint32_t x = next_cp((const unsigned char *)val, n, &l);
	return l == n && x < 0x10000 ? x : UINT32_MAX;
}

#define WINDOW_FAST_MAX 64

/* The window text[w, e) of an aligned run through the steps from
 * run_step0, where that is quick: while every character stays one BMP
 * character and no key of two or more characters can begin where one
 * stands (by the filters of each member that would be tried before its
 * one-character key), each maps alone, as convert_segment would map it,
 * and is one span. Returns 1 when it cannot tell: then nothing was
 * written. */
static int window_fast(run_out *r, size_t w, size_t e, int *rc)
{
	const tw_profile *p = r->c->p;
	uint32_t form[WINDOW_FAST_MAX], orig[WINDOW_FAST_MAX];
	uint8_t len[WINDOW_FAST_MAX], member[WINDOW_FAST_MAX];
	int8_t step[WINDOW_FAST_MAX];
	size_t m = 0;
	if (p->run_step0 == 0 && p->guard)
		return 1; /* the name guard decides term matches in context */
	const unsigned char *s = (const unsigned char *)r->text;
	for (size_t pos = w, l; pos < e; pos += l) {
		uint32_t x = next_cp(s + pos, e - pos, &l);
		if (x >= 0x10000 || m == WINDOW_FAST_MAX)
			return 1;
		form[m] = orig[m] = x;
		len[m] = (uint8_t)l;
		step[m] = -1;
		member[m++] = 0;
	}
	for (size_t k = p->run_step0; k < p->n_steps; k++) {
		const prof_step *st = &p->steps[k];
		for (size_t i = 0; i < m; i++) {
			uint32_t x = form[i];
			if (!((st->first[x >> 5] >> (x & 31)) & 1))
				continue; /* no key starts with it */
			uint64_t fe = fast_step_entry(st, x);
			uint32_t v = x;
			size_t mi = 0;
			if (FP_TAG(fe) == FP_PLAIN)
				continue;
			if (FP_TAG(fe) == FP_VALUE) {
				/* No member before the one with it has a longer key
				 * through it (compute_step_entry). */
				char b[8];
				fast_value(fe, b);
				v = one_char(b, FP_LEN(fe));
				for (; v != x && step[i] < 0 && mi + 1 < st->n; mi++) {
					const tw_dict *d = &st->dicts[mi]->dict;
					uint32_t slot = d->bmp[x] & ~TWD_LONGER;
					if (slot && slot <= d->h->n_slots)
						break;
				}
			} else {
				/* As group_match: the first member with a match. Forms
				 * to the right are still this step's input. */
				uint32_t b = i + 1 < m ? form[i + 1] : UINT32_MAX;
				uint32_t c3 = i + 2 < m ? form[i + 2] : UINT32_MAX;
				for (mi = 0; mi < st->n; mi++) {
					const tw_dict *d = &st->dicts[mi]->dict;
					uint32_t be = d->bmp[x], slot = be & ~TWD_LONGER;
					if ((be & TWD_LONGER) && b != UINT32_MAX && longer_may(d, x, b, c3))
						return 1;
					if (slot && slot <= d->h->n_slots) {
						const twd_slot *sl = &d->slots[slot - 1];
						v = one_char(d->pool + sl->val_off, sl->val_len);
						break;
					}
				}
				if (mi == st->n)
					continue; /* no member has it alone */
			}
			if (v == UINT32_MAX)
				return 1;
			if (v != x && step[i] < 0) {
				step[i] = (int8_t)k;
				member[i] = (uint8_t)mi;
			}
			form[i] = v;
		}
	}
	for (size_t i = 0, pos = w; i < m && !*rc; pos += len[i], i++) {
		if (form[i] == orig[i])
			continue; /* unchanged, or changed and changed back */
		char u[8] = {0};
		size_t ul = utf8_encode(form[i], u);
		*rc = put_changed(r, pos, len[i], u, ul, step[i], member[i]);
	}
	return 0;
}

/* The window text[w, e) of an aligned run (align_plain_run). */
static int align_window(run_out *r, size_t w, size_t e)
{
	int rc = TW_OK;
	if (!window_fast(r, w, e, &rc))
		return rc;
	if ((rc = flush_same(r, w)))
		return rc;
	r->from = e;
	return convert_segment(r->c, r->text + w, e - w, r->c->p->run_step0, r->out, r->spans,
	                       r->src_off + w);
}

/* A run of text no segmentation key matched, with alignment. A character
 * that never starts a key of two or more characters (fast_solo) is
 * converted alone; from one that may, a window is converted by the full
 * steps, as far as the matches started in it can reach (the reach, as in
 * convert_plain_run), or up to a character no key of two or more
 * characters holds in any form (SOLO_ALONE). No match crosses the end of a
 * window, so every step has a piece boundary there and the window's spans
 * are those of the whole run. */
int align_plain_run(ctx *c, const char *text, size_t n, buf *out, span_vec *spans,
                           size_t src_off)
{
	const tw_profile *p = c->p;
	const unsigned char *s = (const unsigned char *)text;
	run_out r = {c, text, src_off, 0, out, spans};
	/* win: start of the window; idx counts characters, and a window
	 * must extend to character need. */
	size_t pos = 0, win = 0, idx = 0, need = 0;
	int slow = 0, rc = TW_OK;
	while (pos < n && !rc) {
		size_t l;
		uint32_t cp = next_cp(s + pos, n - pos, &l);
		uint64_t e;
		if (cp >= 0x10000)
			e = SOLO_NOT | (uint64_t)(p->run_window > 255 ? 255 : p->run_window) << 8;
		else if (!((p->run_any[cp >> 5] >> (cp & 31)) & 1))
			/* no step from run_step0 on has a key that starts with it */
			e = SOLO_SAME | ((p->in_long_key[cp >> 5] >> (cp & 31)) & 1 ? 0 : SOLO_ALONE);
		else
			e = fast_solo(p, cp);
		idx++;
		unsigned kind = FP_TAG(e);
		if (slow && (e & SOLO_ALONE) && kind != SOLO_NOT) {
			/* No match reaches across it: the window may end before it. */
			rc = align_window(&r, win, pos);
			slow = 0;
			if (rc)
				break;
		}
		if (kind == SOLO_NOT) {
			if (!slow)
				win = pos;
			slow = 1;
			size_t reach = FP_LEN(e) ? FP_LEN(e) : 1;
			if (idx - 1 + reach > need)
				need = idx - 1 + reach;
		} else if (slow) {
			if (idx >= need) {
				rc = align_window(&r, win, pos + l);
				slow = 0;
			}
		} else if (kind == SOLO_CHANGED) {
			char v[8] = {0};
			fast_value(e, v);
			rc = put_changed(&r, pos, l, v, FP_LEN(e), SOLO_STEP(e), SOLO_MEMBER(e));
		}
		pos += l;
	}
	if (!rc && slow)
		rc = align_window(&r, win, n);
	if (!rc)
		rc = flush_same(&r, n);
	return rc;
}
