/* The document object: runs, markup names and detection, directives. */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "doc_internal.h"

static const char *const markup_names[] = {"auto", "text", "html", "xml", "markdown"};

int tw_markup_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < 5; i++)
		if (!strcmp(s, markup_names[i]))
			return i;
	return !strcmp(s, "md") ? TW_MARKUP_MARKDOWN : -1;
}

const char *tw_markup_name(tw_markup m)
{
	return (unsigned)m < 5 ? markup_names[m] : "unknown";
}

int ascii_ieq(const char *s, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if (!w[i] || c != (unsigned char)w[i])
			return 0;
	}
	return w[n] == '\0';
}

static int has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);
	return n > e && ascii_ieq(name + n - e, e, ext);
}

/* The first non-space bytes of data, skipping a BOM. */
static const char *content_start(const char *data, size_t len, size_t *rest)
{
	size_t i = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	*rest = len - i;
	return data + i;
}

static int starts_ci(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && ascii_ieq(s, k, w);
}

tw_markup tw_markup_detect(const char *name, const char *data, size_t len)
{
	if (name) {
		if (has_ext(name, ".html") || has_ext(name, ".htm") || has_ext(name, ".xhtml"))
			return TW_MARKUP_HTML;
		if (has_ext(name, ".xml"))
			return TW_MARKUP_XML;
		if (has_ext(name, ".md") || has_ext(name, ".markdown") || has_ext(name, ".mdx"))
			return TW_MARKUP_MARKDOWN;
		if (strcmp(name, "-") && strcmp(name, "<stdin>"))
			return TW_MARKUP_TEXT;
	}
	if (!data)
		return TW_MARKUP_TEXT;
	size_t n;
	const char *s = content_start(data, len, &n);
	if (starts_ci(s, n, "<!doctype html") || starts_ci(s, n, "<html"))
		return TW_MARKUP_HTML;
	if (starts_ci(s, n, "<?xml"))
		return TW_MARKUP_XML;
	return TW_MARKUP_TEXT;
}

const char *tw_target_lang(tw_target t)
{
	return t == TW_TARGET_HK ? "zh-HK" : t == TW_TARGET_TW ? "zh-TW" : "zh-CN";
}

int lang_is_chinese_variant(const char *s, size_t n)
{
	static const char *const tags[] = {"zh-hk", "zh-hant", "zh-hant-hk", "zh-tw", "zh-hant-tw",
	                                   "zh-mo", "zh-hant-mo", "zh-cn", "zh-hans", "zh-hans-cn",
	                                   "zh-sg", "zh-hans-sg", "zh-yue", "yue", "yue-hk"};
	char norm[16];
	if (n >= sizeof norm)
		return 0;
	for (size_t i = 0; i < n; i++)
		norm[i] = s[i] == '_' ? '-' : s[i];
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
		if (ascii_ieq(norm, n, tags[i]))
			return 1;
	return 0;
}

static int role_readable(tw_role role)
{
	return role == TW_ROLE_PROSE || role == TW_ROLE_ATTRIBUTE;
}

/* has_nul for the runs [0, n) about to be converted, whose bytes the
 * scanner has just read (no pass of its own over the whole document). */
static void has_nul_in(tw_document *d, size_t n)
{
	size_t a = d->runs[0].offset, b = d->runs[n - 1].offset + d->runs[n - 1].length;
	d->has_nul = memchr(d->data + a, '\0', b - a) != NULL;
}

static int protect_runs(tw_document *d, size_t *n);

/* Hands the runs before the last (which may still grow) to the flush hook
 * and drops them. What a directive protects is settled for them: a region
 * starts after the comment that opens it, so every region that can reach
 * them exists, and a `tongwen-enable` still to come ends one after them.
 * Out of line: added() runs for every run, a flush once a window. */
static __attribute__((noinline)) void doc_flush(tw_document *d)
{
	size_t k = d->n_runs - 1;
	int rc = d->n_regions ? protect_runs(d, &k) : TW_OK;
	if (!rc) {
		has_nul_in(d, k);
		rc = d->flush(d->flush_ud, d, k);
	}
	if (rc) {
		d->flush_rc = rc;
		d->oom = 1;
		d->flush = NULL;
		return;
	}
	memmove(d->runs, d->runs + k, (d->n_runs - k) * sizeof *d->runs);
	memmove(d->nomerge, d->nomerge + k, d->n_runs - k);
	d->n_runs -= k;
	d->pending = 0;
	for (size_t i = 0; i < d->n_runs; i++)
		if (role_readable(d->runs[i].role))
			d->pending += d->runs[i].length;
}

static inline void added(tw_document *d, size_t len, tw_role role)
{
	if (!d->flush)
		return;
	if (role_readable(role))
		d->pending += len;
	if ((d->pending >= DOC_WINDOW || d->n_runs >= DOC_MAX_PENDING_RUNS) && d->n_runs > 1)
		doc_flush(d);
}

int doc_story_between(const tw_document *d, size_t from, size_t to)
{
	for (size_t r = from + 1; r <= to && r < d->n_runs; r++)
		if (d->nomerge[r] & RUN_STORY)
			return 1;
	return 0;
}

void doc_add(tw_document *d, size_t off, size_t len, tw_role role, int separate)
{
	if (d->oom || off < d->covered || off + len > d->len || !len)
		return;
	/* converting, code and URLs are copied as markup is: one run fewer */
	if (d->convert_only && (role == TW_ROLE_CODE || role == TW_ROLE_URL))
		role = TW_ROLE_MARKUP;
	if (off > d->covered)
		doc_add(d, d->covered, off - d->covered, TW_ROLE_MARKUP, 0);
	if (d->oom)
		return;
	if (d->n_runs && !separate && !d->story_next && !(d->nomerge[d->n_runs - 1] & RUN_SEPARATE)) {
		tw_run *last = &d->runs[d->n_runs - 1];
		if (last->role == role && role != TW_ROLE_ATTRIBUTE && role != TW_ROLE_LANG &&
		    last->offset + last->length == off) {
			last->length += len;
			d->covered = off + len;
			added(d, len, role);
			return;
		}
	}
	if (d->n_runs == d->cap_runs) {
		size_t cap = d->cap_runs ? d->cap_runs * 2 : 64;
		tw_run *r = realloc(d->runs, cap * sizeof *r);
		unsigned char *m = r ? realloc(d->nomerge, cap) : NULL;
		if (r)
			d->runs = r;
		if (!m) {
			d->oom = 1;
			return;
		}
		d->nomerge = m;
		d->cap_runs = cap;
	}
	d->runs[d->n_runs] = (tw_run){off, len, role};
	d->nomerge[d->n_runs] = (unsigned char)((separate ? RUN_SEPARATE : 0) |
	                                        (d->story_next ? RUN_STORY : 0));
	d->story_next = 0;
	d->n_runs++;
	d->covered = off + len;
	added(d, len, role);
}

/* ---------------------------------------------------------------- directives */

static const char *find_word(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(s + i, w, k))
			return s + i;
	return NULL;
}

/* The rule list after a keyword, normalised to "a b c" (commas are spaces). */
static char *rule_list(const char *s, const char *end)
{
	/* A closer may end the text (the line without its newline). */
	for (const char *p = s; p + 2 <= end; p++)
		if ((p + 3 <= end && !memcmp(p, "-->", 3)) || !memcmp(p, "*/", 2)) {
			end = p;
			break;
		}
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	if (nl)
		end = nl;
	char *r = malloc((size_t)(end - s) + 1);
	if (!r)
		return NULL;
	size_t n = 0;
	for (const char *p = s; p < end; p++) {
		char c = *p == ',' || *p == '\t' || *p == '\r' ? ' ' : *p;
		if (c == ' ' && (!n || r[n - 1] == ' '))
			continue;
		r[n++] = c;
	}
	while (n && r[n - 1] == ' ')
		n--;
	r[n] = '\0';
	return r;
}

int rules_stop_convert(const char *rules)
{
	if (!*rules)
		return 1;
	for (const char *p = rules; (p = strstr(p, "convert")); p += 7)
		/* a whole word: term/convert (a rule, not the family) is not it */
		if ((p == rules || p[-1] == ' ') && (p[7] == ' ' || !p[7]))
			return 1;
	return 0;
}

static void add_region(tw_document *d, size_t start, size_t end, char *rules)
{
	if (!rules) {
		d->oom = 1;
		return;
	}
	if (d->n_regions == d->cap_regions) {
		size_t cap = d->cap_regions ? d->cap_regions * 2 : 8;
		region *g = realloc(d->regions, cap * sizeof *g);
		if (!g) {
			free(rules);
			d->oom = 1;
			return;
		}
		d->regions = g;
		d->cap_regions = cap;
	}
	d->regions[d->n_regions++] = (region){start, end, rules, rules_stop_convert(rules)};
}

int directive_parse(const char *s, size_t len, char **rules)
{
	const char *end = s + len, *p;
	int kind = DIRECTIVE_NONE;
	size_t skip = 0;
	if ((p = find_word(s, len, "tongwen-disable-next-line")))
		kind = DIRECTIVE_NEXT_LINE, skip = 25;
	else if ((p = find_word(s, len, "tongwen-disable")))
		kind = DIRECTIVE_DISABLE, skip = 15;
	else if ((p = find_word(s, len, "tongwen-enable")))
		kind = DIRECTIVE_ENABLE, skip = 14;
	if (kind == DIRECTIVE_NONE)
		return kind;
	*rules = rule_list(p + skip, end);
	return *rules ? kind : -1;
}

/* An open `tongwen-disable` region is recorded with end SIZE_MAX until
 * its `tongwen-enable` closes it. */
void doc_comment(tw_document *d, size_t off, size_t len)
{
	if (!d->opts->directives)
		return;
	char *rules = NULL;
	int kind = directive_parse(d->data + off, len, &rules);
	if (kind < 0) {
		d->oom = 1;
	} else if (kind == DIRECTIVE_NEXT_LINE) {
		const char *nl = memchr(d->data + off + len, '\n', d->len - (off + len));
		if (!nl) {
			free(rules);
			return;
		}
		size_t start = (size_t)(nl - d->data) + 1;
		const char *nl2 = memchr(d->data + start, '\n', d->len - start);
		size_t stop = nl2 ? (size_t)(nl2 - d->data) + 1 : d->len;
		add_region(d, start, stop, rules);
	} else if (kind == DIRECTIVE_DISABLE) {
		add_region(d, off + len, SIZE_MAX, rules);
	} else if (kind == DIRECTIVE_ENABLE) {
		for (size_t i = 0; i < d->n_regions; i++) {
			region *r = &d->regions[i];
			if (r->end == SIZE_MAX && (!*rules || !strcmp(rules, r->rules)))
				r->end = off;
		}
		free(rules);
	}
}

/* Does a region covering offset suppress rule? */
static int rule_in(const char *rules, const char *rule)
{
	if (!*rules)
		return 1;
	size_t rl = strlen(rule);
	for (const char *p = rules; *p;) {
		size_t n = strcspn(p, " ");
		if ((n == rl && !memcmp(p, rule, n)) || (n < rl && rule[n] == '/' && !memcmp(p, rule, n)))
			return 1;
		p += n;
		while (*p == ' ')
			p++;
	}
	return 0;
}

int doc_suppressed(const tw_document *d, size_t offset, const char *rule)
{
	for (size_t i = 0; i < d->n_regions; i++) {
		const region *r = &d->regions[i];
		if (offset >= r->start && offset < r->end && rule_in(r->rules, rule))
			return 1;
	}
	return 0;
}

/* Readable runs of [0, *n) inside a region that stops conversion become
 * protected, split at the region's edges (*n counts the pieces). Runs
 * already protected are left as they are, so it can be run again. */
static int protect_runs(tw_document *d, size_t *n)
{
	for (size_t g = 0; g < d->n_regions; g++) {
		const region *r = &d->regions[g];
		if (!r->stops_convert)
			continue;
		size_t rs = r->start, re = r->end == SIZE_MAX ? d->len : r->end;
		for (size_t i = 0; i < *n; i++) {
			tw_run *u = &d->runs[i];
			size_t us = u->offset, ue = u->offset + u->length;
			if ((u->role != TW_ROLE_PROSE && u->role != TW_ROLE_ATTRIBUTE) || ue <= rs || us >= re)
				continue;
			size_t a = us > rs ? us : rs, b = ue < re ? ue : re;
			/* split into [us,a) [a,b) [b,ue): up to two more runs */
			size_t extra = (a > us) + (b < ue);
			if (d->n_runs + extra > d->cap_runs) {
				size_t cap = d->cap_runs * 2 + extra;
				tw_run *nr = realloc(d->runs, cap * sizeof *nr);
				if (!nr)
					return TW_ENOMEM;
				d->runs = nr;
				unsigned char *m = realloc(d->nomerge, cap);
				if (!m)
					return TW_ENOMEM;
				d->nomerge = m;
				d->cap_runs = cap;
				u = &d->runs[i];
			}
			tw_run pieces[3];
			size_t np = 0;
			if (a > us)
				pieces[np++] = (tw_run){us, a - us, u->role};
			pieces[np++] = (tw_run){a, b - a, TW_ROLE_PROTECTED};
			if (b < ue)
				pieces[np++] = (tw_run){b, ue - b, u->role};
			memmove(&d->runs[i + np], &d->runs[i + 1], (d->n_runs - i - 1) * sizeof *d->runs);
			memmove(&d->nomerge[i + np], &d->nomerge[i + 1], d->n_runs - i - 1);
			unsigned char sep = d->nomerge[i];
			for (size_t k = 0; k < np; k++) {
				d->runs[i + k] = pieces[k];
				d->nomerge[i + k] = k ? (unsigned char)(sep & ~RUN_STORY) : sep;
			}
			d->n_runs += np - 1;
			*n += np - 1;
			i += np - 1;
		}
	}
	return TW_OK;
}

/* ---------------------------------------------------------------- the document */

int tw_doc_parse(tw_document **out, const char *data, size_t len, const tw_doc_options *opts,
                 tw_error *err)
{
	return doc_parse(out, data, len, opts, NULL, NULL, err);
}

int doc_parse(tw_document **out, const char *data, size_t len, const tw_doc_options *opts,
              int (*flush)(void *ud, const tw_document *d, size_t n_runs), void *flush_ud,
              tw_error *err)
{
	static const tw_doc_options defaults = TW_DOC_OPTIONS_INIT;
	if (!out)
		return tw_fail(err, TW_EINVAL, 0, "tw_doc_parse: out is NULL");
	*out = NULL;
	if (!data && len)
		return tw_fail(err, TW_EINVAL, 0, "tw_doc_parse: NULL data");
	if (!opts)
		opts = &defaults;
	if (len > TW_DOC_MAX_INPUT)
		return tw_fail(err, TW_ETOOBIG, TW_DOC_MAX_INPUT, "document larger than %zu MiB",
		               TW_DOC_MAX_INPUT >> 20);
	size_t bad;
	if (tw_utf8_validate(data, len, &bad))
		return tw_fail(err, TW_EUTF8, bad, "invalid UTF-8 at byte offset %zu", bad);
	tw_markup m = opts->markup;
	if (m == TW_MARKUP_AUTO)
		m = tw_markup_detect(opts->name, data, len);
	if ((unsigned)m > TW_MARKUP_MARKDOWN)
		return tw_fail(err, TW_EINVAL, 0, "unknown markup %d", (int)m);
	if (m == TW_MARKUP_XML) {
		int rc = xml_validate(data ? data : "", len, err);
		if (rc)
			return rc;
	}
	tw_document *d = calloc(1, sizeof *d);
	if (!d)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	d->data = data ? data : "";
	d->len = len;
	d->markup = m;
	d->opts = opts;
	d->refs = m != TW_MARKUP_TEXT;
	if (!flush)
		d->has_nul = memchr(d->data, '\0', len) != NULL;
	d->flush = flush;
	d->flush_ud = flush_ud;
	d->convert_only = flush != NULL;
	int rc = TW_OK;
	if (m == TW_MARKUP_TEXT) {
		text_scan(d);
	} else if (m == TW_MARKUP_MARKDOWN) {
		rc = markdown_scan(d);
	} else {
		html_state *s = html_state_new(m == TW_MARKUP_XML);
		if (!s)
			rc = TW_ENOMEM;
		else
			html_scan(d, s, 0, len);
		html_state_free(s);
	}
	if (!rc && d->covered < len)
		doc_add(d, d->covered, len - d->covered, TW_ROLE_MARKUP, 0);
	if (flush && d->n_runs)
		has_nul_in(d, d->n_runs); /* for the runs left to the caller */
	d->flush = NULL;
	if (d->flush_rc) {
		rc = d->flush_rc; /* the flush set err, unless memory ran out */
		tw_doc_free(d);
		return rc == TW_ENOMEM ? tw_fail(err, rc, 0, "out of memory") : rc;
	}
	if (!rc && d->oom)
		rc = TW_ENOMEM;
	size_t n = d->n_runs;
	if (!rc)
		rc = protect_runs(d, &n);
	d->opts = NULL; /* the caller's options need not outlive the call */
	if (rc) {
		tw_doc_free(d);
		return tw_fail(err, rc, 0, "out of memory");
	}
	*out = d;
	return TW_OK;
}

void tw_doc_free(tw_document *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_regions; i++)
		free(d->regions[i].rules);
	free(d->regions);
	free(d->runs);
	free(d->nomerge);
	free(d);
}

tw_markup tw_doc_markup(const tw_document *d)
{
	return d ? d->markup : TW_MARKUP_TEXT;
}

const tw_run *tw_doc_runs(const tw_document *d, size_t *n)
{
	if (n)
		*n = d ? d->n_runs : 0;
	return d ? d->runs : NULL;
}

/* memchr for the '-' and a look back: Chinese copy has few hyphens, and
 * glibc's memmem costs more than the conversion's own scan on such text. */
const char *directive_word(const char *b, size_t n)
{
	for (size_t i = 7; i < n;) {
		const char *h = memchr(b + i, '-', n - i);
		if (!h)
			return NULL;
		if (!memcmp(h - 7, "tongwen", 7))
			return h - 7;
		i = (size_t)(h - b) + 1;
	}
	return NULL;
}

int comment_line(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	return (k < n && s[k] == '#') || (n - k >= 2 && !memcmp(s + k, "//", 2)) ||
	       memmem(s, n, "<!--", 4);
}

/* Plain text is one readable run; directives sit on comment-like lines. */
void text_scan(tw_document *d)
{
	doc_add(d, 0, d->len, TW_ROLE_PROSE, 0);
	if (!d->opts->directives)
		return;
	for (size_t pos = 0; pos < d->len;) {
		const char *hit = d->len - pos >= 15 ? directive_word(d->data + pos, d->len - pos) : NULL;
		if (!hit)
			break;
		size_t h = (size_t)(hit - d->data), ls = h, le;
		while (ls > 0 && d->data[ls - 1] != '\n')
			ls--;
		const char *nl = memchr(hit, '\n', d->len - h);
		le = nl ? (size_t)(nl - d->data) : d->len;
		if (comment_line(d->data + ls, le - ls))
			doc_comment(d, ls, le - ls);
		pos = le + 1;
	}
}
