/* Open documents: their text kept in sync (full and incremental changes in
 * the negotiated position encoding), URIs, and positions in and out. */
#include <stdlib.h>
#include <string.h>

#include "server.h"

lsp_doc *lsp_doc_find(lsp_server *s, const char *uri)
{
	if (!uri)
		return NULL;
	for (lsp_doc *d = s->docs; d; d = d->next)
		if (!strcmp(d->uri, uri))
			return d;
	return NULL;
}

static void doc_free(lsp_doc *d)
{
	free(d->uri);
	free(d->path);
	free(d->language);
	free(d->text);
	tw_lines_free(d->lines);
	tw_findings_free(d->findings);
	free(d->check_error);
	free(d);
}

void lsp_docs_free(lsp_server *s)
{
	while (s->docs) {
		lsp_doc *d = s->docs;
		s->docs = d->next;
		doc_free(d);
	}
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

/* file:///a%20b/c.md → /a b/c.md; NULL for other schemes */
char *lsp_uri_to_path(const char *uri)
{
	if (strncmp(uri, "file://", 7))
		return NULL;
	const char *p = uri + 7;
	if (strncmp(p, "localhost/", 10) == 0)
		p += 9;
	if (*p != '/')
		return NULL;
	char *out = malloc(strlen(p) + 1), *w = out;
	if (!out)
		return NULL;
	for (; *p && *p != '?' && *p != '#'; p++) {
		int a, b;
		if (*p == '%' && (a = hexval(p[1])) >= 0 && (b = hexval(p[2])) >= 0) {
			char c = (char)(a * 16 + b);
			if (!c) {
				free(out);
				return NULL;
			}
			*w++ = c;
			p += 2;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return out;
}

char *lsp_path_to_uri(const char *path)
{
	size_t n = strlen(path);
	char *out = malloc(7 + n * 3 + 1), *w = out;
	if (!out)
		return NULL;
	w += sprintf(w, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p))
			*w++ = (char)*p;
		else
			w += sprintf(w, "%%%02X", *p);
	}
	*w = '\0';
	return out;
}

tw_markup lsp_doc_markup(const lsp_doc *d)
{
	const char *l = d->language ? d->language : "";
	if (!strcmp(l, "markdown") || !strcmp(l, "mdx"))
		return TW_MARKUP_MARKDOWN;
	if (!strcmp(l, "html") || !strcmp(l, "xhtml"))
		return TW_MARKUP_HTML;
	if (!strcmp(l, "xml"))
		return TW_MARKUP_XML;
	if (!strcmp(l, "plaintext") || !strcmp(l, "text"))
		return TW_MARKUP_TEXT;
	/* another language id: the extension, then the content decides */
	const char *name = d->path ? d->path : d->uri;
	return tw_markup_detect(name, d->text, d->len);
}

static int reindex(lsp_doc *d)
{
	tw_lines_free(d->lines);
	d->lines = NULL;
	return tw_lines_new(&d->lines, d->text, d->len, NULL);
}

json_t *lsp_position(const lsp_server *s, const lsp_doc *d, size_t offset)
{
	size_t line = 0, col = 0;
	tw_lines_position(&line, &col, d->lines, offset, s->unit);
	return json_pack("{s:I,s:I}", "line", (json_int_t)line, "character", (json_int_t)col);
}

json_t *lsp_range(const lsp_server *s, const lsp_doc *d, size_t off, size_t len)
{
	return json_pack("{s:o,s:o}", "start", lsp_position(s, d, off), "end",
	                 lsp_position(s, d, off + len));
}

long long lsp_offset(const lsp_server *s, const lsp_doc *d, json_t *pos)
{
	json_t *l = json_object_get(pos, "line"), *c = json_object_get(pos, "character");
	if (!json_is_integer(l) || !json_is_integer(c) || json_integer_value(l) < 0 ||
	    json_integer_value(c) < 0)
		return -1;
	return (long long)tw_lines_offset(d->lines, (size_t)json_integer_value(l),
	                                  (size_t)json_integer_value(c), s->unit);
}

void lsp_did_open(lsp_server *s, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	const char *uri = json_string_value(json_object_get(td, "uri"));
	json_t *text = json_object_get(td, "text");
	if (!uri || !json_is_string(text)) {
		lsp_log(s, 1, "tongwen: didOpen without uri or text");
		return;
	}
	lsp_doc *d = lsp_doc_find(s, uri);
	if (!d) {
		d = calloc(1, sizeof *d);
		if (!d || !(d->uri = strdup(uri))) {
			free(d);
			return;
		}
		d->next = s->docs;
		s->docs = d;
		d->path = lsp_uri_to_path(uri);
		d->pulled_version = -1;
	}
	free(d->language);
	const char *lang = json_string_value(json_object_get(td, "languageId"));
	d->language = lang ? strdup(lang) : NULL;
	d->version = json_integer_value(json_object_get(td, "version"));
	free(d->text);
	d->len = json_string_length(text);
	d->text = malloc(d->len + 1);
	if (d->text) {
		memcpy(d->text, json_string_value(text), d->len);
		d->text[d->len] = '\0';
	} else {
		d->len = 0;
	}
	reindex(d);
	d->checked = 0;
	lsp_schedule(s, d);
}

/* Replaces text[a..b) by r[0..n). */
static int splice(lsp_doc *d, size_t a, size_t b, const char *r, size_t n)
{
	size_t len = d->len - (b - a) + n;
	char *t = malloc(len + 1);
	if (!t)
		return -1;
	memcpy(t, d->text, a);
	memcpy(t + a, r, n);
	memcpy(t + a + n, d->text + b, d->len - b);
	t[len] = '\0';
	free(d->text);
	d->text = t;
	d->len = len;
	return reindex(d);
}

void lsp_did_change(lsp_server *s, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	lsp_doc *d = lsp_doc_find(s, json_string_value(json_object_get(td, "uri")));
	if (!d) {
		lsp_log(s, 2, "tongwen: didChange for a document that is not open");
		return;
	}
	json_t *changes = json_object_get(params, "contentChanges");
	size_t i;
	json_t *c;
	json_array_foreach(changes, i, c)
	{
		json_t *text = json_object_get(c, "text");
		json_t *range = json_object_get(c, "range");
		if (!json_is_string(text))
			continue;
		const char *t = json_string_value(text);
		size_t n = json_string_length(text);
		if (!range) {
			splice(d, 0, d->len, t, n);
			continue;
		}
		long long a = lsp_offset(s, d, json_object_get(range, "start"));
		long long b = lsp_offset(s, d, json_object_get(range, "end"));
		if (a < 0 || b < 0 || b < a) {
			lsp_log(s, 1, "tongwen: didChange with a malformed range in %s", d->uri);
			continue;
		}
		splice(d, (size_t)a, (size_t)b, t, n);
	}
	if (json_is_integer(json_object_get(td, "version")))
		d->version = json_integer_value(json_object_get(td, "version"));
	else
		d->version++;
	d->checked = 0;
	lsp_schedule(s, d);
}

void lsp_did_close(lsp_server *s, json_t *params)
{
	const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"),
	                                                    "uri"));
	for (lsp_doc **p = &s->docs; *p; p = &(*p)->next)
		if (!strcmp((*p)->uri, uri ? uri : "")) {
			lsp_doc *d = *p;
			*p = d->next;
			if (!s->pull)
				lsp_clear(s, d->uri);
			doc_free(d);
			return;
		}
}

/* A save changes nothing the server holds, but a document whose check
 * was pending is published now. */
void lsp_did_save(lsp_server *s, json_t *params)
{
	lsp_doc *d = lsp_doc_find(
	    s, json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri")));
	if (d && d->due_ms >= 0) {
		d->due_ms = -1;
		lsp_publish(s, d);
	}
}
