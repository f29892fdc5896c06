/* The name guard: tongwen's layer above the OpenCC dictionaries that keeps a
 * term rule from rewriting inside an official name or a quoted mention.
 * Internal.
 *
 * A term rewrite of text[s, e) is vetoed when
 *   - a gazetteer name occurrence covers it (香港工業人工智能及機械人研發中心);
 *   - it sits in a run of Han characters that reaches a name suffix
 *     (無綫電的士聯誼會, 長者業主樓換樓計劃) before a character that ends a
 *     name (breakers: 的, 到, 在 …);
 *   - it is the whole content of a quotation (俗稱「白牌車」) or lies inside
 *     a title in 《》 (《道路交通條例》).
 * The guard reads one compiled dictionary whose values are flag letters:
 * R (a rewriting term key), L (a transliteration), N (gazetteer name), S (name suffix), X (a word
 * that starts with a suffix but ends no name), B (breaker character). It
 * holds names and suffixes in both scripts, so the checker uses it on
 * converted text too. Immutable once loaded. */
#ifndef TW_GUARD_H
#define TW_GUARD_H

#include "dict.h"

typedef enum guard_reason {
	GUARD_NONE = 0,
	GUARD_NAME,   /* inside a gazetteer name */
	GUARD_SUFFIX, /* in a run of Han characters that ends in a name suffix */
	GUARD_QUOTE,  /* the whole content of a quotation */
	GUARD_TITLE,  /* inside 《…》 */
	GUARD_PERSON  /* a character of a personal name */
} guard_reason;

/* Where the protecting context lies: the name, the run up to and including
 * the suffix, the quotation or the title (bytes of the text). */
typedef struct guard_hit {
	guard_reason reason;
	size_t ctx_off, ctx_len;
} guard_hit;

/* Ends a sentence or a line: no name, quotation or title reaches across,
 * so the guard's look at a term's context stops there. */
static inline int guard_is_stop(uint32_t cp)
{
	return cp == '\n' || cp == '\r' || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F ||
	       cp == 0xFF1B || cp == '!' || cp == '?' || cp == ';';
}

/* Is key[0..n) a rewriting term key (flag R)? */
int guard_is_rewrite(const tw_dict *g, const char *key, size_t n);

/* Is key[0..n) a transliteration (flag L): protected only by gazetteer
 * names, quotations and titles, not by a name suffix? */
int guard_is_transliteration(const tw_dict *g, const char *key, size_t n);

/* Decides whether text[s, e) (valid UTF-8; s and e on character
 * boundaries) is protected; with no_suffix set, a name suffix after it does
 * not count. Returns the reason (GUARD_NONE: not protected) and fills *hit
 * if hit is not NULL. Does not look up R: callers decide which matches the
 * guard applies to. */
guard_reason guard_check(const tw_dict *g, const char *text, size_t len, size_t s, size_t e,
                         int no_suffix, guard_hit *hit);

/* Where entries of one flag may start. The guard looks for names (N), name
 * suffixes (S) and general-vocabulary compounds (G) at many places around
 * every vetoable term, and most of those places start none, which these
 * bits tell without hashing. */
typedef struct guard_filter {
	uint32_t first[2048];  /* BMP characters that start an entry */
	uint32_t single[2048]; /* BMP characters that are an entry alone */
	uint32_t pairs[(1u << DICT_PAIR_BITS) / 32]; /* hashed first two characters */
	size_t max_len; /* the longest entry, in bytes */
} guard_filter;

typedef struct guard_index {
	guard_filter name, suffix, compound;
	/* The suffixes that count past the gap: Taiwan regulations' title
	 * suffixes (K) and far name suffixes (D), looked for at every
	 * character of a run of Han characters after a term. */
	guard_filter beyond;
	uint32_t breakers[2048]; /* BMP characters with flag B */
	/* Characters of gazetteer names, and hashed pairs of neighbours in
	 * them: a term with a character or a pair not among them lies inside
	 * no name. */
	uint32_t name_chars[2048];
	uint32_t name_pairs[(1u << DICT_PAIR_BITS) / 32];
} guard_index;

/* May the term key[0..n) lie inside a gazetteer name (by gi's bits)? */
int guard_term_in_names(const guard_index *gi, const char *key, size_t n);

/* Records the guard entry key[0..n) (valid UTF-8) with the flag letters
 * flags[0..nf) in gi. */
void guard_index_add(guard_index *gi, const char *key, size_t n, const char *flags, size_t nf);

/* How the name-suffix rule applies to a term (guard_check_indexed()). */
typedef enum guard_suffix_rule {
	GUARD_SUFFIX_DECIDE = 0, /* as guard_check() with no_suffix unset */
	GUARD_SUFFIX_OFF,        /* as guard_check() with no_suffix set */
	/* The term is no transliteration, does not end in a name suffix and
	 * has no flag U (guard_suffix_rule() said so): the rule applies. */
	GUARD_SUFFIX_ON,
	/* The term is no transliteration but ends in a name suffix or has
	 * flag U: no suffix after it makes a name of it, a quoted title
	 * around it still does (議員就「推動…，建構…」動議: a verb in a
	 * motion's title). */
	GUARD_SUFFIX_QUOTED
} guard_suffix_rule;

/* What guard_check() decides about the suffix rule for the term
 * key[0..n) before looking at any text around it: it depends on the term
 * alone, so a caller may decide it once per term. */
guard_suffix_rule guard_suffix_rule_of(const tw_dict *g, const char *key, size_t n,
                                       int no_suffix);

/* Or'ed into the rule: guard_term_in_names() said no, so no gazetteer name
 * is looked for. */
#define GUARD_OUTSIDE_NAMES 4u

/* How far before a term (bytes) a 《 that may open a title around it can
 * start. */
#define GUARD_TITLE_BYTES 160u

/* Or'ed into the rule: the caller knows that no 《 lies whole in the
 * GUARD_TITLE_BYTES bytes before the term, so none is looked for. */
#define GUARD_NO_TITLE 8u

/* Or'ed into the rule: guard_term_may_straddle() said no, so no name that
 * starts inside the term and runs on past it is looked for. */
#define GUARD_NO_STRADDLE 16u
/* May a gazetteer name start inside the term key[0..n) (at a character after
 * its first, with one more of the term after it) and run on past it? By gi's
 * bits (NULL: none) and the prefixes of g's entries; it depends on the term
 * alone. */
int guard_term_may_straddle(const tw_dict *g, const guard_index *gi, const char *key,
                            size_t n);
/* guard_check() with the filters gi (NULL: none) and the suffix rule given;
 * the same verdicts. */
guard_reason guard_check_indexed(const tw_dict *g, const guard_index *gi, const char *text,
                                 size_t len, size_t s, size_t e, unsigned rule, guard_hit *hit);

/* Personal names keep their characters: if text[at..) starts with a name
 * character (flag P: a standard character OpenCC rewrites anyway, 昇) that
 * no common word (W) covers and that ends a personal name — a surname (F),
 * at most one more character, then it — or lies inside an official name as
 * a term would (旭昇科技有限公司), returns its length in bytes and sets *why
 * (unless NULL) to GUARD_PERSON, GUARD_NAME or GUARD_SUFFIX; else 0. */
size_t guard_person_char(const tw_dict *g, const char *text, size_t len, size_t at,
                         guard_reason *why);

/* The reason's code in tw_span.guard ("name", "suffix" …; NULL for
 * GUARD_NONE). */
const char *guard_reason_code(guard_reason r);
/* A short English description of a reason ("inside an official name"). */
const char *guard_reason_text(guard_reason r);

#endif
