#define _GNU_SOURCE /* madvise, mremap */
/* Compiled dictionaries: opening a .twd file (copied or mapped), checking
 * it before any lookup reads it, and giving back its pages (see dict.h). */
#include "dict.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* The slot check four slots at a time: SSE2 is part of x86-64, whose psABI
 * lays bit-fields out from the low bits, so a slot's last word reads
 * val_len | key_len << 16 | flags << 30. */
#if defined(__x86_64__) && defined(__SSE2__)
#define SLOTS_SSE2 1
#include <emmintrin.h>
#endif

/* Points d's tables into its image, those before the slots (header,
 * bitmaps, BMP table, filters) into head: the image itself, or a copy of
 * its first h->off_slots bytes. */
static void point_tables(tw_dict *d, const unsigned char *head)
{
	const twd_header *h = (const twd_header *)head;
	d->h = h;
	d->first = (const uint32_t *)(head + h->off_first);
	d->bmp = (const uint32_t *)(head + h->off_bmp);
	d->pairs = (const uint32_t *)(head + h->off_filters);
	d->pair_keys = d->pairs + FILTER_WORDS / 3;
	d->triples = d->pair_keys + FILTER_WORDS / 3;
	d->slots = (const twd_slot *)(d->image + h->off_slots);
	d->pool = (const char *)d->image + h->off_pool;
	d->n_slots = h->n_slots;
	d->astral_first = h->astral_first;
	d->max_key_chars = h->max_key_chars;
}

/* A used slot whose key or value leaves the pool, or whose key is empty. */
static inline unsigned slot_bad(const twd_slot *s, uint64_t pool_len)
{
	return (s->flags != 0) & (((uint64_t)s->key_off + s->key_len > pool_len) |
	                          ((uint64_t)s->val_off + s->val_len > pool_len) | (s->key_len == 0));
}

/* Lookups read the pool at each slot's offsets: every slot in bounds, and
 * one empty at least, where a probe stops. (The filters only let lookups
 * skip work; wrong bits could change a result, never where memory is
 * read.) Checks s[0..n), the slots from number `at` on, without a branch
 * per slot; sets *empty when one is empty. */
static int check_slots(const twd_slot *s, uint32_t n, uint32_t at, uint64_t pool_len,
                       int *empty, uint64_t *key_bits, const char *name, tw_error *err)
{
	unsigned bad = 0, none = 0;
	uint32_t i = 0;
#ifdef SLOTS_SSE2
	/* As slot_bad, in signed 32-bit lanes: with the pool under 2^31 bytes,
	 * an offset of 2^31 or more (negative here) is out, and one within
	 * reaches past the pool when it exceeds pool_len - len. */
	if (pool_len < MAX_IMAGE) {
		const __m128i zero = _mm_setzero_si128(), pool = _mm_set1_epi32((int)pool_len);
		const __m128i low16 = _mm_set1_epi32(0xffff), low14 = _mm_set1_epi32(0x3fff);
		__m128i vbad = zero, vnone = zero;
		for (; n - i >= 4; i += 4) {
			const __m128i *q = (const __m128i *)(const void *)(s + i);
			__m128i a = _mm_loadu_si128(q), b = _mm_loadu_si128(q + 1);
			__m128i c = _mm_loadu_si128(q + 2), d = _mm_loadu_si128(q + 3);
			__m128i ab = _mm_unpacklo_epi32(a, b), cd = _mm_unpacklo_epi32(c, d);
			__m128i key_off = _mm_unpacklo_epi64(ab, cd), val_off = _mm_unpackhi_epi64(ab, cd);
			__m128i last = _mm_unpackhi_epi64(_mm_unpackhi_epi32(a, b), _mm_unpackhi_epi32(c, d));
			__m128i val_len = _mm_and_si128(last, low16);
			__m128i key_len = _mm_and_si128(_mm_srli_epi32(last, 16), low14);
			__m128i unused = _mm_cmpeq_epi32(_mm_srli_epi32(last, 30), zero);
			__m128i out = _mm_or_si128(_mm_cmplt_epi32(key_off, zero),
			                           _mm_cmpgt_epi32(key_off, _mm_sub_epi32(pool, key_len)));
			out = _mm_or_si128(out, _mm_cmplt_epi32(val_off, zero));
			out = _mm_or_si128(out, _mm_cmpgt_epi32(val_off, _mm_sub_epi32(pool, val_len)));
			out = _mm_or_si128(out, _mm_cmpeq_epi32(key_len, zero));
			vbad = _mm_or_si128(vbad, _mm_andnot_si128(unused, out));
			vnone = _mm_or_si128(vnone, unused);
			if (key_bits) { /* at is a multiple of 64: four bits in one word */
				__m128i key = _mm_slli_epi32(_mm_srli_epi32(last, 30), 31);
				uint64_t m = (uint64_t)_mm_movemask_ps(_mm_castsi128_ps(key));
				key_bits[(at + i) / 64] |= m << ((at + i) % 64);
			}
		}
		bad = _mm_movemask_epi8(vbad) != 0;
		none = _mm_movemask_epi8(vnone) != 0;
	}
#endif
	for (; i < n; i++) {
		bad |= slot_bad(&s[i], pool_len);
		none |= s[i].flags == 0;
		if (key_bits && (s[i].flags & TWD_KEY))
			key_bits[(at + i) / 64] |= UINT64_C(1) << ((at + i) % 64);
	}
	*empty |= (int)none;
	if (!bad)
		return TW_OK;
	i = 0;
	while (!slot_bad(&s[i], pool_len))
		i++;
	return tw_fail(err, TW_EFORMAT, 0, "%s: corrupt dictionary slot %u", name, at + i);
}

static int check_header(const twd_header *h, size_t size, const char *name, tw_error *err)
{
	if (size < sizeof *h || memcmp(h->magic, TWD_MAGIC, 8) != 0)
		return tw_fail(err, TW_EFORMAT, 0, "%s: not a tongwen dictionary", name);
	uint64_t slots_end = (uint64_t)h->off_slots + (uint64_t)h->n_slots * sizeof(twd_slot);
	if (h->total_size != size || h->n_slots < 2 || h->off_slots < sizeof *h ||
	    h->off_first % 4 || h->off_bmp % 4 || h->off_filters % 4 || h->off_slots % 8 ||
	    (uint64_t)h->off_first + FIRST_WORDS * 4 > size ||
	    (uint64_t)h->off_bmp + BMP_WORDS * 4 > size ||
	    (uint64_t)h->off_filters + FILTER_WORDS * 4 > size || slots_end > h->off_pool ||
	    (uint64_t)h->off_pool + h->pool_len > size || h->max_key_chars > h->max_key_len ||
	    (h->segkeys_len && (h->off_segkeys % 8 || h->off_segkeys < h->off_pool + h->pool_len ||
	                        (uint64_t)h->off_segkeys + h->segkeys_len > size)))
		return tw_fail(err, TW_EFORMAT, 0, "%s: corrupt dictionary header", name);
	return TW_OK;
}

/* A bitmap of n_slots bits, zeroed; NULL when out of memory. */
static uint64_t *new_key_bits(uint32_t n_slots)
{
	return calloc(((size_t)n_slots + 63) / 64, sizeof(uint64_t));
}

/* An image in memory; with key_bits, d->key_bits made as the slots are
 * checked (freed again on failure). */
static int validate(tw_dict *d, const char *name, int key_bits, tw_error *err)
{
	const twd_header *h = (const twd_header *)d->image;
	int rc = check_header(h, d->size, name, err), empty = 0;
	if (rc)
		return rc;
	point_tables(d, d->image);
	if (key_bits && !(d->key_bits = new_key_bits(h->n_slots)))
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	rc = check_slots(d->slots, h->n_slots, 0, h->pool_len, &empty, d->key_bits, name, err);
	if (!rc && !empty)
		rc = tw_fail(err, TW_EFORMAT, 0, "%s: corrupt dictionary table", name);
	if (rc) {
		free(d->key_bits);
		d->key_bits = NULL;
	}
	return rc;
}

int dict_open_image(tw_dict *d, unsigned char *image, size_t size, const char *name,
                    tw_error *err)
{
	memset(d, 0, sizeof *d);
	d->image = image;
	d->size = size;
	int rc = validate(d, name, 0, err);
	if (rc) {
		free(image);
		memset(d, 0, sizeof *d);
	}
	return rc;
}

/* A file at most this size is copied into anonymous memory at load (its
 * zero pages left out) rather than kept mapped; see dict_open_file. */
#define DICT_COPY_MAX ((size_t)1 << 20)

static int all_zero(const unsigned char *p, size_t n)
{
	static const unsigned char zero[4096];
	return !memcmp(p, zero, n);
}

/* Reading through a bounce buffer of this many bytes (a multiple of the
 * page and of a slot). */
#define READ_CHUNK ((size_t)64 << 10)

/* p[0..n) from offset `off` of fd, whole; -1 with errno (0 at end of file). */
static int read_at(int fd, void *p, size_t n, uint64_t off)
{
	for (size_t got = 0; got < n;) {
		ssize_t r = pread(fd, (char *)p + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = 0;
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

static int read_fail(tw_error *err, const char *path)
{
	return errno ? tw_fail(err, TW_EIO, 0, "%s: %s", path, strerror(errno))
	             : tw_fail(err, TW_EFORMAT, 0, "%s: shorter than its header says", path);
}

/* The file's bytes [0, n) in a fresh anonymous mapping, read-only, in which
 * only the pages holding something but zeros were written: the others are
 * never touched, so never resident (a small dictionary's BMP table is
 * mostly zeros). Read with pread, not through a mapping of the file, whose
 * pages would all be faulted in. NULL with *rc set on failure. */
static unsigned char *copy_nonzero(int fd, size_t n, unsigned char *bounce, const char *path,
                                   int *rc, tw_error *err)
{
	void *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		*rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
		return NULL;
	}
	unsigned char *c = m;
	for (size_t at = 0; at < n; at += READ_CHUNK) {
		size_t len = n - at < READ_CHUNK ? n - at : READ_CHUNK;
		if (read_at(fd, bounce, len, at)) {
			*rc = read_fail(err, path);
			munmap(m, n);
			return NULL;
		}
		/* each run of pages holding more than zeros made present at
		 * once, then written */
		for (size_t pg = 0, run = 0;; pg += 4096) {
			int end = pg >= len;
			if (!end && !all_zero(bounce + pg, len - pg < 4096 ? len - pg : 4096))
				continue;
			size_t stop = end ? len : pg;
			if (stop > run) {
				populate_write(c + at + run, stop - run);
				memcpy(c + at + run, bounce + run, stop - run);
			}
			if (end)
				break;
			run = pg + 4096;
		}
	}
	mprotect(m, n, PROT_READ);
	return c;
}

/* The slots of a mapped dictionary, checked as read from the file through
 * the bounce buffer: checked through the mapping, every page of it would
 * be faulted in. */
static int check_slots_file(int fd, const twd_header *h, unsigned char *bounce,
                            uint64_t *key_bits, const char *path, tw_error *err)
{
	const uint32_t per = (uint32_t)(READ_CHUNK / sizeof(twd_slot));
	int empty = 0, rc = TW_OK;
	for (uint32_t at = 0; at < h->n_slots && !rc; at += per) {
		uint32_t n = h->n_slots - at < per ? h->n_slots - at : per;
		if (read_at(fd, bounce, (size_t)n * sizeof(twd_slot),
		            h->off_slots + (uint64_t)at * sizeof(twd_slot)))
			return read_fail(err, path);
		rc = check_slots((const twd_slot *)bounce, n, at, h->pool_len, &empty, key_bits, path,
		                 err);
	}
	if (!rc && !empty)
		rc = tw_fail(err, TW_EFORMAT, 0, "%s: corrupt dictionary table", path);
	return rc;
}

/* A small file is copied into anonymous memory (without its zero pages) and
 * checked there. A big one is mapped, not read: lookups touch a small part
 * of it. But a touched page of a file mapping brings in as much of the file
 * as the page cache holds in one folio around it, and files just written
 * (a fresh build or install) sit in large folios: a lookup of one
 * character's entry then made a whole 2.7 MB dictionary resident. So a big
 * one keeps only its slots and pool mapped, its head (what every
 * character's lookup reads) copied, and its slots are checked as read
 * from the file. */
static int open_fd(tw_dict *d, int fd, size_t size, const char *path, int key_bits,
                   tw_error *err)
{
	unsigned char *bounce = malloc(READ_CHUNK);
	if (!bounce)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	int rc = TW_OK;
	if (size <= DICT_COPY_MAX) {
		unsigned char *c = copy_nonzero(fd, size, bounce, path, &rc, err);
		free(bounce);
		if (!c)
			return rc;
		d->image = c;
		d->size = size;
		d->mapped = DICT_COPIED;
		if ((rc = validate(d, path, key_bits, err))) {
			munmap(c, size);
			memset(d, 0, sizeof *d);
		}
		return rc;
	}
	twd_header h;
	if (read_at(fd, &h, sizeof h, 0)) {
		free(bounce);
		return errno ? read_fail(err, path)
		             : tw_fail(err, TW_EFORMAT, 0, "%s: not a tongwen dictionary", path);
	}
	uint64_t *bits = NULL;
	if ((rc = check_header(&h, size, path, err)) ||
	    (key_bits && !(bits = new_key_bits(h.n_slots)) &&
	     (rc = tw_fail(err, TW_ENOMEM, 0, "out of memory"))) ||
	    (rc = check_slots_file(fd, &h, bounce, bits, path, err)) ||
	    !(d->head = copy_nonzero(fd, h.off_slots, bounce, path, &rc, err))) {
		free(bounce);
		free(bits);
		return rc;
	}
	free(bounce);
	d->head_size = h.off_slots;
	/* the copy's header is the one checked, unless the file changed */
	if (memcmp(d->head, &h, sizeof h) != 0) {
		munmap(d->head, d->head_size);
		free(bits);
		memset(d, 0, sizeof *d);
		return tw_fail(err, TW_EFORMAT, 0, "%s: changed while being read", path);
	}
	void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		rc = tw_fail(err, TW_EIO, 0, "%s: %s", path, strerror(errno));
		munmap(d->head, d->head_size);
		free(bits);
		memset(d, 0, sizeof *d);
		return rc;
	}
	d->key_bits = bits;
	d->image = p;
	d->size = size;
	d->mapped = DICT_MAPPED;
	point_tables(d, d->head);
	return TW_OK;
}

int dict_open_file(tw_dict *d, const char *path, tw_error *err)
{
	return dict_open_file_keys(d, path, 0, err);
}

int dict_open_file_keys(tw_dict *d, const char *path, int key_bits, tw_error *err)
{
	memset(d, 0, sizeof *d);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tw_fail(err, errno == ENOENT ? TW_ENOTFOUND : TW_EIO, 0, "%s: %s", path,
		               strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || st.st_size <= 0 || (uint64_t)st.st_size >= MAX_IMAGE) {
		close(fd);
		return tw_fail(err, TW_EFORMAT, 0, "%s: not a tongwen dictionary", path);
	}
	int rc = open_fd(d, fd, (size_t)st.st_size, path, key_bits, err);
	close(fd);
	return rc;
}

void dict_release_pages(const tw_dict *d)
{
	if (d && d->mapped == DICT_MAPPED && d->image)
		madvise(d->image, d->size, MADV_DONTNEED);
}

void dict_release_slots(const tw_dict *d, uint32_t from, uint32_t to)
{
	long ps = sysconf(_SC_PAGESIZE);
	if (!d || d->mapped != DICT_MAPPED || !d->image || ps <= 0 || from >= to)
		return;
	uintptr_t page = (uintptr_t)ps;
	uintptr_t a = ((uintptr_t)&d->slots[from] + page - 1) & ~(page - 1);
	uintptr_t b = (uintptr_t)&d->slots[to] & ~(page - 1);
	if (a < b)
		madvise((void *)a, b - a, MADV_DONTNEED);
}

/* The page cache holds a file just written (a fresh build or install) in
 * large folios, aligned in the file to their size, and a fault in a mapping
 * at the same alignment (where the kernel places a big file's mapping) maps
 * the whole folio. The walks at load want that: they read every page, a
 * fault a folio. Conversion does not: a lookup of one key made 2 MB of a
 * dictionary resident, and hk2cn on news copy held 4 MB of HKCNTerms and
 * 3 MB of HKCNGuard (/proc/PID/smaps; convert_bench's peak RSS with the
 * data files just written: 17.2 MiB, 14.5 MiB with the move below). Moved
 * one page off that alignment, the mapping gets the pages a lookup touches
 * and their neighbours only. */
#define FOLIO_ALIGN ((size_t)2 << 20)

void dict_settle(tw_dict *d)
{
	if (!d || d->mapped != DICT_MAPPED || !d->image)
		return;
	dict_release_pages(d);
	long ps = sysconf(_SC_PAGESIZE);
	size_t page = ps > 0 && (size_t)ps < FOLIO_ALIGN ? (size_t)ps : 0;
	size_t n = d->size, span = n + FOLIO_ALIGN;
	unsigned char *r = page ? mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
	                        : MAP_FAILED;
	if (r == MAP_FAILED)
		return; /* stays where it is: more resident, no less correct */
	/* a page past the first folio boundary in the reservation, at most
	 * r + FOLIO_ALIGN: the mapping fits before its end */
	uintptr_t at = (((uintptr_t)r + FOLIO_ALIGN - 1) & ~(uintptr_t)(FOLIO_ALIGN - 1)) + page;
	void *m = mremap(d->image, n, n, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)at);
	if (m == MAP_FAILED) {
		munmap(r, span);
		return;
	}
	uintptr_t end = (at + n + page - 1) & ~(uintptr_t)(page - 1);
	/* the reservation left around the moved mapping */
	if (at > (uintptr_t)r)
		munmap(r, at - (uintptr_t)r);
	if (end < (uintptr_t)r + span)
		munmap((void *)end, (uintptr_t)r + span - end);
	d->image = m;
	point_tables(d, d->head ? d->head : m);
}

void dict_close(tw_dict *d)
{
	if (!d || !d->image)
		return;
	if (d->head)
		munmap(d->head, d->head_size);
	free(d->key_bits);
	if (d->mapped)
		munmap(d->image, d->size);
	else
		free(d->image);
	memset(d, 0, sizeof *d);
}
