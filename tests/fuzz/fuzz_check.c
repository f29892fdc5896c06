/* libFuzzer target: the checker and the report renderers. The first byte
 * chooses the target region, whether spelling runs and whether directives
 * are honoured; the rest is the text
 * (seeds carry directives and configuration-like lines). Invalid UTF-8 fails
 * with TW_EUTF8 at the first bad byte; otherwise every finding lies inside
 * the text with consistent line/column and byte positions, and every report
 * format renders (the JSON one parses). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tongwen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tw_lexicon *lex;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!lex && tw_lexicon_open(&lex, NULL, NULL))
		abort();
	if (!size)
		return 0;
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	o.target = (tw_target)(data[0] % 3);
	if (!(data[0] & 4))
		o.families &= ~TW_FAMILY_SPELLING;
	o.directives = !(data[0] & 8);
	const char *text = (const char *)data + 1;
	size_t len = size - 1, bad;
	int valid = tw_utf8_validate(text, len, &bad) == TW_OK;
	tw_findings *f = NULL;
	tw_error err = {0};
	int rc = tw_check(&f, lex, text, len, &o, &err);
	if (!valid) {
		if (rc != TW_EUTF8 || err.offset != bad || f)
			abort();
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
	return 0;
}
