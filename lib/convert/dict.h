/* Compiled dictionaries: tongwen's own format (.twd) and longest-prefix
 * matching on it. Internal.
 *
 * A .twd image is one block, read-only after construction:
 *   header | first-char bitmap (BMP) | BMP table | hash slots | string pool
 *   [| the segmentation's key tables (segkeys.h), written by twdict compile]
 * Every key and every proper prefix of a key (at character boundaries) has a
 * slot in an open-addressing hash table; a slot says whether it is a key and
 * whether a longer key extends it. Longest-prefix match walks forward one
 * character at a time and stops as soon as no longer key can match, so a
 * lookup costs about one probe per matched character. The BMP table gives
 * the single-character case without hashing. */
#ifndef TW_DICT_H
#define TW_DICT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tongwen/common.h"

#define TWD_MAGIC "TWDICT7"
#define TWD_KEY 1u
#define TWD_PREFIX 2u
#define TWD_LONGER 0x80000000u

#define DICT_MAPPED 1 /* tw_dict.mapped */
#define DICT_COPIED 2

typedef struct twd_header {
	char magic[8];
	uint32_t n_keys;
	uint32_t n_slots; /* any size: a hash is placed by dict_home */
	uint32_t max_key_len;
	uint32_t ascii_mask[4]; /* ASCII bytes that occur in some key */
	uint32_t off_first;     /* 2048 words: BMP code point starts a key */
	uint32_t off_bmp;       /* 65536 words: slot+1 of the one-char key | TWD_LONGER */
	uint32_t off_slots;
	uint32_t off_pool;
	uint32_t pool_len;
	uint32_t total_size;
	uint32_t max_key_chars; /* the longest key, in characters */
	uint32_t off_filters;   /* 3 x 2048 words: tw_dict's pairs, pair_keys, triples */
	/* Optional, after the pool (0, 0: none): the keys of two or more
	 * characters by their first two, for a segmentation (segkeys.h). */
	uint32_t off_segkeys, segkeys_len;
	/* The first characters of keys beyond the BMP (the first-character
	 * bitmap covers the BMP only), a bit each by dict_astral_bit: a
	 * character whose bit is clear starts no match and costs no probe of
	 * the table. Varied copy's rare characters probed the segmentation's
	 * table at random, and each fault on the mapping brought in 64 KB
	 * around it (1.4 MiB resident). */
	uint32_t astral_first;
	/* What the build knows, so that a load need not walk the table to
	 * learn it (0: not known). id: a hash of the image, these two fields
	 * read as 0 (dict_image_id). within: the id of a dictionary that holds
	 * every key of this one, which twdict compile --within checked; a
	 * profile segmenting with that dictionary takes it on trust (a false
	 * claim changes what is converted, never what memory is read). */
	uint64_t id, within;
} twd_header;

/* A slot of the hash table: 16 bytes, four to a cache line (the table is
 * most of a dictionary's image, and the pages lookups touch are the memory
 * conversion keeps resident). flags: 0 for an empty slot, else TWD_KEY
 * and/or TWD_PREFIX. */
#define TWD_MAX_KEY 16383u   /* bytes: key_len's 14 bits */
#define TWD_MAX_VALUE 65535u /* bytes */
typedef struct twd_slot {
	uint32_t key_off, val_off;
	uint32_t hash;
	uint16_t val_len;
	unsigned key_len : 14, flags : 2;
} twd_slot;
_Static_assert(sizeof(twd_slot) == 16, "twd_slot is 16 bytes");
_Static_assert(offsetof(twd_header, id) % 8 == 0, "twd_header's id is aligned");

typedef struct tw_dict {
	unsigned char *image; /* owned: malloc'd or mmap'd */
	size_t size;
	int mapped; /* DICT_MAPPED: the file's mapping; DICT_COPIED: an anonymous copy */
	/* With a mapped file: an anonymous copy of the image before the slots
	 * (header, first-character bitmap, BMP table, filters), which the
	 * lookups of every character read (head_size bytes; else NULL). */
	unsigned char *head;
	size_t head_size;
	size_t max_key_chars; /* longest key, in characters */
	/* Bit set for the first two characters of every key longer than one
	 * character (hashed): most positions where a longer key cannot start
	 * are rejected without a hash table probe. */
	const uint32_t *pairs;
	/* Beside it in the image: bits for the first two characters of every
	 * two-character key (pair_keys) and the first three of every key or
	 * prefix of three or more (triples), so a pair that begins no key of
	 * its own is followed one character further without hashing. Computed
	 * when the dictionary is built, not at each load. */
	const uint32_t *pair_keys, *triples;
	const twd_header *h;
	const uint32_t *first;
	const uint32_t *bmp;
	const twd_slot *slots;
	const char *pool;
	uint32_t n_slots; /* h->n_slots, at hand for lookups */
	uint32_t astral_first; /* h->astral_first */
	/* Opened with dict_open_file_keys(…, 1, …): bit k (of word k / 64) set
	 * when slot k holds a key, made as the slots are checked, so that a
	 * caller that wants every key's slot need not walk (and fault in) the
	 * slots; owned, and the caller may take it (setting it to NULL). */
	uint64_t *key_bits;
} tw_dict;

typedef struct dict_match {
	size_t key_len;
	const char *val;
	size_t val_len;
} dict_match;

/* A key/value pair for building. */
typedef struct dict_entry {
	const char *key;
	size_t key_len;
	const char *val;
	size_t val_len;
	/* Looked up whole only (dict_find), never walked to as the longest match:
	 * the table holds no slots for its prefixes. */
	int whole;
} dict_entry;

/* Builds an image from entries (keys unique, non-empty; values non-empty).
 * *image is malloc'd. Duplicate key: TW_EFORMAT naming it. */
int dict_build(unsigned char **image, size_t *size, const dict_entry *entries,
               size_t n, tw_error *err);

/* Parses OpenCC's text dictionary format (key TAB value [SPACE value…] per
 * line; the first value counts) and builds an image. `name` is used in
 * messages. */
int dict_build_text(unsigned char **image, size_t *size, const char *text,
                    size_t len, const char *name, tw_error *err);

/* dict_build_text(), where an entry whose value has only bytes of `whole`
 * (NULL: none) is looked up whole only (dict_entry.whole). */
int dict_build_text_whole(unsigned char **image, size_t *size, const char *text, size_t len,
                          const char *name, const char *whole, tw_error *err);

/* Appends a segkeys section (sec[0..len), len a multiple of 8) to a built
 * image, which is reallocated. */
int dict_image_add_segkeys(unsigned char **image, size_t *size, const unsigned char *sec,
                           size_t len, tw_error *err);

/* The id of a built image (twd_header.id), and the image with its id and
 * `within` set (within may be 0). */
uint64_t dict_image_id(const unsigned char *image, size_t size);
void dict_image_stamp(unsigned char *image, size_t size, uint64_t within);

/* Does every key of a lie among the keys of b (walks a)? */
int dict_keys_within(const tw_dict *a, const tw_dict *b);

/* Opens a .twd file (mmap) or takes ownership of a malloc'd image. */
int dict_open_file(tw_dict *d, const char *path, tw_error *err);
/* dict_open_file, and with key_bits d->key_bits made. */
int dict_open_file_keys(tw_dict *d, const char *path, int key_bits, tw_error *err);
int dict_open_image(tw_dict *d, unsigned char *image, size_t size, const char *name,
                    tw_error *err);
void dict_close(tw_dict *d);

/* Gives back the resident pages of a mapped image (a malloc'd one is left
 * alone): walks over the whole dictionary at load touch every page, and
 * conversion needs a small part of them, which come back from the page
 * cache when used. */
void dict_release_pages(const tw_dict *d);
/* The same for the whole pages of slots [from, to) only: a walk over the
 * slots gives back what it has read as it goes, so that a whole table is
 * never resident at once. */
void dict_release_slots(const tw_dict *d, uint32_t from, uint32_t to);
#define WALK_RELEASE_SLOTS 16384u /* slots a walk reads between two releases */
/* Called by a walk over d's slots before it reads slot k: every
 * WALK_RELEASE_SLOTS slots, gives back those read since the last time. */
static inline void dict_walk_release(const tw_dict *d, size_t k)
{
	if (k && k % WALK_RELEASE_SLOTS == 0)
		dict_release_slots(d, (uint32_t)(k - WALK_RELEASE_SLOTS), (uint32_t)k);
}
/* The same at the end of a profile's load, and the mapping moved where a
 * lookup maps only the pages it touches (dict_open.c). d->image and the tables
 * move: nothing may hold a pointer into the mapping across the call. */
void dict_settle(tw_dict *d);

/* FNV-1a; the build and the lookup must agree. */
static inline uint32_t dict_hash(const unsigned char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

/* dict_hash continued over s[0..n) from h: prefixes hash incrementally. */
static inline uint32_t dict_hash_more(uint32_t h, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

/* Keys are a few characters long: eight bytes at a time, inline, beats a
 * call to memcmp. */
static inline int dict_key_eq(const char *a, const unsigned char *b, size_t n)
{
	if (n >= 8) {
		size_t i = 0;
		for (; i + 8 < n; i += 8) {
			uint64_t x, y;
			memcpy(&x, a + i, 8);
			memcpy(&y, b + i, 8);
			if (x != y)
				return 0;
		}
		/* The last eight bytes, overlapping what was compared. */
		uint64_t x, y;
		memcpy(&x, a + n - 8, 8);
		memcpy(&y, b + n - 8, 8);
		return x == y;
	}
	if (n >= 4) {
		uint32_t x0, y0, x1, y1;
		memcpy(&x0, a, 4);
		memcpy(&y0, b, 4);
		memcpy(&x1, a + n - 4, 4);
		memcpy(&y1, b + n - 4, 4);
		return x0 == y0 && x1 == y1;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)a[i] != b[i])
			return 0;
	return 1;
}

/* The first slot probed for hash h in a table of n slots: the hash scaled
 * to the table (its high bits, which FNV-1a's last multiply mixes best), so
 * a table can be sized to its entries and not to the next power of two,
 * which would double its memory whenever the lexicon crosses one. */
static inline uint32_t dict_home(uint32_t h, uint32_t n)
{
	return (uint32_t)(((uint64_t)h * n) >> 32);
}

/* The slot probed after slot i (linear probing, wrapping at n). */
static inline uint32_t dict_next(uint32_t i, uint32_t n)
{
	return i + 1 == n ? 0 : i + 1;
}

/* The slot of s[0..n), whose hash is h, or NULL. */
static inline const twd_slot *dict_find_hashed(const tw_dict *d, const unsigned char *s,
                                               size_t n, uint32_t h)
{
	for (uint32_t i = dict_home(h, d->n_slots);; i = dict_next(i, d->n_slots)) {
		const twd_slot *sl = &d->slots[i];
		if (!sl->flags)
			return NULL;
		if (sl->hash == h && sl->key_len == n && dict_key_eq(d->pool + sl->key_off, s, n))
			return sl;
	}
}

static inline const twd_slot *dict_find(const tw_dict *d, const unsigned char *s, size_t n)
{
	return dict_find_hashed(d, s, n, dict_hash(s, n));
}

/* May a slot (key or prefix of one) of two or more characters begin with
 * the characters a, b? No: then no such prefix is in the table. */
static inline int dict_pair_may(const tw_dict *d, uint32_t a, uint32_t b);

#define DICT_PAIR_BITS 16

/* The image's fixed tables, in 32-bit words (the first-character bitmap,
 * the BMP table, the pair, pair-key and triple filters), and the bound on
 * an image's size (dict.c builds them, dict_open.c checks them). */
#define FIRST_WORDS 2048u
#define BMP_WORDS 65536u
#define FILTER_WORDS (3 * ((1u << DICT_PAIR_BITS) / 32))
#define MAX_IMAGE (1u << 31)

static inline uint32_t dict_pair_hash(uint32_t a, uint32_t b)
{
	return ((a * 0x9E3779B1u) ^ (b * 0x85EBCA6Bu)) >> (32 - DICT_PAIR_BITS);
}

static inline int dict_pair_may(const tw_dict *d, uint32_t a, uint32_t b)
{
	uint32_t h = dict_pair_hash(a, b);
	return (d->pairs[h >> 5] >> (h & 31)) & 1;
}

static inline uint32_t dict_triple_hash(uint32_t a, uint32_t b, uint32_t c)
{
	return ((a * 0x9E3779B1u) ^ (b * 0x85EBCA6Bu) ^ (c * 0xC2B2AE35u)) >> (32 - DICT_PAIR_BITS);
}

/* The bit of a character beyond the BMP in twd_header.astral_first. */
static inline uint32_t dict_astral_bit(uint32_t cp)
{
	return 1u << ((cp * 0x9E3779B1u) >> 27);
}

/* May a key start with the code point cp? (Exact in the BMP; beyond it, by
 * a hashed bit.) */
static inline int dict_may_start(const tw_dict *d, uint32_t cp)
{
	return cp >= 0x10000 ? (d->astral_first & dict_astral_bit(cp)) != 0
	                     : (d->first[cp >> 5] >> (cp & 31)) & 1;
}

/* Longest key that is a prefix of s[0..n); s starts with a character of
 * length l1 and code point cp. Returns 1 and fills *m if one matches. */
int dict_longest(const tw_dict *d, const unsigned char *s, size_t n, uint32_t cp,
                 size_t l1, dict_match *m);

/* The same, also giving the key's slot. */
int dict_longest_slot(const tw_dict *d, const unsigned char *s, size_t n, uint32_t cp,
                      size_t l1, dict_match *m, const twd_slot **slot);

/* Is ASCII byte b part of any key? */
static inline int dict_has_ascii(const tw_dict *d, unsigned char b)
{
	return (d->h->ascii_mask[b >> 5] >> (b & 31)) & 1;
}

#endif
