/* Legacy encodings (Big5-HKSCS, Big5, GB18030, GBK, UTF-16 …) through iconv:
 * input is decoded to UTF-8 before anything else, output encoded after.
 * Errors name the byte offset in the original (decoding) or the line and
 * column of the character (encoding). */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "doc_internal.h"

int tw_encoding_is_utf8(const char *e)
{
	return !e || !*e || ascii_ieq(e, strlen(e), "utf-8") || ascii_ieq(e, strlen(e), "utf8");
}

/* Runs iconv over the whole input; on a fault *bad is its input offset and
 * the return value errno (EILSEQ: invalid or unrepresentable, EINVAL:
 * truncated). */
static int run_iconv(char **out, size_t *out_len, const char *from, const char *to,
                     const char *data, size_t len, size_t *bad, int *code)
{
	*out = NULL;
	*code = TW_OK;
	iconv_t cd = iconv_open(to, from);
	if (cd == (iconv_t)-1) {
		*code = TW_EINVAL;
		return EINVAL;
	}
	size_t cap = len * 2 + 16, used = 0;
	char *o = malloc(cap + 1);
	char *in = (char *)data;
	size_t left = len;
	int fault = 0;
	while (o) {
		char *op = o + used;
		size_t room = cap - used;
		size_t r = iconv(cd, left ? &in : NULL, left ? &left : NULL, &op, &room);
		used = (size_t)(op - o);
		if (r != (size_t)-1 && !left) {
			if (iconv(cd, NULL, NULL, &op, &room) == (size_t)-1 && errno == E2BIG) {
				used = (size_t)(op - o);
				goto grow;
			}
			used = (size_t)(op - o);
			break;
		}
		if (r == (size_t)-1 && errno != E2BIG) {
			fault = errno;
			*bad = (size_t)(in - data);
			break;
		}
	grow:
		cap *= 2;
		char *g = realloc(o, cap + 1);
		if (!g) {
			free(o);
			o = NULL;
		}
		o = g;
	}
	iconv_close(cd);
	if (!o) {
		*code = TW_ENOMEM;
		return ENOMEM;
	}
	if (fault) {
		free(o);
		return fault;
	}
	o[used] = '\0';
	*out = o;
	*out_len = used;
	return 0;
}

int tw_decode(char **out, size_t *out_len, const char *data, size_t len, const char *encoding,
              tw_error *err)
{
	if (!out || (!data && len))
		return tw_fail(err, TW_EINVAL, 0, "tw_decode: NULL argument");
	size_t bad = 0;
	int code;
	if (tw_encoding_is_utf8(encoding)) {
		if (tw_utf8_validate(data, len, &bad))
			return tw_fail(err, TW_EUTF8, bad, "invalid UTF-8 at byte offset %zu", bad);
		char *c = malloc(len + 1);
		if (!c)
			return tw_fail(err, TW_ENOMEM, 0, "out of memory");
		memcpy(c, data, len);
		c[len] = '\0';
		*out = c;
		*out_len = len;
		return TW_OK;
	}
	int e = run_iconv(out, out_len, encoding, "UTF-8", data ? data : "", len, &bad, &code);
	if (code == TW_EINVAL)
		return tw_fail(err, TW_EINVAL, 0, "unknown encoding '%s'", encoding);
	if (code)
		return tw_fail(err, code, 0, "out of memory");
	if (e == EINVAL)
		return tw_fail(err, TW_EUTF8, bad, "truncated %s sequence at byte offset %zu", encoding, bad);
	if (e)
		return tw_fail(err, TW_EUTF8, bad, "invalid %s at byte offset %zu", encoding, bad);
	return TW_OK;
}

int tw_encode(char **out, size_t *out_len, const char *utf8, size_t len, const char *encoding,
              tw_error *err)
{
	if (!out || (!utf8 && len))
		return tw_fail(err, TW_EINVAL, 0, "tw_encode: NULL argument");
	size_t bad = 0;
	int code;
	if (tw_encoding_is_utf8(encoding))
		return tw_decode(out, out_len, utf8, len, NULL, err);
	if (tw_utf8_validate(utf8, len, &bad))
		return tw_fail(err, TW_EUTF8, bad, "invalid UTF-8 at byte offset %zu", bad);
	int e = run_iconv(out, out_len, "UTF-8", encoding, utf8 ? utf8 : "", len, &bad, &code);
	if (code == TW_EINVAL)
		return tw_fail(err, TW_EINVAL, 0, "unknown encoding '%s'", encoding);
	if (code)
		return tw_fail(err, code, 0, "out of memory");
	if (e) {
		size_t line = 1, col = 1;
		for (size_t i = 0; i < bad; i++) {
			if (utf8[i] == '\n')
				line++, col = 1;
			else if (((unsigned char)utf8[i] & 0xC0) != 0x80)
				col++;
		}
		unsigned char c = (unsigned char)utf8[bad];
		size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		unsigned long cp = k == 1 ? c : k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
		for (size_t j = 1; j < k && bad + j < len; j++)
			cp = (cp << 6) | ((unsigned char)utf8[bad + j] & 0x3F);
		return tw_fail(err, TW_EFORMAT, bad,
		               "line %zu, column %zu: U+%04lX cannot be written in %s", line, col, cp,
		               encoding);
	}
	return TW_OK;
}

/* The value of a charset= / encoding= declaration at p, copied to name. */
static int copy_name(const char *p, const char *end, char *name, size_t cap)
{
	while (p < end && (*p == ' ' || *p == '"' || *p == '\'' || *p == '='))
		p++;
	size_t n = 0;
	while (p + n < end && n + 1 < cap &&
	       ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
	        (p[n] >= '0' && p[n] <= '9') || p[n] == '-' || p[n] == '_' || p[n] == '.'))
		n++;
	if (!n)
		return 0;
	memcpy(name, p, n);
	name[n] = '\0';
	return 1;
}

static const char *find_ci(const char *s, const char *end, const char *w)
{
	size_t k = strlen(w);
	for (; s + k <= end; s++)
		if (ascii_ieq(s, k, w))
			return s;
	return NULL;
}

const char *tw_encoding_sniff(char *name, size_t cap, const char *data, size_t len, tw_markup m)
{
	if (!name || cap < 16)
		return NULL;
	if (len >= 2 && ((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE))
		return strcpy(name, "UTF-16");
	if (len >= 2 && ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))
		return strcpy(name, "UTF-16");
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		return strcpy(name, "UTF-8");
	/* declarations sit near the top (HTML's prescan reads 1024 bytes) */
	const char *end = data + (len < 1024 ? len : 1024);
	if (m == TW_MARKUP_XML || m == TW_MARKUP_HTML) {
		if (len >= 5 && !memcmp(data, "<?xml", 5)) {
			const char *close = find_ci(data, end, "?>");
			const char *enc = find_ci(data, close ? close : end, "encoding");
			if (enc && copy_name(enc + 8, end, name, cap))
				return name;
		}
	}
	if (m == TW_MARKUP_HTML) {
		for (const char *p = data; (p = find_ci(p, end, "<meta")); p += 5) {
			const char *gt = memchr(p, '>', (size_t)(end - p));
			const char *cs = find_ci(p, gt ? gt : end, "charset");
			if (cs && copy_name(cs + 7, gt ? gt : end, name, cap))
				return name;
		}
	}
	return NULL;
}
