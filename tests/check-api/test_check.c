/* API tests of the checker: each rule family, options, directives,
 * positions, errors, and one lexicon shared by several threads. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "tongwen.h"

static tw_lexicon *lex;

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

static tw_findings *run(const char *text, const tw_check_options *o)
{
	tw_findings *f = NULL;
	tw_error err = {0};
	int rc = tw_check(&f, lex, text, strlen(text), o, &err);
	if (rc)
		fail_msg("tw_check: %s", err.message);
	return f;
}

/* The finding of `rule` whose text is `what`, or NULL. */
static const tw_finding *find(const tw_findings *fs, const char *text, const char *rule,
                              const char *what)
{
	for (size_t i = 0; i < fs->count; i++) {
		const tw_finding *f = &fs->items[i];
		if (!strcmp(f->rule, rule) && f->length == strlen(what) &&
		    !memcmp(text + f->offset, what, f->length))
			return f;
	}
	return NULL;
}

static size_t count_rule(const tw_findings *fs, const char *prefix)
{
	size_t n = 0;
	for (size_t i = 0; i < fs->count; i++)
		n += !strncmp(fs->items[i].rule, prefix, strlen(prefix));
	return n;
}

static void test_term(void **state)
{
	(void)state;
	const char *t = "昨晚我坐的士回家。\n数码港元试点，数码港的公司。";
	tw_findings *fs = run(t, NULL);
	const tw_finding *f = find(fs, t, "term/convert", "的士");
	assert_non_null(f);
	assert_int_equal(f->severity, TW_SEV_ERROR);
	assert_int_equal(f->n_suggestions, 1);
	assert_string_equal(f->suggestions[0], "出租车");
	assert_int_equal(f->line, 1);
	assert_int_equal(f->column, 5);
	assert_int_equal(f->end_column, 7);
	assert_int_equal(f->offset, 12);
	f = find(fs, t, "term/convert", "数码港元");
	assert_non_null(f);
	assert_string_equal(f->suggestions[0], "数字港元");
	assert_int_equal(f->line, 2);
	/* 数码港, the name, is never flagged */
	assert_null(find(fs, t, "term/convert", "数码港"));
	assert_null(find(fs, t, "term/review", "数码港"));
	tw_findings_free(fs);
}

static void test_review_severity(void **state)
{
	(void)state;
	const char *t = "他的质素很高。学校会检讨政策。";
	tw_findings *fs = run(t, NULL);
	const tw_finding *f = find(fs, t, "term/review", "质素");
	assert_non_null(f);
	assert_int_equal(f->severity, TW_SEV_WARNING);
	assert_true(f->n_suggestions >= 2);
	assert_non_null(f->note);
	/* 检讨 is also Mainland usage: a note for an editor, not a warning */
	f = find(fs, t, "term/review", "检讨");
	assert_non_null(f);
	assert_int_equal(f->severity, TW_SEV_INFO);
	tw_findings_free(fs);
}

static void test_cantonese(void **state)
{
	(void)state;
	const char *t = "佢哋話聽日返工。";
	tw_findings *fs = run(t, NULL);
	const tw_finding *f = find(fs, t, "cantonese/word", "佢哋");
	assert_non_null(f);
	assert_int_equal(f->severity, TW_SEV_WARNING);
	assert_string_equal(f->suggestions[0], "他们");
	tw_findings_free(fs);
}

static void test_script(void **state)
{
	(void)state;
	const char *t = "这是發展的显著成果，乾杯。";
	tw_findings *fs = run(t, NULL);
	const tw_finding *f = find(fs, t, "script/traditional", "發");
	assert_non_null(f);
	assert_string_equal(f->suggestions[0], "发");
	/* characters valid in both scripts are not flagged */
	assert_int_equal(count_rule(fs, "script/"), 1);
	tw_findings_free(fs);
	/* the reverse for Hong Kong */
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	o.target = TW_TARGET_HK;
	t = "這是发展成果。";
	fs = run(t, &o);
	f = find(fs, t, "script/simplified", "发");
	assert_non_null(f);
	assert_string_equal(f->suggestions[0], "發");
	tw_findings_free(fs);
}

/* The Mainland character standard: non-standard characters with their
 * standard form, Cantonese characters with none flagged once. */
static void test_nonstandard(void **state)
{
	(void)state;
	const char *t = "歴史的⾞，看嗰度。";
	tw_findings *f = run(t, NULL);
	const tw_finding *a = find(f, t, "script/nonstandard", "歴");
	assert_non_null(a);
	assert_int_equal(a->n_suggestions, 1);
	assert_string_equal(a->suggestions[0], "历");
	a = find(f, t, "script/nonstandard", "⾞");
	assert_non_null(a);
	assert_string_equal(a->suggestions[0], "车");
	/* 嗰 has no standard form: Cantonese, not Traditional, and no rare
	 * Extension B suggestion. */
	assert_null(find(f, t, "script/traditional", "嗰"));
	assert_non_null(find(f, t, "cantonese/word", "嗰度"));
	assert_null(find(f, t, "script/nonstandard", "嗰"));
	tw_findings_free(f);
	/* 〇, the zero of Chinese numerals, is what Mainland copy writes. */
	f = run("二〇二四年", NULL);
	assert_int_equal(count_rule(f, "script/nonstandard"), 0);
	tw_findings_free(f);
	/* Hong Kong text is not held to the Mainland list. */
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	o.target = TW_TARGET_HK;
	f = run(t, &o);
	assert_int_equal(count_rule(f, "script/nonstandard"), 0);
	tw_findings_free(f);
}

/* Names: nothing inside a gazetteer name is flagged; a rewrite inside what
 * reads as a name is a question (warning); a quoted mention a note. */
static void test_names(void **state)
{
	(void)state;
	const char *t = "无线电的士联谊会与东涌区的士联谊会开会，俗称“白牌车”。";
	tw_findings *f = run(t, NULL);
	assert_int_equal(count_rule(f, "term/convert"), 0);
	const tw_finding *a = find(f, t, "term/review", "的士");
	assert_non_null(a);
	assert_int_equal(a->severity, TW_SEV_WARNING);
	assert_true(a->offset > strlen("无线电的士")); /* the second one only */
	a = find(f, t, "term/review", "白牌车");
	assert_non_null(a);
	assert_int_equal(a->severity, TW_SEV_INFO);
	tw_findings_free(f);
	/* Outside names the same words are errors. */
	t = "我坐的士去。";
	f = run(t, NULL);
	assert_non_null(find(f, t, "term/convert", "的士"));
	tw_findings_free(f);
}

/* Capitalised names in Chinese copy are not misspellings; a near miss of a
 * known word is, and so is a lowercase unknown word. */
static void test_spelling_names(void **state)
{
	(void)state;
	const char *t = "Uber同Sammi及Tsai用Payme付款，Goverment公布teh數據，Goverment。";
	tw_findings *f = run(t, NULL);
	assert_null(find(f, t, "spelling/unknown", "Uber"));
	assert_null(find(f, t, "spelling/unknown", "Sammi"));
	assert_null(find(f, t, "spelling/unknown", "Tsai"));
	assert_null(find(f, t, "spelling/unknown", "Payme"));
	const tw_finding *g = find(f, t, "spelling/unknown", "Goverment");
	assert_non_null(g);
	assert_true(g->n_suggestions >= 1);
	assert_string_equal(g->suggestions[0], "Government");
	assert_non_null(find(f, t, "spelling/unknown", "teh"));
	assert_int_equal(count_rule(f, "spelling/"), 3);
	tw_findings_free(f);
}

/* A name glossed in a parenthesis after its Chinese form is the name, even
 * when it is a near miss of a known word (Blinken, Blinked); the same word
 * outside a gloss, a gloss that is not a name, and a typo there are still
 * flagged. A word with accents is no en_US question (café, Begoña). */
static void test_spelling_glosses(void **state)
{
	(void)state;
	const char *t = "布林肯（Antony Blinken）訪華，貝茲(Mookie Betts)開轟；"
	                "Blinken說，政府（the Goverment）回應；"
	                "咖啡Hi café開幕，葛梅茲（Begoña Gómez）出席。";
	tw_findings *f = run(t, NULL);
	const tw_finding *b = find(f, t, "spelling/unknown", "Blinken");
	assert_non_null(b);
	assert_int_equal(b->offset, strlen("布林肯（Antony Blinken）訪華，貝茲(Mookie Betts)開轟；"));
	assert_non_null(find(f, t, "spelling/unknown", "Goverment"));
	assert_null(find(f, t, "spelling/unknown", "Mookie"));
	assert_null(find(f, t, "spelling/unknown", "caf"));
	assert_null(find(f, t, "spelling/unknown", "Begoa"));
	assert_int_equal(count_rule(f, "spelling/"), 2);
	tw_findings_free(f);
}

/* A typographic apostrophe between letters belongs to the word (didn’t is
 * no "didn"); the short lowercase part after a capitalised one is a
 * romanised given name (Chun-ying); a longer or uncapitalised compound is
 * still checked part by part. */
static void test_spelling_tokens(void **state)
{
	(void)state;
	const char *t = "報道引述：He didn’t say, I’ve heard；梁振英（Leung Chun-ying）"
	                "與Lee Cheuk-yan會面，a well-knwon man。";
	tw_findings *f = run(t, NULL);
	assert_null(find(f, t, "spelling/unknown", "didn"));
	assert_null(find(f, t, "spelling/unknown", "ve"));
	assert_null(find(f, t, "spelling/unknown", "ying"));
	assert_null(find(f, t, "spelling/unknown", "yan"));
	assert_non_null(find(f, t, "spelling/unknown", "knwon"));
	assert_int_equal(count_rule(f, "spelling/"), 1);
	tw_findings_free(f);
}

/* Word boundaries: a lexicon form inside a longer word is no occurrence. */
static void test_word_boundaries(void **state)
{
	(void)state;
	const char *t = "从业者和创业者表示，钟头先到；业者表示。";
	tw_findings *f = run(t, NULL);
	const tw_finding *a = find(f, t, "term/review", "业者");
	assert_non_null(a);
	assert_int_equal(a->offset, strlen("从业者和创业者表示，钟头先到；"));
	assert_int_equal(count_rule(f, "term/"), 1);
	assert_int_equal(count_rule(f, "cantonese/"), 0);
	tw_findings_free(f);
}

static void test_target_regions(void **state)
{
	(void)state;
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	o.target = TW_TARGET_HK;
	const char *t = "這套軟體和的士。";
	tw_findings *fs = run(t, &o);
	/* Taiwan wording is flagged in Hong Kong text; Hong Kong wording is not */
	assert_non_null(find(fs, t, "term/convert", "軟體"));
	assert_null(find(fs, t, "term/convert", "的士"));
	tw_findings_free(fs);
	o.target = TW_TARGET_TW;
	fs = run(t, &o);
	assert_null(find(fs, t, "term/convert", "軟體"));
	assert_non_null(find(fs, t, "term/convert", "的士"));
	tw_findings_free(fs);
}

static void test_punct(void **state)
{
	(void)state;
	const char *t = "他说「好」然后走了,对吗。“没有结尾";
	tw_findings *fs = run(t, NULL);
	const tw_finding *f = find(fs, t, "punct/corner-quote", "「");
	assert_non_null(f);
	assert_string_equal(f->suggestions[0], "“");
	assert_non_null(find(fs, t, "punct/corner-quote", "」"));
	assert_non_null(find(fs, t, "punct/half-width", ","));
	assert_non_null(find(fs, t, "punct/unpaired", "“"));
	tw_findings_free(fs);
	/* ASCII between Latin words, apostrophes and paired brackets are fine */
	t = "他说（没错）: a, b. It’s《书》";
	fs = run(t, NULL);
	assert_int_equal(count_rule(fs, "punct/"), 0);
	tw_findings_free(fs);
}

static void test_spelling(void **state)
{
	(void)state;
	const char *t = "He recieved the DeepSeek and Qwen3-Omni models from Hugging Face "
	                "(https://huggingface.co/x_y, a@b.com); NASA and SOTA agree.";
	tw_findings *fs = run(t, NULL);
	const tw_finding *f = find(fs, t, "spelling/unknown", "recieved");
	assert_non_null(f);
	int has_received = 0;
	for (size_t i = 0; i < f->n_suggestions; i++)
		has_received |= !strcmp(f->suggestions[i], "received");
	assert_true(has_received);
	assert_int_equal(count_rule(fs, "spelling/"), 1);
	tw_findings_free(fs);
}

/* The scan's start filter looks two characters past a key's first: keys
 * that end the text (no third character, or no second) are still found,
 * in both dictionaries, and a common pair that only starts longer keys
 * (中国, 人工, 智能) is no finding by itself. */
static void test_scan_text_end(void **state)
{
	(void)state;
	static const char *const texts[] = {"的士", "坐的士", "她坐的士，他坐出租车", "数码港元"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		const char *t = texts[i];
		tw_findings *fs = run(t, NULL);
		const char *want = i == 3 ? "数码港元" : "的士";
		assert_non_null(find(fs, t, "term/convert", want));
		if (i == 2)
			assert_non_null(find(fs, t, "consistency/mixed", "出租车"));
		tw_findings_free(fs);
	}
	const char *t = "中国人工智能";
	tw_findings *fs = run(t, NULL);
	assert_int_equal(count_rule(fs, "term/"), 0);
	tw_findings_free(fs);
}

/* Suggestions come from the word list's near misses: one edit away, else
 * two with the same first letter, ranked by the edits typists make; a word
 * with neither gets none from the check (Hunspell's n-gram search takes
 * tens of milliseconds and offers blazoning for zorblaaing), but
 * tw_spelling_suggest, asked on demand, still runs that search. */
static void test_spelling_near(void **state)
{
	(void)state;
	static const char *const want[][2] = {
	    {"tommorow", "tomorrow"}, {"comitee", "committee"}, {"wich", "which"},
	    {"adress", "address"},    {"untill", "until"},      {"recieve", "receive"},
	    {"Beleive", "Believe"},
	};
	const char *t = "市民表示tommorow会议comitee，wich adress untill recieve；Beleive。"
	                "zorblaaing，Shenzhen。";
	tw_findings *fs = run(t, NULL);
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		const tw_finding *f = find(fs, t, "spelling/unknown", want[i][0]);
		assert_non_null(f);
		assert_true(f->n_suggestions >= 1);
		assert_string_equal(f->suggestions[0], want[i][1]);
		for (size_t k = 1; k < f->n_suggestions; k++) /* one spelling, offered once */
			assert_true(strcasecmp(f->suggestions[k], f->suggestions[0]));
	}
	const tw_finding *z = find(fs, t, "spelling/unknown", "zorblaaing");
	assert_non_null(z);
	assert_int_equal(z->n_suggestions, 0);
	assert_null(find(fs, t, "spelling/unknown", "Shenzhen"));
	assert_int_equal(count_rule(fs, "spelling/"), 8);
	tw_findings_free(fs);
	char **s;
	size_t n;
	tw_error err = {0};
	assert_int_equal(tw_spelling_suggest(&s, &n, lex, "zorblaaing", 10, &err), 0);
	assert_true(n >= 1);
	tw_free(s);
	/* what an editor asked before does not change a check's findings */
	fs = run(t, NULL);
	z = find(fs, t, "spelling/unknown", "zorblaaing");
	assert_non_null(z);
	assert_int_equal(z->n_suggestions, 0);
	tw_findings_free(fs);
	assert_int_equal(tw_spelling_suggest(&s, &n, lex, "tommorow", 8, &err), 0);
	assert_true(n >= 1);
	assert_string_equal(s[0], "tomorrow");
	tw_free(s);
}

static void test_consistency(void **state)
{
	(void)state;
	const char *t = "他坐出租车上班，她坐的士，他们都坐的士。";
	tw_findings *fs = run(t, NULL);
	const tw_finding *f = find(fs, t, "consistency/mixed", "出租车");
	assert_non_null(f);
	assert_int_equal(f->severity, TW_SEV_WARNING);
	tw_findings_free(fs);
}

static void test_directives(void **state)
{
	(void)state;
	const char *t = "<!-- tongwen-disable-next-line term -->\n"
	                "的士\n"
	                "的士\n"
	                "# tongwen-disable cantonese, term/convert\n"
	                "佢坐的士「」\n"
	                "// tongwen-enable\n"
	                "佢\n";
	tw_findings *fs = run(t, NULL);
	size_t terms = 0, cant = 0, quotes = 0;
	for (size_t i = 0; i < fs->count; i++) {
		const tw_finding *f = &fs->items[i];
		if (!strcmp(f->rule, "term/convert")) {
			terms++;
			assert_int_equal(f->line, 3);
		}
		if (!strcmp(f->rule, "cantonese/word")) {
			cant++;
			assert_int_equal(f->line, 7);
		}
		quotes += !strcmp(f->rule, "punct/corner-quote");
	}
	assert_int_equal(terms, 1);
	assert_int_equal(cant, 1);
	assert_int_equal(quotes, 2); /* punct was never disabled */
	tw_findings_free(fs);
	/* directives can be turned off */
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	o.directives = 0;
	fs = run(t, &o);
	assert_true(count_rule(fs, "term/convert") == 3);
	tw_findings_free(fs);
}

static void test_options(void **state)
{
	(void)state;
	const char *t = "他的质素参差，坐的士，recieved 佢";
	tw_rule_setting rules[] = {{"term/review", TW_SEV_ERROR}, {"spelling", TW_SEV_OFF}};
	const char *accept[] = {"的士"};
	const char *reject[] = {"参差"};
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	o.rules = rules;
	o.n_rules = 2;
	o.accept = accept;
	o.n_accept = 1;
	o.reject = reject;
	o.n_reject = 1;
	tw_findings *fs = run(t, &o);
	const tw_finding *f = find(fs, t, "term/review", "质素");
	assert_non_null(f);
	assert_int_equal(f->severity, TW_SEV_ERROR);
	assert_int_equal(count_rule(fs, "spelling/"), 0);
	assert_null(find(fs, t, "term/convert", "的士"));
	assert_non_null(find(fs, t, "term/reject", "参差"));
	tw_findings_free(fs);
	o = (tw_check_options)TW_CHECK_OPTIONS_INIT;
	o.families = TW_FAMILY_CANTONESE;
	fs = run(t, &o);
	assert_int_equal(fs->count, 1);
	assert_string_equal(fs->items[0].rule, "cantonese/word");
	tw_findings_free(fs);
}

static void test_positions_and_errors(void **state)
{
	(void)state;
	/* UTF-16 columns count the emoji as two units */
	const char *t = "😀a的士";
	tw_findings *fs = run(t, NULL);
	const tw_finding *f = find(fs, t, "term/convert", "的士");
	assert_non_null(f);
	assert_int_equal(f->column, 3);
	assert_int_equal(f->column_u16, 4);
	assert_int_equal(f->end_column_u16, 6);
	tw_findings_free(fs);
	/* sorted by offset */
	t = "佢話「的士」";
	fs = run(t, NULL);
	for (size_t i = 1; i < fs->count; i++)
		assert_true(fs->items[i - 1].offset <= fs->items[i].offset);
	tw_findings_free(fs);
	/* invalid UTF-8 */
	tw_findings *none = (tw_findings *)1;
	tw_error err = {0};
	assert_int_equal(tw_check(&none, lex, "ab\xff", 3, NULL, &err), TW_EUTF8);
	assert_null(none);
	assert_int_equal(err.offset, 2);
	/* empty text */
	fs = run("", NULL);
	assert_int_equal(fs->count, 0);
	tw_findings_free(fs);
	tw_findings_free(NULL);
	tw_lexicon *l2 = (tw_lexicon *)1;
	assert_int_equal(tw_lexicon_open(&l2, "/nonexistent", &err), TW_ENOTFOUND);
	assert_null(l2);
	tw_lexicon_free(NULL);
	assert_int_equal(tw_severity_parse("warning"), TW_SEV_WARNING);
	assert_int_equal(tw_target_parse("tw"), TW_TARGET_TW);
	assert_int_equal(tw_target_parse("xx"), -1);
}

typedef struct job {
	const char *text;
	size_t want;
	int ok;
} job;

static void *run_job(void *arg)
{
	job *j = arg;
	j->ok = 1;
	for (int i = 0; i < 40; i++) {
		tw_findings *fs = NULL;
		if (tw_check(&fs, lex, j->text, strlen(j->text), NULL, NULL) || fs->count != j->want)
			j->ok = 0;
		tw_findings_free(fs);
	}
	return NULL;
}

/* One lexicon, several threads at once, spelling included. */
static void test_threads(void **state)
{
	(void)state;
	const char *t = "佢坐的士去数码港，recieved teh 「报告」。他的質素。";
	tw_findings *fs = run(t, NULL);
	size_t want = fs->count;
	assert_true(want >= 6);
	tw_findings_free(fs);
	pthread_t th[4];
	job jobs[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (job){t, want, 0};
		assert_int_equal(pthread_create(&th[i], NULL, run_job, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_true(jobs[i].ok);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_term),
		cmocka_unit_test(test_review_severity),
		cmocka_unit_test(test_cantonese),
		cmocka_unit_test(test_script),
		cmocka_unit_test(test_nonstandard),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_spelling_names),
		cmocka_unit_test(test_spelling_glosses),
		cmocka_unit_test(test_spelling_tokens),
		cmocka_unit_test(test_word_boundaries),
		cmocka_unit_test(test_target_regions),
		cmocka_unit_test(test_punct),
		cmocka_unit_test(test_spelling),
		cmocka_unit_test(test_spelling_near),
		cmocka_unit_test(test_scan_text_end),
		cmocka_unit_test(test_consistency),
		cmocka_unit_test(test_directives),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_positions_and_errors),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
