/* The term tables of dicts/ as the build reads them. Internal to the build. */
#ifndef TWDICT_LEXICON_H
#define TWDICT_LEXICON_H

#include <stddef.h>
#include <stdio.h>

#include "tongwen.h"

typedef enum { ACT_CONVERT, ACT_REVIEW, ACT_KEEP, ACT_CANTONESE } action;

typedef struct term {
	char *source;   /* Traditional, as in copy */
	char *mainland; /* convert/keep: the form; review/cantonese: candidates, '|'-separated */
	action act;
	/* "convert-tw": a review entry whose one form hk2cn writes in Taiwan
	 * copy (the profile's Taiwan register, HKCNTermsTW) */
	int tw_copy;
	char *region, *domain, *note;
	char *simp;     /* source as hk2s writes it */
	char *row;      /* the source column as written (with a {…} group for a
	                   productive entry): what the table is sorted by */
	char *context;  /* Cantonese: where the entry applies ("" anywhere) */
	char *simp_context; /* the same with hk2s applied to its literal words */
	const char *file;
	size_t line;
} term;

/* A word class for contexts (dicts/cantonese-classes.tsv). */
typedef struct word_class {
	char *name;
	char *words; /* '|'-separated, as written and as hk2s writes them, deduplicated */
	const char *file;
	size_t line;
} word_class;

typedef struct term_set {
	term *v;
	size_t n, cap;
	word_class *classes;
	size_t n_classes;
	char **files;
	size_t n_files;
	/* dicts/segment/words.txt: common words that segment whole (a term key
	 * starting inside one must not fire across two words) */
	char **seg_words;
	size_t n_seg_words;
	char *seg_text; /* what seg_words point into */
	int errors; /* structural problems found while reading */
	FILE *diag; /* where they are reported */
} term_set;

/* Splits line in place into at most max tab-separated fields; returns how
 * many. */
size_t split_tabs(char *line, char **f, size_t max);

/* Reads dicts/terms/<domain>.tsv and dicts/cantonese/<kind>.tsv (in file
 * name order) and dicts/cantonese-classes.tsv (optional) under dicts_dir, reporting each malformed line on diag
 * as FILE:LINE: message. Entries keep their file order. Fills term.simp using
 * the profile (hk2s). Returns 0, or 2 when a file cannot be read at all. */
int terms_load(term_set *ts, const char *dicts_dir, const tw_profile *hk2s, FILE *diag);
void terms_free(term_set *ts);

const char *action_name(action a);

/* What hk2cn's term dictionary maps t->source to: the Mainland form for
 * convert and keep; for review the plain character conversion, so that the
 * phrase is matched (protected from shorter entries) but not reworded. */
const char *term_dict_value(const term *t);

/* The counts per action and per domain, as printed by `twdict lexicon`
 * (malloc'd text, NULL on OOM). */
char *lexicon_counts(const term_set *ts);

/* Converts s with p into a malloc'd string (NULL on failure). */
char *convert_str(const tw_profile *p, const char *s);

#endif
