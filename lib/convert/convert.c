#define _GNU_SOURCE /* memmem */
/* The conversion engine: OpenCC's max-match segmentation, then each chain
 * step over each segment by longest prefix match, with optional alignment.
 *
 * Segments are converted one at a time through the whole chain in two small
 * ping-pong buffers, so intermediate text stays in cache. When alignment is
 * asked for, every step records pieces (input range -> output range) and the
 * pieces of successive steps are composed into the smallest units that map
 * as a whole. */
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "engine.h"
#include "fastpath.h"
#include "guard.h"
#include "segkeys.h"
#include "segmemo.h"
#include "spread.h"
#include "utf8.h"

static inline int piece_push(piece_vec *pv, piece pc)
{
	if (pv->n == pv->cap) {
		size_t cap = pv->cap ? pv->cap * 2 : 64;
		piece *v = realloc(pv->v, cap * sizeof *v);
		if (!v)
			return TW_ENOMEM;
		pv->v = v;
		pv->cap = cap;
	}
	pv->v[pv->n++] = pc;
	return TW_OK;
}

static inline int group_match(const prof_step *st, const unsigned char *s, size_t n,
                              uint32_t cp, size_t l1, dict_match *m, const prof_dict **which)
{
	for (size_t i = 0; i < st->n; i++) {
		const tw_dict *d = &st->dicts[i]->dict;
		if (dict_may_start(d, cp) && dict_longest(d, s, n, cp, l1, m)) {
			*which = st->dicts[i];
			return 1;
		}
	}
	return 0;
}

static inline uint64_t step_char(const prof_step *st, uint32_t cp)
{
	return cp < 0x10000 ? fast_step_entry(st, cp) : FP_COMPLEX;
}

/* Length of the prefix of in[0..n) made of characters no dictionary of the
 * step starts with: the step copies them unchanged. */
static size_t skip_plain(const prof_step *st, const unsigned char *in, size_t n)
{
	size_t pos = 0;
	while (pos < n) {
		size_t l;
		uint32_t cp = next_cp(in + pos, n - pos, &l);
		if (step_char(st, cp) != FP_PLAIN)
			break;
		pos += l;
	}
	return pos;
}

/* The name guard's verdict on a match of the first step at in[pos..+klen)
 * of the current segment: NULL to apply it, else the reason it is vetoed. */
static const char *vetoed(const ctx *c, const prof_dict *which, const unsigned char *in,
                          size_t pos, size_t klen)
{
	const tw_dict *g = &c->p->guard->dict;
	if (!which || strcmp(which->kind, "term") ||
	    !guard_is_rewrite(g, (const char *)in + pos, klen))
		return NULL;
	size_t s = c->seg_off + pos;
	int translit = guard_is_transliteration(g, (const char *)in + pos, klen);
	return guard_reason_code(guard_check_indexed(g, c->p->guard_index, c->text, c->text_len, s, s + klen,
	                                      translit ? GUARD_SUFFIX_OFF : GUARD_SUFFIX_DECIDE,
	                                      NULL));
}

/* One chain step over one segment. Without alignment, a segment the step
 * cannot change is reported through *same and not copied. With guarded set
 * (the first step of a profile with a name guard, the segment being the
 * input's own text), a term match the guard vetoes passes unchanged. */
static int run_step(ctx *c, const prof_step *st, const unsigned char *in, size_t n, buf *out,
                    piece_vec *pv, int *same, int guarded)
{
	size_t pos = 0;
	if (!pv) {
		pos = skip_plain(st, in, n);
		if (pos == n && same) {
			*same = 1;
			return TW_OK;
		}
	}
	if (buf_reserve(out, n + 1))
		return TW_ENOMEM;
	if (pos) {
		memcpy(out->data + out->len, in, pos);
		out->len += pos;
	}
	size_t copy = pos; /* start of input not yet copied (no alignment only) */
	while (pos < n) {
		size_t l;
		uint32_t cp = next_cp(in + pos, n - pos, &l);
		uint64_t e = step_char(st, cp);
		if (!pv && e == FP_PLAIN) {
			pos += l;
			continue;
		}
		dict_match m;
		const prof_dict *which = NULL;
		int hit = 0;
		char inl[6];
		if (e == FP_COMPLEX) {
			hit = group_match(st, in + pos, n - pos, cp, l, &m, &which);
		} else if (e != FP_PLAIN) {
			hit = 1;
			fast_value(e, inl);
			m.key_len = l;
			m.val = inl;
			m.val_len = FP_LEN(e);
			if (pv || guarded) /* which member matched: alignment and the guard */
				group_match(st, in + pos, n - pos, cp, l, &m, &which);
		}
		const char *veto = hit && guarded ? vetoed(c, which, in, pos, m.key_len) : NULL;
		if (veto) {
			m.val = (const char *)in + pos;
			m.val_len = m.key_len;
		}
		if (!pv) {
			if (!hit) {
				pos += l;
				continue;
			}
			if (buf_reserve(out, pos - copy + m.val_len + 1))
				return TW_ENOMEM;
			memcpy(out->data + out->len, in + copy, pos - copy);
			out->len += pos - copy;
			memcpy(out->data + out->len, m.val, m.val_len);
			out->len += m.val_len;
			pos += m.key_len;
			copy = pos;
			continue;
		}
		size_t out_off = out->len;
		size_t klen = hit ? m.key_len : l;
		const char *val = hit ? m.val : (const char *)in + pos;
		size_t vlen = hit ? m.val_len : l;
		if (out->cap - out->len <= vlen && buf_reserve(out, vlen + 1))
			return TW_ENOMEM;
		memcpy(out->data + out->len, val, vlen);
		out->len += vlen;
		if (piece_push(pv, (piece){pos, klen, out_off, vlen, hit ? which : NULL, -1, veto}))
			return TW_ENOMEM;
		pos += klen;
	}
	if (!pv && buf_append(out, in + copy, n - copy))
		return TW_ENOMEM;
	return TW_OK;
}

/* Composes c->comp (source -> current) with c->stepv (current -> next) into
 * c->comp. `in`/`out` are the step's input and output text, used to tell
 * whether a piece changed anything. */
static int compose(ctx *c, int step, const char *in, const char *out)
{
	piece_vec *A = &c->comp, *B = &c->stepv, *C = &c->next;
	C->n = 0;
	size_t i = 0, j = 0;
	while (i < A->n && j < B->n) {
		size_t i0 = i, j0 = j;
		size_t aend = A->v[i].out_off + A->v[i].out_len;
		size_t bend = B->v[j].in_off + B->v[j].in_len;
		while (aend != bend) {
			if (aend < bend) {
				if (++i >= A->n)
					return TW_EINVAL;
				aend = A->v[i].out_off + A->v[i].out_len;
			} else {
				if (++j >= B->n)
					return TW_EINVAL;
				bend = B->v[j].in_off + B->v[j].in_len;
			}
		}
		piece np;
		np.in_off = A->v[i0].in_off;
		np.in_len = A->v[i].in_off + A->v[i].in_len - np.in_off;
		np.out_off = B->v[j0].out_off;
		np.out_len = B->v[j].out_off + B->v[j].out_len - np.out_off;
		np.step = -1;
		np.dict = NULL;
		np.guard = NULL;
		for (size_t k = i0; k <= i && !np.guard; k++)
			np.guard = A->v[k].guard;
		for (size_t k = j0; k <= j && !np.guard; k++)
			np.guard = B->v[k].guard;
		for (size_t k = i0; k <= i && np.step < 0; k++)
			if (A->v[k].step >= 0) {
				np.step = A->v[k].step;
				np.dict = A->v[k].dict;
			}
		for (size_t k = j0; k <= j && np.step < 0; k++) {
			const piece *b = &B->v[k];
			if (b->dict && (b->in_len != b->out_len ||
			                memcmp(in + b->in_off, out + b->out_off, b->in_len) != 0)) {
				np.step = step;
				np.dict = b->dict;
			}
		}
		if (piece_push(C, np))
			return TW_ENOMEM;
		i++;
		j++;
	}
	piece_vec t = *A;
	*A = *C;
	*C = t;
	return TW_OK;
}

/* See engine.h. */
int convert_segment(ctx *c, const char *seg, size_t n, size_t step0, buf *out,
                           span_vec *spans, size_t src_off)
{
	const tw_profile *p = c->p;
	size_t out_base = out->len;
	c->seg_off = (size_t)(seg - c->text); /* segments are slices of the text */
	/* Steps (of the first eight) a character of the segment may start a
	 * key of: the others leave the segment as it is while no step has
	 * changed it. */
	unsigned touched = c->align ? 0 : 0xFFu; /* without alignment run_step finds out */
	if (c->align)
		c->comp.n = 0;
	for (size_t pos = 0; c->align && pos < n;) {
		size_t l;
		uint32_t cp = next_cp((const unsigned char *)seg + pos, n - pos, &l);
		touched |= cp < 0x10000 ? p->step_mask[cp] : 0xFFu;
		if (piece_push(&c->comp, (piece){pos, l, pos, l, NULL, -1, NULL}))
			return TW_ENOMEM;
		pos += l;
	}
	const char *cur = seg;
	size_t cur_len = n;
	int cur_buf = -1; /* which tmp buffer holds cur, -1: the input */
	for (size_t k = step0; k < p->n_steps; k++) {
		int last = k + 1 == p->n_steps;
		int untouched = cur_buf < 0 && k < 8 && !((touched >> k) & 1);
		if (untouched ||
		    (c->align && cur_buf >= 0 &&
		     skip_plain(&p->steps[k], (const unsigned char *)cur, cur_len) == cur_len)) {
			/* The step changes nothing here: its pieces would map each
			 * character to itself, and composing with them changes no
			 * piece. */
			if (last && buf_append(out, cur, cur_len))
				return TW_ENOMEM;
			continue;
		}
		int dst_buf = cur_buf == 0 ? 1 : 0;
		buf *dst = last ? out : &c->tmp[dst_buf];
		if (!last)
			dst->len = 0;
		size_t base = dst->len;
		c->stepv.n = 0;
		int same = 0;
		int guarded = k == 0 && p->guard && !c->no_guard;
		int rc = run_step(c, &p->steps[k], (const unsigned char *)cur, cur_len, dst,
		                  c->align ? &c->stepv : NULL, last ? NULL : &same, guarded);
		if (rc)
			return rc;
		if (same)
			continue; /* the step leaves this segment as it is */
		if (c->align) {
			/* Step pieces are relative to this step's output start. */
			for (size_t i = 0; i < c->stepv.n; i++)
				c->stepv.v[i].out_off -= base;
			if ((rc = compose(c, (int)k, cur, dst->data + base)))
				return rc;
		}
		cur = dst->data + base;
		cur_len = dst->len - base;
		cur_buf = dst_buf;
	}
	if (step0 >= p->n_steps && buf_append(out, seg, n))
		return TW_ENOMEM;
	if (!c->align)
		return TW_OK;
	const char *res = out->data + out_base;
	for (size_t i = 0; i < c->comp.n; i++) {
		const piece *pc = &c->comp.v[i];
		tw_span s = {src_off + pc->in_off, pc->in_len, out_base + pc->out_off, pc->out_len,
		             pc->step, NULL, NULL, pc->guard};
		if (s.step >= 0 && pc->in_len == pc->out_len &&
		    memcmp(seg + pc->in_off, res + pc->out_off, pc->in_len) == 0)
			s.step = -1; /* changed and changed back */
		if (s.step >= 0 && pc->dict) {
			s.dict = pc->dict->file;
			s.kind = pc->dict->kind;
		}
		if (span_push(spans, s))
			return TW_ENOMEM;
	}
	return TW_OK;
}

/* Is one of the next run_back - 1 characters complex? A character an
 * earlier step changes may complete a key that starts up to run_back - 1
 * characters before it (藉 + 著, which step 0 makes 着, is TSPhrases' 藉着);
 * the window that reaches back for it never crosses the end of the last
 * window, so a window must not end that close before such a character. */
static int complex_ahead(const tw_profile *p, const unsigned char *s, size_t n)
{
	size_t pos = 0;
	for (size_t k = 1; k < p->run_back && pos < n; k++) {
		size_t l;
		uint32_t cp = next_cp(s + pos, n - pos, &l);
		if (cp >= 0x10000 || FP_TAG(fast_run_memo(p, cp)) == FP_COMPLEX)
			return 1;
		pos += l;
	}
	return 0;
}

/* Writes a character of unmatched text whose run memo entry e is FP_PLAIN
 * or FP_VALUE to o (room for 8 bytes): its own l bytes at s (left bytes of
 * text from s on) or its value, with one fixed-size copy. Returns the
 * bytes written. */
#if defined(__GNUC__)
__attribute__((always_inline)) /* called per character */
#endif
static inline size_t put_memo(char *o, uint64_t e, const unsigned char *s, size_t l, size_t left)
{
	if (e == FP_PLAIN) {
		if (left >= 4)
			memcpy(o, s, 4);
		else
			memcpy(o, s, l);
		return l;
	}
	fast_value(e, o);
	return FP_LEN(e);
}

/* Converts a run of text that no segmentation key matched, without
 * alignment. Characters whose memo is known are emitted directly; around a
 * character that may start a multi-character match, a window is converted
 * by the full engine. A window ends after run_window consecutive simple
 * characters: no key is longer than that, so no match in any step can reach
 * across the end of the window, and cutting there changes nothing. */
int convert_plain_run(ctx *c, const char *text, size_t n, buf *out)
{
	const tw_profile *p = c->p;
	const unsigned char *s = (const unsigned char *)text;
	/* idx counts characters; a window must extend to character need. safe:
	 * where the last window ended. ring: input and output offsets of the
	 * characters last emitted in fast mode, to start a window early. */
	size_t pos = 0, win = 0, idx = 0, need = 0, safe = 0;
	size_t ring_in[256], ring_out[256], ring_n = 0;
	int slow = 0, rc = TW_OK;
	while (pos < n) {
		size_t l;
		uint32_t cp = next_cp(s + pos, n - pos, &l);
		uint64_t e = cp < 0x10000 ? fast_run_memo(p, cp) : FP_COMPLEX;
		idx++;
		if (e & FP_PAIRCHK) {
			/* Simple unless it and the next character may begin a key of
			 * the first step that matters; then a window of the longest
			 * reach. */
			size_t l2;
			uint32_t next = pos + l < n ? next_cp(s + pos + l, n - pos - l, &l2) : 0;
			if (pos + l < n && fast_pair_may(p, cp, next))
				e = FP_COMPLEX | ((uint64_t)(p->run_window > 255 ? 255 : p->run_window) << 8);
			else
				e &= ~(uint64_t)FP_PAIRCHK;
		}
		if (FP_TAG(e) == FP_COMPLEX) {
			if (!slow) {
				/* Back up over the characters a segmentation-only key
				 * through this one could start at, never past the end of
				 * the last window. */
				size_t start = pos, out_at = out->len;
				for (size_t back = p->run_back - 1; back && ring_n; back--) {
					size_t k = (ring_n - 1) & 255;
					if (ring_in[k] < safe)
						break;
					start = ring_in[k];
					out_at = ring_out[k];
					ring_n--;
				}
				out->len = out_at;
				slow = 1;
				win = start;
			}
			size_t r = cp < 0x10000 ? FP_LEN(e) : p->run_window;
			if (idx - 1 + r > need)
				need = idx - 1 + r;
		} else if (!slow) {
			ring_in[ring_n & 255] = pos;
			ring_out[ring_n & 255] = out->len;
			ring_n++;
			/* Each character is written where it goes, its value or its
			 * own bytes, with a fixed-size copy: room for 8 bytes. */
			if (out->cap - out->len < 9 && buf_reserve(out, n - pos + 64))
				return TW_ENOMEM;
			out->len += put_memo(out->data + out->len, e, s + pos, l, n - pos);
		} else if (idx >= need && !complex_ahead(p, s + pos + l, n - pos - l)) {
			rc = convert_segment(c, text + win, pos + l - win, p->run_step0, out, NULL, 0);
			if (rc)
				return rc;
			slow = 0;
			safe = pos + l;
			ring_n = 0;
		}
		pos += l;
	}
	if (slow)
		return convert_segment(c, text + win, n - win, p->run_step0, out, NULL, 0);
	return TW_OK;
}

/* The segmentation's longest match at s[0..n): its length (0: none), the
 * member that gave it, the key's number and its memo entry. s starts with
 * cp (l bytes, seg class cls), then b (bl bytes; bl 0: the text ends there
 * or no key of two or more characters begins with the pair). */
static inline size_t seg_longest(const tw_profile *p, const unsigned char *s, size_t n,
                                 uint32_t cp, size_t l, unsigned cls, uint32_t b, size_t bl,
                                 size_t *member, size_t *index, seg_slot **memo)
{
	const prof_step *st = &p->seg;
	for (size_t i = 0; i < st->n; i++) {
		const tw_dict *d = &st->dicts[i]->dict;
		if (!dict_may_start(d, cp))
			continue;
		const segkeys *sk = &p->seg_keys[i];
		if (sk->table && cp < 0x10000) {
			segkeys_key *k;
			size_t kl = bl ? segkeys_longest(sk, s, n, cp, b, l + bl, &k) : 0;
			if (kl) {
				*member = i;
				*index = k->index;
				*memo = &k->memo;
				return kl;
			}
			if (!(cls & SEG_SINGLE))
				continue;
			/* The table is not checked when the file is mapped: an
			 * index out of range is ignored (as dict_longest_slot). */
			uint32_t e = d->bmp[cp] & ~TWD_LONGER;
			if (e && e <= d->h->n_slots) {
				*member = i;
				*index = segmemo_key_index(p, i, &d->slots[e - 1]);
				*memo = &p->seg_memo[i][*index];
				return l;
			}
			continue;
		}
		dict_match m;
		const twd_slot *slot;
		if (dict_longest_slot(d, s, n, cp, l, &m, &slot)) {
			*member = i;
			*index = segmemo_key_index(p, i, slot);
			*memo = &p->seg_memo[i][*index];
			return m.key_len;
		}
	}
	return 0;
}

/* Offset of the first 《 (E3 80 8A) that starts at or after from in
 * text[0..len), or SIZE_MAX. memchr for its last byte: most Chinese
 * characters do not end in 8A, and memmem is several times slower. */
static size_t next_title_open(const char *text, size_t len, size_t from)
{
	const unsigned char *t = (const unsigned char *)text;
	for (size_t i = from + 2; i < len;) {
		const unsigned char *x = memchr(t + i, 0x8A, len - i);
		if (!x)
			break;
		i = (size_t)(x - t);
		if (t[i - 1] == 0x80 && t[i - 2] == 0xE3)
			return i - 2;
		i++;
	}
	return SIZE_MAX;
}

/* GUARD_NO_TITLE if no 《 lies whole in the GUARD_TITLE_BYTES bytes before
 * text offset s, else 0 (the guard looks for itself). The guard used to
 * search those bytes at every term it was asked about; here each 《 of the
 * text is found once, as the questions move forward. */
static unsigned title_hint(ctx *c, size_t s)
{
	if (!c->title_seen || s < c->title_at) {
		c->title_next = next_title_open(c->text, c->text_len, 0);
		c->title_last = SIZE_MAX;
		c->title_seen = 1;
	}
	c->title_at = s;
	while (c->title_next != SIZE_MAX && c->title_next + 3 <= s) {
		c->title_last = c->title_next;
		c->title_next = next_title_open(c->text, c->text_len, c->title_last + 3);
	}
	size_t lo = s > GUARD_TITLE_BYTES ? s - GUARD_TITLE_BYTES : 0;
	return c->title_last != SIZE_MAX && c->title_last >= lo ? 0 : GUARD_NO_TITLE;
}

/* May a segment at text offset at take its key's precomputed result: is
 * none of the key's term matches vetoed by the name guard here? */
static int guard_allows(ctx *c, const seg_out *so, size_t at)
{
	if (so->slow)
		return 0;
	const tw_dict *g = c->p->guard ? &c->p->guard->dict : NULL;
	for (size_t i = 0; i < so->n_guarded; i++) {
		size_t s = at + so->guarded[i].off;
		if (guard_check_indexed(g, c->p->guard_index, c->text, c->text_len, s,
		                        s + so->guarded[i].len,
		                        so->guarded[i].rule | title_hint(c, s), NULL) != GUARD_NONE)
			return 0;
	}
	return 1;
}

/* What a conversion's context holds besides the profile: scratch buffers
 * and the composition vectors. */
static void ctx_release(ctx *c)
{
	buf_release(&c->tmp[0]);
	buf_release(&c->tmp[1]);
	free(c->comp.v);
	free(c->next.v);
	free(c->stepv.v);
}

/* Writes the character cp (l bytes at s) as a run of unmatched text would,
 * when that needs no look at its neighbours: its own bytes or its memo
 * value. Returns 1 when written, 0 when the character needs the run's
 * slow path (it may start a match of a conversion step: convert_plain_run
 * decides, with the run's bounds), or TW_ENOMEM as a negative number. nx
 * is the character after it (have_nx 0: the text ends). */
static inline int emit_unmatched(const tw_profile *p, const unsigned char *s, size_t l,
                                 size_t left, uint32_t cp, int have_nx, uint32_t nx, buf *out)
{
	uint64_t e = cp < 0x10000 ? fast_run_memo(p, cp) : FP_COMPLEX;
	if (e & FP_PAIRCHK) {
		/* Simple unless it and the next character may begin a key: the
		 * run's own pass knows whether that character is in the run. */
		if (have_nx && fast_pair_may(p, cp, nx))
			return 0;
		e &= ~(uint64_t)FP_PAIRCHK;
	}
	if (FP_TAG(e) == FP_COMPLEX)
		return 0;
	if (out->cap - out->len < 9 && buf_reserve(out, left + 64))
		return -TW_ENOMEM;
	out->len += put_memo(out->data + out->len, e, s, l, left);
	return 1;
}

/* May a segmentation key of two or more characters begin with the
 * characters a, b, the text going on at offset at? */
static inline int seg_pair_may(const tw_profile *p, const unsigned char *in, size_t len,
                               size_t at, uint32_t a, uint32_t b)
{
	const seg_filter *f = p->seg_wide;
	unsigned bits = seg_pair_bits(f, seg_wide_hash(a, b));
	if (bits != SEG_PAIR)
		return bits != 0; /* none begins with it, or it is a key */
	/* No two-character key: a third character must fit. */
	size_t l3;
	return at < len && seg_bit(f->triples, seg_wide_hash3(a, b, next_cp(in + at, len - at, &l3)));
}

/* May a segmentation key start with the BMP character a (its entry sc)
 * and b before text offset at: a key of one, or of two or more characters,
 * by the filters on its first two and three characters? */
static inline int may_start_key(const tw_profile *p, const unsigned char *in, size_t len,
                                size_t at, const scan_char *sc, uint32_t a, uint32_t b)
{
	return sc->cls && ((sc->cls & SEG_SINGLE) || (((sc->pairs >> seg_pair_bit(b)) & 1) &&
	                                              seg_pair_may(p, in, len, at, a, b)));
}

/* The common case of convert_text without alignment, in a loop of its own:
 * BMP characters followed by another, that no segmentation key can start
 * (by the pair filter) and that the run memo writes on their own. Writes
 * them from pos on and returns where it stopped: at the first character
 * that needs convert_text's general path, which decides it from scratch.
 * Each character is decoded once. */
static inline size_t scan_simple(const tw_profile *p, const unsigned char *in, size_t len,
                                 size_t pos, buf *out)
{
	char *o = out->data;
	/* Fixed-size stores of up to 8 bytes need room after the text. */
	size_t olen = out->len, room = out->cap > 9 ? out->cap - 9 : 0;
	size_t l1, l2;
	uint32_t a = next_cp(in + pos, len - pos, &l1);
	while (pos + l1 < len && olen < room && a < 0x10000) {
		uint32_t b = next_cp(in + pos + l1, len - pos - l1, &l2);
		const scan_char *sc = &p->scan[a];
		if (may_start_key(p, in, len, pos + l1 + l2, sc, a, b))
			break;
		uint64_t e = atomic_load_explicit(&sc->memo, memory_order_relaxed);
		if (e == FP_UNKNOWN)
			e = fast_run_memo_fill(p, a);
		if (e & FP_PAIRCHK) {
			if (fast_pair_may(p, a, b))
				break;
			e &= ~(uint64_t)FP_PAIRCHK;
		}
		/* put_memo(), unfolded: this loop is most of a conversion's time,
		 * and with the plain case tested first it runs 2.5% fewer
		 * instructions (callgrind, news copy). */
		if (e == FP_PLAIN) {
			if (pos + 4 <= len)
				memcpy(o + olen, in + pos, 4);
			else
				memcpy(o + olen, in + pos, l1);
			olen += l1;
		} else if (FP_TAG(e) == FP_VALUE) {
			fast_value(e, o + olen);
			olen += FP_LEN(e);
		} else {
			break;
		}
		pos += l1;
		a = b;
		l1 = l2;
	}
	out->len = olen;
	return pos;
}

/* Where, from pos on, the next character is that a segmentation key may
 * start with (or the last character, or one outside the BMP): the text
 * before it is unmatched, and written later as a run (with alignment, or
 * once a run needs convert_plain_run). */
static inline size_t scan_unkeyed(const tw_profile *p, const unsigned char *in, size_t len,
                                  size_t pos)
{
	size_t l1, l2;
	uint32_t a = next_cp(in + pos, len - pos, &l1);
	while (pos + l1 < len && a < 0x10000) {
		uint32_t b = next_cp(in + pos + l1, len - pos - l1, &l2);
		if (may_start_key(p, in, len, pos + l1 + l2, &p->scan[a], a, b))
			break;
		pos += l1;
		a = b;
		l1 = l2;
	}
	return pos;
}

/* Converts valid UTF-8 text[0..len) already normalised.
 *
 * Without alignment, text the segmentation leaves unmatched is written as
 * it is scanned, character by character from the run memo; a run in which
 * a character needs more (a key of a conversion step may start there) is
 * taken back and converted whole by convert_plain_run, as every run was
 * before, so the output is the same. */
int convert_text(const tw_profile *p, const char *text, size_t len, buf *out, span_vec *spans,
                 size_t src_base, spread_scope *sc)
{
	ctx c;
	memset(&c, 0, sizeof c);
	c.p = p;
	c.sc = p->spread ? sc : NULL;
	/* The second pass of a scope that spreads (spread.h) takes each run of
	 * unmatched text whole, as alignment does. */
	int spreading = c.sc && c.sc->spreading;
	c.align = spans != NULL;
	c.text = text;
	c.text_len = len;
	const unsigned char *in = (const unsigned char *)text;
	size_t pos = 0, run = 0;
	/* The character after the one at pos, once decoded for the pair
	 * filter, is not decoded again. */
	size_t next_at = SIZE_MAX, next_l = 0;
	uint32_t next = 0;
	int rc = buf_reserve(out, len + 1);
	/* Without alignment: the output offset where the run text[run..pos)
	 * starts, and whether the run is written already. */
	size_t out_run = out->len;
	int written = !c.align && !spreading;
	while (!rc && pos < len) {
		pos = written ? scan_simple(p, in, len, pos, out) : scan_unkeyed(p, in, len, pos);
		if (pos >= len)
			break;
		size_t l;
		uint32_t cp;
		if (pos == next_at) {
			cp = next;
			l = next_l;
		} else {
			cp = next_cp(in + pos, len - pos, &l);
		}
		unsigned cls = cp < 0x10000 ? p->scan[cp].cls : SEG_STARTS | SEG_SINGLE;
		size_t bl = 0, member, index, key_len = 0;
		seg_slot *memo;
		if (!cls)
			goto unmatched;
		if (pos + l < len) {
			next_at = pos + l;
			next = next_cp(in + next_at, len - next_at, &next_l);
			int may = seg_pair_may(p, in, len, next_at + next_l, cp, next);
			bl = may ? next_l : 0;
		}
		if (bl || (cls & SEG_SINGLE))
			key_len = seg_longest(p, in + pos, len - pos, cp, l, cls, next, bl, &member,
			                      &index, &memo);
	unmatched:
		if (!key_len) {
			if (written) {
				if (pos + l < len && next_at != pos + l) {
					next_at = pos + l;
					next = next_cp(in + next_at, len - next_at, &next_l);
				}
				int w = emit_unmatched(p, in + pos, l, len - pos, cp, pos + l < len, next, out);
				if (w < 0)
					rc = -w;
				written = w > 0;
			}
			pos += l;
			continue;
		}
		/* Unmatched characters before a match form one segment. */
		/* Steps before run_step0 cannot change text no segmentation key
		 * matched (fastpath.c). */
		if (run < pos && spreading) {
			rc = spread_run(&c, text + run, pos - run, out, spans, src_base + run);
		} else if (run < pos && c.align) {
			rc = align_plain_run(&c, text + run, pos - run, out, spans, src_base + run);
		} else if (run < pos && !written) {
			out->len = out_run; /* what was written of the run is taken back */
			rc = convert_plain_run(&c, text + run, pos - run, out);
		}
		size_t whole =
		    !rc && spreading ? spread_whole(&c, text + pos, key_len, src_base + pos) : 0;
		const seg_out *so =
		    rc || whole ? NULL : segmemo_get(p, member, index, memo, text + pos, key_len);
		const seg_spans *ss = NULL;
		if (so && c.align)
			ss = segmemo_spans(p, member, index, text + pos, key_len);
		int allowed = so && guard_allows(&c, so, pos);
		/* A trigger of a spreading core fired (spread.h). */
		if (allowed && c.sc && !spreading) {
			uint32_t h = spread_hash(text + pos, key_len);
			if (spread_may_trigger(p->spread, h))
				rc = spread_note(p->spread, c.sc, text + pos, key_len, h, so->out, so->len,
				                 src_base + pos);
		}
		if (!rc && whole) {
			rc = spread_emit(&c, whole - 1, text + pos, key_len, out, spans, src_base + pos);
		} else if (!rc && allowed && (!c.align || ss)) {
			size_t at = out->len;
			if (out->cap - out->len <= so->len + SEG_OUT_PAD &&
			    buf_reserve(out, so->len + SEG_OUT_PAD + 1))
				rc = TW_ENOMEM;
			else if (so->len <= SEG_OUT_PAD)
				memcpy(out->data + at, so->out, SEG_OUT_PAD); /* padded: one move */
			else
				memcpy(out->data + at, so->out, so->len);
			if (!rc)
				out->len += so->len;
			for (size_t i = 0; c.align && !rc && i < ss->n; i++) {
				tw_span sp = ss->v[i];
				sp.src_off += src_base + pos;
				sp.dst_off += at;
				rc = span_push(spans, sp);
			}
		} else if (!rc) {
			/* A whole-key term the guard vetoed passes the first step
			 * unchanged (run_step): the later steps alone give the
			 * result, and the term table is not walked again for it
			 * (on varied copy that walk kept much of it resident).
			 * Alignment takes the full path: its spans record the veto. */
			size_t from = so && !c.align && segmemo_whole_term(so, key_len) ? 1 : 0;
			rc = convert_segment(&c, text + pos, key_len, from, out, spans, src_base + pos);
		}
		pos += key_len;
		run = pos;
		out_run = out->len;
		written = !c.align && !spreading;
	}
	if (!rc && run < len && spreading) {
		rc = spread_run(&c, text + run, len - run, out, spans, src_base + run);
	} else if (!rc && run < len && c.align) {
		rc = align_plain_run(&c, text + run, len - run, out, spans, src_base + run);
	} else if (!rc && run < len && !written) {
		out->len = out_run;
		rc = convert_plain_run(&c, text + run, len - run, out);
	}
	if (!rc && buf_reserve(out, 1))
		rc = TW_ENOMEM;
	if (!rc)
		out->data[out->len] = '\0';
	ctx_release(&c);
	return rc;
}

int convert_key_alone(const tw_profile *p, const char *key, size_t n, buf *out,
                      span_vec *spans)
{
	ctx c;
	memset(&c, 0, sizeof c);
	c.p = p;
	c.text = key;
	c.text_len = n;
	c.no_guard = 1;
	c.align = spans != NULL;
	int rc = convert_segment(&c, key, n, 0, out, spans, 0);
	ctx_release(&c);
	return rc;
}

int convert_step_alone(const tw_profile *p, size_t k, const char *in, size_t n, buf *out)
{
	ctx c;
	memset(&c, 0, sizeof c);
	c.p = p;
	return run_step(&c, &p->steps[k], (const unsigned char *)in, n, out, NULL, NULL, 0);
}
