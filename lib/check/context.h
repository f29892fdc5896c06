/* Where a Cantonese entry applies: the `context` column of dicts/cantonese/
 * (notation in dicts/README.md). Parsed once when the lexicon loads (and by
 * `twdict lint`); tested only on a match, so clean text never pays for it.
 * Internal. */
#ifndef TW_CONTEXT_H
#define TW_CONTEXT_H

#include <stddef.h>
#include <stdint.h>

/* A named set of words (dicts/cantonese-classes.tsv), e.g. numeral. */
typedef struct ctx_class {
	const char *name;
	char *const *words;
	size_t n;
} ctx_class;

enum { CTX_FINAL, CTX_NOT_FINAL, CTX_AFTER, CTX_BEFORE, CTX_NOT_AFTER, CTX_NOT_BEFORE };

/* One condition; words (copied) for the after/before kinds, sorted by the
 * code point that touches the match (the last one of an after word, the
 * first one of a before word), so that a test is a binary search on the
 * neighbouring character and a compare of the few words that share it. */
typedef struct ctx_cond {
	int kind;
	char **words;
	size_t *len;
	uint32_t *edge;
	size_t n;
} ctx_cond;

/* Conditions that must all hold. */
typedef struct ctx_alt {
	ctx_cond *cond;
	size_t n;
} ctx_alt;

/* Alternatives, any of which may hold. */
typedef struct lex_context {
	ctx_alt *alt;
	size_t n;
} lex_context;

/* Parses spec into a malloc'd context. Returns 0; -1 for a malformed spec
 * or an unknown class (why says which, NUL-terminated); -2 out of memory. */
int ctx_parse(lex_context **out, const char *spec, const ctx_class *classes, size_t n_classes,
              char *why, size_t why_cap);

void ctx_free(lex_context *c);

/* Does the context hold for a match of text[off, end)? */
int ctx_holds(const lex_context *c, const char *text, size_t len, size_t off, size_t end);

/* Is s a well-formed class name ([a-z0-9-]+)? */
int ctx_class_name_ok(const char *s, size_t n);

#endif
