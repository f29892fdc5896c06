/* The text before the engine: characters the profile normalises
 * (radicals, compatibility ideographs; titles' 〈〉) replaced in a copy, and the web
 * addresses and personal-name characters the name guard keeps cut out, so
 * that the engine (convert.c, convert_text) converts the runs between
 * them. */
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "engine.h"
#include "guard.h"
#include "scan.h"
#include "spread.h"
#include "url.h"
#include "utf8.h"

static const scan_range norm_lead[] = SCAN_NORM_LEAD;

/* Offset of the first character of text[0..len) the profile rewrites
 * before conversion (normalise_from), looking from offset from on, or len. */
static size_t first_normalised(const tw_profile *p, const char *text, size_t len, size_t from)
{
	const unsigned char *s = (const unsigned char *)text;
	const tw_dict *nd = p->normalize ? &p->normalize->dict : NULL;
	for (size_t i = from;; i++) {
		i = scan_ranges(s, len, i, p->norm_ranges, p->n_norm_ranges);
		if (i + 2 >= len)
			return len;
		size_t l;
		uint32_t cp = utf8_decode(s + i, len - i, &l);
		dict_match m;
		if (cp == 0x3008 ? p->title_marks && utf8_title_close(s, len, i)
		                 : nd && dict_may_start(nd, cp) &&
		                       dict_longest(nd, s + i, len - i, cp, l, &m) && m.key_len == l)
			return i;
	}
	return len;
}

/* Rewrites, from offset from on, each character the normalisation maps to
 * a character of the same length (the dictionary's only kind of entry), and
 * each title's 〈〉 as 《》 (the same length too), so offsets stay valid. */
static void normalise_from(const tw_profile *p, char *t, size_t len, size_t from)
{
	const unsigned char *s = (const unsigned char *)t;
	const tw_dict *nd = p->normalize ? &p->normalize->dict : NULL;
	/* Only where scan_ranges finds a lead byte either rewrites (always a
	 * character's first byte in valid UTF-8). */
	for (size_t i = from; (i = scan_ranges(s, len, i, p->norm_ranges, p->n_norm_ranges)) < len;) {
		size_t l, close;
		uint32_t cp = utf8_decode(s + i, len - i, &l);
		dict_match m;
		if (cp == 0x3008) {
			if (p->title_marks && (close = utf8_title_close(s, len, i))) {
				memcpy(t + i, "《", 3);
				memcpy(t + close, "》", 3);
			}
		} else if (cp >= 0x2E80 && nd && dict_may_start(nd, cp) &&
		           dict_longest(nd, s + i, len - i, cp, l, &m) && m.key_len == l &&
		           m.val_len == l) {
			memcpy(t + i, m.val, l);
		}
		i += l;
	}
}

static char *normalised_copy(const tw_profile *p, const char *text, size_t len, size_t from)
{
	char *t = malloc(len ? len : 1);
	if (!t)
		return NULL;
	memcpy(t, text, len);
	normalise_from(p, t, len, from);
	return t;
}

void convert_normalise_in_place(const tw_profile *p, char *text, size_t len)
{
	if (p->n_norm_ranges)
		normalise_from(p, text, len, first_normalised(p, text, len, 0));
}

/* s, an unchanged span holding characters the copy rewrote, as spans of
 * its own for each such character (attributed to the normalisation, or to
 * the title marks) and unchanged spans between them, appended to o. */
static int split_normalised(const tw_profile *p, const char *orig, const char *norm,
                            const tw_span *s, size_t src_base, span_vec *o)
{
	size_t a = s->src_off - src_base, at = 0, run = 0;
	int rc = TW_OK;
	while (at < s->src_len && !rc) {
		size_t l = utf8_seqlen((unsigned char)orig[a + at]);
		if (memcmp(orig + a + at, norm + a + at, l)) {
			if (at > run)
				rc = span_push_new(o, (tw_span){s->src_off + run, at - run,
				                                s->dst_off + run, at - run, -1, NULL, NULL,
				                                NULL});
			int title = l == 3 && (!memcmp(orig + a + at, "〈", 3) ||
			                       !memcmp(orig + a + at, "〉", 3));
			if (!rc)
				rc = span_push_new(
				    o, (tw_span){s->src_off + at, l, s->dst_off + at, l, 0,
				                 title ? "tongwen_title_marks" : p->normalize->file,
				                 title ? "punct" : "normalize", NULL});
			run = at + l;
		}
		at += l;
	}
	if (!rc && s->src_len > run)
		rc = span_push_new(o, (tw_span){s->src_off + run, s->src_len - run,
		                                s->dst_off + run, s->src_len - run, -1, NULL, NULL,
		                                NULL});
	return rc;
}

/* The span of v[lo..hi) (in source order, tiling it) that holds source
 * offset at. */
static size_t span_at(const tw_span *v, size_t lo, size_t hi, size_t at)
{
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].src_off <= at)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* After converting a normalised copy of orig[0..len): unchanged spans that
 * hold a rewritten character are split so that each such character is a
 * changed span of its own. Only those spans are touched: the rewritten
 * characters are found by comparing the two texts a block at a time, and
 * the spans after each split move once, from the end. */
static int mark_normalised(const tw_profile *p, const char *orig, const char *norm, size_t len,
                           span_vec *sv, size_t first, size_t src_base)
{
	size_t *idx = NULL, n_idx = 0, cap_idx = 0;
	int rc = TW_OK;
	for (size_t pos = 0; pos < len && sv->n > first && !rc;) {
		size_t blk = len - pos < 4096 ? len - pos : 4096;
		if (!memcmp(orig + pos, norm + pos, blk)) {
			pos += blk;
			continue;
		}
		while (orig[pos] == norm[pos])
			pos++;
		size_t k = span_at(sv->v, first, sv->n, src_base + pos);
		const tw_span *s = &sv->v[k];
		if (s->step < 0 && !s->guard) {
			if (n_idx == cap_idx) {
				size_t *g = realloc(idx, (cap_idx = cap_idx ? cap_idx * 2 : 16) * sizeof *g);
				if (!g) {
					free(idx);
					return TW_ENOMEM;
				}
				idx = g;
			}
			idx[n_idx++] = k;
		}
		pos = s->src_off - src_base + s->src_len; /* the whole span is done */
	}
	span_vec rep = {0};
	size_t *starts = n_idx ? malloc((n_idx + 1) * sizeof *starts) : NULL;
	if (n_idx && !starts)
		rc = TW_ENOMEM;
	for (size_t j = 0; j < n_idx && !rc; j++) {
		starts[j] = rep.n;
		rc = split_normalised(p, orig, norm, &sv->v[idx[j]], src_base, &rep);
	}
	size_t extra = rep.n - n_idx;
	if (!rc && n_idx && sv->n + extra > sv->cap) {
		tw_span *g = realloc(sv->v, (sv->n + extra) * sizeof *g);
		if (!g)
			rc = TW_ENOMEM;
		else {
			sv->v = g;
			sv->cap = sv->n + extra;
		}
	}
	if (!rc && n_idx) {
		starts[n_idx] = rep.n;
		/* From the end: the spans after each split span move once. */
		size_t from = sv->n, to = sv->n + extra;
		for (size_t j = n_idx; j-- > 0;) {
			size_t k = idx[j], tail = from - (k + 1), g = starts[j + 1] - starts[j];
			to -= tail;
			memmove(&sv->v[to], &sv->v[k + 1], tail * sizeof *sv->v);
			to -= g;
			memcpy(&sv->v[to], &rep.v[starts[j]], g * sizeof *sv->v);
			from = k;
		}
		sv->n += extra;
	}
	free(rep.v);
	free(starts);
	free(idx);
	return rc;
}

static int convert_piece(const tw_profile *p, const char *text, size_t len, buf *out,
                         span_vec *spans, size_t src_base, size_t norm_from, spread_scope *sc);

/* Next offset >= from where a personal-name character the guard keeps
 * starts (its length in *l), or len. One pass over the bytes for these and
 * for characters normalised before conversion (person_ranges): *norm is
 * set to the first place in [from, the result) where one of those may
 * start, or the result if none. Without ranges, a bit per first two bytes
 * (person_pairs) passes most places over with one lookup, and *norm is
 * from. */
static size_t next_person_char(const tw_profile *p, const char *text, size_t len, size_t from,
                               size_t *l, size_t *norm, guard_reason *why)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t norm_at = SIZE_MAX;
	for (size_t at = from; at < len; at++) {
		if (p->n_scan_ranges) {
			at = scan_ranges(s, len, at, p->scan_ranges, p->n_scan_ranges);
			if (at == len)
				break;
			if (norm_at == SIZE_MAX && at + 2 < len &&
			    scan_ranges(s, at + 3, at, norm_lead, SCAN_NORM_LEAD_N) == at)
				norm_at = at;
		} else {
			uint32_t pair = (uint32_t)s[at] << 8 | (at + 1 < len ? s[at + 1] : 0);
			if (!((p->person_pairs[pair >> 5] >> (pair & 31)) & 1))
				continue;
		}
		for (size_t i = 0; i < p->n_person; i++) {
			const char *c = p->person[i];
			size_t cl = strlen(c);
			if (cl <= len - at && !memcmp(text + at, c, cl) &&
			    guard_person_char(&p->guard->dict, text, len, at, why)) {
				*l = cl;
				*norm = !p->n_scan_ranges ? from : norm_at < at ? norm_at : at;
				return at;
			}
		}
	}
	*norm = !p->n_scan_ranges ? from : norm_at < len ? norm_at : len;
	return len;
}

/* Copies text[at, at + l) as it is, as a span of its own that the guard
 * kept for the reason why. */
static int copy_kept(const char *text, size_t at, size_t l, buf *out, span_vec *spans,
                     size_t src_base, const char *why)
{
	if (spans &&
	    span_push(spans, (tw_span){src_base + at, l, out->len, l, -1, NULL, NULL, why}))
		return TW_ENOMEM;
	return buf_append(out, text + at, l) ? TW_ENOMEM : TW_OK;
}

/* The name guard's personal names: a name character it keeps is copied as
 * it is and the text on either side converted on its own. */
static int convert_names(const tw_profile *p, const char *text, size_t len, buf *out,
                         span_vec *spans, size_t src_base, spread_scope *sc)
{
	size_t from = 0, l = 0, norm = 0;
	while (p->n_person) {
		guard_reason why = GUARD_NONE;
		size_t at = next_person_char(p, text, len, from, &l, &norm, &why);
		if (at == len)
			break;
		int rc = convert_piece(p, text + from, at - from, out, spans, src_base + from,
		                       norm - from, sc);
		if (rc || (rc = copy_kept(text, at, l, out, spans, src_base, guard_reason_code(why))))
			return rc;
		from = at + l;
	}
	/* Without personal-name characters, the text was not scanned yet. */
	int rc = convert_piece(p, text + from, len - from, out, spans, src_base + from,
	                       p->n_person ? norm - from : 0, sc);
	if (!rc && buf_reserve(out, 1))
		rc = TW_ENOMEM;
	if (!rc)
		out->data[out->len] = '\0';
	return rc;
}

/* With a name guard (hk2cn), a web address in the text is copied as it
 * is: its characters name a page, not prose (…/news_新聞/… is another page
 * than …/news_新闻/…). Stock OpenCC profiles convert it as OpenCC does. */
static int convert_urls(const tw_profile *p, const char *text, size_t len, buf *out,
                        span_vec *spans, size_t src_base, spread_scope *sc)
{
	size_t from = 0, l = 0;
	while (p->guard) {
		size_t at = url_next(text, len, from, &l);
		if (at == len)
			break;
		int rc = convert_names(p, text + from, at - from, out, spans, src_base + from, sc);
		if (rc || (rc = copy_kept(text, at, l, out, spans, src_base, "url")))
			return rc;
		from = at + l;
	}
	return convert_names(p, text + from, len - from, out, spans, src_base + from, sc);
}

/* The second pass of a scope without alignment: only the lines holding a
 * fired core outside its triggers' keys are converted again. A line break is a breaker (no match, no
 * look of the guard or of a title reaches across one: profile.c), so each
 * line converts alone as it does in the scope, and the first pass's output,
 * whose lines are the source's lines, is kept for the others: the lines
 * before the first one converted again stay where they are, the rest is
 * copied aside. Returns 1 when the lines do not pair up (the caller
 * converts the scope again). */
static int respread_lines(const tw_profile *p, const char *text, size_t len, size_t base,
                          buf *out, size_t out0, spread_scope *sc, int *rc)
{
	*rc = TW_OK;
	size_t a = 0, kept = out0; /* the source and output offsets of a line */
	while (a < len) {
		const char *nl = memchr(text + a, '\n', len - a);
		size_t b = nl ? (size_t)(nl - text) + 1 : len;
		if (sc->left[0].start < base + b)
			break;
		const char *onl = memchr(out->data + kept, '\n', out->len - kept);
		if (!nl != !onl)
			return 1;
		a = b;
		kept = onl ? (size_t)(onl - out->data) + 1 : out->len;
	}
	size_t first_len = out->len - kept;
	char *first = malloc(first_len + 1);
	if (!first) {
		*rc = TW_ENOMEM;
		return 0;
	}
	memcpy(first, out->data + kept, first_len);
	out->len = kept;
	size_t c = 0, k = 0; /* k: the next of sc->left */
	while (!*rc && a < len) {
		const char *nl = memchr(text + a, '\n', len - a);
		size_t b = nl ? (size_t)(nl - text) + 1 : len;
		const char *onl = c < first_len ? memchr(first + c, '\n', first_len - c) : NULL;
		size_t d = onl ? (size_t)(onl - first) + 1 : first_len;
		if (!nl != !onl) {
			free(first);
			return 1;
		}
		int redo = k < sc->n_left && sc->left[k].start < base + b;
		while (k < sc->n_left && sc->left[k].start < base + b)
			k++;
		if (redo)
			*rc = convert_urls(p, text + a, b - a, out, NULL, base + a, sc);
		else if (buf_append(out, first + c, d - c))
			*rc = TW_ENOMEM;
		a = b;
		c = d;
	}
	free(first);
	if (!*rc && c != first_len)
		return 1;
	if (!*rc && buf_reserve(out, 1))
		*rc = TW_ENOMEM;
	if (!*rc)
		out->data[out->len] = '\0';
	return 0;
}

/* One scope (spread.h): converted once, and again with the cores its
 * first pass fired spread, when one of them occurs where no trigger of it
 * fired. */
static int convert_scope(const tw_profile *p, const char *text, size_t len, buf *out,
                         span_vec *spans, size_t src_base)
{
	spread_scope sc = {0};
	size_t out0 = out->len, n0 = spans ? spans->n : 0;
	/* The scope's first unchanged span may merge into the span before it
	 * (span_push): converting the scope again restores that span too. */
	tw_span before = n0 ? spans->v[n0 - 1] : (tw_span){0};
	int rc = convert_urls(p, text, len, out, spans, src_base, &sc);
	if (!rc && sc.n)
		rc = spread_collect(p->spread, &sc, text, len, src_base);
	if (!rc && sc.n_left) {
		sc.spreading = 1;
		if (spans || !p->breaker['\n'] ||
		    respread_lines(p, text, len, src_base, out, out0, &sc, &rc)) {
			out->len = out0;
			if (spans) {
				spans->n = n0;
				if (n0)
					spans->v[n0 - 1] = before;
			}
			rc = convert_urls(p, text, len, out, spans, src_base, &sc);
		}
	}
	spread_scope_release(&sc);
	return rc;
}

/* A text is converted a scope at a time (convert_scope_end), whatever
 * layer hands it over: the one-shot calls, the stream, a document's text. */
int convert_run(const tw_profile *p, const char *text, size_t len, buf *out, span_vec *spans,
                size_t src_base)
{
	if (!p->spread)
		return convert_urls(p, text, len, out, spans, src_base, NULL);
	/* An empty text too is one scope: the layers below end the output
	 * with a NUL. */
	int rc;
	size_t start = 0, end;
	do {
		end = convert_scope_end(p, text, len, start);
		rc = convert_scope(p, text + start, end - start, out, spans, src_base + start);
		start = end;
	} while (!rc && start < len);
	return rc;
}

/* Converts text[0..len), normalised first where it needs to be; no
 * character before norm_from needs it. */
static int convert_piece(const tw_profile *p, const char *text, size_t len, buf *out,
                         span_vec *spans, size_t src_base, size_t norm_from, spread_scope *sc)
{
	/* The scan for personal-name characters does not look for title
	 * marks: with them, the piece is scanned from its start. */
	if (p->title_marks)
		norm_from = 0;
	size_t first = p->n_norm_ranges ? first_normalised(p, text, len, norm_from) : len;
	if (first == len)
		return convert_text(p, text, len, out, spans, src_base, sc);
	char *norm = normalised_copy(p, text, len, first);
	if (!norm)
		return TW_ENOMEM;
	size_t n0 = spans ? spans->n : 0;
	int rc = convert_text(p, norm, len, out, spans, src_base, sc);
	if (!rc && spans)
		rc = mark_normalised(p, text, norm, len, spans, n0, src_base);
	free(norm);
	return rc;
}

