/* Spelling rule: Latin-script words checked with Hunspell (en_US) and the
 * word list of names in the news. URLs, e-mail addresses, code-like tokens
 * (digits, underscores, dots or slashes inside, inner capitals not in the
 * word list) and all-capital acronyms of up to six letters are not words.
 *
 * Verdicts come from the lexicon's cache (spell_cache.c) and are kept per
 * distinct word for the call too, so that the cache's lock is taken once a
 * word. Findings carry no suggestions until spelling_suggest() fills those
 * that survived the settings, the accept list and the directives. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_internal.h"
#include "libhunspell.h"
#include "utf8.h"


/* Punctuation that ends a sentence, not a token (trailing), and that
 * marks a token as code (URL, e-mail, version, path, identifier): small
 * switches, as these run on every byte of Latin text. */
static inline int trailing_punct(unsigned char ch)
{
	return ch == '.' || ch == ':' || ch == '-' || ch == '\'' || ch == '/';
}

static inline int code_char(unsigned char ch)
{
	switch (ch) {
	case '_': case '@': case '/': case ':': case '.': case '+':
	case '#': case '&': case '=': case '%': case '~':
		return 1;
	default:
		return ch >= '0' && ch <= '9';
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

/* Is the word at off inside a gloss of a name, a parenthesis opened right
 * after a Han character and holding capitalised words only up to this one
 * (布林肯（Antony Blinken）, 達蘭薩拉（Dharamshala）)? Chinese copy glosses
 * foreign names so, and a capitalised word there is the name itself, which a
 * near miss (Blinken, Blinked) must not flag. The opening bracket is looked
 * for in the 96 bytes before the word, on its line. */
static int in_name_gloss(const check_ctx *c, size_t off)
{
	size_t lo = off > 96 ? off - 96 : 0;
	for (size_t i = off; i > lo; i--) {
		unsigned char ch = (unsigned char)c->text[i - 1];
		if (ch == '\n' || ch == ')' ||
		    (i >= 3 && !memcmp(c->text + i - 3, "\xEF\xBC\x89", 3))) /* ） */
			return 0;
		size_t open = 0;
		if (ch == '(')
			open = i - 1;
		else if (i >= 3 && !memcmp(c->text + i - 3, "\xEF\xBC\x88", 3)) /* （ */
			open = i - 3;
		else
			continue;
		if (!utf8_is_han(utf8_last_cp(c->text, open)))
			return 0;
		/* A name's words only: each word before this one in the gloss is
		 * capitalised too (not 政府（the Goverment）). */
		for (size_t k = i; k < off; k++) {
			unsigned char a = (unsigned char)c->text[k];
			unsigned char prev = (unsigned char)c->text[k - 1];
			if (!ascii_letter(prev) && prev != '\'' && a >= 'a' && a <= 'z')
				return 0;
		}
		return 1;
	}
	return 0;
}

/* This call's verdicts, by word (the words point into the text). */
typedef struct seen_word {
	size_t off;
	unsigned char len, flag; /* len 0: empty slot */
} seen_word;

static uint32_t hash_bytes(const char *w, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}

static seen_word *seen_find(spell_words *ss, const char *text, const char *w, size_t n)
{
	size_t mask = ss->cap - 1, i = hash_bytes(w, n) & mask;
	while (ss->v[i].len && !(ss->v[i].len == n && !memcmp(text + ss->v[i].off, w, n)))
		i = (i + 1) & mask;
	return &ss->v[i];
}

static void spell_failed(check_ctx *c, int code)
{
	/* Hunspell itself (its message), or its dictionaries */
	int missing = libhunspell_open(&c->ferr);
	c->fail = missing ? missing : code;
	if (!missing)
		tw_fail(&c->ferr, code, 0, "cannot load Hunspell en_US or en_GB from %s",
		        TW_HUNSPELL_DIR);
}

/* 1 report, 0 fine, -1 failed (recorded in c). */
static int verdict(check_ctx *c, spell_words *ss, size_t off, size_t n)
{
	const char *w = c->text + off;
	if ((ss->n + 1) * 2 > ss->cap) {
		size_t cap = ss->cap ? ss->cap * 2 : 64;
		seen_word *nv = calloc(cap, sizeof *nv), *old = ss->v;
		if (!nv) {
			c->oom = 1;
			return -1;
		}
		size_t old_cap = ss->cap;
		ss->v = nv;
		ss->cap = cap;
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].len)
				*seen_find(ss, c->text, c->text + old[i].off, old[i].len) = old[i];
		free(old);
	}
	seen_word *sw = seen_find(ss, c->text, w, n);
	if (sw->len)
		return sw->flag;
	char word[SPELL_MAX_WORD];
	memcpy(word, w, n);
	word[n] = '\0';
	int v = spell_verdict(c->lex, word, n);
	if (v < 0) {
		if (v == TW_ENOMEM)
			c->oom = 1;
		else
			spell_failed(c, v);
		return -1;
	}
	*sw = (seen_word){off, (unsigned char)n, (unsigned char)v};
	ss->n++;
	return v;
}

static void check_word(check_ctx *c, spell_words *ss, size_t off, size_t n)
{
	const char *w = c->text + off;
	if (n < 2 || n >= SPELL_MAX_WORD || (all_caps(w, n) && n <= 6))
		return;
	/* A listed name in the possessive (DeepSeek's) is listed too. */
	size_t stem = n > 2 && w[n - 2] == '\'' && w[n - 1] == 's' ? n - 2 : n;
	if (lex_word_listed(c->lex, w, n) || lex_word_listed(c->lex, w, stem))
		return;
	if (has_inner_capital(w, n))
		return; /* code-like, or a name the list lacks: not a spelling question */
	if (isupper((unsigned char)w[0]) && in_name_gloss(c, off))
		return;
	if (verdict(c, ss, off, n) == 1)
		add_finding(c, "spelling/unknown", TW_SEV_WARNING, off, n, NULL, NULL, 0,
		            "%.*s: unknown word", (int)n, w);
}

void spelling_suggest(check_ctx *c)
{
	for (size_t i = 0; i < c->n && !c->oom && !c->fail; i++) {
		tw_finding *f = &c->v[i];
		if (strcmp(f->rule, "spelling/unknown") || f->n_suggestions ||
		    f->length >= SPELL_MAX_WORD)
			continue;
		char word[SPELL_MAX_WORD], *sugg[SPELL_MAX_SUGG];
		memcpy(word, c->text + f->offset, f->length);
		word[f->length] = '\0';
		size_t n;
		int rc = spell_suggestions(c->lex, word, f->length, 0, sugg, &n);
		if (rc) {
			if (rc == TW_ENOMEM)
				c->oom = 1;
			else
				spell_failed(c, rc);
			break;
		}
		if (!n)
			continue;
		char **s = calloc(n, sizeof *s);
		if (!s) {
			for (size_t k = 0; k < n; k++)
				free(sugg[k]);
			c->oom = 1;
			break;
		}
		memcpy(s, sugg, n * sizeof *s);
		f->suggestions = (const char *const *)s;
		f->n_suggestions = n;
	}
}

void spell_token(check_ctx *c, spell_words *ss, size_t start, size_t end)
{
	const unsigned char *s = (const unsigned char *)c->text;
	/* Trailing sentence punctuation belongs to the sentence. */
	while (end > start && trailing_punct(s[end - 1]))
		end--;
	while (start < end && (s[start] == '\'' || s[start] == '-'))
		start++;
	if (start >= end)
		return;
	const char *t = c->text + start;
	size_t n = end - start;
	for (size_t i = 0; i < n; i++)
		if (code_char((unsigned char)t[i]) || (unsigned char)t[i] >= 0x80)
			return; /* URL, e-mail, version, path, identifier; or a word
			         * with accents (café, Begoña) or ’ (didn’t), no en_US
			         * question */
	/* Hyphenated words are checked part by part, except the short
	 * lowercase parts after a capitalised one: a romanised given name
	 * (Leung Chun-ying, Lee Cheuk-yan). */
	int name_head = 0;
	for (size_t i = 0; i < n && !c->oom && !c->fail;) {
		size_t j = i;
		while (j < n && t[j] != '-')
			j++;
		if (!i)
			name_head = j >= 2 && t[0] >= 'A' && t[0] <= 'Z';
		int given = i && name_head && j - i <= 5 && t[i] >= 'a' && t[i] <= 'z';
		if (j > i && !given)
			check_word(c, ss, start + i, j - i);
		i = j + 1;
	}
}

void spell_words_free(spell_words *w)
{
	free(w->v);
	memset(w, 0, sizeof *w);
}

int tw_spelling_suggest(char ***out, size_t *n, const tw_lexicon *lex, const char *text,
                        size_t len, tw_error *err)
{
	if (!out || !n)
		return tw_fail(err, TW_EINVAL, 0, "tw_spelling_suggest: out is NULL");
	*out = NULL;
	*n = 0;
	if (!lex || (!text && len))
		return tw_fail(err, TW_EINVAL, 0, "tw_spelling_suggest: NULL lexicon or text");
	size_t bad;
	if (tw_utf8_validate(text, len, &bad))
		return tw_fail(err, TW_EUTF8, bad, "invalid UTF-8 at byte offset %zu", bad);
	if (!len || len >= SPELL_MAX_WORD || memchr(text, '\0', len))
		return TW_OK; /* no word the checker would flag */
	char word[SPELL_MAX_WORD], *sugg[SPELL_MAX_SUGG];
	memcpy(word, text, len);
	word[len] = '\0';
	size_t k;
	int rc = spell_suggestions(lex, word, len, 1, sugg, &k);
	if (rc)
		return rc == TW_ENOMEM
		           ? tw_fail(err, rc, 0, "out of memory")
		           : tw_fail(err, rc, 0, "cannot load Hunspell en_US or en_GB from %s",
		                     TW_HUNSPELL_DIR);
	size_t total = (k + 1) * sizeof(char *);
	for (size_t i = 0; i < k; i++)
		total += strlen(sugg[i]) + 1;
	char **block = k ? malloc(total) : NULL;
	if (k && !block) {
		for (size_t i = 0; i < k; i++)
			free(sugg[i]);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	char *p = (char *)(block + k + 1);
	for (size_t i = 0; i < k; i++) {
		size_t l = strlen(sugg[i]) + 1;
		memcpy(p, sugg[i], l);
		block[i] = p;
		p += l;
		free(sugg[i]);
	}
	if (block)
		block[k] = NULL;
	*out = block;
	*n = k;
	return TW_OK;
}
