/* LSP base protocol framing: header blocks ("Content-Length: N", optional
 * "Content-Type") ended by an empty line, then N bytes of JSON. A client
 * that sends garbage loses that message, not the session: the reader
 * resynchronises at the next "Content-Length" header. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lsp.h"

int lsp_reader_push(lsp_reader *r, const char *data, size_t n)
{
	if (r->skip) {
		size_t k = n < r->skip ? n : r->skip;
		r->skip -= k;
		data += k;
		n -= k;
	}
	if (!n)
		return 0;
	if (r->start) {
		memmove(r->buf, r->buf + r->start, r->len - r->start);
		r->len -= r->start;
		r->start = 0;
	}
	if (r->len + n > r->cap) {
		size_t cap = r->cap ? r->cap : 4096;
		while (cap < r->len + n)
			cap *= 2;
		char *g = realloc(r->buf, cap);
		if (!g)
			return -1;
		r->buf = g;
		r->cap = cap;
	}
	memcpy(r->buf + r->len, data, n);
	r->len += n;
	return 0;
}

void lsp_reader_free(lsp_reader *r)
{
	free(r->buf);
	memset(r, 0, sizeof *r);
}

static const char *find(const char *h, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(h + i, needle, k))
			return h + i;
	return NULL;
}

/* Drops bytes up to the next header that could start a message. */
static void resync(lsp_reader *r)
{
	const char *p = r->buf + r->start + 1, *end = r->buf + r->len;
	for (; p < end; p++)
		if ((*p == 'C' || *p == 'c') && (size_t)(end - p) >= 15 &&
		    !strncasecmp(p, "Content-Length:", 15))
			break;
	if (p >= end) {
		/* keep a tail that may be the start of the next header */
		const char *from = r->buf + r->start + 1;
		const char *q = end - from < 14 ? from : end - 14;
		while (q < end && strncasecmp(q, "Content-Length:", (size_t)(end - q)))
			q++;
		r->start = (size_t)(q - r->buf);
		return;
	}
	r->start = (size_t)(p - r->buf);
}

int lsp_reader_next(lsp_reader *r, const char **body, size_t *n, const char **what)
{
	size_t avail = r->len - r->start;
	if (!avail)
		return 0; /* before any read r->buf is NULL, and NULL + 0 is undefined */
	const char *h = r->buf + r->start;
	size_t scan = avail < LSP_MAX_HEADER ? avail : LSP_MAX_HEADER;
	const char *eoh = find(h, scan, "\r\n\r\n");
	if (!eoh) {
		if (avail < LSP_MAX_HEADER)
			return 0;
		*what = "header block too long or not ended by an empty line";
		resync(r);
		return -1;
	}
	size_t hlen = (size_t)(eoh - h) + 4;
	long long length = -1;
	int bad = 0;
	for (const char *line = h; line < eoh;) {
		const char *nl = find(line, (size_t)(eoh - line) + 2, "\r\n");
		size_t ll = (size_t)(nl - line);
		if (ll >= 15 && !strncasecmp(line, "Content-Length:", 15)) {
			const char *p = line + 15, *e = line + ll;
			while (p < e && (*p == ' ' || *p == '\t'))
				p++;
			long long v = 0;
			int digits = 0;
			while (p < e && *p >= '0' && *p <= '9' && v <= (long long)LSP_MAX_BODY) {
				v = v * 10 + (*p++ - '0');
				digits++;
			}
			while (p < e && (*p == ' ' || *p == '\t'))
				p++;
			if (!digits || p != e)
				bad = 1;
			length = v;
		} else if (!(ll >= 13 && !strncasecmp(line, "Content-Type:", 13))) {
			bad = 1;
		}
		line = nl + 2;
	}
	if (bad || length < 0) {
		*what = "malformed header (want Content-Length: N)";
		resync(r);
		return -1;
	}
	if ((size_t)length > LSP_MAX_BODY) {
		*what = "message too large";
		size_t have = avail - hlen;
		r->skip = (size_t)length - (have < (size_t)length ? have : (size_t)length);
		r->start += hlen + (have < (size_t)length ? have : (size_t)length);
		return -1;
	}
	if (avail - hlen < (size_t)length)
		return 0;
	*body = h + hlen;
	*n = (size_t)length;
	r->start += hlen + (size_t)length;
	return 1;
}
