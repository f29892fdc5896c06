/* Word boundaries for the term and Cantonese rules.
 *
 * A lexicon form found inside a longer word is not an occurrence of it:
 * 业者 in 从业者, 头先 across 钟头 + 先, 车牌 in 网约车牌照. The clause around a
 * match is segmented by the most probable path over a unigram model of
 * general vocabulary (the build's segwords.txt: jieba's Mainland dictionary
 * with its counts, in both scripts), and the match counts only when it
 * starts and ends on boundaries of that path.
 *
 * segwords.txt is sorted bytewise, one "word TAB count" a line; it is
 * mapped, not loaded, and searched by bisection over its lines, so opening
 * the lexicon costs nothing and only matches pay for a lookup. */
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_internal.h"
#include "utf8.h"

#define MARGIN 12     /* characters of context on each side of a match */
#define MAX_WORD 8    /* characters in the longest word considered */
#define TOTAL 6.0e7   /* about the sum of the counts (jieba's is 6.0e7) */

int segwords_open(tw_lexicon *lex, const char *dir, tw_error *err)
{
	char *path = path_join(dir, "segwords.txt");
	if (!path)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) || st.st_size <= 0) {
		if (fd >= 0)
			close(fd);
		int rc = tw_fail(err, TW_ENOTFOUND, 0, "cannot read %s", path);
		free(path);
		return rc;
	}
	void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	free(path);
	if (m == MAP_FAILED)
		return tw_fail(err, TW_EIO, 0, "cannot map the word list");
	lex->segwords = m;
	lex->segwords_len = (size_t)st.st_size;
	return TW_OK;
}

void segwords_close(tw_lexicon *lex)
{
	if (lex->segwords)
		munmap((void *)lex->segwords, lex->segwords_len);
	lex->segwords = NULL;
}

/* Compares the word of the line at p (up to its tab) with w[0..n). */
static int cmp_line(const char *p, const char *end, const char *w, size_t n, size_t *wl)
{
	const char *t = memchr(p, '\t', (size_t)(end - p));
	size_t l = t ? (size_t)(t - p) : (size_t)(end - p);
	*wl = l;
	int c = memcmp(p, w, l < n ? l : n);
	return c ? c : (l > n) - (l < n);
}

/* Each lookup bisects a 7 MB list: some twenty lines far apart, each a
 * cache miss, for every substring of the window. The same few thousand
 * short strings (的, 在, 发展, 人工智能) come up again and again, so the
 * answers are kept in a small direct-mapped table per thread (no lock, a
 * fixed 48 KiB), keyed by the lexicon's serial so that a lexicon opened
 * where another was freed never sees the other's answers. */
#define SEG_CACHE 1024 /* entries, a power of two */
#define SEG_KEY 26     /* bytes; longer strings are not kept */

typedef struct {
	uint64_t serial;
	double f;
	unsigned char n, longer;
	char key[SEG_KEY];
} seg_entry;

static _Thread_local seg_entry seg_cache[SEG_CACHE];

static double lookup_list(const tw_lexicon *lex, const char *w, size_t n, int *longer);

/* Count of word w[0..n), or -1; *longer: some listed word extends w. */
static double lookup(const tw_lexicon *lex, const char *w, size_t n, int *longer)
{
	if (n > SEG_KEY)
		return lookup_list(lex, w, n, longer);
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	seg_entry *e = &seg_cache[(h ^ h >> 16) & (SEG_CACHE - 1)];
	if (e->serial == lex->serial && e->n == n && !memcmp(e->key, w, n)) {
		*longer = e->longer;
		return e->f;
	}
	double f = lookup_list(lex, w, n, longer);
	e->serial = lex->serial;
	e->n = (unsigned char)n;
	e->longer = (unsigned char)*longer;
	e->f = f;
	memcpy(e->key, w, n);
	return f;
}

static double lookup_list(const tw_lexicon *lex, const char *w, size_t n, int *longer)
{
	const char *d = lex->segwords, *end = d + lex->segwords_len;
	size_t lo = 0, hi = lex->segwords_len;
	while (lo < hi) { /* first line whose word is >= w */
		size_t mid = lo + (hi - lo) / 2;
		while (mid > lo && d[mid - 1] != '\n')
			mid--;
		const char *nl = memchr(d + mid, '\n', (size_t)(end - d - mid));
		size_t next = nl ? (size_t)(nl - d) + 1 : lex->segwords_len;
		size_t wl;
		if (cmp_line(d + mid, nl ? nl : end, w, n, &wl) < 0)
			lo = next;
		else
			hi = mid;
	}
	*longer = 0;
	double f = -1;
	const char *p = d + lo;
	for (int k = 0; k < 2 && p < end; k++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t wl;
		int c = cmp_line(p, le, w, n, &wl);
		if (c == 0)
			f = atof(p + wl + 1);
		else if (wl > n && !memcmp(p, w, n))
			*longer = 1;
		else
			break;
		p = nl ? nl + 1 : end;
	}
	return f;
}

int check_word_boundaries(const check_ctx *c, size_t off, size_t len)
{
	const tw_lexicon *lex = c->lex;
	if (!lex->segwords)
		return 1;
	const unsigned char *s = (const unsigned char *)c->text;
	/* Character offsets of the window: up to MARGIN Han characters on each
	 * side of the match. */
	size_t offs[2 * MARGIN + 64], n = 0, a = off;
	for (size_t k = 0; k < MARGIN && a > 0; k++) {
		size_t b = a - 1;
		while (b > 0 && (s[b] & 0xC0) == 0x80)
			b--;
		size_t l;
		if (!utf8_is_han(utf8_decode(s + b, c->len - b, &l)))
			break;
		a = b;
	}
	size_t p = a, stop = off + len;
	while (p < c->len && n < sizeof offs / sizeof *offs - 1) {
		size_t l;
		uint32_t cp = utf8_decode(s + p, c->len - p, &l);
		if (p >= stop) {
			if (!utf8_is_han(cp) || n >= (size_t)(2 * MARGIN + 48))
				break;
			if (p >= stop + MARGIN * 4)
				break;
		}
		offs[n++] = p;
		p += l;
	}
	offs[n] = p;
	if (n < 2)
		return 1;
	double best[2 * MARGIN + 65];
	size_t back[2 * MARGIN + 65];
	best[0] = 0;
	for (size_t j = 1; j <= n; j++)
		best[j] = INFINITY;
	double unk = log(TOTAL) + 4;
	for (size_t i = 0; i < n; i++) {
		if (best[i] == INFINITY)
			continue;
		for (size_t j = i + 1; j <= n && j - i <= MAX_WORD; j++) {
			int longer;
			double f = lookup(lex, c->text + offs[i], offs[j] - offs[i], &longer);
			double cost = f >= 0 ? log(TOTAL) - log(f + 1) : j == i + 1 ? unk : -1;
			if (cost >= 0 && best[i] + cost < best[j]) {
				best[j] = best[i] + cost;
				back[j] = i;
			}
			if (!longer)
				break;
		}
	}
	int at_start = 0, at_end = 0;
	for (size_t j = n; j > 0; j = back[j]) {
		at_start |= offs[back[j]] == off;
		at_end |= offs[j] == off + len;
	}
	return at_start && at_end;
}
