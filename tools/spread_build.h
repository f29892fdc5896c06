/* The cores one sense per document spreads (tools/spread.c). Internal to
 * the build. */
#ifndef TWDICT_SPREAD_BUILD_H
#define TWDICT_SPREAD_BUILD_H

#include <stdio.h>

#include "lexicon.h"

/* Reads DICTS/sense/spread.tsv, checks it against the term tables ts and
 * writes OUT/HKCNSpread.txt and OUT/HKCNSpreadTW.txt; problems reported on
 * diag. Returns 0 or 2. */
int spread_build(const term_set *ts, const char *dicts, const char *out, FILE *diag);

#endif
