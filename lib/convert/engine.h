/* What the conversion engine's files share. Internal.
 *
 * runs.c prepares the text (normalisation, personal-name characters);
 * convert.c converts it segment by segment; align_run.c converts, with
 * alignment, the runs of text the segmentation left unmatched. */
#ifndef TW_ENGINE_H
#define TW_ENGINE_H

#include <stdlib.h>

#include "convert.h"
#include "utf8.h"

typedef struct piece {
	size_t in_off, in_len, out_off, out_len;
	const prof_dict *dict; /* NULL: copied unchanged */
	int step;              /* composed pieces: first step that changed it, or -1 */
	const char *guard;     /* why the name guard vetoed a term here, or NULL */
} piece;

typedef struct piece_vec {
	piece *v;
	size_t n, cap;
} piece_vec;

typedef struct ctx {
	const tw_profile *p;
	buf tmp[2];
	piece_vec comp, next, stepv; /* alignment only */
	int align;
	/* The text being converted and where the current segment starts in
	 * it: the guard looks at the context around a term match. */
	const char *text;
	size_t text_len, seg_off;
	int no_guard; /* converting a key on its own (segmemo.c) */
	/* The 《 in text found so far, walking forward as the guard is asked
	 * about later and later terms: the last one that ends by title_at,
	 * and the next (SIZE_MAX: none). title_seen: the walk has begun. */
	size_t title_at, title_last, title_next;
	int title_seen;
	/* One sense per document (spread.h): the scope's fired cores, or
	 * NULL when the profile spreads none. */
	struct spread_scope *sc;
	/* Where the unmatched text the spread's second pass wrote last ended:
	 * its source offset and the output's length then (0, 0: none yet; a
	 * classifier ends at a source offset past 0). A classifier right before
	 * a spread occurrence is rewritten only when it is the end of such text
	 * (spread_emit). */
	size_t plain_src_end, plain_out_end;
} ctx;

/* Decodes valid UTF-8; ASCII and three-byte characters (all of Chinese
 * copy but a few) first. */
static inline uint32_t next_cp(const unsigned char *s, size_t n, size_t *l)
{
	unsigned b = s[0];
	if (b < 0x80) {
		*l = 1;
		return b;
	}
	if ((b & 0xF0) == 0xE0 && n >= 3) {
		*l = 3;
		return ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	}
	return utf8_decode(s, n, l);
}

/* Appends s as a span of its own, never merged. */
static inline int span_push_new(span_vec *sv, tw_span s)
{
	if (sv->n == sv->cap) {
		tw_span *v = array_grow(sv->v, &sv->cap, sizeof *v, 64);
		if (!v)
			return TW_ENOMEM;
		sv->v = v;
	}
	sv->v[sv->n++] = s;
	return TW_OK;
}

static inline int span_push(span_vec *sv, tw_span s)
{
	/* Merge runs of unchanged text into one span. */
	if (s.step < 0 && !s.guard && sv->n && sv->v[sv->n - 1].step < 0 &&
	    !sv->v[sv->n - 1].guard) {
		sv->v[sv->n - 1].src_len += s.src_len;
		sv->v[sv->n - 1].dst_len += s.dst_len;
		return TW_OK;
	}
	return span_push_new(sv, s);
}

/* Converts the segment seg[0..n), a slice of c->text, through the steps
 * from step0 on, appending to out; with alignment (c->align), appends its
 * spans with source offsets shifted by src_off. */
int convert_segment(ctx *c, const char *seg, size_t n, size_t step0, buf *out,
                    span_vec *spans, size_t src_off);

/* Converts valid UTF-8 text[0..len) already normalised (convert.c);
 * with spans, their source offsets shifted by src_base. sc: the scope's
 * spread state (spread.h), or NULL. */
int convert_text(const tw_profile *p, const char *text, size_t len, buf *out, span_vec *spans,
                 size_t src_base, struct spread_scope *sc);

/* A run of text[0..n) no segmentation key matched, without alignment
 * (convert.c). */
int convert_plain_run(ctx *c, const char *text, size_t n, buf *out);

/* A run of text[0..n) no segmentation key matched, with alignment
 * (align_run.c); source offsets shifted by src_off. */
int align_plain_run(ctx *c, const char *text, size_t n, buf *out, span_vec *spans,
                    size_t src_off);

#endif
