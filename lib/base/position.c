/* Positions in other units than bytes (tongwen/edit.h): a line index and
 * conversions between bytes, code points and UTF-16 units. */
#include <stdlib.h>

#include "internal.h"
#include "tongwen/edit.h"
#include "utf8.h"

struct tw_lines {
	const char *text;
	size_t len;
	size_t *starts; /* byte offset of each line's first byte */
	size_t n;
};

/* Units a character led by byte b counts for. */
static size_t char_units(unsigned char b, size_t seqlen, tw_unit unit)
{
	switch (unit) {
	case TW_UNIT_BYTE:
		return seqlen;
	case TW_UNIT_CODEPOINT:
		return 1;
	default:
		return b >= 0xF0 ? 2 : 1;
	}
}

/* Byte offset reached after n units from s (stopping at len and at the
 * start of a character the count ends inside). */
static size_t bytes_for_units(const char *s, size_t len, size_t n, tw_unit unit)
{
	size_t pos = 0, units = 0;
	while (pos < len) {
		unsigned char b = (unsigned char)s[pos];
		size_t sl = utf8_seqlen(b);
		if (sl == 0 || pos + sl > len)
			sl = 1;
		size_t u = char_units(b, sl, unit);
		if (units + u > n)
			break;
		units += u;
		pos += sl;
	}
	return pos;
}

/* Units in s[0..n) (n at a character boundary or len). */
static size_t units_for_bytes(const char *s, size_t n, tw_unit unit)
{
	size_t pos = 0, units = 0;
	while (pos < n) {
		unsigned char b = (unsigned char)s[pos];
		size_t sl = utf8_seqlen(b);
		if (sl == 0)
			sl = 1;
		if (pos + sl > n)
			break;
		units += char_units(b, sl, unit);
		pos += sl;
	}
	return units;
}

size_t tw_unit_convert(const char *s, size_t len, size_t n, tw_unit from, tw_unit to)
{
	if (!s)
		return 0;
	size_t bytes = bytes_for_units(s, len, n, from);
	return units_for_bytes(s, bytes, to);
}

int tw_lines_new(tw_lines **out, const char *text, size_t len, tw_error *err)
{
	if (!out)
		return tw_fail(err, TW_EINVAL, 0, "tw_lines_new: out is NULL");
	*out = NULL;
	if (!text && len)
		return tw_fail(err, TW_EINVAL, 0, "tw_lines_new: text is NULL");
	size_t bad;
	if (len && tw_utf8_validate(text, len, &bad))
		return tw_fail(err, TW_EUTF8, bad, "invalid UTF-8 at byte %zu", bad);
	size_t n = 1;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n')))
			n++;
	tw_lines *l = malloc(sizeof *l);
	size_t *starts = malloc(n * sizeof *starts);
	if (!l || !starts) {
		free(l);
		free(starts);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	size_t k = 0;
	starts[k++] = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n')))
			starts[k++] = i + 1;
	l->text = text;
	l->len = len;
	l->starts = starts;
	l->n = n;
	*out = l;
	return TW_OK;
}

void tw_lines_free(tw_lines *lines)
{
	if (!lines)
		return;
	free(lines->starts);
	free(lines);
}

size_t tw_lines_count(const tw_lines *lines)
{
	return lines ? lines->n : 0;
}

/* Length of line i without its break. */
static size_t line_length(const tw_lines *l, size_t i)
{
	size_t start = l->starts[i];
	size_t end = i + 1 < l->n ? l->starts[i + 1] : l->len;
	if (i + 1 < l->n) {
		if (end > start && l->text[end - 1] == '\n')
			end--;
		if (end > start && l->text[end - 1] == '\r')
			end--;
	}
	return end - start;
}

int tw_lines_span(size_t *start, size_t *length, const tw_lines *lines, size_t line)
{
	if (!lines || line >= lines->n)
		return TW_EINVAL;
	if (start)
		*start = lines->starts[line];
	if (length)
		*length = line_length(lines, line);
	return TW_OK;
}

int tw_lines_position(size_t *line, size_t *column, const tw_lines *lines, size_t offset,
                      tw_unit unit)
{
	if (!lines || offset > lines->len)
		return TW_EINVAL;
	/* the last line starting at or before offset */
	size_t lo = 0, hi = lines->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (lines->starts[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	size_t start = lines->starts[lo], ll = line_length(lines, lo);
	size_t within = offset - start;
	if (within > ll)
		within = ll;
	if (line)
		*line = lo;
	if (column)
		*column = units_for_bytes(lines->text + start, within, unit);
	return TW_OK;
}

size_t tw_lines_offset(const tw_lines *lines, size_t line, size_t column, tw_unit unit)
{
	if (!lines)
		return 0;
	if (line >= lines->n)
		return lines->len;
	size_t start = lines->starts[line];
	return start + bytes_for_units(lines->text + start, line_length(lines, line), column, unit);
}
