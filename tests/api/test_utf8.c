/* tw_utf8_validate against a reference written from RFC 3629's table, on
 * text that takes the sixteen-byte path (utf8_simd.c): valid mixes of
 * ASCII, two-, three- and four-byte characters, each then broken once at
 * every position by every kind of bad byte, and random bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tongwen.h"

/* Offset of the first byte that does not start a valid sequence, or len. */
static size_t reference(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char b = s[i];
		size_t n;
		unsigned char lo = 0x80, hi = 0xBF;
		if (b < 0x80)
			n = 1;
		else if (b >= 0xC2 && b <= 0xDF)
			n = 2;
		else if (b >= 0xE0 && b <= 0xEF) {
			n = 3;
			if (b == 0xE0)
				lo = 0xA0;
			if (b == 0xED)
				hi = 0x9F;
		} else if (b >= 0xF0 && b <= 0xF4) {
			n = 4;
			if (b == 0xF0)
				lo = 0x90;
			if (b == 0xF4)
				hi = 0x8F;
		} else
			return i;
		if (i + n > len)
			return i;
		for (size_t k = 1; k < n; k++) {
			unsigned char c = s[i + k];
			if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF))
				return i;
		}
		i += n;
	}
	return len;
}

static uint32_t rng = 12345;
static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* A valid text of about n bytes; mostly Chinese, as the copy is. */
static size_t valid_text(unsigned char *s, size_t n)
{
	static const char *pieces[] = {"的", "士", "數", "碼", "港", "a", " ", "\n", "é", "\xF0\x9F\x98\x80",
	                               "\xF0\xA0\xAE\xB6", "\xEF\xBF\xBD", "\xED\x9F\xBF", "\xE0\xA0\x80",
	                               "\xF4\x8F\xBF\xBF", "，", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"};
	size_t len = 0;
	while (len < n) {
		const char *p = pieces[next() % (sizeof pieces / sizeof *pieces)];
		size_t l = strlen(p);
		memcpy(s + len, p, l);
		len += l;
	}
	return len;
}

static void check(const unsigned char *s, size_t len)
{
	size_t bad = (size_t)-1;
	int rc = tw_utf8_validate((const char *)s, len, &bad);
	size_t want = reference(s, len);
	if (want == len) {
		assert_int_equal(rc, TW_OK);
	} else {
		assert_int_equal(rc, TW_EUTF8);
		assert_int_equal(bad, want);
	}
}

static void test_broken_everywhere(void **state)
{
	(void)state;
	static const unsigned char bad_bytes[] = {0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED,
	                                          0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x41, 0xA0, 0x90};
	unsigned char s[200], t[200];
	for (int round = 0; round < 40; round++) {
		size_t len = valid_text(s, 64 + next() % 100);
		check(s, len);
		for (size_t at = 0; at < len; at++)
			for (size_t k = 0; k < sizeof bad_bytes; k++) {
				memcpy(t, s, len);
				t[at] = bad_bytes[k];
				check(t, len);
			}
		for (size_t cut = 60; cut < len; cut++)
			check(s, cut); /* ends inside a sequence, or not */
	}
}

static void test_random_bytes(void **state)
{
	(void)state;
	unsigned char s[300];
	for (int round = 0; round < 20000; round++) {
		size_t len = 64 + next() % 200;
		valid_text(s, len);
		/* a few random bytes in otherwise valid text */
		for (int k = (int)(next() % 4); k > 0; k--)
			s[next() % len] = (unsigned char)next();
		check(s, len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_broken_everywhere),
	    cmocka_unit_test(test_random_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
