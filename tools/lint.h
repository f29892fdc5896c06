/* twdict lint: shared between its checks. Internal to the build. */
#ifndef TWDICT_LINT_H
#define TWDICT_LINT_H

#include <stddef.h>

#include "internal.h"
#include "lexicon.h"

typedef struct lint {
	term_set ts;
	const char *dicts;
	tw_profile *hk2s, *t2s, *hk2cn;
	size_t problems;
	size_t sentences;   /* example sentences checked */
	size_t occurrences; /* entry occurrences checked in them */
	size_t guarded;     /* of which the name guard protected */
	size_t spread;      /* of which one sense per document rewrote (lib/convert/spread.h) */
} lint;

/* Prints "FILE:LINE: message" on stdout and counts it. */
void lint_problem(lint *L, const char *file, size_t line, const char *fmt, ...) TW_PRINTF(4, 5);

/* What hk2cn must make of t->source: convert and keep their form, review
 * the plain character conversion, Cantonese likewise (flagged, never
 * reworded). */
const char *lint_expected(const term *t);

/* Opens hk2cn as the build makes it, but from the entries of ts: the term
 * and segmentation dictionaries are compiled from ts (the same way `twdict
 * lexicon` writes them), the profile and the other dictionaries come from
 * data_dir. So a lint of any dicts/ tree checks that tree, not the last build. */
int lint_open_hk2cn(tw_profile **out, const term_set *ts, const char *data_dir, tw_error *err);

/* Checks dicts/examples/: every occurrence of an entry in a sentence comes
 * out of hk2cn as expected, and every keep and review entry has a sentence
 * in its domain's file. Returns 0, or 2 when a file cannot be read. */
int lint_examples(lint *L);

/* Checks every occurrence of an entry in the .txt files under dir (a real
 * copy corpus, kept outside the repository) the same way, and reports how
 * many compounds of each productive convert entry occur there. Returns 0,
 * or 2 when a file cannot be read. */
int lint_corpus(lint *L, const char *dir);

/* The context of Cantonese entry t, in both scripts, parses and names only
 * defined classes (dicts/cantonese-classes.tsv). Returns 0, or 2 on OOM. */
int lint_context(lint *L, const term *t);

/* The word classes: well-formed unique names, words, each class used by
 * some context. Returns 0, or 2 on OOM. */
int lint_classes(lint *L);

/* A Cantonese word whose Simplified spelling is that of a term key (鋪頭
 * and the term 舖頭 both give 铺头) would never be flagged in Simplified.
 * Returns 0, or 2 on OOM. */
int lint_cantonese_spelling(lint *L);

#endif
