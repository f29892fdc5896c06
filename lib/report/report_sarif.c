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
char *report_sarif_uri(const char *name)
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

/* Index of rule in the driver's rules array, or -1. */
static json_int_t rule_index(json_t *rules, const char *id)
{
	size_t n = json_array_size(rules);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(rules, i), "id")), id))
			return (json_int_t)i;
	return -1;
}

int report_sarif_add_rule(void *rules, const char *id, tw_severity sev)
{
	if (rule_index(rules, id) >= 0)
		return TW_OK;
	json_t *r = json_pack("{s:s,s:{s:s},s:{s:s}}", "id", id, "shortDescription", "text", id,
	                      "defaultConfiguration", "level", level_name(sev));
	return r && !json_array_append_new(rules, r) ? TW_OK : TW_ENOMEM;
}

void *report_sarif_result(const tw_finding *x, const report_text *t, const char *uri,
                          void *rules)
{
	size_t off, len;
	report_span(t, x, &off, &len);
	json_int_t idx = rule_index(rules, x->rule);
	json_t *snippet = json_object();
	if (!snippet ||
	    json_object_set_new(snippet, "text", json_stringn(t->s + (off - t->base), len))) {
		json_decref(snippet);
		return NULL;
	}
	json_t *res = idx >= 0 ? json_pack("{s:s,s:I,s:s,s:o,s:[{s:{s:{s:s},s:o}}]}", "ruleId",
	                                   x->rule, "ruleIndex", idx, "level",
	                                   level_name(x->severity), "message",
	                                   text_object(x->message), "locations", "physicalLocation",
	                                   "artifactLocation", "uri", uri, "region",
	                                   region(x, off, len, snippet))
	                       : json_pack("{s:s,s:s,s:o,s:[{s:{s:{s:s},s:o}}]}", "ruleId", x->rule,
	                                   "level", level_name(x->severity), "message",
	                                   text_object(x->message), "locations", "physicalLocation",
	                                   "artifactLocation", "uri", uri, "region",
	                                   region(x, off, len, snippet));
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

void *report_sarif_log(void **rules)
{
	json_t *drv = driver();
	*rules = drv ? json_object_get(drv, "rules") : NULL;
	json_t *results = json_array();
	if (!drv || !results) {
		json_decref(drv);
		json_decref(results);
		return NULL;
	}
	/* json_pack steals drv and results, even on failure */
	return json_pack("{s:s,s:s,s:[{s:{s:o},s:s,s:o}]}", "$schema", SARIF_SCHEMA, "version",
	                 "2.1.0", "runs", "tool", "driver", drv, "columnKind", "unicodeCodePoints",
	                 "results", results);
}
