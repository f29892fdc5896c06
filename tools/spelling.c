/* Other spellings of a term key (spelling.h). */
#include "spelling.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lexicon.h"
#include "twdict.h"
#include "utf8.h"

typedef struct alt {
	uint32_t cp;
	uint32_t to[SPELLING_MAX_ALT];
	uint8_t n;
} alt;

struct spelling {
	alt *v;
	size_t n, cap;
	size_t pairs;
};

static alt *find(const spelling *sp, uint32_t cp)
{
	size_t lo = 0, hi = sp->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (sp->v[mid].cp == cp)
			return &sp->v[mid];
		if (sp->v[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Adds b as another form of a (kept sorted by code point; a handful of
 * pairs, so insertion is cheap). */
static int link_one(spelling *sp, uint32_t a, uint32_t b)
{
	alt *x = find(sp, a);
	if (!x) {
		alt *v = sp->n == sp->cap ? array_grow(sp->v, &sp->cap, sizeof *v, 64) : sp->v;
		if (!v)
			return -1;
		sp->v = v;
		size_t at = 0;
		while (at < sp->n && sp->v[at].cp < a)
			at++;
		memmove(sp->v + at + 1, sp->v + at, (sp->n - at) * sizeof *sp->v);
		sp->v[at] = (alt){.cp = a};
		sp->n++;
		x = &sp->v[at];
	}
	for (uint8_t i = 0; i < x->n; i++)
		if (x->to[i] == b)
			return 0;
	if (x->n < SPELLING_MAX_ALT)
		x->to[x->n++] = b;
	return 0;
}

static int same_in_simplified(const tw_profile *hk2s, uint32_t a, uint32_t b)
{
	char sa[8], sb[8];
	sa[utf8_encode(a, sa)] = '\0';
	sb[utf8_encode(b, sb)] = '\0';
	char *ca = convert_str(hk2s, sa), *cb = convert_str(hk2s, sb);
	int same = ca && cb && !strcmp(ca, cb);
	free(ca);
	free(cb);
	return same;
}

/* a and b as one word's two spellings, both ways; 1 when kept, 0 when hk2s
 * writes them apart, -1 when out of memory. */
static int link_pair(spelling *sp, const tw_profile *hk2s, uint32_t a, uint32_t b)
{
	if (a == b || !same_in_simplified(hk2s, a, b))
		return 0;
	alt *x = find(sp, a);
	for (uint8_t i = 0; x && i < x->n; i++)
		if (x->to[i] == b)
			return 1;
	if (link_one(sp, a, b) || link_one(sp, b, a))
		return -1;
	sp->pairs++;
	return 1;
}

/* What a table's lines are read into, and where messages go. */
typedef struct reader {
	spelling *sp;
	const tw_profile *hk2s;
	const char *path;
	FILE *diag;
} reader;

/* Calls line_fn for each line of r->path (numbered from 1) until it
 * returns non-zero; returns that, or -1 when the file cannot be read. */
static int each_line(reader *r, int (*line_fn)(reader *, char *, size_t))
{
	char *text;
	size_t len;
	tw_error err = {0};
	if (read_file(&text, &len, r->path, 1u << 20, &err)) {
		fprintf(r->diag, "twdict: %s\n", err.message);
		return -1;
	}
	int rc = 0;
	size_t lineno = 0;
	for (char *cur = text, *line; !rc && (line = text_next_line(&cur));)
		rc = line_fn(r, line, ++lineno);
	free(text);
	return rc;
}

/* An OpenCC variant table's line: "standard TAB form form…". */
static int opencc_line(reader *r, char *line, size_t lineno)
{
	char *tab = strchr(line, '\t');
	uint32_t a = one_char(line);
	if (!tab || !a) {
		fprintf(r->diag, "twdict: %s:%zu: not \"character TAB forms\"\n", r->path, lineno);
		return -1;
	}
	for (char *f = tab + 1; *f;) {
		uint32_t b = one_char(f);
		if (!b) {
			fprintf(r->diag, "twdict: %s:%zu: a form is not one character\n", r->path,
			        lineno);
			return -1;
		}
		if (link_pair(r->sp, r->hk2s, a, b) < 0)
			return -1;
		f += strcspn(f, " ");
		f += *f == ' ';
	}
	return 0;
}

/* A reviewed pair's line: "form TAB form TAB note"; '#' comments. */
static int reviewed_line(reader *r, char *line, size_t lineno)
{
	if (!*line || *line == '#')
		return 0;
	char *f[3];
	size_t nf = split_tabs(line, f, 3);
	uint32_t a = one_char(f[0]), b = nf >= 2 ? one_char(f[1]) : 0;
	if (nf != 3 || !a || !b || !*f[2]) {
		fprintf(r->diag, "twdict: %s:%zu: not \"character TAB character TAB note\"\n", r->path,
		        lineno);
		return -1;
	}
	int kept = link_pair(r->sp, r->hk2s, a, b);
	if (kept == 0)
		fprintf(r->diag, "twdict: %s:%zu: %s and %s are not written alike in Simplified\n",
		        r->path, lineno, f[0], f[1]);
	return kept == 1 ? 0 : -1;
}

spelling *spelling_load(const char *const *opencc_files, size_t n_opencc, const char *reviewed,
                        const tw_profile *hk2s, FILE *diag)
{
	spelling *sp = calloc(1, sizeof *sp);
	int rc = sp ? 0 : -1;
	for (size_t i = 0; !rc && i < n_opencc; i++) {
		reader r = {sp, hk2s, opencc_files[i], diag};
		rc = each_line(&r, opencc_line);
	}
	if (!rc && reviewed) {
		reader r = {sp, hk2s, reviewed, diag};
		rc = each_line(&r, reviewed_line);
	}
	if (rc) {
		spelling_free(sp);
		return NULL;
	}
	return sp;
}

void spelling_free(spelling *sp)
{
	if (!sp)
		return;
	free(sp->v);
	free(sp);
}

size_t spelling_pairs(const spelling *sp)
{
	return sp->pairs;
}

typedef struct pos {
	size_t off, len; /* the character's bytes in the key */
	const alt *a;
} pos;

/* Writes key with the forms choice[] (0: as written, k: a->to[k-1]) at the
 * positions p[], and hands it to fn. */
static int emit(const char *key, size_t klen, const pos *p, const uint8_t *choice, size_t np,
                int (*fn)(const char *, size_t, void *), void *ctx)
{
	char stack[256];
	size_t cap = klen + np * 4 + 1;
	char *out = cap <= sizeof stack ? stack : malloc(cap);
	if (!out)
		return -1;
	size_t o = 0, from = 0;
	for (size_t i = 0; i < np; i++) {
		memcpy(out + o, key + from, p[i].off - from);
		o += p[i].off - from;
		from = p[i].off + p[i].len;
		if (choice[i])
			o += utf8_encode(p[i].a->to[choice[i] - 1], out + o);
		else {
			memcpy(out + o, key + p[i].off, p[i].len);
			o += p[i].len;
		}
	}
	memcpy(out + o, key + from, klen - from);
	o += klen - from;
	out[o] = '\0';
	int rc = fn(out, o, ctx);
	if (out != stack)
		free(out);
	return rc;
}

int spelling_each(const spelling *sp, const char *key,
                  int (*fn)(const char *form, size_t len, void *ctx), void *ctx)
{
	size_t klen = strlen(key), np = 0;
	pos p[64];
	for (size_t i = 0; i < klen && np < sizeof p / sizeof *p;) {
		size_t l;
		uint32_t cp = utf8_decode((const unsigned char *)key + i, klen - i, &l);
		if (!l)
			break;
		const alt *a = find(sp, cp);
		if (a)
			p[np++] = (pos){i, l, a};
		i += l;
	}
	if (!np)
		return 0;
	uint8_t choice[64] = {0};
	int rc = 0;
	if (np > SPELLING_MAX_POSITIONS) {
		/* one character at a time */
		for (size_t i = 0; i < np && !rc; i++) {
			for (uint8_t k = 1; k <= p[i].a->n && !rc; k++) {
				choice[i] = k;
				rc = emit(key, klen, p, choice, np, fn, ctx);
			}
			choice[i] = 0;
		}
		return rc;
	}
	/* every combination but the key itself: an odometer over the positions */
	for (;;) {
		size_t i = 0;
		while (i < np && choice[i] == p[i].a->n)
			choice[i++] = 0;
		if (i == np)
			return 0;
		choice[i]++;
		if ((rc = emit(key, klen, p, choice, np, fn, ctx)))
			return rc;
	}
}
