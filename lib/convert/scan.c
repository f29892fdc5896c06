/* Two-byte pattern scans (see scan.h). */
#include "scan.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

static int fits(const unsigned char *s, const scan_range *r, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (s[0] == r[k].lead && s[1] >= r[k].lo && s[1] <= r[k].hi && s[2] >= r[k].lo2 &&
		    s[2] <= r[k].hi2)
			return 1;
	return 0;
}

size_t scan_ranges(const unsigned char *s, size_t len, size_t from, const scan_range *r,
                   size_t n)
{
	size_t i = from;
	if (n > SCAN_MAX_RANGES)
		n = SCAN_MAX_RANGES;
#ifdef __SSE2__
	/* Two shapes occur: characters matched exactly, and a lead byte with a
	 * range for the second byte only; each range gets the few operations
	 * its shape needs. */
	enum { EXACT, SECOND, GENERAL } shape[SCAN_MAX_RANGES];
	__m128i lead[SCAN_MAX_RANGES], lo[SCAN_MAX_RANGES], hi[SCAN_MAX_RANGES];
	__m128i lo2[SCAN_MAX_RANGES], hi2[SCAN_MAX_RANGES];
	for (size_t k = 0; k < n; k++) {
		shape[k] = r[k].lo == r[k].hi && r[k].lo2 == r[k].hi2 ? EXACT
		           : r[k].lo2 == 0 && r[k].hi2 == 0xFF        ? SECOND
		                                                      : GENERAL;
		lead[k] = _mm_set1_epi8((char)r[k].lead);
		lo[k] = _mm_set1_epi8((char)r[k].lo);
		hi[k] = _mm_set1_epi8((char)r[k].hi);
		lo2[k] = _mm_set1_epi8((char)r[k].lo2);
		hi2[k] = _mm_set1_epi8((char)r[k].hi2);
	}
	for (; i + 18 <= len; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 1));
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 2));
		__m128i m = _mm_setzero_si128();
		for (size_t k = 0; k < n; k++) {
			__m128i c = _mm_cmpeq_epi8(v, lead[k]);
			if (shape[k] == EXACT) {
				c = _mm_and_si128(c, _mm_and_si128(_mm_cmpeq_epi8(w, lo[k]),
				                                   _mm_cmpeq_epi8(x, lo2[k])));
			} else {
				/* unsigned lo <= w <= hi: clamping w changes nothing */
				c = _mm_and_si128(
				    c, _mm_cmpeq_epi8(_mm_min_epu8(_mm_max_epu8(w, lo[k]), hi[k]), w));
				if (shape[k] == GENERAL)
					c = _mm_and_si128(
					    c, _mm_cmpeq_epi8(_mm_min_epu8(_mm_max_epu8(x, lo2[k]), hi2[k]), x));
			}
			m = _mm_or_si128(m, c);
		}
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits)
			return i + (size_t)__builtin_ctz(bits);
	}
#endif
	for (; i + 2 < len; i++)
		if (fits(s + i, r, n))
			return i;
	return len;
}
