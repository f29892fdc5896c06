/* The JSON format: one array of finding objects, each naming its file, in
 * the order of the files and then of the findings. Units are documented in
 * tongwen/report.h. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report_internal.h"

/* json_*_new steals the value and tolerates NULL, so one failed allocation
 * anywhere surfaces as a failed set, checked once per object. */
static json_t *finding_object(const tw_report_file *f, const tw_finding *x, const char *name)
{
	size_t off, len;
	report_span(f, x, &off, &len);
	json_t *o = json_object(), *sugg = json_array();
	if (!o || !sugg) {
		json_decref(o);
		json_decref(sugg);
		return NULL;
	}
	int bad = 0;
	for (size_t i = 0; i < x->n_suggestions; i++)
		bad |= json_array_append_new(sugg, json_string(x->suggestions[i]));
	bad |= json_object_set_new(o, "file", json_string(name));
	bad |= json_object_set_new(o, "rule", json_string(x->rule));
	bad |= json_object_set_new(o, "severity", json_string(report_severity_name(x->severity)));
	bad |= json_object_set_new(o, "message", json_string(x->message));
	bad |= json_object_set_new(o, "text", json_stringn(f->text + off, len));
	bad |= json_object_set_new(o, "suggestions", sugg);
	bad |= json_object_set_new(o, "line", json_integer((json_int_t)x->line));
	bad |= json_object_set_new(o, "column", json_integer((json_int_t)x->column));
	bad |= json_object_set_new(o, "end_line", json_integer((json_int_t)x->end_line));
	bad |= json_object_set_new(o, "end_column", json_integer((json_int_t)x->end_column));
	bad |= json_object_set_new(o, "column_utf16", json_integer((json_int_t)x->column_u16));
	bad |= json_object_set_new(o, "end_column_utf16", json_integer((json_int_t)x->end_column_u16));
	bad |= json_object_set_new(o, "byte_offset", json_integer((json_int_t)off));
	bad |= json_object_set_new(o, "byte_length", json_integer((json_int_t)len));
	bad |= json_object_set_new(o, "note", x->note ? json_string(x->note) : json_null());
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int report_json(buf *b, const tw_report_file *files, size_t n)
{
	json_t *arr = json_array();
	if (!arr)
		return TW_ENOMEM;
	int rc = TW_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		const tw_report_file *f = &files[i];
		if (!f->findings)
			continue;
		char *name = report_clean_utf8(f->name);
		if (!name) {
			rc = TW_ENOMEM;
			break;
		}
		for (size_t k = 0; k < f->findings->count && !rc; k++)
			if (json_array_append_new(arr, finding_object(f, &f->findings->items[k], name)))
				rc = TW_ENOMEM;
		free(name);
	}
	if (rc) {
		json_decref(arr);
		return rc;
	}
	return report_append_json(b, arr);
}
