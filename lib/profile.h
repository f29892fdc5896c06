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
};

#endif
