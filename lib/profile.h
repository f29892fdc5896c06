/* Loaded profiles: segmentation and conversion chain. Internal. */
#ifndef TW_PROFILE_H
#define TW_PROFILE_H

#include "dict.h"
#include "internal.h"

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
	/* What the step does to a BMP character on its own: MEMO_PLAIN (no key
	 * starts with it), MEMO_COMPLEX (a longer key starts with it: look it
	 * up), or (offset << 8 | length) of its value in `pool`. Built by
	 * convert_prepare(). */
	uint32_t *chars;
	char *pool;
} prof_step;

struct tw_profile {
	char *name, *path, *dir;
	prof_step seg;
	prof_step *steps;
	size_t n_steps;
	prof_dict **owned;
	size_t n_owned;
	/* ASCII bytes that occur in no key of any dictionary: safe places to
	 * cut a stream. */
	unsigned char breaker[128];
	/* The fast path for runs of text no segmentation key matched (see
	 * convert.c): steps before run_step0 cannot change such a run; memo
	 * gives each BMP character's result through the remaining steps, or
	 * MEMO_PLAIN (unchanged) or MEMO_COMPLEX (may start a multi-character
	 * match: needs the full engine). run_window bounds, in characters, how
	 * far matches started at one character can reach through all remaining
	 * steps: used where nothing better is known. */
	size_t run_step0, run_window;
	uint32_t *memo;
	uint8_t *reach; /* for MEMO_COMPLEX characters: how many characters, */
	                /* itself included, a match starting at it can cover */
	char *memo_pool;
};

#define MEMO_PLAIN 0u
#define MEMO_COMPLEX 1u

/* Computes the fast-path tables; called once a profile is loaded. */
int convert_prepare(tw_profile *p);

#endif
