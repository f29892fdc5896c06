/* The cores one sense per document spreads (tools/spread.c). Internal to
 * the build. */
#ifndef TWDICT_SPREAD_BUILD_H
#define TWDICT_SPREAD_BUILD_H

#include <stdio.h>

#include "lexicon.h"
#include "spelling.h"

/* How many cores spread.tsv decides, and how. */
typedef struct spread_counts {
	size_t spread, stay;
	size_t hk2cn, taiwan; /* spreading cores with triggers in each register */
} spread_counts;

/* Reads DICTS/sense/spread.tsv, checks it against the term tables ts (hk2s:
 * plain conversion, to tell a row that leaves a core as it is; sp: the
 * other spellings of a key, listed beside it as triggers), finds the
 * common words of words_path (segwords.txt) that cross each core's edges and
 * writes OUT/HKCNSpread.txt and OUT/HKCNSpreadTW.txt; problems reported on
 * diag. Fills *counts. Returns 0 or 2. */
int spread_build(const term_set *ts, const spelling *sp, const tw_profile *hk2s,
                 const char *dicts, const char *words_path, const char *out, FILE *diag,
                 spread_counts *counts);

#endif
