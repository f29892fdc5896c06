/* The context notation of Cantonese entries: a match counts only when an
 * alternative holds, each a conjunction of
 *   final | not-final                 the match ends a clause (or not)
 *   after:ITEMS | not-after:ITEMS     the text just before ends with an item
 *   before:ITEMS | not-before:ITEMS   the text just after starts with one
 * ITEMS is a comma-separated list of class names (defined in
 * dicts/cantonese-classes.tsv) and literal words; alternatives are separated
 * by " | ". */
#include "context.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "utf8.h"

static int index_words(ctx_cond *c);

int ctx_class_name_ok(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

static int push_word(ctx_cond *c, const char *w, size_t n)
{
	/* Room doubles at each power of two: class words come by the
	 * thousand, and one realloc a word was half the parse. */
	if (c->n >= 4 ? !(c->n & (c->n - 1)) : !c->n) {
		char **v = realloc(c->words, (c->n >= 4 ? 2 * c->n : 4) * sizeof *v);
		if (!v)
			return -2;
		c->words = v;
	}
	char **v = c->words;
	if (!(v[c->n] = str_dup_n(w, n)))
		return -2;
	c->n++;
	return 0;
}

static void fail_why(char *why, size_t cap, const char *what, const char *s, size_t n)
{
	if (cap)
		snprintf(why, cap, "%s \"%.*s\"", what, (int)n, s);
}

/* One condition, s[0..n) without spaces. */
static int parse_cond(ctx_cond *c, const char *s, size_t n, const ctx_class *classes,
                      size_t n_classes, char *why, size_t cap)
{
	static const struct {
		const char *name;
		int kind;
	} kinds[] = {{"not-after:", CTX_NOT_AFTER}, {"not-before:", CTX_NOT_BEFORE},
	             {"after:", CTX_AFTER},         {"before:", CTX_BEFORE}};
	memset(c, 0, sizeof *c);
	if (n == 5 && !memcmp(s, "final", 5)) {
		c->kind = CTX_FINAL;
		return 0;
	}
	if (n == 9 && !memcmp(s, "not-final", 9)) {
		c->kind = CTX_NOT_FINAL;
		return 0;
	}
	size_t k = 0, pl = 0;
	for (; k < sizeof kinds / sizeof *kinds; k++) {
		pl = strlen(kinds[k].name);
		if (n > pl && !memcmp(s, kinds[k].name, pl))
			break;
	}
	if (k == sizeof kinds / sizeof *kinds) {
		fail_why(why, cap, "unknown condition", s, n);
		return -1;
	}
	c->kind = kinds[k].kind;
	for (size_t i = pl; i <= n;) {
		size_t l = 0;
		while (i + l < n && s[i + l] != ',')
			l++;
		const char *item = s + i;
		if (!l || memchr(item, '|', l)) {
			fail_why(why, cap, "empty item or '|' in", s, n);
			return -1;
		}
		if ((unsigned char)item[0] < 0x80) {
			if (!ctx_class_name_ok(item, l)) {
				fail_why(why, cap, "bad class name", item, l);
				return -1;
			}
			size_t j = 0;
			while (j < n_classes &&
			       (strlen(classes[j].name) != l || memcmp(classes[j].name, item, l)))
				j++;
			if (j == n_classes) {
				fail_why(why, cap, "unknown class", item, l);
				return -1;
			}
			for (size_t w = 0; w < classes[j].n; w++)
				if (push_word(c, classes[j].words[w], strlen(classes[j].words[w])))
					return -2;
		} else if (push_word(c, item, l)) {
			return -2;
		}
		i += l + 1;
	}
	return index_words(c);
}

static void cond_release(ctx_cond *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->words[i]);
	free(c->words);
	free(c->len);
	free(c->edge);
}

static int cmp_edge(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Fills len and edge and sorts the words by edge. */
static int index_words(ctx_cond *c)
{
	if (!c->n)
		return 0;
	struct item {
		uint32_t edge;
		size_t len;
		char *word;
	} *v = malloc(c->n * sizeof *v);
	c->len = malloc(c->n * sizeof *c->len);
	c->edge = malloc(c->n * sizeof *c->edge);
	if (!v || !c->len || !c->edge) {
		free(v);
		return -2;
	}
	int after = c->kind == CTX_AFTER || c->kind == CTX_NOT_AFTER;
	for (size_t i = 0; i < c->n; i++) {
		size_t l = strlen(c->words[i]), k;
		uint32_t e = after ? utf8_last_cp(c->words[i], l)
		                   : utf8_decode((const unsigned char *)c->words[i], l, &k);
		v[i] = (struct item){e, l, c->words[i]};
	}
	qsort(v, c->n, sizeof *v, cmp_edge); /* edge is the first member */
	for (size_t i = 0; i < c->n; i++) {
		c->edge[i] = v[i].edge;
		c->len[i] = v[i].len;
		c->words[i] = v[i].word;
	}
	free(v);
	return 0;
}

void ctx_free(lex_context *c)
{
	if (!c)
		return;
	for (size_t a = 0; a < c->n; a++) {
		for (size_t i = 0; i < c->alt[a].n; i++)
			cond_release(&c->alt[a].cond[i]);
		free(c->alt[a].cond);
	}
	free(c->alt);
	free(c);
}

int ctx_parse(lex_context **out, const char *spec, const ctx_class *classes, size_t n_classes,
              char *why, size_t why_cap)
{
	*out = NULL;
	if (why_cap)
		*why = '\0';
	lex_context *c = calloc(1, sizeof *c);
	if (!c)
		return -2;
	int rc = 0;
	ctx_alt *cur = NULL;
	for (const char *p = spec; !rc;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (!n) {
			if (!cur || !cur->n) {
				fail_why(why, why_cap, "empty alternative in", spec, strlen(spec));
				rc = -1;
			}
			break;
		}
		if (n == 1 && *p == '|') {
			if (!cur || !cur->n) {
				fail_why(why, why_cap, "empty alternative in", spec, strlen(spec));
				rc = -1;
			}
			cur = NULL;
			p++;
			continue;
		}
		if (!cur) {
			ctx_alt *v = realloc(c->alt, (c->n + 1) * sizeof *v);
			if (!v) {
				rc = -2;
				break;
			}
			c->alt = v;
			cur = &v[c->n++];
			memset(cur, 0, sizeof *cur);
		}
		ctx_cond *v = realloc(cur->cond, (cur->n + 1) * sizeof *v);
		if (!v) {
			rc = -2;
			break;
		}
		cur->cond = v;
		rc = parse_cond(&v[cur->n], p, n, classes, n_classes, why, why_cap);
		cur->n++; /* released by ctx_free even when half-built */
		p += n;
	}
	if (rc) {
		ctx_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

/* Characters that end a clause, besides line ends and the end of text. */
static int ends_clause(uint32_t cp)
{
	static const uint32_t set[] = {'.',    '!',    '?',    ',',    ';',    ':',    '~',
	                               ')',    '"',    '\'',   0x2026, 0x2014, 0x201D, 0x2019,
	                               0x3001, 0x3002, 0x300D, 0x300F, 0x3011, 0x300B, 0xFF01,
	                               0xFF09, 0xFF0C, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF5E};
	for (size_t i = 0; i < sizeof set / sizeof *set; i++)
		if (set[i] == cp)
			return 1;
	return 0;
}

static int at_final(const char *text, size_t len, size_t end)
{
	while (end < len && (text[end] == ' ' || text[end] == '\t'))
		end++;
	if (end >= len || text[end] == '\n' || text[end] == '\r')
		return 1;
	size_t l;
	return ends_clause(utf8_decode((const unsigned char *)text + end, len - end, &l));
}

/* The first index whose edge is >= cp. */
static size_t lower_bound(const ctx_cond *c, uint32_t cp)
{
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->edge[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int any_after(const ctx_cond *c, const char *text, size_t off)
{
	if (!off)
		return 0;
	uint32_t cp = utf8_last_cp(text, off);
	for (size_t i = lower_bound(c, cp); i < c->n && c->edge[i] == cp; i++)
		if (c->len[i] <= off && !memcmp(text + off - c->len[i], c->words[i], c->len[i]))
			return 1;
	return 0;
}

static int any_before(const ctx_cond *c, const char *text, size_t len, size_t end)
{
	if (end >= len)
		return 0;
	size_t l;
	uint32_t cp = utf8_decode((const unsigned char *)text + end, len - end, &l);
	for (size_t i = lower_bound(c, cp); i < c->n && c->edge[i] == cp; i++)
		if (c->len[i] <= len - end && !memcmp(text + end, c->words[i], c->len[i]))
			return 1;
	return 0;
}

static int cond_holds(const ctx_cond *c, const char *text, size_t len, size_t off, size_t end)
{
	switch (c->kind) {
	case CTX_FINAL:
		return at_final(text, len, end);
	case CTX_NOT_FINAL:
		return !at_final(text, len, end);
	case CTX_AFTER:
		return any_after(c, text, off);
	case CTX_NOT_AFTER:
		return !any_after(c, text, off);
	case CTX_BEFORE:
		return any_before(c, text, len, end);
	default:
		return !any_before(c, text, len, end);
	}
}

int ctx_holds(const lex_context *c, const char *text, size_t len, size_t off, size_t end)
{
	for (size_t a = 0; a < c->n; a++) {
		size_t i = 0;
		while (i < c->alt[a].n && cond_holds(&c->alt[a].cond[i], text, len, off, end))
			i++;
		if (i == c->alt[a].n)
			return 1;
	}
	return 0;
}
