/* The checker's driver: validates input, runs the rule families, applies
 * directives, accept and reject lists and per-rule settings, then sorts the
 * findings and gives them positions. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"
#include "url.h"
#include "utf8.h"

void add_finding(check_ctx *c, const char *rule, tw_severity sev, size_t off, size_t len,
                 const char *note, const char *const *sugg, size_t n_sugg, const char *fmt, ...)
{
	if (c->oom)
		return;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		tw_finding *v = realloc(c->v, cap * sizeof *v);
		if (!v) {
			c->oom = 1;
			return;
		}
		c->v = v;
		c->cap = cap;
	}
	tw_finding *f = &c->v[c->n];
	memset(f, 0, sizeof *f);
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	f->rule = rule; /* static strings */
	f->severity = sev;
	f->offset = off;
	f->length = len;
	f->message = str_dup_n(msg, strlen(msg));
	f->note = note && *note ? str_dup_n(note, strlen(note)) : NULL;
	char **s = n_sugg ? calloc(n_sugg, sizeof *s) : NULL;
	int bad = !f->message || (note && *note && !f->note) || (n_sugg && !s);
	for (size_t i = 0; i < n_sugg && !bad; i++)
		bad = !(s[i] = str_dup_n(sugg[i], strlen(sugg[i])));
	f->suggestions = (const char *const *)s;
	f->n_suggestions = s ? n_sugg : 0;
	c->n++;
	if (bad)
		c->oom = 1;
}

void finding_release(tw_finding *f)
{
	free((void *)f->message);
	free((void *)f->note);
	for (size_t i = 0; i < f->n_suggestions; i++)
		free((void *)f->suggestions[i]);
	free((void *)f->suggestions);
}

void tw_findings_free(tw_findings *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->count; i++)
		finding_release(&fs->items[i]);
	free(fs->items);
	free(fs);
}

int rule_matches(const char *pattern, size_t plen, const char *rule)
{
	size_t rl = strlen(rule);
	if (plen == rl && !memcmp(pattern, rule, rl))
		return 1;
	return plen < rl && rule[plen] == '/' && !memcmp(pattern, rule, plen);
}

static int cmp_findings(const void *a, const void *b)
{
	const tw_finding *x = a, *y = b;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

const char *find_bytes(const char *s, size_t len, const char *needle, size_t n)
{
	if (!n || n > len)
		return NULL;
	const char *end = s + len - n + 1;
	for (const char *p = s; p < end; p++) {
		p = memchr(p, needle[0], (size_t)(end - p));
		if (!p)
			return NULL;
		if (!memcmp(p, needle, n))
			return p;
	}
	return NULL;
}

/* Fills line/column fields; findings are sorted by offset. */
static void set_positions(check_ctx *c)
{
	const unsigned char *s = (const unsigned char *)c->text;
	utf8_cursor k = c->start;
	k.pos = 0;
	for (size_t i = 0; i < c->n; i++) {
		tw_finding *f = &c->v[i];
		utf8_cursor_advance(&k, s, f->offset);
		f->line = k.line;
		f->column = k.col;
		f->column_u16 = k.col16;
		utf8_cursor e = k;
		utf8_cursor_advance(&e, s, f->offset + f->length);
		f->end_line = e.line;
		f->end_column = e.col;
		f->end_column_u16 = e.col16;
	}
}

/* Occurrences of the accepted words: findings inside one are dropped. */
static int accepted(const tw_check_options *o, const char *text, size_t len, size_t off,
                    size_t n)
{
	for (size_t i = 0; i < o->n_accept; i++) {
		const char *w = o->accept[i];
		size_t wl = w ? strlen(w) : 0;
		if (!wl || wl < n)
			continue;
		/* an occurrence of w that contains [off, off + n) */
		size_t from = off + n > wl ? off + n - wl : 0;
		for (size_t p = from; p <= off && p + wl <= len; p++)
			if (!memcmp(text + p, w, wl))
				return 1;
	}
	return 0;
}

static void add_rejects(check_ctx *c, const tw_check_options *o)
{
	for (size_t i = 0; i < o->n_reject; i++) {
		const char *w = o->reject[i];
		size_t wl = w ? strlen(w) : 0;
		if (!wl)
			continue;
		for (size_t p = 0; p + wl <= c->len;) {
			const char *hit = find_bytes(c->text + p, c->len - p, w, wl);
			if (!hit)
				break;
			p = (size_t)(hit - c->text);
			add_finding(c, "term/reject", TW_SEV_ERROR, p, wl, NULL, NULL, 0,
			            "%s is rejected by the configuration", w);
			p += wl;
		}
	}
}

static tw_severity severity_for(const tw_check_options *o, const char *rule, tw_severity def)
{
	tw_severity s = def;
	for (size_t i = 0; i < o->n_rules; i++)
		if (o->rules[i].rule && rule_matches(o->rules[i].rule, strlen(o->rules[i].rule), rule))
			s = o->rules[i].severity;
	return s;
}

/* The families whose every rule the settings turn off: their passes are
 * skipped, not run and filtered (spelling = off must not load Hunspell). */
unsigned check_families_off(const tw_check_options *o)
{
	static const struct {
		unsigned family;
		const char *rules[6];
	} fam[] = {
		{TW_FAMILY_TERM, {"term/convert", "term/review", "term/reject", NULL}},
		{TW_FAMILY_SCRIPT, {"script/traditional", "script/simplified", "script/nonstandard", NULL}},
		{TW_FAMILY_CANTONESE, {"cantonese/word", NULL}},
		{TW_FAMILY_PUNCT,
		 {"punct/corner-quote", "punct/presentation-form", "punct/half-width", "punct/title-mark",
		  "punct/unpaired", NULL}},
		{TW_FAMILY_SPELLING, {"spelling/unknown", NULL}},
		{TW_FAMILY_CONSISTENCY, {"consistency/mixed", NULL}},
	};
	unsigned off = 0;
	if (!o->n_rules)
		return 0;
	for (size_t i = 0; i < sizeof fam / sizeof fam[0]; i++) {
		int all = 1;
		for (size_t k = 0; fam[i].rules[k] && all; k++)
			all = severity_for(o, fam[i].rules[k], TW_SEV_WARNING) == TW_SEV_OFF;
		if (all)
			off |= fam[i].family;
	}
	return off;
}

static int fail_check(check_ctx *c, tw_error *err)
{
	for (size_t i = 0; i < c->n; i++)
		finding_release(&c->v[i]);
	free(c->v);
	if (c->oom)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	if (err)
		*err = c->ferr;
	return c->fail;
}

/* The web addresses of a text (url.h), in order. */
typedef struct url_spans {
	size_t (*v)[2];
	size_t n, cap;
} url_spans;

static int url_spans_find(url_spans *u, const char *text, size_t len)
{
	size_t l;
	for (size_t at = url_next(text, len, 0, &l); at < len; at = url_next(text, len, at + l, &l)) {
		if (u->n == u->cap) {
			size_t cap = u->cap ? 2 * u->cap : 16;
			size_t(*v)[2] = realloc(u->v, cap * sizeof *v);
			if (!v) {
				free(u->v);
				return -1;
			}
			u->v = v;
			u->cap = cap;
		}
		u->v[u->n][0] = at;
		u->v[u->n++][1] = at + l;
	}
	return 0;
}

/* Does [off, off + len) lie inside one of the addresses? */
static int url_spans_hold(const url_spans *u, size_t off, size_t len)
{
	size_t lo = 0, hi = u->n;
	while (lo < hi) { /* the last address starting at or before off */
		size_t mid = lo + (hi - lo) / 2;
		if (u->v[mid][0] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && off + len <= u->v[lo - 1][1];
}

/* Runs the families on c's text and leaves the findings in c->v: filtered
 * by the settings and the accept list, sorted, positioned, directives
 * applied, suggestions filled in. -1 on failure (c->oom or c->fail). */
int check_run(check_ctx *c, const tw_check_options *o)
{
	unsigned fam = c->families;
	check_scan(c);
	if ((fam & TW_FAMILY_SCRIPT) && c->target == TW_TARGET_HK && !c->oom)
		hk_nonstandard(c);
	if ((fam & TW_FAMILY_CONSISTENCY) && !c->sum && c->n_occ && !c->oom) {
		/* a regional form was found: now the Mainland forms */
		c->families = TW_FAMILY_CONSISTENCY;
		c->cons_mode = CONS_MAINLAND;
		check_scan(c);
		c->families = fam;
		c->cons_mode = CONS_REGIONAL;
	}
	if ((fam & TW_FAMILY_CONSISTENCY) && !c->sum)
		consistency_finish(c);
	free(c->occ);
	c->occ = NULL;
	if (fam & TW_FAMILY_TERM)
		add_rejects(c, o);
	if (c->oom || c->fail)
		return -1;
	/* Settings, accept list, web addresses: drop what the user turned off
	 * and what lies in an address (its characters name a page). */
	url_spans urls = {NULL, 0, 0};
	if (c->n && url_spans_find(&urls, c->text, c->len)) {
		c->oom = 1;
		return -1;
	}
	size_t k = 0;
	for (size_t i = 0; i < c->n; i++) {
		tw_finding *f = &c->v[i];
		tw_severity s = severity_for(o, f->rule, f->severity);
		int drop = s == TW_SEV_OFF ||
		           (strcmp(f->rule, "term/reject") &&
		            accepted(o, c->text, c->len, f->offset, f->length)) ||
		           url_spans_hold(&urls, f->offset, f->length);
		if (drop) {
			finding_release(f);
			continue;
		}
		f->severity = s;
		c->v[k++] = *f;
	}
	free(urls.v);
	c->n = k;
	if (c->n)
		qsort(c->v, c->n, sizeof *c->v, cmp_findings);
	set_positions(c);
	if (o->directives)
		apply_directives(c);
	if (c->ps)
		punct_keep_pending(c, c->ps);
	if ((fam & TW_FAMILY_SPELLING) && !(c->flags & TW_CHECK_LAZY_SPELLING))
		spelling_suggest(c);
	return c->oom || c->fail ? -1 : 0;
}

int check_options_ok(const tw_check_options *o, tw_error *err)
{
	if (o->version != 1 && o->version != TW_CHECK_OPTIONS_VERSION)
		return tw_fail(err, TW_EINVAL, 0, "tw_check: unsupported options version %u",
		               o->version);
	if (o->target != TW_TARGET_CN && o->target != TW_TARGET_HK && o->target != TW_TARGET_TW)
		return tw_fail(err, TW_EINVAL, 0, "tw_check: unknown target %d", (int)o->target);
	return TW_OK;
}

int tw_check(tw_findings **out, const tw_lexicon *lex, const char *text, size_t len,
             const tw_check_options *opts, tw_error *err)
{
	if (!out)
		return tw_fail(err, TW_EINVAL, 0, "tw_check: out is NULL");
	*out = NULL;
	if (!lex || (!text && len))
		return tw_fail(err, TW_EINVAL, 0, "tw_check: NULL lexicon or text");
	tw_check_options defaults = TW_CHECK_OPTIONS_INIT;
	const tw_check_options *o = opts ? opts : &defaults;
	int rc = check_options_ok(o, err);
	if (rc)
		return rc;
	size_t bad;
	if (tw_utf8_validate(text, len, &bad))
		return tw_fail(err, TW_EUTF8, bad, "invalid UTF-8 at byte offset %zu", bad);
	check_ctx c;
	memset(&c, 0, sizeof c);
	c.lex = lex;
	c.text = text ? text : "";
	c.len = len;
	c.target = o->target;
	c.families = o->families & ~check_families_off(o);
	c.start = (utf8_cursor){0, 1, 1, 1};
	c.last = 1;
	c.cons_mode = CONS_REGIONAL;
	c.flags = o->version >= 2 ? o->flags : 0;
	if (check_run(&c, o))
		return fail_check(&c, err);
	tw_findings *fs = calloc(1, sizeof *fs);
	if (!fs) {
		for (size_t i = 0; i < c.n; i++)
			finding_release(&c.v[i]);
		free(c.v);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	fs->items = c.v;
	fs->count = c.n;
	*out = fs;
	return TW_OK;
}

int tw_severity_parse(const char *s)
{
	if (!s)
		return -2;
	if (!strcmp(s, "error"))
		return TW_SEV_ERROR;
	if (!strcmp(s, "warning"))
		return TW_SEV_WARNING;
	if (!strcmp(s, "info"))
		return TW_SEV_INFO;
	if (!strcmp(s, "off") || !strcmp(s, "never"))
		return TW_SEV_OFF;
	return -2;
}

const char *tw_severity_name(tw_severity s)
{
	switch (s) {
	case TW_SEV_ERROR: return "error";
	case TW_SEV_WARNING: return "warning";
	case TW_SEV_INFO: return "info";
	default: return "off";
	}
}

int tw_target_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strcmp(s, "cn"))
		return TW_TARGET_CN;
	if (!strcmp(s, "hk"))
		return TW_TARGET_HK;
	if (!strcmp(s, "tw"))
		return TW_TARGET_TW;
	return -1;
}

const char *tw_target_name(tw_target t)
{
	switch (t) {
	case TW_TARGET_HK: return "hk";
	case TW_TARGET_TW: return "tw";
	default: return "cn";
	}
}
