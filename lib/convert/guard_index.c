/* The name guard's index (see guard.h): the bits built once as a profile
 * loads, which let guard_check_indexed() skip the lookups no entry can
 * answer. Conversion only reads them (guard.c). */
#include "guard.h"

#include "utf8.h"

static void filter_add(guard_filter *f, const char *key, size_t n)
{
	size_t l1, l2;
	uint32_t a = utf8_decode((const unsigned char *)key, n, &l1);
	if (n > f->max_len)
		f->max_len = n;
	if (a >= 0x10000)
		return; /* looked up whatever the filter says */
	f->first[a >> 5] |= 1u << (a & 31);
	if (l1 >= n) {
		f->single[a >> 5] |= 1u << (a & 31);
		return;
	}
	uint32_t b = utf8_decode((const unsigned char *)key + l1, n - l1, &l2);
	uint32_t h = dict_pair_hash(a, b);
	f->pairs[h >> 5] |= 1u << (h & 31);
}

/* The flag letters of an entry as bits (A = bit 0): one pass over them
 * instead of a search per letter, for each of the guard's entries at load. */
static uint32_t flag_bits(const char *flags, size_t nf)
{
	uint32_t bits = 0;
	for (size_t i = 0; i < nf; i++)
		if (flags[i] >= 'A' && flags[i] <= 'Z')
			bits |= 1u << (flags[i] - 'A');
	return bits;
}

#define FLAG(c) (1u << ((c) - 'A'))

void guard_index_add(guard_index *gi, const char *key, size_t n, const char *flags, size_t nf)
{
	uint32_t has = flag_bits(flags, nf);
	if (has & FLAG('N')) {
		filter_add(&gi->name, key, n);
		size_t l;
		uint32_t prev = UINT32_MAX;
		for (size_t at = 0; at < n; at += l) {
			uint32_t cp = utf8_decode((const unsigned char *)key + at, n - at, &l);
			if (cp < 0x10000)
				gi->name_chars[cp >> 5] |= 1u << (cp & 31);
			if (prev != UINT32_MAX) {
				uint32_t h = dict_pair_hash(prev, cp);
				gi->name_pairs[h >> 5] |= 1u << (h & 31);
			}
			prev = cp;
		}
	}
	if (has & FLAG('S'))
		filter_add(&gi->suffix, key, n);
	if (has & FLAG('G'))
		filter_add(&gi->compound, key, n);
	if (has & (FLAG('K') | FLAG('D')))
		filter_add(&gi->beyond, key, n);
	size_t l;
	uint32_t cp = utf8_decode((const unsigned char *)key, n, &l);
	if (l == n && cp < 0x10000 && (has & FLAG('B')))
		gi->breakers[cp >> 5] |= 1u << (cp & 31);
}
