/* Finding rare three-byte patterns in text quickly. Internal.
 *
 * The engine passes over all of its input several times for things that are
 * rare (personal-name characters the guard keeps, characters normalised
 * before conversion); each is recognised by its first byte and ranges of
 * the next two, so sixteen bytes are tested at a time where the machine
 * allows it. */
#ifndef TW_SCAN_H
#define TW_SCAN_H

#include <stddef.h>

typedef struct scan_range {
	/* s[i] == lead && lo <= s[i + 1] <= hi && lo2 <= s[i + 2] <= hi2 */
	unsigned char lead, lo, hi, lo2, hi2;
} scan_range;

#define SCAN_MAX_RANGES 8

/* Where a character normalised before conversion may start: a Kangxi or CJK
 * radical (E2 BA-BF), a compatibility ideograph (EF A4-AB) or one of their
 * supplement (F0 AF); and where a title mark 〈 (E3 80 88) may begin a title
 * that becomes 《》 (runs.c). */
#define SCAN_NORM_LEAD                                                                     \
	{{0xE2, 0xBA, 0xFF, 0, 0xFF}, {0xEF, 0xA4, 0xAB, 0, 0xFF}, {0xF0, 0xAF, 0xAF, 0, 0xFF}}
#define SCAN_NORM_LEAD_N 3
#define SCAN_TITLE_MARK {0xE3, 0x80, 0x80, 0x88, 0x88}

/* The first i >= from (i + 2 < len) where s[i], s[i + 1], s[i + 2] fit one
 * of the n ranges (n <= SCAN_MAX_RANGES), or len. */
size_t scan_ranges(const unsigned char *s, size_t len, size_t from, const scan_range *r,
                   size_t n);

#endif
