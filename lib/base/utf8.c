/* UTF-8 validation and counting. */
#define _GNU_SOURCE /* memmem */
#include "utf8.h"

#include <string.h>

#include "tongwen/common.h"

size_t utf8_valid_prefix(const char *str, size_t len)
{
	return utf8_valid_prefix_from(str, len, utf8_valid_blocks(str, len));
}

size_t utf8_valid_prefix_from(const char *str, size_t len, size_t from)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = from;
	while (i < len) {
		/* Eight bytes at a time up to the first non-ASCII byte, then the
		 * three-byte sequences that follow it (Chinese is mostly those:
		 * E1-EC, EE-EF lead, two continuation bytes, one test). Text that
		 * mixes the two, as tables and markup do, stays in this loop. */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			uint64_t hi = w & 0x8080808080808080ULL;
			if (!hi) {
				i += 8;
				continue;
			}
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			i += (size_t)__builtin_ctzll(hi) >> 3;
#else
			while (s[i] < 0x80)
				i++;
#endif
			size_t at = i;
			while (i + 4 <= len) {
				uint32_t c;
				memcpy(&c, s + i, 4);
				unsigned char b0 = (unsigned char)c;
				if ((c & 0xC0C0F0u) != 0x8080E0u || b0 == 0xE0 || b0 == 0xED)
					break;
				i += 3;
			}
			if (i == at || (i + 4 <= len && s[i] >= 0x80))
				break; /* a sequence for the checks below */
		}
		if (i >= len)
			break;
		unsigned char b = s[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		if (b >= 0xC2 && b <= 0xDF) {
			if (i + 1 >= len || (s[i + 1] & 0xC0) != 0x80)
				return i;
			i += 2;
		} else if (b >= 0xE0 && b <= 0xEF) {
			if (i + 2 >= len)
				return i;
			unsigned char c1 = s[i + 1];
			if ((c1 & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80)
				return i;
			if (b == 0xE0 && c1 < 0xA0) /* overlong */
				return i;
			if (b == 0xED && c1 >= 0xA0) /* surrogate */
				return i;
			i += 3;
		} else if (b >= 0xF0 && b <= 0xF4) {
			if (i + 3 >= len)
				return i;
			unsigned char c1 = s[i + 1];
			if ((c1 & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 ||
			    (s[i + 3] & 0xC0) != 0x80)
				return i;
			if (b == 0xF0 && c1 < 0x90) /* overlong */
				return i;
			if (b == 0xF4 && c1 >= 0x90) /* above U+10FFFF */
				return i;
			i += 4;
		} else {
			return i;
		}
	}
	return len;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int tw_utf8_validate(const char *s, size_t len, size_t *bad_offset)
{
	if (!s && len)
		return TW_EINVAL;
	size_t ok = utf8_valid_prefix(s, len);
	if (ok == len)
		return TW_OK;
	if (bad_offset)
		*bad_offset = ok;
	return TW_EUTF8;
}

size_t tw_utf8_codepoints(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += (s[i] & 0xC0) != 0x80;
	return n;
}

size_t tw_utf8_utf16_units(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		n += (s[i] & 0xC0) != 0x80;
		n += s[i] >= 0xF0; /* a supplementary code point takes a surrogate pair */
	}
	return n;
}

void utf8_cursor_advance(utf8_cursor *k, const unsigned char *s, size_t to)
{
	for (;;) {
		const unsigned char *nl = memchr(s + k->pos, '\n', to - k->pos);
		if (!nl)
			break;
		k->line++;
		k->col = k->col16 = 1;
		k->pos = (size_t)(nl - s) + 1;
	}
	for (; k->pos < to; k->pos++) {
		unsigned char b = s[k->pos];
		k->col += (b & 0xC0) != 0x80;
		k->col16 += ((b & 0xC0) != 0x80) + (b >= 0xF0);
	}
}

#define TITLE_MAX 400
#define TITLE_BACK 4096

/* A mark of U+3008-U+300B at s[i] (three bytes there): its last byte, else
 * 0. */
static unsigned char title_mark(const unsigned char *s, size_t i)
{
	return s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] >= 0x88 && s[i + 2] <= 0x8B ? s[i + 2]
	                                                                              : 0;
}

static int ends_with(const unsigned char *c, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && !memcmp(c + n - k, w, k);
}

static int starts_with(const unsigned char *c, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && !memcmp(c, w, k);
}

/* Is c[0..n), what a 〈〉 holds, a byline (〈記者王小明／台北報導〉,
 * 〈中央社記者台北3日電〉) rather than a title? It ends in 報導 or 電 and
 * holds a slash or opens with 記者 or 中央社. */
static int byline(const unsigned char *c, size_t n)
{
	static const char *const ends[] = {"報導", "報道", "报导", "报道", "電", "电"};
	static const char *const opens[] = {"記者", "记者", "中央社"};
	int end = 0, mark = memchr(c, '/', n) || memmem(c, n, "／", 3);
	for (size_t i = 0; i < sizeof ends / sizeof *ends && !end; i++)
		end = ends_with(c, n, ends[i]);
	for (size_t i = 0; i < sizeof opens / sizeof *opens && !mark; i++)
		mark = starts_with(c, n, opens[i]);
	return end && mark;
}

size_t utf8_title_close(const unsigned char *s, size_t len, size_t at)
{
	size_t back = at > TITLE_BACK ? at - TITLE_BACK : 0;
	for (size_t j = at; j-- > back && s[j] != '\n';) {
		unsigned char m = j + 2 < at ? title_mark(s, j) : 0;
		if (m == 0x8A) /* 《: inside a title */
			return 0;
		if (m == 0x8B)
			break;
	}
	int han = 0;
	size_t end = len - at > TITLE_MAX ? at + TITLE_MAX : len;
	for (size_t j = at + 3; j < end && s[j] != '\n';) {
		unsigned char m = j + 2 < len ? title_mark(s, j) : 0;
		if (m)
			return m == 0x89 && han && !byline(s + at + 3, j - at - 3) ? j : 0;
		size_t l;
		han |= utf8_is_han(utf8_decode(s + j, len - j, &l));
		j += l;
	}
	return 0;
}
