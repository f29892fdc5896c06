/* JSON Lines: convert --jsonl FIELD,… and check --jsonl FIELD,… --id FIELD.
 *
 * One record in, one record out, in order, streaming line by line. A
 * converted record is the input line with only the named string values
 * replaced: keys, their order, every other value, numbers and spacing stay
 * byte for byte (jansson validates and decodes; the splice is ours). A
 * string written with \u escapes only is written back the same way, so an
 * ASCII-only producer gets ASCII back. */
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

/* ---------------------------------------------------------------- scanning */

/* Where a top-level member's value lies in the line: byte range. The line
 * has been validated by jansson, so the scanner only has to find bounds. */
typedef struct span {
	size_t start, end;
} span;

static size_t skip_ws(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

static size_t skip_string(const char *s, size_t i, size_t n)
{
	for (i++; i < n && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i + 1;
}

static size_t skip_value(const char *s, size_t i, size_t n)
{
	if (s[i] == '"')
		return skip_string(s, i, n);
	if (s[i] == '{' || s[i] == '[') {
		int depth = 0;
		for (; i < n; i++) {
			if (s[i] == '"') {
				i = skip_string(s, i, n) - 1;
			} else if (s[i] == '{' || s[i] == '[') {
				depth++;
			} else if ((s[i] == '}' || s[i] == ']') && --depth == 0) {
				return i + 1;
			}
		}
		return n;
	}
	while (i < n && !strchr(",}] \t\r\n", s[i]))
		i++;
	return i;
}

/* The value span of top-level key `key` (decoded compare through jansson's
 * own decoding would be exact; keys with escapes are compared decoded). */
static int find_member(const char *s, size_t n, const char *key, span *out)
{
	size_t i = skip_ws(s, 0, n);
	if (i >= n || s[i] != '{')
		return 0;
	i = skip_ws(s, i + 1, n);
	while (i < n && s[i] == '"') {
		size_t kend = skip_string(s, i, n);
		/* decode the key with jansson to compare it exactly */
		json_t *k = json_loadb(s + i, kend - i, JSON_DECODE_ANY, NULL);
		int match = k && json_is_string(k) && json_string_length(k) == strlen(key) &&
		            !memcmp(json_string_value(k), key, strlen(key));
		json_decref(k);
		i = skip_ws(s, kend, n);
		i = skip_ws(s, i + 1, n); /* ':' */
		size_t vend = skip_value(s, i, n);
		if (match) {
			out->start = i;
			out->end = vend;
			return 1;
		}
		i = skip_ws(s, vend, n);
		if (i < n && s[i] == ',')
			i = skip_ws(s, i + 1, n);
		else
			break;
	}
	return 0;
}

/* ---------------------------------------------------------------- writing */

static int put_u(FILE *out, unsigned v)
{
	return fprintf(out, "\\u%04x", v) < 0;
}

/* Writes s as a JSON string; ascii: non-ASCII as \u escapes (surrogate
 * pairs beyond the BMP). */
static int write_string(FILE *out, const char *s, size_t n, int ascii)
{
	int rc = fputc('"', out) == EOF;
	for (size_t i = 0; i < n && !rc;) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			rc = fputc('\\', out) == EOF || fputc(c, out) == EOF;
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			static const char short_esc[] = "btn\0fr";
			if (c >= 8 && c <= 13 && c != 11 && short_esc[c - 8])
				rc = fputc('\\', out) == EOF || fputc(short_esc[c - 8], out) == EOF;
			else
				rc = put_u(out, c);
			i++;
		} else if (c < 0x80 || !ascii) {
			rc = fputc(c, out) == EOF;
			i++;
		} else {
			size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
			unsigned cp = c & (0x3f >> (len - 1));
			for (size_t k = 1; k < len && i + k < n; k++)
				cp = cp << 6 | ((unsigned char)s[i + k] & 0x3f);
			if (cp >= 0x10000)
				rc = put_u(out, 0xd800 + ((cp - 0x10000) >> 10)) ||
				     put_u(out, 0xdc00 + ((cp - 0x10000) & 0x3ff));
			else
				rc = put_u(out, cp);
			i += len;
		}
	}
	return rc || fputc('"', out) == EOF;
}

/* Whether a string token is written in ASCII with \u escapes for
 * non-ASCII (json.dumps' default): then the converted value is too. */
static int ascii_style(const char *tok, size_t n)
{
	int escaped = 0;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)tok[i] >= 0x80)
			return 0;
		if (tok[i] == '\\' && i + 1 < n && tok[i + 1] == 'u')
			escaped = 1;
	}
	return escaped;
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

/* The profile for a record (an article): its register is read from the
 * named fields' text, in field order, as a document's from its text. */
static int record_profile(const tw_profile **out, const tw_profile *p, const fields *fl,
                          const reader *r, json_t *rec)
{
	/* the fields' text, one line each, up to the window */
	size_t want = 0;
	for (size_t i = 0; i < fl->n && want < TW_REGISTER_WINDOW; i++) {
		json_t *x = json_object_get(rec, fl->names[i]);
		want += json_is_string(x) ? json_string_length(x) + 1 : 0;
	}
	want = want < TW_REGISTER_WINDOW ? want : TW_REGISTER_WINDOW;
	char *text = malloc(want + 1);
	size_t len = 0;
	if (!text) {
		die_msg("%s:%lu: out of memory", r->name, r->lineno);
		return -1;
	}
	for (size_t i = 0; i < fl->n && len < want; i++) {
		json_t *x = json_object_get(rec, fl->names[i]);
		if (!json_is_string(x))
			continue; /* reported where it is converted */
		size_t n = json_string_length(x);
		n = n < want - len ? n : want - len;
		memcpy(text + len, json_string_value(x), n);
		len += n;
		if (len < want)
			text[len++] = '\n';
	}
	tw_error err = {0};
	int rc = tw_profile_for_document(out, p, text, len, &err);
	free(text);
	if (rc)
		die_msg("%s:%lu: %s", r->name, r->lineno, err.message);
	return rc ? -1 : 0;
}

/* Converts one record into out (a memory stream). 0, or -1 (printed). */
static int convert_record(const jsonl_options *o, const fields *fl, const reader *r, FILE *out)
{
	json_t *rec = parse_record(r);
	if (!rec)
		return -1;
	/* replacements in line order */
	struct rep {
		span sp;
		char *text;
		size_t len;
		int ascii;
	} reps[64];
	size_t nrep = 0;
	const tw_profile *prof;
	int rc = record_profile(&prof, o->profile, fl, r, rec);
	for (size_t i = 0; i < fl->n && !rc; i++) {
		const char *v;
		size_t vlen;
		int has = field_string(r, rec, fl->names[i], &v, &vlen);
		if (has < 0) {
			rc = -1;
			break;
		}
		if (!has)
			continue;
		char *conv;
		size_t clen;
		tw_error err = {0};
		if (tw_convert(&conv, &clen, prof, v, vlen, &err)) {
			die_msg("%s:%lu: field \"%s\": %s", r->name, r->lineno, fl->names[i], err.message);
			rc = -1;
			break;
		}
		span sp;
		if (clen == vlen && !memcmp(conv, v, vlen)) {
			tw_free(conv);
			continue;
		}
		if (!find_member(r->line, r->len, fl->names[i], &sp) || nrep == 64) {
			tw_free(conv);
			die_msg("%s:%lu: field \"%s\": cannot locate it", r->name, r->lineno, fl->names[i]);
			rc = -1;
			break;
		}
		size_t k = nrep++;
		while (k > 0 && reps[k - 1].sp.start > sp.start) {
			reps[k] = reps[k - 1];
			k--;
		}
		reps[k].sp = sp;
		reps[k].text = conv;
		reps[k].len = clen;
		reps[k].ascii = ascii_style(r->line + sp.start, sp.end - sp.start);
	}
	size_t pos = 0;
	for (size_t i = 0; i < nrep && !rc; i++) {
		if (fwrite(r->line + pos, 1, reps[i].sp.start - pos, out) != reps[i].sp.start - pos ||
		    write_string(out, reps[i].text, reps[i].len, reps[i].ascii))
			rc = -1;
		pos = reps[i].sp.end;
	}
	if (!rc && (fwrite(r->line + pos, 1, r->len - pos, out) != r->len - pos || fputc('\n', out) == EOF))
		rc = -1;
	for (size_t i = 0; i < nrep; i++)
		tw_free(reps[i].text);
	json_decref(rec);
	return rc;
}

/* Runs each line of each input through fn, writing to OUT (stdout, or a
 * file written atomically). A bad record stops the run (exit 2, nothing
 * more written; with -o, no file at all) or, with skip_errors, is reported
 * and left out, and the run goes on to exit 0 (a Hadoop task must not fail
 * for a record the user chose to skip). Blank lines are passed over. */
static int run_lines(const char *const *inputs, size_t n, const char *output, int line_buffered,
                     int skip_errors, int (*fn)(void *, const reader *, FILE *), void *ud)
{
	out_file o;
	if (out_open(&o, output))
		return EXIT_USAGE;
	char *rec = NULL;
	size_t rec_len = 0;
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
			/* the record is built in memory so a failure writes nothing */
			FILE *m = open_memstream(&rec, &rec_len);
			int rc = m ? fn(ud, &r, m) : -1;
			if (!m)
				die_msg("%s:%lu: out of memory", r.name, r.lineno);
			if (m && fclose(m) && !rc) {
				die_msg("%s:%lu: out of memory", r.name, r.lineno);
				rc = -1;
			}
			if (rc) {
				failed = !skip_errors;
			} else if (fwrite(rec, 1, rec_len, o.f) != rec_len ||
			           (line_buffered && fflush(o.f))) {
				die_msg("%s: write error: %s", output ? output : "<stdout>", strerror(errno));
				failed = 1;
			}
			free(rec);
			rec = NULL;
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

typedef struct convert_ctx {
	const jsonl_options *o;
	fields fl;
} convert_ctx;

static int convert_line(void *ud, const reader *r, FILE *out)
{
	convert_ctx *c = ud;
	return convert_record(c->o, &c->fl, r, out);
}

int convert_jsonl(const jsonl_options *o, const char *const *inputs, size_t n, const char *output)
{
	convert_ctx c = {o, {0}};
	if (split_fields(&c.fl, o->fields))
		return EXIT_USAGE;
	int status = run_lines(inputs, n, output, o->line_buffered, o->skip_errors, convert_line, &c);
	free_fields(&c.fl);
	return status;
}

/* ---------------------------------------------------------------- check */

typedef struct check_ctx {
	const check_jsonl_options *o;
	fields fl;
	int worst; /* the highest severity found */
} check_ctx;

/* {"id": ID, "findings": [{"field": F, …as in --format json…}, …]} */
static int check_line(void *ud, const reader *r, FILE *out)
{
	check_ctx *c = ud;
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
	if (!rc && (!dump || fputs(dump, out) == EOF || fputc('\n', out) == EOF))
		rc = -1;
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
	check_ctx c = {o, {0}, -1};
	if (split_fields(&c.fl, o->fields))
		return EXIT_USAGE;
	int status = run_lines(inputs, n, NULL, o->line_buffered, o->skip_errors, check_line, &c);
	free_fields(&c.fl);
	*worst = c.worst;
	return status;
}
