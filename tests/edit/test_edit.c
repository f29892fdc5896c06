/* API tests of tongwen/edit.h: the line index and unit conversions around
 * non-BMP characters and every line break, tw_fix() resolving overlaps in
 * one pass, tw_convert_range() widening to whole terms, and all of them
 * called from several threads at once. */
#include <pthread.h>
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
static tw_profile *prof;

static int setup(void **state)
{
	(void)state;
	tw_error err = {0};
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = TW_TEST_DATA;
	if (tw_lexicon_open(&lex, TW_TEST_DATA, &err) || tw_profile_open(&prof, "hk2cn", &po, &err)) {
		fprintf(stderr, "setup: %s\n", err.message);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tw_lexicon_free(lex);
	tw_profile_free(prof);
	return 0;
}

/* "a😀b\r\n中\rx\n" : 😀 is 4 bytes, 1 code point, 2 UTF-16 units */
static const char LINES[] = "a\xF0\x9F\x98\x80" "b\r\n\xE4\xB8\xAD\rx\n";

static void test_lines(void **state)
{
	(void)state;
	size_t len = strlen(LINES), line, col, start, ll;
	tw_lines *l = NULL;
	assert_int_equal(tw_lines_new(&l, LINES, len, NULL), TW_OK);
	assert_int_equal(tw_lines_count(l), 4);
	assert_int_equal(tw_lines_span(&start, &ll, l, 0), TW_OK);
	assert_int_equal(start, 0);
	assert_int_equal(ll, 6);
	assert_int_equal(tw_lines_span(&start, &ll, l, 1), TW_OK);
	assert_int_equal(start, 8);
	assert_int_equal(ll, 3);
	assert_int_equal(tw_lines_span(&start, &ll, l, 3), TW_OK);
	assert_int_equal(start, len);
	assert_int_equal(ll, 0);
	assert_int_equal(tw_lines_span(&start, &ll, l, 4), TW_EINVAL);
	/* 'b' is at byte 5: column 5 in bytes, 2 in code points, 3 in UTF-16 */
	assert_int_equal(tw_lines_position(&line, &col, l, 5, TW_UNIT_BYTE), TW_OK);
	assert_int_equal(line, 0);
	assert_int_equal(col, 5);
	assert_int_equal(tw_lines_position(&line, &col, l, 5, TW_UNIT_CODEPOINT), TW_OK);
	assert_int_equal(col, 2);
	assert_int_equal(tw_lines_position(&line, &col, l, 5, TW_UNIT_UTF16), TW_OK);
	assert_int_equal(col, 3);
	/* inside the emoji: its start */
	assert_int_equal(tw_lines_position(&line, &col, l, 3, TW_UNIT_UTF16), TW_OK);
	assert_int_equal(col, 1);
	/* inside "\r\n": the end of the line */
	assert_int_equal(tw_lines_position(&line, &col, l, 7, TW_UNIT_UTF16), TW_OK);
	assert_int_equal(line, 0);
	assert_int_equal(col, 4);
	/* after a lone "\r" */
	assert_int_equal(tw_lines_position(&line, &col, l, 12, TW_UNIT_BYTE), TW_OK);
	assert_int_equal(line, 2);
	assert_int_equal(col, 0);
	assert_int_equal(tw_lines_position(&line, &col, l, len + 1, TW_UNIT_BYTE), TW_EINVAL);
	/* and back */
	assert_int_equal(tw_lines_offset(l, 0, 3, TW_UNIT_UTF16), 5);
	assert_int_equal(tw_lines_offset(l, 0, 2, TW_UNIT_UTF16), 1); /* mid-pair: its start */
	assert_int_equal(tw_lines_offset(l, 0, 2, TW_UNIT_CODEPOINT), 5);
	assert_int_equal(tw_lines_offset(l, 0, 99, TW_UNIT_UTF16), 6); /* clamped before \r\n */
	assert_int_equal(tw_lines_offset(l, 1, 1, TW_UNIT_UTF16), 11);
	assert_int_equal(tw_lines_offset(l, 1, 1, TW_UNIT_BYTE), 8); /* mid-character */
	assert_int_equal(tw_lines_offset(l, 9, 0, TW_UNIT_BYTE), len);
	tw_lines_free(l);
	tw_lines_free(NULL);
	tw_error err = {0};
	assert_int_equal(tw_lines_new(&l, "ab\xFF", 3, &err), TW_EUTF8);
	assert_null(l);
	assert_int_equal(err.offset, 2);
	assert_int_equal(tw_lines_new(&l, "", 0, NULL), TW_OK);
	assert_int_equal(tw_lines_count(l), 1);
	tw_lines_free(l);
}

static void test_unit_convert(void **state)
{
	(void)state;
	const char *s = "\xE4\xB8\xAD\xF0\x9F\x98\x80z"; /* 中😀z */
	size_t len = strlen(s);
	assert_int_equal(tw_unit_convert(s, len, 3, TW_UNIT_UTF16, TW_UNIT_BYTE), 7);
	assert_int_equal(tw_unit_convert(s, len, 2, TW_UNIT_UTF16, TW_UNIT_BYTE), 3);
	assert_int_equal(tw_unit_convert(s, len, 7, TW_UNIT_BYTE, TW_UNIT_UTF16), 3);
	assert_int_equal(tw_unit_convert(s, len, 2, TW_UNIT_CODEPOINT, TW_UNIT_UTF16), 3);
	assert_int_equal(tw_unit_convert(s, len, 4, TW_UNIT_UTF16, TW_UNIT_CODEPOINT), 3);
	assert_int_equal(tw_unit_convert(s, len, 100, TW_UNIT_BYTE, TW_UNIT_CODEPOINT), 3);
	assert_int_equal(tw_unit_convert(s, len, 5, TW_UNIT_BYTE, TW_UNIT_CODEPOINT), 1);
}

static char *fix_text(const char *text, size_t *n_edits)
{
	tw_findings *f = NULL;
	tw_error err = {0};
	assert_int_equal(tw_check(&f, lex, text, strlen(text), NULL, &err), TW_OK);
	tw_edits *e = NULL;
	char *out = NULL;
	size_t out_len = 0;
	assert_int_equal(tw_fix(&e, &out, &out_len, text, strlen(text), f, NULL, &err), TW_OK);
	assert_int_equal(strlen(out), out_len);
	if (n_edits)
		*n_edits = e->count;
	for (size_t i = 1; i < e->count; i++)
		assert_true(e->items[i - 1].offset + e->items[i - 1].length <= e->items[i].offset);
	tw_edits_free(e);
	tw_findings_free(f);
	return out;
}

static void test_fix_one_pass(void **state)
{
	(void)state;
	/* the term fix covers the script fix: one pass, the Mainland term */
	size_t n;
	char *out = fix_text("數碼港元", &n);
	assert_string_equal(out, "数字港元");
	assert_int_equal(n, 1);
	tw_free(out);
	/* fixing the fixed text changes nothing: no second run needed */
	out = fix_text("新的數碼港元和軟件，請坐的士。", NULL);
	char *again = fix_text(out, &n);
	assert_string_equal(out, again);
	assert_int_equal(n, 0);
	tw_free(out);
	tw_free(again);
}

/* Findings made by hand: a long fix overlapping two shorter ones. */
static void test_fix_overlap(void **state)
{
	(void)state;
	const char *text = "ABCDEF";
	const char *s0[] = { "abc" }, *s1[] = { "xyz" }, *s2[] = { "Q" }, *s3[] = { "EF" };
	tw_finding items[4] = { 0 };
	items[0] = (tw_finding){ .rule = "script/traditional", .severity = TW_SEV_ERROR,
	                         .offset = 0, .length = 3, .suggestions = s0, .n_suggestions = 1 };
	/* the winner: longest */
	items[1] = (tw_finding){ .rule = "term/convert", .severity = TW_SEV_ERROR, .offset = 2,
	                         .length = 3, .suggestions = s1, .n_suggestions = 1 };
	/* not character for character, overlapping: dropped */
	items[2] = (tw_finding){ .rule = "term/convert", .severity = TW_SEV_ERROR, .offset = 4,
	                         .length = 2, .suggestions = s2, .n_suggestions = 1 };
	/* review items are not safe */
	items[3] = (tw_finding){ .rule = "term/review", .severity = TW_SEV_ERROR, .offset = 5,
	                         .length = 1, .suggestions = s3, .n_suggestions = 1 };
	tw_findings f = { items, 4 };
	tw_edits *e = NULL;
	char *out = NULL;
	size_t n = 0;
	/* 0 and 1 tie in length: the earlier wins; 1 replaces 3 characters by
	 * 3, so its characters outside 0 (D, E) still change */
	assert_int_equal(tw_fix(&e, &out, &n, text, 6, &f, NULL, NULL), TW_OK);
	assert_string_equal(out, "abcyzF");
	assert_int_equal(e->count, 2);
	assert_int_equal(e->items[0].offset, 0);
	assert_int_equal(e->items[0].length, 3);
	assert_int_equal(e->items[0].finding, 0);
	assert_int_equal(e->items[1].offset, 3);
	assert_int_equal(e->items[1].length, 2);
	assert_string_equal(e->items[1].text, "yz");
	assert_int_equal(e->items[1].finding, 1);
	tw_edits_free(e);
	tw_free(out);
	/* chosen fixes, review item included; the longest (2) wins over 3 */
	tw_fix_choice ch[] = { { 3, 0 }, { 2, 0 } };
	tw_fix_options o = TW_FIX_OPTIONS_INIT;
	o.choices = ch;
	o.n_choices = 2;
	assert_int_equal(tw_fix(NULL, &out, &n, text, 6, &f, &o, NULL), TW_OK);
	assert_string_equal(out, "ABCDQ");
	tw_free(out);
	/* bad choices */
	tw_fix_choice bad[] = { { 9, 0 } }, bad2[] = { { 0, 1 } };
	o.choices = bad;
	o.n_choices = 1;
	tw_error err = {0};
	assert_int_equal(tw_fix(&e, &out, &n, text, 6, &f, &o, &err), TW_EINVAL);
	assert_null(e);
	assert_null(out);
	o.choices = bad2;
	assert_int_equal(tw_fix(&e, &out, &n, text, 6, &f, &o, &err), TW_EINVAL);
	/* a finding outside the text */
	assert_int_equal(tw_fix(&e, &out, &n, text, 4, &f, NULL, &err), TW_EINVAL);
	assert_int_equal(tw_finding_is_safe_fix(&items[3]), 0);
	assert_int_equal(tw_finding_is_safe_fix(&items[0]), 1);
	tw_edits_free(NULL);
}

static void test_convert_range(void **state)
{
	(void)state;
	const char *text = "第一行\n我坐的士回家\n";
	size_t len = strlen(text);
	size_t soft = strstr(text, "的士") - text;
	char *out = NULL;
	size_t out_len, ro, rl, nsp;
	tw_span *sp = NULL;
	/* selecting only 的 widens to the term 的士 */
	assert_int_equal(tw_convert_range(&out, &out_len, &ro, &rl, &sp, &nsp, prof, NULL, text, len,
	                                  soft, 3, NULL),
	                 TW_OK);
	assert_int_equal(ro, soft);
	assert_int_equal(rl, 6);
	assert_string_equal(out, "出租车");
	assert_int_equal(nsp, 1);
	assert_int_equal(sp[0].src_off, soft);
	assert_int_equal(sp[0].dst_off, 0);
	assert_true(sp[0].step >= 0);
	tw_free(out);
	tw_free(sp);
	/* 坐的 from inside 坐: whole characters; the unchanged 回 after 士 is
	 * not taken */
	size_t de = soft - 3;
	assert_int_equal(tw_convert_range(&out, &out_len, &ro, &rl, &sp, &nsp, prof, NULL, text, len,
	                                  de + 1, 5, NULL),
	                 TW_OK);
	assert_int_equal(ro, de);
	assert_int_equal(rl, 9);
	assert_string_equal(out, "坐出租车");
	assert_int_equal(sp[0].src_off, de);
	assert_int_equal(sp[0].src_len, 3);
	assert_true(sp[0].step < 0);
	assert_int_equal(sp[nsp - 1].dst_off + sp[nsp - 1].dst_len, out_len);
	tw_free(out);
	tw_free(sp);
	/* 回 and half of 家: an unchanged span cut at the selection's end */
	size_t back = strstr(text, "回") - text;
	assert_int_equal(tw_convert_range(&out, &out_len, &ro, &rl, &sp, &nsp, prof, NULL, text, len,
	                                  back, 4, NULL),
	                 TW_OK);
	assert_int_equal(ro, back);
	assert_int_equal(rl, 6);
	assert_string_equal(out, "回家");
	assert_int_equal(nsp, 1);
	assert_int_equal(sp[0].src_len, 6);
	assert_int_equal(sp[0].dst_len, 6);
	tw_free(out);
	tw_free(sp);
	/* empty selection; out of range */
	assert_int_equal(tw_convert_range(&out, &out_len, &ro, &rl, NULL, NULL, prof, NULL, text, len,
	                                  soft, 0, NULL),
	                 TW_OK);
	assert_int_equal(out_len, 0);
	assert_int_equal(rl, 0);
	tw_free(out);
	assert_int_equal(tw_convert_range(&out, &out_len, &ro, &rl, NULL, NULL, prof, NULL, text, len,
	                                  len, 1, NULL),
	                 TW_EINVAL);
	/* a document: code in Markdown stays */
	const char *md = "軟件 `軟件` 軟件\n";
	tw_document *doc = NULL;
	tw_doc_options dopt = TW_DOC_OPTIONS_INIT;
	dopt.markup = TW_MARKUP_MARKDOWN;
	assert_int_equal(tw_doc_parse(&doc, md, strlen(md), &dopt, NULL), TW_OK);
	assert_int_equal(tw_convert_range(&out, &out_len, &ro, &rl, NULL, NULL, prof, doc, md,
	                                  strlen(md), 0, strlen(md), NULL),
	                 TW_OK);
	assert_string_equal(out, "软件 `軟件` 软件\n");
	tw_free(out);
	tw_doc_free(doc);
}

static void test_lookup(void **state)
{
	(void)state;
	tw_lexicon_entry e;
	assert_int_equal(tw_lexicon_lookup(&e, lex, "的士", strlen("的士")), TW_OK);
	assert_string_equal(e.form, "的士");
	assert_string_equal(e.action, "convert");
	assert_int_equal(e.n_forms, 1);
	assert_string_equal(e.forms[0], "出租车");
	assert_non_null(e.source);
	assert_int_equal(tw_lexicon_lookup(&e, lex, "的", strlen("的")), TW_ENOTFOUND);
	assert_int_equal(tw_lexicon_lookup(&e, lex, "", 0), TW_ENOTFOUND);
	assert_int_equal(tw_lexicon_lookup(NULL, lex, "x", 1), TW_EINVAL);
}

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20; i++) {
		char *out = fix_text("數碼港元，的士。", NULL);
		if (strcmp(out, "数字港元，出租车。"))
			fail_msg("thread got %s", out);
		tw_free(out);
		tw_lines *l = NULL;
		size_t line, col;
		if (tw_lines_new(&l, LINES, strlen(LINES), NULL) ||
		    tw_lines_position(&line, &col, l, 5, TW_UNIT_UTF16) || col != 3)
			fail_msg("lines");
		tw_lines_free(l);
		const char *t = "我坐的士回家";
		char *conv = NULL;
		size_t cl, ro, rl;
		if (tw_convert_range(&conv, &cl, &ro, &rl, NULL, NULL, prof, NULL, t, strlen(t), 6, 3,
		                     NULL) ||
		    strcmp(conv, "出租车") || ro != 6 || rl != 6)
			fail_msg("convert range");
		tw_free(conv);
		tw_lexicon_entry e;
		if (tw_lexicon_lookup(&e, lex, "的士", strlen("的士")) || strcmp(e.forms[0], "出租车"))
			fail_msg("lookup");
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker, NULL), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),        cmocka_unit_test(test_unit_convert),
		cmocka_unit_test(test_fix_one_pass), cmocka_unit_test(test_fix_overlap),
		cmocka_unit_test(test_convert_range), cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
