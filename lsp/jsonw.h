/* A JSON text written straight into a buffer: for the one message whose
 * size grows with the document (thousands of diagnostics), where building a
 * jansson tree, dumping and deleting it cost ten times the check itself.
 * Every other message goes through jansson. */
#ifndef TW_LSP_JSONW_H
#define TW_LSP_JSONW_H

#include <stddef.h>

typedef struct jsonw {
	char *buf;
	size_t len, cap;
	int oom; /* an allocation failed: the text is incomplete */
} jsonw;

void jw_raw(jsonw *w, const char *s, size_t n);
void jw_lit(jsonw *w, const char *s); /* NUL-terminated raw text */
void jw_str(jsonw *w, const char *s, size_t n); /* a quoted, escaped string */
void jw_int(jsonw *w, long long v);
void jw_free(jsonw *w);

#endif
