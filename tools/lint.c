/* twdict lint: checks the term tables of dicts/ with the engine.
 *
 *   twdict lint --dicts DIR --data-dir BUILD/share/tongwen
 *
 * Every problem is printed as FILE:LINE: message; then the counts per action
 * and domain. Exit status: 0 clean, 1 problems found, 2 usage or I/O error.
 * The table checks live here, the example sentences in lint_examples.c, the
 * hk2cn built from the linted tables in lint_engine.c, the contexts of
 * Cantonese entries and their word classes in lint_context.c. */
#include "lint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "twdict.h"

static const char TERMS_HEADER[] = "# source\tmainland\taction\tregion\tdomain\tnote";
static const char CANTONESE_HEADER[] = "# word\tmandarin\tkind\tnote\tcontext";
static const char CLASSES_HEADER[] = "# class\twords\tnote";
static const char *const KINDS[] = {"particle", "pronoun",  "verb",       "noun",
                                    "adjective", "adverb",  "phrase",     "loanword",
                                    "classifier", "idiom"};

void lint_problem(lint *L, const char *file, size_t line, const char *fmt, ...)
{
	va_list ap;
	printf("%s:%zu: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	L->problems++;
}

const char *lint_expected(const term *t)
{
	return t->act == ACT_CONVERT || t->act == ACT_KEEP ? t->mainland : t->simp;
}

static int ends_with(const char *path, const char *tail)
{
	size_t n = strlen(path), k = strlen(tail);
	return n >= k && !strcmp(path + n - k, tail) && (n == k || path[n - k - 1] == '/');
}

static const char *header_of(const char *path)
{
	if (ends_with(path, "cantonese-classes.tsv"))
		return CLASSES_HEADER;
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) : 0, k = strlen("cantonese");
	if (dir >= k && !memcmp(path + dir - k, "cantonese", k) &&
	    (dir == k || path[dir - k - 1] == '/'))
		return CANTONESE_HEADER;
	return TERMS_HEADER;
}

/* The first line of every table is its column header. */
static int check_headers(lint *L)
{
	for (size_t i = 0; i < L->ts.n_files; i++) {
		const char *path = L->ts.files[i];
		const char *want = header_of(path);
		char *text;
		size_t len;
		tw_error err = {0};
		if (read_file(&text, &len, path, 64u << 20, &err)) {
			fprintf(stderr, "twdict lint: %s\n", err.message);
			return 2;
		}
		size_t first = strcspn(text, "\n");
		if (first != strlen(want) || memcmp(text, want, first))
			lint_problem(L, path, 1, "the first line must be the header \"%s\" (tabs between the columns)",
			             want);
		free(text);
	}
	return 0;
}

static void check_sorted(lint *L)
{
	for (size_t i = 1; i < L->ts.n; i++) {
		const term *a = &L->ts.v[i - 1], *b = &L->ts.v[i];
		if (a->file == b->file && strcmp(a->row, b->row) > 0)
			lint_problem(L, b->file, b->line,
			             "not sorted by source (bytewise, LC_ALL=C sort): %s comes after %s (line %zu)",
			             b->row, a->row, a->line);
	}
}

static int cmp_by_source(const void *x, const void *y)
{
	const term *a = *(const term *const *)x, *b = *(const term *const *)y;
	int c = strcmp(a->source, b->source);
	return c ? c : (a > b) - (a < b); /* then in reading order */
}

/* Same source twice: a duplicate when action and forms agree, otherwise a
 * conflict; a Cantonese word must not be a term key at all. The later line
 * gets the report. */
static int check_keys(lint *L)
{
	term **by = malloc((L->ts.n + 1) * sizeof *by);
	if (!by)
		return 2;
	for (size_t i = 0; i < L->ts.n; i++)
		by[i] = &L->ts.v[i];
	qsort(by, L->ts.n, sizeof *by, cmp_by_source);
	for (size_t i = 1; i < L->ts.n; i++) {
		const term *first = NULL;
		for (size_t j = i; j-- > 0 && !strcmp(by[j]->source, by[i]->source);)
			first = by[j];
		if (!first)
			continue;
		const term *t = by[i];
		int cant_a = first->act == ACT_CANTONESE, cant_b = t->act == ACT_CANTONESE;
		if (cant_a != cant_b)
			lint_problem(L, t->file, t->line, "Cantonese word %s is also a term key (%s:%zu)",
			             t->source, first->file, first->line);
		else if (first->act == t->act && !strcmp(first->mainland, t->mainland))
			lint_problem(L, t->file, t->line, "duplicate key %s (also at %s:%zu)", t->source,
			             first->file, first->line);
		else
			lint_problem(L, t->file, t->line,
			             "key %s conflicts with %s:%zu (%s %s here, %s %s there)", t->source,
			             first->file, first->line, action_name(t->act), t->mainland,
			             action_name(first->act), first->mainland);
	}
	free(by);
	return 0;
}

/* Whitespace the loader does not see: ideographic and no-break spaces. */
static const char *wide_space(const char *s)
{
	const char *p = strstr(s, "\xE3\x80\x80");
	return p ? p : strstr(s, "\xC2\xA0");
}

static int check_form(lint *L, const term *t, const char *form, size_t len)
{
	char *f = malloc(len + 1);
	if (!f)
		return 2;
	memcpy(f, form, len);
	f[len] = '\0';
	if (!len)
		lint_problem(L, t->file, t->line, "empty candidate in %s", t->mainland);
	else if (f[0] == ' ' || f[len - 1] == ' ' || wide_space(f))
		lint_problem(L, t->file, t->line, "space around or inside the form %s", f);
	else if ((t->act == ACT_CONVERT || t->act == ACT_KEEP) && strchr(f, ' '))
		lint_problem(L, t->file, t->line,
		             "the form %s has a space: OpenCC's text dictionary format cuts a value there",
		             f);
	if (len) {
		char *s = convert_str(L->t2s, f);
		if (!s) {
			free(f);
			return 2;
		}
		if (strcmp(s, f))
			lint_problem(L, t->file, t->line, "Mainland form %s is not Simplified (t2s gives %s)",
			             f, s);
		tw_free(s);
	}
	free(f);
	return 0;
}

/* A productive convert (or convert-tw) row's alternative that the row carries into its
 * result as plain hk2s ({} without "=form") while hk2cn, on its own, writes
 * it otherwise: {本港|…}試場 → {}考场 gave 本港考场, not 香港考场. The row
 * must say the alternative's form (本港=香港). */
static int check_context_form(lint *L, const term *t)
{
	const char *open = strchr(t->row, '{'), *close = open ? strchr(open, '}') : NULL;
	/* A convert-tw row is written in Taiwan copy as a convert row is. */
	if ((t->act != ACT_CONVERT && !t->tw_copy) || !close)
		return 0;
	size_t pre = (size_t)(open - t->row), post = strlen(close + 1), n = strlen(t->source);
	if (n < pre + post || n - pre - post == 0)
		return 0;
	size_t al = n - pre - post;
	char *alt = strndup(t->source + pre, al);
	if (!alt)
		return 2;
	/* An alternative written alt=form in the group gave its own form. */
	int explicit_form = 0;
	for (const char *g = open + 1; g < close;) {
		size_t k = strcspn(g, "|}");
		if (k > al && !strncmp(g, alt, al) && g[al] == '=')
			explicit_form = 1;
		g += k + 1;
	}
	int rc = 0;
	if (!explicit_form) {
		char *plain = convert_str(L->hk2s, alt), *own = convert_str(L->hk2cn, alt);
		if (!plain || !own)
			rc = 2;
		else if (strcmp(plain, own) && strstr(t->mainland, plain) && !strstr(t->mainland, own))
			lint_problem(L, t->file, t->line,
			             "%s: the row writes its context %s as %s, but hk2cn writes %s on its own "
			             "(write %s=%s in the group)",
			             t->source, alt, plain, own, alt, own);
		tw_free(plain);
		tw_free(own);
	}
	free(alt);
	return rc;
}

static int check_entry(lint *L, const term *t)
{
	if (wide_space(t->source))
		lint_problem(L, t->file, t->line, "a space in the key %s", t->source);
	for (const char *p = t->mainland;;) {
		size_t n = strcspn(p, "|");
		if (check_form(L, t, p, n))
			return 2;
		if (!p[n])
			break;
		p += n + 1;
	}
	if (t->act == ACT_CANTONESE) {
		size_t k = 0;
		while (k < sizeof KINDS / sizeof *KINDS && strcmp(KINDS[k], t->domain))
			k++;
		if (k == sizeof KINDS / sizeof *KINDS)
			lint_problem(L, t->file, t->line,
			             "kind %s is not one of particle, pronoun, verb, noun, adjective, adverb, "
			             "phrase, loanword, classifier, idiom",
			             t->domain);
		if (lint_context(L, t))
			return 2;
	}
	if (t->act == ACT_CONVERT && !strcmp(t->mainland, t->simp))
		lint_problem(L, t->file, t->line,
		             "convert entry %s changes nothing: hk2s already gives %s (make it keep, or drop it)",
		             t->source, t->simp);
	if (t->act == ACT_KEEP && tw_utf8_codepoints(t->mainland, strlen(t->mainland)) !=
	                              tw_utf8_codepoints(t->source, strlen(t->source)))
		lint_problem(L, t->file, t->line,
		             "keep entry %s: the form %s has a different number of characters", t->source,
		             t->mainland);
	if (check_context_form(L, t))
		return 2;
	/* Alone, the source is one segment and its own longest match: anything
	 * but the entry's result means a later step or a lost conflict rewrites it. */
	char *out = convert_str(L->hk2cn, t->source);
	if (!out)
		return 2;
	const char *want = lint_expected(t);
	if (strcmp(out, want))
		lint_problem(L, t->file, t->line, "shadowed: hk2cn converts %s alone to %s, expected %s",
		             t->source, out, want);
	tw_free(out);
	return 0;
}

static int open_profile(tw_profile **p, const char *name, const char *data_dir)
{
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = data_dir;
	tw_error err = {0};
	if (tw_profile_open(p, name, &po, &err)) {
		fprintf(stderr, "twdict lint: %s\n", err.message);
		return 2;
	}
	return 0;
}

int cmd_lint(int argc, char **argv)
{
	lint L = {0};
	L.dicts = tool_arg(argc, argv, "--dicts");
	const char *data = tool_arg(argc, argv, "--data-dir");
	const char *corpus = tool_arg(argc, argv, "--corpus");
	if (!L.dicts || !data || argc != (corpus ? 7 : 5)) {
		fprintf(stderr, "usage: twdict lint --dicts DIR --data-dir BUILD/share/tongwen "
		                "[--corpus DIR]\n");
		return 2;
	}
	int rc = open_profile(&L.hk2s, "hk2s-std", data);
	if (!rc)
		rc = open_profile(&L.t2s, "t2s", data);
	if (!rc) {
		rc = terms_load(&L.ts, L.dicts, L.hk2s, stdout);
		L.problems += (size_t)L.ts.errors;
	}
	if (!rc) {
		tw_error err = {0};
		if (lint_open_hk2cn(&L.hk2cn, &L.ts, data, &err)) {
			fprintf(stderr, "twdict lint: %s\n", err.message);
			rc = 2;
		}
	}
	if (!rc)
		rc = check_headers(&L);
	if (!rc) {
		check_sorted(&L);
		rc = check_keys(&L);
	}
	for (size_t i = 0; !rc && i < L.ts.n; i++)
		rc = check_entry(&L, &L.ts.v[i]);
	if (!rc)
		rc = lint_classes(&L);
	if (!rc)
		rc = lint_cantonese_spelling(&L);
	if (!rc)
		rc = lint_examples(&L);
	if (!rc && corpus)
		rc = lint_corpus(&L, corpus);
	if (!rc) {
		char *counts = lexicon_counts(&L.ts);
		if (counts)
			fputs(counts, stdout);
		free(counts);
		printf("twdict lint: %zu entries, %zu example sentences with %zu entry occurrences "
		       "(%zu inside names the guard protects, %zu spread by one sense per document), "
		       "%zu problem%s\n",
		       L.ts.n, L.sentences, L.occurrences, L.guarded, L.spread, L.problems,
		       L.problems == 1 ? "" : "s");
		rc = L.problems ? 1 : 0;
	} else if (rc != 2) {
		rc = 2;
	}
	terms_free(&L.ts);
	tw_profile_free(L.hk2s);
	tw_profile_free(L.t2s);
	tw_profile_free(L.hk2cn);
	return rc;
}
