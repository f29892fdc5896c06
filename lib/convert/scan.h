/* Finding rare two-byte patterns in text quickly. Internal.
 *
 * The engine passes over all of its input several times for things that are
 * rare (personal-name characters the guard keeps, characters normalised
 * before conversion); each is recognised by its first byte and a range of
 * its second byte, so sixteen bytes are tested at a time where the machine
 * allows it. */
#ifndef TW_SCAN_H
#define TW_SCAN_H

#include <stddef.h>

typedef struct scan_range {
	unsigned char lead, lo, hi; /* s[i] == lead && lo <= s[i + 1] <= hi */
} scan_range;

#define SCAN_MAX_RANGES 8

/* The first i >= from (i + 1 < len) where s[i], s[i + 1] fit one of the
 * n ranges (n <= SCAN_MAX_RANGES), or len. */
size_t scan_ranges(const unsigned char *s, size_t len, size_t from, const scan_range *r,
                   size_t n);

#endif
