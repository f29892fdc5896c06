/* JSON Lines: convert --jsonl FIELD,… and check --jsonl FIELD,… --id FIELD.
 *
 * One record in, one record out, in order, streaming line by line. A
 * converted record is the input line with only the named string values
 * replaced, as the library's tw_jsonl_convert() writes it. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tongwen/report.h"

/* ---------------------------------------------------------------- fields */

typedef struct fields {
	char **names;
	size_t n;
} fields;

static int split_fields(fields *f, const char *list)
{
	f->names = NULL;
	f->n = 0;
	const char *p = list;
	for (;;) {
		size_t len = strcspn(p, ",");
		if (!len) {
			die_msg("--jsonl: empty field name in '%s'", list);
			return -1;
		}
		char **g = realloc(f->names, (f->n + 1) * sizeof *g);
		if (!g || !(g[f->n] = strndup(p, len))) {
			free(g ? g : f->names);
			f->names = NULL;
			die_msg("out of memory");
			return -1;
		}
		f->names = g;
		f->n++;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

static void free_fields(fields *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
}

static size_t skip_ws(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* ---------------------------------------------------------------- reading */

typedef struct reader {
	const char *name;
	FILE *f;
	char *line;
	size_t cap, len;
	unsigned long lineno;
} reader;

/* 1 with a line (without its '\n'), 0 at the end, -1 on a read error. */
static int next_line(reader *r)
{
	errno = 0;
	ssize_t n = getline(&r->line, &r->cap, r->f);
	if (n < 0) {
		if (ferror(r->f) || errno == ENOMEM) {
			die_msg("%s: read error: %s", r->name, strerror(errno ? errno : EIO));
			return -1;
		}
		return 0;
	}
	r->lineno++;
	r->len = (size_t)n;
	if (r->len && r->line[r->len - 1] == '\n')
		r->len--;
	if (r->len && r->line[r->len - 1] == '\r')
		r->len--;
	return 1;
}

static int blank(const char *s, size_t n)
{
	return skip_ws(s, 0, n) == n;
}

/* Parses the line as one JSON object; prints the error (with line number
 * and column) and returns NULL when it is not one. */
static json_t *parse_record(const reader *r)
{
	json_error_t je;
	json_t *rec = json_loadb(r->line, r->len, 0, &je);
	if (!rec)
		die_msg("%s:%lu: invalid JSON at column %d: %s", r->name, r->lineno, je.column, je.text);
	else if (!json_is_object(rec)) {
		die_msg("%s:%lu: not a JSON object", r->name, r->lineno);
		json_decref(rec);
		rec = NULL;
	}
	return rec;
}

/* The string value of a field: 1 and its value, 0 when absent or null, -1
 * (printed) when it is another type. */
static int field_string(const reader *r, json_t *rec, const char *field, const char **v,
                        size_t *len)
{
	json_t *x = json_object_get(rec, field);
	if (!x || json_is_null(x))
		return 0;
	if (!json_is_string(x)) {
		die_msg("%s:%lu: field \"%s\" is not a string", r->name, r->lineno, field);
		return -1;
	}
	*v = json_string_value(x);
	*len = json_string_length(x);
	return 1;
}

/* ---------------------------------------------------------------- convert */

/* Converts one record: *rec and *len, the converter's memory. 0, or -1
 * (printed). */
static int convert_record(tw_jsonl *j, const reader *r, const char **rec, size_t *len)
{
	tw_error err = {0};
	if (!tw_jsonl_convert(j, r->line, r->len, rec, len, &err))
		return 0;
	die_msg("%s:%lu: %s", r->name, r->lineno, err.message);
	return -1;
}

/* Runs each line of each input through fn, writing to OUT (stdout, or a
 * file written atomically). fn gives the record to write (without its line
 * break), or fails having printed why: a bad record stops the run (exit 2,
 * nothing more written; with -o, no file at all) or, with skip_errors, is
 * left out, and the run goes on to exit 0 (a Hadoop task must not fail for
 * a record the user chose to skip). Blank lines are passed over. */
typedef int (*record_fn)(void *ud, const reader *r, const char **rec, size_t *len);

static int run_lines(const char *const *inputs, size_t n, const char *output, int line_buffered,
                     int skip_errors, record_fn fn, void *ud)
{
	out_file o;
	if (out_open(&o, output))
		return EXIT_USAGE;
	int failed = 0; /* a record failed and the run stops */
	for (size_t i = 0; i < n && !failed; i++) {
		reader r = {.name = strcmp(inputs[i], "-") ? inputs[i] : "<stdin>"};
		r.f = strcmp(inputs[i], "-") ? fopen(inputs[i], "rb") : stdin;
		if (!r.f) {
			die_msg("%s: %s", r.name, strerror(errno));
			failed = 1;
			break;
		}
		if (r.f != stdin && input_refused(r.f, r.name)) {
			fclose(r.f);
			failed = 1;
			break;
		}
		int got;
		while (!failed && (got = next_line(&r)) > 0) {
			if (blank(r.line, r.len))
				continue;
			const char *rec;
			size_t rec_len;
			if (fn(ud, &r, &rec, &rec_len)) {
				failed = !skip_errors;
			} else if (fwrite(rec, 1, rec_len, o.f) != rec_len || putc('\n', o.f) == EOF ||
			           (line_buffered && fflush(o.f))) {
				die_msg("%s: write error: %s", output ? output : "<stdout>", strerror(errno));
				failed = 1;
			}
		}
		if (got < 0)
			failed = 1;
		free(r.line);
		if (r.f != stdin)
			fclose(r.f);
	}
	if (failed && (o.mode == OUT_RENAME || o.mode == OUT_COPY_BACK)) {
		out_abort(&o);
		return EXIT_USAGE;
	}
	/* stdout or a device: what was written stays, like a shell pipe */
	if (out_commit(&o))
		failed = 1;
	return failed ? EXIT_USAGE : EXIT_CLEAN;
}

static int convert_line(void *ud, const reader *r, const char **rec, size_t *len)
{
	return convert_record(ud, r, rec, len);
}

int convert_jsonl(const jsonl_options *o, const char *const *inputs, size_t n, const char *output)
{
	fields fl;
	if (split_fields(&fl, o->fields))
		return EXIT_USAGE;
	tw_jsonl *j;
	tw_error err = {0};
	int status = EXIT_USAGE;
	if (tw_jsonl_new(&j, o->profile, (const char *const *)fl.names, fl.n, &err)) {
		die_msg("--jsonl: %s", err.message);
	} else {
		status = run_lines(inputs, n, output, o->line_buffered, o->skip_errors, convert_line, j);
		tw_jsonl_free(j);
	}
	free_fields(&fl);
	return status;
}

/* ---------------------------------------------------------------- check */

typedef struct check_ctx {
	const check_jsonl_options *o;
	fields fl;
	int worst; /* the highest severity found */
	char *line; /* the last record written */
} check_ctx;

/* {"id": ID, "findings": [{"field": F, …as in --format json…}, …]} */
static int check_line(void *ud, const reader *r, const char **out, size_t *out_len)
{
	check_ctx *c = ud;
	free(c->line);
	c->line = NULL;
	json_t *rec = parse_record(r);
	if (!rec)
		return -1;
	json_t *id = json_object_get(rec, c->o->id_field);
	if (!id) {
		die_msg("%s:%lu: no field \"%s\" (--id)", r->name, r->lineno, c->o->id_field);
		json_decref(rec);
		return -1;
	}
	tw_report_file *files = calloc(c->fl.n, sizeof *files);
	tw_findings **found = calloc(c->fl.n, sizeof *found);
	size_t nfiles = 0;
	int rc = files && found ? 0 : -1;
	for (size_t i = 0; i < c->fl.n && !rc; i++) {
		const char *v;
		size_t vlen;
		int has = field_string(r, rec, c->fl.names[i], &v, &vlen);
		if (has < 0)
			rc = -1;
		if (has <= 0)
			continue;
		tw_error err = {0};
		if (tw_check(&found[nfiles], c->o->lexicon, v, vlen, c->o->check, &err)) {
			die_msg("%s:%lu: field \"%s\": %s", r->name, r->lineno, c->fl.names[i], err.message);
			rc = -1;
			break;
		}
		for (size_t k = 0; k < found[nfiles]->count; k++)
			if ((int)found[nfiles]->items[k].severity > c->worst)
				c->worst = (int)found[nfiles]->items[k].severity;
		files[nfiles].name = c->fl.names[i];
		files[nfiles].text = v;
		files[nfiles].len = vlen;
		files[nfiles].findings = found[nfiles];
		nfiles++;
	}
	char *js = NULL;
	tw_error err = {0};
	json_t *arr = NULL, *line = NULL;
	if (!rc && tw_report_render(&js, NULL, TW_REPORT_JSON, files, nfiles, &err)) {
		die_msg("%s:%lu: %s", r->name, r->lineno, err.message);
		rc = -1;
	}
	if (!rc && !(arr = json_loads(js, 0, NULL)))
		rc = -1;
	json_t *findings = rc ? NULL : json_array();
	for (size_t i = 0; !rc && findings && i < json_array_size(arr); i++) {
		/* "file" (the field's name here) becomes "field", first */
		json_t *f = json_array_get(arr, i), *g = json_object();
		const char *key;
		json_t *val;
		if (!g || json_object_set(g, "field", json_object_get(f, "file")))
			rc = -1;
		json_object_foreach(f, key, val)
			if (!rc && strcmp(key, "file") && json_object_set(g, key, val))
				rc = -1;
		if (rc || json_array_append_new(findings, g))
			rc = -1;
	}
	if (!rc && (!findings || !(line = json_object()) || json_object_set(line, "id", id) ||
	            json_object_set(line, "findings", findings)))
		rc = -1;
	char *dump = rc ? NULL : json_dumps(line, JSON_COMPACT);
	if (!rc && !dump)
		rc = -1;
	if (!rc) {
		*out = c->line = dump;
		*out_len = strlen(dump);
		dump = NULL;
	}
	if (rc && !js && !err.code)
		die_msg("%s:%lu: out of memory", r->name, r->lineno);
	free(dump);
	json_decref(line);
	json_decref(findings);
	json_decref(arr);
	tw_free(js);
	for (size_t i = 0; i < nfiles; i++)
		tw_findings_free(found[i]);
	free(found);
	free(files);
	json_decref(rec);
	return rc;
}

int check_jsonl(const check_jsonl_options *o, const char *const *inputs, size_t n, int *worst)
{
	check_ctx c = {o, {0}, -1, NULL};
	if (split_fields(&c.fl, o->fields))
		return EXIT_USAGE;
	int status = run_lines(inputs, n, NULL, o->line_buffered, o->skip_errors, check_line, &c);
	free(c.line);
	free_fields(&c.fl);
	*worst = c.worst;
	return status;
}
