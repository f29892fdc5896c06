/* The report renderers, fed hand-made findings so every byte of the output
 * is known. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "tongwen.h"
#include "tongwen/report.h"

static const char *const one_sugg[] = {"出租车"};
static const char *const two_sugg[] = {"质量", "素质"};

/* "我坐的士。\n質素\t好「嘅」\n" — offsets: 的士 6..12, 質素 16..22, 「 26. */
static const char sample[] = "我坐的士。\n質素\t好「嘅」\n";

static tw_finding sample_items[] = {
	{"term/convert", TW_SEV_ERROR, "的士 is Hong Kong usage", 6, 6, 1, 3, 1, 5, 3, 5, one_sugg, 1,
	 NULL},
	{"term/review", TW_SEV_WARNING, "質素: quality or calibre?", 16, 6, 2, 1, 2, 3, 1, 3, two_sugg,
	 2, "sense"},
	{"cantonese/word", TW_SEV_INFO, "Cantonese 嘅", 29, 3, 2, 6, 2, 7, 6, 7, NULL, 0, NULL},
};
static tw_findings sample_findings = {sample_items, 3};

static char *render(tw_report_format fmt, const tw_report_file *files, size_t n)
{
	char *out = NULL;
	size_t len = 0;
	tw_error err = {0};
	assert_int_equal(tw_report_render(&out, &len, fmt, files, n, &err), TW_OK);
	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	return out;
}

static tw_report_file sample_file(const char *name)
{
	tw_report_file f = {name, sample, sizeof sample - 1, &sample_findings};
	return f;
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(tw_display_width("abc", 3), 3);
	assert_int_equal(tw_display_width("的士", 6), 4);
	assert_int_equal(tw_display_width("「」", 6), 4);
	assert_int_equal(tw_display_width("Ａ", 3), 2);     /* fullwidth A */
	assert_int_equal(tw_display_width("ｱ", 3), 1);     /* halfwidth katakana */
	assert_int_equal(tw_display_width("e\xCC\x81", 3), 1); /* e + combining acute */
	assert_int_equal(tw_display_width("\xF0\x9F\x98\x80", 4), 2); /* emoji */
	assert_int_equal(tw_display_width("\xF0\xA0\x80\x80", 4), 2); /* U+20000 */
	assert_int_equal(tw_display_width("\xE2\x80\x8B", 3), 0);     /* zero-width space */
	assert_int_equal(tw_display_width("", 0), 0);
}

static void test_text(void **state)
{
	(void)state;
	tw_report_file f = sample_file("a.txt");
	char *out = render(TW_REPORT_TEXT, &f, 1);
	assert_string_equal(out, "a.txt:1:3: error: 的士 is Hong Kong usage [term/convert]\n"
	                         "我坐的士。\n"
	                         "    ^^^^\n"
	                         "a.txt:2:1: warning: 質素: quality or calibre? [term/review]\n"
	                         "質素\t好「嘅」\n"
	                         "^^^^\n"
	                         "a.txt:2:6: info: Cantonese 嘅 [cantonese/word]\n"
	                         "質素\t好「嘅」\n"
	                         "    \t    ^^\n");
	tw_free(out);
}

/* A span running over the end of its line gets carets to the line's end;
 * an empty span or one at the end of a CRLF line gets one caret; control
 * characters are not passed to the terminal. */
static void test_text_edges(void **state)
{
	(void)state;
	static const char t[] = "ab\x1b" "cd\r\nef";
	tw_finding items[] = {
		{"punct/unpaired", TW_SEV_WARNING, "m", 3, 5, 1, 4, 2, 2, 4, 2, NULL, 0, NULL},
		{"punct/unpaired", TW_SEV_WARNING, "m", 5, 0, 1, 6, 1, 6, 6, 6, NULL, 0, NULL},
	};
	tw_findings fs = {items, 2};
	tw_report_file f = {"x", t, sizeof t - 1, &fs};
	char *out = render(TW_REPORT_TEXT, &f, 1);
	assert_string_equal(out, "x:1:4: warning: m [punct/unpaired]\n"
	                         "ab?cd\n"
	                         "   ^^\n"
	                         "x:1:6: warning: m [punct/unpaired]\n"
	                         "ab?cd\n"
	                         "     ^\n");
	tw_free(out);
}

static void test_empty(void **state)
{
	(void)state;
	tw_findings none = {NULL, 0};
	tw_report_file f = {"a.txt", "", 0, &none};
	char *out = render(TW_REPORT_TEXT, &f, 1);
	assert_string_equal(out, "");
	tw_free(out);
	out = render(TW_REPORT_GITHUB, &f, 1);
	assert_string_equal(out, "");
	tw_free(out);
	out = render(TW_REPORT_JSON, &f, 1);
	assert_string_equal(out, "[]\n");
	tw_free(out);
	out = render(TW_REPORT_SARIF, NULL, 0);
	json_error_t je;
	json_t *log = json_loads(out, 0, &je);
	assert_non_null(log);
	assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(log, "runs"), 0),
	                                                 "results")),
	                 0);
	json_decref(log);
	tw_free(out);
}

static void test_json(void **state)
{
	(void)state;
	tw_report_file f[2] = {sample_file("a.txt"), sample_file("b\xff.txt")};
	char *out = render(TW_REPORT_JSON, f, 2);
	json_error_t je;
	json_t *arr = json_loads(out, 0, &je);
	assert_non_null(arr);
	assert_true(json_is_array(arr));
	assert_int_equal(json_array_size(arr), 6);
	json_t *o = json_array_get(arr, 0);
	assert_string_equal(json_string_value(json_object_get(o, "file")), "a.txt");
	assert_string_equal(json_string_value(json_object_get(o, "rule")), "term/convert");
	assert_string_equal(json_string_value(json_object_get(o, "severity")), "error");
	assert_string_equal(json_string_value(json_object_get(o, "message")), "的士 is Hong Kong usage");
	assert_string_equal(json_string_value(json_object_get(o, "text")), "的士");
	assert_int_equal(json_array_size(json_object_get(o, "suggestions")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(o, "suggestions"), 0)),
	                    "出租车");
	assert_int_equal(json_integer_value(json_object_get(o, "line")), 1);
	assert_int_equal(json_integer_value(json_object_get(o, "column")), 3);
	assert_int_equal(json_integer_value(json_object_get(o, "end_line")), 1);
	assert_int_equal(json_integer_value(json_object_get(o, "end_column")), 5);
	assert_int_equal(json_integer_value(json_object_get(o, "column_utf16")), 3);
	assert_int_equal(json_integer_value(json_object_get(o, "byte_offset")), 6);
	assert_int_equal(json_integer_value(json_object_get(o, "byte_length")), 6);
	assert_true(json_is_null(json_object_get(o, "note")));
	o = json_array_get(arr, 1);
	assert_string_equal(json_string_value(json_object_get(o, "severity")), "warning");
	assert_string_equal(json_string_value(json_object_get(o, "note")), "sense");
	assert_int_equal(json_array_size(json_object_get(o, "suggestions")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 2), "severity")),
	                    "info");
	/* a file name that is not UTF-8 still gives valid JSON */
	assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 3), "file")),
	                    "b\xEF\xBF\xBD.txt");
	json_decref(arr);
	tw_free(out);
}

/* report_json.c writes the JSON itself: its bytes must be those jansson
 * gives for the same document (JSON_INDENT(2)), escapes included. */
static void test_json_bytes(void **state)
{
	(void)state;
	static const char text[] = "a\0b\"c\\d\x1f\x7f\te/f\n\r\b\f「的士」";
	static const char *const sugg[] = {"s\"1", "\x01", "中/文"};
	tw_finding items[] = {
		{"term/convert", TW_SEV_ERROR, "m\x1b\"\\ /", 0, sizeof text - 1, 1, 2, 3, 4, 5, 6, sugg,
		 3, "n\x7f\t"},
		{"punct/unpaired", TW_SEV_INFO, "", 5, 100, SIZE_MAX, (size_t)1 << 63, 7, 8, 9, 10,
		 sugg + 2, 1, NULL},
		{"x", TW_SEV_OFF, "ok", 50, 3, 0, 0, 0, 0, 0, 0, NULL, 0, NULL},
	};
	tw_findings fs = {items, 3};
	tw_report_file f = {"n\x01\"\\.txt", text, sizeof text - 1, &fs};
	char *out = render(TW_REPORT_JSON, &f, 1);
	json_error_t je;
	json_t *arr = json_loads(out, JSON_ALLOW_NUL, &je);
	assert_non_null(arr);
	char *want = json_dumps(arr, JSON_INDENT(2));
	assert_non_null(want);
	size_t n = strlen(want);
	assert_int_equal(strlen(out), n + 1);
	assert_memory_equal(out, want, n);
	assert_int_equal(out[n], '\n');
	free(want);
	json_decref(arr);
	tw_free(out);
	/* a message that is not UTF-8: no report, as when jansson refused it */
	items[2].message = "bad\xff";
	char *bad = NULL;
	size_t bad_len = 0;
	tw_error err = {0};
	assert_int_equal(tw_report_render(&bad, &bad_len, TW_REPORT_JSON, &f, 1, &err), TW_ENOMEM);
	assert_null(bad);
}

static json_t *get(json_t *o, const char *path)
{
	/* "a.b.0.c": object keys and array indexes */
	char buf[256];
	strncpy(buf, path, sizeof buf - 1);
	buf[sizeof buf - 1] = '\0';
	for (char *tok = strtok(buf, "."); tok && o; tok = strtok(NULL, "."))
		o = (*tok >= '0' && *tok <= '9') ? json_array_get(o, (size_t)atoi(tok))
		                                 : json_object_get(o, tok);
	return o;
}

static void test_sarif(void **state)
{
	(void)state;
	tw_finding extra = {"future/rule", TW_SEV_WARNING, "x", 0, 3, 1, 1, 1, 2, 1, 2, NULL, 0, NULL};
	tw_findings fx = {&extra, 1};
	tw_report_file f[2] = {sample_file("dir/a b#的.md"), {"c.txt", sample, 3, &fx}};
	char *out = render(TW_REPORT_SARIF, f, 2);
	json_error_t je;
	json_t *log = json_loads(out, 0, &je);
	assert_non_null(log);
	assert_string_equal(json_string_value(get(log, "version")), "2.1.0");
	assert_non_null(strstr(json_string_value(get(log, "$schema")), "sarif"));
	json_t *run = get(log, "runs.0");
	assert_string_equal(json_string_value(get(run, "columnKind")), "unicodeCodePoints");
	assert_string_equal(json_string_value(get(run, "tool.driver.name")), "tongwen");
	assert_string_equal(json_string_value(get(run, "tool.driver.version")), tw_version());
	assert_null(get(run, "tool.driver.informationUri")); /* no invented address */
	json_t *rules = get(run, "tool.driver.rules");
	size_t ncat;
	tw_rule_catalogue(&ncat);
	assert_int_equal(json_array_size(rules), ncat + 1);
	json_t *results = get(run, "results");
	assert_int_equal(json_array_size(results), 4);
	for (size_t i = 0; i < 4; i++) {
		json_t *r = json_array_get(results, i);
		size_t idx = (size_t)json_integer_value(get(r, "ruleIndex"));
		assert_string_equal(json_string_value(get(json_array_get(rules, idx), "id")),
		                    json_string_value(get(r, "ruleId")));
	}
	json_t *r0 = json_array_get(results, 0);
	assert_string_equal(json_string_value(get(r0, "level")), "error");
	assert_string_equal(json_string_value(get(r0, "message.text")), "的士 is Hong Kong usage");
	json_t *pl = get(r0, "locations.0.physicalLocation");
	assert_string_equal(json_string_value(get(pl, "artifactLocation.uri")),
	                    "dir/a%20b%23%E7%9A%84.md");
	assert_int_equal(json_integer_value(get(pl, "region.startLine")), 1);
	assert_int_equal(json_integer_value(get(pl, "region.startColumn")), 3);
	assert_int_equal(json_integer_value(get(pl, "region.endLine")), 1);
	assert_int_equal(json_integer_value(get(pl, "region.endColumn")), 5);
	assert_int_equal(json_integer_value(get(pl, "region.byteOffset")), 6);
	assert_int_equal(json_integer_value(get(pl, "region.byteLength")), 6);
	assert_string_equal(json_string_value(get(pl, "region.snippet.text")), "的士");
	assert_string_equal(
		json_string_value(get(r0, "fixes.0.artifactChanges.0.replacements.0.insertedContent.text")),
		"出租车");
	assert_int_equal(
		json_integer_value(get(r0, "fixes.0.artifactChanges.0.replacements.0.deletedRegion.byteOffset")),
		6);
	/* two suggestions: no fix; info is SARIF's "note" */
	assert_null(get(json_array_get(results, 1), "fixes"));
	assert_string_equal(json_string_value(get(json_array_get(results, 2), "level")), "note");
	/* an unknown rule is added to the driver's rules */
	assert_int_equal(json_integer_value(get(json_array_get(results, 3), "ruleIndex")), ncat);
	json_decref(log);
	tw_free(out);
}

static void test_github(void **state)
{
	(void)state;
	tw_finding items[] = {
		{"term/convert", TW_SEV_ERROR, "50% off\r\nnext: a,b", 0, 1, 1, 1, 1, 2, 1, 2, NULL, 0, NULL},
		{"term/review", TW_SEV_WARNING, "w", 0, 1, 1, 1, 1, 2, 1, 2, NULL, 0, NULL},
		{"punct/half-width", TW_SEV_INFO, "i", 0, 1, 3, 4, 3, 5, 4, 5, NULL, 0, NULL},
	};
	tw_findings fs = {items, 3};
	tw_report_file f = {"docs/a,b:c%.md", "x", 1, &fs};
	char *out = render(TW_REPORT_GITHUB, &f, 1);
	assert_string_equal(
		out,
		"::error file=docs/a%2Cb%3Ac%25.md,line=1,col=1,endLine=1,endColumn=2,title=term/convert::"
		"50%25 off%0D%0Anext: a,b\n"
		"::warning file=docs/a%2Cb%3Ac%25.md,line=1,col=1,endLine=1,endColumn=2,title=term/review::w\n"
		"::notice file=docs/a%2Cb%3Ac%25.md,line=3,col=4,endLine=3,endColumn=5,"
		"title=punct/half-width::i\n");
	tw_free(out);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	char *out = (char *)1;
	tw_error err = {0};
	assert_int_equal(tw_report_render(&out, NULL, (tw_report_format)42, NULL, 0, &err), TW_EINVAL);
	assert_null(out);
	tw_report_file f = {NULL, "", 0, NULL};
	assert_int_equal(tw_report_render(&out, NULL, TW_REPORT_TEXT, &f, 1, &err), TW_EINVAL);
	assert_int_equal(tw_report_render(NULL, NULL, TW_REPORT_TEXT, NULL, 0, &err), TW_EINVAL);
	/* a span beyond the text is clamped, never read out of bounds */
	tw_finding x = {"term/convert", TW_SEV_ERROR, "m", 100, 50, 1, 1, 1, 2, 1, 2, NULL, 0, NULL};
	tw_findings fs = {&x, 1};
	tw_report_file g = {"g", "ab", 2, &fs};
	for (int fmt = 0; fmt < 4; fmt++) {
		assert_int_equal(tw_report_render(&out, NULL, (tw_report_format)fmt, &g, 1, &err), TW_OK);
		tw_free(out);
	}
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(tw_report_format_parse("text"), TW_REPORT_TEXT);
	assert_int_equal(tw_report_format_parse("json"), TW_REPORT_JSON);
	assert_int_equal(tw_report_format_parse("sarif"), TW_REPORT_SARIF);
	assert_int_equal(tw_report_format_parse("github"), TW_REPORT_GITHUB);
	assert_int_equal(tw_report_format_parse("xml"), -1);
	assert_int_equal(tw_report_format_parse(NULL), -1);
	assert_true(tw_rule_name_known("term/review"));
	assert_true(tw_rule_name_known("spelling"));
	assert_true(tw_rule_name_known("punct"));
	assert_false(tw_rule_name_known("punc"));
	assert_false(tw_rule_name_known("term/"));
	assert_false(tw_rule_name_known("term/revie"));
	assert_false(tw_rule_name_known(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),  cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_edges), cmocka_unit_test(test_empty),
		cmocka_unit_test(test_json),   cmocka_unit_test(test_json_bytes),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_github), cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
