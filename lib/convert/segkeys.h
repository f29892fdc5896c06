/* The segmentation's keys of two or more characters, by their first two
 * characters. Internal.
 *
 * On term-dense copy a segmentation key starts at one character in eight,
 * and dict_longest_slot() found each with a probe of the dictionary's hash
 * table per character, over 1.5 MiB of slots and a string pool: cache
 * misses and mispredicted branches took a fifth of the time. Here one probe
 * of a small table gives the keys that begin with a pair of characters,
 * longest first, each compared with the text whole; the first that fits is
 * the longest match, the same one the hash walk finds. Built by the build
 * into the dictionary's image (or at load) for a member of at most
 * SEGKEYS_MAX keys of two or more characters; larger ones keep the hash
 * walk. hk2cn's segmentation has 54,039 (the forty-first session): the
 * bound was 65,536, and the lexicon's growth would have fallen back to the
 * hash walk within a few sessions, so it is far above that now (a table of
 * a million keys is 24 MB, copied at load). Immutable once built. */
#ifndef TW_SEGKEYS_H
#define TW_SEGKEYS_H

#include <stddef.h>
#include <stdint.h>

#include "dict.h"
#include "profile.h"

#define SEGKEYS_MAX (1u << 20)

/* The keys that begin with one pair of characters. */
typedef struct segkeys_pair {
	uint64_t pair;  /* first << 21 | second; 0: an empty entry */
	uint32_t first; /* its keys: keys[first .. first + n) */
	uint32_t n;
} segkeys_pair;

/* One key: the bytes after its first two characters, its number, and its
 * result through the chain once met (segmemo.h): kept here, beside what the
 * match has just read, rather than in a table of its own. The bytes after
 * the first two characters are held in the record itself when they fit
 * (SEGKEYS_INLINE: a key of up to five Chinese characters), so comparing a
 * key with the text reads no string pool: on term-dense copy the pool's
 * cache misses were a tenth of the conversion's time (perf, srcline). */
#define SEGKEYS_INLINE 10u
typedef struct segkeys_key {
	uint32_t index; /* the key's dense number (segmemo.h) */
	uint16_t rest_len;
	/* rest_len <= SEGKEYS_INLINE: the bytes; else their offset into the
	 * pool, as a uint32_t in the first four bytes */
	unsigned char rest[SEGKEYS_INLINE];
	seg_slot memo;
} segkeys_key;
_Static_assert(sizeof(segkeys_key) == 24, "segkeys_key is 24 bytes");

/* The bytes after the key's first two characters. */
static inline const unsigned char *segkeys_rest(const unsigned char *pool, const segkeys_key *k)
{
	if (k->rest_len <= SEGKEYS_INLINE)
		return k->rest;
	uint32_t off;
	memcpy(&off, k->rest, sizeof off);
	return pool + off;
}

typedef struct segkeys {
	segkeys_pair *table;
	uint32_t mask;
	uint32_t n_long; /* keys */
	segkeys_key *keys;
	unsigned char *pool;
	int from_image; /* taken from the dictionary's image (segkeys_adopt) */
} segkeys;

/* Indexes the keys of two or more characters of d. key_bits has a bit per
 * slot of d that holds a key; a key's number is the count of keys in the
 * slots before it (segmemo.h). Returns TW_OK, TW_ENOMEM, or TW_ENOTFOUND if
 * d has too many keys to index (sk is then left empty). */
int segkeys_build(segkeys *sk, const tw_dict *d, const uint64_t *key_bits);
/* The memos in the records are not freed here: segmemo_free frees every
 * result by the profile's list of them. */
void segkeys_free(segkeys *sk);

/* The same tables as a section of the dictionary's own image, written by
 * the build (twdict compile), so a profile's load copies them instead of
 * building them (a third of hk2cn's load): segkeys_section gives sk as
 * malloc'd bytes; segkeys_adopt copies them from a section of len bytes
 * for a dictionary of n_keys keys. Every count, offset and key number
 * is checked first: TW_OK, TW_EFORMAT (sk left empty: the member builds
 * its own) or TW_ENOMEM. */
typedef struct segkeys_section_head {
	uint32_t n_keys; /* the dictionary's keys, which number the keys here */
	uint32_t n_long;
	uint32_t mask;
	uint32_t pool_len;
	/* then segkeys_pair[mask + 1], segkeys_key[n_long] (memos zero), the pool */
} segkeys_section_head;
int segkeys_section(const segkeys *sk, uint32_t n_keys, unsigned char **out, size_t *len);
int segkeys_adopt(segkeys *sk, const unsigned char *sec, size_t len, uint32_t n_keys);
/* The section for d, numbering its keys as segmemo.h does (*len 0: d has
 * no key of two or more characters); TW_OK, TW_ENOTFOUND (too many keys)
 * or TW_ENOMEM. */
int segkeys_image_section(const tw_dict *d, unsigned char **out, size_t *len);

/* Filters on the first two and three characters of the segmentation's
 * keys, wider than a dictionary's own (DICT_PAIR_BITS): the hk2cn
 * segmentation begins its keys with about 7,600 pairs, which set one bit
 * in nine of 2^16, and most characters of Chinese text may start a key, so
 * the narrow filters sent one character in eight of news copy to the key
 * table, and one lookup in seven found a key. Per hash of SEG_WIDE_BITS,
 * two bits for a pair (pairs: SEG_PAIR, some key begins with it;
 * SEG_PAIR_KEY, it is a key itself; side by side, so one load answers
 * both) and one for the first three characters of a key (triples). */
#define SEG_WIDE_BITS 19
#define SEG_WIDE_WORDS ((1u << SEG_WIDE_BITS) / 32)
#define SEG_PAIR 1u
#define SEG_PAIR_KEY 2u

typedef struct seg_filter {
	uint32_t pairs[2 * SEG_WIDE_WORDS], triples[SEG_WIDE_WORDS];
} seg_filter;

static inline uint32_t seg_wide_hash(uint32_t a, uint32_t b)
{
	return ((a * 0x9E3779B1u) ^ (b * 0x85EBCA6Bu)) >> (32 - SEG_WIDE_BITS);
}

static inline uint32_t seg_wide_hash3(uint32_t a, uint32_t b, uint32_t c)
{
	return ((a * 0x9E3779B1u) ^ (b * 0x85EBCA6Bu) ^ (c * 0xC2B2AE35u)) >> (32 - SEG_WIDE_BITS);
}

static inline int seg_bit(const uint32_t *set, uint32_t h)
{
	return (set[h >> 5] >> (h & 31)) & 1;
}

/* The SEG_PAIR and SEG_PAIR_KEY bits of the pair hash h. */
static inline unsigned seg_pair_bits(const seg_filter *f, uint32_t h)
{
	return (f->pairs[h >> 4] >> (2 * (h & 15))) & 3u;
}

/* The bit of the character b in scan_char.pairs (profile.h). */
static inline uint32_t seg_pair_bit(uint32_t b)
{
	return (b * 0x9E3779B1u) >> 27;
}

/* Sets in f, and in the pairs of scan (0x10000 entries) for keys that
 * begin in the BMP, the bits of the keys of two or more characters of d:
 * from sk's table, or (sk empty) from d's slots. */
void segkeys_mark(const segkeys *sk, const tw_dict *d, seg_filter *f, scan_char *scan);

static inline uint32_t segkeys_hash(uint64_t pair)
{
	return (uint32_t)((pair * UINT64_C(0x9E3779B97F4A7C15)) >> 32);
}

/* The entry of the keys that begin with the characters a and b, or NULL. */
static inline const segkeys_pair *segkeys_pair_of(const segkeys *sk, uint32_t a, uint32_t b)
{
	uint64_t pair = (uint64_t)a << 21 | b;
	for (uint32_t i = segkeys_hash(pair) & sk->mask;; i = (i + 1) & sk->mask) {
		const segkeys_pair *e = &sk->table[i];
		if (e->pair == pair)
			return e;
		if (!e->pair)
			return NULL;
	}
}

/* The longest key of two or more characters that is a prefix of s[0..n),
 * whose first two characters are a and b (together head bytes long, head
 * <= n): its length in bytes, with the key in *key; 0 if none. */
static inline size_t segkeys_longest(const segkeys *sk, const unsigned char *s, size_t n,
                                     uint32_t a, uint32_t b, size_t head, segkeys_key **key)
{
	const segkeys_pair *e = segkeys_pair_of(sk, a, b);
	if (!e)
		return 0;
	segkeys_key *k = &sk->keys[e->first];
	/* Longest first: the first key that fits is the match. */
	for (uint32_t j = 0; j < e->n; j++, k++) {
		if (k->rest_len > n - head ||
		    !dict_key_eq((const char *)segkeys_rest(sk->pool, k), s + head, k->rest_len))
			continue;
		*key = k;
		return head + k->rest_len;
	}
	return 0;
}

/* Is s[0..n), whose first two characters are a and b (together head
 * bytes, head <= n), one of sk's keys? */
static inline int segkeys_has(const segkeys *sk, const unsigned char *s, size_t n, uint32_t a,
                              uint32_t b, size_t head)
{
	const segkeys_pair *e = segkeys_pair_of(sk, a, b);
	const segkeys_key *k = e ? &sk->keys[e->first] : NULL;
	for (uint32_t j = 0; e && j < e->n; j++, k++)
		if (k->rest_len == n - head &&
		    dict_key_eq((const char *)segkeys_rest(sk->pool, k), s + head, k->rest_len))
			return 1;
	return 0;
}

#endif
