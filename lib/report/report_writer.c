/* The report writer: findings rendered as they come, the output handed on
 * in pieces. JSON's array and SARIF's log are written around the findings
 * by hand, each JSON finding by report_json.c and each SARIF result
 * through jansson, so the bytes are those jansson gives for the whole
 * document (JSON_INDENT(2)) while memory holds one finding's worth. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report_internal.h"

#define FLUSH_AT ((size_t)64 << 10)
#define SARIF_HOLE "\"results\": []"

struct tw_report_writer {
	tw_report_format format;
	tw_report_write_fn write;
	void *ud;
	buf out;
	size_t count;   /* findings written */
	int started;    /* JSON/SARIF: the part before the first finding is out */
	int failed;     /* a write failed: nothing more goes out */
	int broken;     /* an allocation failed: the report cannot be completed */
	json_t *log;    /* SARIF: the log, until its text is split */
	json_t *rules;  /* SARIF: the driver's rules (a reference) */
	char *tail;     /* SARIF: the text after the results' '[' */
	char *name, *clean, *uri; /* the last file's name and its forms */
};

static int flush(tw_report_writer *w, int all, tw_error *err)
{
	if (w->failed)
		return tw_fail(err, TW_ECALLBACK, 0, "the report's output stopped");
	if (!w->out.len || (!all && w->out.len < FLUSH_AT))
		return TW_OK;
	if (w->write(w->ud, w->out.data, w->out.len)) {
		w->failed = 1;
		return tw_fail(err, TW_ECALLBACK, 0, "the report's output stopped");
	}
	w->out.len = 0;
	return TW_OK;
}

int tw_report_writer_open(tw_report_writer **out, tw_report_format format,
                          tw_report_write_fn write, void *ud, tw_error *err)
{
	if (!out)
		return tw_fail(err, TW_EINVAL, 0, "tw_report_writer_open: out is NULL");
	*out = NULL;
	if (!write)
		return tw_fail(err, TW_EINVAL, 0, "tw_report_writer_open: no write function");
	if (format < TW_REPORT_TEXT || format > TW_REPORT_GITHUB)
		return tw_fail(err, TW_EINVAL, 0, "unknown report format %d", (int)format);
	tw_report_writer *w = calloc(1, sizeof *w);
	if (!w)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	w->format = format;
	w->write = write;
	w->ud = ud;
	if (format == TW_REPORT_SARIF) {
		void *rules;
		if (!(w->log = report_sarif_log(&rules))) {
			free(w);
			return tw_fail(err, TW_ENOMEM, 0, "out of memory");
		}
		w->rules = json_incref(rules); /* outlives the log's text */
	}
	*out = w;
	return TW_OK;
}

int report_writer_know_rule(tw_report_writer *w, const tw_finding *x)
{
	if (w->format != TW_REPORT_SARIF || !w->log)
		return TW_OK;
	return report_sarif_add_rule(w->rules, x->rule, x->severity);
}

/* SARIF: splits the log's text around its empty results array. */
static int sarif_split(tw_report_writer *w, char **head)
{
	char *s = json_dumps(w->log, JSON_INDENT(2));
	json_decref(w->log);
	w->log = NULL;
	char *hole = s ? strstr(s, SARIF_HOLE) : NULL;
	if (!hole) {
		free(s);
		return TW_ENOMEM;
	}
	char *bracket = hole + strlen(SARIF_HOLE) - 1; /* the ']' */
	if (!(w->tail = str_dup_n(bracket, strlen(bracket)))) {
		free(s);
		return TW_ENOMEM;
	}
	*bracket = '\0';
	*head = s;
	return TW_OK;
}

static int set_name(tw_report_writer *w, const char *name)
{
	if (w->name && !strcmp(w->name, name))
		return TW_OK;
	free(w->name);
	free(w->clean);
	free(w->uri);
	w->clean = w->uri = NULL;
	if (!(w->name = str_dup_n(name, strlen(name))))
		return TW_ENOMEM;
	if (w->format == TW_REPORT_JSON || w->format == TW_REPORT_SARIF)
		if (!(w->clean = report_clean_utf8(name)))
			return TW_ENOMEM;
	if (w->format == TW_REPORT_SARIF && !(w->uri = report_sarif_uri(w->clean)))
		return TW_ENOMEM;
	return TW_OK;
}

/* Writes what comes before the first finding. */
static int start(tw_report_writer *w)
{
	if (w->started)
		return TW_OK;
	w->started = 1;
	if (w->format == TW_REPORT_JSON)
		return buf_append(&w->out, "[", 1);
	if (w->format == TW_REPORT_SARIF) {
		char *head = NULL;
		int rc = sarif_split(w, &head);
		if (!rc)
			rc = buf_append(&w->out, head, strlen(head));
		free(head);
		return rc;
	}
	return TW_OK;
}

static int add_one(tw_report_writer *w, const tw_finding *x, const report_text *t)
{
	switch (w->format) {
	case TW_REPORT_TEXT: return report_text_one(&w->out, w->name, x, t);
	case TW_REPORT_GITHUB: return report_github_one(&w->out, w->name, x);
	case TW_REPORT_JSON: {
		int rc = buf_append(&w->out, w->count ? ",\n  " : "\n  ", w->count ? 4 : 3);
		return rc ? rc : report_json_one(&w->out, w->clean, x, t);
	}
	default: {
		json_t *r = report_sarif_result(x, t, w->uri, w->rules);
		int rc = buf_append(&w->out, w->count ? ",\n        " : "\n        ",
		                    w->count ? 10 : 9);
		if (rc) {
			json_decref(r);
			return rc;
		}
		return report_append_json_at(&w->out, r, 8);
	}
	}
}

int tw_report_writer_add(tw_report_writer *w, const char *name, const tw_finding *items,
                         size_t n, const char *text, size_t base, size_t len, tw_error *err)
{
	if (!w || !name || (n && !items) || (!text && len))
		return tw_fail(err, TW_EINVAL, 0, "tw_report_writer_add: bad arguments");
	if (w->failed)
		return tw_fail(err, TW_ECALLBACK, 0, "the report's output stopped");
	if (w->broken)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory rendering the report");
	if (!n)
		return TW_OK;
	report_text t = {text ? text : "", base, len};
	int rc = set_name(w, name);
	if (!rc)
		rc = start(w);
	for (size_t i = 0; i < n && !rc; i++) {
		rc = add_one(w, &items[i], &t);
		w->count++;
		if (!rc && w->out.len >= FLUSH_AT)
			rc = flush(w, 0, err);
	}
	if (rc == TW_ENOMEM) {
		w->broken = 1;
		return tw_fail(err, TW_ENOMEM, 0, "out of memory rendering the report");
	}
	return rc;
}

int tw_report_writer_finish(tw_report_writer *w, tw_error *err)
{
	if (!w)
		return tw_fail(err, TW_EINVAL, 0, "tw_report_writer_finish: no writer");
	if (w->broken)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory rendering the report");
	int rc = TW_OK;
	if (w->format == TW_REPORT_JSON)
		rc = w->count ? buf_append(&w->out, "\n]\n", 3) : buf_append(&w->out, "[]\n", 3);
	else if (w->format == TW_REPORT_SARIF) {
		rc = start(w);
		if (!rc && !w->tail)
			rc = TW_ENOMEM;
		if (!rc && w->count)
			rc = buf_append(&w->out, "\n      ", 7);
		if (!rc)
			rc = buf_append(&w->out, w->tail, strlen(w->tail));
		if (!rc)
			rc = buf_append(&w->out, "\n", 1);
	}
	if (rc) {
		w->broken = 1;
		return tw_fail(err, TW_ENOMEM, 0, "out of memory rendering the report");
	}
	return flush(w, 1, err);
}

void tw_report_writer_free(tw_report_writer *w)
{
	if (!w)
		return;
	json_decref(w->log);
	json_decref(w->rules);
	free(w->tail);
	free(w->name);
	free(w->clean);
	free(w->uri);
	buf_release(&w->out);
	free(w);
}
