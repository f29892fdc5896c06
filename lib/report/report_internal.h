/* Shared by the report renderers (report_*.c). Internal. */
#ifndef TW_REPORT_INTERNAL_H
#define TW_REPORT_INTERNAL_H

#include "internal.h"
#include "tongwen/report.h"

/* Each renderer appends its whole report to b; TW_OK or TW_ENOMEM. */
int report_text(buf *b, const tw_report_file *files, size_t n);
int report_json(buf *b, const tw_report_file *files, size_t n);
int report_sarif(buf *b, const tw_report_file *files, size_t n);
int report_github(buf *b, const tw_report_file *files, size_t n);

/* The bytes of the line holding offset: [*start, *end), without the line
 * feed and a carriage return before it. */
void report_line_bounds(const char *text, size_t len, size_t offset, size_t *start, size_t *end);

/* A malloc'd copy of s with every invalid UTF-8 byte replaced by U+FFFD:
 * file names come from the file system and need not be UTF-8, yet JSON
 * and SARIF must be. NULL on OOM. */
char *report_clean_utf8(const char *s);

/* The finding's span clamped to the text, so a renderer never reads out of
 * bounds even when handed inconsistent findings. */
void report_span(const tw_report_file *f, const tw_finding *x, size_t *off, size_t *len);

const char *report_severity_name(tw_severity s);

/* Appends v as indented JSON and a line feed, then releases v (jansson). */
int report_append_json(buf *b, void *v);

#endif
