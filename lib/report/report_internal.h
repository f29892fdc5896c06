/* Shared by the report renderers (report_*.c). Internal. */
#ifndef TW_REPORT_INTERNAL_H
#define TW_REPORT_INTERNAL_H

#include "internal.h"
#include "tongwen/report.h"

/* The text a renderer reads: the bytes [base, base + len) of a checked
 * text, which hold the spans of the findings rendered with it. */
typedef struct report_text {
	const char *s;
	size_t base, len;
} report_text;

/* One finding in each format, appended to b (text, github, json: the
 * object as an element of the report's array) or as a jansson value
 * (sarif); TW_OK or TW_ENOMEM / NULL. name is the file's name as given,
 * clean its UTF-8-clean copy, uri its SARIF URI. */
int report_text_one(buf *b, const char *name, const tw_finding *x, const report_text *t);
int report_github_one(buf *b, const char *name, const tw_finding *x);
int report_json_one(buf *b, const char *clean, const tw_finding *x, const report_text *t);
void *report_sarif_result(const tw_finding *x, const report_text *t, const char *uri,
                          void *rules);
/* The SARIF log with an empty results array; *rules gets the driver's
 * rules array (borrowed from the log). */
void *report_sarif_log(void **rules);
char *report_sarif_uri(const char *clean);
/* Appends a rule entry for a rule the catalogue does not know. */
int report_sarif_add_rule(void *rules, const char *id, tw_severity sev);

/* report_writer.c: registers the rule of x with a SARIF writer (no-op
 * for other formats). */
int report_writer_know_rule(tw_report_writer *w, const tw_finding *x);

/* Appends v dumped as indented JSON with every line after the first
 * indented by `indent` more spaces, then releases v (jansson). */
int report_append_json_at(buf *b, void *v, size_t indent);

/* A malloc'd copy of s with every invalid UTF-8 byte replaced by U+FFFD:
 * file names come from the file system and need not be UTF-8, yet JSON
 * and SARIF must be. NULL on OOM. */
char *report_clean_utf8(const char *s);

/* The finding's span clamped to the text held, so a renderer never reads
 * out of bounds even when handed inconsistent findings; *off is in the
 * whole text. */
void report_span(const report_text *t, const tw_finding *x, size_t *off, size_t *len);

const char *report_severity_name(tw_severity s);

#endif
