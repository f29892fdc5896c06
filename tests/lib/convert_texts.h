/* For cmocka tests: a profile opened from a data directory, and texts
 * converted with it, one line each. Include after <cmocka.h> and
 * tongwen.h. */
#ifndef TW_TEST_CONVERT_TEXTS_H
#define TW_TEST_CONVERT_TEXTS_H

#include <stdlib.h>
#include <string.h>

/* The profile name opened from the data directory dir; fails the test if
 * it cannot be. */
static tw_profile *open_profile_in(const char *dir, const char *name)
{
	tw_profile *p = NULL;
	tw_profile_options o = TW_PROFILE_OPTIONS_INIT;
	o.data_dir = dir;
	tw_error err;
	if (tw_profile_open(&p, name, &o, &err))
		fail_msg("tw_profile_open %s in %s: %s", name, dir, err.message);
	return p;
}

/* texts[0..n) through p, each followed by a newline; malloc'd. */
static char *convert_texts(const tw_profile *p, const char *const *texts, size_t n)
{
	size_t cap = 1 << 14, len = 0;
	char *all = malloc(cap);
	assert_non_null(all);
	for (size_t t = 0; t < n; t++) {
		char *out = NULL;
		size_t on = 0;
		tw_error err;
		if (tw_convert(&out, &on, p, texts[t], strlen(texts[t]), &err))
			fail_msg("tw_convert: %s", err.message);
		assert_true(len + on + 2 < cap);
		memcpy(all + len, out, on);
		len += on;
		all[len++] = '\n';
		tw_free(out);
	}
	all[len] = '\0';
	return all;
}

#endif
