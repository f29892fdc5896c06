/* A JSON text written straight into a buffer: for the one message whose
 * size grows with the document (thousands of diagnostics), where building a
 * jansson tree, dumping and deleting it cost ten times the check itself.
 * Every other message goes through jansson. The appends are inline: a
 * diagnostic is some forty of them. */
#ifndef TW_LSP_JSONW_H
#define TW_LSP_JSONW_H

#include <stddef.h>
#include <string.h>

typedef struct jsonw {
	char *buf;
	size_t len, cap;
	int oom; /* an allocation failed: the text is incomplete */
} jsonw;

int jw_grow(jsonw *w, size_t n); /* room for n more bytes; -1 on OOM */
void jw_str(jsonw *w, const char *s, size_t n); /* a quoted, escaped string */
void jw_int(jsonw *w, long long v);
void jw_free(jsonw *w);

static inline void jw_raw(jsonw *w, const char *s, size_t n)
{
	if (w->len + n > w->cap && jw_grow(w, n))
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static inline void jw_lit(jsonw *w, const char *s)
{
	jw_raw(w, s, strlen(s));
}

/* a string literal, its length known at compile time */
#define JW_LIT(w, s) jw_raw((w), "" s, sizeof(s) - 1)

#endif
