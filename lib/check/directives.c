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

typedef dir_rules rule_set;

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
		/* rule ids are short: a longer word names no rule */
		if (q > p && r->n < DIR_MAX_PATTERNS && (size_t)(q - p) < DIR_MAX_PATTERN) {
			memcpy(r->p[r->n], p, (size_t)(q - p));
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

/* In a streamed check the state goes on from the piece before, and the
 * end of a piece that is not the last is no line of its own: the next
 * piece starts where it ended. */
void apply_directives(check_ctx *c)
{
	dir_state own, *st = c->dirs ? c->dirs : &own;
	if (!c->dirs)
		memset(&own, 0, sizeof own);
	int carried = st->have_next || st->disabled.all || st->disabled.n;
	if (!find(c->text, c->text + c->len, "tongwen-") && (!carried || !c->n)) {
		/* Nothing to drop; a disable-next-line from the piece before
		 * was for this piece's first line. */
		if (c->len)
			st->have_next = 0;
		return;
	}
	static const rule_set none = {0};
	size_t fi = 0, keep = 0, line_start = 0;
	while (line_start < c->len || (line_start == c->len && (!c->dirs || c->last))) {
		const char *ls = c->text + line_start;
		const char *le = memchr(ls, '\n', c->len - line_start);
		size_t line_end = le ? (size_t)(le - c->text) : c->len;
		le = c->text + line_end;
		const rule_set *this_line = st->have_next ? &st->next_line : &none;
		st->have_next = 0;
		/* Findings on this line, judged by the state before its directive. */
		while (fi < c->n && c->v[fi].offset <= line_end) {
			tw_finding *f = &c->v[fi++];
			if (in_set(&st->disabled, f->rule) || in_set(this_line, f->rule)) {
				finding_release(f);
			} else {
				c->v[keep++] = *f;
			}
		}
		const char *kw;
		if ((kw = find(ls, le, "tongwen-disable-next-line")) && comment_like(ls, kw)) {
			parse_rules(kw + strlen("tongwen-disable-next-line"), le, &st->next_line);
			st->have_next = 1;
		} else if ((kw = find(ls, le, "tongwen-disable")) && comment_like(ls, kw)) {
			rule_set r;
			parse_rules(kw + strlen("tongwen-disable"), le, &r);
			if (r.all)
				st->disabled.all = 1;
			for (size_t i = 0; i < r.n && st->disabled.n < DIR_MAX_PATTERNS; i++) {
				memcpy(st->disabled.p[st->disabled.n], r.p[i], r.len[i]);
				st->disabled.len[st->disabled.n++] = r.len[i];
			}
		} else if ((kw = find(ls, le, "tongwen-enable")) && comment_like(ls, kw)) {
			rule_set r;
			parse_rules(kw + strlen("tongwen-enable"), le, &r);
			if (r.all) {
				memset(&st->disabled, 0, sizeof st->disabled);
			} else {
				for (size_t i = 0; i < r.n; i++)
					for (size_t j = 0; j < st->disabled.n; j++)
						if (st->disabled.len[j] == r.len[i] &&
						    !memcmp(st->disabled.p[j], r.p[i], r.len[i])) {
							st->disabled.n--;
							memcpy(st->disabled.p[j], st->disabled.p[st->disabled.n],
							       DIR_MAX_PATTERN);
							st->disabled.len[j] = st->disabled.len[st->disabled.n];
							j--;
						}
			}
		}
		if (line_end >= c->len)
			break;
		line_start = line_end + 1;
	}
	while (fi < c->n)
		c->v[keep++] = c->v[fi++];
	c->n = keep;
}
