/* SARIF 2.1.0: one run of the tool "tongwen", columns in Unicode code
 * points (declared by the run's columnKind), a rule entry for every rule in
 * the catalogue plus any other rule a finding names, and a fix for every
 * finding with exactly one suggestion. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report_internal.h"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

static const char *level_name(tw_severity s)
{
	return s == TW_SEV_ERROR ? "error" : s == TW_SEV_WARNING ? "warning" : "note";
}

/* A relative URI reference for a file name: unreserved characters and '/'
 * stay, every other byte is percent-encoded (so spaces, '%', '#' and CJK
 * names give a valid reference). */
static char *path_uri(const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(name);
	char *out = malloc(3 * n + 1), *p = out;
	if (!out)
		return NULL;
	for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    strchr("-._~/", *s)) {
			*p++ = (char)*s;
		} else {
			*p++ = '%';
			*p++ = hex[*s >> 4];
			*p++ = hex[*s & 15];
		}
	}
	*p = '\0';
	return out;
}

static json_t *text_object(const char *s)
{
	return json_pack("{s:s}", "text", s);
}

static json_t *region(const tw_finding *x, size_t off, size_t len, json_t *snippet)
{
	json_t *r = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "startLine", (json_int_t)x->line,
	                      "startColumn", (json_int_t)x->column, "endLine", (json_int_t)x->end_line,
	                      "endColumn", (json_int_t)x->end_column, "byteOffset", (json_int_t)off,
	                      "byteLength", (json_int_t)len);
	if (r && snippet && json_object_set_new(r, "snippet", snippet)) {
		json_decref(r);
		return NULL;
	}
	if (!r)
		json_decref(snippet);
	return r;
}

/* Index of rule in the driver's rules array, appending an entry for a rule
 * the catalogue does not know; -1 on OOM. */
static json_int_t rule_index(json_t *rules, const char *id, tw_severity sev)
{
	size_t n = json_array_size(rules);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(rules, i), "id")), id))
			return (json_int_t)i;
	json_t *r = json_pack("{s:s,s:{s:s},s:{s:s}}", "id", id, "shortDescription", "text", id,
	                      "defaultConfiguration", "level", level_name(sev));
	if (!r || json_array_append_new(rules, r))
		return -1;
	return (json_int_t)n;
}

static json_t *result(const tw_report_file *f, const tw_finding *x, const char *uri,
                      json_t *rules)
{
	size_t off, len;
	report_span(f, x, &off, &len);
	json_int_t idx = rule_index(rules, x->rule, x->severity);
	if (idx < 0)
		return NULL;
	json_t *snippet = json_object();
	if (!snippet || json_object_set_new(snippet, "text", json_stringn(f->text + off, len))) {
		json_decref(snippet);
		return NULL;
	}
	json_t *res = json_pack(
		"{s:s,s:I,s:s,s:o,s:[{s:{s:{s:s},s:o}}]}", "ruleId", x->rule, "ruleIndex", idx, "level",
		level_name(x->severity), "message", text_object(x->message), "locations",
		"physicalLocation", "artifactLocation", "uri", uri, "region", region(x, off, len, snippet));
	if (!res)
		return NULL;
	if (x->n_suggestions == 1) {
		json_t *fix = json_pack(
			"[{s:o,s:[{s:{s:s},s:[{s:o,s:o}]}]}]", "description",
			text_object(x->suggestions[0]), "artifactChanges", "artifactLocation", "uri", uri,
			"replacements", "deletedRegion", region(x, off, len, NULL), "insertedContent",
			text_object(x->suggestions[0]));
		if (!fix || json_object_set_new(res, "fixes", fix)) {
			json_decref(res);
			return NULL;
		}
	}
	return res;
}

static json_t *driver(void)
{
	size_t n;
	const tw_rule_info *cat = tw_rule_catalogue(&n);
	json_t *rules = json_array();
	for (size_t i = 0; rules && i < n; i++) {
		json_t *r = json_pack("{s:s,s:{s:s},s:{s:s}}", "id", cat[i].id, "shortDescription",
		                      "text", cat[i].description, "defaultConfiguration", "level",
		                      level_name(cat[i].default_severity));
		if (!r || json_array_append_new(rules, r)) {
			json_decref(rules);
			return NULL;
		}
	}
	if (!rules)
		return NULL;
	/* No informationUri: the project has no public address yet. */
	return json_pack("{s:s,s:s,s:o}", "name", "tongwen", "version", tw_version(), "rules",
	                 rules);
}

int report_sarif(buf *b, const tw_report_file *files, size_t n)
{
	json_t *drv = driver();
	json_t *results = json_array();
	json_t *rules = drv ? json_object_get(drv, "rules") : NULL;
	int rc = drv && results ? TW_OK : TW_ENOMEM;
	for (size_t i = 0; i < n && !rc; i++) {
		const tw_report_file *f = &files[i];
		if (!f->findings)
			continue;
		char *clean = report_clean_utf8(f->name);
		char *uri = clean ? path_uri(clean) : NULL;
		free(clean);
		if (!uri) {
			rc = TW_ENOMEM;
			break;
		}
		for (size_t k = 0; k < f->findings->count && !rc; k++)
			if (json_array_append_new(results, result(f, &f->findings->items[k], uri, rules)))
				rc = TW_ENOMEM;
		free(uri);
	}
	json_t *log = NULL;
	if (!rc) {
		log = json_pack("{s:s,s:s,s:[{s:{s:o},s:s,s:o}]}", "$schema", SARIF_SCHEMA, "version",
		                "2.1.0", "runs", "tool", "driver", drv, "columnKind", "unicodeCodePoints",
		                "results", results);
		drv = results = NULL; /* json_pack stole them, even on failure */
		if (!log)
			rc = TW_ENOMEM;
	}
	json_decref(drv);
	json_decref(results);
	if (rc) {
		json_decref(log);
		return rc;
	}
	return report_append_json(b, log);
}
