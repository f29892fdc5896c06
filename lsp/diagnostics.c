/* Checking documents and telling the client: push (publishDiagnostics after
 * a debounce delay), pull (textDocument/diagnostic) and hover. */
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

#include "jsonw.h"
#include "server.h"

void lsp_schedule(lsp_server *s, lsp_doc *d)
{
	if (s->pull) {
		d->due_ms = -1;
		return;
	}
	long delay = s->settings.debounce_ms < 0 ? 0 : s->settings.debounce_ms;
	d->due_ms = lsp_now_ms() + delay;
}

int lsp_check(lsp_server *s, lsp_doc *d)
{
	if (d->checked && d->checked_version == d->version)
		return 0;
	tw_findings_free(d->findings);
	d->findings = NULL;
	free(d->check_error);
	d->check_error = NULL;
	d->check_error_offset = 0;
	if (lsp_ensure_data(s))
		return -1;
	tw_check_options co = TW_CHECK_OPTIONS_INIT;
	tw_doc_options dopt = TW_DOC_OPTIONS_INIT;
	const char *why = NULL;
	if (lsp_options(s, d, &co, &dopt, &why) && why) {
		/* a broken .tongwen.ini is shown on the document, which is still
		 * checked with the defaults and the editor's settings */
		d->check_error = strdup(why);
	}
	tw_error err = {0};
	int rc = tw_check_document(&d->findings, s->lex, d->text, d->len, &dopt, &co, &err);
	if (rc) {
		free(d->check_error);
		d->check_error = strdup(err.message[0] ? err.message : tw_strerror(rc));
		d->check_error_offset = err.offset <= d->len ? err.offset : 0;
		d->findings = NULL;
	}
	d->checked = 1;
	d->checked_version = d->version;
	return 0;
}

static int lsp_severity(tw_severity v)
{
	return v == TW_SEV_ERROR ? 1 : v == TW_SEV_WARNING ? 2 : 3;
}

/* A position walked forward through the document: findings come sorted by
 * offset, so each costs the bytes since the previous one, not its line. */
typedef struct cursor {
	size_t line, start, off, col; /* col: units from start to off */
} cursor;

static void advance(const lsp_server *s, const lsp_doc *d, cursor *c, size_t target)
{
	size_t ls, ll;
	if (target < c->off) {
		tw_lines_position(&c->line, &c->col, d->lines, target, s->unit);
		tw_lines_span(&c->start, NULL, d->lines, c->line);
		c->off = target;
		return;
	}
	while (!tw_lines_span(&ls, NULL, d->lines, c->line + 1) && ls <= target) {
		c->line++;
		c->start = c->off = ls;
		c->col = 0;
	}
	tw_lines_span(NULL, &ll, d->lines, c->line);
	size_t end = target < c->start + ll ? target : c->start + ll; /* inside "\r\n" */
	if (end > c->off) {
		c->col += tw_unit_convert(d->text + c->off, end - c->off, end - c->off, TW_UNIT_BYTE,
		                          s->unit);
		c->off = end;
	}
}

static void write_position(jsonw *w, const cursor *c)
{
	JW_LIT(w, "{\"line\":");
	jw_int(w, (long long)c->line);
	JW_LIT(w, ",\"character\":");
	jw_int(w, (long long)c->col);
	JW_LIT(w, "}");
}

static void write_range(jsonw *w, const cursor *a, const cursor *b)
{
	JW_LIT(w, "{\"start\":");
	write_position(w, a);
	JW_LIT(w, ",\"end\":");
	write_position(w, b);
	JW_LIT(w, "}");
}

/* One diagnostic: code = rule id, the suggestions and the lexicon note in
 * the message, and in data what a fix needs in bytes (clients may send the
 * range back in another unit: Neovim 0.7 sends byte columns). */
static void write_finding(jsonw *w, jsonw *msg, lsp_server *s, lsp_doc *d, const tw_finding *f,
                          cursor *c)
{
	advance(s, d, c, f->offset);
	cursor e = *c;
	advance(s, d, &e, f->offset + f->length);
	msg->len = 0;
	jw_lit(msg, f->message);
	if (f->n_suggestions) {
		jw_lit(msg, f->n_suggestions == 1 ? "\nSuggestion: " : "\nSuggestions: ");
		for (size_t k = 0; k < f->n_suggestions; k++) {
			if (k)
				JW_LIT(msg, ", ");
			jw_lit(msg, f->suggestions[k]);
		}
	}
	if (f->note) {
		JW_LIT(msg, "\nNote: ");
		jw_lit(msg, f->note);
	}
	JW_LIT(w, "{\"range\":");
	write_range(w, c, &e);
	JW_LIT(w, ",\"severity\":");
	jw_int(w, lsp_severity(f->severity));
	JW_LIT(w, ",\"code\":");
	jw_str(w, f->rule, strlen(f->rule));
	JW_LIT(w, ",\"source\":\"tongwen\",\"message\":");
	jw_str(w, msg->buf ? msg->buf : "", msg->len);
	JW_LIT(w, ",\"data\":{\"offset\":");
	jw_int(w, (long long)f->offset);
	JW_LIT(w, ",\"length\":");
	jw_int(w, (long long)f->length);
	JW_LIT(w, ",\"version\":");
	jw_int(w, d->checked_version);
	JW_LIT(w, ",\"text\":");
	jw_str(w, d->text + f->offset, f->length);
	JW_LIT(w, ",\"suggestions\":[");
	for (size_t k = 0; k < f->n_suggestions; k++) {
		if (k)
			JW_LIT(w, ",");
		jw_str(w, f->suggestions[k], strlen(f->suggestions[k]));
	}
	jw_lit(w, tw_finding_is_safe_fix(f) ? "],\"safe\":true}}" : "],\"safe\":false}}");
}

/* The document's diagnostics as a JSON array. */
static void write_diagnostics(jsonw *w, lsp_server *s, lsp_doc *d)
{
	JW_LIT(w, "[");
	if (lsp_check(s, d)) {
		JW_LIT(w, "]");
		return;
	}
	int first = 1;
	cursor c = { 0, 0, 0, 0 };
	if (d->findings)
		jw_grow(w, d->findings->count * 400); /* a diagnostic is 300 to 500 bytes */
	if (d->check_error) {
		cursor a = c;
		advance(s, d, &a, d->check_error_offset);
		JW_LIT(w, "{\"range\":");
		write_range(w, &a, &a);
		JW_LIT(w, ",\"severity\":1,\"code\":\"tongwen/input\",\"source\":\"tongwen\",\"message\":");
		jw_str(w, d->check_error, strlen(d->check_error));
		JW_LIT(w, "}");
		first = 0;
	}
	jsonw msg = { 0 };
	for (size_t i = 0; d->findings && i < d->findings->count; i++) {
		if (!first)
			JW_LIT(w, ",");
		first = 0;
		write_finding(w, &msg, s, d, &d->findings->items[i], &c);
	}
	jw_free(&msg);
	JW_LIT(w, "]");
}

/* Findings are kept for the document just published (code actions and
 * hover come for it); the others' are dropped and found again on demand, so
 * memory holds one document's findings, not every open one's. */
static void forget_others(lsp_server *s, const lsp_doc *keep)
{
	for (lsp_doc *o = s->docs; o; o = o->next)
		if (o != keep && o->findings) {
			tw_findings_free(o->findings);
			o->findings = NULL;
			o->checked = 0;
		}
}

void lsp_publish(lsp_server *s, lsp_doc *d)
{
	if (s->pull)
		return;
	jsonw w = { 0 };
	JW_LIT(&w, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\","
	           "\"params\":{\"uri\":");
	jw_str(&w, d->uri, strlen(d->uri));
	JW_LIT(&w, ",\"version\":");
	jw_int(&w, d->version);
	JW_LIT(&w, ",\"diagnostics\":");
	write_diagnostics(&w, s, d);
	JW_LIT(&w, "}}");
	if (w.oom)
		lsp_log(s, 1, "tongwen: out of memory publishing diagnostics for %s", d->uri);
	else
		lsp_send_raw(s, w.buf, w.len);
	size_t big = w.len;
	jw_free(&w);
	forget_others(s, d);
#ifdef __GLIBC__
	/* after a large publication (it is sent: no one waits), give the
	 * findings' and the buffer's memory back instead of keeping the peak */
	if (big > ((size_t)1 << 20))
		malloc_trim(0);
#else
	(void)big;
#endif
}

void lsp_clear(lsp_server *s, const char *uri)
{
	lsp_notify(s, "textDocument/publishDiagnostics",
	           json_pack("{s:s,s:[]}", "uri", uri, "diagnostics"));
}

void lsp_recheck_all(lsp_server *s)
{
	for (lsp_doc *d = s->docs; d; d = d->next) {
		d->checked = 0;
		d->pulled_version = -1;
		lsp_schedule(s, d);
	}
	if (s->pull && s->pull_refresh) {
		json_t *m = json_pack("{s:I,s:s}", "id", (json_int_t)++s->next_request_id, "method",
		                      "workspace/diagnostic/refresh");
		lsp_send(s, m);
	}
}

void lsp_pull_diagnostics(lsp_server *s, json_t *id, json_t *params)
{
	const char *uri =
	    json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
	lsp_doc *d = lsp_doc_find(s, uri);
	if (!d) {
		lsp_reply_error(s, id, RPC_INVALID_PARAMS, "document %s is not open", uri ? uri : "?");
		return;
	}
	char rid[64];
	snprintf(rid, sizeof rid, "%lld", d->version);
	const char *prev = json_string_value(json_object_get(params, "previousResultId"));
	if (prev && !strcmp(prev, rid) && d->pulled_version == d->version) {
		lsp_reply(s, id, json_pack("{s:s,s:s}", "kind", "unchanged", "resultId", rid));
		return;
	}
	char *idtext = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
	jsonw w = { 0 };
	JW_LIT(&w, "{\"jsonrpc\":\"2.0\",\"id\":");
	jw_lit(&w, idtext ? idtext : "null");
	JW_LIT(&w, ",\"result\":{\"kind\":\"full\",\"resultId\":");
	jw_str(&w, rid, strlen(rid));
	JW_LIT(&w, ",\"items\":");
	write_diagnostics(&w, s, d);
	JW_LIT(&w, "}}");
	free(idtext);
	if (w.oom) {
		lsp_reply_error(s, id, RPC_INTERNAL_ERROR, "out of memory");
	} else {
		lsp_send_raw(s, w.buf, w.len);
		d->pulled_version = d->version;
	}
	jw_free(&w);
	forget_others(s, d);
}

static void hover_entry(FILE *m, const lsp_server *s, const lsp_doc *d, const tw_finding *f)
{
	(void)s;
	fprintf(m, "**%.*s** · `%s` (%s)\n\n%s\n", (int)f->length, d->text + f->offset, f->rule,
	        tw_severity_name(f->severity), f->message);
	tw_lexicon_entry e;
	if (!tw_lexicon_lookup(&e, s->lex, d->text + f->offset, f->length)) {
		fprintf(m, "\nLexicon: source %s", e.source ? e.source : "—");
		if (e.n_forms) {
			fputs(" · Mainland ", m);
			for (size_t k = 0; k < e.n_forms; k++)
				fprintf(m, "%s%s", k ? ", " : "", e.forms[k]);
		}
		fprintf(m, " · action %s", e.action);
		if (e.domain && *e.domain)
			fprintf(m, " · domain %s", e.domain);
		if (e.note && *e.note)
			fprintf(m, "\n\n%s", e.note);
		fputc('\n', m);
	} else {
		if (f->n_suggestions) {
			fputs("\nSuggested: ", m);
			for (size_t k = 0; k < f->n_suggestions; k++)
				fprintf(m, "%s%s", k ? ", " : "", f->suggestions[k]);
			fputc('\n', m);
		}
		if (f->note)
			fprintf(m, "\n%s\n", f->note);
	}
}

void lsp_hover(lsp_server *s, json_t *id, json_t *params)
{
	lsp_doc *d = lsp_doc_find(
	    s, json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri")));
	long long off = d ? lsp_offset(s, d, json_object_get(params, "position")) : -1;
	if (!d || off < 0) {
		lsp_reply_error(s, id, RPC_INVALID_PARAMS, d ? "malformed position" : "document not open");
		return;
	}
	if (lsp_check(s, d) || !d->findings) {
		lsp_reply(s, id, NULL);
		return;
	}
	char *text = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&text, &n);
	size_t first = (size_t)-1, last = 0, hits = 0;
	for (size_t i = 0; m && i < d->findings->count; i++) {
		const tw_finding *f = &d->findings->items[i];
		if ((size_t)off < f->offset || (size_t)off >= f->offset + (f->length ? f->length : 1))
			continue;
		if (hits++)
			fputs("\n---\n\n", m);
		hover_entry(m, s, d, f);
		if (f->offset < first)
			first = f->offset;
		if (f->offset + f->length > last)
			last = f->offset + f->length;
	}
	if (m)
		fclose(m);
	if (!hits) {
		free(text);
		lsp_reply(s, id, NULL);
		return;
	}
	lsp_reply(s, id,
	          json_pack("{s:{s:s,s:s},s:o}", "contents", "kind", "markdown", "value", text,
	                    "range", lsp_range(s, d, first, last - first)));
	free(text);
}
