/* libxml2 and Hunspell are opened when first needed (lib/base/libxml.h,
 * lib/base/libhunspell.h): converting and checking text that asks nothing of
 * them leaves them out of the process, and the first XML document or the
 * first Latin word no list answers brings them in. Read from
 * /proc/self/maps, through the shared library as a program links it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tongwen.h"

/* Is a shared object whose file name starts with name mapped? */
static int mapped(const char *name)
{
	FILE *f = fopen("/proc/self/maps", "r");
	assert_non_null(f);
	char line[4096];
	int found = 0;
	while (!found && fgets(line, sizeof line, f)) {
		const char *slash = strrchr(line, '/');
		found = slash && !strncmp(slash + 1, name, strlen(name));
	}
	fclose(f);
	return found;
}

static int write_nothing(void *ud, const char *data, size_t len)
{
	(void)ud;
	(void)data;
	(void)len;
	return 0;
}

static void test_opened_when_needed(void **state)
{
	(void)state;
	tw_error err = {0};
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = TW_TEST_DATA;
	tw_profile *p = NULL;
	assert_int_equal(tw_profile_open(&p, "hk2cn", &po, &err), TW_OK);
	tw_lexicon *lex = NULL;
	assert_int_equal(tw_lexicon_open(&lex, TW_TEST_DATA, &err), TW_OK);
	const char src[] = "政府推出的士司機獎勵計劃，市民可透過手機應用程式申請。";
	char *out = NULL;
	size_t n = 0;
	assert_int_equal(tw_convert(&out, &n, p, src, strlen(src), &err), TW_OK);
	tw_findings *f = NULL;
	assert_int_equal(tw_check(&f, lex, out, n, NULL, &err), TW_OK);
	tw_findings_free(f);
	assert_false(mapped("libxml2.so"));
	assert_false(mapped("libhunspell"));

	/* A misspelt Latin word: Hunspell decides it. */
	const char typo[] = "政府的Goverment新闻处。";
	assert_int_equal(tw_check(&f, lex, typo, strlen(typo), NULL, &err), TW_OK);
	int flagged = 0;
	for (size_t i = 0; i < f->count; i++)
		flagged |= !strcmp(f->items[i].rule, "spelling/unknown");
	tw_findings_free(f);
	assert_true(flagged);
	assert_true(mapped("libhunspell"));
	assert_false(mapped("libxml2.so"));

	/* An annotated export writes XML. */
	tw_free(out);
	tw_span *spans = NULL;
	size_t n_spans = 0;
	assert_int_equal(tw_convert_aligned(&out, &n, &spans, &n_spans, p, src, strlen(src), &err),
	                 TW_OK);
	assert_int_equal(tw_xml_write(write_nothing, NULL, src, strlen(src), out, n, spans, n_spans,
	                              NULL, NULL, &err),
	                 TW_OK);
	assert_true(mapped("libxml2.so"));
	tw_free(spans);
	tw_free(out);
	tw_lexicon_free(lex);
	tw_profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_opened_when_needed)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
