/* Shared by the checker's modules. Internal.
 *
 * tw_check (check.c) runs one scan (check_scan.c) over the text that feeds
 * the per-character and lexicon rules (term, cantonese, consistency, script,
 * punct), then the spelling pass, then filters, sorts and positions the
 * findings. */
#ifndef TW_CHECK_INTERNAL_H
#define TW_CHECK_INTERNAL_H

#include "internal.h"
#include "lexicon.h"

/* An occurrence of a concept, for the consistency rule. */
typedef struct occ {
	const lex_row *row;
	size_t off, len;
	int mainland; /* written in the Mainland form */
} occ;

typedef struct check_ctx {
	const tw_lexicon *lex;
	const char *text;
	size_t len;
	tw_target target;
	unsigned families; /* TW_FAMILY_* bits to run */
	tw_finding *v;
	size_t n, cap;
	occ *occ; /* consistency: occurrences seen by the scan */
	size_t n_occ, cap_occ;
	int oom;
	int fail; /* another TW_E* error (data that cannot be loaded), in ferr */
	tw_error ferr;
} check_ctx;

/* Appends a finding; strings are copied. `note` and suggestions may be
 * NULL. Records out-of-memory in c->oom. */
void add_finding(check_ctx *c, const char *rule, tw_severity sev, size_t off, size_t len,
                 const char *note, const char *const *sugg, size_t n_sugg, const char *fmt, ...)
	TW_PRINTF(9, 10);

/* The one scan over the text for term, cantonese, consistency, script and
 * punct (as c->families asks). */
void check_scan(check_ctx *c);

/* Called by the scan. A lexicon form matched at [off, off + len). */
void term_hit(check_ctx *c, const lex_row *r, size_t off, size_t len);
void cantonese_hit(check_ctx *c, const lex_row *r, size_t off, size_t len);
/* A regional (mainland = 0) or Mainland form of a convert entry. */
void consistency_note(check_ctx *c, const lex_row *r, size_t off, size_t len, int mainland);
/* After the scan: findings for concepts written in several forms. */
void consistency_finish(check_ctx *c);
/* script/nonstandard: the character cp (l bytes at pos). */
void nonstandard_char(check_ctx *c, size_t pos, size_t l, uint32_t cp);
/* The name guard's reason (guard_reason, 0 for none) for a lexicon match
 * of row r at [off, off + len). */
int check_guard(const check_ctx *c, const lex_row *r, size_t off, size_t len);

/* Does the match [off, off + len) start and end on word boundaries of the
 * clause around it (wordseg.c)? */
int check_word_boundaries(const check_ctx *c, size_t off, size_t len);

/* A run of characters of the wrong script at [start, end). */
void script_run(check_ctx *c, size_t start, size_t end);

/* Punctuation: state carried along the scan (open quotes and brackets). */
typedef struct punct_open {
	size_t kind, off, len;
} punct_open;

typedef struct punct_state {
	punct_open *stack;
	size_t depth, cap;
} punct_state;

/* cp (l bytes at pos, preceded by the code point prev, 0 at the start) is
 * one of the characters marked LEX_CPUNCT. */
void punct_char(check_ctx *c, punct_state *ps, uint32_t cp, size_t pos, size_t l, uint32_t prev);
/* End of text: what is still open is unpaired. Frees the state. */
void punct_finish(check_ctx *c, punct_state *ps);

/* "A, B or C" from a row's suggestions. */
void join_suggestions(const lex_row *r, char *out, size_t cap);

void check_spelling(check_ctx *c);
/* Gives the surviving spelling findings their suggestions (once a word:
 * the lexicon caches them). */
void spelling_suggest(check_ctx *c);

/* Inline directives: drops findings that tongwen-disable… comments cover. */
void apply_directives(check_ctx *c);

/* Does rule id match a pattern ("term/review" or the family "term")? */
int rule_matches(const char *pattern, size_t plen, const char *rule);

/* Releases the strings of a finding (not the finding itself). */
void finding_release(tw_finding *f);

/* First occurrence of needle[0..n) in s[0..len), or NULL. */
const char *find_bytes(const char *s, size_t len, const char *needle, size_t n);

#endif
