/* Shared by the checker's modules. Internal. */
#ifndef TW_CHECK_INTERNAL_H
#define TW_CHECK_INTERNAL_H

#include "internal.h"
#include "lexicon.h"

typedef struct check_ctx {
	const tw_lexicon *lex;
	const char *text;
	size_t len;
	tw_target target;
	tw_finding *v;
	size_t n, cap;
	int oom;
} check_ctx;

/* Appends a finding; strings are copied. `note` and suggestions may be
 * NULL. Records out-of-memory in c->oom. */
void add_finding(check_ctx *c, const char *rule, tw_severity sev, size_t off, size_t len,
                 const char *note, const char *const *sugg, size_t n_sugg, const char *fmt, ...)
	TW_PRINTF(9, 10);

/* The rule families. */
void check_terms(check_ctx *c, int term, int cantonese, int consistency);
void check_script(check_ctx *c);
void check_punct(check_ctx *c);
void check_spelling(check_ctx *c);

/* Inline directives: drops findings that tongwen-disable… comments cover. */
void apply_directives(check_ctx *c);

/* Does rule id match a pattern ("term/review" or the family "term")? */
int rule_matches(const char *pattern, size_t plen, const char *rule);

static inline int is_cjk(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

#endif
