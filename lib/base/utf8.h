/* UTF-8 helpers shared by the library. Internal. */
#ifndef TW_UTF8_H
#define TW_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the UTF-8 sequence led by byte b (1–4), 0 for a byte that
 * cannot start one. Assumes validated input elsewhere. */
static inline size_t utf8_seqlen(unsigned char b)
{
	if (b < 0x80)
		return 1;
	if (b >= 0xF0)
		return 4;
	if (b >= 0xE0)
		return 3;
	if (b >= 0xC0)
		return 2;
	return 0;
}

/* Decodes one code point from valid UTF-8 at s (len bytes available);
 * stores its length in *n. */
static inline uint32_t utf8_decode(const unsigned char *s, size_t len, size_t *n)
{
	unsigned char b = s[0];
	if (b < 0x80 || len < 2) {
		*n = 1;
		return b;
	}
	if (b < 0xE0) {
		*n = 2;
		return ((uint32_t)(b & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if (b < 0xF0 || len < 4) {
		*n = len < 3 ? len : 3;
		return ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
		       (len > 2 ? (s[2] & 0x3F) : 0);
	}
	*n = 4;
	return ((uint32_t)(b & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
	       ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* Returns the length of the longest prefix of s[0..len) that is valid UTF-8
 * made of complete sequences. Equal to len when all of it is valid. */
size_t utf8_valid_prefix(const char *s, size_t len);
/* The same, for text known valid up to from, a character boundary. */
size_t utf8_valid_prefix_from(const char *s, size_t len, size_t from);
/* A prefix of s[0..len) that is valid UTF-8 and ends on a character
 * boundary, found sixteen bytes at a time where the processor can
 * (utf8_simd.c); it may stop short of the first bad byte, never past it:
 * utf8_valid_prefix_from finds that byte from there. */
size_t utf8_valid_blocks(const char *s, size_t len);

/* Encodes cp into out (4 bytes room); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);

/* The last code point of s[0..n) (0 when n is 0): back over at most three
 * continuation bytes, then decoded. */
static inline uint32_t utf8_last_cp(const char *s, size_t n)
{
	if (!n)
		return 0;
	size_t p = n - 1;
	while (p > 0 && n - p < 4 && ((unsigned char)s[p] & 0xC0) == 0x80)
		p--;
	size_t l;
	return utf8_decode((const unsigned char *)s + p, n - p, &l);
}

/* A Han ideograph: Extension A, the main block, the compatibility
 * ideographs, the supplementary planes' extensions, and 〇. */
static inline int utf8_is_han(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF) || cp == 0x3007;
}

/* Is c, a half-width , ; : ? !, one that Mainland text writes full-width?
 * After a Han character and before one, or before a CJK quotation mark or
 * bracket (“ ” ‘ ’ 「 」 『 』 《 》 （ ）), or, for ? and !, at the end of a
 * line (after: 0 at the end of the text). */
static inline int utf8_half_width_in_chinese(uint32_t before, unsigned char c, uint32_t after)
{
	if (!utf8_is_han(before) || !(c == ',' || c == ';' || c == ':' || c == '?' || c == '!'))
		return 0;
	if (utf8_is_han(after) || (after >= 0x2018 && after <= 0x201D && after != 0x201A &&
	                           after != 0x201B) ||
	    (after >= 0x300A && after <= 0x300F) || after == 0xFF08 || after == 0xFF09)
		return 1;
	return (c == '?' || c == '!') && (after == '\n' || after == '\r' || after == 0);
}

/* Hong Kong and Taiwan copy marks the title of an article, a chapter, a
 * song or a programme with 〈〉, where Mainland text writes 《》 and keeps 〈〉
 * for a title inside one (GB/T 15834-2011). The 〈 at s[at] is such a
 * title's when no 《 is open before it on its line (looking back at most
 * 4 KB) and a 〉 closes it on the same line, within 400 bytes, with no other
 * title mark between and a Han character inside (〈x, y〉 of a formula is
 * none), and it is no byline (〈記者王小明／台北報導〉: ends in 報導 or 電,
 * with a slash or opening with 記者 or 中央社). Returns the offset of that 〉, or 0. hk2cn writes these 《》
 * (runs.c); the checker flags them in Mainland text (check_punct.c). */
size_t utf8_title_close(const unsigned char *s, size_t len, size_t at);

/* A Han ideograph or a CJK or Kangxi radical (text pasted from PDFs writes
 * radicals for ideographs). */
static inline int utf8_is_han_or_radical(uint32_t cp)
{
	return utf8_is_han(cp) || (cp >= 0x2E80 && cp <= 0x2FDF);
}

/* A position in valid UTF-8 text: byte offset, 1-based line, and 1-based
 * columns in code points and in UTF-16 units. */
typedef struct utf8_cursor {
	size_t pos, line, col, col16;
} utf8_cursor;

/* Moves k forward to byte offset to (>= k->pos) in s. Lines are skipped
 * with memchr, so the cost is in the lines that hold positions asked for,
 * not in the whole text. */
void utf8_cursor_advance(utf8_cursor *k, const unsigned char *s, size_t to);

#endif
