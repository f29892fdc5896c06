/* The JSON format: one array of finding objects, each naming its file, in
 * the order of the files and then of the findings (report_writer.c writes
 * the array). Units are documented in tongwen/report.h. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report_internal.h"

/* json_*_new steals the value and tolerates NULL, so one failed allocation
 * anywhere surfaces as a failed set, checked once per object. */
void *report_json_one(const char *name, const tw_finding *x, const report_text *t)
{
	size_t off, len;
	report_span(t, x, &off, &len);
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
	bad |= json_object_set_new(o, "text", json_stringn(t->s + (off - t->base), len));
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
