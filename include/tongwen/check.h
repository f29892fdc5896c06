/*
 * tongwen — proofreading Chinese text for a target region.
 *
 * A tw_lexicon holds everything the checks read: the term lexicon (both
 * scripts), the Cantonese list, the Traditional/Simplified character tables
 * derived from OpenCC's, and the spelling dictionaries (Hunspell en_US plus
 * tongwen's word list of names). It is immutable after tw_lexicon_open() and
 * may be shared by any number of threads calling tw_check() at once.
 *
 * Rule ids are stable strings "family/name":
 *   term/convert        regional wording with one safe Mainland form (error)
 *   term/review         sense-dependent regional wording (warning); also a
 *                       convert entry inside what reads as an official name
 *                       (warning) or a quoted mention (info). Nothing inside
 *                       a gazetteer name is flagged.
 *   script/traditional  Traditional-only character in Simplified text (error)
 *   script/simplified   Simplified-only character in Traditional text (error)
 *   script/nonstandard  Han character outside the Mainland standard list, the
 *                       通用规范汉字表, with its standard form when it has one
 *                       (target cn; warning)
 *   cantonese/word      Cantonese colloquial word or particle (warning)
 *   punct/corner-quote  「」『』 in Mainland text (error)
 *   punct/half-width    half-width , ; : ? ! between CJK characters (warning)
 *   punct/unpaired      unpaired quote or bracket (warning)
 *   spelling/unknown    misspelled Latin-script word (warning)
 *   consistency/mixed   one concept written in two regional forms (warning)
 */
#ifndef TONGWEN_CHECK_H
#define TONGWEN_CHECK_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tw_severity {
	TW_SEV_OFF = -1, /**< only in options: the rule is disabled */
	TW_SEV_INFO = 0,
	TW_SEV_WARNING = 1,
	TW_SEV_ERROR = 2
} tw_severity;

typedef enum tw_target { TW_TARGET_CN = 0, TW_TARGET_HK = 1, TW_TARGET_TW = 2 } tw_target;

/** Rule families, as bit flags for tw_check_options.families. */
enum {
	TW_FAMILY_TERM = 1u << 0,
	TW_FAMILY_SCRIPT = 1u << 1,
	TW_FAMILY_CANTONESE = 1u << 2,
	TW_FAMILY_PUNCT = 1u << 3,
	TW_FAMILY_SPELLING = 1u << 4,
	TW_FAMILY_CONSISTENCY = 1u << 5,
	TW_FAMILY_ALL = 0x3Fu
};

typedef struct tw_lexicon tw_lexicon;

/** Loads the lexicon from data_dir (NULL: tw_default_data_dir()). */
TW_EXPORT int tw_lexicon_open(tw_lexicon **out, const char *data_dir, tw_error *err);
TW_EXPORT void tw_lexicon_free(tw_lexicon *lex);

/** A per-rule severity override ("term/review" -> TW_SEV_ERROR), or a
 * whole family ("spelling") -> TW_SEV_OFF. */
typedef struct tw_rule_setting {
	const char *rule;
	tw_severity severity;
} tw_rule_setting;

#define TW_CHECK_OPTIONS_VERSION 2

/** tw_check_options.flags */
enum {
	/** spelling/unknown findings come without suggestions; an editor
	 * asks tw_spelling_suggest() when the user wants a fix, not for
	 * every diagnostic (it also tries Hunspell's slow search for a word
	 * with no near miss). */
	TW_CHECK_LAZY_SPELLING = 1u << 0
};

/* Version 1 is the same struct without `flags` (still accepted). */
typedef struct tw_check_options {
	unsigned int version;
	tw_target target;
	unsigned int families;              /**< TW_FAMILY_* bits; default all */
	const tw_rule_setting *rules;       /**< overrides, later ones win */
	size_t n_rules;
	const char *const *accept;          /**< words never flagged (any family) */
	size_t n_accept;
	const char *const *reject;          /**< words always flagged (term/reject, error),
	                                         *   even when also accepted */
	size_t n_reject;
	int directives;                     /**< honour tongwen-disable… comments (default 1) */
	unsigned int flags;                 /**< TW_CHECK_* (version 2); default 0 */
} tw_check_options;

#define TW_CHECK_OPTIONS_INIT \
	{ TW_CHECK_OPTIONS_VERSION, TW_TARGET_CN, TW_FAMILY_ALL, NULL, 0, NULL, 0, NULL, 0, 1, 0 }

/** One finding. All strings are NUL-terminated UTF-8 owned by the list. */
typedef struct tw_finding {
	const char *rule;         /**< "family/name" */
	tw_severity severity;
	const char *message;
	size_t offset, length;    /**< bytes in the checked text */
	size_t line, column;      /**< 1-based; column in code points */
	size_t end_line, end_column; /**< position just after the span, same units */
	size_t column_u16, end_column_u16; /**< 1-based columns in UTF-16 code units */
	const char *const *suggestions;
	size_t n_suggestions;
	const char *note;         /**< lexicon note for an editor, or NULL */
} tw_finding;

typedef struct tw_findings {
	tw_finding *items;
	size_t count;
} tw_findings;

/**
 * Checks text[0..len) (valid UTF-8, else TW_EUTF8 with the offset) for the
 * target. Findings are sorted by offset, then rule. opts may be NULL for the
 * defaults. Free the result with tw_findings_free().
 */
TW_EXPORT int tw_check(tw_findings **out, const tw_lexicon *lex, const char *text, size_t len,
                       const tw_check_options *opts, tw_error *err);

TW_EXPORT void tw_findings_free(tw_findings *findings);

/**
 * Suggestions for the word text[0..len) (valid UTF-8): at most three,
 * best first. As the spelling/unknown findings carry them — known words
 * one edit away, else two (same first letter) — and, when there are
 * none, Hunspell's own suggestion search (tens of milliseconds), which
 * the check leaves out.
 * *out is one block, an array of *n strings (freed with tw_free(*out));
 * NULL when there are none. The lexicon caches them: a word's second
 * call costs a lookup. Thread-safe like tw_check.
 */
TW_EXPORT int tw_spelling_suggest(char ***out, size_t *n, const tw_lexicon *lex,
                                  const char *text, size_t len, tw_error *err);

/**
 * Checking a text of any length in memory that does not grow with it nor
 * with its findings. The text is fed in pieces of any size
 * (tw_check_stream_write); the checker cuts it where no rule can span the
 * cut (after a line feed, else after 。, else between two characters that
 * are not both ASCII letters or digits) into pieces of at most
 * TW_CHECK_PIECE bytes, checks each and hands its findings to the sink:
 * offsets, lines and columns are those of the whole text, and `text`
 * holds the bytes [base, base + len) of the whole text, spans included.
 *
 * Findings are the ones tw_check gives, with these differences of order:
 * each call of the sink is sorted like tw_check's list; a quote or bracket
 * left open in an earlier piece is reported when that is known (with only
 * the quote as `text`); and consistency/mixed needs the whole text, so when
 * the text holds a regional form of a concept, tw_check_stream_finish asks
 * for the text again (*again = 1): feed it again, the same bytes, and call
 * finish again, until *again is 0 (at most two more passes; they report
 * consistency/mixed only). Clean Mainland text takes one pass.
 * Directives that would apply across a cut inside a line (a line longer
 * than a piece) apply from the cut on. More than 256 quotes and brackets
 * open at once: the older half is reported unpaired (tw_check too).
 *
 * The options' arrays (rules, accept, reject) must outlive the stream. A
 * stream is used by one thread at a time; the lexicon may be shared.
 * The sink returns 0, or non-zero to stop: the call then returns
 * TW_ECALLBACK.
 */
#define TW_CHECK_PIECE ((size_t)1 << 20)

typedef struct tw_check_stream tw_check_stream;
typedef int (*tw_check_sink)(void *ud, const tw_finding *items, size_t n, const char *text,
                             size_t base, size_t len);

TW_EXPORT int tw_check_stream_open(tw_check_stream **out, const tw_lexicon *lex,
                                   const tw_check_options *opts, tw_check_sink sink, void *ud,
                                   tw_error *err);
/**
 * Checks with n threads (1, the default, or 2; more count as 2), set before
 * the first write: while the caller's thread checks a piece, the next is
 * checked ahead on a worker thread, and used when nothing was carried into
 * it (no quote or bracket left open, no directive in force at the cut),
 * else checked again. The findings, their order and the sink's calls (from
 * the caller's thread) are those of one thread. TW_EINVAL after a write.
 */
TW_EXPORT int tw_check_stream_set_threads(tw_check_stream *stream, int n);
/** Invalid UTF-8 is TW_EUTF8 with the offset in the whole text. */
TW_EXPORT int tw_check_stream_write(tw_check_stream *s, const char *data, size_t len,
                                    tw_error *err);
/** The end of the text (of the pass). *again: see above; again may be NULL
 * only when the consistency family is off. */
TW_EXPORT int tw_check_stream_finish(tw_check_stream *s, int *again, tw_error *err);
TW_EXPORT void tw_check_stream_free(tw_check_stream *s);

/** Parses "error", "warning", "info", "off"/"never"; -2 if unknown. */
TW_EXPORT int tw_severity_parse(const char *s);
TW_EXPORT const char *tw_severity_name(tw_severity s);

/** Parses "cn", "hk", "tw"; -1 if unknown. */
TW_EXPORT int tw_target_parse(const char *s);
TW_EXPORT const char *tw_target_name(tw_target t);

#ifdef __cplusplus
}
#endif
#endif
