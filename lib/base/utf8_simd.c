/* UTF-8 validation sixteen bytes at a time (SSSE3, chosen at run time).
 *
 * Every error in UTF-8 shows in a pair of adjacent bytes, or in a
 * continuation byte that is, or is not, the second or third of a three- or
 * four-byte sequence. For the pairs, three table lookups by nibble (the
 * first byte's high and low nibble, the second byte's high nibble) give
 * bit sets of the errors each nibble allows; their intersection is empty
 * exactly when the pair is valid. The same intersection marks two
 * continuation bytes in a row (TWO_CONTS), which is right only where the
 * byte two or three back leads a longer sequence: those must agree. This
 * is the "lookup" method of Keiser and Lemire, "Validating UTF-8 in less
 * than one instruction per byte" (2021), written here from the paper. */
#include "utf8.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <tmmintrin.h>

enum {
	TOO_SHORT = 1 << 0,   /* a lead byte not followed by a continuation */
	TOO_LONG = 1 << 1,    /* ASCII followed by a continuation */
	OVERLONG_3 = 1 << 2,  /* E0 80..9F */
	TOO_LARGE = 1 << 3,   /* F4 90..BF, F5..FF */
	SURROGATE = 1 << 4,   /* ED A0..BF */
	OVERLONG_2 = 1 << 5,  /* C0, C1 */
	TOO_LARGE_1000 = 1 << 6,
	OVERLONG_4 = 1 << 6,  /* F0 80..8F; shares its bit with F5..FF 80..8F */
	TWO_CONTS = 1 << 7,
	CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

#define B(x) ((char)(x))

/* The largest character boundary at or before p: a sequence begun in the
 * last three bytes before p and not finished there starts at it. */
static size_t boundary(const unsigned char *s, size_t p)
{
	if (p >= 1 && s[p - 1] >= 0xC0)
		return p - 1;
	if (p >= 2 && s[p - 2] >= 0xE0)
		return p - 2;
	if (p >= 3 && s[p - 3] >= 0xF0)
		return p - 3;
	return p;
}

__attribute__((target("ssse3"))) static size_t blocks_ssse3(const unsigned char *s, size_t len)
{
	const __m128i first_high = _mm_setr_epi8(
	    /* 0-7: ASCII */ B(TOO_LONG), B(TOO_LONG), B(TOO_LONG), B(TOO_LONG), B(TOO_LONG),
	    B(TOO_LONG), B(TOO_LONG), B(TOO_LONG),
	    /* 8-B: continuation */ B(TWO_CONTS), B(TWO_CONTS), B(TWO_CONTS), B(TWO_CONTS),
	    /* C */ B(TOO_SHORT | OVERLONG_2), /* D */ B(TOO_SHORT),
	    /* E */ B(TOO_SHORT | OVERLONG_3 | SURROGATE),
	    /* F */ B(TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4));
	const __m128i first_low = _mm_setr_epi8(
	    /* 0 */ B(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4), /* 1 */ B(CARRY | OVERLONG_2),
	    /* 2 */ B(CARRY), /* 3 */ B(CARRY), /* 4 */ B(CARRY | TOO_LARGE),
	    /* 5-C */ B(CARRY | TOO_LARGE | TOO_LARGE_1000), B(CARRY | TOO_LARGE | TOO_LARGE_1000),
	    B(CARRY | TOO_LARGE | TOO_LARGE_1000), B(CARRY | TOO_LARGE | TOO_LARGE_1000),
	    B(CARRY | TOO_LARGE | TOO_LARGE_1000), B(CARRY | TOO_LARGE | TOO_LARGE_1000),
	    B(CARRY | TOO_LARGE | TOO_LARGE_1000), B(CARRY | TOO_LARGE | TOO_LARGE_1000),
	    /* D */ B(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
	    /* E-F */ B(CARRY | TOO_LARGE | TOO_LARGE_1000), B(CARRY | TOO_LARGE | TOO_LARGE_1000));
	const __m128i second_high = _mm_setr_epi8(
	    /* 0-7 */ B(TOO_SHORT), B(TOO_SHORT), B(TOO_SHORT), B(TOO_SHORT), B(TOO_SHORT),
	    B(TOO_SHORT), B(TOO_SHORT), B(TOO_SHORT),
	    /* 8 */ B(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4),
	    /* 9 */ B(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
	    /* A-B */ B(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
	    B(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
	    /* C-F */ B(TOO_SHORT), B(TOO_SHORT), B(TOO_SHORT), B(TOO_SHORT));
	const __m128i nibble = _mm_set1_epi8(0x0F), zero = _mm_setzero_si128();
	const __m128i third_min = _mm_set1_epi8(B(0xE0 - 0x80)), fourth_min = _mm_set1_epi8(B(0xF0 - 0x80));
	const __m128i high_bit = _mm_set1_epi8(B(0x80));
	/* Above these in its last three bytes, a block ends inside a sequence. */
	const __m128i ends_open = _mm_setr_epi8(B(0xFF), B(0xFF), B(0xFF), B(0xFF), B(0xFF), B(0xFF),
	                                        B(0xFF), B(0xFF), B(0xFF), B(0xFF), B(0xFF), B(0xFF),
	                                        B(0xFF), B(0xEF), B(0xDF), B(0xBF));
	__m128i prev = zero;
	size_t i = 0;
	for (; i + 16 <= len; i += 16) {
		__m128i in = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* An ASCII block needs no check unless the block before ends in
		 * a sequence it would have to finish. */
		if (!_mm_movemask_epi8(in) &&
		    _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_subs_epu8(prev, ends_open), zero)) == 0xFFFF) {
			prev = in;
			continue;
		}
		__m128i p1 = _mm_alignr_epi8(in, prev, 15);
		__m128i p2 = _mm_alignr_epi8(in, prev, 14);
		__m128i p3 = _mm_alignr_epi8(in, prev, 13);
		__m128i a = _mm_shuffle_epi8(first_high, _mm_and_si128(_mm_srli_epi16(p1, 4), nibble));
		__m128i b = _mm_shuffle_epi8(first_low, _mm_and_si128(p1, nibble));
		__m128i c = _mm_shuffle_epi8(second_high, _mm_and_si128(_mm_srli_epi16(in, 4), nibble));
		__m128i special = _mm_and_si128(_mm_and_si128(a, b), c);
		__m128i must23 = _mm_or_si128(_mm_subs_epu8(p2, third_min), _mm_subs_epu8(p3, fourth_min));
		__m128i err = _mm_xor_si128(_mm_and_si128(must23, high_bit), special);
		if (_mm_movemask_epi8(_mm_cmpeq_epi8(err, zero)) != 0xFFFF)
			return boundary(s, i);
		prev = in;
	}
	return boundary(s, i);
}

size_t utf8_valid_blocks(const char *str, size_t len)
{
	static int have = -1;
	if (len < 64)
		return 0;
	int h = __atomic_load_n(&have, __ATOMIC_RELAXED);
	if (h < 0) {
		__builtin_cpu_init();
		h = __builtin_cpu_supports("ssse3") ? 1 : 0;
		__atomic_store_n(&have, h, __ATOMIC_RELAXED);
	}
	return h ? blocks_ssse3((const unsigned char *)str, len) : 0;
}
#else
size_t utf8_valid_blocks(const char *str, size_t len)
{
	(void)str;
	(void)len;
	return 0;
}
#endif
