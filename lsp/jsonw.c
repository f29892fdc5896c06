/* Writing JSON text into a growing buffer (jsonw.h). Strings are valid
 * UTF-8 (the server's texts came through jansson or the library); quotes,
 * backslashes and control characters are escaped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"

int jw_grow(jsonw *w, size_t n)
{
	if (w->oom)
		return -1;
	if (w->len + n <= w->cap)
		return 0;
	size_t cap = w->cap ? w->cap : 4096;
	while (cap < w->len + n)
		cap *= 2;
	char *g = realloc(w->buf, cap);
	if (!g) {
		w->oom = 1;
		return -1;
	}
	w->buf = g;
	w->cap = cap;
	return 0;
}

static int needs_escape(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\' || c == 0x7F;
}

void jw_str(jsonw *w, const char *s, size_t n)
{
	/* at worst six bytes (\u00XX) for each byte, and the quotes */
	if (w->len + n * 6 + 2 > w->cap && jw_grow(w, n * 6 + 2))
		return;
	char *o = w->buf + w->len;
	*o++ = '"';
	size_t run = 0; /* bytes copied as they are, in one go */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!needs_escape(c))
			continue;
		memcpy(o, s + run, i - run);
		o += i - run;
		run = i + 1;
		*o++ = '\\';
		if (c == '"' || c == '\\')
			*o++ = (char)c;
		else if (c == '\n')
			*o++ = 'n';
		else
			o += sprintf(o - 1, "\\u%04x", c) - 1;
	}
	memcpy(o, s + run, n - run);
	o += n - run;
	*o++ = '"';
	w->len = (size_t)(o - w->buf);
}

/* digits by hand: snprintf cost more than the check on a busy document */
void jw_int(jsonw *w, long long v)
{
	char b[24], *e = b + sizeof b, *p = e;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	jw_raw(w, p, (size_t)(e - p));
}

void jw_free(jsonw *w)
{
	free(w->buf);
	memset(w, 0, sizeof *w);
}
