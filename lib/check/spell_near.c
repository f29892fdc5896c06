/* Near misses of an unknown word in the build's list of the words Hunspell
 * accepts (spellwords.txt), in well under a millisecond.
 *
 * Hunspell's own suggestion search scores every word of its dictionary by
 * n-grams: tens of milliseconds a word, and still one to three with the
 * n-gram pass turned off. Nearly every typo in copy is one or two edits
 * from the word meant (recieve, untill, tommorow, comitee), and the list
 * answers that directly: the words one edit away are generated and
 * bisected; only when there are none are the words that share the first
 * letter scanned for two edits. A word with neither has no suggestion a
 * reader would take.
 *
 * Edits are ASCII letters, ' and -, compared without case; a suggestion
 * keeps the capital of a capitalised word (Goverment → Government). */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lexicon.h"

#define MAX_CAND 64

typedef struct {
	char w[SPELL_MAX_WORD];
	int score; /* lower is better */
	int order; /* generation order breaks ties, so the output is stable */
} cand;

typedef struct {
	cand v[MAX_CAND];
	int n;
} cand_set;

/* Is w (n bytes) a line of the sorted list s? Bisected in place. */
static int listed(const char *s, size_t len, const char *w, size_t n)
{
	size_t lo = 0, hi = len;
	while (s && lo < hi) {
		size_t a = lo + (hi - lo) / 2;
		while (a > lo && s[a - 1] != '\n')
			a--;
		const char *nl = memchr(s + a, '\n', hi - a);
		size_t b = nl ? (size_t)(nl - s) : hi, l = b - a;
		int c = memcmp(s + a, w, l < n ? l : n);
		if (!c)
			c = l < n ? -1 : l > n;
		if (!c)
			return 1;
		if (c < 0)
			lo = b + 1;
		else
			hi = a;
	}
	return 0;
}

int spell_known(const tw_lexicon *lex, const char *w, size_t n)
{
	return listed(lex->spellwords, lex->spellwords_len, w, n);
}

static void add(cand_set *cs, const char *w, size_t n, int score)
{
	for (int i = 0; i < cs->n; i++)
		if (!strncmp(cs->v[i].w, w, n) && !cs->v[i].w[n]) {
			if (score < cs->v[i].score)
				cs->v[i].score = score;
			return;
		}
	if (cs->n == MAX_CAND || n >= SPELL_MAX_WORD)
		return;
	cand *c = &cs->v[cs->n];
	memcpy(c->w, w, n);
	c->w[n] = '\0';
	c->score = score;
	c->order = cs->n++;
}

/* The list's spelling of a lowercase candidate: as is, or capitalised
 * (names and the like: Kowloon, Hunspell is not listed but Monday is). */
static void try_word(const tw_lexicon *lex, cand_set *cs, char *w, size_t n, int score)
{
	if (spell_known(lex, w, n)) {
		add(cs, w, n, score);
	} else if (isalpha((unsigned char)w[0])) {
		w[0] = (char)toupper((unsigned char)w[0]);
		if (spell_known(lex, w, n))
			add(cs, w, n, score + 8); /* after every lowercase word */
		w[0] = (char)tolower((unsigned char)w[0]);
	}
}

static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz'-";

/* Every listed word one edit from the lowercase w. Scores rank the edits
 * typists make most: a swap of neighbours, then a doubled letter dropped
 * or added, then any letter dropped or added, then one letter for another. */
static void one_edit(const tw_lexicon *lex, cand_set *cs, const char *w, size_t n)
{
	char b[SPELL_MAX_WORD + 1];
	for (size_t i = 0; i + 1 < n; i++) { /* swap */
		if (w[i] == w[i + 1])
			continue;
		memcpy(b, w, n + 1);
		b[i] = w[i + 1];
		b[i + 1] = w[i];
		try_word(lex, cs, b, n, 0);
	}
	for (size_t i = 0; n > 1 && i < n; i++) { /* delete */
		memcpy(b, w, i);
		memcpy(b + i, w + i + 1, n - i);
		int doubled = (i > 0 && w[i - 1] == w[i]) || (i + 1 < n && w[i + 1] == w[i]);
		try_word(lex, cs, b, n - 1, doubled ? 2 : 4);
	}
	if (n + 1 < SPELL_MAX_WORD)
		for (size_t i = 0; i <= n; i++) /* insert */
			for (const char *a = alphabet; *a; a++) {
				memcpy(b, w, i);
				b[i] = *a;
				memcpy(b + i + 1, w + i, n - i + 1);
				int doubled = (i > 0 && w[i - 1] == *a) || (i < n && w[i] == *a);
				try_word(lex, cs, b, n + 1, doubled ? 2 : 4);
			}
	for (size_t i = 0; i < n; i++) /* substitute */
		for (const char *a = alphabet; *a; a++) {
			if (*a == w[i])
				continue;
			memcpy(b, w, n + 1);
			b[i] = *a;
			try_word(lex, cs, b, n, 6);
		}
}

static uint32_t letter_set(const char *w, size_t n)
{
	uint32_t m = 0;
	for (size_t i = 0; i < n; i++) {
		int c = tolower((unsigned char)w[i]);
		m |= c >= 'a' && c <= 'z' ? 1u << (c - 'a') : 1u << 26;
	}
	return m;
}

/* Letter pairs a and b share (each pair of b counted once): among words
 * two edits away, the one that keeps most of the word's shape reads as
 * the word meant (tommorow: tomorrow, not tommyrot). */
static int shared_pairs(const char *a, size_t na, const char *b, size_t nb)
{
	unsigned char used[SPELL_MAX_WORD] = {0};
	int k = 0;
	for (size_t i = 0; i + 1 < na; i++)
		for (size_t j = 0; j + 1 < nb; j++)
			if (!used[j] && tolower((unsigned char)b[j]) == a[i] &&
			    tolower((unsigned char)b[j + 1]) == a[i + 1]) {
				used[j] = 1;
				k++;
				break;
			}
	return k;
}

static int popcount32(uint32_t x)
{
	int k = 0;
	for (; x; x &= x - 1)
		k++;
	return k;
}

/* Edit distance of a and b (neighbour swaps count one), without case, if
 * it is at most 2; else 3. */
static int distance2(const char *a, size_t na, const char *b, size_t nb)
{
	int d[SPELL_MAX_WORD + 1][SPELL_MAX_WORD + 1];
	for (size_t i = 0; i <= na; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= nb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= na; i++) {
		int row_min = 3;
		for (size_t j = 1; j <= nb; j++) {
			int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
			int v = d[i - 1][j - 1] + (ca != cb);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < row_min)
				row_min = v;
		}
		if (row_min > 2)
			return 3;
	}
	return d[na][nb] > 2 ? 3 : d[na][nb];
}

/* The first line of s at or after the first word >= key (one byte). */
static size_t lower_bound(const char *s, size_t len, unsigned char key)
{
	size_t lo = 0, hi = len;
	while (lo < hi) {
		size_t a = lo + (hi - lo) / 2;
		while (a > lo && s[a - 1] != '\n')
			a--;
		if ((unsigned char)s[a] < key) {
			const char *nl = memchr(s + a, '\n', hi - a);
			lo = nl ? (size_t)(nl - s) + 1 : hi;
		} else {
			hi = a;
		}
	}
	return lo;
}

/* Listed words two edits from w that start with its first letter, either
 * case: a typo rarely touches the first letter, and the range is a small
 * slice of the list. Letter sets prune before the distance is computed:
 * two edits add and drop at most two letters each. */
static void two_edits(const tw_lexicon *lex, cand_set *cs, const char *w, size_t n)
{
	const char *s = lex->spellwords;
	size_t len = lex->spellwords_len;
	uint32_t ws = letter_set(w, n);
	unsigned char first[2] = {(unsigned char)tolower((unsigned char)w[0]),
	                          (unsigned char)toupper((unsigned char)w[0])};
	for (int k = 0; k < (first[0] == first[1] ? 1 : 2); k++) {
		size_t p = lower_bound(s, len, first[k]), end = lower_bound(s, len, first[k] + 1);
		while (p < end) {
			const char *nl = memchr(s + p, '\n', end - p);
			size_t e = nl ? (size_t)(nl - s) : end, l = e - p;
			if (l + 2 >= n && l <= n + 2 && l < SPELL_MAX_WORD) {
				uint32_t ls = letter_set(s + p, l);
				if (popcount32(ls & ~ws) <= 2 && popcount32(ws & ~ls) <= 2 &&
				    distance2(w, n, s + p, l) == 2)
					add(cs, s + p, l,
					    100 - 4 * shared_pairs(w, n, s + p, l) +
					        (l > n ? (int)(l - n) : (int)(n - l)) + 8 * k);
			}
			p = e + 1;
		}
	}
}

static int cand_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	return a->score != b->score ? a->score - b->score : a->order - b->order;
}

size_t spell_near(const tw_lexicon *lex, const char *word, size_t n, int two,
                  char out[][SPELL_MAX_WORD], size_t max)
{
	if (!lex->spellwords || !n || n >= SPELL_MAX_WORD)
		return 0;
	char w[SPELL_MAX_WORD];
	for (size_t i = 0; i < n; i++)
		w[i] = (char)tolower((unsigned char)word[i]);
	w[n] = '\0';
	cand_set cs;
	cs.n = 0;
	one_edit(lex, &cs, w, n);
	if (!cs.n && two)
		two_edits(lex, &cs, w, n);
	qsort(cs.v, (size_t)cs.n, sizeof *cs.v, cand_cmp);
	int cap = isupper((unsigned char)word[0]);
	size_t k = 0;
	for (int i = 0; i < cs.n && k < max; i++) {
		memcpy(out[k], cs.v[i].w, strlen(cs.v[i].w) + 1);
		if (cap)
			out[k][0] = (char)toupper((unsigned char)out[k][0]);
		/* a word listed in both cases (tomorrow, Tomorrow) is offered once */
		int dup = 0;
		for (size_t j = 0; j < k; j++)
			dup |= !strcasecmp(out[j], out[k]);
		k += !dup;
	}
	return k;
}
