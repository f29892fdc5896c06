/* libFuzzer target: the checker and the report renderers. The first byte
 * chooses the target region, whether spelling runs and whether directives
 * are honoured; the second, when its bit 6 is set, the rule families. The
 * rest is the text (seeds carry directives and configuration-like lines); a
 * first line starting with "#!" also gives options, space-separated:
 * "-WORD" accepts a word, "+WORD" rejects one, "=RULE:N" sets a rule's or a
 * family's severity (N: 0 off, 1 info, 2 warning, 3 error). Invalid UTF-8
 * fails with TW_EUTF8 at the first bad byte; otherwise every finding lies
 * inside the text with consistent line/column and byte positions, no
 * finding is exactly an accepted word (unless it is also rejected: reject
 * wins), a rule set off reports nothing, and
 * every report format renders (the JSON one parses). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tongwen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tw_lexicon *lex;

#define MAX_OPTS 16

typedef struct opts {
	char *buf; /* the option line, split in place */
	const char *accept[MAX_OPTS], *reject[MAX_OPTS];
	tw_rule_setting rules[MAX_OPTS];
	size_t n_accept, n_reject, n_rules;
} opts;

/* Splits a leading "#!" line of text into options (words are NUL-free:
 * the line is valid UTF-8 without NUL, else it gives none). */
static void parse_opts(opts *o, const char *text, size_t len)
{
	memset(o, 0, sizeof *o);
	if (len < 2 || memcmp(text, "#!", 2))
		return;
	const char *nl = memchr(text, '\n', len);
	size_t n = nl ? (size_t)(nl - text) : len;
	if (memchr(text, '\0', n) || tw_utf8_validate(text, n, NULL))
		return;
	o->buf = malloc(n + 1);
	if (!o->buf)
		abort();
	memcpy(o->buf, text, n);
	o->buf[n] = '\0';
	for (char *w = strtok(o->buf + 2, " "); w; w = strtok(NULL, " ")) {
		if (w[0] == '-' && w[1] && o->n_accept < MAX_OPTS) {
			o->accept[o->n_accept++] = w + 1;
		} else if (w[0] == '+' && w[1] && o->n_reject < MAX_OPTS) {
			o->reject[o->n_reject++] = w + 1;
		} else if (w[0] == '=' && o->n_rules < MAX_OPTS) {
			char *c = strrchr(w, ':');
			if (!c || c == w + 1 || c[1] < '0' || c[1] > '3' || c[2])
				continue;
			*c = '\0';
			o->rules[o->n_rules].rule = w + 1;
			o->rules[o->n_rules++].severity = (tw_severity)(c[1] - '0' - 1);
		}
	}
}

/* Whether a rule (or its family) was last set off. */
static int set_off(const opts *o, const char *rule)
{
	int off = 0;
	for (size_t i = 0; i < o->n_rules; i++) {
		const char *r = o->rules[i].rule;
		size_t l = strlen(r);
		if (!strcmp(r, rule) || (!strchr(r, '/') && !strncmp(r, rule, l) && rule[l] == '/'))
			off = o->rules[i].severity == TW_SEV_OFF;
	}
	return off;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!lex && tw_lexicon_open(&lex, NULL, NULL))
		abort();
	if (size < 2)
		return 0;
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	o.target = (tw_target)(data[0] % 3);
	if (data[1] & 0x40)
		o.families = data[1] & TW_FAMILY_ALL;
	if (!(data[0] & 4))
		o.families &= ~TW_FAMILY_SPELLING;
	o.directives = !(data[0] & 8);
	const char *text = (const char *)data + 2;
	size_t len = size - 2, bad;
	opts op;
	parse_opts(&op, text, len);
	o.accept = op.accept;
	o.n_accept = op.n_accept;
	o.reject = op.reject;
	o.n_reject = op.n_reject;
	o.rules = op.rules;
	o.n_rules = op.n_rules;
	int valid = tw_utf8_validate(text, len, &bad) == TW_OK;
	tw_findings *f = NULL;
	tw_error err = {0};
	int rc = tw_check(&f, lex, text, len, &o, &err);
	if (!valid) {
		if (rc != TW_EUTF8 || err.offset != bad || f)
			abort();
		free(op.buf);
		return 0;
	}
	if (rc)
		abort();
	for (size_t i = 0; i < f->count; i++) {
		const tw_finding *x = &f->items[i];
		if (x->offset > len || x->length > len - x->offset || x->line < 1 || x->column < 1 ||
		    x->end_line < x->line || !x->rule || !x->message)
			abort();
		size_t nl = 1;
		for (size_t k = 0; k < x->offset; k++)
			nl += text[k] == '\n';
		if (nl != x->line)
			abort();
		/* a word both accepted and rejected is flagged: reject wins */
		for (size_t k = 0; k < op.n_accept && strcmp(x->rule, "term/reject"); k++)
			if (strlen(op.accept[k]) == x->length &&
			    !memcmp(op.accept[k], text + x->offset, x->length))
				abort();
		if (set_off(&op, x->rule))
			abort();
	}
	tw_report_file file = {"fuzz.md", text, len, f};
	for (int fmt = TW_REPORT_TEXT; fmt <= TW_REPORT_GITHUB; fmt++) {
		char *out;
		size_t n;
		if (tw_report_render(&out, &n, (tw_report_format)fmt, &file, 1, NULL))
			abort();
		if (fmt == TW_REPORT_JSON || fmt == TW_REPORT_SARIF) {
			json_t *j = json_loadb(out, n, 0, NULL);
			if (!j)
				abort();
			json_decref(j);
		}
		tw_free(out);
	}
	tw_findings_free(f);
	free(op.buf);
	return 0;
}
