/* A long document checked in pieces (tw_check_stream_*) gives the findings
 * of one tw_check over the whole text: same rules, spans, positions,
 * messages, severities and suggestions. The document mixes Hong Kong copy
 * with its Mainland conversion (consistency across pieces), quotes left
 * open across lines and pieces, directives spanning pieces, misspellings,
 * and one line longer than a piece. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tongwen.h"

static tw_lexicon *lex;

typedef struct found {
	tw_finding *v;
	size_t n, cap;
	char *text; /* the whole text, to check the sink's window */
	size_t len;
	int bad_window;
	size_t late; /* quotes reported after their piece */
} found;

static char *dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	memcpy(p, s, n);
	return p;
}

static int sink(void *ud, const tw_finding *items, size_t n, const char *text, size_t base,
                size_t len)
{
	found *f = ud;
	for (size_t i = 0; i < n; i++) {
		const tw_finding *x = &items[i];
		f->late += text == x->message;
		if (x->offset < base || x->offset + x->length > base + len ||
		    memcmp(text + (x->offset - base), f->text + x->offset, x->length))
			f->bad_window = 1;
		if (f->n == f->cap) {
			f->cap = f->cap ? f->cap * 2 : 1024;
			f->v = realloc(f->v, f->cap * sizeof *f->v);
		}
		tw_finding *c = &f->v[f->n++];
		*c = *x;
		c->message = dup(x->message);
		c->note = x->note ? dup(x->note) : NULL;
		char **s = calloc(x->n_suggestions + 1, sizeof *s);
		for (size_t k = 0; k < x->n_suggestions; k++)
			s[k] = dup(x->suggestions[k]);
		c->suggestions = (const char *const *)s;
	}
	return 0;
}

static int cmp(const void *a, const void *b)
{
	const tw_finding *x = a, *y = b;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	int c = strcmp(x->rule, y->rule);
	return c ? c : strcmp(x->message, y->message);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	assert_int_equal(fread(p, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	p[n] = '\0';
	*len = (size_t)n;
	return p;
}

static void append(char **doc, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*doc = realloc(*doc, *cap);
	}
	memcpy(*doc + *len, s, n);
	*len += n;
	(*doc)[*len] = '\0';
}

#define APPEND(s) append(&doc, &len, &cap, s, strlen(s))

/* balanced: no quote left open and no directive region, so that most
 * pieces start with nothing carried into them. */
static char *build_document(size_t *out_len, int balanced)
{
	size_t hk_len, cn_len;
	char *hk = read_all(TW_TEST_SAMPLE, &hk_len);
	tw_profile *p;
	tw_error err = {0};
	assert_int_equal(tw_profile_open(&p, "hk2cn", NULL, &err), 0);
	char *cn;
	assert_int_equal(tw_convert(&cn, &cn_len, p, hk, hk_len, &err), 0);
	tw_profile_free(p);
	char *doc = NULL;
	size_t len = 0, cap = 0;
	for (int round = 0; len < (size_t)4 << 20; round++) {
		append(&doc, &len, &cap, round % 3 ? cn : hk, round % 3 ? cn_len : hk_len);
		APPEND("\n他說：「這段引文跨行，\n下一行才完。」");
		if (!balanced)
			APPEND("然後「一直沒有關上");
		APPEND("\nThe Goverment said teh taxi fare rises; Shenzhen and Qwen agree.\n");
		if (balanced)
			continue;
		if (round % 4 == 1)
			APPEND("<!-- tongwen-disable punct -->\n「開了\n的士司機，嘅\n");
		if (round % 4 == 3)
			APPEND("<!-- tongwen-enable -->\n");
		APPEND("# tongwen-disable-next-line term\n的士和出租车都有。\n");
		if (round == 5) {
			/* one line longer than a piece, sentences but no line feed */
			while (len < ((size_t)round << 20) + (TW_CHECK_PIECE * 3) / 2)
				APPEND("市民乘搭的士去數碼港，佢哋話「好」。");
			APPEND("\n");
		}
	}
	free(hk);
	tw_free(cn);
	*out_len = len;
	return doc;
}

static void free_found(found *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free((void *)f->v[i].message);
		free((void *)f->v[i].note);
		for (size_t k = 0; k < f->v[i].n_suggestions; k++)
			free((void *)f->v[i].suggestions[k]);
		free((void *)f->v[i].suggestions);
	}
	free(f->v);
}

/* The findings of a streamed check of doc with `threads` threads, in the
 * order the sink received them; returns the number of passes. */
static int stream_check(found *f, const char *doc, size_t len, const tw_check_options *o,
                        int threads)
{
	tw_error err = {0};
	tw_check_stream *s;
	assert_int_equal(tw_check_stream_open(&s, lex, o, sink, f, &err), 0);
	assert_int_equal(tw_check_stream_set_threads(s, threads), 0);
	int again = 1, passes = 0;
	while (again) {
		passes++;
		/* odd write sizes, some a byte at a time across a cut */
		size_t pos = 0, step = 777777;
		while (pos < len) {
			size_t n = len - pos < step ? len - pos : step;
			assert_int_equal(tw_check_stream_write(s, doc + pos, n, &err), 0);
			pos += n;
			step = step == 777777 ? 1 : step == 1 ? 3000001 : 777777;
		}
		assert_int_equal(tw_check_stream_finish(s, &again, &err), 0);
	}
	/* threads are set before the first write only */
	assert_int_equal(tw_check_stream_set_threads(s, 1), TW_EINVAL);
	tw_check_stream_free(s);
	return passes;
}

/* Two findings alike in every field the comparison reads. */
static int same_finding(const tw_finding *a, const tw_finding *b)
{
	if (cmp(a, b) || a->severity != b->severity || a->length != b->length ||
	    a->line != b->line || a->column != b->column || a->end_line != b->end_line ||
	    a->end_column != b->end_column || a->column_u16 != b->column_u16 ||
	    a->end_column_u16 != b->end_column_u16 || a->n_suggestions != b->n_suggestions ||
	    (a->note == NULL) != (b->note == NULL) || (a->note && strcmp(a->note, b->note)))
		return 0;
	for (size_t k = 0; k < a->n_suggestions; k++)
		if (strcmp(a->suggestions[k], b->suggestions[k]))
			return 0;
	return 1;
}

static void compare_target(tw_target target, int threads, int balanced)
{
	size_t len;
	char *doc = build_document(&len, balanced);
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	o.target = target;
	tw_error err = {0};
	tw_findings *whole;
	assert_int_equal(tw_check(&whole, lex, doc, len, &o, &err), 0);

	found f = {NULL, 0, 0, doc, len, 0, 0};
	int passes = stream_check(&f, doc, len, &o, threads);
	if (threads > 1) {
		/* the order the sink sees is one thread's */
		found one = {NULL, 0, 0, doc, len, 0, 0};
		assert_int_equal(stream_check(&one, doc, len, &o, 1), passes);
		assert_int_equal(one.n, f.n);
		for (size_t i = 0; i < f.n; i++)
			if (!same_finding(&one.v[i], &f.v[i]))
				fail_msg("finding %zu differs from one thread's: %s@%zu / %s@%zu", i,
				         one.v[i].rule, one.v[i].offset, f.v[i].rule, f.v[i].offset);
		assert_int_equal(one.late, f.late);
		free_found(&one);
	}
	assert_int_equal(passes, 3); /* the document mixes 的士 and 出租车 */
	assert_false(f.bad_window);
	assert_true(balanced || f.late > 0);

	qsort(whole->items, whole->count, sizeof *whole->items, cmp);
	qsort(f.v, f.n, sizeof *f.v, cmp);
	assert_true(whole->count > 1000);
	size_t unpaired = 0;
	for (size_t i = 0; i < whole->count && i < f.n; i++) {
		const tw_finding *a = &whole->items[i], *b = &f.v[i];
		if (cmp(a, b) || a->severity != b->severity || a->length != b->length ||
		    a->line != b->line || a->column != b->column || a->end_line != b->end_line ||
		    a->end_column != b->end_column || a->column_u16 != b->column_u16 ||
		    a->end_column_u16 != b->end_column_u16 || a->n_suggestions != b->n_suggestions ||
		    (a->note == NULL) != (b->note == NULL) || (a->note && strcmp(a->note, b->note)))
			fail_msg("finding %zu differs: %s@%zu (%zu:%zu) %s / %s@%zu (%zu:%zu) %s", i, a->rule,
			         a->offset, a->line, a->column, a->message, b->rule, b->offset, b->line,
			         b->column, b->message);
		for (size_t k = 0; k < a->n_suggestions; k++)
			assert_string_equal(a->suggestions[k], b->suggestions[k]);
		unpaired += !strcmp(a->rule, "punct/unpaired");
	}
	assert_int_equal(whole->count, f.n);
	assert_true(balanced || unpaired > 0);
	tw_findings_free(whole);
	free_found(&f);
	free(doc);
}

static void test_stream_equals_whole_cn(void **state)
{
	(void)state;
	compare_target(TW_TARGET_CN, 1, 0);
}

static void test_stream_equals_whole_hk(void **state)
{
	(void)state;
	compare_target(TW_TARGET_HK, 1, 0);
}

/* Two threads: a piece checked ahead is used when nothing is carried into
 * it, else checked again (the document leaves quotes open and directives in
 * force across cuts, so both happen). */
static void test_stream_threads_cn(void **state)
{
	(void)state;
	compare_target(TW_TARGET_CN, 2, 0);
	compare_target(TW_TARGET_CN, 2, 1);
}

static void test_stream_threads_hk(void **state)
{
	(void)state;
	compare_target(TW_TARGET_HK, 2, 1);
}

/* Bad bytes far into the text are reported at their offset in the whole
 * text; a sink that stops ends the check with TW_ECALLBACK. */
static int stop_sink(void *ud, const tw_finding *items, size_t n, const char *text, size_t base,
                     size_t len)
{
	(void)ud, (void)items, (void)n, (void)text, (void)base, (void)len;
	return 1;
}

static void test_stream_errors(void **state)
{
	(void)state;
	size_t n = (size_t)3 << 20;
	char *t = malloc(n);
	for (size_t i = 0; i < n; i += 4)
		memcpy(t + i, i % 64 ? "abc " : "ab\n ", 4);
	t[2500000] = (char)0xFF;
	found f = {NULL, 0, 0, t, n, 0, 0};
	tw_check_stream *s;
	tw_error err = {0};
	for (int threads = 1; threads <= 2; threads++) {
		assert_int_equal(tw_check_stream_open(&s, lex, NULL, sink, &f, &err), 0);
		assert_int_equal(tw_check_stream_set_threads(s, threads), 0);
		int rc = tw_check_stream_write(s, t, n, &err);
		if (!rc)
			rc = tw_check_stream_finish(s, NULL, &err);
		assert_int_equal(rc, TW_EUTF8);
		assert_int_equal(err.offset, 2500000);
		tw_check_stream_free(s);
	}

	const char *bad = "的士\n";
	assert_int_equal(tw_check_stream_open(&s, lex, NULL, stop_sink, NULL, &err), 0);
	assert_int_equal(tw_check_stream_write(s, bad, strlen(bad), &err), 0);
	assert_int_equal(tw_check_stream_finish(s, NULL, &err), TW_ECALLBACK);
	tw_check_stream_free(s);
	free_found(&f);
	free(t);
}

/* TW_CHECK_LAZY_SPELLING: the same findings without suggestions, which
 * tw_spelling_suggest gives on demand; a version 1 options struct (no
 * flags) is still accepted. */
static void test_lazy_spelling(void **state)
{
	(void)state;
	const char *t = "市民表示Goverment会议teh。";
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	o.flags = TW_CHECK_LAZY_SPELLING;
	tw_findings *lazy, *full;
	tw_error err = {0};
	assert_int_equal(tw_check(&lazy, lex, t, strlen(t), &o, &err), 0);
	o.flags = 0;
	o.version = 1;
	assert_int_equal(tw_check(&full, lex, t, strlen(t), &o, &err), 0);
	assert_int_equal(lazy->count, full->count);
	size_t spelling = 0;
	for (size_t i = 0; i < full->count; i++) {
		const tw_finding *a = &lazy->items[i], *b = &full->items[i];
		assert_string_equal(a->rule, b->rule);
		assert_int_equal(a->offset, b->offset);
		if (strcmp(a->rule, "spelling/unknown"))
			continue;
		spelling++;
		assert_int_equal(a->n_suggestions, 0);
		assert_true(b->n_suggestions > 0);
		char **s;
		size_t n;
		assert_int_equal(tw_spelling_suggest(&s, &n, lex, t + b->offset, b->length, &err), 0);
		assert_int_equal(n, b->n_suggestions);
		for (size_t k = 0; k < n; k++)
			assert_string_equal(s[k], b->suggestions[k]);
		tw_free(s);
	}
	assert_int_equal(spelling, 2);
	tw_findings_free(lazy);
	tw_findings_free(full);
	char **s = (char **)1;
	size_t n = 9;
	assert_int_equal(tw_spelling_suggest(&s, &n, lex, "\xFF", 1, &err), TW_EUTF8);
	assert_null(s);
	assert_int_equal(n, 0);
}

static int setup(void **state)
{
	(void)state;
	tw_error err = {0};
	if (tw_lexicon_open(&lex, TW_TEST_DATA, &err)) {
		fprintf(stderr, "tw_lexicon_open: %s\n", err.message);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tw_lexicon_free(lex);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_equals_whole_cn),
		cmocka_unit_test(test_stream_equals_whole_hk),
		cmocka_unit_test(test_stream_threads_cn),
		cmocka_unit_test(test_stream_threads_hk),
		cmocka_unit_test(test_stream_errors),
		cmocka_unit_test(test_lazy_spelling),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
