/* Spelling rule: Latin-script words checked with Hunspell (en_US) and the
 * word list of names in the news. URLs, e-mail addresses, code-like tokens
 * (digits, underscores, dots or slashes inside, inner capitals not in the
 * word list) and all-capital acronyms of up to six letters are not words.
 *
 * A capitalised word Hunspell does not know is a name (Uber, Sammi, Tsai,
 * Payme: Chinese copy is full of them) unless it is a near miss of a known
 * word: six letters or more and one edit away from one of Hunspell's
 * suggestions (Goverment → Government). Verdicts are kept per distinct word
 * for the call, so Hunspell's slow suggestion search runs once a word. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_internal.h"

#define MAX_WORD 64
#define MAX_SUGGESTIONS 3

/* Bytes of a Latin-script token: letters, digits and the characters of
 * URLs, addresses and identifiers (they make a token code-like). Explicit
 * ranges, not isalnum(): the locale must not change what a word is, and
 * this runs on every byte. */
static int token_char(unsigned char ch)
{
	if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')
		return 1;
	if (ch >= '0' && ch <= '9')
		return 1;
	switch (ch) {
	case '.': case '_': case '-': case '@': case '/': case ':': case '\'':
	case '+': case '#': case '&': case '=': case '%': case '~':
		return 1;
	default:
		return 0;
	}
}

static int has_inner_capital(const char *w, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (isupper((unsigned char)w[i]) && islower((unsigned char)w[i - 1]))
			return 1;
	return 0;
}

static int all_caps(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isupper((unsigned char)w[i]))
			return 0;
	return 1;
}

/* One edit (substitution, insertion, deletion or swap of neighbours)
 * apart, ignoring case? */
static int one_edit(const char *a, size_t na, const char *b, size_t nb)
{
	if (na > nb)
		return one_edit(b, nb, a, na);
	if (nb - na > 1)
		return 0;
	size_t i = 0;
	while (i < na && tolower((unsigned char)a[i]) == tolower((unsigned char)b[i]))
		i++;
	if (i == na)
		return nb - na == 1;
	if (na == nb) {
		if (i + 1 < na && tolower((unsigned char)a[i]) == tolower((unsigned char)b[i + 1]) &&
		    tolower((unsigned char)a[i + 1]) == tolower((unsigned char)b[i]) &&
		    !strncasecmp(a + i + 2, b + i + 2, na - i - 2))
			return 1;
		return !strncasecmp(a + i + 1, b + i + 1, na - i - 1);
	}
	return !strncasecmp(a + i, b + i + 1, na - i);
}

static int capitalised(const char *w, size_t n)
{
	if (!isupper((unsigned char)w[0]))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (isupper((unsigned char)w[i]))
			return 0;
	return 1;
}

/* The verdicts of this call, one per distinct word. */
typedef struct verdict {
	char word[MAX_WORD];
	int flag; /* report it */
	char *sugg[MAX_SUGGESTIONS];
	size_t n_sugg;
} verdict;

typedef struct spell_cache {
	verdict *v;
	size_t n, cap;
} spell_cache;

static const verdict *decide(check_ctx *c, spell_cache *sc, const char *word, size_t n)
{
	for (size_t i = 0; i < sc->n; i++)
		if (!strcmp(sc->v[i].word, word))
			return &sc->v[i];
	if (sc->n == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 16;
		verdict *v = realloc(sc->v, cap * sizeof *v);
		if (!v) {
			c->oom = 1;
			return NULL;
		}
		sc->v = v;
		sc->cap = cap;
	}
	verdict *d = &sc->v[sc->n];
	memset(d, 0, sizeof *d);
	memcpy(d->word, word, n + 1);
	tw_lexicon *lex = (tw_lexicon *)c->lex; /* only the lock is touched */
	pthread_mutex_lock(&lex->hunspell_lock);
	int ok = Hunspell_spell(lex->hunspell, word);
	char **list = NULL;
	int ns = ok ? 0 : Hunspell_suggest(lex->hunspell, &list, word);
	int near = 0;
	for (int i = 0; i < ns; i++)
		near |= one_edit(word, n, list[i], strlen(list[i]));
	d->flag = !ok && (!capitalised(word, n) || (n >= 6 && near));
	for (int i = 0; d->flag && i < ns && d->n_sugg < MAX_SUGGESTIONS; i++) {
		size_t l = strlen(list[i]);
		char *copy = malloc(l + 1);
		if (!copy) {
			c->oom = 1;
			break;
		}
		memcpy(copy, list[i], l + 1);
		d->sugg[d->n_sugg++] = copy;
	}
	if (list)
		Hunspell_free_list(lex->hunspell, &list, ns);
	pthread_mutex_unlock(&lex->hunspell_lock);
	sc->n++;
	return d;
}

static void check_word(check_ctx *c, spell_cache *sc, size_t off, size_t n)
{
	const char *w = c->text + off;
	if (n < 2 || n >= MAX_WORD || (all_caps(w, n) && n <= 6))
		return;
	/* A listed name in the possessive (DeepSeek's) is listed too. */
	size_t stem = n > 2 && w[n - 2] == '\'' && w[n - 1] == 's' ? n - 2 : n;
	if (lex_word_listed(c->lex, w, n) || lex_word_listed(c->lex, w, stem))
		return;
	if (has_inner_capital(w, n))
		return; /* code-like, or a name the list lacks: not a spelling question */
	char word[MAX_WORD];
	memcpy(word, w, n);
	word[n] = '\0';
	const verdict *d = decide(c, sc, word, n);
	if (d && d->flag)
		add_finding(c, "spelling/unknown", TW_SEV_WARNING, off, n, NULL,
		            (const char *const *)d->sugg, d->n_sugg, "%s: unknown word", word);
}

void check_spelling(check_ctx *c)
{
	const unsigned char *s = (const unsigned char *)c->text;
	spell_cache sc = {NULL, 0, 0};
	size_t pos = 0;
	while (pos < c->len) {
		if (!token_char(s[pos])) {
			pos++;
			continue;
		}
		size_t start = pos;
		while (pos < c->len && token_char(s[pos]))
			pos++;
		size_t end = pos;
		/* Trailing sentence punctuation belongs to the sentence. */
		while (end > start && strchr(".:-'/", s[end - 1]))
			end--;
		while (start < end && strchr("'-", s[start]))
			start++;
		if (start >= end)
			continue;
		const char *t = c->text + start;
		size_t n = end - start;
		int code = 0;
		for (size_t i = 0; i < n && !code; i++)
			code = isdigit((unsigned char)t[i]) || strchr("_@/:.+#&=%~", t[i]);
		if (code)
			continue; /* URL, e-mail, version, path, identifier */
		/* Hyphenated words are checked part by part. */
		for (size_t i = 0; i < n;) {
			size_t j = i;
			while (j < n && t[j] != '-')
				j++;
			if (j > i)
				check_word(c, &sc, start + i, j - i);
			i = j + 1;
		}
	}
	for (size_t i = 0; i < sc.n; i++)
		for (size_t k = 0; k < sc.v[i].n_sugg; k++)
			free(sc.v[i].sugg[k]);
	free(sc.v);
}
