/* Lexicon rules: regional wording (term), Cantonese (cantonese) and one
 * concept written two ways (consistency). One leftmost-longest pass over
 * the lexicon's forms in both scripts: a keep entry's match covers its
 * text, so nothing inside a name is flagged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"
#include "utf8.h"

/* An occurrence of a concept, for the consistency rule. */
typedef struct occ {
	const lex_row *row;
	size_t off, len;
	int mainland; /* written in the Mainland form */
} occ;

typedef struct occ_vec {
	occ *v;
	size_t n, cap;
} occ_vec;

static int occ_push(occ_vec *o, occ x)
{
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 32;
		occ *v = realloc(o->v, cap * sizeof *v);
		if (!v)
			return -1;
		o->v = v;
		o->cap = cap;
	}
	o->v[o->n++] = x;
	return 0;
}

static const char *region_word(const char *region)
{
	if (!strcmp(region, "tw"))
		return "Taiwan";
	if (!strcmp(region, "both"))
		return "Hong Kong and Taiwan";
	return "Hong Kong";
}

/* Is the entry's wording foreign to the target? */
static int flag_for_target(const lex_row *r, tw_target t)
{
	if (t == TW_TARGET_CN)
		return 1;
	if (t == TW_TARGET_HK)
		return !strcmp(r->region, "tw");
	return !strcmp(r->region, "hk");
}

static void join_sugg(const lex_row *r, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < r->n_sugg && n + 8 < cap; i++) {
		int w = snprintf(out + n, cap - n, "%s%s", i ? (i + 1 == r->n_sugg ? " or " : ", ") : "",
		                 r->sugg[i]);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

static void term_finding(check_ctx *c, const lex_row *r, size_t off, size_t len)
{
	char alts[512];
	join_sugg(r, alts, sizeof alts);
	const char *const *sugg = (const char *const *)r->sugg;
	const char *who = region_word(r->region);
	if (c->target != TW_TARGET_CN) {
		add_finding(c, r->action == LEX_CONVERT ? "term/convert" : "term/review",
		            r->action == LEX_CONVERT ? TW_SEV_ERROR : TW_SEV_WARNING, off, len, r->note,
		            NULL, 0, "%.*s is %s wording, not %s usage (Mainland: %s)", (int)len,
		            c->text + off, who, c->target == TW_TARGET_HK ? "Hong Kong" : "Taiwan",
		            alts);
		return;
	}
	/* A review word whose own spelling is one of its Mainland forms (户口,
	 * 检讨, 高考) is right in some senses: a note, not a warning. */
	int also_mainland = 0;
	for (size_t i = 0; i < r->n_sugg; i++)
		also_mainland |= strlen(r->sugg[i]) == len && !memcmp(r->sugg[i], c->text + off, len);
	if (r->action == LEX_CONVERT)
		add_finding(c, "term/convert", TW_SEV_ERROR, off, len, r->note, sugg, r->n_sugg,
		            "%.*s is %s usage; Mainland: %s", (int)len, c->text + off, who, alts);
	else if (also_mainland)
		add_finding(c, "term/review", TW_SEV_INFO, off, len, r->note, sugg, r->n_sugg,
		            "%.*s is also Mainland usage, but in the %s sense it may need %s", (int)len,
		            c->text + off, who, alts);
	else
		add_finding(c, "term/review", TW_SEV_WARNING, off, len, r->note, sugg, r->n_sugg,
		            "%.*s is %s usage; the Mainland form depends on the sense: %s", (int)len,
		            c->text + off, who, alts);
}

/* A concept is named by its Mainland form: 的士 (Hong Kong) and 計程車
 * (Taiwan) are both 出租车. */
static const char *concept(const occ *o)
{
	return o->row->sugg[0];
}

static int cmp_occ(const void *a, const void *b)
{
	const occ *x = a, *y = b;
	int s = strcmp(concept(x), concept(y));
	if (s)
		return s;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* One concept in both its regional and its Mainland form: a warning on the
 * first occurrence of the rarer form (the regional one on a tie). */
static void consistency(check_ctx *c, occ_vec *o)
{
	if (!o->n)
		return;
	qsort(o->v, o->n, sizeof *o->v, cmp_occ);
	for (size_t i = 0; i < o->n;) {
		size_t j = i, nreg = 0, nmain = 0;
		while (j < o->n && !strcmp(concept(&o->v[j]), concept(&o->v[i]))) {
			if (o->v[j].mainland)
				nmain++;
			else
				nreg++;
			j++;
		}
		if (nreg && nmain) {
			int flag_mainland = nmain < nreg;
			const occ *first = NULL, *other = NULL;
			for (size_t k = i; k < j; k++) {
				if (o->v[k].mainland == flag_mainland && !first)
					first = &o->v[k];
				if (o->v[k].mainland != flag_mainland && !other)
					other = &o->v[k];
			}
			const char *mainland_form = concept(first);
			add_finding(c, "consistency/mixed", TW_SEV_WARNING, first->off, first->len, NULL,
			            flag_mainland ? NULL : &mainland_form, flag_mainland ? 0 : 1,
			            "%.*s and %.*s both name one thing here (%zu and %zu times): use one "
			            "form",
			            (int)first->len, c->text + first->off, (int)other->len,
			            c->text + other->off, flag_mainland ? nmain : nreg,
			            flag_mainland ? nreg : nmain);
		}
		i = j;
	}
}

void check_terms(check_ctx *c, int term, int cantonese, int consist)
{
	const tw_lexicon *lex = c->lex;
	const unsigned char *s = (const unsigned char *)c->text;
	occ_vec o = {0};
	for (size_t pos = 0; pos < c->len;) {
		size_t l;
		uint32_t cp = utf8_decode(s + pos, c->len - pos, &l);
		dict_match m;
		if (!dict_may_start(&lex->forms, cp) ||
		    !dict_longest(&lex->forms, s + pos, c->len - pos, cp, l, &m)) {
			pos += l;
			continue;
		}
		const lex_row *r = lex_row_of(lex, &m);
		if (r && r->action == LEX_CANTONESE && cantonese) {
			char alts[512];
			join_sugg(r, alts, sizeof alts);
			add_finding(c, "cantonese/word", TW_SEV_WARNING, pos, m.key_len, r->note,
			            (const char *const *)r->sugg, r->n_sugg,
			            "%.*s is Cantonese; in standard written Chinese: %s", (int)m.key_len,
			            c->text + pos, alts);
		} else if (r && (r->action == LEX_CONVERT || r->action == LEX_REVIEW) &&
		           flag_for_target(r, c->target)) {
			if (term)
				term_finding(c, r, pos, m.key_len);
			if (consist && r->action == LEX_CONVERT && c->target == TW_TARGET_CN &&
			    occ_push(&o, (occ){r, pos, m.key_len, 0}))
				c->oom = 1;
		}
		pos += m.key_len;
	}
	/* The Mainland forms of the same concepts, for consistency. */
	for (size_t pos = 0; consist && c->target == TW_TARGET_CN && pos < c->len;) {
		size_t l;
		uint32_t cp = utf8_decode(s + pos, c->len - pos, &l);
		dict_match m;
		if (!dict_may_start(&lex->mainland, cp) ||
		    !dict_longest(&lex->mainland, s + pos, c->len - pos, cp, l, &m)) {
			pos += l;
			continue;
		}
		const lex_row *r = lex_row_of(lex, &m);
		if (r && occ_push(&o, (occ){r, pos, m.key_len, 1}))
			c->oom = 1;
		pos += m.key_len;
	}
	if (consist)
		consistency(c, &o);
	free(o.v);
}
