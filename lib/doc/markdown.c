/* A Markdown scanner (CommonMark blocks and inlines, GFM tables and
 * autolinks, $…$ math, YAML front matter) that records which bytes are
 * readable. It does not build a tree: Markdown's syntax characters are ASCII,
 * which conversion never changes, so block prefixes (#, >, list markers,
 * table pipes) may stay inside readable runs; what matters is finding code,
 * destinations, URLs, math and HTML exactly. HTML blocks and inline HTML go
 * through the HTML scanner. */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "doc_internal.h"
#include "url.h"

typedef struct md {
	tw_document *d;
	const char *s;
	size_t len;
	html_state *html;
} md;

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

static int is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static size_t line_end(const md *m, size_t p)
{
	const char *nl = memchr(m->s + p, '\n', m->len - p);
	return nl ? (size_t)(nl - m->s) : m->len;
}

static size_t next_line(const md *m, size_t le)
{
	return le < m->len ? le + 1 : m->len;
}

static int blank(const md *m, size_t a, size_t b)
{
	for (; a < b; a++)
		if (!is_space(m->s[a]) && m->s[a] != '\r')
			return 0;
	return 1;
}

static void prose(md *m, size_t a, size_t b)
{
	if (b > a)
		doc_add(m->d, a, b - a, html_in_skip(m->html) ? TW_ROLE_CODE : TW_ROLE_PROSE, 0);
}

/* ---------------------------------------------------------------- inlines */

/* Length of a bare URL at p (http://, https://, www.), or 0. */
static size_t bare_url(const md *m, size_t p, size_t end)
{
	const char *s = m->s + p;
	size_t n = end - p;
	if (p > 0 && (is_alnum(s[-1]) || s[-1] == '/' || s[-1] == '@'))
		return 0;
	if (!((n > 8 && !memcmp(s, "https://", 8)) || (n > 7 && !memcmp(s, "http://", 7)) ||
	      (n > 6 && !memcmp(s, "ftp://", 6)) || (n > 4 && !memcmp(s, "www.", 4))))
		return 0;
	size_t k = 0;
	while (k < n && !url_stop((const unsigned char *)s + k, n - k))
		k++;
	return url_trim(s, 0, k);
}

/* A closing run of exactly n backticks after p, or end. */
static size_t code_close(const md *m, size_t p, size_t end, size_t n)
{
	while (p < end) {
		const char *b = memchr(m->s + p, '`', end - p);
		if (!b)
			return end;
		size_t q = (size_t)(b - m->s), k = 0;
		while (q + k < end && m->s[q + k] == '`')
			k++;
		if (k == n)
			return q;
		p = q + k;
	}
	return end;
}

/* Inline math $…$: the opening $ follows no letter or digit (HK$10 is
 * money) and precedes a non-space; the closing $ follows a non-space and
 * precedes no digit. Returns the offset after the closing $, or 0. */
static size_t math_end(const md *m, size_t p, size_t end)
{
	const char *s = m->s;
	if (p > 0 && (is_alnum(s[p - 1]) || s[p - 1] == '$' || s[p - 1] == '\\'))
		return 0;
	size_t open = p + 1 < end && s[p + 1] == '$' ? 2 : 1;
	size_t q = p + open;
	if (q >= end || is_space(s[q]) || s[q] == '\n')
		return 0;
	for (; q < end; q++) {
		if (s[q] == '\\') {
			q++;
			continue;
		}
		if (s[q] == '\n' && q + 1 < end && s[q + 1] == '\n')
			return 0;
		if (s[q] != '$' || is_space(s[q - 1]) || s[q - 1] == '\n')
			continue;
		if (open == 2 && !(q + 1 < end && s[q + 1] == '$'))
			continue;
		size_t after = q + open;
		if (after < end && s[after] >= '0' && s[after] <= '9')
			continue;
		return after;
	}
	return 0;
}

/* End of an autolink <scheme:…> or <address@host>, or 0. */
static size_t autolink_end(const md *m, size_t p, size_t end)
{
	const char *s = m->s;
	size_t q = p + 1, k = 0;
	while (q + k < end && (is_alnum(s[q + k]) || s[q + k] == '+' || s[q + k] == '.' ||
	                       s[q + k] == '-'))
		k++;
	int scheme = k >= 2 && k <= 32 && q + k < end && s[q + k] == ':';
	int at = 0, ascii = 1;
	for (size_t i = q; i < end; i++) {
		char c = s[i];
		if (c == '>')
			return i > q && (scheme || (at && ascii)) ? i + 1 : 0;
		if (c == '<' || (unsigned char)c <= ' ')
			return 0;
		/* an e-mail autolink is ASCII letters, digits and .!#$%&'*+/=?^_`{|}~- */
		if ((unsigned char)c >= 0x80 || c == '\\')
			ascii = 0;
		at |= c == '@';
	}
	return 0;
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* End of inline HTML at p, by CommonMark's grammar (open and closing tags
 * with valid names and attributes, comments, processing instructions,
 * declarations, CDATA), or 0: anything else is text. */
static size_t inline_html_end(const md *m, size_t p, size_t end)
{
	const char *s = m->s;
	size_t q = p + 1;
	if (q >= end)
		return 0;
	if (end - p >= 4 && !memcmp(s + p, "<!--", 4)) {
		/* text not starting with > or ->, not containing --, not ending with - */
		q = p + 4;
		if (q < end && (s[q] == '>' || (q + 1 < end && s[q] == '-' && s[q + 1] == '>')))
			return 0;
		for (; q + 1 < end; q++)
			if (s[q] == '-' && s[q + 1] == '-')
				return q + 2 < end && s[q + 2] == '>' && s[q - 1] != '-' ? q + 3 : 0;
		return 0;
	}
	const char *close = NULL;
	if (s[q] == '?') {
		for (q = p + 2; q + 1 < end; q++)
			if (s[q] == '?' && s[q + 1] == '>')
				return q + 2;
		return 0;
	}
	if (end - p >= 9 && !memcmp(s + p, "<![CDATA[", 9)) {
		for (q = p + 9; q + 2 < end; q++)
			if (!memcmp(s + q, "]]>", 3))
				return q + 3;
		return 0;
	}
	if (s[q] == '!') {
		if (q + 1 >= end || !is_alpha(s[q + 1]))
			return 0;
		close = memchr(s + q, '>', end - q);
		return close ? (size_t)(close - s) + 1 : 0;
	}
	int closing = s[q] == '/';
	q += (size_t)closing;
	if (q >= end || !is_alpha(s[q]))
		return 0;
	while (q < end && (is_alnum(s[q]) || s[q] == '-'))
		q++;
	if (closing) {
		while (q < end && is_ws(s[q]))
			q++;
		return q < end && s[q] == '>' ? q + 1 : 0;
	}
	for (;;) {
		size_t ws = q;
		while (q < end && is_ws(s[q]))
			q++;
		if (q >= end)
			return 0;
		if (s[q] == '>')
			return q + 1;
		if (s[q] == '/')
			return q + 1 < end && s[q + 1] == '>' ? q + 2 : 0;
		/* an attribute needs whitespace before it */
		if (q == ws || !(is_alpha(s[q]) || s[q] == '_' || s[q] == ':'))
			return 0;
		while (q < end && (is_alnum(s[q]) || s[q] == '_' || s[q] == '.' || s[q] == ':' ||
		                   s[q] == '-'))
			q++;
		size_t v = q;
		while (v < end && is_ws(s[v]))
			v++;
		if (v < end && s[v] == '=') {
			v++;
			while (v < end && is_ws(s[v]))
				v++;
			if (v >= end)
				return 0;
			if (s[v] == '"' || s[v] == '\'') {
				const char *cl = memchr(s + v + 1, s[v], end - v - 1);
				if (!cl)
					return 0;
				q = (size_t)(cl - s) + 1;
			} else {
				size_t u = v;
				while (u < end && !is_ws(s[u]) && !strchr("\"'=<>`", s[u]))
					u++;
				if (u == v)
					return 0;
				q = u;
			}
		}
	}
}

/* After "](" at p: a destination and optional title, up to ')'. Records
 * them and returns the offset after ')', or 0 if it is not a link. */
static size_t link_tail(md *m, size_t p, size_t end)
{
	const char *s = m->s;
	size_t q = p;
	while (q < end && (is_space(s[q]) || s[q] == '\n'))
		q++;
	size_t ds = q, de;
	if (q < end && s[q] == '<') {
		size_t g = q + 1;
		while (g < end && s[g] != '>') {
			if (s[g] == '\n' || s[g] == '<')
				return 0;
			g += s[g] == '\\' && g + 1 < end ? 2 : 1;
		}
		if (g >= end)
			return 0;
		ds = q + 1;
		de = g;
		q = de + 1;
	} else {
		int depth = 0;
		for (; q < end && (unsigned char)s[q] > ' '; q++) {
			if (s[q] == '\\' && q + 1 < end) {
				q++;
			} else if (s[q] == '(') {
				depth++;
			} else if (s[q] == ')') {
				if (!depth)
					break;
				depth--;
			}
		}
		de = q;
	}
	size_t ts = 0, te = 0;
	size_t r = q;
	while (r < end && (is_space(s[r]) || s[r] == '\n'))
		r++;
	if (r < end && r > q && (s[r] == '"' || s[r] == '\'' || s[r] == '(')) {
		char close = s[r] == '(' ? ')' : s[r];
		size_t t = r + 1;
		while (t < end && s[t] != close) {
			if (s[t] == '\\' && t + 1 < end)
				t++;
			t++;
		}
		if (t >= end)
			return 0;
		ts = r + 1;
		te = t;
		r = t + 1;
		while (r < end && (is_space(s[r]) || s[r] == '\n'))
			r++;
	}
	if (r >= end || s[r] != ')')
		return 0;
	if (de > ds)
		doc_add(m->d, ds, de - ds, TW_ROLE_URL, 0);
	if (te > ts)
		doc_add(m->d, ts, te - ts, TW_ROLE_PROSE, 1);
	return r + 1;
}

static void inlines(md *m, size_t start, size_t end)
{
	const char *s = m->s;
	size_t from = start, p = start, open = 0;
	while (p < end) {
		char c = s[p];
		size_t stop = 0, q;
		if (c == '\\' && p + 1 < end && s[p + 1] != '\n') {
			p += 2;
			continue;
		}
		if (c == '[')
			open++;
		if (c == '`') {
			size_t n = 0;
			while (p + n < end && s[p + n] == '`')
				n++;
			size_t close = code_close(m, p + n, end, n);
			if (close == end) {
				p += n;
				continue;
			}
			prose(m, from, p);
			doc_add(m->d, p, close + n - p, TW_ROLE_CODE, 0);
			from = p = close + n;
			continue;
		}
		if (c == '$' && (stop = math_end(m, p, end))) {
			prose(m, from, p);
			doc_add(m->d, p, stop - p, TW_ROLE_CODE, 0);
			from = p = stop;
			continue;
		}
		if (c == '<' && (stop = autolink_end(m, p, end))) {
			prose(m, from, p);
			doc_add(m->d, p + 1, stop - p - 2, TW_ROLE_URL, 0);
			from = p = stop;
			continue;
		}
		if (c == '<' && (stop = inline_html_end(m, p, end))) {
			prose(m, from, p);
			html_scan(m->d, m->html, p, stop);
			from = p = stop;
			continue;
		}
		if (c == ']' && open)
			open--;
		else if (c == ']')
			c = 0; /* closes nothing: text */
		if (c == ']' && p + 1 < end && s[p + 1] == '(') {
			prose(m, from, p);
			if ((stop = link_tail(m, p + 2, end))) {
				from = p = stop;
				continue;
			}
			from = p;
		}
		if ((c == 'h' || c == 'w' || c == 'f') && (q = bare_url(m, p, end))) {
			prose(m, from, p);
			doc_add(m->d, p, q, TW_ROLE_URL, 0);
			from = p = p + q;
			continue;
		}
		p++;
	}
	prose(m, from, end);
}

/* ---------------------------------------------------------------- blocks */

/* Columns from the line start ls to x, tabs to multiples of 4. */
static size_t col_at(const md *m, size_t ls, size_t x)
{
	size_t col = 0;
	for (size_t i = ls; i < x; i++)
		col += m->s[i] == '\t' ? 4 - col % 4 : 1;
	return col;
}

/* Leading blockquote markers and list markers of a line: the content start
 * (just after a list marker, whose end *item_end gets), the blockquote
 * depth in *depth. */
static size_t strip_containers(const md *m, size_t p, size_t le, int *list_item, size_t *depth,
                               size_t *item_end)
{
	const char *s = m->s;
	*list_item = 0;
	*depth = 0;
	for (;;) {
		size_t q = p, ind = 0;
		while (q < le && s[q] == ' ' && ind < 4)
			q++, ind++;
		if (ind >= 4)
			return p;
		if (q < le && s[q] == '>') {
			(*depth)++;
			p = q + 1 + (q + 1 < le && s[q + 1] == ' ');
			continue;
		}
		size_t k = q;
		if (q < le && (s[q] == '-' || s[q] == '*' || s[q] == '+')) {
			k = q + 1;
		} else {
			while (k < le && k - q < 9 && s[k] >= '0' && s[k] <= '9')
				k++;
			k = k > q && k < le && (s[k] == '.' || s[k] == ')') ? k + 1 : q;
		}
		if (k > q && (k == le || s[k] == ' ' || s[k] == '\t' || s[k] == '\r')) {
			*list_item = 1;
			*item_end = k;
			return k; /* one list marker a line is enough to find code */
		}
		return p;
	}
}

/* A thematic break of c: three or more, spaces and tabs between. */
static int thematic_break(const md *m, size_t p, size_t le, char c)
{
	size_t n = 0;
	for (; p < le; p++) {
		if (m->s[p] == c)
			n++;
		else if (!is_space(m->s[p]) && m->s[p] != '\r')
			return 0;
	}
	return n >= 3;
}

/* A setext underline of c: a run of it, then only spaces. */
static int setext_line(const md *m, size_t p, size_t le, char c)
{
	size_t q = p;
	while (q < le && m->s[q] == c)
		q++;
	return q > p && blank(m, q, le);
}

static size_t indent_of(const md *m, size_t p, size_t le, size_t *first)
{
	size_t ind = 0;
	while (p < le && (m->s[p] == ' ' || m->s[p] == '\t')) {
		ind += m->s[p] == '\t' ? 4 - ind % 4 : 1;
		p++;
	}
	*first = p;
	return ind;
}

/* A fence at p: its character and length, or 0. */
static size_t fence_at(const md *m, size_t p, size_t le, char *ch)
{
	const char *s = m->s;
	if (p >= le || (s[p] != '`' && s[p] != '~'))
		return 0;
	size_t n = 0;
	while (p + n < le && s[p + n] == s[p])
		n++;
	if (n < 3)
		return 0;
	if (s[p] == '`' && memchr(s + p + n, '`', le - p - n))
		return 0;
	*ch = s[p];
	return n;
}

static const char *const block_tags[] = {
	"address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center",
	"col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset",
	"figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5",
	"h6", "head", "header", "hr", "html", "iframe", "legend", "li", "link", "main", "menu",
	"menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param", "search",
	"section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr",
	"track", "ul", NULL};

/* The end of an HTML block starting at line [p, le) (CommonMark's seven
 * kinds), or 0 if the line starts none. in_para: kind 7 cannot interrupt a
 * paragraph. */
static size_t html_block(const md *m, size_t p, size_t le, int in_para)
{
	const char *s = m->s;
	if (p + 1 >= le || s[p] != '<')
		return 0;
	const char *end_mark = NULL;
	size_t q = p + 1 + (p + 1 < le && s[p + 1] == '/'), k = q;
	while (k < le && (is_alnum(s[k]) || s[k] == '-'))
		k++;
	static const char *const raw[] = {"script", "pre", "style", "textarea", NULL};
	int named = k > q && !((s[q] >= '0' && s[q] <= '9'));
	int after_ok = k >= le || s[k] == ' ' || s[k] == '\t' || s[k] == '>' || s[k] == '\r' ||
	               (s[k] == '/' && k + 1 < le && s[k + 1] == '>');
	if (named && s[p + 1] != '/' && after_ok) {
		for (size_t i = 0; raw[i]; i++)
			if (ascii_ieq(s + q, k - q, raw[i]))
				end_mark = raw[i];
	}
	size_t stop;
	if (end_mark || (le - p >= 4 && !memcmp(s + p, "<!--", 4)) || s[p + 1] == '?' ||
	    (s[p + 1] == '!' && p + 2 < le)) {
		/* kinds 1–5: until the line holding the end condition */
		char close[16];
		const char *want = end_mark ? close : s[p + 1] == '?' ? "?>"
		                   : !memcmp(s + p, "<!--", 4 <= le - p ? 4 : le - p) ? "-->"
		                   : !memcmp(s + p, "<![CDATA[", 9 <= le - p ? 9 : le - p) ? "]]>"
		                   : ">";
		if (end_mark) {
			close[0] = '<';
			close[1] = '/';
			strcpy(close + 2, end_mark);
		}
		size_t wl = strlen(want);
		for (size_t l = p; l < m->len;) {
			size_t e = line_end(m, l);
			for (size_t i = l == p ? p + 1 : l; i + wl <= e; i++)
				if (end_mark ? ascii_ieq(s + i, wl, want) : !memcmp(s + i, want, wl))
					return next_line(m, e);
			l = next_line(m, e);
			if (l == m->len)
				break;
		}
		return m->len;
	}
	int kind6 = 0;
	for (size_t i = 0; named && after_ok && block_tags[i]; i++)
		if (ascii_ieq(s + q, k - q, block_tags[i]))
			kind6 = 1;
	if (!kind6) {
		/* kind 7: one complete, valid open or closing tag alone on its line */
		if (in_para || !named)
			return 0;
		size_t tag_end = inline_html_end(m, p, le);
		if (!tag_end || !blank(m, tag_end, le))
			return 0;
	}
	/* kinds 6 and 7: until a blank line */
	for (stop = p; stop < m->len;) {
		size_t e = line_end(m, stop);
		if (blank(m, stop, e))
			return stop;
		stop = next_line(m, e);
	}
	return m->len;
}

/* A quoted title at q ("…", '…' or (…), backslash escapes allowed) ending
 * before le: the offset after the closing quote, or 0. */
static size_t title_at(const md *m, size_t q, size_t le)
{
	const char *s = m->s;
	if (q >= le || (s[q] != '"' && s[q] != '\'' && s[q] != '('))
		return 0;
	char close = s[q] == '(' ? ')' : s[q];
	for (size_t t = q + 1; t < le; t++) {
		if (s[t] == '\\')
			t++;
		else if (s[t] == close)
			return t + 1;
	}
	return 0;
}

/* [label]: destination "title" — a link reference definition, its title on
 * the same line or the next. Returns the offset after it, or 0. */
static size_t ref_definition(md *m, size_t p, size_t le)
{
	const char *s = m->s;
	if (p >= le || s[p] != '[' || (p + 1 < le && s[p + 1] == '^'))
		return 0;
	size_t rb = p + 1;
	while (rb < le && s[rb] != ']') {
		if (s[rb] == '[')
			return 0;
		rb += s[rb] == '\\' ? 2 : 1;
	}
	if (rb + 1 >= le || s[rb + 1] != ':')
		return 0;
	size_t q = rb + 2;
	while (q < le && is_space(s[q]))
		q++;
	size_t ds = q, de;
	if (q < le && s[q] == '<') {
		size_t g = q + 1;
		while (g < le && s[g] != '>' && s[g] != '<')
			g += s[g] == '\\' ? 2 : 1;
		if (g >= le || s[g] != '>' || (g + 1 < le && !is_space(s[g + 1]) && s[g + 1] != '\r'))
			return 0;
		ds = q + 1;
		de = g;
		q = g + 1;
	} else {
		while (q < le && !is_space(s[q]) && s[q] != '\r')
			q++;
		if (q == ds)
			return 0;
		de = q;
	}
	size_t sp = q;
	while (q < le && is_space(s[q]))
		q++;
	size_t ts = 0, te = 0, after = next_line(m, le);
	size_t t_end = q > sp ? title_at(m, q, le) : 0;
	if (t_end && blank(m, t_end, le)) {
		ts = q + 1;
		te = t_end - 1;
	} else if (!blank(m, q, le)) {
		return 0;
	} else if (after < m->len) {
		/* a title alone on the next line */
		size_t nl = line_end(m, after), f = after;
		while (f < nl && is_space(s[f]))
			f++;
		size_t e2 = title_at(m, f, nl);
		if (e2 && blank(m, e2, nl)) {
			ts = f + 1;
			te = e2 - 1;
			after = next_line(m, nl);
		}
	}
	/* the label is converted like the references that use it */
	doc_add(m->d, p + 1, rb - p - 1, TW_ROLE_PROSE, 1);
	doc_add(m->d, ds, de - ds, TW_ROLE_URL, 0);
	if (te > ts)
		doc_add(m->d, ts, te - ts, TW_ROLE_PROSE, 1);
	return after;
}

/* YAML front matter: the string values of title, description, summary and
 * tags are readable; everything else is left alone. Returns its end. */
static size_t front_matter(md *m)
{
	const char *s = m->s;
	size_t p = m->len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3) ? 3 : 0;
	size_t le = line_end(m, p);
	if (le - p < 3 || memcmp(s + p, "---", 3) || !blank(m, p + 3, le))
		return 0;
	/* only YAML: every line a key, a list item, a comment, indented or blank
	 * (else the --- is a thematic break) */
	for (size_t l = next_line(m, le); l < m->len;) {
		size_t e = line_end(m, l), k = l;
		if ((e - l >= 3 && (!memcmp(s + l, "---", 3) || !memcmp(s + l, "...", 3))) &&
		    blank(m, l + 3, e))
			break;
		while (k < e && (is_alnum(s[k]) || s[k] == '_' || s[k] == '-'))
			k++;
		int key = k > l && k < e && s[k] == ':' && (k + 1 == e || is_space(s[k + 1]) || s[k + 1] == '\r');
		if (!key && !blank(m, l, e) && !is_space(s[l]) && s[l] != '-' && s[l] != '#')
			return 0;
		l = next_line(m, e);
	}
	int in_tags = 0;
	for (size_t l = next_line(m, le); l < m->len;) {
		size_t e = line_end(m, l);
		if ((e - l >= 3 && (!memcmp(s + l, "---", 3) || !memcmp(s + l, "...", 3))) &&
		    blank(m, l + 3, e))
			return next_line(m, e);
		size_t q = l;
		while (q < e && is_space(s[q]))
			q++;
		size_t vs = 0, ve = 0;
		if (in_tags && q > l && q + 1 < e && s[q] == '-' && s[q + 1] == ' ') {
			vs = q + 2;
		} else {
			in_tags = 0;
			static const char *const keys[] = {"title", "description", "summary", "tags", NULL};
			for (size_t k = 0; keys[k] && q == l; k++) {
				size_t kl = strlen(keys[k]);
				if (e - l > kl && !memcmp(s + l, keys[k], kl) && s[l + kl] == ':') {
					vs = l + kl + 1;
					in_tags = k == 3;
				}
			}
		}
		if (vs) {
			while (vs < e && is_space(s[vs]))
				vs++;
			ve = e;
			while (ve > vs && (is_space(s[ve - 1]) || s[ve - 1] == '\r'))
				ve--;
			if (ve > vs && s[vs] == '[' && s[ve - 1] == ']')
				vs++, ve--; /* a flow list: its items, commas and all, are text */
			if (ve - vs >= 2 && (s[vs] == '"' || s[vs] == '\'') && s[ve - 1] == s[vs])
				vs++, ve--;
			if (ve > vs && s[vs] != '|' && s[vs] != '>' && s[vs] != '&' && s[vs] != '*')
				doc_add(m->d, vs, ve - vs, TW_ROLE_PROSE, 1);
		}
		l = next_line(m, e);
	}
	return 0; /* unterminated: not front matter */
}

/* Closes the open paragraph (scanning its inlines) before offset p. */
static void close_para(md *m, size_t *para, size_t p)
{
	if (*para != SIZE_MAX)
		inlines(m, *para, p);
	*para = SIZE_MAX;
}

/* The end of a fenced code block whose opening line ends at le: the code
 * ends at a closing fence, at a line with fewer blockquote markers, or at a
 * line indented less than the list item holding it. Sets *stop (end of the
 * code) and returns where scanning goes on. */
static size_t fence_end(md *m, size_t le, char fch, size_t fl, size_t depth, size_t list_indent,
                        size_t *stop)
{
	for (size_t l = next_line(m, le); l < m->len;) {
		size_t e = line_end(m, l), f2, d2, ie;
		int it;
		size_t c2 = strip_containers(m, l, e, &it, &d2, &ie);
		if (it)
			c2 = l; /* a marker inside code is code */
		char ch2;
		size_t n2, ind2 = indent_of(m, c2, e, &f2);
		size_t col2 = col_at(m, l, f2);
		if (d2 < depth || (list_indent && !blank(m, f2, e) && col2 < list_indent)) {
			*stop = l;
			return l;
		}
		if (list_indent)
			ind2 = col2 - list_indent;
		if (ind2 < 4 && (n2 = fence_at(m, f2, e, &ch2)) && ch2 == fch && n2 >= fl &&
		    blank(m, f2 + n2, e)) {
			*stop = l;
			return next_line(m, e);
		}
		l = next_line(m, e);
	}
	*stop = m->len;
	return m->len;
}

int markdown_scan(tw_document *d)
{
	md m = {d, d->data, d->len, html_state_new(0)};
	if (!m.html)
		return TW_ENOMEM;
	size_t p = front_matter(&m);
	size_t para = SIZE_MAX; /* start of the open paragraph */
	size_t list_indent = 0;  /* content column of the open list item, 0: none */
	int prev_blank = 1;
	while (p < m.len && !d->oom) {
		size_t ls = p, le = line_end(&m, p), first, depth, item_end = 0;
		int item;
		size_t c = strip_containers(&m, p, le, &item, &depth, &item_end);
		size_t ind = indent_of(&m, c, le, &first);
		size_t fcol = col_at(&m, ls, first);
		char fch;
		size_t fl, hb;
		/* as in plain text, a directive may also sit on a '#' or '//' line */
		if (first < le && (m.s[first] == '#' || (le - first >= 2 && !memcmp(m.s + first, "//", 2))) &&
		    le - first > 8 && memmem(m.s + first, le - first, "tongwen-", 8))
			doc_comment(d, p, le - p);
		if (blank(&m, first, le) && !item) {
			close_para(&m, &para, p);
			prev_blank = 1;
			p = next_line(&m, le);
			continue;
		}
		if (item) {
			/* the content column; five or more spaces after the marker
			 * start indented code */
			size_t mcol = col_at(&m, ls, item_end);
			int code = first < le && fcol - mcol >= 5;
			list_indent = first >= le || code ? mcol + 1 : fcol;
			close_para(&m, &para, p);
			if (first >= le || code) {
				if (code)
					doc_add(d, first, le - first, TW_ROLE_CODE, 0);
				p = next_line(&m, le);
				prev_blank = first >= le;
				continue;
			}
			ind = 0;
		} else if (list_indent && fcol >= list_indent) {
			ind = fcol - list_indent;
		} else if (list_indent && para == SIZE_MAX && prev_blank) {
			list_indent = 0; /* the list ended */
		}
		if (ind < 4 && (fl = fence_at(&m, first, le, &fch))) {
			close_para(&m, &para, p);
			size_t stop, body = next_line(&m, le);
			p = fence_end(&m, le, fch, fl, depth, list_indent, &stop);
			if (stop > body)
				doc_add(d, body, stop - body, TW_ROLE_CODE, 0);
			prev_blank = 0;
			continue;
		}
		if (ind < 4 && le - first >= 2 && !memcmp(m.s + first, "$$", 2)) {
			close_para(&m, &para, p);
			size_t stop = m.len;
			const char *close = NULL;
			for (size_t i = first + 2; i + 2 <= m.len; i++)
				if (m.s[i] == '$' && m.s[i + 1] == '$') {
					close = m.s + i;
					break;
				}
			if (close)
				stop = next_line(&m, line_end(&m, (size_t)(close - m.s)));
			doc_add(d, first, stop - first, TW_ROLE_CODE, 0);
			p = stop;
			prev_blank = 0;
			continue;
		}
		if (ind < 4 && (hb = html_block(&m, first, le, para != SIZE_MAX))) {
			close_para(&m, &para, p);
			html_scan(d, m.html, first, hb);
			p = hb;
			prev_blank = 0;
			continue;
		}
		/* indented code: not inside a paragraph (it cannot interrupt one) */
		if (ind >= 4 && para == SIZE_MAX) {
			doc_add(d, first, le - first, TW_ROLE_CODE, 0);
			p = next_line(&m, le);
			continue;
		}
		if (ind < 4 && para == SIZE_MAX && (hb = ref_definition(&m, first, le))) {
			p = hb;
			prev_blank = 0;
			continue;
		}
		/* a setext underline ends its paragraph; a thematic break is markup */
		if (ind < 4 && para != SIZE_MAX &&
		    (setext_line(&m, first, le, '=') || setext_line(&m, first, le, '-'))) {
			p = next_line(&m, le);
			close_para(&m, &para, p);
			prev_blank = 0;
			continue;
		}
		if (ind < 4 && (thematic_break(&m, first, le, '-') || thematic_break(&m, first, le, '*') ||
		                thematic_break(&m, first, le, '_'))) {
			close_para(&m, &para, p);
			p = next_line(&m, le);
			prev_blank = 0;
			continue;
		}
		/* headings are paragraphs of their own */
		int heading = ind < 4 && m.s[first] == '#';
		if (heading)
			close_para(&m, &para, p);
		if (para == SIZE_MAX)
			para = p;
		p = next_line(&m, le);
		if (heading)
			close_para(&m, &para, p);
		prev_blank = 0;
	}
	close_para(&m, &para, m.len);
	html_state_free(m.html);
	return d->oom ? TW_ENOMEM : TW_OK;
}
