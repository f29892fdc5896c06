/* Word boundaries (segwords.h).
 *
 * segwords.txt is sorted bytewise, one "word TAB count" a line; it is
 * mapped, not loaded, and searched by bisection over its lines, so opening
 * it costs nothing and only questions pay for a lookup. */
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "segwords.h"
#include "utf8.h"

#define MARGIN 12     /* characters of context on each side of a match */
#define MAX_WORD 8    /* characters in the longest word considered */
#define TOTAL 6.0e7   /* about the sum of the counts (jieba's is 6.0e7) */

int segwords_map(segwords *w, const char *path, tw_error *err)
{
	memset(w, 0, sizeof *w);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) || st.st_size <= 0) {
		if (fd >= 0)
			close(fd);
		return tw_fail(err, TW_ENOTFOUND, 0, "cannot read %s", path);
	}
	void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return tw_fail(err, TW_EIO, 0, "cannot map the word list %s", path);
	static atomic_uint_fast64_t serials;
	w->serial = atomic_fetch_add(&serials, 1) + 1;
	w->data = m;
	w->len = (size_t)st.st_size;
	/* Untouched pages of the table cost nothing: a question touches those
	 * of the characters near it. */
	if (w->len < UINT32_MAX)
		w->first = calloc(65536, sizeof *w->first);
	return TW_OK;
}

void segwords_unmap(segwords *w)
{
	if (w->data)
		munmap((void *)w->data, w->len);
	free(w->first);
	memset(w, 0, sizeof *w);
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
 * cache miss, for every substring of the window. The same strings (的, 在,
 * 发展, 人工智能, and a story's names and topics) come up again and again, so
 * the answers are kept in two direct-mapped tables per thread (no lock),
 * keyed by the list's serial so that a list opened where another was
 * freed never sees the other's answers: a small one (48 KiB, static), which
 * the most frequent strings keep in the processor's cache, and behind it a
 * large one (1.5 MiB, allocated on a thread's first miss, freed when the
 * thread ends). On Hong Kong news full of matches the small one alone
 * missed 55% of lookups, the large one 23%; the large one alone halved the
 * check of clean copy (its hits were far apart in memory). */
#define SEG_CACHE 1024     /* entries of the small table, a power of two */
#define SEG_CACHE_BIG 32768 /* of the large one */
#define SEG_KEY 26          /* bytes; longer strings are not kept */

typedef struct {
	uint64_t serial;
	double f;
	unsigned char n, longer;
	char key[SEG_KEY];
} seg_entry;

static _Thread_local seg_entry seg_cache[SEG_CACHE];
static _Thread_local seg_entry *seg_big;
static pthread_key_t seg_big_key;
static pthread_once_t seg_big_once = PTHREAD_ONCE_INIT;
static int seg_big_keyed;

static void seg_big_make_key(void)
{
	seg_big_keyed = !pthread_key_create(&seg_big_key, free);
}

/* This thread's large table, or NULL. */
static seg_entry *thread_big(void)
{
	if (seg_big)
		return seg_big;
	pthread_once(&seg_big_once, seg_big_make_key);
	if (!seg_big_keyed)
		return NULL;
	seg_entry *c = calloc(SEG_CACHE_BIG, sizeof *c);
	if (c && pthread_setspecific(seg_big_key, c)) {
		free(c);
		c = NULL;
	}
	return seg_big = c;
}

static int entry_is(const seg_entry *e, const segwords *sw, const char *w, size_t n)
{
	return e->serial == sw->serial && e->n == n && !memcmp(e->key, w, n);
}

static void entry_set(seg_entry *e, const segwords *sw, const char *w, size_t n, double f,
                      int longer)
{
	e->serial = sw->serial;
	e->n = (unsigned char)n;
	e->longer = (unsigned char)longer;
	e->f = f;
	memcpy(e->key, w, n);
}

static double lookup_list(const segwords *sw, const char *w, size_t n, int *longer);

/* Count of word w[0..n), or -1; *longer: some listed word extends w. */
static double lookup(const segwords *sw, const char *w, size_t n, int *longer)
{
	if (n > SEG_KEY)
		return lookup_list(sw, w, n, longer);
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	seg_entry *e = &seg_cache[(h ^ h >> 16) & (SEG_CACHE - 1)];
	if (entry_is(e, sw, w, n)) {
		*longer = e->longer;
		return e->f;
	}
	seg_entry *big = thread_big(), *b = big ? &big[(h ^ h >> 16) & (SEG_CACHE_BIG - 1)] : NULL;
	double f;
	if (b && entry_is(b, sw, w, n)) {
		*longer = b->longer;
		f = b->f;
	} else {
		f = lookup_list(sw, w, n, longer);
		if (b)
			entry_set(b, sw, w, n, f, *longer);
	}
	entry_set(e, sw, w, n, f, *longer);
	return f;
}

/* cmp_line's order, for the bisection: the word at p (up to a tab, a
 * line feed or end) against w[0..n), a byte at a time, as words are a
 * few bytes and two library calls a step cost more; the first `same`
 * bytes are known equal (and no tab or line feed). *at: where the two
 * part, in the line. */
static int cmp_word(const char *p, const char *end, const char *w, size_t n, size_t same,
                    size_t *at)
{
	for (size_t i = same;; i++) {
		int word_end = p + i == end || p[i] == '\t' || p[i] == '\n';
		*at = i;
		if (i == n)
			return !word_end;
		if (word_end)
			return -1;
		unsigned char a = (unsigned char)p[i], b = (unsigned char)w[i];
		if (a != b)
			return a < b ? -1 : 1;
	}
}

/* The first line in [lo, hi) (line starts, or hi the end) whose word is
 * w[0..n) or after it, else hi; the words of those lines all begin with
 * w[0..same). */
static size_t first_at_or_after(const segwords *sw, const char *w, size_t n, size_t same,
                                size_t lo, size_t hi)
{
	const char *d = sw->data, *end = d + sw->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		while (mid > lo && d[mid - 1] != '\n')
			mid--;
		size_t at;
		if (cmp_word(d + mid, end, w, n, same, &at) < 0) {
			const char *nl = memchr(d + mid + at, '\n', (size_t)(end - d - mid - at));
			lo = nl ? (size_t)(nl - d) + 1 : sw->len;
		} else {
			hi = mid;
		}
	}
	return lo;
}

/* Where the line of a word starting with w's first character lies: the
 * lines of words that start with it, when it is one of the three-byte
 * characters most words start with, else the whole list; returns the
 * bytes all those words share with w (3 or 0). The list is
 * sorted, so a bisection of any range that holds the line finds the one a
 * bisection of the whole list finds, in some ten steps of 600 lines
 * instead of twenty-three of 7 MB far apart. The range of a character
 * is looked up once per list; the table is shared by threads, and a
 * range written twice is written the same. */
static size_t search_range(const segwords *sw, const char *w, size_t n, size_t *lo,
                           size_t *hi)
{
	*lo = 0;
	*hi = sw->len;
	unsigned char b0 = (unsigned char)w[0];
	if (!sw->first || n < 3 || b0 < 0xE0 || b0 > 0xEF)
		return 0;
	const unsigned char *u = (const unsigned char *)w;
	size_t l;
	uint32_t cp = utf8_decode(u, n, &l); /* three bytes, by b0 and n */
	uint64_t r = atomic_load_explicit(&sw->first[cp], memory_order_relaxed);
	if (!r) {
		/* words that start with w[0..3), and the first after them */
		char after[3] = {w[0], w[1], (char)(u[2] + 1)};
		size_t a = first_at_or_after(sw, w, 3, 0, 0, sw->len);
		size_t b = first_at_or_after(sw, after, 3, 0, a, sw->len);
		r = (uint64_t)a << 32 | (uint64_t)(b + 1);
		atomic_store_explicit(&sw->first[cp], r, memory_order_relaxed);
	}
	*lo = (size_t)(r >> 32);
	*hi = (size_t)(uint32_t)r - 1;
	return 3;
}

/* The count at p, the line ending at le: its digits read as atof reads
 * them (exactly: fewer than 16 digits make an integer a double holds),
 * strtod's general parse only for anything else. */
static double count_of(const char *p, const char *le)
{
	uint64_t v = 0;
	const char *q = p;
	while (q < le && q - p < 15 && *q >= '0' && *q <= '9')
		v = v * 10 + (uint64_t)(*q++ - '0');
	return q > p && q == le ? (double)v : atof(p);
}

static double lookup_list(const segwords *sw, const char *w, size_t n, int *longer)
{
	const char *d = sw->data, *end = d + sw->len;
	size_t lo, hi, same = search_range(sw, w, n, &lo, &hi);
	lo = first_at_or_after(sw, w, n, same, lo, hi);
	*longer = 0;
	double f = -1;
	const char *p = d + lo;
	for (int k = 0; k < 2 && p < end; k++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t wl;
		int c = cmp_line(p, le, w, n, &wl);
		if (c == 0)
			f = count_of(p + wl + 1, le);
		else if (wl > n && !memcmp(p, w, n))
			*longer = 1;
		else
			break;
		p = nl ? nl + 1 : end;
	}
	return f;
}

int segwords_boundaries(const segwords *sw, const char *text, size_t text_len, size_t off,
                        size_t len)
{
	if (!sw->data)
		return 1;
	const unsigned char *s = (const unsigned char *)text;
	/* Character offsets of the window: up to MARGIN Han characters on each
	 * side of the match. */
	size_t offs[2 * MARGIN + 64], n = 0, a = off;
	for (size_t k = 0; k < MARGIN && a > 0; k++) {
		size_t b = a - 1;
		while (b > 0 && (s[b] & 0xC0) == 0x80)
			b--;
		size_t l;
		if (!utf8_is_han(utf8_decode(s + b, text_len - b, &l)))
			break;
		a = b;
	}
	size_t p = a, stop = off + len;
	while (p < text_len && n < sizeof offs / sizeof *offs - 1) {
		size_t l;
		uint32_t cp = utf8_decode(s + p, text_len - p, &l);
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
			double f = lookup(sw, text + offs[i], offs[j] - offs[i], &longer);
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
