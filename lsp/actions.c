/* Code actions: a quick fix per suggestion, "fix all safe errors", "convert
 * selection", "accept this word" and "disable this rule on this line"; and
 * the commands they run (workspace/executeCommand). */
#include <stdlib.h>
#include <string.h>

#include "server.h"

static json_t *text_edit(lsp_server *s, lsp_doc *d, size_t off, size_t len, const char *text,
                         size_t text_len)
{
	return json_pack("{s:o,s:s%}", "range", lsp_range(s, d, off, len), "newText", text,
	                 text_len);
}

static json_t *workspace_edit(lsp_doc *d, json_t *edits)
{
	json_t *changes = json_object();
	json_object_set_new(changes, d->uri, edits);
	return json_pack("{s:o}", "changes", changes);
}

/* Does a kind pass the client's context.only filter? */
static int wanted(json_t *only, const char *kind)
{
	if (!json_is_array(only))
		return 1;
	size_t i;
	json_t *v;
	json_array_foreach(only, i, v)
	{
		const char *k = json_string_value(v);
		size_t n = k ? strlen(k) : 0;
		if (k && !strncmp(kind, k, n) && (kind[n] == '\0' || kind[n] == '.'))
			return 1;
	}
	return 0;
}

/* The finding a diagnostic stands for: by the byte span in its data when
 * that still matches the text, else by its range in the negotiated unit. */
static long find_finding(lsp_server *s, lsp_doc *d, json_t *diag)
{
	if (!d->findings)
		return -1;
	const char *rule = json_string_value(json_object_get(diag, "code"));
	json_t *data = json_object_get(diag, "data");
	long long off = -1, len = -1;
	json_t *o = json_object_get(data, "offset"), *l = json_object_get(data, "length");
	const char *t = json_string_value(json_object_get(data, "text"));
	if (json_is_integer(o) && json_is_integer(l) && t) {
		off = json_integer_value(o);
		len = json_integer_value(l);
		if (off < 0 || len < 0 || (size_t)off > d->len || (size_t)len > d->len - (size_t)off ||
		    strlen(t) != (size_t)len || memcmp(d->text + off, t, (size_t)len))
			off = -1;
	}
	if (off < 0) {
		json_t *range = json_object_get(diag, "range");
		off = lsp_offset(s, d, json_object_get(range, "start"));
		long long end = lsp_offset(s, d, json_object_get(range, "end"));
		if (off < 0 || end < off)
			return -1;
		len = end - off;
	}
	for (size_t i = 0; i < d->findings->count; i++) {
		const tw_finding *f = &d->findings->items[i];
		if (f->offset == (size_t)off && f->length == (size_t)len &&
		    (!rule || !strcmp(rule, f->rule)))
			return (long)i;
	}
	return -1;
}

static json_t *action(const char *title, const char *kind, json_t *diag, json_t *edit)
{
	json_t *a = json_pack("{s:s,s:s}", "title", title, "kind", kind);
	if (diag)
		json_object_set_new(a, "diagnostics", json_pack("[O]", diag));
	if (edit)
		json_object_set_new(a, "edit", edit);
	return a;
}

/* "<!-- tongwen-disable-next-line RULE -->" (a "#" comment in plain text)
 * on a line of its own above the finding, indented like it; in Markdown,
 * where that line would split a paragraph in two, at the end of the
 * paragraph's previous line instead (before a hard break's spaces). */
static json_t *disable_edit(lsp_server *s, lsp_doc *d, const tw_finding *f)
{
	size_t line = 0, start = 0, ll = 0;
	tw_lines_position(&line, NULL, d->lines, f->offset, TW_UNIT_BYTE);
	tw_lines_span(&start, &ll, d->lines, line);
	tw_markup m = lsp_doc_markup(d);
	char buf[256];
	if (m == TW_MARKUP_MARKDOWN && line > 0) {
		size_t ps = 0, pl = 0;
		tw_lines_span(&ps, &pl, d->lines, line - 1);
		size_t end = pl;
		while (end > 0 && (d->text[ps + end - 1] == ' ' || d->text[ps + end - 1] == '\t'))
			end--;
		if (end > 0) {
			snprintf(buf, sizeof buf, " <!-- tongwen-disable-next-line %s -->", f->rule);
			return text_edit(s, d, ps + end, 0, buf, strlen(buf));
		}
	}
	size_t ind = 0;
	while (ind < ll && (d->text[start + ind] == ' ' || d->text[start + ind] == '\t'))
		ind++;
	const char *eol = memchr(d->text, '\r', d->len) && strstr(d->text, "\r\n") ? "\r\n" : "\n";
	int text = m == TW_MARKUP_TEXT;
	snprintf(buf, sizeof buf, "%.*s%s tongwen-disable-next-line %s%s%s", (int)ind, d->text + start,
	         text ? "#" : "<!--", f->rule, text ? "" : " -->", eol);
	return text_edit(s, d, start, 0, buf, strlen(buf));
}

static void finding_actions(lsp_server *s, lsp_doc *d, json_t *diag, json_t *only, json_t *out)
{
	long i = find_finding(s, d, diag);
	if (i < 0)
		return;
	const tw_finding *f = &d->findings->items[i];
	char title[512];
	if (wanted(only, "quickfix")) {
		for (size_t k = 0; k < f->n_suggestions; k++) {
			snprintf(title, sizeof title, "Replace %.*s with %s", (int)f->length,
			         d->text + f->offset, f->suggestions[k]);
			json_t *a = action(title, "quickfix", diag,
			                   workspace_edit(d, json_pack("[o]", text_edit(s, d, f->offset,
			                                                                f->length,
			                                                                f->suggestions[k],
			                                                                strlen(f->suggestions[k])))));
			if (k == 0 && tw_finding_is_safe_fix(f))
				json_object_set_new(a, "isPreferred", json_true());
			json_array_append_new(out, a);
		}
		/* words the lexicon or speller flags can be accepted for the project */
		if (!strncmp(f->rule, "term/", 5) || !strncmp(f->rule, "spelling/", 9) ||
		    !strncmp(f->rule, "cantonese/", 10)) {
			snprintf(title, sizeof title, "Accept %.*s in this project (.tongwen.ini)",
			         (int)f->length, d->text + f->offset);
			json_t *a = action(title, "quickfix", diag, NULL);
			json_object_set_new(a, "command",
			                    json_pack("{s:s,s:s,s:[s,s%]}", "title", title, "command",
			                              "tongwen.acceptWord", "arguments", d->uri,
			                              d->text + f->offset, f->length));
			json_array_append_new(out, a);
		}
		/* nothing may come before an XML declaration */
		size_t line = 0, start = 0;
		tw_lines_position(&line, NULL, d->lines, f->offset, TW_UNIT_BYTE);
		tw_lines_span(&start, NULL, d->lines, line);
		if (d->len - start < 5 || memcmp(d->text + start, "<?xml", 5)) {
			snprintf(title, sizeof title, "Disable %s on this line", f->rule);
			json_array_append_new(
			    out, action(title, "quickfix", diag,
			                workspace_edit(d, json_pack("[o]", disable_edit(s, d, f)))));
		}
	}
}

/* Every safe fix of the document, as `check --fix` would apply it. */
static json_t *fix_all_edit(lsp_server *s, lsp_doc *d, size_t *count)
{
	tw_edits *e = NULL;
	*count = 0;
	if (!d->findings || tw_fix(&e, NULL, NULL, d->text, d->len, d->findings, NULL, NULL))
		return NULL;
	json_t *edits = json_array();
	for (size_t i = 0; i < e->count; i++)
		json_array_append_new(edits, text_edit(s, d, e->items[i].offset, e->items[i].length,
		                                       e->items[i].text, e->items[i].text_len));
	*count = e->count;
	tw_edits_free(e);
	return workspace_edit(d, edits);
}

static json_t *convert_edit(lsp_server *s, lsp_doc *d, size_t off, size_t n)
{
	tw_doc_options dopt = TW_DOC_OPTIONS_INIT;
	tw_check_options co = TW_CHECK_OPTIONS_INIT;
	const char *why;
	if (lsp_ensure_profile(s))
		return NULL;
	lsp_options(s, d, &co, &dopt, &why);
	tw_document *doc = NULL;
	if (dopt.markup != TW_MARKUP_TEXT && tw_doc_parse(&doc, d->text, d->len, &dopt, NULL))
		return NULL;
	char *out = NULL;
	size_t out_len = 0, ro = 0, rl = 0;
	json_t *edit = NULL;
	if (!tw_convert_range(&out, &out_len, &ro, &rl, NULL, NULL, s->profile, doc, d->text, d->len,
	                      off, n, NULL) &&
	    (out_len != rl || memcmp(out, d->text + ro, rl)))
		edit = workspace_edit(d, json_pack("[o]", text_edit(s, d, ro, rl, out, out_len)));
	tw_free(out);
	tw_doc_free(doc);
	return edit;
}

void lsp_code_action(lsp_server *s, json_t *id, json_t *params)
{
	lsp_doc *d = lsp_doc_find(
	    s, json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri")));
	if (!d) {
		lsp_reply_error(s, id, RPC_INVALID_PARAMS, "document not open");
		return;
	}
	json_t *out = json_array();
	if (lsp_check(s, d)) {
		lsp_reply(s, id, out);
		return;
	}
	json_t *ctx = json_object_get(params, "context");
	json_t *only = json_object_get(ctx, "only");
	size_t i;
	json_t *diag;
	json_array_foreach(json_object_get(ctx, "diagnostics"), i, diag)
	{
		const char *src = json_string_value(json_object_get(diag, "source"));
		if (!src || !strcmp(src, "tongwen"))
			finding_actions(s, d, diag, only, out);
	}
	size_t n = 0;
	if (wanted(only, "source.fixAll.tongwen") || wanted(only, "quickfix")) {
		json_t *all = fix_all_edit(s, d, &n);
		if (all && n) {
			char title[128];
			snprintf(title, sizeof title, "Fix all safe errors in this document (%zu)", n);
			json_array_append_new(out, action(title, wanted(only, "source.fixAll.tongwen")
			                                             ? "source.fixAll.tongwen"
			                                             : "quickfix",
			                                  NULL, all));
		} else {
			json_decref(all);
		}
	}
	json_t *range = json_object_get(params, "range");
	long long a = lsp_offset(s, d, json_object_get(range, "start"));
	long long b = lsp_offset(s, d, json_object_get(range, "end"));
	if (a >= 0 && b > a && wanted(only, "refactor.rewrite")) {
		json_t *edit = convert_edit(s, d, (size_t)a, (size_t)(b - a));
		if (edit) {
			char title[128];
			snprintf(title, sizeof title, "Convert selection to Mainland Simplified (%s)",
			         s->profile_name ? s->profile_name : "hk2cn");
			json_array_append_new(out, action(title, "refactor.rewrite", NULL, edit));
		}
	}
	lsp_reply(s, id, out);
}

void lsp_execute_command(lsp_server *s, json_t *id, json_t *params)
{
	const char *cmd = json_string_value(json_object_get(params, "command"));
	json_t *args = json_object_get(params, "arguments");
	lsp_doc *d = lsp_doc_find(s, json_string_value(json_array_get(args, 0)));
	if (!cmd || !d) {
		lsp_reply_error(s, id, RPC_INVALID_PARAMS, "%s needs an open document's URI",
		                cmd ? cmd : "a command");
		return;
	}
	if (!strcmp(cmd, "tongwen.acceptWord")) {
		const char *word = json_string_value(json_array_get(args, 1));
		char *why = NULL;
		if (!word || lsp_accept_word(s, d, word, &why)) {
			lsp_reply_error(s, id, RPC_REQUEST_FAILED, "%s", why ? why : "no word given");
			free(why);
			return;
		}
		lsp_reply(s, id, NULL);
		return;
	}
	if (!strcmp(cmd, "tongwen.fixAll")) {
		size_t n = 0;
		if (lsp_check(s, d)) {
			lsp_reply_error(s, id, RPC_REQUEST_FAILED, "the lexicon could not be loaded");
			return;
		}
		json_t *edit = fix_all_edit(s, d, &n);
		if (edit && n) {
			json_t *m = json_pack("{s:I,s:s,s:{s:s,s:o}}", "id",
			                      (json_int_t)++s->next_request_id, "method",
			                      "workspace/applyEdit", "params", "label",
			                      "tongwen: fix all safe errors", "edit", edit);
			lsp_send(s, m);
		} else {
			json_decref(edit);
		}
		lsp_reply(s, id, json_integer((json_int_t)n));
		return;
	}
	lsp_reply_error(s, id, RPC_INVALID_PARAMS, "unknown command %s", cmd);
}
