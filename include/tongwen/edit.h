/*
 * tongwen — what an editor plugin needs besides checking: positions in
 * other units, fixes applied as edits, and the conversion of a selection.
 *
 * Positions. The library counts bytes; editors count UTF-16 code units (LSP's
 * default, VS Code, JetBrains), code points (Emacs, LSP "utf-32") or bytes
 * (Neovim, LSP "utf-8"), by line. A tw_lines index answers both directions in
 * time proportional to one line. Lines and columns here are 0-based (as in
 * LSP); the reports' 1-based line/column fields are tw_finding's.
 *
 * Fixes. tw_fix() turns chosen findings into non-overlapping edits and the
 * fixed text in one pass: where fixes overlap, the one covering more text
 * wins, and a character-for-character fix (a script fix: 數碼 → 数码) keeps
 * the characters outside the winner, so 數碼港元 becomes 数字港元 at once
 * (its term fix covers the script fix).
 *
 * Everything here reads its inputs and keeps no state: any number of threads
 * may call these functions at once; a tw_lines is immutable once built.
 */
#ifndef TONGWEN_EDIT_H
#define TONGWEN_EDIT_H

#include "check.h"
#include "convert.h"
#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Units of a column or a count. */
typedef enum tw_unit {
	TW_UNIT_BYTE = 0,      /**< UTF-8 bytes (LSP "utf-8", Neovim) */
	TW_UNIT_CODEPOINT = 1, /**< Unicode code points (LSP "utf-32") */
	TW_UNIT_UTF16 = 2      /**< UTF-16 code units (LSP "utf-16", the default) */
} tw_unit;

/**
 * Converts a count of n units from the start of the valid UTF-8 text
 * s[0..len) into the same point counted in other units. A count that ends
 * inside a character (the second half of a surrogate pair, a byte inside a
 * sequence) stands for the start of that character; a count past the end of
 * the text stands for its end. Returns the converted count.
 */
TW_EXPORT size_t tw_unit_convert(const char *s, size_t len, size_t n, tw_unit from, tw_unit to);

/** A line index over a text; refers to the caller's bytes, which must
 * outlive it. Line breaks are "\n", "\r\n" and "\r" (as in LSP). */
typedef struct tw_lines tw_lines;

/** Indexes text[0..len). Invalid UTF-8 fails with TW_EUTF8 and its offset. */
TW_EXPORT int tw_lines_new(tw_lines **out, const char *text, size_t len, tw_error *err);
TW_EXPORT void tw_lines_free(tw_lines *lines);
/** Number of lines: line breaks + 1 (an empty text has one empty line). */
TW_EXPORT size_t tw_lines_count(const tw_lines *lines);
/** Byte offset where line (0-based) starts and its length without the
 * line break; TW_EINVAL past the last line. */
TW_EXPORT int tw_lines_span(size_t *start, size_t *length, const tw_lines *lines, size_t line);
/**
 * The 0-based line and column (in unit) of a byte offset. An offset inside
 * a character is taken as the start of that character, one inside a "\r\n"
 * as the end of its line; an offset past the end fails with TW_EINVAL.
 */
TW_EXPORT int tw_lines_position(size_t *line, size_t *column, const tw_lines *lines,
                                size_t offset, tw_unit unit);
/**
 * The byte offset of a 0-based line and column (in unit). As LSP asks, a
 * column past the end of its line means the end of the line (before the
 * break), and a line past the last means the end of the text; a column
 * inside a character means the start of that character.
 */
TW_EXPORT size_t tw_lines_offset(const tw_lines *lines, size_t line, size_t column, tw_unit unit);

/** One replacement of bytes of a text. */
typedef struct tw_edit {
	size_t offset, length; /**< bytes in the original text */
	const char *text;      /**< the replacement, NUL-terminated UTF-8 */
	size_t text_len;       /**< its length in bytes */
	size_t finding;        /**< index of the finding it fixes */
} tw_edit;

/** Edits sorted by offset, not overlapping; free with tw_edits_free(). */
typedef struct tw_edits {
	tw_edit *items;
	size_t count;
} tw_edits;

TW_EXPORT void tw_edits_free(tw_edits *edits);

/** A finding and which of its suggestions to apply (0-based). */
typedef struct tw_fix_choice {
	size_t finding;
	size_t suggestion;
} tw_fix_choice;

#define TW_FIX_OPTIONS_VERSION 1

/** Options for tw_fix(). Initialise with TW_FIX_OPTIONS_INIT. */
typedef struct tw_fix_options {
	unsigned int version;
	/** The fixes to apply. NULL: every finding tw_finding_is_safe_fix()
	 * accepts, with its one suggestion (what `tongwen check --fix` does). */
	const tw_fix_choice *choices;
	size_t n_choices;
} tw_fix_options;

#define TW_FIX_OPTIONS_INIT { TW_FIX_OPTIONS_VERSION, NULL, 0 }

/** 1 if f is safe to fix without a reader's judgement: an error with
 * exactly one suggestion that is not a review item (term/review); else 0. */
TW_EXPORT int tw_finding_is_safe_fix(const tw_finding *f);

/**
 * Applies fixes for findings of text[0..len) (as tw_check() or
 * tw_doc_check() returned them for this very text) in one pass. Where two
 * fixes overlap, the longer one (in bytes of the original) wins, then the
 * earlier, then the one chosen first; a fix whose replacement has as many
 * characters as the text it replaces is applied character by character, so
 * its characters outside the winner still change. Characters a fix leaves as
 * they are produce no edit.
 *
 * *edits (if edits is not NULL) receives the edits, and *out (if out is not
 * NULL) the fixed text, NUL-terminated, *out_len bytes (tw_free). A choice
 * naming a finding or suggestion that does not exist, or a finding outside
 * the text, fails with TW_EINVAL; opts may be NULL.
 */
TW_EXPORT int tw_fix(tw_edits **edits, char **out, size_t *out_len, const char *text, size_t len,
                     const tw_findings *findings, const tw_fix_options *opts, tw_error *err);

/**
 * Converts the part of text[0..len) that the byte range [off, off + n)
 * touches, as converting the whole text would convert it: the conversion
 * sees the whole lines around the range (doc NULL: plain text), or the
 * whole document (doc: tw_doc_parse() of this very text, whose markup, code
 * and directives are honoured as in tw_doc_convert()).
 *
 * *range_off and *range_len receive the bytes of text to replace: the range,
 * widened to whole characters, and where it would cut a changed span (a term the conversion rewrites
 * as a whole); *out (tw_free) their replacement, *out_len bytes. If spans is
 * not NULL, *spans (tw_free) receives the alignment of that replacement as
 * tw_convert_aligned() gives it, with src_off counted in text and dst_off in
 * *out. A range outside the text fails with TW_EINVAL; invalid UTF-8 with
 * TW_EUTF8.
 */
TW_EXPORT int tw_convert_range(char **out, size_t *out_len, size_t *range_off, size_t *range_len,
                               tw_span **spans, size_t *n_spans, const tw_profile *profile,
                               const tw_document *doc, const char *text, size_t len, size_t off,
                               size_t n, tw_error *err);

/** A lexicon entry, as an editor shows it on hover. The strings belong to
 * the lexicon and live as long as it; a field the entry lacks is NULL. */
typedef struct tw_lexicon_entry {
	const char *form;          /**< the written form */
	const char *source;        /**< where the entry comes from */
	const char *region;        /**< the region the form belongs to (hk, tw, …) */
	const char *action;        /**< "convert", "review", "keep" or "cantonese" */
	const char *domain;        /**< the subject field, or "" */
	const char *note;          /**< the note for a reader, or "" */
	const char *const *forms;  /**< Mainland forms or Mandarin suggestions */
	size_t n_forms;
} tw_lexicon_entry;

/** Looks up word[0..len) among the lexicon's written forms (exactly, both
 * scripts). TW_ENOTFOUND if it is not an entry. Thread-safe on a shared
 * lexicon. */
TW_EXPORT int tw_lexicon_lookup(tw_lexicon_entry *out, const tw_lexicon *lex, const char *word,
                                size_t len);

#ifdef __cplusplus
}
#endif
#endif
