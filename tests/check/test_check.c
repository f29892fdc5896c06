/* The checker's library API: each rule family on a small fixture lexicon
 * (tests/check/fixtures/lexicon.tsv, so the expectations do not move with
 * the shipped tables), positions in all three units, directives, accept and
 * reject lists, per-rule settings, bad input, and checks in several threads
 * sharing one lexicon loaded from the real data. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tongwen.h"
#include "../lib/datadir.h"

static tw_lexicon *fixture; /* the fixture lexicon */
static tw_lexicon *shipped; /* the lexicon built from dicts/ */

/* A data dir with the shipped data linked in and lexicon.tsv replaced. */
static void make_data_dir(const char *dir, const char *lexicon)
{
	static const char *const omitted[] = {"lexicon.tsv", NULL};
	link_data_dir(TW_TEST_DATA, dir, NULL, omitted);
	char from[4096], to[4096];
	snprintf(from, sizeof from, "%s/%s", TW_TEST_FIXTURES, lexicon);
	snprintf(to, sizeof to, "%s/lexicon.tsv", dir);
	copy_file(from, to);
}

static int setup(void **state)
{
	(void)state;
	tw_error err;
	make_data_dir(TW_TEST_TMP "/fixture-data", "lexicon.tsv");
	if (tw_lexicon_open(&fixture, TW_TEST_TMP "/fixture-data", &err)) {
		fprintf(stderr, "fixture lexicon: %s\n", err.message);
		return -1;
	}
	if (tw_lexicon_open(&shipped, TW_TEST_DATA, &err)) {
		fprintf(stderr, "lexicon: %s\n", err.message);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tw_lexicon_free(fixture);
	tw_lexicon_free(shipped);
	return 0;
}

static tw_findings *check_with(const tw_lexicon *lex, const char *text, const tw_check_options *o)
{
	tw_findings *f = NULL;
	tw_error err;
	int rc = tw_check(&f, lex, text, strlen(text), o, &err);
	if (rc)
		fail_msg("tw_check: %s", err.message);
	return f;
}

static tw_findings *check_fam(const char *text, tw_target t, unsigned families)
{
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	o.target = t;
	o.families = families;
	return check_with(fixture, text, &o);
}

/* The finding at byte offset off with rule, or fails. */
static const tw_finding *at(const tw_findings *f, size_t off, const char *rule)
{
	for (size_t i = 0; i < f->count; i++)
		if (f->items[i].offset == off && !strcmp(f->items[i].rule, rule))
			return &f->items[i];
	fail_msg("no %s finding at offset %zu (%zu findings)", rule, off, f->count);
	return NULL;
}

static size_t count_rule(const tw_findings *f, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < f->count; i++)
		n += !strcmp(f->items[i].rule, rule);
	return n;
}

static void test_term_convert(void **state)
{
	(void)state;
	tw_findings *f = check_fam("坐的士去", TW_TARGET_CN, TW_FAMILY_TERM);
	assert_int_equal(f->count, 1);
	const tw_finding *x = at(f, 3, "term/convert");
	assert_int_equal(x->length, 6);
	assert_int_equal(x->severity, TW_SEV_ERROR);
	assert_int_equal(x->n_suggestions, 1);
	assert_string_equal(x->suggestions[0], "出租车");
	assert_string_equal(x->message, "Hong Kong wording 的士; Mainland usage is 出租车");
	assert_string_equal(x->note, "taxi");
	tw_findings_free(f);
	/* The Simplified spelling of a Traditional form is found too. */
	f = check_fam("数码货币和軟體", TW_TARGET_CN, TW_FAMILY_TERM);
	assert_int_equal(f->count, 2);
	assert_string_equal(at(f, 0, "term/convert")->suggestions[0], "数字");
	assert_string_equal(at(f, 15, "term/convert")->suggestions[0], "软件");
	assert_non_null(strstr(at(f, 15, "term/convert")->message, "Taiwan"));
	tw_findings_free(f);
}

static void test_term_keep(void **state)
{
	(void)state;
	/* 數碼港 is a name: longest match, nothing inside it is flagged, while
	 * 數碼 next to it is — but not inside a word of the general vocabulary
	 * (數碼相機 is Mainland 数码相机). */
	tw_findings *f = check_fam("數碼港和数码港，數碼貨幣", TW_TARGET_CN, TW_FAMILY_TERM);
	assert_int_equal(f->count, 1);
	assert_int_equal(at(f, 24, "term/convert")->length, 6);
	tw_findings_free(f);
	f = check_fam("數碼相機", TW_TARGET_CN, TW_FAMILY_TERM);
	assert_int_equal(f->count, 0);
	tw_findings_free(f);
}

static void test_term_review(void **state)
{
	(void)state;
	tw_findings *f = check_fam("產品質素好，要检讨。", TW_TARGET_CN, TW_FAMILY_TERM);
	assert_int_equal(f->count, 2);
	const tw_finding *x = at(f, 6, "term/review");
	assert_int_equal(x->severity, TW_SEV_WARNING);
	assert_int_equal(x->n_suggestions, 2);
	assert_string_equal(x->suggestions[0], "质量");
	assert_string_equal(x->suggestions[1], "素质");
	assert_string_equal(x->note, "quality of goods or of people");
	/* 检讨 is also Mainland usage: a note, not a warning. */
	assert_int_equal(at(f, 21, "term/review")->severity, TW_SEV_INFO);
	tw_findings_free(f);
	/* 意欲 is the Simplified form of 意慾 (convert) and a word of its own
	 * (review, the verb): the word as written decides; 意慾 stays an error. */
	f = check_fam("他意欲离开，意慾", TW_TARGET_CN, TW_FAMILY_TERM);
	assert_int_equal(f->count, 2);
	assert_int_equal(at(f, 3, "term/review")->n_suggestions, 2);
	assert_string_equal(at(f, 18, "term/convert")->suggestions[0], "意愿");
	tw_findings_free(f);
}

static void test_term_regions(void **state)
{
	(void)state;
	const char *text = "的士和軟體，出租车。";
	/* Hong Kong text: the Taiwan word only, without a suggestion. */
	tw_findings *f = check_fam(text, TW_TARGET_HK, TW_FAMILY_TERM);
	assert_int_equal(f->count, 1);
	const tw_finding *x = at(f, 9, "term/convert");
	assert_int_equal(x->n_suggestions, 0);
	assert_non_null(strstr(x->message, "Taiwan wording 軟體 in Hong Kong text"));
	tw_findings_free(f);
	/* Taiwan text: the Hong Kong word only. */
	f = check_fam(text, TW_TARGET_TW, TW_FAMILY_TERM);
	assert_int_equal(f->count, 1);
	at(f, 0, "term/convert");
	tw_findings_free(f);
}

static void test_script(void **state)
{
	(void)state;
	/* 著 乾 后 面 are valid in both scripts; 這個 is one run. */
	tw_findings *f = check_fam("著名乾净后面，這個发展", TW_TARGET_CN, TW_FAMILY_SCRIPT);
	assert_int_equal(f->count, 1);
	const tw_finding *x = at(f, 21, "script/traditional");
	assert_int_equal(x->length, 6);
	assert_int_equal(x->severity, TW_SEV_ERROR);
	assert_int_equal(x->n_suggestions, 1);
	assert_string_equal(x->suggestions[0], "这个");
	tw_findings_free(f);
	/* The reverse for Hong Kong and Taiwan text. */
	f = check_fam("這個软件著名", TW_TARGET_HK, TW_FAMILY_SCRIPT);
	assert_int_equal(f->count, 1);
	x = at(f, 6, "script/simplified");
	assert_int_equal(x->length, 3);
	assert_string_equal(x->suggestions[0], "軟");
	tw_findings_free(f);
	f = check_fam("这个", TW_TARGET_TW, TW_FAMILY_SCRIPT);
	assert_int_equal(f->count, 1);
	assert_string_equal(at(f, 0, "script/simplified")->suggestions[0], "這個");
	tw_findings_free(f);
	/* Hong Kong's standard forms (常用字字形表): 僞 and 衆 are variants of
	 * 偽 and 眾, an info; 說 and 説 are both in the table; Taiwan text is
	 * not held to Hong Kong's forms. */
	f = check_fam("僞造，衆人，說説，偽眾", TW_TARGET_HK, TW_FAMILY_SCRIPT);
	assert_int_equal(f->count, 2);
	x = at(f, 0, "script/nonstandard");
	assert_int_equal(x->severity, TW_SEV_INFO);
	assert_string_equal(x->suggestions[0], "偽");
	assert_string_equal(at(f, 9, "script/nonstandard")->suggestions[0], "眾");
	tw_findings_free(f);
	f = check_fam("僞造，衆人", TW_TARGET_TW, TW_FAMILY_SCRIPT);
	assert_int_equal(f->count, 0);
	tw_findings_free(f);
	/* 昇 is the Mainland standard form in a personal name (hk2cn keeps it:
	 * RTHK's 黃良昇, 尹耀昇), a Traditional leftover in a word (东昇). */
	f = check_fam("黄良昇表示，尹耀昇亦出席，旭日东昇。", TW_TARGET_CN, TW_FAMILY_SCRIPT);
	assert_int_equal(f->count, 1);
	at(f, strlen("黄良昇表示，尹耀昇亦出席，旭日东"), "script/traditional");
	tw_findings_free(f);
	f = check_fam("甯汉豪表示，安甯。", TW_TARGET_CN, TW_FAMILY_SCRIPT);
	assert_int_equal(f->count, 1);
	at(f, strlen("甯汉豪表示，安"), "script/traditional");
	tw_findings_free(f);
	/* 吒 alone is the Traditional form of 咤, but OpenCC's phrases keep it in
	 * 哪吒: the run is judged with its neighbours. */
	f = check_fam("电影《哪吒》上映，叱吒风云。", TW_TARGET_CN, TW_FAMILY_SCRIPT);
	assert_int_equal(f->count, 1);
	assert_string_equal(at(f, strlen("电影《哪吒》上映，叱"), "script/traditional")->suggestions[0],
	                    "咤");
	tw_findings_free(f);
	/* Nothing inside a web address: its characters name a page. */
	f = check_fam("详见 https://www.hkcnews.com/news_新聞/a.html 網站", TW_TARGET_CN,
	              TW_FAMILY_SCRIPT);
	assert_int_equal(f->count, 1);
	at(f, strlen("详见 https://www.hkcnews.com/news_新聞/a.html "), "script/traditional");
	tw_findings_free(f);
}

static void test_cantonese(void **state)
{
	(void)state;
	tw_findings *f = check_fam("佢食咗飯，係咪？", TW_TARGET_HK, TW_FAMILY_CANTONESE);
	assert_int_equal(f->count, 3);
	const tw_finding *x = at(f, 0, "cantonese/word");
	assert_int_equal(x->severity, TW_SEV_WARNING);
	assert_int_equal(x->n_suggestions, 2);
	assert_string_equal(at(f, 6, "cantonese/word")->suggestions[0], "了");
	assert_int_equal(at(f, 15, "cantonese/word")->length, 6);
	tw_findings_free(f);
}

static void test_punct(void **state)
{
	(void)state;
	tw_findings *f = check_fam("他说「好」，好,然后走了;it’s “ok”", TW_TARGET_CN, TW_FAMILY_PUNCT);
	assert_int_equal(count_rule(f, "punct/corner-quote"), 2);
	assert_string_equal(at(f, 6, "punct/corner-quote")->suggestions[0], "“");
	assert_string_equal(at(f, 12, "punct/corner-quote")->suggestions[0], "”");
	const tw_finding *x = at(f, 21, "punct/half-width");
	assert_string_equal(x->suggestions[0], "，");
	assert_int_equal(x->severity, TW_SEV_WARNING);
	/* ; is followed by Latin text, and it’s is an apostrophe. */
	assert_int_equal(count_rule(f, "punct/half-width"), 1);
	assert_int_equal(count_rule(f, "punct/unpaired"), 0);
	tw_findings_free(f);
	/* Presentation forms of marks (Hong Kong Government copy's colon). */
	f = check_fam("问︰何时﹖答﹕明天", TW_TARGET_CN, TW_FAMILY_PUNCT);
	assert_int_equal(count_rule(f, "punct/presentation-form"), 3);
	assert_string_equal(at(f, 3, "punct/presentation-form")->suggestions[0], "：");
	assert_string_equal(at(f, 12, "punct/presentation-form")->suggestions[0], "？");
	tw_findings_free(f);
	/* Half-width marks before a CJK quotation mark, and ? ! at a line end,
	 * are Chinese text's too; in a number or Latin text they are not. */
	f = check_fam("他说:“好!”真的?\n10:30, ok", TW_TARGET_CN, TW_FAMILY_PUNCT);
	assert_int_equal(count_rule(f, "punct/half-width"), 3);
	assert_string_equal(at(f, 6, "punct/half-width")->suggestions[0], "：");
	assert_string_equal(at(f, 13, "punct/half-width")->suggestions[0], "！");
	assert_string_equal(at(f, 23, "punct/half-width")->suggestions[0], "？");
	tw_findings_free(f);
	/* A title in 〈〉, not inside a 《》 title. */
	f = check_fam("她的散文〈蛾〉和《书名〈篇名〉》，内积〈x, y〉", TW_TARGET_CN, TW_FAMILY_PUNCT);
	assert_int_equal(count_rule(f, "punct/title-mark"), 1);
	x = at(f, 12, "punct/title-mark");
	assert_int_equal(x->length, 9);
	assert_string_equal(x->suggestions[0], "《蛾》");
	tw_findings_free(f);
	f = check_fam("她的散文〈蛾〉", TW_TARGET_HK, TW_FAMILY_PUNCT);
	assert_int_equal(count_rule(f, "punct/title-mark"), 0);
	tw_findings_free(f);
	/* A byline in 〈〉 is no title; a title that ends in 报导 still is. */
	f = check_fam("〈记者王小明／台北报导〉〈中央社记者台北3日电〉〈专题报导〉", TW_TARGET_CN,
	              TW_FAMILY_PUNCT);
	assert_int_equal(count_rule(f, "punct/title-mark"), 1);
	assert_string_equal(at(f, 70, "punct/title-mark")->suggestions[0], "《专题报导》");
	tw_findings_free(f);
	/* The hyphenation point between the parts of a foreign name. */
	f = check_fam("约翰‧肯尼迪", TW_TARGET_CN, TW_FAMILY_PUNCT);
	assert_int_equal(count_rule(f, "punct/presentation-form"), 1);
	assert_string_equal(at(f, 6, "punct/presentation-form")->suggestions[0], "·");
	tw_findings_free(f);
	f = check_fam("問︰何時", TW_TARGET_HK, TW_FAMILY_PUNCT);
	assert_int_equal(count_rule(f, "punct/presentation-form"), 0);
	tw_findings_free(f);
	/* Corner quotes are right in Hong Kong text; unpaired ones are not. */
	f = check_fam("「好（對」】", TW_TARGET_HK, TW_FAMILY_PUNCT);
	assert_int_equal(count_rule(f, "punct/corner-quote"), 0);
	assert_int_equal(count_rule(f, "punct/unpaired"), 2);
	at(f, 6, "punct/unpaired");  /* （ never closed */
	at(f, 15, "punct/unpaired"); /* 】 closes nothing */
	tw_findings_free(f);
}

static void test_spelling(void **state)
{
	(void)state;
	const char *text = "DeepSeek和Qwen relesed a new modle. See https://example.org/a_b, "
	                   "mail ai@example.cn, NASA, GPT4o, snake_case, torch.nn and iPhone.";
	tw_findings *f = check_fam(text, TW_TARGET_CN, TW_FAMILY_SPELLING);
	assert_int_equal(f->count, 2);
	const tw_finding *x = at(f, (size_t)(strstr(text, "relesed") - text), "spelling/unknown");
	assert_int_equal(x->length, 7);
	assert_true(x->n_suggestions >= 1);
	int found = 0;
	for (size_t i = 0; i < x->n_suggestions; i++)
		found |= !strcmp(x->suggestions[i], "released");
	assert_true(found);
	at(f, (size_t)(strstr(text, "modle") - text), "spelling/unknown");
	tw_findings_free(f);
	/* British spelling is English too: Hong Kong copy writes it (en_GB). */
	f = check_fam("康文署的Programme在Centre举行，Labour Department的colour和behaviour。",
	              TW_TARGET_CN, TW_FAMILY_SPELLING);
	assert_int_equal(f->count, 0);
	tw_findings_free(f);
	/* A scheme named on its own (a guide on typing addresses) is no word. */
	f = check_fam("必须包含 https:// 或 http:// 协议, or ftp://", TW_TARGET_CN, TW_FAMILY_SPELLING);
	assert_int_equal(f->count, 0);
	tw_findings_free(f);
}

static void test_consistency(void **state)
{
	(void)state;
	/* Mainland text: the regional minority gets the warning and the
	 * Mainland form as its fix. */
	const char *text = "出租车很多。的士司机说出租车贵。";
	tw_findings *f = check_fam(text, TW_TARGET_CN, TW_FAMILY_CONSISTENCY);
	assert_int_equal(f->count, 1);
	const tw_finding *x = at(f, 18, "consistency/mixed");
	assert_int_equal(x->severity, TW_SEV_WARNING);
	assert_string_equal(x->suggestions[0], "出租车");
	tw_findings_free(f);
	/* Hong Kong text mostly writing 的士: 計程車 is the odd one out. */
	f = check_fam("的士，的士，計程車。", TW_TARGET_HK, TW_FAMILY_CONSISTENCY);
	assert_int_equal(f->count, 1);
	assert_string_equal(at(f, 18, "consistency/mixed")->suggestions[0], "的士");
	tw_findings_free(f);
	/* A form inside a title is the title's (hk2cn keeps it there, as in
	 * 《程式碼要可重複使用且可攜》): no variant of the document's wording,
	 * with the term family or without. */
	text = "电影《的士司机》重映。出租车很多，出租车贵。";
	f = check_fam(text, TW_TARGET_CN, TW_FAMILY_CONSISTENCY);
	assert_int_equal(f->count, 0);
	tw_findings_free(f);
	f = check_fam(text, TW_TARGET_CN, TW_FAMILY_CONSISTENCY | TW_FAMILY_TERM);
	for (size_t i = 0; i < f->count; i++)
		assert_string_not_equal(f->items[i].rule, "consistency/mixed");
	tw_findings_free(f);
	/* The same form outside the title is a variant. */
	f = check_fam("的士司机说。出租车很多，出租车贵。", TW_TARGET_CN, TW_FAMILY_CONSISTENCY);
	assert_int_equal(f->count, 1);
	tw_findings_free(f);
	/* One form only: nothing. */
	f = check_fam("的士，的士。", TW_TARGET_CN, TW_FAMILY_CONSISTENCY);
	assert_int_equal(f->count, 0);
	tw_findings_free(f);
}

static void test_positions(void **state)
{
	(void)state;
	/* U+20000 is one code point and two UTF-16 units. */
	const char *text = "ab\n\xF0\xA0\x80\x80的士\n\n「";
	tw_findings *f = check_fam(text, TW_TARGET_CN, TW_FAMILY_TERM | TW_FAMILY_PUNCT);
	assert_int_equal(f->count, 3);
	const tw_finding *x = at(f, 7, "term/convert");
	assert_int_equal(x->line, 2);
	assert_int_equal(x->column, 2);
	assert_int_equal(x->column_u16, 3);
	assert_int_equal(x->end_line, 2);
	assert_int_equal(x->end_column, 4);
	assert_int_equal(x->end_column_u16, 5);
	x = at(f, 15, "punct/corner-quote");
	assert_int_equal(x->line, 4);
	assert_int_equal(x->column, 1);
	assert_int_equal(x->end_column, 2);
	/* Sorted by offset, then rule. */
	assert_int_equal(f->items[1].offset, 15);
	assert_string_equal(f->items[1].rule, "punct/corner-quote");
	assert_string_equal(f->items[2].rule, "punct/unpaired");
	tw_findings_free(f);
}

static void test_directives(void **state)
{
	(void)state;
	const char *text = "的士\n"
	                   "<!-- tongwen-disable-next-line term -->\n"
	                   "的士「\n"
	                   "# tongwen-disable punct/corner-quote\n"
	                   "「的士\n"
	                   "// tongwen-enable\n"
	                   "「\n"
	                   "tongwen-disable is not a directive outside a comment\n"
	                   "的士\n";
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	o.families = TW_FAMILY_TERM | TW_FAMILY_PUNCT;
	o.rules = (const tw_rule_setting[]){{"punct/unpaired", TW_SEV_OFF}};
	o.n_rules = 1;
	tw_findings *f = check_with(fixture, text, &o);
	size_t lines[16], n = 0;
	for (size_t i = 0; i < f->count && n < 16; i++)
		lines[n++] = f->items[i].line;
	/* line 1 的士; line 3 「 only; line 5 的士 only; line 7 「; line 9 的士 */
	assert_int_equal(n, 5);
	assert_int_equal(lines[0], 1);
	assert_int_equal(lines[1], 3);
	assert_string_equal(f->items[1].rule, "punct/corner-quote");
	assert_int_equal(lines[2], 5);
	assert_string_equal(f->items[2].rule, "term/convert");
	assert_int_equal(lines[3], 7);
	assert_int_equal(lines[4], 9);
	tw_findings_free(f);
	/* Switched off, directives are plain text. */
	o.directives = 0;
	f = check_with(fixture, text, &o);
	assert_int_equal(f->count, 7);
	tw_findings_free(f);
}

static void test_accept_reject_settings(void **state)
{
	(void)state;
	const char *text = "的士和質素，foo bar。";
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	const char *accept[] = {"的士"}, *reject[] = {"foo", "質素"};
	o.accept = accept;
	o.n_accept = 1;
	o.reject = reject;
	o.n_reject = 2;
	o.families = TW_FAMILY_TERM;
	tw_findings *f = check_with(fixture, text, &o);
	assert_int_equal(f->count, 3);
	at(f, 9, "term/review");
	assert_int_equal(at(f, 9, "term/reject")->severity, TW_SEV_ERROR);
	const tw_finding *x = at(f, 18, "term/reject");
	assert_int_equal(x->length, 3);
	assert_non_null(strstr(x->message, "foo"));
	tw_findings_free(f);
	/* Settings: later ones win, families and full ids. */
	tw_rule_setting rules[] = {{"term", TW_SEV_OFF}, {"term/review", TW_SEV_ERROR}};
	o.rules = rules;
	o.n_rules = 2;
	o.n_accept = o.n_reject = 0;
	f = check_with(fixture, text, &o);
	assert_int_equal(f->count, 1);
	assert_int_equal(at(f, 9, "term/review")->severity, TW_SEV_ERROR);
	tw_findings_free(f);
}

static void test_bad_input(void **state)
{
	(void)state;
	tw_findings *f = NULL;
	tw_error err;
	const char bad[] = "的士\xE7\x9A";
	assert_int_equal(tw_check(&f, fixture, bad, sizeof bad - 1, NULL, &err), TW_EUTF8);
	assert_null(f);
	assert_int_equal(err.offset, 6);
	assert_non_null(strstr(err.message, "6"));
	assert_int_equal(tw_check(NULL, fixture, "a", 1, NULL, &err), TW_EINVAL);
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	o.version = 99;
	assert_int_equal(tw_check(&f, fixture, "a", 1, &o, &err), TW_EINVAL);
	o = (tw_check_options)TW_CHECK_OPTIONS_INIT;
	o.target = (tw_target)7;
	assert_int_equal(tw_check(&f, fixture, "a", 1, &o, &err), TW_EINVAL);
	/* Empty text is fine. */
	assert_int_equal(tw_check(&f, fixture, NULL, 0, NULL, &err), TW_OK);
	assert_int_equal(f->count, 0);
	tw_findings_free(f);
	tw_findings_free(NULL);
	tw_lexicon_free(NULL);
}

static void test_lexicon_errors(void **state)
{
	(void)state;
	tw_lexicon *lex = (tw_lexicon *)1;
	tw_error err;
	assert_int_equal(tw_lexicon_open(&lex, TW_TEST_TMP "/no-such-dir", &err), TW_ENOTFOUND);
	assert_null(lex);
	make_data_dir(TW_TEST_TMP "/bad-data", "bad-lexicon.tsv");
	assert_int_equal(tw_lexicon_open(&lex, TW_TEST_TMP "/bad-data", &err), TW_EFORMAT);
	assert_non_null(strstr(err.message, "lexicon.tsv:1"));
	assert_null(lex);
}

/* The name guard is opened when a check first meets a lexicon term: a
 * missing file still fails the load, a corrupt one fails that check (and
 * says which file) but not a check of text with no term. */
static void test_guard_on_first_term(void **state)
{
	(void)state;
	tw_lexicon *lex = NULL;
	tw_error err;
	const char *dir = TW_TEST_TMP "/guard-data";
	make_data_dir(dir, "lexicon.tsv");
	unlink(TW_TEST_TMP "/guard-data/HKCNGuard.twd");
	assert_int_equal(tw_lexicon_open(&lex, dir, &err), TW_ENOTFOUND);
	assert_non_null(strstr(err.message, "HKCNGuard.twd"));
	assert_null(lex);
	FILE *g = fopen(TW_TEST_TMP "/guard-data/HKCNGuard.twd", "wb");
	assert_non_null(g);
	fputs("not a dictionary\n", g);
	fclose(g);
	assert_int_equal(tw_lexicon_open(&lex, dir, &err), TW_OK);
	tw_findings *f = NULL;
	const char *clean = "今天天气很好。";
	assert_int_equal(tw_check(&f, lex, clean, strlen(clean), NULL, &err), TW_OK);
	assert_int_equal(f->count, 0);
	tw_findings_free(f);
	f = NULL;
	const char *term = "我坐的士返工。";
	for (int i = 0; i < 2; i++) {
		assert_int_equal(tw_check(&f, lex, term, strlen(term), NULL, &err), TW_EFORMAT);
		assert_null(f);
		assert_non_null(strstr(err.message, "HKCNGuard.twd"));
	}
	tw_lexicon_free(lex);
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(tw_severity_parse("error"), TW_SEV_ERROR);
	assert_int_equal(tw_severity_parse("never"), TW_SEV_OFF);
	assert_int_equal(tw_severity_parse("loud"), -2);
	assert_string_equal(tw_severity_name(TW_SEV_INFO), "info");
	assert_int_equal(tw_target_parse("tw"), TW_TARGET_TW);
	assert_int_equal(tw_target_parse("mo"), -1);
	assert_string_equal(tw_target_name(TW_TARGET_HK), "hk");
}

/* The sample article converted with hk2cn: no errors with the shipped
 * lexicon. */
static char *converted_sample(size_t *len)
{
	FILE *in = fopen(TW_TEST_SAMPLE, "rb");
	assert_non_null(in);
	static char src[1 << 16];
	size_t n = fread(src, 1, sizeof src, in);
	fclose(in);
	tw_profile *p;
	tw_error err;
	assert_int_equal(tw_profile_open(&p, "hk2cn", NULL, &err), TW_OK);
	char *out;
	assert_int_equal(tw_convert(&out, len, p, src, n, &err), TW_OK);
	tw_profile_free(p);
	return out;
}

static void test_sample_has_no_errors(void **state)
{
	(void)state;
	size_t len;
	char *text = converted_sample(&len);
	tw_findings *f;
	tw_error err;
	assert_int_equal(tw_check(&f, shipped, text, len, NULL, &err), TW_OK);
	for (size_t i = 0; i < f->count; i++)
		if (f->items[i].severity == TW_SEV_ERROR)
			fail_msg("%zu:%zu: %s [%s]", f->items[i].line, f->items[i].column,
			         f->items[i].message, f->items[i].rule);
	tw_findings_free(f);
	tw_free(text);
}

typedef struct job {
	const char *text;
	size_t len;
	const tw_findings *expect;
	int failures;
} job;

static int same_findings(const tw_findings *a, const tw_findings *b)
{
	if (a->count != b->count)
		return 0;
	for (size_t i = 0; i < a->count; i++)
		if (a->items[i].offset != b->items[i].offset ||
		    strcmp(a->items[i].rule, b->items[i].rule) ||
		    strcmp(a->items[i].message, b->items[i].message) ||
		    a->items[i].n_suggestions != b->items[i].n_suggestions)
			return 0;
	return 1;
}

static void *worker(void *arg)
{
	job *j = arg;
	for (int r = 0; r < 20; r++) {
		tw_findings *f;
		if (tw_check(&f, shipped, j->text, j->len, NULL, NULL)) {
			j->failures++;
			continue;
		}
		j->failures += !same_findings(f, j->expect);
		tw_findings_free(f);
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	/* Hong Kong text with spelling mistakes: every family has work, and
	 * Hunspell is shared. */
	FILE *in = fopen(TW_TEST_SAMPLE, "rb");
	assert_non_null(in);
	static char text[1 << 16];
	size_t n = fread(text, 1, sizeof text - 64, in);
	fclose(in);
	const char *extra = "\nThe modle was relesed.\n";
	memcpy(text + n, extra, strlen(extra));
	n += strlen(extra);
	tw_findings *expect;
	assert_int_equal(tw_check(&expect, shipped, text, n, NULL, NULL), TW_OK);
	assert_true(count_rule(expect, "spelling/unknown") >= 2);
	assert_true(count_rule(expect, "script/traditional") > 0);
	enum { N = 4 };
	pthread_t t[N];
	job jobs[N];
	for (int i = 0; i < N; i++) {
		jobs[i] = (job){text, n, expect, 0};
		assert_int_equal(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
	}
	for (int i = 0; i < N; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(jobs[i].failures, 0);
	}
	tw_findings_free(expect);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_term_convert),
		cmocka_unit_test(test_term_keep),
		cmocka_unit_test(test_term_review),
		cmocka_unit_test(test_term_regions),
		cmocka_unit_test(test_script),
		cmocka_unit_test(test_cantonese),
		cmocka_unit_test(test_punct),
		cmocka_unit_test(test_spelling),
		cmocka_unit_test(test_consistency),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_directives),
		cmocka_unit_test(test_accept_reject_settings),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_lexicon_errors),
		cmocka_unit_test(test_guard_on_first_term),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_sample_has_no_errors),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
