/* Loaded profiles: segmentation and conversion chain. Internal. */
#ifndef TW_PROFILE_H
#define TW_PROFILE_H

#include <stdatomic.h>

#include "dict.h"
#include "internal.h"
#include "scan.h"

/* A lazily filled table entry (see fastpath.h). */
typedef _Atomic uint64_t fp_entry;

/* A table of the BMP code points, one entry each, zero (FP_UNKNOWN) until
 * filled. Allocated zeroed, so pages of characters never met are never
 * touched; one load finds an entry (blocks allocated as met cost a
 * dependent load per lookup). */
typedef struct fp_table {
	fp_entry e[0x10000];
} fp_table;

/* What the scan of unmatched text needs of one BMP character, in one
 * place: a character of the text costs one cache line, not one in each of
 * three tables (the segmentation's classes, a filter on its pairs, the run
 * memo), which on news copy missed the first-level cache about three
 * times a character. */
typedef struct scan_char {
	/* fast_run_memo()'s entry (fastpath.h), filled lazily. */
	fp_entry memo;
	/* Bit seg_pair_bit(b) for each character b such that a segmentation
	 * key of two or more characters begins with this one and b. */
	uint32_t pairs;
	/* SEG_STARTS, SEG_SINGLE (segmemo.h). */
	uint8_t cls;
} scan_char;

/* A segmentation key's result through the chain (segmemo.h). */
struct seg_out;
typedef struct seg_out *_Atomic seg_slot;
struct seg_spans;
typedef struct seg_spans *_Atomic seg_spans_slot;

/* One dictionary as a profile names it, loaded once per profile. */
typedef struct prof_dict {
	tw_dict dict;
	char *file; /* as written in the profile, e.g. "TSCharacters.ocd2" */
	char *kind; /* "char" unless the profile says "tongwen_kind" */
	char *path; /* what was loaded */
} prof_dict;

/* A segmentation or conversion step: a dictionary or a flattened group, in
 * which the first member that matches wins. */
typedef struct prof_step {
	size_t n;
	prof_dict **dicts;
	/* BMP code points that start a key in some member: characters outside
	 * it are copied by this step without a lookup. */
	uint32_t first[2048];
	/* What the step does to each BMP character on its own, filled lazily
	 * (fastpath.h). */
	fp_table *chars;
	/* BMP characters that start a key of two or more characters whose
	 * match can differ from converting its characters one by one: in a
	 * member whose keys are all segmentation keys (seg_start), or in any
	 * other member (live_start). Filled by fast_prepare(). */
	uint32_t live_start[2048], seg_start[2048];
} prof_step;

struct tw_profile {
	char *name, *path, *dir;
	prof_step seg;
	prof_step *steps;
	size_t n_steps;
	prof_dict **owned;
	size_t n_owned;
	/* ASCII bytes that occur in no key of any dictionary (and, with a
	 * name guard, stop its look at the context): safe places to cut a
	 * stream. */
	unsigned char breaker[128];
	/* The fast path for runs of text no segmentation key matched (see
	 * convert.c and fastpath.c): steps before run_step0 cannot change such
	 * a run; memo holds each BMP character's result through the remaining
	 * steps; longest[k - run_step0][cp] is step k's longest key starting
	 * with cp, step_longest[k] its longest key, in characters; run_window
	 * bounds how far matches started at one character can reach; run_any
	 * marks the characters some remaining step starts a key with. */
	size_t run_step0, run_window;
	/* run_back: the longest segmentation-only key that can matter, in
	 * characters; seg_after[k]: some step from k on has such keys. */
	size_t run_back;
	uint8_t *seg_after;
	/* Characters of those segmentation-only keys (BMP). */
	uint32_t seg_key_chars[2048];
	/* Hashed first two characters of the keys of step run_step0 that
	 * matter (see fastpath.c); in run text those are the input's own. */
	uint32_t *first_pairs;
	size_t *step_longest;
	uint8_t *longest;
	scan_char *scan; /* 0x10000 entries: the memo, and the segmentation's per character */
	/* For the aligned path: whether a BMP character or what it becomes
	 * may start a key of two or more characters in a step from run_step0
	 * on (then how far such matches reach), else its result and the step
	 * and member that first change it (fastpath.h, fast_solo), filled
	 * lazily. */
	fp_table *solo;
	uint32_t run_any[2048];
	/* Characters in some key of two or more characters of a step from
	 * run_step0 on. No match reaches across one that is not here in any of
	 * its forms (SOLO_ALONE): the aligned path may end a window there. */
	uint32_t in_long_key[2048];
	/* Per BMP character, bit k: it starts a key of step k (k < 8). */
	uint8_t *step_mask;
	/* Per segmentation member, one entry per key of its dictionary: the
	 * key's result through the chain, filled on first use. */
	seg_slot **seg_memo;
	seg_spans_slot **seg_spans_memo; /* the same for alignment */
	/* Every result published in those slots (or segkeys.h's records),
	 * linked by made_before, in one cell each: freeing walks these, as
	 * reading every key's slot would fault in tables of which a run
	 * meets a few pages. */
	seg_slot *seg_made;
	seg_spans_slot *seg_spans_made;
	struct seg_rank *seg_ranks; /* per member: slot -> key number (segmemo.h) */
	/* Per member, its keys of two or more characters by their first two
	 * (segkeys.h; an empty table: the member has too many, use the hash). */
	struct segkeys *seg_keys;
	/* Filters on the first two and three characters of the segmentation's
	 * keys (segkeys.h); per character, scan above. */
	struct seg_filter *seg_wide;
	/* Every key's result, from the build (segcache.h), or NULL. */
	struct segcache *segcache;
	/* The name guard (guard.h) over term matches of step 0, or NULL. */
	prof_dict *guard;
	/* Where its names, suffixes and compounds may start (guard.h). */
	struct guard_index *guard_index;
	/* Its personal-name characters (flag P), NUL-terminated UTF-8. */
	char **person;
	size_t n_person;
	/* Bit (first byte << 8 | second byte) for each of them (a lone byte
	 * marks every pair it begins). */
	uint32_t person_pairs[2048];
	/* Their first three bytes as ranges for scan_ranges() (0: there are too
	 * many, or one is shorter; person_pairs is used). */
	scan_range person_ranges[SCAN_MAX_RANGES];
	size_t n_person_ranges;
	/* The ranges the scan for personal-name characters uses: theirs, and
	 * where a character normalised before conversion may start (0: the
	 * scan uses person_pairs). */
	scan_range scan_ranges[SCAN_MAX_RANGES];
	size_t n_scan_ranges;
	/* Characters rewritten before conversion (radicals, compatibility
	 * ideographs → unified ideographs of the same UTF-8 length), or NULL. */
	prof_dict *normalize;
	/* "tongwen_title_marks": a title in 〈〉 becomes 《》 before conversion
	 * (runs.c). */
	int title_marks;
	/* Where a character either rewrites may start, for scan_ranges() (0:
	 * the profile rewrites none). */
	scan_range norm_ranges[SCAN_NORM_LEAD_N + 1];
	size_t n_norm_ranges;
	/* "tongwen_register": the Taiwan variant and its markers, or NULL. */
	struct tw_register *reg;
	/* "tongwen_spread": the cores one sense per document spreads
	 * (spread.h), or NULL. */
	struct spread *spread;
};


#endif
