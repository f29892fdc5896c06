/* Converting and checking a document: its readable runs are gathered into
 * one text (decoded, joined by line breaks), converted or checked in one
 * call, and the results spliced back into / mapped onto the original. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "utf8.h"
#include "doc_internal.h"

/* One readable run in the gathered text. */
typedef struct unit {
	size_t run;      /* index in doc->runs */
	size_t lo, ll;   /* offset and length in the gathered text */
	size_t *map;     /* ll+1 offsets into the run, or NULL: byte for byte */
} unit;

typedef struct gathered {
	buf text;
	unit *u;
	size_t n, cap;
} gathered;

static void gathered_release(gathered *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->u[i].map);
	free(g->u);
	buf_release(&g->text);
}

/* buf_append for buffers reserved up front (the output, a window's text):
 * most appends (a tag, a run) need no call. */
static inline int out_append(buf *b, const char *t, size_t n)
{
	if (b->cap - b->len > n) {
		memcpy(b->data + b->len, t, n);
		b->len += n;
		b->data[b->len] = '\0';
		return TW_OK;
	}
	return buf_append(b, t, n);
}

/* Appends run r, decoding its character references if it holds an '&'. */
static int gather_run(gathered *g, const tw_document *d, size_t r, int amp)
{
	const tw_run *run = &d->runs[r];
	const char *s = d->data + run->offset;
	unit *u = &g->u[g->n];
	u->run = r;
	u->lo = g->text.len;
	u->map = NULL;
	if (!d->refs || (d->nomerge[r] & RUN_SEPARATE) || !amp) {
		if (out_append(&g->text, s, run->length))
			return TW_ENOMEM;
		u->ll = run->length;
		g->n++;
		return TW_OK;
	}
	/* decoded text is never longer than the raw text */
	size_t *map = malloc((run->length + 1) * sizeof *map);
	if (!map || buf_reserve(&g->text, run->length)) {
		free(map);
		return TW_ENOMEM;
	}
	char *o = g->text.data + g->text.len;
	size_t n = 0;
	for (size_t i = 0; i < run->length;) {
		char dec[8];
		size_t dl, rl;
		if (s[i] == '&' &&
		    charref_decode(s + i, run->length - i, d->markup == TW_MARKUP_XML, dec, &dl, &rl) &&
		    dl <= rl) {
			for (size_t k = 0; k < dl; k++) {
				o[n] = dec[k];
				map[n++] = i;
			}
			i += rl;
		} else {
			o[n] = s[i];
			map[n++] = i++;
		}
	}
	map[n] = run->length;
	g->text.len += n;
	u->ll = n;
	u->map = map;
	g->n++;
	return TW_OK;
}

/* Whether [s, e) holds an '&'. Runs come in order, so the text is looked
 * at a stretch at a time, past the run, rather than run by run: *known is
 * where the last look stopped, at an '&' (*hit) or at the stretch's end
 * with none before it. */
static int holds_amp(const char *s, const char *e, const char *stop, const char **known, int *hit)
{
	if (*known && s <= *known) {
		if (*hit)
			return *known < e;
		if (e <= *known)
			return 0;
		s = *known;
	}
	size_t span = (size_t)(stop - s) < ((size_t)64 << 10) ? (size_t)(stop - s) : (size_t)64 << 10;
	if (span < (size_t)(e - s))
		span = (size_t)(e - s);
	const char *a = memchr(s, '&', span);
	*hit = a != NULL;
	*known = a ? a : s + span;
	return a && a < e;
}

static int readable(const tw_document *d, size_t r, int with_protected)
{
	tw_role role = d->runs[r].role;
	return role == TW_ROLE_PROSE || role == TW_ROLE_ATTRIBUTE ||
	       (with_protected && role == TW_ROLE_PROTECTED);
}

/* Gathers the readable runs of [*r, end) into g (emptied first), stopping
 * before the first run that starts at or after `limit` bytes of gathered
 * text (SIZE_MAX: to the end), and with stories set before a story's first
 * run (RUN_STORY); *r is left at the first run not gathered. */
static int gather_from(gathered *g, const tw_document *d, size_t *r, size_t end,
                       int with_protected, char sep, size_t limit, int stories)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->u[i].map);
	g->n = 0;
	g->text.len = 0;
	const char *known = NULL, *stop = end > *r ? d->data + d->runs[end - 1].offset +
	                                                    d->runs[end - 1].length
	                                           : NULL;
	int hit = 0;
	for (; *r < end; (*r)++) {
		/* a story element ends the text of a conversion call */
		if (stories && g->n && (d->nomerge[*r] & RUN_STORY))
			break;
		if (!readable(d, *r, with_protected))
			continue;
		if (g->n && g->text.len >= limit)
			break;
		const char *s = d->data + d->runs[*r].offset;
		int has_amp = d->refs && holds_amp(s, s + d->runs[*r].length, stop, &known, &hit);
		if (g->n == g->cap) {
			size_t cap = g->cap ? g->cap * 2 : 256;
			unit *u = realloc(g->u, cap * sizeof *u);
			if (!u)
				return TW_ENOMEM;
			g->u = u;
			g->cap = cap;
		}
		/* a line break (or NUL) between runs: no dictionary key holds one,
		 * so no match reaches from one run into the next */
		if (g->n && out_append(&g->text, &sep, 1))
			return TW_ENOMEM;
		if (gather_run(g, d, *r, has_amp))
			return TW_ENOMEM;
	}
	return buf_append(&g->text, "", 1) ? TW_ENOMEM : TW_OK; /* NUL, not counted */
}

static int gather(gathered *g, const tw_document *d, int with_protected, char sep)
{
	memset(g, 0, sizeof *g);
	g->cap = d->n_runs + 1;
	g->u = malloc(g->cap * sizeof *g->u);
	if (!g->u || buf_reserve(&g->text, d->len + d->n_runs + 1))
		return TW_ENOMEM;
	size_t r = 0;
	return gather_from(g, d, &r, d->n_runs, with_protected, sep, SIZE_MAX, 0);
}

/* Offset in the original of position p (lo ≤ p ≤ lo+ll) of unit u. */
static size_t orig_at(const tw_document *d, const unit *u, size_t p)
{
	size_t k = p - u->lo;
	return d->runs[u->run].offset + (u->map ? u->map[k] : k);
}

/* Whether [a, b) of unit u holds bytes decoded from a reference. */
static int from_ref(const unit *u, size_t a, size_t b)
{
	if (!u->map)
		return 0;
	for (size_t i = a - u->lo; i < b - u->lo; i++)
		if (u->map[i + 1] - u->map[i] != 1)
			return 1;
	return 0;
}

/* ---------------------------------------------------------------- convert */

typedef struct splice {
	buf out;
	tw_span *spans;
	size_t n, cap;
	int want_spans;
} splice;

static int add_span_g(splice *s, size_t src_off, size_t src_len, size_t dst_len, int step,
                      const char *dict, const char *kind, const char *guard)
{
	if (!s->want_spans || (!src_len && !dst_len))
		return TW_OK;
	size_t dst_off = s->out.len - dst_len;
	if (step < 0 && !guard && s->n && s->spans[s->n - 1].step < 0 && !s->spans[s->n - 1].guard) {
		s->spans[s->n - 1].src_len += src_len;
		s->spans[s->n - 1].dst_len += dst_len;
		return TW_OK;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		tw_span *g = realloc(s->spans, cap * sizeof *g);
		if (!g)
			return TW_ENOMEM;
		s->spans = g;
		s->cap = cap;
	}
	s->spans[s->n++] = (tw_span){src_off, src_len, dst_off, dst_len, step, dict, kind, guard};
	return TW_OK;
}

static int add_span(splice *s, size_t src_off, size_t src_len, size_t dst_len, int step,
                    const char *dict, const char *kind)
{
	return add_span_g(s, src_off, src_len, dst_len, step, dict, kind, NULL);
}

static int copy_raw(splice *s, const tw_document *d, size_t from, size_t to)
{
	if (to <= from)
		return TW_OK;
	if (out_append(&s->out, d->data + from, to - from))
		return TW_ENOMEM;
	return add_span(s, from, to - from, to - from, -1, NULL, NULL);
}

static int put_ref(buf *b, unsigned long cp)
{
	char tmp[16];
	int n = snprintf(tmp, sizeof tmp, "&#x%lX;", cp);
	return buf_append(b, tmp, (size_t)n);
}

/* Writes converted bytes: as references when the source was a reference,
 * and escaping what would break the markup around a run. */
static int put_converted(buf *b, const char *t, size_t n, int as_refs, const tw_document *d,
                         tw_role role)
{
	if (d->markup == TW_MARKUP_TEXT || (!as_refs && !memchr(t, '&', n) && !memchr(t, '<', n) &&
	                                    !memchr(t, '"', n) && !memchr(t, '\'', n) &&
	                                    !memchr(t, '>', n)))
		return buf_append(b, t, n);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)t[i];
		size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		unsigned long cp = k == 1 ? c : k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
		for (size_t j = 1; j < k && i + j < n; j++)
			cp = (cp << 6) | ((unsigned char)t[i + j] & 0x3F);
		int escape = as_refs || c == '&' || c == '<' ||
		             (role == TW_ROLE_ATTRIBUTE && (c == '"' || c == '\'' || c == '>'));
		if (escape ? put_ref(b, cp) : buf_append(b, t + i, k))
			return TW_ENOMEM;
		i += k;
	}
	return TW_OK;
}

static int strncasecmp_n(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		x = (unsigned char)(x >= 'A' && x <= 'Z' ? x + 32 : x);
		y = (unsigned char)(y >= 'A' && y <= 'Z' ? y + 32 : y);
		if (x != y)
			return 1;
	}
	return 0;
}

/* The value written over run m (a language tag or declared encoding that
 * differs from the target's), or NULL: m is copied as it is. */
static const char *rewrite_of(const tw_document *d, const tw_run *m,
                              const tw_doc_convert_options *o, size_t *vl)
{
	const char *v = m->role == TW_ROLE_LANG      ? o->lang
	                : m->role == TW_ROLE_CHARSET ? o->charset
	                                             : NULL;
	if (!v)
		return NULL;
	*vl = strlen(v);
	return m->length == *vl && !strncasecmp_n(d->data + m->offset, v, *vl) ? NULL : v;
}

/* Writes the runs [*run_pos, until) that are not converted: unchanged,
 * except language tags. Runs tile the document, so each stretch of
 * unchanged runs is one copy. */
static int emit_between(splice *s, const tw_document *d, size_t *run_pos, size_t until,
                        size_t steps, const tw_doc_convert_options *o)
{
	size_t i = *run_pos;
	while (i < until) {
		size_t j = i, vl = 0;
		const char *v = NULL;
		for (; j < until; j++)
			if ((d->runs[j].role == TW_ROLE_LANG || d->runs[j].role == TW_ROLE_CHARSET) &&
			    (v = rewrite_of(d, &d->runs[j], o, &vl)))
				break;
		if (j > i && copy_raw(s, d, d->runs[i].offset, d->runs[j - 1].offset + d->runs[j - 1].length))
			return TW_ENOMEM;
		if (j == until)
			break;
		const tw_run *m = &d->runs[j];
		if (buf_append(&s->out, v, vl) ||
		    add_span(s, m->offset, m->length, vl, (int)steps, NULL,
		             m->role == TW_ROLE_LANG ? "lang" : "charset"))
			return TW_ENOMEM;
		i = j + 1;
	}
	*run_pos = until > *run_pos ? until : *run_pos;
	return TW_OK;
}

/* Splices the conversion (cv, spans over g->text) into the document.
 * Returns 1 if a changed span reaches across runs (the profile has a key
 * holding a line break): the caller converts run by run instead. */
static int splice_units(splice *s, const tw_document *d, const gathered *g, size_t u0,
                        size_t u1, size_t *run_pos, const char *cv, const tw_span *sp,
                        size_t nsp, size_t steps, const tw_doc_convert_options *o)
{
	size_t si = 0;
	for (size_t ui = u0; ui < u1; ui++) {
		const unit *u = &g->u[ui];
		const tw_run *run = &d->runs[u->run];
		if (emit_between(s, d, run_pos, u->run, steps, o))
			return TW_ENOMEM;
		size_t ue = u->lo + u->ll;
		while (si < nsp && sp[si].src_off + sp[si].src_len <= u->lo && sp[si].src_len)
			si++;
		for (; si < nsp && sp[si].src_off < ue; si++) {
			const tw_span *x = &sp[si];
			size_t a = x->src_off > u->lo ? x->src_off : u->lo;
			size_t b = x->src_off + x->src_len < ue ? x->src_off + x->src_len : ue;
			if (x->step < 0) {
				size_t ra = orig_at(d, u, a), rb = orig_at(d, u, b);
				if (buf_append(&s->out, d->data + ra, rb - ra) ||
				    add_span_g(s, ra, rb - ra, rb - ra, -1, NULL, NULL, x->guard))
					return TW_ENOMEM;
			} else {
				if (x->src_off < u->lo || x->src_off + x->src_len > ue)
					return 1;
				size_t before = s->out.len;
				if (put_converted(&s->out, cv + x->dst_off, x->dst_len, from_ref(u, a, b), d,
				                  run->role) ||
				    add_span_g(s, orig_at(d, u, a), orig_at(d, u, b) - orig_at(d, u, a),
				               s->out.len - before, x->step, x->dict, x->kind, x->guard))
					return TW_ENOMEM;
			}
			if (x->src_off + x->src_len > ue)
				break; /* an unchanged span going on into the next unit */
		}
		*run_pos = u->run + 1;
	}
	return 0;
}

/* Converts units [u0, u1) of g in one call and splices them. */
static int convert_units(splice *s, const tw_document *d, const gathered *g, size_t u0,
                         size_t u1, size_t *run_pos, const tw_profile *p,
                         const tw_doc_convert_options *o, tw_error *err)
{
	size_t lo = u0 < u1 ? g->u[u0].lo : 0, hi = u0 < u1 ? g->u[u1 - 1].lo + g->u[u1 - 1].ll : 0;
	char *cv = NULL;
	tw_span *sp = NULL;
	size_t cl, nsp = 0;
	int rc = tw_convert_aligned(&cv, &cl, &sp, &nsp, p, g->text.data + lo, hi - lo, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < nsp; i++)
		sp[i].src_off += lo;
	rc = splice_units(s, d, g, u0, u1, run_pos, cv, sp, nsp, tw_profile_steps(p), o);
	tw_free(cv);
	tw_free(sp);
	return rc;
}

/* Counts of the bytes that matter to markup around a run. */
static void specials(const char *t, size_t n, size_t c[5])
{
	memset(c, 0, 5 * sizeof *c);
	for (size_t i = 0; i < n; i++)
		switch (t[i]) {
		case '&': c[0]++; break;
		case '<': c[1]++; break;
		case '>': c[2]++; break;
		case '"': c[3]++; break;
		case '\'': c[4]++; break;
		default: break;
		}
}

/* Without alignment: the runs joined by NULs are converted in one
 * tw_convert() call (no key holds a NUL, so each run converts as it would
 * alone) and the output is cut at the NULs. A run that holds character
 * references, or whose conversion changed a byte that matters to the markup,
 * goes through the aligned path. Returns 1 (nothing written) when the
 * document itself holds NULs or the cut does not give one piece per run. */
static int convert_plain(splice *s, const tw_document *d, const gathered *g, size_t *run_pos,
                         buf *cb, const tw_profile *p, const tw_doc_convert_options *o,
                         tw_error *err)
{
	size_t nuls = 0;
	/* only the separators, unless the document itself holds NULs */
	for (const char *q = g->text.data, *e = q + g->text.len - 1;
	     d->has_nul && (q = memchr(q, '\0', (size_t)(e - q))); q++)
		nuls++;
	if (d->has_nul && g->n && nuls != g->n - 1)
		return 1;
	/* tw_doc_parse validated the document and decoded references are valid
	 * UTF-8 (surrogates are not decoded), so the gathered text needs no
	 * second validation: the engine is called directly, in one pass. */
	size_t tl = g->text.len - 1;
	cb->len = 0;
	int rc = buf_reserve(cb, tl + tl / 8 + 1) ? TW_ENOMEM : TW_OK;
	if (!rc)
		rc = convert_run(p, g->text.data, tl, cb, NULL, 0);
	if (rc)
		return tw_fail(err, rc, 0, "conversion: %s", tw_strerror(rc));
	const char *cv = cb->data;
	size_t cl = cb->len;
	const char *piece = cv, *end = cv + cl;
	/* Output holding none of the bytes that matter to markup (the usual
	 * case) is cut at its NULs alone. */
	int any_special = d->markup != TW_MARKUP_TEXT &&
	                  (memchr(cv, '&', cl) || memchr(cv, '<', cl) || memchr(cv, '>', cl) ||
	                   memchr(cv, '"', cl) || memchr(cv, '\'', cl));
	for (size_t i = 0; i < g->n && !rc; i++) {
		/* one scan finds the piece's end and whether it holds a byte that
		 * matters to the markup (the output is NUL-terminated) */
		const char *z;
		int special = 0;
		if (any_special) {
			z = piece + strcspn(piece, "&<>\"'");
			special = *z != '\0';
			if (special)
				z += strlen(z);
		} else {
			z = memchr(piece, '\0', (size_t)(end - piece) + 1);
		}
		if ((z == end) != (i + 1 == g->n)) {
			rc = 1;
			break;
		}
		const unit *u = &g->u[i];
		size_t before[5], after[5];
		int aligned = u->map != NULL && d->markup != TW_MARKUP_TEXT;
		if (!aligned && d->markup != TW_MARKUP_TEXT && special) {
			specials(g->text.data + u->lo, u->ll, before);
			specials(piece, (size_t)(z - piece), after);
			aligned = memcmp(before, after, sizeof before) != 0;
		}
		if (aligned) {
			rc = convert_units(s, d, g, i, i + 1, run_pos, p, o, err);
		} else {
			rc = emit_between(s, d, run_pos, u->run, tw_profile_steps(p), o);
			if (!rc && out_append(&s->out, piece, (size_t)(z - piece)))
				rc = TW_ENOMEM;
			*run_pos = u->run + 1;
		}
		piece = z + 1;
	}
	return rc;
}

/* The gathered window and its conversion, reused from window to window. */
typedef struct windows {
	gathered g;
	buf cb;
} windows;

static void windows_release(windows *w)
{
	gathered_release(&w->g);
	buf_release(&w->cb);
}

/* Converts runs [0, n_runs) without alignment a window at a time: the
 * gathered text and its conversion stay small and are reused, so they stay
 * in cache and cost no fresh pages, whatever the document's size. Each
 * window ends at a run boundary, where the text converts as it would whole
 * (see convert_plain). A window convert_plain cannot cut (a key reaching
 * across runs, NULs in the document) is done again run by run through the
 * aligned path. */
static int convert_windows(splice *s, const tw_document *d, size_t n_runs, size_t *run_pos,
                           windows *w, const tw_profile *p, const tw_doc_convert_options *o,
                           tw_error *err)
{
	int rc = TW_OK;
	if (!w->g.text.cap && buf_reserve(&w->g.text, DOC_WINDOW + DOC_WINDOW / 8))
		return TW_ENOMEM;
	for (size_t r = 0; !rc && r < n_runs;) {
		size_t mark = s->out.len, pos = *run_pos;
		rc = gather_from(&w->g, d, &r, n_runs, 0, '\0', DOC_WINDOW, 1);
		if (!rc && w->g.n)
			rc = convert_plain(s, d, &w->g, run_pos, &w->cb, p, o, err);
		if (rc == 1) {
			s->out.len = mark;
			*run_pos = pos;
			rc = TW_OK;
			for (size_t i = 0; i < w->g.n && !rc; i++)
				rc = convert_units(s, d, &w->g, i, i + 1, run_pos, p, o, err);
			if (rc == 1)
				rc = tw_fail(err, TW_EINVAL, 0, "conversion of one run reached outside it");
		}
	}
	return rc;
}

int tw_doc_convert(char **out, size_t *out_len, tw_span **spans, size_t *n_spans,
                   const tw_document *d, const tw_profile *p, const tw_doc_convert_options *o,
                   tw_error *err)
{
	static const tw_doc_convert_options none = TW_DOC_CONVERT_OPTIONS_INIT;
	if (!o)
		o = &none;
	if (!out || !d || !p || (spans && !n_spans))
		return tw_fail(err, TW_EINVAL, 0, "tw_doc_convert: NULL argument");
	*out = NULL;
	if (spans)
		*spans = NULL;
	int rc = tw_profile_for_document(&p, p, d->data, d->len, err);
	if (rc)
		return rc;
	gathered g;
	memset(&g, 0, sizeof g);
	splice s = {.want_spans = spans != NULL};
	size_t run_pos = 0;
	/* Simplified text is rarely longer than a third more than its source */
	if (buf_reserve(&s.out, d->len + d->len / 3 + 1))
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	if (!spans) {
		windows w;
		memset(&w, 0, sizeof w);
		rc = convert_windows(&s, d, d->n_runs, &run_pos, &w, p, o, err);
		windows_release(&w);
	} else {
		rc = gather(&g, d, 0, '\n');
		/* one call a story (RUN_STORY) */
		for (size_t a = 0, b = 1; !rc && a < g.n; a = b++) {
			while (b < g.n && !doc_story_between(d, g.u[b - 1].run, g.u[b].run))
				b++;
			rc = convert_units(&s, d, &g, a, b, &run_pos, p, o, err);
		}
	}
	if (rc == 1) {
		/* A key crossed a run boundary: start over, one run per call. */
		buf_release(&s.out);
		s.out = (buf){0};
		s.n = 0;
		run_pos = 0;
		rc = 0;
		for (size_t i = 0; i < g.n && !rc; i++)
			rc = convert_units(&s, d, &g, i, i + 1, &run_pos, p, o, err);
		if (rc == 1)
			rc = tw_fail(err, TW_EINVAL, 0, "conversion of one run reached outside it");
	}
	/* what follows the last readable run */
	if (!rc)
		rc = emit_between(&s, d, &run_pos, d->n_runs, tw_profile_steps(p), o);
	if (!rc)
		rc = buf_append(&s.out, "", 1) ? TW_ENOMEM : TW_OK;
	gathered_release(&g);
	if (rc) {
		buf_release(&s.out);
		free(s.spans);
		return rc == TW_ENOMEM ? tw_fail(err, rc, 0, "out of memory") : rc;
	}
	*out = s.out.data;
	if (out_len)
		*out_len = s.out.len - 1;
	if (spans) {
		*spans = s.spans;
		*n_spans = s.n;
	}
	return TW_OK;
}

/* ---------------------------------------------------------------- check */

/* The unit holding gathered offset p (the last one starting at or before it). */
static size_t unit_at(const gathered *g, size_t p)
{
	size_t lo = 0, hi = g->n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (g->u[mid].lo <= p)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Frees the findings items[from, from+n) through the library's own free
 * function, by lending them to a list of their own. */
static void drop_findings(tw_finding *items, size_t n)
{
	if (!n)
		return;
	tw_findings *f = malloc(sizeof *f);
	tw_finding *v = malloc(n * sizeof *v);
	if (!f || !v) {
		free(f);
		free(v);
		return; /* leaks the strings rather than crash */
	}
	memcpy(v, items, n * sizeof *v);
	f->items = v;
	f->count = n;
	tw_findings_free(f);
}

int tw_doc_check(tw_findings **out, const tw_document *d, const tw_lexicon *lex,
                 const tw_check_options *opts, tw_error *err)
{
	if (!out || !d || !lex)
		return tw_fail(err, TW_EINVAL, 0, "tw_doc_check: NULL argument");
	*out = NULL;
	/* a byte order mark is not text: it takes no column */
	size_t bom = d->len >= 3 && !memcmp(d->data, "\xEF\xBB\xBF", 3) ? 3 : 0;
	if (d->markup == TW_MARKUP_TEXT) {
		int rc = tw_check(out, lex, d->data + bom, d->len - bom, opts, err);
		if (rc && err && rc == TW_EUTF8)
			err->offset += bom;
		for (size_t i = 0; !rc && i < (*out)->count; i++)
			(*out)->items[i].offset += bom;
		return rc;
	}
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	if (opts)
		o = *opts;
	int directives = o.directives;
	o.directives = 0; /* the document's comments are not in the gathered text */
	gathered g;
	int rc = gather(&g, d, 1, '\n');
	tw_findings *f = NULL;
	if (rc) {
		gathered_release(&g);
		return tw_fail(err, rc, 0, "out of memory");
	}
	rc = tw_check(&f, lex, g.text.data, g.text.len - 1, &o, err);
	if (rc) {
		gathered_release(&g);
		return rc;
	}
	size_t kept = 0;
	utf8_cursor k = {bom, 1, 1, 1};
	const unsigned char *s = (const unsigned char *)d->data;
	for (size_t i = 0; i < f->count; i++) {
		tw_finding x = f->items[i];
		size_t ua = unit_at(&g, x.offset);
		size_t end = x.offset + x.length;
		size_t ub = x.length ? unit_at(&g, end - 1) : ua;
		const unit *a = &g.u[ua], *b = &g.u[ub];
		size_t pa = x.offset < a->lo + a->ll ? x.offset : a->lo + a->ll;
		size_t pb = end < b->lo + b->ll ? end : b->lo + b->ll;
		size_t oa = orig_at(d, a, pa), ob = orig_at(d, b, pb);
		if (ob < oa)
			ob = oa;
		if (directives && doc_suppressed(d, oa, x.rule)) {
			drop_findings(&f->items[i], 1);
			continue;
		}
		x.offset = oa;
		x.length = ob - oa;
		utf8_cursor_advance(&k, s, oa);
		x.line = k.line;
		x.column = k.col;
		x.column_u16 = k.col16;
		utf8_cursor e = k;
		utf8_cursor_advance(&e, s, ob);
		x.end_line = e.line;
		x.end_column = e.col;
		x.end_column_u16 = e.col16;
		f->items[kept++] = x;
	}
	f->count = kept;
	gathered_release(&g);
	*out = f;
	return TW_OK;
}

/* ---------------------------------------------------------------- one call */

/* A conversion written as the document is parsed: each batch of runs the
 * parser lets go of is converted and spliced, and written out if there is a
 * writer. */
typedef struct streamer {
	splice s;
	windows w;
	const tw_profile *p;
	const tw_doc_convert_options *o;
	tw_write_fn write;
	void *userdata;
	tw_error *err;
} streamer;

static int stream_runs(void *ud, const tw_document *d, size_t n_runs)
{
	streamer *st = ud;
	size_t run_pos = 0;
	int rc = convert_windows(&st->s, d, n_runs, &run_pos, &st->w, st->p, st->o, st->err);
	if (!rc)
		rc = emit_between(&st->s, d, &run_pos, n_runs, tw_profile_steps(st->p), st->o);
	if (rc == TW_ENOMEM)
		return tw_fail(st->err, rc, 0, "out of memory");
	if (!rc && st->write && st->s.out.len) {
		if (st->write(st->userdata, st->s.out.data, st->s.out.len))
			rc = tw_fail(st->err, TW_ECALLBACK, 0, "write callback failed");
		st->s.out.len = 0;
	}
	return rc;
}

/* Parse and convert in one pass (for one output buffer when write is NULL):
 * no run list for the whole document, no gathered copy of its text. */
static int convert_streamed(char **out, size_t *out_len, const tw_profile *p, const char *data,
                            size_t len, const tw_doc_options *dopts,
                            const tw_doc_convert_options *o, tw_write_fn write, void *userdata,
                            tw_error *err)
{
	static const tw_doc_convert_options none = TW_DOC_CONVERT_OPTIONS_INIT;
	int rc = tw_profile_for_document(&p, p, data, len, err);
	if (rc)
		return rc;
	streamer st;
	memset(&st, 0, sizeof st);
	st.p = p;
	st.o = o ? o : &none;
	st.write = write;
	st.userdata = userdata;
	st.err = err;
	/* Converted text is about as long as its source, so one allocation of
	 * its size and a little slack rarely grows. It is not rounded up to a
	 * power of two: malloc maps anything past 32 MiB afresh on every call,
	 * and touching fresh pages costs more than converting into them. */
	size_t want = write || len > TW_DOC_MAX_INPUT ? DOC_WINDOW * 2 : len + len / 16 + 64;
	if (!(st.s.out.data = malloc(want)))
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	st.s.out.cap = want;
	tw_document *d;
	rc = doc_parse(&d, data, len, dopts, stream_runs, &st, err);
	if (!rc) {
		rc = stream_runs(&st, d, d->n_runs);
		tw_doc_free(d);
	}
	if (!rc && !write && buf_append(&st.s.out, "", 1))
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
	windows_release(&st.w);
	if (rc || write) {
		buf_release(&st.s.out);
		return rc;
	}
	*out = st.s.out.data;
	if (out_len)
		*out_len = st.s.out.len - 1;
	return TW_OK;
}

int tw_convert_document(char **out, size_t *out_len, const tw_profile *p, const char *data,
                        size_t len, const tw_doc_options *opts,
                        const tw_doc_convert_options *copts, tw_error *err)
{
	if (out)
		*out = NULL;
	if (!out || !p)
		return tw_fail(err, TW_EINVAL, 0, "tw_convert_document: NULL argument");
	return convert_streamed(out, out_len, p, data, len, opts, copts, NULL, NULL, err);
}

int tw_convert_document_to(const tw_profile *p, const char *data, size_t len,
                           const tw_doc_options *opts, const tw_doc_convert_options *copts,
                           tw_write_fn write, void *userdata, tw_error *err)
{
	if (!p || !write)
		return tw_fail(err, TW_EINVAL, 0, "tw_convert_document_to: NULL argument");
	return convert_streamed(NULL, NULL, p, data, len, opts, copts, write, userdata, err);
}

int tw_check_document(tw_findings **out, const tw_lexicon *lex, const char *data, size_t len,
                      const tw_doc_options *dopts, const tw_check_options *copts, tw_error *err)
{
	tw_document *d;
	if (out)
		*out = NULL;
	int rc = tw_doc_parse(&d, data, len, dopts, err);
	if (rc)
		return rc;
	rc = tw_doc_check(out, d, lex, copts, err);
	tw_doc_free(d);
	return rc;
}
