/*
 * tongwen — rendering check findings as reports.
 *
 * Each renderer turns the findings of one or several checked files into one
 * malloc'd NUL-terminated UTF-8 string (release it with tw_free()); the
 * library never prints, the caller writes the string where it wants.
 * Renderers only read their inputs and keep no state: any thread may call
 * them at any time.
 *
 * Units, the same in every format:
 *   line, end_line        1-based lines (a line ends at '\n')
 *   column, end_column    1-based columns in Unicode code points; the end
 *                         is the position just after the span
 *   byte_offset/_length   bytes of the UTF-8 text
 * The text format's caret line is aligned in terminal display columns
 * (East Asian Wide and Fullwidth characters count two).
 */
#ifndef TONGWEN_REPORT_H
#define TONGWEN_REPORT_H

#include "check.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One checked file: the name shown in reports, its text (valid UTF-8,
 * the text the findings' positions refer to) and its findings. */
typedef struct tw_report_file {
	const char *name;
	const char *text;
	size_t len;
	const tw_findings *findings;
} tw_report_file;

typedef enum tw_report_format {
	TW_REPORT_TEXT = 0,   /**< file:line:col: severity: message [rule], line, carets */
	TW_REPORT_JSON = 1,   /**< a JSON array of finding objects */
	TW_REPORT_SARIF = 2,  /**< SARIF 2.1.0, columnKind unicodeCodePoints */
	TW_REPORT_GITHUB = 3  /**< GitHub Actions workflow commands */
} tw_report_format;

/** Parses "text", "json", "sarif", "github"; -1 if unknown. */
TW_EXPORT int tw_report_format_parse(const char *s);

/**
 * Renders files[0..n) in the given format into *out (length in *out_len if
 * not NULL). An empty report is "" for text and github, "[]\n" for JSON and
 * a run without results for SARIF. Returns TW_OK, TW_ENOMEM or TW_EINVAL.
 */
TW_EXPORT int tw_report_render(char **out, size_t *out_len, tw_report_format format,
                               const tw_report_file *files, size_t n, tw_error *err);

/**
 * Writing a report as findings come, in memory that does not grow with
 * their number (tw_report_render holds the whole report; this does not).
 * The writer hands its output to `write` in pieces of at most about
 * 64 KiB; `write` returns 0, or non-zero to stop (then the writer's calls
 * return TW_ECALLBACK). Formats and units are those of tw_report_render,
 * byte for byte, when the findings of each file come in one call.
 *
 * The text format quotes a window of the line around each span (at most
 * TW_REPORT_WINDOW code points on either side, and of the span itself),
 * with "…" where the line goes on, so a finding on a long line costs what
 * a finding on a short one does. SARIF lists the catalogue's rules only:
 * a result naming another rule has no ruleIndex.
 *
 * A writer is used by one thread at a time.
 */
typedef struct tw_report_writer tw_report_writer;
typedef int (*tw_report_write_fn)(void *ud, const char *data, size_t len);

#define TW_REPORT_WINDOW 60

TW_EXPORT int tw_report_writer_open(tw_report_writer **out, tw_report_format format,
                                    tw_report_write_fn write, void *ud, tw_error *err);

/**
 * Writes findings items[0..n) of the file `name`. text[0..len) holds the
 * bytes [base, base + len) of the checked text: it must hold the span of
 * each finding (the text format quotes what it holds of the line around
 * it, JSON and SARIF the span). text may be NULL when n is 0.
 */
TW_EXPORT int tw_report_writer_add(tw_report_writer *w, const char *name,
                                   const tw_finding *items, size_t n, const char *text,
                                   size_t base, size_t len, tw_error *err);

/** Ends the report (closes JSON's array, SARIF's log) and writes what is
 * left. Call once. */
TW_EXPORT int tw_report_writer_finish(tw_report_writer *w, tw_error *err);
TW_EXPORT void tw_report_writer_free(tw_report_writer *w);

/** Terminal display width of the valid UTF-8 text s[0..len): 2 for East
 * Asian Wide and Fullwidth code points, 0 for combining marks, format
 * characters and variation selectors, 1 otherwise. */
TW_EXPORT size_t tw_display_width(const char *s, size_t len);

/** A rule tongwen knows: its id, a one-line description and the severity
 * it has unless configured otherwise. */
typedef struct tw_rule_info {
	const char *id;
	const char *description;
	tw_severity default_severity;
} tw_rule_info;

/** The catalogue of rules, in a stable order; *n receives the count. */
TW_EXPORT const tw_rule_info *tw_rule_catalogue(size_t *n);

/** 1 if name is a known rule id ("term/review") or family ("spelling"). */
TW_EXPORT int tw_rule_name_known(const char *name);

#ifdef __cplusplus
}
#endif
#endif
