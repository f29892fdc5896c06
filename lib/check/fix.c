/* Fixes applied in one pass (tongwen/edit.h): chosen findings become
 * non-overlapping edits, the longer fix winning an overlap and a
 * character-for-character fix keeping its characters outside the winner. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tongwen/edit.h"
#include "utf8.h"

typedef struct cand {
	size_t off, len;  /* bytes of the original */
	const char *repl; /* the suggestion (owned by the findings) */
	size_t repl_len;
	size_t finding, order;
} cand;

typedef struct piece {
	size_t off, len;
	const char *repl;
	size_t repl_len;
	size_t finding, order;
} piece;

int tw_finding_is_safe_fix(const tw_finding *f)
{
	return f && f->severity == TW_SEV_ERROR && f->n_suggestions == 1 && f->rule &&
	       strcmp(f->rule, "term/review") != 0;
}

void tw_edits_free(tw_edits *edits)
{
	if (!edits)
		return;
	for (size_t i = 0; i < edits->count; i++)
		free((char *)edits->items[i].text);
	free(edits->items);
	free(edits);
}

static int by_size(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int by_offset(const void *a, const void *b)
{
	const piece *x = a, *y = b;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static size_t count_chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* Length of the character at s (n bytes left), at least 1. */
static size_t char_len(const char *s, size_t n)
{
	size_t l = utf8_seqlen((unsigned char)s[0]);
	return l == 0 || l > n ? 1 : l;
}

static int is_free(const unsigned char *taken, size_t off, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (taken[off + i])
			return 0;
	return 1;
}

/* Picks the pieces to apply; returns their number or -1 on OOM. */
static long resolve(piece **out, const char *text, size_t len, cand *c, size_t nc)
{
	qsort(c, nc, sizeof *c, by_size);
	unsigned char *taken = calloc(len + 1, 1);
	size_t cap = nc * 2 + 1, n = 0;
	piece *p = malloc(cap * sizeof *p);
	if (!taken || !p) {
		free(taken);
		free(p);
		return -1;
	}
	for (size_t i = 0; i < nc; i++) {
		const cand *x = &c[i];
		if (x->repl_len == x->len && !memcmp(x->repl, text + x->off, x->len))
			continue;
		if (is_free(taken, x->off, x->len)) {
			if (n == cap) {
				piece *g = realloc(p, (cap *= 2) * sizeof *p);
				if (!g)
					goto oom;
				p = g;
			}
			p[n++] = (piece){ x->off, x->len, x->repl, x->repl_len, x->finding, x->order };
			memset(taken + x->off, 1, x->len);
			continue;
		}
		if (count_chars(text + x->off, x->len) != count_chars(x->repl, x->repl_len))
			continue;
		/* character for character: what the winner left free still changes */
		size_t a = 0, b = 0;
		while (a < x->len && b < x->repl_len) {
			size_t al = char_len(text + x->off + a, x->len - a);
			size_t bl = char_len(x->repl + b, x->repl_len - b);
			int same = al == bl && !memcmp(text + x->off + a, x->repl + b, al);
			if (!same && is_free(taken, x->off + a, al)) {
				if (n == cap) {
					piece *g = realloc(p, (cap *= 2) * sizeof *p);
					if (!g)
						goto oom;
					p = g;
				}
				p[n++] = (piece){ x->off + a, al, x->repl + b, bl, x->finding, x->order };
				memset(taken + x->off + a, 1, al);
			}
			a += al;
			b += bl;
		}
	}
	free(taken);
	qsort(p, n, sizeof *p, by_offset);
	/* adjacent characters of one fix make one edit */
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m && p[m - 1].finding == p[i].finding && p[m - 1].off + p[m - 1].len == p[i].off &&
		    p[m - 1].repl + p[m - 1].repl_len == p[i].repl) {
			p[m - 1].len += p[i].len;
			p[m - 1].repl_len += p[i].repl_len;
		} else {
			p[m++] = p[i];
		}
	}
	*out = p;
	return (long)m;
oom:
	free(taken);
	free(p);
	return -1;
}

static int add_cand(cand *c, size_t *nc, const tw_findings *f, size_t i, size_t s, size_t len,
                    tw_error *err)
{
	const tw_finding *x = &f->items[i];
	if (s >= x->n_suggestions || !x->suggestions || !x->suggestions[s])
		return tw_fail(err, TW_EINVAL, 0, "finding %zu has no suggestion %zu", i, s);
	if (x->offset > len || x->length > len - x->offset)
		return tw_fail(err, TW_EINVAL, x->offset, "finding %zu lies outside the text", i);
	c[*nc] = (cand){ x->offset, x->length, x->suggestions[s], strlen(x->suggestions[s]), i, *nc };
	(*nc)++;
	return TW_OK;
}

int tw_fix(tw_edits **edits, char **out, size_t *out_len, const char *text, size_t len,
           const tw_findings *findings, const tw_fix_options *opts, tw_error *err)
{
	if (edits)
		*edits = NULL;
	if (out)
		*out = NULL;
	if (out_len)
		*out_len = 0;
	if ((!text && len) || !findings || (out && !out_len))
		return tw_fail(err, TW_EINVAL, 0, "tw_fix: missing argument");
	if (opts && (opts->version < 1 || opts->version > TW_FIX_OPTIONS_VERSION))
		return tw_fail(err, TW_EINVAL, 0, "tw_fix: unknown options version %u", opts->version);
	if (!text)
		text = "";
	const tw_fix_choice *ch = opts ? opts->choices : NULL;
	size_t nch = ch ? opts->n_choices : findings->count;
	cand *c = malloc((nch + 1) * sizeof *c);
	if (!c)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	size_t nc = 0;
	int rc = TW_OK;
	for (size_t i = 0; i < nch && !rc; i++) {
		if (ch) {
			if (ch[i].finding >= findings->count)
				rc = tw_fail(err, TW_EINVAL, 0, "no finding %zu", ch[i].finding);
			else
				rc = add_cand(c, &nc, findings, ch[i].finding, ch[i].suggestion, len, err);
		} else if (tw_finding_is_safe_fix(&findings->items[i])) {
			rc = add_cand(c, &nc, findings, i, 0, len, err);
		}
	}
	piece *p = NULL;
	long np = rc ? 0 : resolve(&p, text, len, c, nc);
	if (!rc && np < 0)
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
	if (rc) {
		free(c);
		return rc;
	}
	tw_edits *e = NULL;
	char *t = NULL;
	if (edits) {
		e = calloc(1, sizeof *e);
		if (!e || !(e->items = calloc((size_t)np + 1, sizeof *e->items)))
			goto oom;
		for (long i = 0; i < np; i++) {
			char *r = str_dup_n(p[i].repl, p[i].repl_len);
			if (!r)
				goto oom;
			e->items[e->count++] =
			    (tw_edit){ p[i].off, p[i].len, r, p[i].repl_len, p[i].finding };
		}
	}
	if (out) {
		size_t n = len;
		for (long i = 0; i < np; i++)
			n = n - p[i].len + p[i].repl_len;
		if (!(t = malloc(n + 1)))
			goto oom;
		size_t pos = 0, w = 0;
		for (long i = 0; i < np; i++) {
			memcpy(t + w, text + pos, p[i].off - pos);
			w += p[i].off - pos;
			memcpy(t + w, p[i].repl, p[i].repl_len);
			w += p[i].repl_len;
			pos = p[i].off + p[i].len;
		}
		memcpy(t + w, text + pos, len - pos);
		w += len - pos;
		t[w] = '\0';
		*out = t;
		*out_len = w;
	}
	if (edits)
		*edits = e;
	free(p);
	free(c);
	return TW_OK;
oom:
	tw_edits_free(e);
	free(t);
	free(p);
	free(c);
	return tw_fail(err, TW_ENOMEM, 0, "out of memory");
}
