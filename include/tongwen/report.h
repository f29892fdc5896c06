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
