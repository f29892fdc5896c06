/* Registers: a profile with "tongwen_register" converts each document with
 * itself or its Taiwan variant, decided by marker words in the document's
 * first 64 KiB; the one-shot document calls and the document stream decide
 * alike. Fixture profiles (fixtures/register): reg-hk keeps "user", its
 * variant reg-tw writes "USER"; markers network, software, digital (Taiwan)
 * and harbour (Hong Kong). reg-pairs is reg-hk with a pair table (threshold
 * 30 tenths, veto -30: 網路 20, 軟體 20, 數位 15, 本港 -40). */
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

#include "../lib/collect.h"

#define WINDOW ((size_t)64 << 10)

static tw_profile *open_flags(const char *name, unsigned flags)
{
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = TW_TEST_DATA;
	po.flags = flags;
	tw_profile *p = NULL;
	tw_error err = {0};
	char path[1024];
	snprintf(path, sizeof path, "%s/register/%s.json", TW_TEST_FIXTURES, name);
	int rc = tw_profile_open(&p, path, &po, &err);
	if (rc)
		fprintf(stderr, "%s: %s\n", name, err.message);
	assert_int_equal(rc, TW_OK);
	return p;
}

static char *doc_convert(const tw_profile *p, const char *text, size_t len)
{
	char *out;
	size_t n;
	tw_error err = {0};
	int rc = tw_convert_document(&out, &n, p, text, len, NULL, NULL, &err);
	if (rc)
		fprintf(stderr, "%s\n", err.message);
	assert_int_equal(rc, TW_OK);
	return out;
}

/* The document stream fed in pieces of `piece` bytes. */
static char *stream_convert(const tw_profile *p, const char *text, size_t len, size_t piece)
{
	char *acc = calloc(1, 1);
	tw_doc_stream *s;
	tw_error err = {0};
	assert_int_equal(tw_doc_stream_new(&s, p, collect, &acc), TW_OK);
	for (size_t i = 0; i < len; i += piece)
		assert_int_equal(tw_doc_stream_feed(s, text + i, len - i < piece ? len - i : piece, &err),
		                 TW_OK);
	assert_int_equal(tw_doc_stream_finish(s, &err), TW_OK);
	tw_doc_stream_free(s);
	return acc;
}

static const char *pick_name(const tw_profile *p, const char *text)
{
	const tw_profile *q = NULL;
	tw_error err = {0};
	assert_int_equal(tw_profile_for_document(&q, p, text, strlen(text), &err), TW_OK);
	return tw_profile_name(q);
}

/* A text of spaces that runs 64 bytes past the register's window. */
static char *past_window(void)
{
	char *big = malloc(WINDOW + 64 + 1);
	assert_non_null(big);
	memset(big, ' ', WINDOW + 64);
	big[WINDOW + 64] = '\0';
	return big;
}

static void test_detect(void **state)
{
	(void)state;
	tw_profile *p = open_flags("reg-hk", 0);
	assert_string_equal(pick_name(p, "the network user and the software user\n"), "reg-tw");
	/* one marker is not enough; no marker at all stays */
	assert_string_equal(pick_name(p, "the network user\n"), "reg-hk");
	assert_string_equal(pick_name(p, "a user\n"), "reg-hk");
	assert_string_equal(pick_name(p, ""), "reg-hk");
	/* a marker counts once: two mentions of one word are one marker */
	assert_string_equal(pick_name(p, "network network user\n"), "reg-hk");
	/* Taiwan markers must be more than twice the Hong Kong ones */
	assert_string_equal(pick_name(p, "network software harbour user\n"), "reg-hk");
	assert_string_equal(pick_name(p, "network software digital harbour user\n"), "reg-tw");
	/* a marker cut by the window's end does not count */
	char *big = past_window();
	memcpy(big, "network ", 8);
	memcpy(big + WINDOW - 4, "software", 8);
	assert_string_equal(pick_name(p, big), "reg-hk");
	memcpy(big + WINDOW - 8, "software", 8);
	assert_string_equal(pick_name(p, big), "reg-tw");
	free(big);
	tw_profile_free(p);
}

/* The pair table: a document whose distinct pairs of adjacent Han
 * characters weigh at least the threshold is Taiwan copy, markers or not. */
static void test_pairs(void **state)
{
	(void)state;
	tw_profile *p = open_flags("reg-pairs", 0);
	assert_string_equal(pick_name(p, "網路軟體"), "reg-tw");     /* 20 + 20 */
	assert_string_equal(pick_name(p, "網路與數位"), "reg-tw");   /* 20 + 15 */
	assert_string_equal(pick_name(p, "網路與其他"), "reg-pairs");   /* 20 */
	assert_string_equal(pick_name(p, "網路和數位軟體"), "reg-tw"); /* 55 */
	/* a pair counts once however often it occurs */
	assert_string_equal(pick_name(p, "網路網路網路"), "reg-pairs");
	/* Hong Kong pairs weigh against */
	assert_string_equal(pick_name(p, "網路軟體在本港"), "reg-pairs");
	/* only adjacent Han characters make a pair */
	assert_string_equal(pick_name(p, "網 路軟體"), "reg-pairs");
	assert_string_equal(pick_name(p, "網路 軟體"), "reg-tw");
	/* the markers still decide on their own, unless the pairs weigh below
	 * the veto */
	assert_string_equal(pick_name(p, "the network user and the software user\n"), "reg-tw");
	assert_string_equal(pick_name(p, "the network user and the software user 本港\n"),
	                    "reg-pairs");
	assert_string_equal(pick_name(p, "the network user and the software user 本港網路\n"),
	                    "reg-tw"); /* -20: not below */
	assert_string_equal(pick_name(p, "a user\n"), "reg-pairs");
	/* a pair past the window, or cut by its end, does not count */
	char *big = past_window();
	memcpy(big, "網路", 6);
	memcpy(big + WINDOW - 4, "軟體", 6); /* 軟 whole, 體 cut */
	assert_string_equal(pick_name(p, big), "reg-pairs");
	memcpy(big + WINDOW - 6, "軟體", 6);
	assert_string_equal(pick_name(p, big), "reg-tw");
	free(big);
	tw_profile_free(p);
	/* a profile without a table reads pairs as nothing */
	p = open_flags("reg-hk", 0);
	assert_string_equal(pick_name(p, "網路和數位軟體"), "reg-hk");
	tw_profile_free(p);
}

static void test_flags(void **state)
{
	(void)state;
	const char *tw = "network software user\n", *hk = "a user\n";
	tw_profile *p = open_flags("reg-hk", TW_PROFILE_REGISTER_HK);
	assert_string_equal(pick_name(p, tw), "reg-hk");
	tw_profile_free(p);
	p = open_flags("reg-hk", TW_PROFILE_REGISTER_TW);
	assert_string_equal(pick_name(p, hk), "reg-tw");
	tw_profile_free(p);
	/* stock OpenCC has no registers */
	p = open_flags("reg-hk", TW_PROFILE_OPENCC_ONLY);
	assert_string_equal(pick_name(p, tw), "reg-hk");
	tw_profile_free(p);
	/* a profile without registers is always itself */
	p = open_flags("reg-tw", 0);
	assert_string_equal(pick_name(p, tw), "reg-tw");
	tw_profile_free(p);
}

static void test_document_calls(void **state)
{
	(void)state;
	tw_profile *p = open_flags("reg-hk", 0);
	const char *tw = "network software: a user\n", *hk = "harbour: a user\n";
	char *out = doc_convert(p, tw, strlen(tw));
	assert_string_equal(out, "network software: a USER\n");
	tw_free(out);
	out = doc_convert(p, hk, strlen(hk));
	assert_string_equal(out, hk);
	tw_free(out);
	/* tw_convert converts with the profile as given */
	size_t n;
	assert_int_equal(tw_convert(&out, &n, p, tw, strlen(tw), NULL), TW_OK);
	assert_string_equal(out, tw);
	tw_free(out);
	/* HTML: the markers are read in the document's bytes */
	const char *html = "<p>network</p><p>software user</p>\n";
	out = doc_convert(p, html, strlen(html));
	assert_string_equal(out, "<p>network</p><p>software USER</p>\n");
	tw_free(out);
	tw_profile_free(p);
}

/* The stream decides on the same first 64 KiB as the one-shot call, however
 * the input is cut: Taiwan markers inside the window, and only after it. */
static void test_stream_agrees(void **state)
{
	(void)state;
	tw_profile *p = open_flags("reg-hk", 0);
	size_t len = WINDOW * 2 + 100;
	char *text = malloc(len + 1);
	for (size_t i = 0; i < len; i++)
		text[i] = i % 20 == 19 ? '\n' : 'x';
	text[len] = '\0';
	memcpy(text + 40, "user", 4);
	memcpy(text + WINDOW + 40, "user", 4);
	const size_t pieces[] = {1, 7, 4096, WINDOW - 1, WINDOW, WINDOW + 1, len};
	for (int variant = 0; variant < 2; variant++) {
		/* variant 0: markers after the window (Hong Kong); 1: inside it */
		size_t at = variant ? 100 : WINDOW + 100;
		memcpy(text + at, "network", 7);
		memcpy(text + at + 20, "software", 8);
		char *one = doc_convert(p, text, len);
		assert_int_equal(strstr(one, "USER") != NULL, variant);
		for (size_t k = 0; k < sizeof pieces / sizeof *pieces; k++) {
			char *s = stream_convert(p, text, len, pieces[k]);
			assert_string_equal(s, one);
			free(s);
		}
		tw_free(one);
		memset(text + at, 'x', 7);
		memset(text + at + 20, 'x', 8);
	}
	free(text);
	tw_profile_free(p);
}

/* An invalid byte in the held window is reported at its own offset. */
static void test_stream_error_offset(void **state)
{
	(void)state;
	tw_profile *p = open_flags("reg-hk", 0);
	tw_doc_stream *s;
	tw_error err = {0};
	char *acc = NULL;
	assert_int_equal(tw_doc_stream_new(&s, p, collect, &acc), TW_OK);
	assert_int_equal(tw_doc_stream_feed(s, "ok line\nbad \xff here\n", 19, &err), TW_OK);
	assert_int_equal(tw_doc_stream_finish(s, &err), TW_EUTF8);
	assert_int_equal(err.offset, 12);
	tw_doc_stream_free(s);
	free(acc);
	tw_profile_free(p);
}

/* Threads sharing a fresh profile: the Taiwan variant is opened once, by
 * whichever document needs it first, and every thread gets its output. */
static void *convert_tw(void *arg)
{
	const tw_profile *p = arg;
	const char *tw = "network software: a user\n";
	char *out = NULL;
	size_t n;
	if (tw_convert_document(&out, &n, p, tw, strlen(tw), NULL, NULL, NULL))
		return NULL;
	return out;
}

static void test_threads(void **state)
{
	(void)state;
	tw_profile *p = open_flags("reg-hk", 0);
	pthread_t t[8];
	for (int i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&t[i], NULL, convert_tw, p), 0);
	for (int i = 0; i < 8; i++) {
		void *out;
		assert_int_equal(pthread_join(t[i], &out), 0);
		assert_non_null(out);
		assert_string_equal(out, "network software: a USER\n");
		tw_free(out);
	}
	tw_profile_free(p);
}

static void test_bad_register(void **state)
{
	(void)state;
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	tw_profile *p = NULL;
	tw_error err = {0};
	char path[1024];
	snprintf(path, sizeof path, "%s/register/reg-bad.json", TW_TEST_FIXTURES);
	assert_int_equal(tw_profile_open(&p, path, &po, &err), TW_EFORMAT);
	assert_non_null(strstr(err.message, "tongwen_register"));
	assert_null(p);
	snprintf(path, sizeof path, "%s/register/reg-badm.json", TW_TEST_FIXTURES);
	assert_int_equal(tw_profile_open(&p, path, &po, &err), TW_EFORMAT);
	assert_non_null(strstr(err.message, "bad-markers.tsv:1"));
	assert_null(p);
	snprintf(path, sizeof path, "%s/register/reg-badp.json", TW_TEST_FIXTURES);
	assert_int_equal(tw_profile_open(&p, path, &po, &err), TW_EFORMAT);
	assert_non_null(strstr(err.message, "bad-pairs.tsv:3"));
	assert_int_equal(err.offset, 23); /* where line 3 starts */
	assert_null(p);
	snprintf(path, sizeof path, "%s/register/reg-badp2.json", TW_TEST_FIXTURES);
	assert_int_equal(tw_profile_open(&p, path, &po, &err), TW_EFORMAT);
	assert_non_null(strstr(err.message, "\"pairs\""));
	assert_null(p);
	const tw_profile *q = NULL;
	assert_int_equal(tw_profile_for_document(&q, NULL, "x", 1, &err), TW_EINVAL);
}

/* hk2cn itself: the build's markers read Hong Kong copy as Hong Kong and
 * Taiwan copy as Taiwan. */
static void test_hk2cn_markers(void **state)
{
	(void)state;
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = TW_TEST_DATA;
	tw_profile *p = NULL;
	tw_error err = {0};
	assert_int_equal(tw_profile_open(&p, "hk2cn", &po, &err), TW_OK);
	const char *hk = pick_name(p, "特區政府發言人表示，本港市民可透過網絡申請。");
	const char *tw = pick_name(p, "數位發展部表示，民眾可透過網路下載軟體。");
	assert_string_not_equal(hk, tw);
	assert_string_equal(hk, tw_profile_name(p));
	/* short broadcast items with one marker or none, read by the pair table */
	assert_string_equal(pick_name(p, "颱風外圍環流持續影響，中南部山區今天午後容易出現雷陣雨。"), tw);
	assert_string_equal(pick_name(p, "市府表示，捷運新路線預計明年通車，沿線民眾通勤時間可望縮短。"), tw);
	tw_profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_document_calls),
		cmocka_unit_test(test_stream_agrees),
		cmocka_unit_test(test_stream_error_offset),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_bad_register),
		cmocka_unit_test(test_hk2cn_markers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
