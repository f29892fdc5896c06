/* One sense per document (lib/convert/spread.h): once a frame row has
 * rewritten its core in a scope, the core's other occurrences there are
 * written the same way, where they are words of their clause and no name
 * holds them; whole, streamed and aligned conversions agree, scope by
 * scope. The test profile is the built hk2cn.json with a spread file of its
 * own (written here), so the cases do not move with dicts/sense/spread.tsv:
 * 開畫 → 上映 (triggers 剛開畫, 開畫首日; 公開 and 畫展 cross its edges), 影片 → 视频 (trigger 影片顯示;
 * bare 影片 is a review row, so a segment of its own) and 個案 → 病例
 * (trigger 確診個案; 投訴個案, written 投诉案件, is another sense; the
 * classifier 宗, or 宗新, right before a spread occurrence becomes 例, 例新). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tongwen.h"

#include "../lib/collect.h"
#include "../lib/spans.h"

static char dir[1024], json[1100], spread_file[1100];

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* hk2cn.json of the build, its "tongwen_spread" file replaced by ours. */
static tw_profile *open_with(const char *spread_text, unsigned flags, int *rc_out,
                             tw_error *err)
{
	snprintf(dir, sizeof dir, "%s/spread-XXXXXX", TW_TEST_TMP);
	assert_non_null(mkdtemp(dir));
	char src[1100];
	snprintf(src, sizeof src, "%s/hk2cn.json", TW_TEST_DATA);
	FILE *f = fopen(src, "r");
	assert_non_null(f);
	static char text[1 << 16];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	char *at = strstr(text, "HKCNSpread.txt");
	assert_non_null(at);
	char *edited = malloc(n + 64);
	assert_non_null(edited);
	snprintf(edited, n + 64, "%.*sspread-test.txt%s", (int)(at - text), text,
	         at + strlen("HKCNSpread.txt"));
	snprintf(json, sizeof json, "%s/hk2cn.json", dir);
	snprintf(spread_file, sizeof spread_file, "%s/spread-test.txt", dir);
	write_text(json, edited);
	free(edited);
	write_text(spread_file, spread_text);
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = TW_TEST_DATA;
	po.flags = flags;
	tw_profile *p = NULL;
	*rc_out = tw_profile_open(&p, json, &po, err);
	unlink(json);
	unlink(spread_file);
	rmdir(dir);
	return p;
}

static const char *cores = "# core\tform\ttriggers\tother senses\twords across the edges\n"
                           "開畫\t上映\t剛開畫 開畫首日\t\t-3:公開 3:畫展\n"
                           "影片\t视频\t影片顯示\n"
                           "個案\t病例\t確診個案\t投訴個案\t\t宗=例|宗新=例新\n";

static tw_profile *open_test(void)
{
	tw_error err = {0};
	int rc;
	tw_profile *p = open_with(cores, 0, &rc, &err);
	if (rc)
		fprintf(stderr, "%s\n", err.message);
	assert_int_equal(rc, TW_OK);
	return p;
}

static char *conv(const tw_profile *p, const char *in, size_t len)
{
	char *out;
	size_t n;
	tw_error err = {0};
	assert_int_equal(tw_convert(&out, &n, p, in, len, &err), TW_OK);
	return out;
}

static void expect(const tw_profile *p, const char *in, const char *want)
{
	char *out = conv(p, in, strlen(in));
	if (strcmp(out, want))
		fprintf(stderr, "in:   %s\nwant: %s\ngot:  %s\n", in, want, out);
	assert_string_equal(out, want);
	tw_free(out);
}

static void test_spreads(void **state)
{
	(void)state;
	tw_profile *p = open_test();
	/* fired, then spread to the bare core */
	expect(p, "新片剛開畫，票房不俗。另一部電影同日開畫。",
	       "新片刚上映，票房不俗。另一部电影同日上映。");
	/* before the trigger too: the scope is one */
	expect(p, "同日開畫的還有一部。新片剛開畫。", "同日上映的还有一部。新片刚上映。");
	/* no trigger, no spread */
	expect(p, "另一部電影同日開畫。", "另一部电影同日开画。");
	/* a trigger the file does not list (即將開畫 converts, but does not
	 * spread here) */
	expect(p, "電影即將開畫。同日開畫。", "电影即将上映。同日开画。");
	/* across two words: 公開 + 畫作 (公開 crosses the core's start) */
	expect(p, "新片剛開畫。市民公開畫作。", "新片刚上映。市民公开画作。");
	/* inside a name (a run of Han characters ending in 委員會) */
	expect(p, "新片剛開畫。開畫委員會今日成立。", "新片刚上映。开画委员会今日成立。");
	/* a core that is a segment of its own (bare 影片 is a review row) */
	expect(p, "影片顯示他在場。警方正研究該影片。", "视频显示他在场。警方正研究该视频。");
	/* one sense: spread; two senses in the text: the core stays */
	expect(p, "今日新增確診個案。有關個案涉及一名男子。",
	       "今日新增确诊病例。有关病例涉及一名男子。");
	expect(p, "今日新增確診個案。另有三宗投訴個案。有關個案涉及一名男子。",
	       "今日新增确诊病例。另有三宗投诉案件。有关个案涉及一名男子。");
	tw_profile_free(p);
}

static void test_aligned(void **state)
{
	(void)state;
	tw_profile *p = open_test();
	const char *in = "新片剛開畫。同日開畫。";
	char *out;
	size_t n, ns;
	tw_span *sp;
	tw_error err = {0};
	assert_int_equal(tw_convert_aligned(&out, &n, &sp, &ns, p, in, strlen(in), &err), TW_OK);
	char *plain = conv(p, in, strlen(in));
	assert_string_equal(out, plain);
	assert_string_equal(out, "新片刚上映。同日上映。");
	size_t spread = 0, at = strstr(in, "同日開畫") - in + strlen("同日");
	for (size_t i = 0; i < ns; i++) {
		if (!sp[i].dict || strcmp(sp[i].dict, "tongwen_spread"))
			continue;
		spread++;
		assert_int_equal(sp[i].src_off, at);
		assert_int_equal(sp[i].src_len, strlen("開畫"));
		assert_string_equal(sp[i].kind, "term");
		assert_int_equal(sp[i].step, 0);
		assert_memory_equal(out + sp[i].dst_off, "上映", strlen("上映"));
	}
	assert_int_equal(spread, 1);
	tw_free(plain);
	tw_free(out);
	tw_free(sp);
	tw_profile_free(p);
}

/* The stream fed in pieces of `piece` bytes. */
static char *streamed(const tw_profile *p, const char *in, size_t len, size_t piece)
{
	char *acc = calloc(1, 1);
	tw_stream *s;
	tw_error err = {0};
	assert_int_equal(tw_stream_new(&s, p, collect, &acc), TW_OK);
	for (size_t i = 0; i < len; i += piece)
		assert_int_equal(tw_stream_feed(s, in + i, len - i < piece ? len - i : piece, &err),
		                 TW_OK);
	assert_int_equal(tw_stream_finish(s, &err), TW_OK);
	tw_stream_free(s);
	return acc;
}

/* The aligned conversion of in[0..len): the same text as whole, its spans
 * tiling both. */
static void expect_aligned(const tw_profile *p, const char *in, size_t len, const char *whole)
{
	char *out;
	size_t n, ns;
	tw_span *sp;
	tw_error err = {0};
	assert_int_equal(tw_convert_aligned(&out, &n, &sp, &ns, p, in, len, &err), TW_OK);
	assert_string_equal(out, whole);
	assert_spans_tile(in, len, out, n, sp, ns);
	tw_free(out);
	tw_free(sp);
}

/* A long text is cut into scopes of 256 KiB to the next line end: a core
 * fired in the first spreads there, not in the last; every path cuts alike. */
static void test_scopes(void **state)
{
	(void)state;
	tw_profile *p = open_test();
	const char *head = "新片剛開畫。同日開畫。\n", *fill = "天氣晴朗，市民外出。\n",
	           *tail = "另一部同日開畫。\n";
	size_t cap = (size_t)1 << 20, len = 0;
	char *in = malloc(cap + 64);
	assert_non_null(in);
	len += (size_t)sprintf(in + len, "%s", head);
	while (len < (size_t)700 << 10)
		len += (size_t)sprintf(in + len, "%s", fill);
	len += (size_t)sprintf(in + len, "%s", tail);
	char *whole = conv(p, in, len);
	assert_non_null(strstr(whole, "新片刚上映。同日上映。\n"));
	assert_non_null(strstr(whole, "另一部同日开画。\n"));
	size_t pieces[] = {1, 4093, 65536, (size_t)600 << 10};
	for (size_t k = 0; k < sizeof pieces / sizeof *pieces; k++) {
		char *s = streamed(p, in, len, pieces[k]);
		assert_string_equal(s, whole);
		free(s);
	}
	expect_aligned(p, in, len, whole);
	size_t n;
	tw_error err = {0};
	char *buf = NULL;
	size_t bcap = 0;
	assert_int_equal(tw_convert_into(&buf, &bcap, &n, p, in, len, &err), TW_OK);
	assert_memory_equal(buf, whole, n);
	tw_free(buf);
	/* the document layer, one-shot and streamed, on plain text */
	char *doc;
	assert_int_equal(tw_convert_document(&doc, &n, p, in, len, NULL, NULL, &err), TW_OK);
	assert_string_equal(doc, whole);
	tw_free(doc);
	char *acc = calloc(1, 1);
	tw_doc_stream *ds;
	assert_int_equal(tw_doc_stream_new(&ds, p, collect, &acc), TW_OK);
	for (size_t i = 0; i < len; i += 5000)
		assert_int_equal(tw_doc_stream_feed(ds, in + i, len - i < 5000 ? len - i : 5000, &err),
		                 TW_OK);
	assert_int_equal(tw_doc_stream_finish(ds, &err), TW_OK);
	tw_doc_stream_free(ds);
	assert_string_equal(acc, whole);
	free(acc);
	/* where the first scope ends, as a program cutting the text itself
	 * asks: the first line end from 256 KiB on */
	size_t cut = tw_convert_scope(p, in, len, 0);
	assert_true(cut >= (size_t)256 << 10 && cut < ((size_t)256 << 10) + 64);
	assert_int_equal(in[cut - 1], '\n');
	assert_int_equal(tw_convert_scope(p, in, cut, 1), 0);      /* too little to tell */
	assert_int_equal(tw_convert_scope(p, in, cut, 0), cut);    /* the end of the text */
	assert_int_equal(tw_convert_scope(p, in, len, 1), cut);
	tw_free(whole);
	free(in);
	tw_profile_free(p);
}

/* A text of "新片剛開畫。" and "同日開畫。" with fill bytes of filler between
 * (before the trigger when first is the occurrence), converted whole,
 * aligned and streamed in pieces; returns the whole conversion. */
static char *far_apart(const tw_profile *p, size_t fill, int occurrence_first)
{
	const char *trigger = "新片剛開畫。", *occurrence = "同日開畫。", *filler = "天氣晴朗。";
	char *in = malloc(fill + 256);
	assert_non_null(in);
	size_t len = (size_t)sprintf(in, "%s", occurrence_first ? occurrence : trigger);
	for (size_t end = len + fill; len + strlen(filler) <= end;)
		len += (size_t)sprintf(in + len, "%s", filler);
	len += (size_t)sprintf(in + len, "%s", occurrence_first ? trigger : occurrence);
	char *whole = conv(p, in, len);
	expect_aligned(p, in, len, whole);
	char *s = streamed(p, in, len, 1000);
	assert_string_equal(s, whole);
	free(s);
	free(in);
	return whole;
}

/* A core spreads within SPREAD_REACH (8,000) bytes of a trigger, on either
 * side, not farther: a file of many stories keeps each story's sense. */
static void test_reach(void **state)
{
	(void)state;
	tw_profile *p = open_test();
	for (int first = 0; first < 2; first++) {
		char *near = far_apart(p, 7500, first), *far = far_apart(p, 8500, first);
		assert_non_null(strstr(near, "同日上映。"));
		assert_non_null(strstr(far, "同日开画。"));
		assert_non_null(strstr(far, "新片刚上映。"));
		tw_free(near);
		tw_free(far);
	}
	tw_profile_free(p);
}

/* doc converted as markup m, whole (windows) and with spans (one call a
 * story); both must give want. */
static void expect_doc(const tw_profile *p, tw_markup m, const char *doc, const char *want)
{
	tw_doc_options o = TW_DOC_OPTIONS_INIT;
	o.markup = m;
	tw_error err = {0};
	char *out;
	size_t n;
	assert_int_equal(tw_convert_document(&out, &n, p, doc, strlen(doc), &o, NULL, &err), TW_OK);
	if (strcmp(out, want))
		fprintf(stderr, "in:   %s\nwant: %s\ngot:  %s\n", doc, want, out);
	assert_string_equal(out, want);
	tw_free(out);
	tw_document *d;
	tw_span *sp;
	size_t ns;
	assert_int_equal(tw_doc_parse(&d, doc, strlen(doc), &o, &err), TW_OK);
	assert_int_equal(tw_doc_convert(&out, &n, &sp, &ns, d, p, NULL, &err), TW_OK);
	assert_string_equal(out, want);
	tw_free(out);
	tw_free(sp);
	tw_doc_free(d);
}

/* A feed's items, an Atom feed's entries and a page's articles are stories
 * of their own: a core fired in one spreads inside it, not into the next. */
static void test_stories(void **state)
{
	(void)state;
	tw_profile *p = open_test();
	expect_doc(p, TW_MARKUP_XML,
	           "<rss><channel><item><title>新片剛開畫</title><description>同日開畫。"
	           "</description></item><item><title>展覽</title><description>同日開畫。"
	           "</description></item></channel></rss>",
	           "<rss><channel><item><title>新片刚上映</title><description>同日上映。"
	           "</description></item><item><title>展览</title><description>同日开画。"
	           "</description></item></channel></rss>");
	expect_doc(p, TW_MARKUP_XML,
	           "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>同日開畫</title>"
	           "</entry><entry><summary>新片剛開畫，同日開畫。</summary></entry></feed>",
	           "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>同日开画</title>"
	           "</entry><entry><summary>新片刚上映，同日上映。</summary></entry></feed>");
	expect_doc(p, TW_MARKUP_HTML,
	           "<main><article><p>新片剛開畫。</p><p>同日開畫。</p></article>"
	           "<article><p>同日開畫。</p></article></main>",
	           "<main><article><p>新片刚上映。</p><p>同日上映。</p></article>"
	           "<article><p>同日开画。</p></article></main>");
	/* without story elements the document is one scope, as before */
	expect_doc(p, TW_MARKUP_HTML, "<div><p>新片剛開畫。</p></div><div><p>同日開畫。</p></div>",
	           "<div><p>新片刚上映。</p></div><div><p>同日上映。</p></div>");
	tw_profile_free(p);
}

/* Converts in whole, aligned and streamed (want each time) and returns how
 * many spans of the alignment rewrite the classifier src to form, each one
 * from the spread's file. */
static size_t classifier_spans(const tw_profile *p, const char *in, const char *want,
                               size_t pieces, const char *src, const char *form)
{
	expect(p, in, want);
	expect_aligned(p, in, strlen(in), want);
	char *s = streamed(p, in, strlen(in), pieces);
	assert_string_equal(s, want);
	free(s);
	char *out;
	size_t n, ns, cls = 0;
	tw_span *sp;
	tw_error err = {0};
	assert_int_equal(tw_convert_aligned(&out, &n, &sp, &ns, p, in, strlen(in), &err), TW_OK);
	for (size_t i = 0; i < ns; i++)
		if (sp[i].src_len == strlen(src) && !memcmp(in + sp[i].src_off, src, sp[i].src_len)) {
			cls++;
			assert_string_equal(sp[i].dict, "tongwen_spread");
			assert_int_equal(sp[i].dst_len, strlen(form));
			assert_memory_equal(out + sp[i].dst_off, form, strlen(form));
		}
	tw_free(out);
	tw_free(sp);
	return cls;
}

/* The classifier before a spread occurrence (宗 → 例), whole, aligned (its
 * own span) and streamed; only right before an occurrence that spreads. */
static void test_classifier(void **state)
{
	(void)state;
	tw_profile *p = open_test();
	assert_int_equal(classifier_spans(p, "今日新增確診個案。第三宗個案涉及一名男子，另有兩宗個案。",
	                                  "今日新增确诊病例。第三例病例涉及一名男子，另有两例病例。", 7,
	                                  "宗", "例"),
	                 2);
	/* the longer classifier, 宗新; its 宗 may end a span that a term row
	 * wrote (。對上一宗 → 。上一宗), which gives it up */
	assert_int_equal(classifier_spans(p, "今日新增確診個案。全民檢測找出2宗新個案，對上一宗新個案在上周。",
	                                  "今日新增确诊病例。全民检测找出2例新病例，上一例新病例在上周。", 5,
	                                  "宗新", "例新"),
	                 2);
	/* no trigger, or another sense in the scope: no spread, 宗 stays */
	expect(p, "另有三宗個案。", "另有三宗个案。");
	expect(p, "今日新增確診個案。另有三宗投訴個案。有三宗個案。",
	       "今日新增确诊病例。另有三宗投诉案件。有三宗个案。");
	/* a spread occurrence after another character: nothing to rewrite */
	expect(p, "今日新增確診個案。該個案涉及一名男子。", "今日新增确诊病例。该病例涉及一名男子。");
	tw_profile_free(p);
}

/* A scope after the first that spreads is converted again: its first
 * unchanged span had merged into the last span of the scope before, which
 * must be restored with the count (it ran on by the merged bytes twice). */
static void test_scope_spans(void **state)
{
	(void)state;
	tw_profile *p = open_test();
	const char *fill = "天氣晴朗，市民外出。\n", *fired = "新片剛開畫。同日開畫。\n";
	size_t cap = (size_t)1 << 20, len = 0;
	char *in = malloc(cap + 64);
	assert_non_null(in);
	while (len < (size_t)300 << 10)
		len += (size_t)sprintf(in + len, "%s", fill);
	len += (size_t)sprintf(in + len, "%s", fired);
	while (len < (size_t)700 << 10)
		len += (size_t)sprintf(in + len, "%s", fill);
	size_t cut = tw_convert_scope(p, in, len, 0);
	assert_true(cut < (size_t)300 << 10); /* the fired line is in the second scope */
	char *whole = conv(p, in, len);
	assert_non_null(strstr(whole, "新片刚上映。同日上映。\n"));
	expect_aligned(p, in, len, whole);
	tw_free(whole);
	free(in);
	tw_profile_free(p);
}

/* --opencc-only: tongwen's own keys are not read, the spread among them. */
static void test_opencc_only(void **state)
{
	(void)state;
	tw_error err = {0};
	int rc;
	tw_profile *p = open_with(cores, TW_PROFILE_OPENCC_ONLY, &rc, &err);
	assert_int_equal(rc, TW_OK);
	char *out = conv(p, "新片剛開畫。同日開畫。", strlen("新片剛開畫。同日開畫。"));
	assert_non_null(strstr(out, "同日开画"));
	tw_free(out);
	tw_profile_free(p);
}

static void test_malformed(void **state)
{
	(void)state;
	tw_error err = {0};
	int rc;
	tw_profile *p = open_with("開畫\t上映\n", 0, &rc, &err);
	assert_null(p);
	assert_int_equal(rc, TW_EFORMAT);
	assert_non_null(strstr(err.message, "spread-test.txt:1:"));
	p = open_with("開畫\t上映\t剛開\xff\n", 0, &rc, &err);
	assert_null(p);
	assert_int_equal(rc, TW_EUTF8);
	p = open_with("開畫\t上映\t剛開畫\t\t公開\n", 0, &rc, &err);
	assert_null(p);
	assert_int_equal(rc, TW_EFORMAT);
	assert_non_null(strstr(err.message, "spread-test.txt:1: a word across an edge"));
	/* an offset is '-' and digits, as the build writes it: no '+', no
	 * space, no tenth digit */
	const char *offsets[] = {"+3:公開", " 3:公開", "3 :公開", "-:公開", "1234567890:公開",
	                         "3:公開  -3:畫展"};
	for (size_t i = 0; i < sizeof offsets / sizeof *offsets; i++) {
		char line[128];
		snprintf(line, sizeof line, "開畫\t上映\t剛開畫\t\t%s\n", offsets[i]);
		p = open_with(line, 0, &rc, &err);
		assert_null(p);
		assert_int_equal(rc, TW_EFORMAT);
		assert_non_null(strstr(err.message, "spread-test.txt:1: a word across an edge"));
	}
	p = open_with("開畫\t上映\t剛開畫\t\t-3:公開 3:畫展\n", 0, &rc, &err);
	assert_non_null(p);
	tw_profile_free(p);
	/* a classifier is source=Mainland, both present, at most four
	 * '|'-separated; nothing after them */
	const char *classifiers[] = {"宗", "=例", "宗=", "宗=例\t", "宗=例|", "|宗=例", "宗=例|宗新",
	                             "宗=例=", "宗|宗=例", "宗 =例", "宗=例|宗新=例新|甲=乙|丙=丁|戊=己"};
	for (size_t i = 0; i < sizeof classifiers / sizeof *classifiers; i++) {
		char line[128];
		snprintf(line, sizeof line, "個案\t病例\t確診個案\t\t\t%s\n", classifiers[i]);
		p = open_with(line, 0, &rc, &err);
		assert_null(p);
		assert_int_equal(rc, TW_EFORMAT);
		assert_non_null(strstr(err.message, "spread-test.txt:1: expected core"));
	}
	p = open_with("個案\t病例\t確診個案\t\t\t宗=例|宗新=例新|甲=乙|丙=丁\n", 0, &rc, &err);
	assert_non_null(p); /* four are allowed */
	tw_profile_free(p);
	p = open_with("# a comment\n畫\t画\t剛開畫\n", 0, &rc, &err);
	assert_null(p);
	assert_int_equal(rc, TW_EFORMAT);
	assert_non_null(strstr(err.message, "spread-test.txt:2: a core of one character"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spreads),    cmocka_unit_test(test_aligned),
	    cmocka_unit_test(test_scopes),     cmocka_unit_test(test_scope_spans),
	    cmocka_unit_test(test_reach),      cmocka_unit_test(test_stories),
	    cmocka_unit_test(test_classifier),
	    cmocka_unit_test(test_opencc_only),
	    cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
