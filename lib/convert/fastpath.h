/* Per-character tables behind the conversion fast path. Internal.
 *
 * Entries are filled lazily, the first time a character is met, so a
 * profile loads without walking all of Unicode. Each entry is one 64-bit
 * word written atomically; two threads that race compute the same value,
 * so a loaded profile stays shareable. */
#ifndef TW_FASTPATH_H
#define TW_FASTPATH_H

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "profile.h"

/* Entry layout: bits 0-1 tag; for FP_VALUE bits 8-15 the length and bits
 * 16-63 up to six bytes of UTF-8; for FP_COMPLEX in the run memo, bits 8-15
 * the reach (see convert.c). */
#define FP_UNKNOWN 0u
#define FP_PLAIN 1u
#define FP_COMPLEX 2u
#define FP_VALUE 3u
/* In the run memo: the character's value holds unless it and the next
 * character begin a key of the first step that matters (fast_pair_may). */
#define FP_PAIRCHK 4u
#define FP_TAG(e) ((unsigned)((e) & 3u))
#define FP_LEN(e) ((size_t)(((e) >> 8) & 0xFFu))

typedef _Atomic uint64_t fp_entry;

/* Allocates the tables and the per-step facts they rest on. */
int fast_prepare(tw_profile *p);
void fast_free(tw_profile *p);

/* Fill an entry the first time (out of line). */
uint64_t fast_step_entry_fill(const prof_step *st, uint32_t cp);
uint64_t fast_run_memo_fill(const tw_profile *p, uint32_t cp);

/* The entry of cp in t if it is known, else FP_UNKNOWN. */
static inline uint64_t fast_lookup(const fp_table *t, uint32_t cp)
{
	return atomic_load_explicit(&t->e[cp], memory_order_relaxed);
}

/* What step st does to the BMP character cp on its own: FP_PLAIN (no key
 * starts with it), FP_COMPLEX (a longer key starts with it, or a value too
 * long to inline), or FP_VALUE. */
static inline uint64_t fast_step_entry(const prof_step *st, uint32_t cp)
{
	if (!((st->first[cp >> 5] >> (cp & 31)) & 1))
		return FP_PLAIN;
	uint64_t e = fast_lookup(st->chars, cp);
	return e != FP_UNKNOWN ? e : fast_step_entry_fill(st, cp);
}

/* The BMP character cp through the whole chain from run_step0, when it
 * stands in text the segmentation left unmatched: FP_PLAIN, FP_VALUE, or
 * FP_COMPLEX with the reach. */
static inline uint64_t fast_run_memo(const tw_profile *p, uint32_t cp)
{
	uint64_t e = atomic_load_explicit(&p->scan[cp].memo, memory_order_relaxed);
	return e != FP_UNKNOWN ? e : fast_run_memo_fill(p, cp);
}

/* fast_solo() entries: bits 0-1 the kind; for SOLO_CHANGED bits 2-4 the
 * first step that changes it, bits 5-6 the member of that step, bits 8-15
 * the length and bits 16-63 the bytes of the result (as FP_VALUE); for
 * SOLO_NOT bits 8-15 the reach, as for FP_COMPLEX in the run memo; bit 7
 * (SOLO_ALONE) for the others: no key of two or more characters holds it
 * or anything it becomes, so no match reaches across it. */
#define SOLO_NOT 1u     /* it or what it becomes may start a key of two or more characters */
#define SOLO_SAME 2u    /* it comes out as it went in */
#define SOLO_CHANGED 3u /* it comes out changed, the same wherever it stands */
#define SOLO_ALONE 0x80u
#define SOLO_STEP(e) ((int)(((e) >> 2) & 7u))
#define SOLO_MEMBER(e) ((size_t)(((e) >> 5) & 3u))
uint64_t fast_solo_fill(const tw_profile *p, uint32_t cp);
/* What the chain from run_step0 does to the BMP character cp in a run of
 * text the segmentation left unmatched, for alignment. Unlike the run
 * memo, which ignores keys whose match changes nothing, any key of two or
 * more characters counts: its match is one span. In every step, the only
 * match that starts in what a character not SOLO_NOT has become is a
 * one-character one. */
static inline uint64_t fast_solo(const tw_profile *p, uint32_t cp)
{
	uint64_t e = fast_lookup(p->solo, cp);
	return e != FP_UNKNOWN ? e : fast_solo_fill(p, cp);
}

/* May a key of step run_step0 that matters begin with a, b? */
static inline int fast_pair_may(const tw_profile *p, uint32_t a, uint32_t b)
{
	uint32_t h = dict_pair_hash(a, b);
	return (p->first_pairs[h >> 5] >> (h & 31)) & 1;
}

/* Copies an FP_VALUE entry's bytes to out (6 bytes room). */
static inline void fast_value(uint64_t e, char *out)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t v = e >> 16; /* one store: the bytes are in memory order */
	memcpy(out, &v, 6);
#else
	for (size_t i = 0; i < 6; i++)
		out[i] = (char)((e >> (16 + 8 * i)) & 0xFF);
#endif
}

#endif
