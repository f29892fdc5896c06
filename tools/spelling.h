/* Other spellings of a term key: the same word written with another glyph
 * standard's form of a character (Hong Kong's 衞, 説, 爲, 綫 for 衛, 說, 為,
 * 線). hk2cn matches its terms on the text as written, before the
 * character steps, so a key written one way misses copy written the other
 * (食物及衞生局長, 續説). The build adds each key's other spellings with the
 * key's own value. Internal to the build. */
#ifndef TWDICT_SPELLING_H
#define TWDICT_SPELLING_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tongwen.h"

/* At most this many other forms of one character. */
#define SPELLING_MAX_ALT 3

typedef struct spelling spelling;

/* Reads the pairs of OpenCC variant tables (HKVariants.txt, TWVariants.txt:
 * "standard TAB form form…") and of a reviewed list (dicts/standard/
 * spelling-pairs.tsv: "form TAB form TAB note", '#' comments). A pair is
 * kept, both ways, only when hk2s writes its two characters alike (着 and
 * 著 are two words to a Mainland reader, so not one spelling). Returns
 * NULL after a message on diag naming the file and line. */
spelling *spelling_load(const char *const *opencc_files, size_t n_opencc, const char *reviewed,
                        const tw_profile *hk2s, FILE *diag);
void spelling_free(spelling *sp);

/* How many character pairs the table holds (each counted once). */
size_t spelling_pairs(const spelling *sp);

/* Calls fn(form, len, ctx) for every other spelling of key (key itself
 * excluded): every combination of forms where key has at most
 * SPELLING_MAX_POSITIONS characters with another form, else one character
 * changed at a time. Returns 0, or the first non-zero value fn returns (-1
 * when out of memory). */
#define SPELLING_MAX_POSITIONS 4
int spelling_each(const spelling *sp, const char *key,
                  int (*fn)(const char *form, size_t len, void *ctx), void *ctx);

#endif
