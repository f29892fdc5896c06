#define _GNU_SOURCE /* memmem, memrchr */
/* The one pass over the text behind the term, cantonese, consistency,
 * script, punct and spelling rules. Each character is decoded once and
 * classified by one load from the lexicon's class table; most characters
 * of clean text stop there. A character a lexicon form may start with is
 * looked up in the compiled dictionary only when the pair filter says a
 * key can start with it and the next character. Matches are
 * leftmost-longest and do not overlap, so a keep entry (a name) covers its
 * text and nothing inside it is flagged. */
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"
#include "guard.h"
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
		int guard = c->families & TW_FAMILY_TERM ? term_hit(c, r, off, len) : -1;
		/* A form inside a name, a title or a quoted mention is the name's
		 * (《程式碼要可重複使用且可攜》, hk2cn keeps it): no variant of the
		 * document's wording. */
		if ((c->families & TW_FAMILY_CONSISTENCY) && r->action == LEX_CONVERT && r->n_sugg &&
		    (guard < 0 ? check_guard(c, r, off, len) : guard) == GUARD_NONE)
			consistency_note(c, r, off, len, 0);
	}
}

/* The text is valid UTF-8 (tw_check and the stream validate it first) and
 * ends on a character: decoded without the checks utf8_decode makes, the
 * three-byte sequences of Chinese first. */
static inline uint32_t decode(const unsigned char *s, size_t *l)
{
	uint32_t b = s[0];
	if ((b & 0xF0) == 0xE0) {
		*l = 3;
		return (b & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	}
	if (b < 0x80) {
		*l = 1;
		return b;
	}
	if (b < 0xE0) {
		*l = 2;
		return (b & 0x1F) << 6 | (s[1] & 0x3F);
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
	size_t n = lex_index_longest(ix, c->lex, (const unsigned char *)c->text + pos,
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

/* The scans that only consistency reads (the second and third of a
 * stream, the second of tw_check) matter only on lines that hold a form
 * of a concept whose occurrences they count or report (consistency_wanted),
 * and no key holds a line feed: no match crosses one, and the scan enters
 * each line as it enters the text. Their lines: the sorted, distinct
 * starts of the lines that hold such a form (its Mainland form, and in
 * the third scan the forms of its convert rows), found with memmem; -1
 * when there are too many forms to look for (or no memory), and the whole
 * text is scanned. */
#define LINE_FORMS_MAX 16

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

static int add_lines(const check_ctx *c, const char *form, size_t **v, size_t *n, size_t *cap)
{
	size_t fl = strlen(form);
	for (size_t p = 0; fl && p + fl <= c->len;) {
		const char *q = memmem(c->text + p, c->len - p, form, fl);
		if (!q)
			break;
		size_t at = (size_t)(q - c->text);
		const char *nl = memrchr(c->text, '\n', at);
		if (*n == *cap) {
			size_t *g = realloc(*v, (*cap = *cap ? 2 * *cap : 64) * sizeof *g);
			if (!g)
				return -1;
			*v = g;
		}
		(*v)[(*n)++] = nl ? (size_t)(nl - c->text) + 1 : 0;
		/* the rest of this line is in already */
		const char *eol = memchr(q, '\n', c->len - at);
		p = eol ? (size_t)(eol - c->text) + 1 : c->len;
	}
	return 0;
}

static int consistency_lines(const check_ctx *c, size_t **out, size_t *n_out)
{
	const tw_lexicon *lex = c->lex;
	*out = NULL;
	*n_out = 0;
	uint8_t *wanted = calloc(lex->n_concepts + 1, 1);
	if (!wanted)
		return -1;
	int both = c->cons_mode == CONS_BOTH;
	const char *form[LINE_FORMS_MAX];
	size_t n_form = 0;
	/* A concept is named by its Mainland form, the first suggestion of its
	 * convert rows; a regional occurrence is one of those rows' forms. */
	size_t n_wanted = consistency_wanted(c, wanted);
	int any = n_wanted == (size_t)-1;
	for (size_t i = 0; i < lex->n_rows && n_wanted && !any && n_form <= LINE_FORMS_MAX; i++) {
		const lex_row *r = lex_row_at(lex, i);
		if (r->action != LEX_CONVERT || !r->n_sugg || !wanted[r->concept])
			continue;
		const char *f[2] = {wanted[r->concept] == 1 ? r->sugg[0] : NULL, both ? r->form : NULL};
		wanted[r->concept] = 2; /* its Mainland form is taken */
		for (int k = 0; k < 2; k++)
			if (f[k] && n_form++ < LINE_FORMS_MAX)
				form[n_form - 1] = f[k];
	}
	free(wanted);
	if (any || n_form > LINE_FORMS_MAX)
		return -1;
	size_t *v = NULL, n = 0, cap = 0;
	for (size_t f = 0; f < n_form; f++)
		if (add_lines(c, form[f], &v, &n, &cap)) {
			free(v);
			return -1;
		}
	if (n)
		qsort(v, n, sizeof *v, cmp_size);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!k || v[i] != v[k - 1])
			v[k++] = v[i];
	*out = v;
	*n_out = k;
	return 0;
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
	/* In locals: the calls below could, as far as the compiler knows,
	 * change what lex points to. */
	const uint8_t *cls = lex->cls;
	const uint64_t *pair_forms = lex->pair_forms, *pair_main = lex->pair_mainland;
	/* The lines to scan when consistency alone reads the scan, the next
	 * of them, and where the scan stops: the end of the line being
	 * scanned, or of the text when all of it is. */
	size_t *lines = NULL, n_lines = 0, li = 0, stop = end;
	if (fam == TW_FAMILY_CONSISTENCY && c->cons_mode != CONS_REGIONAL &&
	    !consistency_lines(c, &lines, &n_lines))
		stop = 0;
	/* The Latin-script token being read (tok: its start, or none). */
	spell_words words = {NULL, 0, 0};
	size_t tok = (size_t)-1;
	for (;;) {
		if (pos >= stop) {
			/* The next line: this scan reads neither tokens, scripts,
			 * punctuation nor prev, and starts it afresh. */
			if (li == n_lines)
				break;
			pos = lines[li++];
			const unsigned char *eol = memchr(s + pos, '\n', end - pos);
			stop = eol ? (size_t)(eol - s) + 1 : end;
			next = decode(s + pos, &l);
			t.ok = 0;
		}
		while (pos < stop) {
			cp = next;
			size_t at = pos + l;
			if (t.ok) {
				next = t.cp;
				nl = t.len;
				t.ok = 0;
			} else {
				next = at < stop ? decode(s + at, &nl) : 0;
			}
			if (spell) {
				if ((cp < 0x80 && spell_token_byte((unsigned char)cp)) ||
				    latin_accented(cp) ||
				    (cp == 0x2019 && tok != (size_t)-1 && ascii_letter(next))) {
					if (tok == (size_t)-1)
						tok = pos;
				} else if (tok != (size_t)-1) {
					spell_token(c, &words, tok, pos);
					tok = (size_t)-1;
					if (c->oom || c->fail)
						break;
				}
			}
			unsigned k = (cp < 0x10000 ? cls[cp] : big_class(lex, cp)) & want;
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
				    ((k & LEX_CFORM1) || may_start(pair_forms, cp, next, &t, s, at + nl, stop)) &&
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
				     may_start(pair_main, cp, next, &t, s, at + nl, stop)) &&
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
		if (pos < stop || stop == end) /* out of memory, or the text scanned */
			break;
	}
	if (tok != (size_t)-1 && !c->oom && !c->fail)
		spell_token(c, &words, tok, end);
	spell_words_free(&words);
	free(lines);
	if (run != (size_t)-1)
		script_run(c, run, c->len);
	if (!(fam & TW_FAMILY_PUNCT))
		free(own.stack);
	else if (!c->ps || c->last)
		punct_finish(c, ps);
	else
		punct_mark_pending(c, ps);
}
