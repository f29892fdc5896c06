/* annotate on a large plain-text file, in memory that does not grow with
 * the file nor with its findings: the file is cut into the scopes a
 * conversion cuts (tw_convert_scope(), so a piece converts as it would in
 * the whole text), each piece converted with its alignment and written
 * into the document's text; then the pieces are converted again and
 * checked with the library's streaming checker, each finding written as
 * it comes with its source position found through the alignment of its
 * piece (a few recent pieces are kept; an older one is read and converted
 * again). What is kept of the whole file is one small record per piece. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tongwen/xml.h"

#define SLOTS 3
#define BATCH 256
/* A scope's size (tw_convert_scope()): the read buffer holds four, and
 * grows only for a line longer than that. */
#define PIECE ((size_t)256 << 10)

/* A piece of the file: where it is in the source and in the conversion,
 * and the source line and column at its start. */
typedef struct piece {
	size_t src_off, src_len, dst_off, dst_len;
	size_t line, col;
} piece;

/* A converted piece held for mapping positions, with a cursor for the
 * findings' starts and one for their ends (they come mostly in order). */
typedef struct cursor {
	size_t at, line, col; /* offset in the piece's source, 1-based line and column */
} cursor;

typedef struct slot {
	size_t k; /* piece index; SIZE_MAX when empty */
	char *src, *dst;
	size_t src_len, dst_len;
	tw_span *spans;
	size_t n;
	cursor cs, ce;
	unsigned long used;
	int pinned; /* its converted text is being checked */
} slot;

typedef struct big {
	FILE *f;
	const char *name;
	const tw_profile *p;
	const tw_doc_convert_options *copt;
	piece *pieces;
	size_t n_pieces;
	slot slots[SLOTS];
	unsigned long clock;
	tw_xml_writer *w;
	int failed; /* an error was printed */
} big;

static int put_out_file(void *ud, const char *data, size_t len)
{
	return fwrite(data, 1, len, ud) == len ? 0 : -1;
}

static void slot_clear(slot *s)
{
	free(s->src);
	tw_free(s->dst);
	tw_free(s->spans);
	memset(s, 0, sizeof *s);
	s->k = SIZE_MAX;
}

/* Converts src[0..len) as plain text with its alignment. */
static int convert_piece(big *b, const char *src, size_t len, char **dst, size_t *dst_len,
                         tw_span **spans, size_t *n)
{
	tw_doc_options dopt = TW_DOC_OPTIONS_INIT;
	dopt.markup = TW_MARKUP_TEXT;
	tw_document *doc = NULL;
	tw_error err = {0};
	int rc = tw_doc_parse(&doc, src, len, &dopt, &err);
	if (!rc)
		rc = tw_doc_convert(dst, dst_len, spans, n, doc, b->p, b->copt, &err);
	tw_doc_free(doc);
	if (rc) {
		die_msg("%s: %s", b->name, err.message);
		b->failed = 1;
	}
	return rc;
}

/* Piece k, read from the file and converted, in a slot (the least recently
 * used one not pinned). */
static slot *load(big *b, size_t k)
{
	slot *s = NULL;
	for (int i = 0; i < SLOTS; i++)
		if (b->slots[i].k == k)
			s = &b->slots[i];
	if (!s) {
		for (int i = 0; i < SLOTS; i++)
			if (!b->slots[i].pinned && (!s || b->slots[i].used < s->used))
				s = &b->slots[i];
		slot_clear(s);
		const piece *pc = &b->pieces[k];
		if (!(s->src = malloc(pc->src_len + 1))) {
			die_msg("%s: out of memory", b->name);
			b->failed = 1;
			return NULL;
		}
		size_t got = 0;
		while (got < pc->src_len) {
			ssize_t r = pread(fileno(b->f), s->src + got, pc->src_len - got,
			                  (off_t)(pc->src_off + got));
			if (r <= 0) {
				die_msg("%s: cannot read it again: %s", b->name,
				        r ? strerror(errno) : "the file got shorter");
				b->failed = 1;
				return NULL;
			}
			got += (size_t)r;
		}
		s->src_len = pc->src_len;
		if (convert_piece(b, s->src, s->src_len, &s->dst, &s->dst_len, &s->spans, &s->n))
			return NULL;
		if (s->dst_len != pc->dst_len) {
			die_msg("%s: the file changed while it was read", b->name);
			b->failed = 1;
			return NULL;
		}
		s->k = k;
		s->cs = s->ce = (cursor){0, pc->line, pc->col};
	}
	s->used = ++b->clock;
	return s;
}

/* ---------------------------------------------------------------- positions */

static size_t codepoints(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Line and column of offset off in the slot's source, moving cursor c:
 * forward from it, back along its line, or else from the piece's start. */
static void position(const slot *s, const piece *pc, cursor *c, size_t off, size_t *line,
                     size_t *col)
{
	if (off < c->at && !memchr(s->src + off, '\n', c->at - off)) {
		c->col -= codepoints(s->src + off, c->at - off);
		c->at = off;
	} else {
		if (off < c->at)
			*c = (cursor){0, pc->line, pc->col};
		for (const char *q = s->src + c->at, *e = s->src + off, *nl; q < e; q = nl + 1) {
			if (!(nl = memchr(q, '\n', (size_t)(e - q)))) {
				c->col += codepoints(q, (size_t)(e - q));
				break;
			}
			c->line++;
			c->col = 1;
		}
		c->at = off;
	}
	*line = c->line;
	*col = c->col;
}

/* Source offset (in the piece) of target offset t (in the piece) where a
 * finding starts: proportional in an unchanged span, the start of a
 * changed span's source. As tw_xml_render maps. */
static size_t map_start(const slot *s, size_t t)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->spans[mid].dst_off + s->spans[mid].dst_len > t)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo == s->n)
		return s->src_len;
	const tw_span *sp = &s->spans[lo];
	return sp->step < 0 ? sp->src_off + (t - sp->dst_off) : sp->src_off;
}

/* ... and where one ends: the end of a changed span's source. */
static size_t map_end(const slot *s, size_t e)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->spans[mid].dst_off >= e)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo == 0)
		return 0;
	const tw_span *sp = &s->spans[lo - 1];
	return sp->step < 0 ? sp->src_off + (e - sp->dst_off) : sp->src_off + sp->src_len;
}

/* The piece holding target offset t (an offset at a piece's end belongs
 * to the piece, so that an empty finding at the text's end has one). */
static size_t piece_of(const big *b, size_t t)
{
	size_t lo = 0, hi = b->n_pieces;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->pieces[mid].dst_off <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The source position of a finding. A finding never crosses a piece's
 * end: pieces end after a line feed, and the checker's findings that span
 * lines (a quote left open) are the quote alone. Its end is mapped in the
 * piece of its start all the same, clamped to it. */
static int source_of(big *b, const tw_finding *x, tw_xml_position *p)
{
	size_t k = piece_of(b, x->offset);
	const piece *pc = &b->pieces[k];
	slot *s = load(b, k);
	if (!s)
		return -1;
	size_t t = x->offset - pc->dst_off;
	size_t e = x->length ? x->offset + x->length - pc->dst_off : t;
	if (e > s->dst_len)
		e = s->dst_len;
	size_t so = map_start(s, t);
	size_t se = x->length ? map_end(s, e) : so;
	if (se < so)
		se = so;
	position(s, pc, &s->cs, so, &p->line, &p->column);
	position(s, pc, &s->ce, se, &p->end_line, &p->end_column);
	p->offset = pc->src_off + so;
	p->length = se - so;
	return 0;
}

static int sink(void *ud, const tw_finding *items, size_t n, const char *text, size_t base,
                size_t len)
{
	(void)text, (void)base, (void)len;
	big *b = ud;
	tw_xml_position pos[BATCH];
	tw_error err = {0};
	for (size_t i = 0; i < n;) {
		size_t k = n - i < BATCH ? n - i : BATCH;
		for (size_t j = 0; j < k; j++)
			if (source_of(b, &items[i + j], &pos[j]))
				return 1;
		if (tw_xml_writer_findings(b->w, items + i, k, pos, &err)) {
			die_msg("%s: %s", b->name, err.code == TW_ECALLBACK ? "write error" : err.message);
			b->failed = 1;
			return 1;
		}
		i += k;
	}
	return 0;
}

/* ---------------------------------------------------------------- passes */

#define CARRY 7 /* strlen("tongwen-") - 1: a marker cut by a read */

int annotate_big_wanted(const char *path, FILE *f, int markup, const char *encoding)
{
	if (!f && !check_big_wanted(path, markup, encoding))
		return 0;
	FILE *in = f ? f : fopen(path, "rb");
	if (!in)
		return 0;
	char *buf = malloc(TW_CHECK_PIECE + CARRY);
	int ok = buf != NULL && !fseek(in, 0, SEEK_SET);
	size_t keep = 0, unchecked = 0, r, total = 0;
	while (ok && (r = fread(buf + keep, 1, TW_CHECK_PIECE, in)) > 0) {
		size_t n = keep + r, cut = whole_chars(buf, n), bad;
		if (total == 0 && r >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
			ok = 0;
		/* invalid UTF-8 goes the whole way, which says where */
		if (memmem(buf, n, "tongwen-", 8) ||
		    tw_utf8_validate(buf + keep - unchecked, cut - (keep - unchecked), &bad))
			ok = 0;
		total += r;
		unchecked = n - cut;
		keep = n < CARRY ? n : CARRY;
		memmove(buf, buf + n - keep, keep);
	}
	ok = ok && !unchecked && !ferror(in) && total > TW_CHECK_PIECE;
	free(buf);
	if (!f)
		fclose(in);
	else if (fseek(f, 0, SEEK_SET))
		ok = 0;
	return ok;
}

/* Pass 1: cuts the file into the scopes a conversion of the whole text
 * cuts (tw_convert_scope: the first line break after 256 KiB while more
 * than 512 KiB remain), converts each and writes it into the document's
 * text, recording the pieces. */
static int text_pass(big *b)
{
	size_t cap = 4 * PIECE, have = 0, cap_pieces = 0;
	char *buf = malloc(cap);
	size_t src_off = 0, dst_off = 0, line = 1, col = 1;
	int eof = 0, rc = 0;
	if (!buf) {
		die_msg("%s: out of memory", b->name);
		return -1;
	}
	while (!rc && (have || !eof)) {
		size_t cut = tw_convert_scope(b->p, buf, have, !eof);
		if (!cut) { /* the scope's end is not held yet: read on */
			if (have == cap) {
				char *g = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
				if (!g) {
					die_msg("%s: out of memory (a line of %zu bytes)", b->name, have);
					rc = -1;
					break;
				}
				buf = g;
				cap *= 2;
			}
			size_t r = fread(buf + have, 1, cap - have, b->f);
			have += r;
			if (!r) {
				eof = 1;
				if (ferror(b->f)) {
					die_msg("%s: read error: %s", b->name, strerror(errno));
					rc = -1;
				}
			}
			continue;
		}
		char *dst = NULL;
		tw_span *spans = NULL;
		size_t dst_len = 0, n = 0;
		tw_error err = {0};
		if (b->n_pieces == cap_pieces) {
			piece *g = realloc(b->pieces, (cap_pieces * 2 + 16) * sizeof *g);
			if (!g) {
				die_msg("%s: out of memory", b->name);
				rc = -1;
				break;
			}
			b->pieces = g;
			cap_pieces = cap_pieces * 2 + 16;
		}
		if (convert_piece(b, buf, cut, &dst, &dst_len, &spans, &n)) {
			rc = -1;
		} else if (tw_xml_writer_text(b->w, buf, cut, dst, dst_len, spans, n, &err)) {
			die_msg("%s: %s", b->name, err.code == TW_ECALLBACK ? "write error" : err.message);
			rc = -1;
		} else {
			b->pieces[b->n_pieces++] = (piece){src_off, cut, dst_off, dst_len, line, col};
			for (const char *q = buf, *e = buf + cut, *nl; q < e; q = nl + 1) {
				if (!(nl = memchr(q, '\n', (size_t)(e - q)))) {
					col += codepoints(q, (size_t)(e - q));
					break;
				}
				line++;
				col = 1;
			}
			src_off += cut;
			dst_off += dst_len;
		}
		tw_free(dst);
		tw_free(spans);
		memmove(buf, buf + cut, have - cut);
		have -= cut;
	}
	free(buf);
	return rc;
}

/* Pass 2 (and the checker's further passes): each piece converted again
 * and fed to the checker, whose findings go to the document. */
static int check_pass(big *b, const tw_lexicon *lex, const tw_check_options *co)
{
	tw_check_stream *cs = NULL;
	tw_error err = {0};
	int rc = tw_check_stream_open(&cs, lex, co, sink, b, &err);
	for (int again = !rc; again && !rc;) {
		again = 0;
		for (size_t k = 0; k < b->n_pieces && !rc; k++) {
			slot *s = load(b, k);
			if (!s) {
				rc = -1;
				break;
			}
			s->pinned = 1;
			rc = tw_check_stream_write(cs, s->dst, s->dst_len, &err);
			s->pinned = 0;
		}
		if (!rc)
			rc = tw_check_stream_finish(cs, &again, &err);
	}
	if (rc && !b->failed)
		die_msg("%s: %s", b->name, err.message);
	tw_check_stream_free(cs);
	return rc ? -1 : 0;
}

/* The document's register, from its first TW_REGISTER_WINDOW bytes as the
 * one-shot calls read it, decided once: every piece is converted with the same profile. Prints
 * its errors; leaves the file at its start. */
static int pick_register(big *b)
{
	char *head = malloc(TW_REGISTER_WINDOW);
	if (!head) {
		die_msg("%s: out of memory", b->name);
		return -1;
	}
	size_t n = fread(head, 1, TW_REGISTER_WINDOW, b->f);
	tw_error err = {0};
	int rc = 0;
	if (ferror(b->f) || fseek(b->f, 0, SEEK_SET)) {
		die_msg("%s: cannot read it: %s", b->name, strerror(errno));
		rc = -1;
	} else if (tw_profile_for_document(&b->p, b->p, head, n, &err)) {
		die_msg("%s: %s", b->name, err.message);
		rc = -1;
	}
	free(head);
	return rc;
}

int annotate_big(const tw_profile *p, const tw_doc_convert_options *copt,
                 const tw_lexicon *lex, const tw_check_options *co, const char *path,
                 FILE *spool, const char *name, const tw_xml_options *xo, FILE *out)
{
	big b;
	memset(&b, 0, sizeof b);
	for (int i = 0; i < SLOTS; i++)
		b.slots[i].k = SIZE_MAX;
	b.name = name;
	b.p = p;
	b.copt = copt;
	b.f = spool ? spool : fopen(path, "rb");
	if (!b.f) {
		die_msg("%s: %s", name, strerror(errno));
		return -1;
	}
	tw_error err = {0};
	int rc = -1;
	if (fseek(b.f, 0, SEEK_SET))
		die_msg("%s: cannot read it: %s", name, strerror(errno));
	else if (pick_register(&b))
		; /* printed */
	else if (tw_xml_writer_open(&b.w, xo, put_out_file, out, &err))
		die_msg("%s: %s", name, err.message);
	else if (!text_pass(&b) && !check_pass(&b, lex, co)) {
		if (tw_xml_writer_finish(b.w, &err))
			die_msg("%s: %s", name, err.code == TW_ECALLBACK ? "write error" : err.message);
		else
			rc = 0;
	}
	tw_xml_writer_free(b.w);
	for (int i = 0; i < SLOTS; i++)
		slot_clear(&b.slots[i]);
	free(b.pieces);
	if (!spool)
		fclose(b.f);
	return rc;
}
