/* JSON Lines records: the named top-level string fields of a record are
 * converted and spliced back into the line, so keys, their order, every
 * other value, numbers and spacing stay byte for byte.
 *
 * jansson validates and decodes the record (one parse a record: a bad line
 * is an error before anything is written); the splice is ours: a scanner
 * finds where a member's value lies in the already valid line. A string
 * written with \u escapes only is written back the same way, so an
 * ASCII-only producer gets ASCII back. Every buffer is the converter's and
 * kept between records: a record allocates nothing once the buffers are as
 * large as the largest record so far. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc_internal.h"
#include "utf8.h"

/* A named field's replacement: the byte range of its value in the line and
 * its converted text in the converter's conv buffer. */
typedef struct splice {
	size_t start, end;
	size_t off, len; /* in conv */
	int ascii;
} splice;

struct tw_jsonl {
	const tw_profile *profile;
	char **fields;
	size_t *field_len;
	size_t n_fields;
	splice *splices;
	struct {
		size_t start, end;
		int count;
	} *at; /* where each field's value lies in the current line */
	buf out;      /* the record written */
	buf conv;     /* converted field values, one after another */
	buf head;     /* the register window's text */
	char *scratch; /* tw_convert_into's buffer */
	size_t scratch_cap;
};

/* ---------------------------------------------------------------- scanning */

static size_t skip_ws(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* s[i] is '"': the offset after the closing quote. Long values are most
 * of a record, so the quote is found with memchr, a backslash before it
 * with another. */
static size_t skip_string(const char *s, size_t i, size_t n)
{
	for (i++; i < n;) {
		const char *q = memchr(s + i, '"', n - i);
		size_t qi = q ? (size_t)(q - s) : n;
		const char *b = memchr(s + i, '\\', qi - i);
		if (!b)
			return qi + 1;
		i = (size_t)(b - s) + 2; /* the escaped character is skipped */
	}
	return i + 1;
}

static size_t skip_value(const char *s, size_t i, size_t n)
{
	if (s[i] == '"')
		return skip_string(s, i, n);
	if (s[i] == '{' || s[i] == '[') {
		int depth = 0;
		for (; i < n; i++) {
			if (s[i] == '"') {
				i = skip_string(s, i, n) - 1;
			} else if (s[i] == '{' || s[i] == '[') {
				depth++;
			} else if ((s[i] == '}' || s[i] == ']') && --depth == 0) {
				return i + 1;
			}
		}
		return n;
	}
	while (i < n && !strchr(",}] \t\r\n", s[i]))
		i++;
	return i;
}

/* Whether the string token s[0..n) (quotes included) is the key. A token
 * without escapes is compared as bytes; one with escapes is decoded by
 * jansson first. */
static int key_is(const char *s, size_t n, const char *key, size_t key_len)
{
	if (!memchr(s + 1, '\\', n - 2))
		return n - 2 == key_len && !memcmp(s + 1, key, key_len);
	json_t *k = json_loadb(s, n, JSON_DECODE_ANY, NULL);
	int match = k && json_is_string(k) && json_string_length(k) == key_len &&
	            !memcmp(json_string_value(k), key, key_len);
	json_decref(k);
	return match;
}

/* Where each named field's value lies in the line, which jansson has
 * validated (the scanner only finds bounds): one pass over the top-level
 * members, counting each name's occurrences up to 2. jansson keeps the
 * last of two members with one name, and which occurrence a splice should
 * replace is anyone's guess, so a record that names a field twice is
 * refused. */
static void locate_fields(tw_jsonl *j, const char *s, size_t n)
{
	for (size_t f = 0; f < j->n_fields; f++)
		j->at[f].count = 0;
	size_t i = skip_ws(s, 0, n);
	if (i >= n || s[i] != '{')
		return;
	i = skip_ws(s, i + 1, n);
	while (i < n && s[i] == '"') {
		size_t kend = skip_string(s, i, n);
		size_t f = 0;
		while (f < j->n_fields && !key_is(s + i, kend - i, j->fields[f], j->field_len[f]))
			f++;
		i = skip_ws(s, kend, n);
		i = skip_ws(s, i + 1, n); /* ':' */
		size_t vend = skip_value(s, i, n);
		if (f < j->n_fields && j->at[f].count++ == 0) {
			j->at[f].start = i;
			j->at[f].end = vend;
		}
		i = skip_ws(s, vend, n);
		if (i < n && s[i] == ',')
			i = skip_ws(s, i + 1, n);
		else
			break;
	}
}

/* Whether a string token is written in ASCII with \u escapes for
 * non-ASCII (json.dumps' default): then the converted value is too. */
static int ascii_style(const char *tok, size_t n)
{
	int escaped = 0;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)tok[i] >= 0x80)
			return 0;
		if (tok[i] == '\\' && i + 1 < n && tok[i + 1] == 'u')
			escaped = 1;
	}
	return escaped;
}

/* ---------------------------------------------------------------- writing */

static int put_u(buf *b, unsigned v)
{
	static const char hex[] = "0123456789abcdef";
	char e[6] = {'\\', 'u', hex[v >> 12 & 15], hex[v >> 8 & 15], hex[v >> 4 & 15], hex[v & 15]};
	return buf_append(b, e, sizeof e);
}

/* The bytes a JSON string holds as they are, a bit each: printable ASCII
 * but '"' and '\\', and (first table) the bytes of UTF-8 sequences; the
 * second table is ASCII output, which escapes those. */
static const uint64_t as_is[2][4] = {
	{UINT64_C(0xfffffffb00000000), UINT64_C(0x7fffffffefffffff), ~UINT64_C(0), ~UINT64_C(0)},
	{UINT64_C(0xfffffffb00000000), UINT64_C(0x7fffffffefffffff), 0, 0},
};

/* Appends s[0..n) as a JSON string; ascii: non-ASCII as \u escapes
 * (surrogate pairs beyond the BMP). Runs that need no escape are copied
 * whole. */
static int put_string(buf *b, const char *s, size_t n, int ascii)
{
	const uint64_t *plain = as_is[ascii != 0];
	int rc = buf_append(b, "\"", 1);
	size_t run = 0;
	for (size_t i = 0; i < n && !rc;) {
		unsigned char c = (unsigned char)s[i];
		if ((plain[c >> 6] >> (c & 63)) & 1) {
			i++;
			continue;
		}
		rc = buf_append(b, s + run, i - run);
		if (rc)
			break;
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			rc = buf_append(b, e, 2);
			i++;
		} else if (c < 0x80) {
			static const char short_esc[] = "btn\0fr";
			if (c >= 8 && c <= 13 && c != 11 && short_esc[c - 8]) {
				char e[2] = {'\\', short_esc[c - 8]};
				rc = buf_append(b, e, 2);
			} else {
				rc = put_u(b, c);
			}
			i++;
		} else {
			size_t len;
			uint32_t cp = utf8_decode((const unsigned char *)s + i, n - i, &len);
			if (cp >= 0x10000)
				rc = put_u(b, 0xd800 + ((cp - 0x10000) >> 10)) ||
				     put_u(b, 0xdc00 + ((cp - 0x10000) & 0x3ff));
			else
				rc = put_u(b, cp);
			i += len;
		}
		run = i;
	}
	if (!rc)
		rc = buf_append(b, s + run, n - run);
	return rc ? rc : buf_append(b, "\"", 1);
}

/* ---------------------------------------------------------------- records */

int tw_jsonl_new(tw_jsonl **out, const tw_profile *profile, const char *const *fields,
                 size_t n_fields, tw_error *err)
{
	*out = NULL;
	if (!profile || !fields || !n_fields)
		return tw_fail(err, TW_EINVAL, 0, "no profile or no field to convert");
	for (size_t i = 0; i < n_fields; i++) {
		if (!fields[i] || !fields[i][0])
			return tw_fail(err, TW_EINVAL, 0, "empty field name");
		for (size_t k = 0; k < i; k++)
			if (!strcmp(fields[k], fields[i]))
				return tw_fail(err, TW_EINVAL, 0, "field \"%s\" named twice",
				               fields[i]);
	}
	tw_jsonl *j = calloc(1, sizeof *j);
	if (!j)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	j->profile = profile;
	j->fields = calloc(n_fields, sizeof *j->fields);
	j->field_len = calloc(n_fields, sizeof *j->field_len);
	j->splices = calloc(n_fields, sizeof *j->splices);
	j->at = calloc(n_fields, sizeof *j->at);
	int ok = j->fields && j->field_len && j->splices && j->at;
	for (size_t i = 0; ok && i < n_fields; i++) {
		j->field_len[i] = strlen(fields[i]);
		ok = (j->fields[i] = str_dup_n(fields[i], j->field_len[i])) != NULL;
		j->n_fields = i + 1;
	}
	if (!ok) {
		tw_jsonl_free(j);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	*out = j;
	return TW_OK;
}

void tw_jsonl_free(tw_jsonl *j)
{
	if (!j)
		return;
	for (size_t i = 0; j->fields && i < j->n_fields; i++)
		free(j->fields[i]);
	free(j->fields);
	free(j->field_len);
	free(j->splices);
	free(j->at);
	buf_release(&j->out);
	buf_release(&j->conv);
	buf_release(&j->head);
	free(j->scratch);
	free(j);
}

/* The named field's string value: 1 with it, 0 when absent or null, or a
 * TW_EFORMAT error when it is another type. */
static int field_value(json_t *rec, const char *name, const char **v, size_t *len, tw_error *err)
{
	json_t *x = json_object_get(rec, name);
	if (!x || json_is_null(x))
		return 0;
	if (!json_is_string(x))
		return tw_fail(err, TW_EFORMAT, 0, "field \"%s\" is not a string", name);
	*v = json_string_value(x);
	*len = json_string_length(x);
	return 1;
}

/* The profile for the record (an article): its register is read from the
 * named fields' text, in field order, one line each, as a document's from
 * its first TW_REGISTER_WINDOW bytes. */
static int record_profile(tw_jsonl *j, json_t *rec, const tw_profile **prof, tw_error *err)
{
	j->head.len = 0;
	for (size_t i = 0; i < j->n_fields && j->head.len < TW_REGISTER_WINDOW; i++) {
		json_t *x = json_object_get(rec, j->fields[i]);
		if (!json_is_string(x))
			continue; /* reported where it is converted */
		size_t n = json_string_length(x), room = TW_REGISTER_WINDOW - j->head.len;
		if (buf_append(&j->head, json_string_value(x), n < room ? n : room) ||
		    (j->head.len < TW_REGISTER_WINDOW && buf_append(&j->head, "\n", 1)))
			return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	return tw_profile_for_document(prof, j->profile, j->head.data ? j->head.data : "",
	                               j->head.len, err);
}

int tw_jsonl_convert(tw_jsonl *j, const char *line, size_t len, const char **out,
                     size_t *out_len, tw_error *err)
{
	*out = NULL;
	*out_len = 0;
	json_error_t je;
	json_t *rec = json_loadb(line, len, 0, &je);
	if (!rec)
		return tw_fail(err, TW_EFORMAT, (size_t)je.position,
		               "invalid JSON at column %d: %s", je.column, je.text);
	int rc = TW_OK;
	const tw_profile *prof = NULL;
	if (!json_is_object(rec))
		rc = tw_fail(err, TW_EFORMAT, 0, "not a JSON object");
	else
		rc = record_profile(j, rec, &prof, err);
	if (!rc)
		locate_fields(j, line, len);
	size_t n = 0; /* splices, in line order */
	j->conv.len = 0;
	for (size_t i = 0; i < j->n_fields && !rc; i++) {
		const char *v = NULL;
		size_t vlen = 0, clen;
		int has = field_value(rec, j->fields[i], &v, &vlen, err);
		if (has <= 0) {
			rc = has;
			continue;
		}
		if ((rc = tw_convert_into(&j->scratch, &j->scratch_cap, &clen, prof, v, vlen, err))) {
			char why[sizeof err->message];
			memcpy(why, err->message, sizeof why);
			rc = tw_fail(err, rc, 0, "field \"%s\": %s", j->fields[i], why);
			break;
		}
		if (j->at[i].count != 1) {
			rc = tw_fail(err, TW_EFORMAT, 0,
			             j->at[i].count ? "field \"%s\" appears more than once"
			                            : "field \"%s\": cannot locate it",
			             j->fields[i]);
			break;
		}
		splice sp = {j->at[i].start, j->at[i].end, j->conv.len, clen, 0};
		if (clen == vlen && !memcmp(j->scratch, v, vlen))
			continue;
		if (buf_append(&j->conv, j->scratch, clen)) {
			rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
			break;
		}
		sp.ascii = ascii_style(line + sp.start, sp.end - sp.start);
		size_t k = n++;
		while (k > 0 && j->splices[k - 1].start > sp.start) {
			j->splices[k] = j->splices[k - 1];
			k--;
		}
		j->splices[k] = sp;
	}
	json_decref(rec);
	if (rc)
		return rc;
	j->out.len = 0;
	size_t pos = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const splice *sp = &j->splices[i];
		rc = buf_append(&j->out, line + pos, sp->start - pos) ||
		     put_string(&j->out, j->conv.data + sp->off, sp->len, sp->ascii);
		pos = sp->end;
	}
	/* buf_append leaves the buffer NUL-terminated */
	if (rc || buf_append(&j->out, line + pos, len - pos))
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	*out = j->out.data;
	*out_len = j->out.len;
	return TW_OK;
}
