/* Consistency rule: one concept written in several forms in one document,
 * say 的士 and 出租车, or 的士 (Hong Kong) and 計程車 (Taiwan). A concept is
 * named by its Mainland form (the first suggestion of a convert entry); its
 * forms are grouped by variety: Mainland, Hong Kong, Taiwan, both. The
 * variety written most often is the document's choice (on a tie, the one
 * written first); every occurrence of another variety gets a warning. */
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"

void consistency_note(check_ctx *c, const lex_row *r, size_t off, size_t len, int mainland)
{
	if (c->cons_mode == CONS_MAINLAND && !mainland)
		return; /* noted by the first scan */
	if (c->sum) {
		consistency_stream_note(c, r, off, len, mainland);
		return;
	}
	if (c->n_occ == c->cap_occ) {
		size_t cap = c->cap_occ ? c->cap_occ * 2 : 64;
		occ *v = realloc(c->occ, cap * sizeof *v);
		if (!v) {
			c->oom = 1;
			return;
		}
		c->occ = v;
		c->cap_occ = cap;
	}
	c->occ[c->n_occ++] = (occ){r, off, len, mainland};
}

/* 0 Mainland, 1 Hong Kong, 2 Taiwan, 3 both. */
static int variety_of(const lex_row *row, int mainland)
{
	if (mainland)
		return 0;
	const char *r = row->region;
	return !strcmp(r, "hk") ? 1 : !strcmp(r, "tw") ? 2 : 3;
}

static int variety(const occ *o)
{
	return variety_of(o->row, o->mainland);
}

/* The finding for an occurrence [off, off + len) of row (in the Mainland
 * form or not) that is not of the variety the document chose, whose
 * first occurrence reads chosen[0..chosen_len). */
static void mixed(check_ctx *c, const lex_row *row, size_t off, size_t len, int mainland,
                  const char *chosen, size_t chosen_len, size_t count, size_t count_best)
{
	/* In Mainland text the Mainland form is the fix whatever the majority
	 * (and a Mainland occurrence needs none); elsewhere, the form the
	 * document mostly uses. */
	const char *fix = row->sugg[0];
	size_t fix_len = strlen(fix);
	char form[256];
	if (c->target != TW_TARGET_CN) {
		fix_len = chosen_len < sizeof form ? chosen_len : sizeof form - 1;
		memcpy(form, chosen, fix_len);
		form[fix_len] = '\0';
		fix = form;
	}
	int same = mainland && c->target == TW_TARGET_CN;
	same |= fix_len == len && !memcmp(fix, c->text + off, len);
	add_finding(c, "consistency/mixed", TW_SEV_WARNING, off, len, NULL, &fix, same ? 0 : 1,
	            "%.*s and %.*s name the same thing in this document (%zu and %zu times): "
	            "use one form",
	            (int)len, c->text + off, (int)chosen_len, chosen, count, count_best);
}

/* The variety a concept's occurrences should be written in: the most
 * frequent, on a tie the first written; -1 if only one variety occurs. */
static int best_variety(const size_t count[4], const size_t first[4])
{
	int kinds = 0, best = -1;
	for (int k = 0; k < 4; k++) {
		if (!count[k])
			continue;
		kinds++;
		if (best < 0 || count[k] > count[best] ||
		    (count[k] == count[best] && first[k] < first[best]))
			best = k;
	}
	return kinds < 2 ? -1 : best;
}

/* One occurrence of a variety of a concept, at offset at of the whole
 * text, counted in the summary (passes 1 and 2). */
void consistency_note_apply(cons_summary *sum, uint32_t concept, int v, size_t at,
                            const char *form, size_t len)
{
	cons_concept *k = &sum->v[concept];
	if (!(k->count[0] | k->count[1] | k->count[2] | k->count[3]))
		sum->met[sum->n_met++] = concept;
	if (!k->count[v]++) {
		k->first[v] = at;
		size_t n = len < sizeof k->form[v] ? len : sizeof k->form[v] - 1;
		memcpy(k->form[v], form, n);
		k->form_len[v] = (unsigned char)n;
	}
}

void consistency_stream_note(check_ctx *c, const lex_row *r, size_t off, size_t len,
                             int mainland)
{
	cons_concept *k = &c->sum->v[r->concept];
	int v = variety_of(r, mainland);
	/* Pass 2 reads the regional counts, which pass 1 completed. */
	if (c->sum->pass == 2 && !(k->count[1] | k->count[2] | k->count[3]))
		return; /* a Mainland form of a concept never written otherwise */
	if (c->sum->pass < 3) {
		if (!c->log) {
			consistency_note_apply(c->sum, r->concept, v, c->base + off, c->text + off, len);
			return;
		}
		if (c->log->n == c->log->cap) {
			size_t cap = c->log->cap ? c->log->cap * 2 : 64;
			cons_note *g = realloc(c->log->v, cap * sizeof *g);
			if (!g) {
				c->oom = 1;
				return;
			}
			c->log->v = g;
			c->log->cap = cap;
		}
		c->log->v[c->log->n++] = (cons_note){r->concept, (unsigned char)v, off, len};
		return;
	}
	int best = best_variety(k->count, k->first);
	if (best >= 0 && v != best)
		mixed(c, r, off, len, mainland, k->form[best], k->form_len[best], k->count[v],
		      k->count[best]);
}

int consistency_stream_mixed(const tw_lexicon *lex, const cons_summary *s)
{
	(void)lex;
	for (size_t j = 0; j < s->n_met; j++) {
		const cons_concept *k = &s->v[s->met[j]];
		if (best_variety(k->count, k->first) >= 0)
			return 1;
	}
	return 0;
}

int consistency_stream_regional(const tw_lexicon *lex, const cons_summary *s)
{
	(void)lex;
	for (size_t j = 0; j < s->n_met; j++) {
		const cons_concept *k = &s->v[s->met[j]];
		if (k->count[1] | k->count[2] | k->count[3])
			return 1;
	}
	return 0;
}

size_t consistency_wanted(const check_ctx *c, uint8_t *wanted)
{
	size_t n = 0;
	if (!c->sum && c->cons_mode == CONS_MAINLAND) {
		/* the first scan noted regional forms only */
		for (size_t i = 0; i < c->n_occ; i++)
			if (!wanted[c->occ[i].row->concept]) {
				wanted[c->occ[i].row->concept] = 1;
				n++;
			}
		return n;
	}
	if (!c->sum || (c->sum->pass != 2 && c->sum->pass != 3))
		return (size_t)-1;
	/* a concept never met has no counts: only those met can be wanted */
	for (size_t j = 0; j < c->sum->n_met; j++) {
		uint32_t i = c->sum->met[j];
		const cons_concept *k = &c->sum->v[i];
		if (c->sum->pass == 2 ? (k->count[1] | k->count[2] | k->count[3]) != 0
		                      : best_variety(k->count, k->first) >= 0) {
			wanted[i] = 1;
			n++;
		}
	}
	return n;
}

static int cmp_occ(const void *a, const void *b)
{
	const occ *x = a, *y = b;
	if (x->row->concept != y->row->concept)
		return x->row->concept < y->row->concept ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Flags the occurrences in v[0..n) (one concept, sorted by offset) that are
 * not of the chosen variety. */
static void judge(check_ctx *c, const occ *v, size_t n)
{
	size_t count[4] = {0}, first[4] = {0};
	const occ *first_occ[4] = {NULL};
	for (size_t i = 0; i < n; i++) {
		int k = variety(&v[i]);
		if (!count[k]++) {
			first_occ[k] = &v[i];
			first[k] = v[i].off;
		}
	}
	int best = best_variety(count, first);
	if (best < 0)
		return;
	const occ *chosen = first_occ[best];
	for (size_t i = 0; i < n; i++) {
		const occ *o = &v[i];
		if (variety(o) != best)
			mixed(c, o->row, o->off, o->len, o->mainland, c->text + chosen->off, chosen->len,
			      count[variety(o)], count[best]);
	}
}

void consistency_finish(check_ctx *c)
{
	if (c->n_occ < 2 || c->oom)
		return;
	/* Most concepts appear in one variety only: find the others first, so
	 * that clean text costs one pass over its occurrences and no sort. */
	uint8_t *seen = calloc(c->lex->n_concepts, 1);
	if (!seen) {
		c->oom = 1;
		return;
	}
	for (size_t i = 0; i < c->n_occ; i++)
		seen[c->occ[i].row->concept] |= (uint8_t)(1u << variety(&c->occ[i]));
	size_t k = 0;
	for (size_t i = 0; i < c->n_occ; i++) {
		uint8_t m = seen[c->occ[i].row->concept];
		if (m & (m - 1)) /* two varieties or more */
			c->occ[k++] = c->occ[i];
	}
	free(seen);
	qsort(c->occ, k, sizeof *c->occ, cmp_occ);
	for (size_t i = 0; i < k;) {
		size_t j = i + 1;
		while (j < k && c->occ[j].row->concept == c->occ[i].row->concept)
			j++;
		judge(c, c->occ + i, j - i);
		i = j;
	}
}
