/* Web addresses in running text (see url.h). */
#include "url.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

int url_stop(const unsigned char *u, size_t n)
{
	if (u[0] <= ' ' || u[0] == '<' || u[0] == '>' || u[0] == '`')
		return 1;
	if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80)
		return 1;
	if (n >= 3 && u[0] == 0xE2 && (u[1] == 0x80 || u[1] == 0x81))
		return 1;
	if (n >= 3 && u[0] == 0xEF && (u[1] == 0xBC || u[1] == 0xBD))
		return 1;
	return 0;
}

static int scheme_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '-' || c == '.';
}

static int is_scheme(const char *s, size_t n, const char *want)
{
	if (strlen(want) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((s[i] | 0x20) != want[i])
			return 0;
	return 1;
}

/* url_trim with open_at, the offset of the address's first '(' (SIZE_MAX:
 * none), known to the caller. */
static size_t trim_at(const char *s, size_t start, size_t end, size_t open_at)
{
	while (end > start && strchr(".,:;!?\"'*_~", s[end - 1]))
		end--;
	if (end > start && s[end - 1] == ')' && open_at >= end)
		end--;
	return end;
}

static size_t first_open(const char *s, size_t start, size_t end)
{
	const char *open = memchr(s + start, '(', end - start);
	return open ? (size_t)(open - s) : SIZE_MAX;
}

size_t url_trim(const char *s, size_t start, size_t end)
{
	return trim_at(s, start, end, first_open(s, start, end));
}

/* End of the address whose scheme ends at p ("://" included). */
static size_t url_end(const char *s, size_t n, size_t start, size_t p)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t end = p, q = p;
	while (q < n && u[q] != '"' && u[q] != 0x7F && !url_stop(u + q, n - q)) {
		if (u[q] < 0x80) {
			end = ++q;
			continue;
		}
		/* outside ASCII: part of the address only if ASCII follows, and
		 * not after the punctuation that ends an address in a sentence:
		 * in (https://a.tw),命題單位指出,…(國中) the commas and brackets
		 * of Taiwan copy's ASCII punctuation are prose (a dot is not:
		 * it parts the labels of a name such as http://的士.數碼/) */
		if (q > p && strchr(",:;!?\"'*~)", u[q - 1]))
			break;
		size_t l = utf8_seqlen(u[q]);
		q += l && l <= n - q ? l : 1;
	}
	/* ... and only if that ASCII is more than the sentence's punctuation:
	 * after [link](https://a.b/)**個人專案** the Markdown emphasis and the
	 * words it holds are prose. Each round takes a run outside ASCII off
	 * the end, so the whole is linear: the first '(' is found once. */
	size_t open_at = first_open(s, start, end);
	for (;;) {
		end = trim_at(s, start, end, open_at);
		if (end <= p || u[end - 1] < 0x80)
			return end;
		while (end > p && u[end - 1] >= 0x80)
			end--;
	}
}

size_t url_next(const char *s, size_t n, size_t from, size_t *len)
{
	for (size_t at = from; at < n;) {
		const char *c = memchr(s + at, ':', n - at);
		if (!c)
			break;
		size_t k = (size_t)(c - s);
		at = k + 1;
		if (n - k < 3 || c[1] != '/' || c[2] != '/')
			continue;
		size_t b = k;
		while (b > from && scheme_char((unsigned char)s[b - 1]))
			b--;
		if (!is_scheme(s + b, k - b, "http") && !is_scheme(s + b, k - b, "https") &&
		    !is_scheme(s + b, k - b, "ftp"))
			continue;
		/* A scheme with nothing after it ("必须包含 https:// 协议", a
		 * guide on typing addresses) is the name of one, not prose. */
		size_t e = url_end(s, n, b, k + 3);
		*len = (e > k + 3 ? e : k + 3) - b;
		return b;
	}
	return n;
}
