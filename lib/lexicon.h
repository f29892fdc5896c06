/* The checker's data, loaded once and shared read-only. Internal. */
#ifndef TW_LEXICON_H
#define TW_LEXICON_H

#include <hunspell.h>
#include <pthread.h>

#include "dict.h"
#include "internal.h"

enum { LEX_CONVERT, LEX_REVIEW, LEX_KEEP, LEX_CANTONESE };

/* One written form of a lexicon entry (lexicon.tsv). */
typedef struct lex_row {
	char *form, *source, *region, *domain, *note;
	char **sugg; /* Mainland forms or Mandarin suggestions */
	size_t n_sugg;
	int action;
} lex_row;

struct tw_lexicon {
	lex_row *rows;
	size_t n_rows;
	tw_dict forms;    /* form -> row index, as decimal text */
	tw_dict mainland; /* Mainland form of a convert entry -> row index */
	uint8_t script[65536]; /* 'T' Traditional only, 'S' Simplified only, 0 */
	tw_dict script_big;    /* the same for characters beyond the BMP */
	char **words;          /* spelling word list, sorted */
	size_t n_words;
	Hunhandle *hunspell;
	pthread_mutex_t hunspell_lock; /* Hunspell is not thread-safe */
	tw_profile *to_simp, *to_hk, *to_tw; /* suggestions for script findings */
};

/* Looks up a dictionary match's row. */
const lex_row *lex_row_of(const tw_lexicon *lex, const dict_match *m);

/* 'T', 'S' or 0 for a character. */
int lex_script(const tw_lexicon *lex, const unsigned char *s, size_t n, uint32_t cp);

/* Is word in the spelling word list? */
int lex_word_listed(const tw_lexicon *lex, const char *word, size_t n);

#endif
