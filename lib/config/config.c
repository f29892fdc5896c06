/* .tongwen.ini: discovery, parsing (inih) and application to check options. */
/* realpath() is X/Open */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "internal.h"
#include "tongwen/config.h"
#include "tongwen/doc.h"
#include "tongwen/report.h"

#define MAX_WORD_FILE ((size_t)64 << 20)

/* A growable array of owned strings. */
typedef struct strvec {
	char **v;
	size_t n, cap;
} strvec;

struct tw_config {
	char *path, *dir; /* absolute; dir ends with '/' */
	int target, fail_on;
	char *profile;
	strvec accept, reject, ignore, rule_names;
	strvec skip_elements, convert_attributes, skip_classes; /* [document] */
	tw_rule_setting *rules;
	size_t n_rules, cap_rules;
};

static int strvec_push(strvec *s, const char *p, size_t len)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		char **v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return TW_ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	char *c = malloc(len + 1);
	if (!c)
		return TW_ENOMEM;
	memcpy(c, p, len);
	c[len] = '\0';
	s->v[s->n++] = c;
	return TW_OK;
}

static void strvec_free(strvec *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

/* Parser state: the line reader counts lines so a handler failure can be
 * told apart from an inih syntax error (ini_parse reports only the first
 * failing line).
 *
 * inih reads lines into a fixed buffer (200 bytes in Debian's build) and
 * cuts longer ones, which split UTF-8 sequences and shifted line numbers.
 * So the reader reads whole lines itself and hands inih short pieces: a
 * comment is cut short (its text is never read); an inline comment is
 * dropped; a long list (accept, reject, ignore) is cut between words into
 * inih continuation lines, which the handler appends like the first. Each
 * piece remembers its line in the file, for messages. */
typedef struct parse_ctx {
	tw_config *cfg;
	FILE *f;
	int line, fail_line, fail_code;
	char reason[640];
	char *phys;      /* the current line of the file */
	size_t phys_cap;
	char *rest;      /* the part of a long list still to hand over */
	int *piece_line; /* inih's line number → the file's */
	size_t n_pieces, cap_pieces;
	int oom;
} parse_ctx;

static int failf(parse_ctx *ctx, int code, const char *fmt, const char *a, const char *b);

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int is_list_key(const char *p, size_t n)
{
	return (n == 6 && (!memcmp(p, "accept", 6) || !memcmp(p, "reject", 6) || !memcmp(p, "ignore", 6)));
}

/* The longest prefix of s (at most max bytes) that ends before a
 * separator; 0 when the first word alone is longer. */
static size_t cut_at_word(const char *s, size_t max)
{
	size_t len = strlen(s);
	if (len <= max)
		return len;
	for (size_t i = max; i > 0; i--)
		if (is_blank(s[i]) || s[i] == ',')
			return i;
	return 0;
}

static char *read_line(char *str, int num, void *stream)
{
	parse_ctx *ctx = stream;
	size_t room = (size_t)num - 2; /* a leading space (continuations) and the NUL */
	if (ctx->n_pieces == ctx->cap_pieces) {
		size_t cap = ctx->cap_pieces ? 2 * ctx->cap_pieces : 64;
		int *g = realloc(ctx->piece_line, cap * sizeof *g);
		if (!g) {
			ctx->oom = 1;
			return NULL;
		}
		ctx->piece_line = g;
		ctx->cap_pieces = cap;
	}
	if (ctx->rest) {
		/* a continuation: inih joins it to the list key above */
		while (is_blank(*ctx->rest) || *ctx->rest == ',')
			ctx->rest++;
		size_t n = cut_at_word(ctx->rest, room - 1);
		if (!n) {
			failf(ctx, TW_EFORMAT, "a word of more than %s bytes%s", "190", "");
			n = 0;
		}
		str[0] = ' ';
		memcpy(str + 1, ctx->rest, n);
		strcpy(str + 1 + n, "\n");
		ctx->rest += n;
		while (is_blank(*ctx->rest) || *ctx->rest == ',')
			ctx->rest++;
		if (!*ctx->rest || !n)
			ctx->rest = NULL;
		ctx->piece_line[ctx->n_pieces++] = ctx->line;
		return str;
	}
	errno = 0;
	ssize_t got = getline(&ctx->phys, &ctx->phys_cap, ctx->f);
	if (got < 0) {
		if (errno == ENOMEM)
			ctx->oom = 1;
		return NULL;
	}
	ctx->line++;
	ctx->piece_line[ctx->n_pieces++] = ctx->line;
	char *p = ctx->phys;
	while ((size_t)got && (p[got - 1] == '\n' || p[got - 1] == '\r'))
		p[--got] = '\0';
	char *start = p;
	while (is_blank(*start))
		start++;
	if (*start == ';' || *start == '#') {
		strcpy(str, ";\n");
		return str;
	}
	/* an inline comment: ';' after white space, as inih reads it */
	for (char *c = start + 1; *start && *c; c++)
		if (*c == ';' && is_blank(c[-1])) {
			*c = '\0';
			break;
		}
	size_t len = strlen(p);
	while (len && is_blank(p[len - 1]))
		p[--len] = '\0';
	if (len <= room) {
		memcpy(str, p, len);
		strcpy(str + len, "\n");
		return str;
	}
	/* long: only a list can be cut; its key is what comes before '=' */
	char *eq = strpbrk(start, "=:");
	size_t klen = eq ? (size_t)(eq - start) : 0;
	while (klen && is_blank(start[klen - 1]))
		klen--;
	if (*start == '[' || !eq || !is_list_key(start, klen)) {
		failf(ctx, TW_EFORMAT, "line longer than %s bytes (only accept, reject and ignore lists "
		      "may be longer)%s", "190", "");
		strcpy(str, ";\n");
		return str;
	}
	size_t head = (size_t)(eq + 1 - p);
	while (is_blank(p[head]))
		head++;
	size_t n = head < room ? cut_at_word(p + head, room - head) : 0;
	if (!n) {
		failf(ctx, TW_EFORMAT, "a word of more than %s bytes%s", "190", "");
		strcpy(str, ";\n");
		return str;
	}
	memcpy(str, p, head + n);
	strcpy(str + head + n, "\n");
	ctx->rest = p + head + n;
	return str;
}

static int failf(parse_ctx *ctx, int code, const char *fmt, const char *a, const char *b)
{
	if (!ctx->fail_line) {
		ctx->fail_line = ctx->line;
		ctx->fail_code = code;
		snprintf(ctx->reason, sizeof ctx->reason, fmt, a, b);
	}
	return 0;
}

static int is_sep(char c)
{
	return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Splits a list on commas and white space; in word files, '#' starts a
 * comment that runs to the end of the line. */
static int split_into(strvec *s, const char *p, size_t len, int comments)
{
	size_t i = 0;
	while (i < len) {
		if (is_sep(p[i])) {
			i++;
			continue;
		}
		if (comments && p[i] == '#') {
			while (i < len && p[i] != '\n')
				i++;
			continue;
		}
		size_t j = i;
		while (j < len && !is_sep(p[j]) && !(comments && p[j] == '#'))
			j++;
		if (strvec_push(s, p + i, j - i))
			return TW_ENOMEM;
		i = j;
	}
	return TW_OK;
}

static int load_word_file(parse_ctx *ctx, strvec *s, const char *name)
{
	char *path = name[0] == '/' ? path_join("", name) : path_join(ctx->cfg->dir, name);
	if (!path)
		return failf(ctx, TW_ENOMEM, "out of memory%s%s", "", "");
	char *data;
	size_t len, bad;
	tw_error e = {0};
	int rc = read_file(&data, &len, path, MAX_WORD_FILE, &e);
	if (rc) {
		free(path);
		return failf(ctx, rc, "%s%s", e.message, "");
	}
	if (tw_utf8_validate(data, len, &bad)) {
		char where[64];
		snprintf(where, sizeof where, ": invalid UTF-8 at byte offset %zu", bad);
		failf(ctx, TW_EFORMAT, "%s%s", path, where);
		rc = TW_EFORMAT;
	} else if (split_into(s, data, len, 1)) {
		failf(ctx, TW_ENOMEM, "out of memory%s%s", "", "");
		rc = TW_ENOMEM;
	}
	free(data);
	free(path);
	return rc ? 0 : 1;
}

static int parse_severity(const char *v)
{
	static const char *const names[] = {"info", "warning", "error"};
	for (int i = 0; i < 3; i++)
		if (!strcmp(v, names[i]))
			return i;
	return !strcmp(v, "off") ? TW_SEV_OFF : -2;
}

static int set_rule(parse_ctx *ctx, const char *name, const char *value)
{
	tw_config *c = ctx->cfg;
	if (!tw_rule_name_known(name))
		return failf(ctx, TW_EFORMAT, "unknown rule or family '%s'%s", name, "");
	int sev = parse_severity(value);
	if (sev == -2)
		return failf(ctx, TW_EFORMAT,
		             "severity of %s must be error, warning, info or off, not '%s'", name, value);
	if (c->n_rules == c->cap_rules) {
		size_t cap = c->cap_rules ? c->cap_rules * 2 : 8;
		tw_rule_setting *r = realloc(c->rules, cap * sizeof *r);
		if (!r)
			return failf(ctx, TW_ENOMEM, "out of memory%s%s", "", "");
		c->rules = r;
		c->cap_rules = cap;
	}
	if (strvec_push(&c->rule_names, name, strlen(name)))
		return failf(ctx, TW_ENOMEM, "out of memory%s%s", "", "");
	c->rules[c->n_rules].rule = c->rule_names.v[c->rule_names.n - 1];
	c->rules[c->n_rules].severity = (tw_severity)sev;
	c->n_rules++;
	return 1;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	parse_ctx *ctx = user;
	tw_config *c = ctx->cfg;
	if (tw_utf8_validate(value, strlen(value), NULL) || tw_utf8_validate(name, strlen(name), NULL))
		return failf(ctx, TW_EFORMAT, "invalid UTF-8%s%s", "", "");
	if (!strcmp(section, "rules"))
		return set_rule(ctx, name, value);
	if (!strcmp(section, "document")) {
		strvec *dl = !strcmp(name, "skip-elements")        ? &c->skip_elements
		             : !strcmp(name, "convert-attributes") ? &c->convert_attributes
		             : !strcmp(name, "skip-classes")       ? &c->skip_classes
		                                                   : NULL;
		if (!dl)
			return failf(ctx, TW_EFORMAT,
			             "unknown key '%s' in [document] (known: skip-elements, "
			             "convert-attributes, skip-classes)%s",
			             name, "");
		if (split_into(dl, value, strlen(value), 0))
			return failf(ctx, TW_ENOMEM, "out of memory%s%s", "", "");
		return 1;
	}
	if (section[0])
		return failf(ctx, TW_EFORMAT, "unknown section [%s] (known: [rules], [document])%s",
		             section, "");
	if (!strcmp(name, "target")) {
		static const char *const t[] = {"cn", "hk", "tw"};
		for (int i = 0; i < 3; i++)
			if (!strcmp(value, t[i])) {
				c->target = i;
				return 1;
			}
		return failf(ctx, TW_EFORMAT, "target must be cn, hk or tw, not '%s'%s", value, "");
	}
	if (!strcmp(name, "fail-on")) {
		int s = !strcmp(value, "never") ? TW_SEV_OFF : parse_severity(value);
		if (s == -2 || !strcmp(value, "off"))
			return failf(ctx, TW_EFORMAT,
			             "fail-on must be error, warning, info or never, not '%s'%s", value, "");
		c->fail_on = s;
		return 1;
	}
	if (!strcmp(name, "profile")) {
		if (!value[0])
			return failf(ctx, TW_EFORMAT, "profile is empty%s%s", "", "");
		char *p = malloc(strlen(value) + 1);
		if (!p)
			return failf(ctx, TW_ENOMEM, "out of memory%s%s", "", "");
		strcpy(p, value);
		free(c->profile);
		c->profile = p;
		return 1;
	}
	strvec *list = !strcmp(name, "accept") || !strcmp(name, "accept-file")   ? &c->accept
	               : !strcmp(name, "reject") || !strcmp(name, "reject-file") ? &c->reject
	               : !strcmp(name, "ignore")                                 ? &c->ignore
	                                                                         : NULL;
	if (!list)
		return failf(ctx, TW_EFORMAT,
		             "unknown key '%s' (known: target, profile, fail-on, accept, accept-file, "
		             "reject, reject-file, ignore, and rules under [rules])%s",
		             name, "");
	if (strstr(name, "-file")) {
		if (!value[0])
			return failf(ctx, TW_EFORMAT, "%s is empty%s", name, "");
		return load_word_file(ctx, list, value);
	}
	if (split_into(list, value, strlen(value), 0))
		return failf(ctx, TW_ENOMEM, "out of memory%s%s", "", "");
	return 1;
}

int tw_config_load(tw_config **out, const char *path, tw_error *err)
{
	if (!out || !path)
		return tw_fail(err, TW_EINVAL, 0, "no output pointer or path");
	*out = NULL;
	tw_config *c = calloc(1, sizeof *c);
	if (!c)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	c->target = -1;
	c->fail_on = -2;
	FILE *f = fopen(path, "rb");
	char *real = f ? realpath(path, NULL) : NULL;
	if (!f || !real) {
		int e = errno;
		if (f)
			fclose(f);
		free(c);
		return tw_fail(err, e == ENOENT ? TW_ENOTFOUND : TW_EIO, 0, "%s: %s", path, strerror(e));
	}
	c->path = real;
	c->dir = path_dirname(real);
	if (!c->dir) {
		fclose(f);
		tw_config_free(c);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	parse_ctx ctx = {.cfg = c, .f = f};
	int line = ini_parse_stream(read_line, &ctx, handler, &ctx);
	int rerr = ferror(f);
	fclose(f);
	/* inih counts the pieces the reader handed over; messages give the
	 * file's line */
	int file_line = line > 0 && (size_t)line <= ctx.n_pieces ? ctx.piece_line[line - 1] : line;
	free(ctx.piece_line);
	free(ctx.phys);
	int rc = TW_OK;
	if (line == -2 || ctx.oom)
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
	else if (rerr)
		rc = tw_fail(err, TW_EIO, 0, "%s: read error", path);
	else if (ctx.fail_line && (line == 0 || file_line >= ctx.fail_line))
		rc = tw_fail(err, ctx.fail_code == TW_ENOMEM ? TW_ENOMEM : TW_EFORMAT, 0, "%s:%d: %s",
		             path, ctx.fail_line, ctx.reason);
	else if (line != 0)
		rc = tw_fail(err, TW_EFORMAT, 0,
		             "%s:%d: syntax error (expected 'key = value', '[section]' or a comment)",
		             path, file_line);
	if (rc) {
		tw_config_free(c);
		return rc;
	}
	*out = c;
	return TW_OK;
}

int tw_config_find(char **path_out, const char *dir, tw_error *err)
{
	if (!path_out || !dir)
		return tw_fail(err, TW_EINVAL, 0, "no output pointer or directory");
	*path_out = NULL;
	char *d = realpath(dir[0] ? dir : ".", NULL);
	if (!d)
		return tw_fail(err, errno == ENOMEM ? TW_ENOMEM : TW_ENOTFOUND, 0, "%s: %s", dir,
		               strerror(errno));
	for (;;) {
		char *p = path_join(d, TW_CONFIG_NAME);
		if (!p) {
			free(d);
			return tw_fail(err, TW_ENOMEM, 0, "out of memory");
		}
		if (file_exists(p)) {
			free(d);
			*path_out = p;
			return TW_OK;
		}
		free(p);
		char *slash = strrchr(d, '/');
		if (!slash || !strcmp(d, "/"))
			break;
		/* the parent of "/x" is "/" */
		slash[slash == d ? 1 : 0] = '\0';
	}
	free(d);
	return TW_OK;
}

void tw_config_free(tw_config *c)
{
	if (!c)
		return;
	free(c->path);
	free(c->dir);
	free(c->profile);
	strvec_free(&c->accept);
	strvec_free(&c->reject);
	strvec_free(&c->ignore);
	strvec_free(&c->rule_names);
	strvec_free(&c->skip_elements);
	strvec_free(&c->convert_attributes);
	strvec_free(&c->skip_classes);
	free(c->rules);
	free(c);
}

const char *tw_config_path(const tw_config *c)
{
	return c ? c->path : NULL;
}

int tw_config_target(const tw_config *c)
{
	return c ? c->target : -1;
}

const char *tw_config_profile(const tw_config *c)
{
	return c ? c->profile : NULL;
}

int tw_config_fail_on(const tw_config *c)
{
	return c ? c->fail_on : -2;
}

void tw_config_apply(const tw_config *c, tw_check_options *opts)
{
	if (!c || !opts)
		return;
	if (c->target >= 0)
		opts->target = (tw_target)c->target;
	opts->rules = c->rules;
	opts->n_rules = c->n_rules;
	opts->accept = (const char *const *)c->accept.v;
	opts->n_accept = c->accept.n;
	opts->reject = (const char *const *)c->reject.v;
	opts->n_reject = c->reject.n;
}

void tw_config_apply_document(const tw_config *c, tw_doc_options *opts)
{
	if (!c || !opts)
		return;
	if (c->skip_elements.n) {
		opts->skip_elements = (const char *const *)c->skip_elements.v;
		opts->n_skip_elements = c->skip_elements.n;
	}
	if (c->convert_attributes.n) {
		opts->convert_attributes = (const char *const *)c->convert_attributes.v;
		opts->n_convert_attributes = c->convert_attributes.n;
	}
	if (c->skip_classes.n) {
		opts->skip_classes = (const char *const *)c->skip_classes.v;
		opts->n_skip_classes = c->skip_classes.n;
	}
}

/* Matches pattern against the relative path rel as described in the
 * header: per component without '/', else the path or a leading part. */
static int glob_matches(const char *pat, char *rel)
{
	if (*pat == '/')
		pat++;
	int by_component = strchr(pat, '/') == NULL;
	char *p = rel;
	for (;;) {
		char *slash = strchr(p, '/');
		if (slash)
			*slash = '\0';
		int hit = by_component ? fnmatch(pat, p, FNM_PERIOD) == 0
		                       : fnmatch(pat, rel, FNM_PATHNAME | FNM_PERIOD) == 0;
		if (slash)
			*slash = '/';
		if (hit)
			return 1;
		if (!slash)
			return 0;
		p = slash + 1;
	}
}

int tw_config_ignores(const tw_config *c, const char *path)
{
	if (!c || !path || !c->ignore.n)
		return 0;
	char *real = realpath(path, NULL);
	if (!real)
		return 0;
	size_t dl = strlen(c->dir);
	int hit = 0;
	if (!strncmp(real, c->dir, dl) && real[dl]) {
		char *rel = real + dl;
		for (size_t i = 0; i < c->ignore.n && !hit; i++)
			hit = glob_matches(c->ignore.v[i], rel);
	}
	free(real);
	return hit;
}
