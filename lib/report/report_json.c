/* The JSON format: one array of finding objects, each naming its file, in
 * the order of the files and then of the findings (report_writer.c writes
 * the array). Units are documented in tongwen/report.h.
 *
 * A finding is written here byte for byte as jansson's json_dumps wrote
 * it (JSON_INDENT(2), keys in insertion order, no JSON_ENSURE_ASCII or
 * JSON_ESCAPE_SLASH), nested one level in the array. Building a jansson
 * object, dumping it and re-indenting the dump cost a quarter of a CLI
 * check of term-dense copy, some 70,000 instructions a finding; the
 * fields are a fixed few strings and integers. */
#include <stdio.h>
#include <string.h>

#include "report_internal.h"
#include "utf8.h"

/* A JSON string as jansson writes it: ", \ and the control characters
 * escaped (\b \f \n \r \t, else \u00XX in upper-case hex), the rest as
 * is. NULL or invalid UTF-8 made jansson's value NULL and the report
 * fail: TW_ENOMEM, as then. */
static int put_string(buf *b, const char *s, size_t n)
{
	if (!s || utf8_valid_prefix(s, n) != n)
		return TW_ENOMEM;
	if (buf_reserve(b, n + 3))
		return TW_ENOMEM;
	b->data[b->len++] = '"';
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		char esc[8];
		size_t el = 2;
		esc[0] = '\\';
		switch (ch) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default: el = (size_t)snprintf(esc, sizeof esc, "\\u%04X", ch); break;
		}
		if (buf_append(b, s + run, i - run) || buf_append(b, esc, el))
			return TW_ENOMEM;
		run = i + 1;
	}
	if (buf_append(b, s + run, n - run) || buf_append(b, "\"", 1))
		return TW_ENOMEM;
	return TW_OK;
}

static int put_cstring(buf *b, const char *s)
{
	return put_string(b, s, s ? strlen(s) : 0);
}

/* ",\n    \"key\": " (the first key without the comma). */
static int put_key(buf *b, const char *key, int first)
{
	static const char sep[] = ",\n    \"";
	size_t kl = strlen(key);
	if (buf_reserve(b, sizeof sep + kl + 3))
		return TW_ENOMEM;
	const char *p = first ? sep + 1 : sep;
	size_t pl = first ? sizeof sep - 2 : sizeof sep - 1;
	memcpy(b->data + b->len, p, pl);
	b->len += pl;
	memcpy(b->data + b->len, key, kl);
	b->len += kl;
	memcpy(b->data + b->len, "\": ", 3);
	b->len += 3;
	b->data[b->len] = '\0';
	return TW_OK;
}

/* The integer as jansson printed a json_int_t ("%lld" of the value cast),
 * digits by hand: snprintf was most of a finding's cost once jansson was
 * gone. */
static int put_int(buf *b, const char *key, size_t v)
{
	char num[24], *p = num + sizeof num;
	int64_t x = (int64_t)v;
	uint64_t u = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (x < 0)
		*--p = '-';
	return put_key(b, key, 0) || buf_append(b, p, (size_t)(num + sizeof num - p)) ? TW_ENOMEM
	                                                                               : TW_OK;
}

int report_json_one(buf *b, const char *name, const tw_finding *x, const report_text *t)
{
	size_t off, len, start = b->len;
	report_span(t, x, &off, &len);
	int rc = buf_append(b, "{", 1);
	rc = rc ? rc : put_key(b, "file", 1);
	rc = rc ? rc : put_cstring(b, name);
	rc = rc ? rc : put_key(b, "rule", 0);
	rc = rc ? rc : put_cstring(b, x->rule);
	rc = rc ? rc : put_key(b, "severity", 0);
	rc = rc ? rc : put_cstring(b, report_severity_name(x->severity));
	rc = rc ? rc : put_key(b, "message", 0);
	rc = rc ? rc : put_cstring(b, x->message);
	rc = rc ? rc : put_key(b, "text", 0);
	rc = rc ? rc : put_string(b, t->s + (off - t->base), len);
	rc = rc ? rc : put_key(b, "suggestions", 0);
	if (!rc && !x->n_suggestions)
		rc = buf_append(b, "[]", 2);
	for (size_t i = 0; i < x->n_suggestions && !rc; i++) {
		rc = buf_append(b, i ? ",\n      " : "[\n      ", 8);
		rc = rc ? rc : put_cstring(b, x->suggestions[i]);
	}
	if (!rc && x->n_suggestions)
		rc = buf_append(b, "\n    ]", 6);
	rc = rc ? rc : put_int(b, "line", x->line);
	rc = rc ? rc : put_int(b, "column", x->column);
	rc = rc ? rc : put_int(b, "end_line", x->end_line);
	rc = rc ? rc : put_int(b, "end_column", x->end_column);
	rc = rc ? rc : put_int(b, "column_utf16", x->column_u16);
	rc = rc ? rc : put_int(b, "end_column_utf16", x->end_column_u16);
	rc = rc ? rc : put_int(b, "byte_offset", off);
	rc = rc ? rc : put_int(b, "byte_length", len);
	rc = rc ? rc : put_key(b, "note", 0);
	if (!rc)
		rc = x->note ? put_cstring(b, x->note) : buf_append(b, "null", 4);
	rc = rc ? rc : buf_append(b, "\n  }", 4);
	if (rc && b->data) { /* nothing half-written, as when jansson failed */
		b->len = start;
		b->data[start] = '\0';
	}
	return rc;
}
