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

int report_text(buf *b, const tw_report_file *files, size_t n)
{
	char head[128];
	for (size_t i = 0; i < n; i++) {
		const tw_report_file *f = &files[i];
		if (!f->findings)
			continue;
		for (size_t k = 0; k < f->findings->count; k++) {
			const tw_finding *x = &f->findings->items[k];
			size_t off, len, ls, le;
			report_span(f, x, &off, &len);
			report_line_bounds(f->text, f->len, off, &ls, &le);
			snprintf(head, sizeof head, ":%zu:%zu: %s: ", x->line, x->column,
			         report_severity_name(x->severity));
			if (buf_append(b, f->name, strlen(f->name)) || buf_append(b, head, strlen(head)) ||
			    buf_append(b, x->message, strlen(x->message)) || buf_append(b, " [", 2) ||
			    buf_append(b, x->rule, strlen(x->rule)) || buf_append(b, "]\n", 2))
				return TW_ENOMEM;
			size_t span = off + len <= le ? len : le - off;
			if (put_line(b, f->text + ls, le - ls) || put_carets(b, f->text + ls, off - ls, span))
				return TW_ENOMEM;
		}
	}
	return TW_OK;
}
