/* Spelling rule: Latin-script words checked with Hunspell (en_US) and the
 * word list of names in the news. URLs, e-mail addresses, code-like tokens
 * (digits, underscores, dots or slashes inside, inner capitals not in the
 * word list) and all-capital acronyms of up to six letters are not words. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

static void check_word(check_ctx *c, size_t off, size_t n)
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
	tw_lexicon *lex = (tw_lexicon *)c->lex; /* only the lock is touched */
	pthread_mutex_lock(&lex->hunspell_lock);
	int ok = Hunspell_spell(lex->hunspell, word);
	char **list = NULL;
	int ns = ok ? 0 : Hunspell_suggest(lex->hunspell, &list, word);
	const char *sugg[MAX_SUGGESTIONS];
	size_t k = 0;
	for (int i = 0; i < ns && k < MAX_SUGGESTIONS; i++)
		sugg[k++] = list[i];
	if (!ok)
		add_finding(c, "spelling/unknown", TW_SEV_WARNING, off, n, NULL, sugg, k,
		            "%s: unknown word", word);
	if (list)
		Hunspell_free_list(lex->hunspell, &list, ns);
	pthread_mutex_unlock(&lex->hunspell_lock);
}

void check_spelling(check_ctx *c)
{
	const unsigned char *s = (const unsigned char *)c->text;
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
				check_word(c, start + i, j - i);
			i = j + 1;
		}
	}
}
