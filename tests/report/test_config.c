/* .tongwen.ini: parsing, errors with file and line, discovery, ignore
 * patterns and application to check options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "tongwen.h"
#include "tongwen/config.h"

#define ROOT TW_TEST_TMP "/cfg"

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	int rc = system("rm -rf '" ROOT "' && mkdir -p '" ROOT "/a/b/c' '" ROOT "/a/drafts/old' '" ROOT
	                "/words'");
	return rc;
}

static void test_full(void **state)
{
	(void)state;
	put(ROOT "/words/accept.txt", "# names\nDeepSeek Qwen\nHugging,Face  # trailing\n");
	put(ROOT "/a/.tongwen.ini", "; comment\n"
	                            "target = hk\n"
	                            "profile = hk2cn\n"
	                            "fail-on = warning\n"
	                            "accept = 的士, 巴士 小巴\n"
	                            "accept-file = ../words/accept.txt\n"
	                            "reject = 軟件\n"
	                            "ignore = drafts/old *.min.md\n"
	                            "ignore = b/c/skip?.txt\n"
	                            "[rules]\n"
	                            "term/review = error\n"
	                            "spelling = off\n"
	                            "punct = info\n");
	tw_config *c;
	tw_error err = {0};
	assert_int_equal(tw_config_load(&c, ROOT "/a/.tongwen.ini", &err), TW_OK);
	assert_int_equal(tw_config_target(c), TW_TARGET_HK);
	assert_string_equal(tw_config_profile(c), "hk2cn");
	assert_int_equal(tw_config_fail_on(c), TW_SEV_WARNING);
	assert_non_null(strstr(tw_config_path(c), "/cfg/a/.tongwen.ini"));
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	tw_config_apply(c, &o);
	assert_int_equal(o.target, TW_TARGET_HK);
	assert_int_equal(o.n_accept, 7);
	static const char *const want[] = {"的士", "巴士", "小巴", "DeepSeek", "Qwen", "Hugging", "Face"};
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(o.accept[i], want[i]);
	assert_int_equal(o.n_reject, 1);
	assert_string_equal(o.reject[0], "軟件");
	assert_int_equal(o.n_rules, 3);
	assert_string_equal(o.rules[0].rule, "term/review");
	assert_int_equal(o.rules[0].severity, TW_SEV_ERROR);
	assert_string_equal(o.rules[1].rule, "spelling");
	assert_int_equal(o.rules[1].severity, TW_SEV_OFF);
	assert_int_equal(o.rules[2].severity, TW_SEV_INFO);

	put(ROOT "/a/drafts/old/x.md", "");
	put(ROOT "/a/drafts/y.md", "");
	put(ROOT "/a/b/page.min.md", "");
	put(ROOT "/a/b/c/skip1.txt", "");
	put(ROOT "/a/b/c/skip12.txt", "");
	assert_true(tw_config_ignores(c, ROOT "/a/drafts/old/x.md"));
	assert_true(tw_config_ignores(c, ROOT "/a/drafts/old"));
	assert_false(tw_config_ignores(c, ROOT "/a/drafts/y.md"));
	assert_true(tw_config_ignores(c, ROOT "/a/b/page.min.md"));
	assert_true(tw_config_ignores(c, ROOT "/a/b/c/skip1.txt"));
	assert_false(tw_config_ignores(c, ROOT "/a/b/c/skip12.txt"));
	assert_false(tw_config_ignores(c, ROOT "/words/accept.txt")); /* outside the ini's dir */
	assert_false(tw_config_ignores(c, ROOT "/a/missing.md"));
	tw_config_free(c);
	tw_config_free(NULL);
}

static void test_find(void **state)
{
	(void)state;
	put(ROOT "/a/.tongwen.ini", "target = tw\n");
	char *p;
	tw_error err = {0};
	assert_int_equal(tw_config_find(&p, ROOT "/a/b/c", &err), TW_OK);
	assert_non_null(p);
	assert_non_null(strstr(p, "/cfg/a/.tongwen.ini"));
	tw_free(p);
	put(ROOT "/a/b/.tongwen.ini", "target = cn\n");
	assert_int_equal(tw_config_find(&p, ROOT "/a/b/c", &err), TW_OK);
	assert_non_null(strstr(p, "/cfg/a/b/.tongwen.ini"));
	tw_free(p);
	remove(ROOT "/a/b/.tongwen.ini");
	/* nothing above ROOT/words (unless the machine has one in /tmp or /) */
	assert_int_equal(tw_config_find(&p, "/", &err), TW_OK);
	if (p)
		assert_string_equal(p, "/.tongwen.ini");
	tw_free(p);
	assert_int_equal(tw_config_find(&p, ROOT "/nope", &err), TW_ENOTFOUND);
	assert_null(p);
}

/* Each bad file fails with the file name, the line and the reason. */
static void test_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text, *message;
	} cases[] = {
		{"target = cn\ntarget = mars\n", "bad.ini:2: target must be cn, hk or tw, not 'mars'"},
		{"fail-on = off\n", ":1: fail-on must be error, warning, info or never, not 'off'"},
		{"colour = red\n", ":1: unknown key 'colour'"},
		{"[paths]\nx = 1\n", ":2: unknown section [paths]"},
		{"[rules]\nterm/nope = error\n", ":2: unknown rule or family 'term/nope'"},
		{"\n[rules]\nspelling = loud\n", ":3: severity of spelling must be error, warning, info or off"},
		{"target = cn\nthis line is not ini\n", ":2: syntax error"},
		{"accept-file = nowhere.txt\n", ":1: "},
		{"accept = \xff\n", ":1: invalid UTF-8"},
		{"profile =\n", ":1: profile is empty"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		put(ROOT "/bad.ini", cases[i].text);
		tw_config *c = (tw_config *)1;
		tw_error err = {0};
		assert_int_equal(tw_config_load(&c, ROOT "/bad.ini", &err), TW_EFORMAT);
		assert_null(c);
		assert_non_null(strstr(err.message, ROOT "/bad.ini"));
		if (!strstr(err.message, cases[i].message))
			fail_msg("case %zu: '%s' lacks '%s'", i, err.message, cases[i].message);
	}
	/* a word file that is not UTF-8: its path and byte offset */
	put(ROOT "/words/bad.txt", "ok\nbad\xfe\n");
	put(ROOT "/bad.ini", "fail-on = never\nreject-file = words/bad.txt\n");
	tw_config *c;
	tw_error err = {0};
	assert_int_equal(tw_config_load(&c, ROOT "/bad.ini", &err), TW_EFORMAT);
	assert_non_null(strstr(err.message, "bad.ini:2: "));
	assert_non_null(strstr(err.message, "words/bad.txt: invalid UTF-8 at byte offset 6"));
	assert_int_equal(tw_config_load(&c, ROOT "/missing.ini", &err), TW_ENOTFOUND);
	/* fail-on = never is TW_SEV_OFF */
	put(ROOT "/ok.ini", "fail-on = never\n");
	assert_int_equal(tw_config_load(&c, ROOT "/ok.ini", &err), TW_OK);
	assert_int_equal(tw_config_fail_on(c), TW_SEV_OFF);
	assert_int_equal(tw_config_target(c), -1);
	assert_null(tw_config_profile(c));
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	tw_config_apply(c, &o);
	assert_int_equal(o.target, TW_TARGET_CN);
	assert_int_equal(o.n_accept + o.n_reject + o.n_rules, 0);
	tw_config_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
