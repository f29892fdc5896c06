/* What each segmentation key converts to through the whole chain. Internal.
 *
 * A segment the segmentation matched is exactly one of its keys, and the
 * chain converts a segment on its own, so the result depends only on the
 * key — except for the name guard, which may veto a term match of the first
 * step depending on the text around it. Each key's result is computed the
 * first time the key matches (the segmentation of a stock profile has tens
 * of thousands of keys: walking them all would slow every load) together
 * with the term matches the guard must be asked about; a matched segment is
 * then a copy, or, where the guard vetoes one of those matches, goes
 * through the chain as before. Entries are published atomically and never
 * change, so a loaded profile stays shareable between threads. */
#ifndef TW_SEGMEMO_H
#define TW_SEGMEMO_H

#include <stdint.h>

#include "profile.h"

/* A term match the guard must approve: bytes of the key. */
typedef struct seg_guarded {
	uint16_t off, len;
	/* guard_suffix_rule (does a name suffix after it protect it?), with
	 * GUARD_OUTSIDE_NAMES if no gazetteer name can hold it */
	uint8_t rule;
} seg_guarded;

#define SEG_MAX_GUARDED 4

typedef struct seg_out {
	/* The result made before this one (the profile's seg_made list): the
	 * profile frees its results by the list, not by reading every key's
	 * slot. */
	struct seg_out *made_before;
	uint32_t len;       /* bytes of out */
	uint8_t n_guarded;  /* entries of guarded */
	uint8_t slow;       /* too many guarded matches: always convert in full */
	seg_guarded guarded[SEG_MAX_GUARDED];
	char out[];         /* the key through the chain, no match vetoed; then
	                     * SEG_OUT_PAD bytes of padding */
} seg_out;

#define SEG_OUT_PAD 16

/* The alignment of a key converted alone (offsets from the key's start and
 * its output's), kept apart from seg_out: only aligned conversion needs it. */
typedef struct seg_spans {
	struct seg_spans *made_before; /* as seg_out's */
	size_t n;
	tw_span v[];
} seg_spans;

/* Keys' slots numbered densely: the memo tables have one entry per key,
 * not per hash slot (a sparse table would be touched all over). */
typedef struct seg_rank {
	uint64_t *bits;   /* slots that hold a key */
	uint32_t *prefix; /* keys before each word of bits */
	size_t n_keys;
} seg_rank;

/* Bits set in x. Without -mpopcnt, __builtin_popcountll is a call into
 * libgcc; this is a few instructions inline. */
static inline size_t segmemo_popcount(uint64_t x)
{
	x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
	x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
	x = (x + (x >> 4)) & UINT64_C(0x0F0F0F0F0F0F0F0F);
	return (size_t)((x * UINT64_C(0x0101010101010101)) >> 56);
}

/* The dense number of the key in slot `slot` of member `member`. */
static inline size_t segmemo_key_index(const tw_profile *p, size_t member, const twd_slot *slot)
{
	const seg_rank *r = &p->seg_ranks[member];
	size_t i = (size_t)(slot - p->seg.dicts[member]->dict.slots);
	uint64_t below = r->bits[i >> 6] & ((UINT64_C(1) << (i & 63)) - 1);
	return r->prefix[i >> 6] + segmemo_popcount(below);
}

#define SEG_STARTS 1u
#define SEG_SINGLE 2u

/* Numbers the keys of the segmentation's members, allocates their
 * per-key slots and indexes their keys of two or more characters
 * (segkeys.h). Before fast_prepare(), whose walks ask those tables whether
 * a dictionary's keys are segmentation keys. */
int segmemo_index(tw_profile *p);
/* Fills the segmentation's part of the profile's scan table and the
 * filters on its keys' first characters. fast_prepare() first: it
 * allocates the scan table. */
int segmemo_prepare(tw_profile *p);
void segmemo_free(tw_profile *p);

/* The result of key[0..n), key number `index` of member `member` of the
 * segmentation, whose memo entry is *at (in seg_memo or segkeys.h's
 * record): from the build's file (segcache.h), else computed; NULL when out
 * of memory (the caller converts in full). */
const seg_out *segmemo_fill(const tw_profile *p, size_t member, size_t index, seg_slot *at,
                            const char *key, size_t n);

/* key[0..n) through the chain, with the term matches the guard decides on:
 * a new result, published nowhere (malloc'd; NULL when out of memory). */
seg_out *segmemo_compute(const tw_profile *p, const char *key, size_t n);

/* Is the only guarded match of o, the result of a key of key_len bytes,
 * the whole key? (Then a veto leaves the first step nothing to do:
 * convert.c; and its record is one byte shorter: segcache.c.) */
static inline int segmemo_whole_term(const seg_out *o, size_t key_len)
{
	return !o->slow && o->n_guarded == 1 && o->guarded[0].off == 0 &&
	       o->guarded[0].len == key_len;
}

/* A zeroed result of len bytes, its padding too (malloc'd), or NULL. */
seg_out *segmemo_alloc(size_t len);

/* The alignment of key[0..n), matched by member `member` of the
 * segmentation, its key number `index` (segmemo_key_index()); NULL when out
 * of memory. */
const seg_spans *segmemo_spans_fill(const tw_profile *p, size_t member, size_t index,
                                    const char *key, size_t n);

static inline const seg_spans *segmemo_spans(const tw_profile *p, size_t member, size_t index,
                                             const char *key, size_t n)
{
	const seg_spans *o =
	    atomic_load_explicit(&p->seg_spans_memo[member][index], memory_order_acquire);
	return o ? o : segmemo_spans_fill(p, member, index, key, n);
}

static inline const seg_out *segmemo_get(const tw_profile *p, size_t member, size_t index,
                                         seg_slot *at, const char *key, size_t n)
{
	const seg_out *o = atomic_load_explicit(at, memory_order_acquire);
	return o ? o : segmemo_fill(p, member, index, at, key, n);
}

#endif
