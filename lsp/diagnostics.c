/* Checking documents and telling the client: push (publishDiagnostics after
 * a debounce delay), pull (textDocument/diagnostic) and hover. */
#include <stdlib.h>
#include <string.h>

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

json_t *lsp_diagnostic(lsp_server *s, lsp_doc *d, size_t i)
{
	const tw_finding *f = &d->findings->items[i];
	char *msg = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&msg, &n);
	if (!m)
		return NULL;
	fputs(f->message, m);
	if (f->n_suggestions) {
		fputs(f->n_suggestions == 1 ? "\nSuggestion: " : "\nSuggestions: ", m);
		for (size_t k = 0; k < f->n_suggestions; k++)
			fprintf(m, "%s%s", k ? ", " : "", f->suggestions[k]);
	}
	if (f->note)
		fprintf(m, "\nNote: %s", f->note);
	fclose(m);
	json_t *sugg = json_array();
	for (size_t k = 0; k < f->n_suggestions; k++)
		json_array_append_new(sugg, json_string(f->suggestions[k]));
	/* what a fix needs, in bytes: clients may send the range back in
	 * another unit (Neovim 0.7 sends byte columns) */
	json_t *data = json_pack("{s:I,s:I,s:I,s:s%,s:o,s:b}", "offset", (json_int_t)f->offset,
	                         "length", (json_int_t)f->length, "version",
	                         (json_int_t)d->checked_version, "text", d->text + f->offset,
	                         f->length, "suggestions", sugg, "safe",
	                         tw_finding_is_safe_fix(f));
	json_t *diag = json_pack("{s:o,s:i,s:s,s:s,s:s,s:o}", "range",
	                         lsp_range(s, d, f->offset, f->length), "severity",
	                         lsp_severity(f->severity), "code", f->rule, "source", "tongwen",
	                         "message", msg ? msg : f->message, "data", data);
	free(msg);
	return diag;
}

static json_t *diagnostics(lsp_server *s, lsp_doc *d)
{
	json_t *list = json_array();
	if (lsp_check(s, d))
		return list;
	if (d->check_error)
		json_array_append_new(list, json_pack("{s:o,s:i,s:s,s:s,s:s}", "range",
		                                      lsp_range(s, d, d->check_error_offset, 0),
		                                      "severity", 1, "code", "tongwen/input", "source",
		                                      "tongwen", "message", d->check_error));
	for (size_t i = 0; d->findings && i < d->findings->count; i++) {
		json_t *x = lsp_diagnostic(s, d, i);
		if (x)
			json_array_append_new(list, x);
	}
	return list;
}

void lsp_publish(lsp_server *s, lsp_doc *d)
{
	if (s->pull)
		return;
	json_t *list = diagnostics(s, d);
	lsp_notify(s, "textDocument/publishDiagnostics",
	           json_pack("{s:s,s:I,s:o}", "uri", d->uri, "version", (json_int_t)d->version,
	                     "diagnostics", list));
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
		lsp_schedule(s, d);
	}
	if (s->pull) {
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
	int was_checked = d->checked && d->checked_version == d->version;
	char rid[64];
	snprintf(rid, sizeof rid, "%lld", d->version);
	const char *prev = json_string_value(json_object_get(params, "previousResultId"));
	if (prev && was_checked && !strcmp(prev, rid)) {
		lsp_reply(s, id, json_pack("{s:s,s:s}", "kind", "unchanged", "resultId", rid));
		return;
	}
	json_t *list = diagnostics(s, d);
	lsp_reply(s, id, json_pack("{s:s,s:s,s:o}", "kind", "full", "resultId", rid, "items", list));
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
