/* The one pass over the text behind the term, cantonese, consistency,
 * script, punct and spelling rules. Each character is decoded once and
 * classified by one load from the lexicon's class table; most characters
 * of clean text stop there. A character a lexicon form may start with is
 * looked up in the compiled dictionary only when the pair filter says a
 * key can start with it and the next character. Matches are
 * leftmost-longest and do not overlap, so a keep entry (a name) covers its
 * text and nothing inside it is flagged. */
#include <stdlib.h>

#include "check_internal.h"
#include "utf8.h"

/* The class of a character beyond the BMP: its script, and "may start a
 * key" for both dictionaries (the pair filter decides). */
static unsigned big_class(const tw_lexicon *lex, uint32_t cp)
{
	int sc = lex_script(lex, cp);
	return (sc == 'T' ? LEX_CTRAD : sc == 'S' ? LEX_CSIMP : 0u) | LEX_CFORM | LEX_CMAIN |
	       (sc != 'T' && lex_nonstandard(lex, cp) ? LEX_CNONSTD : 0u);
}

/* Does a Cantonese form hold a character of its own, outside the Mainland
 * standard (嗰, 喺, 咗)? Then no Mainland word can hold it: the word
 * boundary test would only let a Mainland word next to it (個人 after 嗰)
 * swallow it. */
static int has_own_char(const check_ctx *c, const lex_row *r, size_t off, size_t len)
{
	if (r->action != LEX_CANTONESE)
		return 0;
	const unsigned char *s = (const unsigned char *)c->text;
	for (size_t p = off, l; p < off + len; p += l)
		if (lex_nonstandard(c->lex, utf8_decode(s + p, off + len - p, &l)))
			return 1;
	return 0;
}

/* A lexicon form matched: hand it to the families that want it. A form of
 * two or more characters inside a longer word (业者 in 从业者) is no
 * occurrence of it. */
static void form_hit(check_ctx *c, const lex_row *r, size_t off, size_t len)
{
	if (r->action != LEX_KEEP && len > 4 && !has_own_char(c, r, off, len) &&
	    !check_word_boundaries(c, off, len))
		return;
	if (r->action == LEX_CANTONESE) {
		/* 1 is GUARD_NAME: a word inside a gazetteer name is the name's. */
		if ((c->families & TW_FAMILY_CANTONESE) && check_guard(c, r, off, len) != 1)
			cantonese_hit(c, r, off, len);
	} else if (r->action == LEX_CONVERT || r->action == LEX_REVIEW) {
		if (c->families & TW_FAMILY_TERM)
			term_hit(c, r, off, len);
		if ((c->families & TW_FAMILY_CONSISTENCY) && r->action == LEX_CONVERT && r->n_sugg)
			consistency_note(c, r, off, len, 0);
	}
}

/* The text is valid UTF-8 (tw_check and the stream validate it first) and
 * ends on a character: decoded without the checks utf8_decode makes. */
static inline uint32_t decode(const unsigned char *s, size_t *l)
{
	uint32_t b = s[0];
	if (b < 0x80) {
		*l = 1;
		return b;
	}
	if (b < 0xE0) {
		*l = 2;
		return (b & 0x1F) << 6 | (s[1] & 0x3F);
	}
	if (b < 0xF0) {
		*l = 3;
		return (b & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	}
	*l = 4;
	return (b & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 | (uint32_t)(s[2] & 0x3F) << 6 |
	       (s[3] & 0x3F);
}

/* Longest match of ix at pos (the start filter let it through), of l
 * bytes or more (l: the first character, or the first two when the first
 * is no key); returns its length or 0. */
static size_t match_at(const check_ctx *c, const lex_index *ix, size_t pos, size_t l,
                       const lex_row **row)
{
	size_t n = lex_index_longest(ix, c->lex->rows, (const unsigned char *)c->text + pos,
	                             c->len - pos, l, row);
	if (!n)
		return 0;
	/* A Cantonese entry outside its context is no match here at all (no
	 * shorter key is tried: contexts sit on short, ambiguous words). */
	if ((*row)->ctx && !ctx_holds((*row)->ctx, c->text, c->len, pos, pos + n))
		return 0;
	return n;
}

/* The character after the next one, decoded when a start filter first
 * asks for it and kept until the scan reaches it. */
typedef struct {
	uint32_t cp;
	size_t len;
	int ok;
} third;

/* May a key of the dictionary with this start filter start with a, b and
 * the character after b (b 0 at the end of the text)? */
static inline int may_start(const uint64_t *filter, uint32_t a, uint32_t b, third *t,
                            const unsigned char *s, size_t at, size_t end)
{
	if (!b || !lex_pair_may(filter, a, b))
		return 0;
	if (!t->ok) {
		t->cp = at < end ? decode(s + at, &t->len) : 0;
		t->ok = 1;
	}
	return lex_pair_tri_may(filter, a, b, t->cp);
}

void check_scan(check_ctx *c)
{
	const tw_lexicon *lex = c->lex;
	const unsigned char *s = (const unsigned char *)c->text;
	unsigned fam = c->families;
	unsigned script_bit = c->target == TW_TARGET_CN ? LEX_CTRAD : LEX_CSIMP;
	unsigned want = 0;
	if (fam & TW_FAMILY_SCRIPT)
		want |= script_bit;
	if ((fam & TW_FAMILY_SCRIPT) && c->target == TW_TARGET_CN)
		want |= LEX_CNONSTD;
	if (fam & TW_FAMILY_PUNCT)
		want |= LEX_CPUNCT;
	if (fam & (TW_FAMILY_TERM | TW_FAMILY_CANTONESE | TW_FAMILY_CONSISTENCY))
		want |= LEX_CFORM | LEX_CFORM1;
	if ((fam & TW_FAMILY_CONSISTENCY) && c->cons_mode != CONS_REGIONAL)
		want |= LEX_CMAIN | LEX_CMAIN1;
	int spell = (fam & TW_FAMILY_SPELLING) != 0;
	/* The scan for Mainland forms (CONS_MAINLAND, consistency alone) notes
	 * no lexicon form: it matches them only so that a Mainland form inside
	 * one is no occurrence, and form_hit's word boundary test, the dearest
	 * part of a match, would decide nothing. */
	int note_forms = (fam & (TW_FAMILY_TERM | TW_FAMILY_CANTONESE)) ||
	                 ((fam & TW_FAMILY_CONSISTENCY) && c->cons_mode != CONS_MAINLAND);
	if (!want && !spell)
		return;
	if ((want & LEX_CMAIN) && lex_mainland_ready(lex)) {
		c->oom = 1;
		return;
	}
	punct_state own = {NULL, 0, 0}, *ps = c->ps ? c->ps : &own;
	size_t form_next = 0, main_next = 0, run = (size_t)-1;
	uint32_t prev = 0;
	size_t pos = 0, end = c->len;
	if (!end)
		return;
	/* Each character is decoded once, one ahead of the scan: the start
	 * filters look at the next one (and now and then the one after). */
	size_t l, nl = 0;
	uint32_t cp, next = decode(s, &l);
	third t = {0, 0, 0};
	/* The Latin-script token being read (tok: its start, or none). */
	spell_words words = {NULL, 0, 0};
	size_t tok = (size_t)-1;
	while (pos < end) {
		cp = next;
		size_t at = pos + l;
		if (t.ok) {
			next = t.cp;
			nl = t.len;
			t.ok = 0;
		} else {
			next = at < end ? decode(s + at, &nl) : 0;
		}
		if (spell) {
			if (cp < 0x80 && spell_token_byte((unsigned char)cp)) {
				if (tok == (size_t)-1)
					tok = pos;
			} else if (tok != (size_t)-1) {
				spell_token(c, &words, tok, pos);
				tok = (size_t)-1;
				if (c->oom || c->fail)
					break;
			}
		}
		unsigned k = (cp < 0x10000 ? lex->cls[cp] : big_class(lex, cp)) & want;
		if (run != (size_t)-1 && !(k & script_bit)) {
			script_run(c, run, pos);
			run = (size_t)-1;
			if (c->oom)
				break;
		}
		if (k) {
			if ((k & script_bit) && run == (size_t)-1)
				run = pos;
			if (k & LEX_CPUNCT)
				punct_char(c, ps, cp, pos, l, prev);
			const lex_row *r;
			size_t n;
			if ((k & LEX_CFORM) && pos >= form_next &&
			    ((k & LEX_CFORM1) || may_start(lex->pair_forms, cp, next, &t, s, at + nl, end)) &&
			    (n = match_at(c, &lex->forms, pos, k & LEX_CFORM1 ? l : l + nl, &r))) {
				if (note_forms)
					form_hit(c, r, pos, n);
				form_next = pos + n;
				/* A Mainland form inside a regional one or a name is
				 * not an occurrence of it. */
				if (main_next < form_next)
					main_next = form_next;
			}
			if ((k & LEX_CMAIN) && pos >= main_next &&
			    ((k & LEX_CMAIN1) ||
			     may_start(lex->pair_mainland, cp, next, &t, s, at + nl, end)) &&
			    (n = match_at(c, &lex->mainland, pos, k & LEX_CMAIN1 ? l : l + nl, &r))) {
				consistency_note(c, r, pos, n, 1);
				main_next = pos + n;
			}
			if (k & LEX_CNONSTD)
				nonstandard_char(c, pos, l, cp);
			if (c->oom)
				break;
		}
		prev = cp;
		pos = at;
		l = nl;
	}
	if (tok != (size_t)-1 && !c->oom && !c->fail)
		spell_token(c, &words, tok, end);
	spell_words_free(&words);
	if (run != (size_t)-1)
		script_run(c, run, c->len);
	if (!(fam & TW_FAMILY_PUNCT))
		free(own.stack);
	else if (!c->ps || c->last)
		punct_finish(c, ps);
	else
		punct_mark_pending(c, ps);
}
