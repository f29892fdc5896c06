/* Configuration: the .tongwen.ini that applies to each document (found by
 * walking up from its folder, cached until a watched file changes), the
 * editor's settings over it, and "accept this word" written to the ini. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server.h"

void lsp_settings_free(lsp_settings *st)
{
	free(st->profile);
	for (size_t i = 0; i < st->n_rules; i++)
		free(st->rule_names[i]);
	free(st->rule_names);
	free(st->rules);
	st->profile = NULL;
	st->rule_names = NULL;
	st->rules = NULL;
	st->n_rules = 0;
}

static int fail(char **why, const char *msg, const char *what)
{
	if (why) {
		size_t n = strlen(msg) + strlen(what) + 1;
		*why = malloc(n);
		if (*why)
			snprintf(*why, n, "%s%s", msg, what);
	}
	return -1;
}

/* {"tongwen": {"target", "profile", "rules": {rule: severity}, "debounce"}}
 * (or the inner object alone). Nothing changes unless all of it is valid. */
int lsp_settings_apply(lsp_server *s, json_t *settings, char **why)
{
	json_t *t = json_object_get(settings, "tongwen");
	if (!t)
		t = settings;
	if (!json_is_object(t))
		return fail(why, "settings must be an object", "");
	lsp_settings n = { -1, NULL, NULL, NULL, 0, s->settings.debounce_ms };
	json_t *v;
	if ((v = json_object_get(t, "target")) && !json_is_null(v)) {
		if (!json_is_string(v) || (n.target = tw_target_parse(json_string_value(v))) < 0)
			return fail(why, "target must be cn, hk or tw", "");
	}
	if ((v = json_object_get(t, "profile")) && !json_is_null(v)) {
		if (!json_is_string(v) || !json_string_length(v))
			return fail(why, "profile must be a profile name", "");
		n.profile = strdup(json_string_value(v));
	}
	if ((v = json_object_get(t, "debounce")) && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 60000) {
			lsp_settings_free(&n);
			return fail(why, "debounce must be milliseconds from 0 to 60000", "");
		}
		n.debounce_ms = (long)json_integer_value(v);
	}
	json_t *rules = json_object_get(t, "rules");
	if (rules && !json_is_null(rules)) {
		if (!json_is_object(rules)) {
			lsp_settings_free(&n);
			return fail(why, "rules must map rule ids to error, warning, info or off", "");
		}
		size_t k = json_object_size(rules);
		n.rules = calloc(k + 1, sizeof *n.rules);
		n.rule_names = calloc(k + 1, sizeof *n.rule_names);
		const char *key;
		json_object_foreach(rules, key, v)
		{
			int sev = json_is_string(v) ? tw_severity_parse(json_string_value(v)) : -2;
			if (!tw_rule_name_known(key) || sev < -1) {
				lsp_settings_free(&n);
				return fail(why, "unknown rule or severity in rules: ", key);
			}
			n.rule_names[n.n_rules] = strdup(key);
			n.rules[n.n_rules].rule = n.rule_names[n.n_rules];
			n.rules[n.n_rules].severity = (tw_severity)sev;
			n.n_rules++;
		}
	}
	lsp_settings_free(&s->settings);
	s->settings = n;
	return 0;
}

void lsp_configs_reset(lsp_server *s)
{
	while (s->configs) {
		lsp_config *c = s->configs;
		s->configs = c->next;
		free(c->dir);
		tw_config_free(c->cfg);
		free(c->error);
		free(c);
	}
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash && slash != path ? (size_t)(slash - path) : 1;
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, slash ? path : ".", n);
		d[n] = '\0';
	}
	return d;
}

const tw_config *lsp_config_for(lsp_server *s, const lsp_doc *d, const char **why)
{
	*why = NULL;
	if (!d->path)
		return NULL;
	char *dir = dir_of(d->path);
	if (!dir)
		return NULL;
	for (lsp_config *c = s->configs; c; c = c->next)
		if (!strcmp(c->dir, dir)) {
			free(dir);
			*why = c->error;
			return c->cfg;
		}
	lsp_config *c = calloc(1, sizeof *c);
	if (!c) {
		free(dir);
		return NULL;
	}
	c->dir = dir;
	char *path = NULL;
	tw_error err = {0};
	if (!tw_config_find(&path, dir, &err) && path && tw_config_load(&c->cfg, path, &err))
		c->error = strdup(err.message);
	tw_free(path);
	c->next = s->configs;
	s->configs = c;
	*why = c->error;
	return c->cfg;
}

int lsp_options(lsp_server *s, const lsp_doc *d, tw_check_options *co, tw_doc_options *dopt,
                const char **why)
{
	const tw_config *cfg = lsp_config_for(s, d, why);
	if (cfg) {
		tw_config_apply(cfg, co);
		tw_config_apply_document(cfg, dopt);
	}
	if (s->settings.target >= 0)
		co->target = (tw_target)s->settings.target;
	if (s->settings.n_rules) {
		/* the editor's settings come last, so they win */
		free(s->merged_rules);
		tw_rule_setting *merged = s->merged_rules =
		    malloc((co->n_rules + s->settings.n_rules) * sizeof *merged);
		if (merged) {
			if (co->n_rules)
				memcpy(merged, co->rules, co->n_rules * sizeof *merged);
			memcpy(merged + co->n_rules, s->settings.rules,
			       s->settings.n_rules * sizeof *merged);
			co->rules = merged;
			co->n_rules += s->settings.n_rules;
		}
	}
	dopt->markup = lsp_doc_markup(d);
	dopt->name = d->path;
	return *why ? -1 : 0;
}

/* Writes data to path through a temporary file renamed over it, so that a
 * reader sees the old file or the new one, never half of it. */
static int write_atomic(const char *path, const char *data, size_t n, mode_t mode)
{
	size_t pl = strlen(path);
	char *tmp = malloc(pl + 16);
	if (!tmp)
		return -1;
	snprintf(tmp, pl + 16, "%s.twtmpXXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	int rc = 0;
	for (size_t w = 0; w < n && !rc;) {
		ssize_t k = write(fd, data + w, n - w);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			rc = -1;
		else
			w += (size_t)k;
	}
	if (!rc && (fchmod(fd, mode) || fsync(fd)))
		rc = -1;
	if (close(fd))
		rc = -1;
	if (!rc && rename(tmp, path))
		rc = -1;
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Adds "accept = WORD" to the .tongwen.ini that applies to d (before its
 * first section, where top-level keys belong), or creates one in the
 * workspace root (the document's folder outside any workspace). */
int lsp_accept_word(lsp_server *s, const lsp_doc *d, const char *word, char **why)
{
	if (!*word || strpbrk(word, " \t\r\n,;#[]=\"'"))
		return fail(why, "cannot accept a word with spaces or ini syntax: ", word);
	if (!d->path)
		return fail(why, "the document is not a local file: ", d->uri);
	const char *cfg_why;
	const tw_config *cfg = lsp_config_for(s, d, &cfg_why);
	char *path = NULL;
	if (cfg) {
		path = strdup(tw_config_path(cfg));
	} else if (cfg_why) {
		return fail(why, "fix the configuration first: ", cfg_why);
	} else {
		char *dir = s->root && !strncmp(d->path, s->root, strlen(s->root)) &&
		                    d->path[strlen(s->root)] == '/'
		                ? strdup(s->root)
		                : dir_of(d->path);
		if (dir) {
			path = malloc(strlen(dir) + sizeof "/" TW_CONFIG_NAME);
			if (path)
				sprintf(path, "%s/%s", dir, TW_CONFIG_NAME);
		}
		free(dir);
	}
	if (!path)
		return fail(why, "out of memory", "");
	/* the file itself, not a symlink or device (a symlink is written through) */
	char *real = realpath(path, NULL);
	if (real) {
		free(path);
		path = real;
	}
	struct stat st;
	mode_t mode = 0644;
	char *old = NULL;
	size_t old_len = 0;
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			int r = fail(why, "not a regular file: ", path);
			free(path);
			return r;
		}
		mode = st.st_mode & 07777;
		FILE *f = fopen(path, "rb");
		old = f ? malloc((size_t)st.st_size + 1) : NULL;
		if (!old || fread(old, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
			if (f)
				fclose(f);
			free(old);
			int r = fail(why, "cannot read ", path);
			free(path);
			return r;
		}
		fclose(f);
		old_len = (size_t)st.st_size;
	}
	/* the first line that opens a section */
	size_t at = old_len;
	for (size_t i = 0; i < old_len;) {
		size_t j = i;
		while (j < old_len && (old[j] == ' ' || old[j] == '\t'))
			j++;
		if (j < old_len && old[j] == '[') {
			at = i;
			break;
		}
		const char *nl = memchr(old + i, '\n', old_len - i);
		i = nl ? (size_t)(nl - old) + 1 : old_len;
	}
	char *line = malloc(strlen(word) + 16);
	if (!line) {
		free(old);
		free(path);
		return fail(why, "out of memory", "");
	}
	int need_nl = at == old_len && old_len && old[old_len - 1] != '\n';
	sprintf(line, "%saccept = %s\n", need_nl ? "\n" : "", word);
	size_t ll = strlen(line), n = old_len + ll;
	char *text = malloc(n + 1);
	if (!text) {
		free(line);
		free(old);
		free(path);
		return fail(why, "out of memory", "");
	}
	if (at)
		memcpy(text, old, at);
	memcpy(text + at, line, ll);
	if (old_len > at)
		memcpy(text + at + ll, old + at, old_len - at);
	int rc = write_atomic(path, text, n, mode);
	if (rc)
		fail(why, "cannot write ", path);
	free(text);
	free(line);
	free(old);
	free(path);
	if (!rc) {
		lsp_configs_reset(s);
		lsp_recheck_all(s);
	}
	return rc;
}
