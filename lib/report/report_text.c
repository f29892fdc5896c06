/* The human format: "file:line:col: severity: message [rule]", then the
 * source line and a caret line under the span. */
#include <stdio.h>
#include <string.h>

#include "report_internal.h"
#include "utf8.h"

/* Appends the source line, with control characters other than tab shown as
 * '?' so a checked file cannot drive the reader's terminal. */
static int put_line(buf *b, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && ((unsigned char)s[j] >= 0x20 || s[j] == '\t') && s[j] != 0x7F)
			j++;
		if (buf_append(b, s + i, j - i))
			return TW_ENOMEM;
		if (j < len && buf_append(b, "?", 1))
			return TW_ENOMEM;
		i = j < len ? j + 1 : j;
	}
	return buf_append(b, "\n", 1);
}

/* Pads to the span's display column, copying tabs so the carets line up
 * whatever the reader's tab width, then one caret per display cell of the
 * span's part on this line (at least one). */
static int put_carets(buf *b, const char *line, size_t pre, size_t span)
{
	size_t i = 0, n;
	while (i < pre) {
		if (line[i] == '\t') {
			if (buf_append(b, "\t", 1))
				return TW_ENOMEM;
			i++;
			continue;
		}
		uint32_t cp = utf8_decode((const unsigned char *)line + i, pre - i, &n);
		size_t w = (cp < 0x20 || cp == 0x7F) ? 1 : tw_display_width(line + i, n);
		for (size_t k = 0; k < w; k++)
			if (buf_append(b, " ", 1))
				return TW_ENOMEM;
		i += n;
	}
	size_t w = tw_display_width(line + pre, span);
	for (size_t k = 0; k < (w ? w : 1); k++)
		if (buf_append(b, "^", 1))
			return TW_ENOMEM;
	return buf_append(b, "\n", 1);
}

/* Steps back from pos over at most max code points of the line, not
 * before lo; *cut tells whether the line went on. */
static size_t back_cps(const char *s, size_t lo, size_t pos, size_t max, int *cut)
{
	size_t n = 0;
	*cut = 0;
	while (pos > lo && s[pos - 1] != '\n') {
		if (n == max) {
			*cut = 1;
			break;
		}
		pos--;
		while (pos > lo && ((unsigned char)s[pos] & 0xC0) == 0x80)
			pos--;
		n++;
	}
	return pos;
}

/* Steps forward from pos over at most max code points of the line, not
 * past hi; *cut tells whether the line went on. */
static size_t fwd_cps(const char *s, size_t pos, size_t hi, size_t max, int *cut)
{
	size_t n = 0;
	*cut = 0;
	while (pos < hi && s[pos] != '\n') {
		if (n == max) {
			*cut = 1;
			break;
		}
		pos++;
		while (pos < hi && ((unsigned char)s[pos] & 0xC0) == 0x80)
			pos++;
		n++;
	}
	return pos;
}

int report_text_one(buf *b, const char *name, const tw_finding *x, const report_text *t)
{
	char head[128];
	size_t off, len;
	report_span(t, x, &off, &len);
	snprintf(head, sizeof head, ":%zu:%zu: %s: ", x->line, x->column,
	         report_severity_name(x->severity));
	if (buf_append(b, name, strlen(name)) || buf_append(b, head, strlen(head)) ||
	    buf_append(b, x->message, strlen(x->message)) || buf_append(b, " [", 2) ||
	    buf_append(b, x->rule, strlen(x->rule)) || buf_append(b, "]\n", 2))
		return TW_ENOMEM;
	/* The window: up to TW_REPORT_WINDOW code points of the line before
	 * the span, of the span and after it; walking further would make a
	 * long line cost its length for every finding on it. */
	const char *s = t->s;
	size_t o = off - t->base, hi = t->len;
	int cut_before, cut_span, cut_after;
	size_t ws = back_cps(s, 0, o, TW_REPORT_WINDOW, &cut_before);
	size_t se = fwd_cps(s, o, o + len, TW_REPORT_WINDOW, &cut_span);
	size_t we = se;
	cut_after = 0;
	if (!cut_span)
		we = fwd_cps(s, se, hi, TW_REPORT_WINDOW, &cut_after);
	if (!cut_span && !cut_after && we > ws && s[we - 1] == '\r') {
		we--; /* CRLF: the CR is the line's end */
		if (se > we)
			se = we;
	}
	buf quote = {0};
	int rc = TW_OK;
	if (cut_before)
		rc = buf_append(&quote, "\xE2\x80\xA6", 3);
	size_t pre = quote.len + (o - ws);
	if (!rc)
		rc = buf_append(&quote, s + ws, we - ws);
	if (!rc && (cut_span || cut_after))
		rc = buf_append(&quote, "\xE2\x80\xA6", 3);
	if (!rc)
		rc = put_line(b, quote.data ? quote.data : "", quote.len);
	if (!rc)
		rc = put_carets(b, quote.data ? quote.data : "", pre, se - o);
	buf_release(&quote);
	return rc;
}
