/* twdict: the name guard's dictionary and the gazetteers. */
#ifndef TWDICT_GUARD_DATA_H
#define TWDICT_GUARD_DATA_H

#include <stdio.h>

#include "lexicon.h"

#define GAZ_KINDS 24

typedef struct gazetteer_stats {
	size_t names;              /* rows read */
	size_t per_kind[GAZ_KINDS];
	size_t problems;           /* malformed rows, reported on diag */
	FILE *diag;
} gazetteer_stats;

/* Writes the guard dictionary (OpenCC text format, "key TAB flags") to
 * out_path from dicts/gazetteers/, dicts/guard/, the convert entries of ts
 * (when essay is not NULL) Rime's essay word list and (when jieba is not
 * NULL) jieba's word classes, every key also in its other spellings under sp
 * (spelling.h; none when sp is NULL); counts the gazetteer
 * names in *st and reports malformed rows on st->diag. Returns 0, or -1 on
 * I/O or allocation failure. */
struct spelling;
int guard_data_write(const char *dicts, const char *out_path, const char *essay,
                     const char *jieba, const tw_profile *hk2s, const struct spelling *sp,
                     const term_set *ts, gazetteer_stats *st);

/* The gazetteer kinds, in a fixed order. */
const char *gazetteer_kind_name(int k);
int gazetteer_kind_count(void);

#endif
