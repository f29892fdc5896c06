/* The one pass over the text behind the term, cantonese, consistency,
 * script and punct rules. Each character is decoded once and classified by
 * one load from the lexicon's class table; most characters of clean text
 * stop there. A character a lexicon form may start with is looked up in
 * the compiled dictionary only when the pair filter says a key can start
 * with it and the next character. Matches are leftmost-longest and do not
 * overlap, so a keep entry (a name) covers its text and nothing inside it
 * is flagged. */
#include <stdlib.h>

#include "check_internal.h"
#include "utf8.h"

/* The class of a character beyond the BMP: its script, and "may start a
 * key" for both dictionaries (the pair filter decides). */
static unsigned big_class(const tw_lexicon *lex, const unsigned char *s, size_t l, uint32_t cp)
{
	int sc = lex_script(lex, s, l, cp);
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

/* Longest match of d at pos, if the class bits and the pair filter allow
 * one; returns its length or 0. */
static size_t match_at(const check_ctx *c, const tw_dict *d, const uint64_t *pair, unsigned k,
                       unsigned alone, size_t pos, uint32_t cp, size_t l, uint32_t next,
                       const lex_row **row)
{
	if (!(k & alone) && !(next && lex_pair_may(pair, cp, next)))
		return 0;
	dict_match m;
	const unsigned char *s = (const unsigned char *)c->text;
	if (!dict_longest(d, s + pos, c->len - pos, cp, l, &m))
		return 0;
	*row = lex_row_of(c->lex, &m);
	if (!*row)
		return 0;
	/* A Cantonese entry outside its context is no match here at all (no
	 * shorter key is tried: contexts sit on short, ambiguous words). */
	if ((*row)->ctx && !ctx_holds((*row)->ctx, c->text, c->len, pos, pos + m.key_len))
		return 0;
	return m.key_len;
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
	if (!want)
		return;
	if ((want & LEX_CMAIN) && lex_mainland_ready(lex)) {
		c->oom = 1;
		return;
	}
	punct_state own = {NULL, 0, 0}, *ps = c->ps ? c->ps : &own;
	size_t form_next = 0, main_next = 0, run = (size_t)-1;
	uint32_t prev = 0;
	size_t pos = 0;
	while (pos < c->len && !c->oom) {
		uint32_t cp = s[pos];
		size_t l = 1;
		unsigned k;
		if (cp < 0x80) {
			k = lex->cls[cp] & want;
		} else {
			cp = utf8_decode(s + pos, c->len - pos, &l);
			k = (cp < 0x10000 ? lex->cls[cp] : big_class(lex, s + pos, l, cp)) & want;
		}
		if (run != (size_t)-1 && !(k & script_bit)) {
			script_run(c, run, pos);
			run = (size_t)-1;
		}
		if (k) {
			if ((k & script_bit) && run == (size_t)-1)
				run = pos;
			if (k & LEX_CPUNCT)
				punct_char(c, ps, cp, pos, l, prev);
			uint32_t next = 0;
			if ((k & (LEX_CFORM | LEX_CMAIN)) && pos + l < c->len) {
				size_t l2;
				next = utf8_decode(s + pos + l, c->len - pos - l, &l2);
			}
			const lex_row *r;
			size_t n;
			if ((k & LEX_CFORM) && pos >= form_next &&
			    (n = match_at(c, &lex->forms, lex->pair_forms, k, LEX_CFORM1, pos, cp, l,
			                  next, &r))) {
				form_hit(c, r, pos, n);
				form_next = pos + n;
				/* A Mainland form inside a regional one or a name is
				 * not an occurrence of it. */
				if (main_next < form_next)
					main_next = form_next;
			}
			if ((k & LEX_CMAIN) && pos >= main_next &&
			    (n = match_at(c, &lex->mainland, lex->pair_mainland, k, LEX_CMAIN1, pos, cp, l,
			                  next, &r))) {
				consistency_note(c, r, pos, n, 1);
				main_next = pos + n;
			}
			if (k & LEX_CNONSTD)
				nonstandard_char(c, pos, l, cp);
		}
		prev = cp;
		pos += l;
	}
	if (run != (size_t)-1)
		script_run(c, run, c->len);
	if (!(fam & TW_FAMILY_PUNCT))
		free(own.stack);
	else if (!c->ps || c->last)
		punct_finish(c, ps);
	else
		punct_mark_pending(c, ps);
}
