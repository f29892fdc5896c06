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

#ifdef __SSE2__
/* The common case, up to three characters matched exactly and up to three
 * lead bytes with a second-byte range, with every constant in a register.
 * A range that is not there has lead byte FF, which valid UTF-8 never
 * holds. */
static size_t scan_three_three(const unsigned char *s, size_t len, size_t i,
                               const scan_range *ex, size_t ne, const scan_range *se, size_t ns)
{
	scan_range none = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
	const scan_range *e0 = ne > 0 ? &ex[0] : &none, *e1 = ne > 1 ? &ex[1] : &none,
	                 *e2 = ne > 2 ? &ex[2] : &none;
	const scan_range *s0 = ns > 0 ? &se[0] : &none, *s1 = ns > 1 ? &se[1] : &none,
	                 *s2 = ns > 2 ? &se[2] : &none;
	const __m128i a0 = _mm_set1_epi8((char)e0->lead), b0 = _mm_set1_epi8((char)e0->lo),
	              c0 = _mm_set1_epi8((char)e0->lo2);
	const __m128i a1 = _mm_set1_epi8((char)e1->lead), b1 = _mm_set1_epi8((char)e1->lo),
	              c1 = _mm_set1_epi8((char)e1->lo2);
	const __m128i a2 = _mm_set1_epi8((char)e2->lead), b2 = _mm_set1_epi8((char)e2->lo),
	              c2 = _mm_set1_epi8((char)e2->lo2);
	const __m128i l0 = _mm_set1_epi8((char)s0->lead), lo0 = _mm_set1_epi8((char)s0->lo),
	              hi0 = _mm_set1_epi8((char)s0->hi);
	const __m128i l1 = _mm_set1_epi8((char)s1->lead), lo1 = _mm_set1_epi8((char)s1->lo),
	              hi1 = _mm_set1_epi8((char)s1->hi);
	const __m128i l2 = _mm_set1_epi8((char)s2->lead), lo2 = _mm_set1_epi8((char)s2->lo),
	              hi2 = _mm_set1_epi8((char)s2->hi);
	for (; i + 18 <= len; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 1));
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 2));
		__m128i m = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v, a0), _mm_cmpeq_epi8(w, b0)),
		                          _mm_cmpeq_epi8(x, c0));
		m = _mm_or_si128(m, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v, a1),
		                                                _mm_cmpeq_epi8(w, b1)),
		                                  _mm_cmpeq_epi8(x, c1)));
		m = _mm_or_si128(m, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v, a2),
		                                                _mm_cmpeq_epi8(w, b2)),
		                                  _mm_cmpeq_epi8(x, c2)));
		m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(v, l0),
		                                  _mm_cmpeq_epi8(_mm_min_epu8(_mm_max_epu8(w, lo0), hi0), w)));
		m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(v, l1),
		                                  _mm_cmpeq_epi8(_mm_min_epu8(_mm_max_epu8(w, lo1), hi1), w)));
		m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(v, l2),
		                                  _mm_cmpeq_epi8(_mm_min_epu8(_mm_max_epu8(w, lo2), hi2), w)));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits)
			return i + (size_t)__builtin_ctz(bits);
	}
	return i;
}
#endif

static size_t scan_tail(const unsigned char *s, size_t len, size_t i, const scan_range *r,
                        size_t n)
{
	for (; i + 2 < len; i++)
		if (fits(s + i, r, n))
			return i;
	return len;
}

size_t scan_ranges(const unsigned char *s, size_t len, size_t from, const scan_range *r,
                   size_t n)
{
	size_t i = from;
	if (n > SCAN_MAX_RANGES)
		n = SCAN_MAX_RANGES;
#ifdef __SSE2__
	/* Exact characters first, then lead bytes with a second-byte range:
	 * the shape scan_three_three() takes. */
	size_t ne = 0;
	while (ne < n && r[ne].lo == r[ne].hi && r[ne].lo2 == r[ne].hi2 && r[ne].lead != 0xFF)
		ne++;
	size_t ns = 0;
	while (ne + ns < n && r[ne + ns].lo2 == 0 && r[ne + ns].hi2 == 0xFF && r[ne + ns].lead != 0xFF)
		ns++;
	if (ne + ns == n && ne <= 3 && ns <= 3) {
		i = scan_three_three(s, len, i, r, ne, r + ne, ns);
		if (i + 18 <= len)
			return i;
		return scan_tail(s, len, i, r, n);
	}
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
	return scan_tail(s, len, i, r, n);
}
