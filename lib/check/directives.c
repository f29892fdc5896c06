/* Inline directives in the checked text, inside comment-like lines
 * (<!-- … -->, # …, // …):
 *   tongwen-disable-next-line [rules]   the next line
 *   tongwen-disable [rules]             from here…
 *   tongwen-enable [rules]              …to here
 * Rules are ids (term/review) or families (spelling), separated by spaces
 * or commas; none means every rule. */
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"

#define MAX_PATTERNS 32

typedef struct rule_set {
	int all;
	size_t n;
	const char *p[MAX_PATTERNS];
	size_t len[MAX_PATTERNS];
} rule_set;

static int in_set(const rule_set *r, const char *rule)
{
	if (r->all)
		return 1;
	for (size_t i = 0; i < r->n; i++)
		if (rule_matches(r->p[i], r->len[i], rule))
			return 1;
	return 0;
}

/* Reads the rule list after a keyword up to the end of the line or the
 * comment. */
static void parse_rules(const char *s, const char *end, rule_set *r)
{
	memset(r, 0, sizeof *r);
	const char *stop = end;
	for (const char *p = s; p + 2 < end; p++)
		if (!memcmp(p, "-->", 3) || !memcmp(p, "*/", 2)) {
			stop = p;
			break;
		}
	for (const char *p = s; p < stop;) {
		while (p < stop && (*p == ' ' || *p == ',' || *p == '\t' || *p == '\r'))
			p++;
		const char *q = p;
		while (q < stop && *q != ' ' && *q != ',' && *q != '\t' && *q != '\r')
			q++;
		if (q > p && r->n < MAX_PATTERNS) {
			r->p[r->n] = p;
			r->len[r->n++] = (size_t)(q - p);
		}
		p = q;
	}
	r->all = r->n == 0;
}

static const char *find(const char *s, const char *end, const char *needle)
{
	return find_bytes(s, (size_t)(end - s), needle, strlen(needle));
}

static int comment_like(const char *line, const char *kw)
{
	return find(line, kw, "<!--") || find(line, kw, "#") || find(line, kw, "//") ||
	       find(line, kw, "/*");
}

void apply_directives(check_ctx *c)
{
	if (!c->n || !find(c->text, c->text + c->len, "tongwen-"))
		return;
	/* Walk the lines; the findings are sorted by offset. */
	rule_set disabled = {0}, next_line = {0}, none = {0};
	int have_next = 0;
	size_t fi = 0, keep = 0, line_start = 0;
	while (line_start <= c->len && fi < c->n) {
		const char *ls = c->text + line_start;
		const char *le = memchr(ls, '\n', c->len - line_start);
		size_t line_end = le ? (size_t)(le - c->text) : c->len;
		le = c->text + line_end;
		rule_set this_line = have_next ? next_line : none;
		have_next = 0;
		/* Findings on this line, judged by the state before its directive. */
		while (fi < c->n && c->v[fi].offset <= line_end) {
			tw_finding *f = &c->v[fi++];
			if (in_set(&disabled, f->rule) || in_set(&this_line, f->rule)) {
				finding_release(f);
			} else {
				c->v[keep++] = *f;
			}
		}
		const char *kw;
		if ((kw = find(ls, le, "tongwen-disable-next-line")) && comment_like(ls, kw)) {
			parse_rules(kw + strlen("tongwen-disable-next-line"), le, &next_line);
			have_next = 1;
		} else if ((kw = find(ls, le, "tongwen-disable")) && comment_like(ls, kw)) {
			rule_set r;
			parse_rules(kw + strlen("tongwen-disable"), le, &r);
			if (r.all)
				disabled.all = 1;
			for (size_t i = 0; i < r.n && disabled.n < MAX_PATTERNS; i++) {
				disabled.p[disabled.n] = r.p[i];
				disabled.len[disabled.n++] = r.len[i];
			}
		} else if ((kw = find(ls, le, "tongwen-enable")) && comment_like(ls, kw)) {
			rule_set r;
			parse_rules(kw + strlen("tongwen-enable"), le, &r);
			if (r.all) {
				memset(&disabled, 0, sizeof disabled);
			} else {
				for (size_t i = 0; i < r.n; i++)
					for (size_t j = 0; j < disabled.n; j++)
						if (disabled.len[j] == r.len[i] &&
						    !memcmp(disabled.p[j], r.p[i], r.len[i])) {
							disabled.p[j] = disabled.p[--disabled.n];
							disabled.len[j] = disabled.len[disabled.n];
							j--;
						}
			}
		}
		if (!le || line_end >= c->len)
			break;
		line_start = line_end + 1;
	}
	while (fi < c->n)
		c->v[keep++] = c->v[fi++];
	c->n = keep;
}
