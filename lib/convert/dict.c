#define _GNU_SOURCE /* madvise, mremap */
/* Compiled dictionaries: building, loading and longest-prefix matching. */
#include "dict.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "utf8.h"

/* The slot check four slots at a time: SSE2 is part of x86-64, whose psABI
 * lays bit-fields out from the low bits, so a slot's last word reads
 * val_len | key_len << 16 | flags << 30. */
#if defined(__x86_64__) && defined(__SSE2__)
#define SLOTS_SSE2 1
#include <emmintrin.h>
#endif

#define FIRST_WORDS 2048u
#define BMP_WORDS 65536u
#define MAX_IMAGE (1u << 31)

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* Inserts s[0..n) into the table; returns the slot index. New slots get
 * their key bytes copied into the pool. */
static int table_insert(twd_slot *slots, uint32_t n_slots, buf *pool, const unsigned char *s,
                        size_t n, uint32_t *out)
{
	uint32_t h = dict_hash(s, n);
	for (uint32_t i = dict_home(h, n_slots);; i = dict_next(i, n_slots)) {
		twd_slot *sl = &slots[i];
		if (!sl->flags) {
			sl->hash = h;
			sl->key_off = (uint32_t)pool->len;
			sl->key_len = (unsigned)n; /* at most TWD_MAX_KEY: checked by the caller */
			if (buf_append(pool, s, n))
				return TW_ENOMEM;
			sl->flags = TWD_PREFIX; /* provisional; fixed by the caller */
			*out = i;
			return TW_OK;
		}
		if (sl->hash == h && sl->key_len == n && memcmp(pool->data + sl->key_off, s, n) == 0) {
			*out = i;
			return TW_OK;
		}
	}
}

/* A table of at least 16 slots that keeps n entries at most 70% full
 * (linear probing stays short there, and the filters turn most misses away
 * before any probe); 0 if too large. Any size will do (dict_home scales a
 * hash to it), so the table grows with its entries: a power of two doubled
 * the memory conversion touches each time the lexicon crossed one. */
static uint32_t slots_for(size_t n)
{
	uint64_t n_slots = ((uint64_t)n * 10 + 6) / 7 + 1;
	if (n_slots > (1u << 28))
		return 0;
	return n_slots < 16 ? 16 : (uint32_t)n_slots;
}

static int build_sized(unsigned char **image, size_t *size, const dict_entry *entries, size_t n,
                       uint32_t n_slots, size_t *used, tw_error *err);

#define FILTER_WORDS (3 * ((1u << DICT_PAIR_BITS) / 32))

/* The pair and triple filters of tw_dict over the table's slots (pool: the
 * keys' bytes); returns the longest key in characters. */
static size_t fill_filters(uint32_t *filters, const twd_slot *slots, uint32_t n_slots,
                           const char *pool)
{
	uint32_t *pairs = filters, *pair_keys = filters + FILTER_WORDS / 3,
	         *triples = filters + 2 * (FILTER_WORDS / 3);
	size_t max_chars = 0;
	for (uint32_t i = 0; i < n_slots; i++) {
		const twd_slot *s = &slots[i];
		if (!s->flags)
			continue;
		const unsigned char *key = (const unsigned char *)pool + s->key_off;
		if (s->flags & TWD_KEY) {
			size_t chars = tw_utf8_codepoints((const char *)key, s->key_len);
			if (chars > max_chars)
				max_chars = chars;
		}
		size_t l1, l2;
		uint32_t a = utf8_decode(key, s->key_len, &l1);
		if (l1 >= s->key_len)
			continue;
		uint32_t b = utf8_decode(key + l1, s->key_len - l1, &l2);
		uint32_t hsh = dict_pair_hash(a, b);
		pairs[hsh >> 5] |= 1u << (hsh & 31);
		if (l1 + l2 >= s->key_len) {
			if (s->flags & TWD_KEY)
				pair_keys[hsh >> 5] |= 1u << (hsh & 31);
		} else {
			size_t l3;
			uint32_t c = utf8_decode(key + l1 + l2, s->key_len - l1 - l2, &l3);
			hsh = dict_triple_hash(a, b, c);
			triples[hsh >> 5] |= 1u << (hsh & 31);
		}
	}
	return max_chars;
}

/* Built twice when that saves room: sized first for every prefix of every
 * key (an upper bound), then again for the distinct prefixes the first
 * build counted. Keys share most prefixes, so the second table is a
 * fraction of the first; the image is mapped and its slots walked at load,
 * so its size is resident memory and load time. */
int dict_build(unsigned char **image, size_t *size, const dict_entry *entries, size_t n,
               tw_error *err)
{
	*image = NULL;
	*size = 0;
	size_t prefixes = 0, used = 0;
	for (size_t i = 0; i < n; i++)
		prefixes += tw_utf8_codepoints(entries[i].key, entries[i].key_len);
	uint32_t n_slots = slots_for(prefixes);
	if (!n_slots)
		return tw_fail(err, TW_ETOOBIG, 0, "dictionary too large");
	int rc = build_sized(image, size, entries, n, n_slots, &used, err);
	uint32_t tight = slots_for(used);
	if (!rc && tight && tight < n_slots) {
		free(*image);
		*image = NULL;
		*size = 0;
		rc = build_sized(image, size, entries, n, tight, &used, err);
	}
	return rc;
}

static int build_sized(unsigned char **image, size_t *size, const dict_entry *entries, size_t n,
                       uint32_t n_slots, size_t *used, tw_error *err)
{
	*used = 0;
	uint32_t *filters = NULL;
	twd_slot *slots = calloc(n_slots, sizeof *slots);
	uint32_t *first = calloc(FIRST_WORDS, sizeof *first);
	uint32_t *bmp = calloc(BMP_WORDS, sizeof *bmp);
	buf pool = {0};
	twd_header h;
	memset(&h, 0, sizeof h);
	memcpy(h.magic, TWD_MAGIC, 8);
	int rc = TW_OK;
	if (!slots || !first || !bmp) {
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
		goto done;
	}
	/* Flags are set after all insertions: a slot inserted as a prefix may
	 * later turn out to be a key too, and the reverse. */
	uint8_t *is_key = calloc(n_slots, 1), *is_prefix = calloc(n_slots, 1);
	if (!is_key || !is_prefix) {
		free(is_key);
		free(is_prefix);
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
		goto done;
	}
	for (size_t e = 0; e < n && !rc; e++) {
		const unsigned char *k = (const unsigned char *)entries[e].key;
		size_t kl = entries[e].key_len;
		if (kl == 0 || entries[e].val_len == 0) {
			rc = tw_fail(err, TW_EFORMAT, 0, "entry %zu: empty %s", e + 1,
			             kl ? "value" : "key");
			break;
		}
		if (kl > TWD_MAX_KEY || entries[e].val_len > TWD_MAX_VALUE) {
			rc = tw_fail(err, TW_ETOOBIG, 0, "entry %zu: %s longer than %u bytes", e + 1,
			             kl > TWD_MAX_KEY ? "key" : "value",
			             kl > TWD_MAX_KEY ? TWD_MAX_KEY : TWD_MAX_VALUE);
			break;
		}
		if (utf8_valid_prefix((const char *)k, kl) != kl) {
			rc = tw_fail(err, TW_EUTF8, 0, "entry %zu: key is not valid UTF-8", e + 1);
			break;
		}
		size_t pos = 0;
		while (pos < kl) {
			size_t cl;
			uint32_t cp = utf8_decode(k + pos, kl - pos, &cl);
			if (pos == 0 && cp < 0x10000)
				first[cp >> 5] |= 1u << (cp & 31);
			else if (pos == 0)
				h.astral_first |= dict_astral_bit(cp);
			pos += cl;
			if (pos < kl && entries[e].whole)
				continue; /* no slot for a prefix of a key looked up whole */
			uint32_t idx;
			if ((rc = table_insert(slots, n_slots, &pool, k, pos, &idx))) {
				tw_fail(err, rc, 0, "out of memory");
				break;
			}
			if (pos < kl) {
				is_prefix[idx] = 1;
				continue;
			}
			if (is_key[idx]) {
				rc = tw_fail(err, TW_EFORMAT, 0, "duplicate key \"%.*s\"", (int)kl,
				             (const char *)k);
				break;
			}
			is_key[idx] = 1;
			slots[idx].val_off = (uint32_t)pool.len;
			slots[idx].val_len = (uint16_t)entries[e].val_len;
			if (buf_append(&pool, entries[e].val, entries[e].val_len)) {
				rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
				break;
			}
		}
		for (size_t i = 0; i < kl; i++)
			if (k[i] < 0x80)
				h.ascii_mask[k[i] >> 5] |= 1u << (k[i] & 31);
		if (kl > h.max_key_len)
			h.max_key_len = (uint32_t)kl;
	}
	for (uint32_t i = 0; i < n_slots && !rc; i++) {
		if (!slots[i].flags)
			continue;
		(*used)++;
		slots[i].flags = (is_key[i] ? TWD_KEY : 0) | (is_prefix[i] ? TWD_PREFIX : 0);
		size_t cl;
		const unsigned char *k = (const unsigned char *)pool.data + slots[i].key_off;
		uint32_t cp = utf8_decode(k, slots[i].key_len, &cl);
		if (cl == slots[i].key_len && cp < 0x10000)
			bmp[cp] = (is_key[i] ? i + 1 : 0) | (is_prefix[i] ? TWD_LONGER : 0);
	}
	free(is_key);
	free(is_prefix);
	if (!rc && !(filters = calloc(FILTER_WORDS, sizeof *filters)))
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
	if (rc)
		goto done;
	h.max_key_chars = (uint32_t)fill_filters(filters, slots, n_slots, pool.data);
	h.n_keys = (uint32_t)n;
	h.n_slots = n_slots;
	size_t off = align8(sizeof h);
	h.off_first = (uint32_t)off;
	off += FIRST_WORDS * 4;
	h.off_bmp = (uint32_t)off;
	off += BMP_WORDS * 4;
	h.off_filters = (uint32_t)off;
	off += FILTER_WORDS * 4;
	h.off_slots = (uint32_t)off;
	off += (size_t)n_slots * sizeof(twd_slot);
	h.off_pool = (uint32_t)off;
	h.pool_len = (uint32_t)pool.len;
	off = align8(off + pool.len);
	if (off >= MAX_IMAGE) {
		rc = tw_fail(err, TW_ETOOBIG, 0, "dictionary too large");
		goto done;
	}
	h.total_size = (uint32_t)off;
	unsigned char *img = calloc(1, off);
	if (!img) {
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
		goto done;
	}
	memcpy(img, &h, sizeof h);
	memcpy(img + h.off_first, first, FIRST_WORDS * 4);
	memcpy(img + h.off_bmp, bmp, BMP_WORDS * 4);
	memcpy(img + h.off_filters, filters, FILTER_WORDS * 4);
	memcpy(img + h.off_slots, slots, (size_t)n_slots * sizeof(twd_slot));
	if (pool.len)
		memcpy(img + h.off_pool, pool.data, pool.len);
	*image = img;
	*size = off;
done:
	free(slots);
	free(first);
	free(bmp);
	free(filters);
	buf_release(&pool);
	return rc;
}

static int line_end(char c)
{
	return c == '\n' || c == '\r' || c == '\0';
}

int dict_build_text(unsigned char **image, size_t *size, const char *text, size_t len,
                    const char *name, tw_error *err)
{
	return dict_build_text_whole(image, size, text, len, name, NULL, err);
}

int dict_build_text_whole(unsigned char **image, size_t *size, const char *text, size_t len,
                          const char *name, const char *whole, tw_error *err)
{
	*image = NULL;
	size_t cap = 1024, n = 0;
	dict_entry *entries = malloc(cap * sizeof *entries);
	if (!entries)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	size_t pos = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	size_t bad = utf8_valid_prefix(text, len);
	if (bad != len) {
		free(entries);
		return tw_fail(err, TW_EUTF8, bad, "%s: invalid UTF-8 at byte %zu", name, bad);
	}
	size_t line = 1;
	int rc = TW_OK;
	while (pos < len) {
		size_t start = pos;
		while (pos < len && text[pos] != '\n')
			pos++;
		size_t end = pos; /* exclusive, before '\n' */
		pos++;
		if (start == end || line_end(text[start])) {
			line++;
			continue;
		}
		size_t tab = start;
		while (tab < end && text[tab] != '\t' && !line_end(text[tab]))
			tab++;
		if (tab >= end || text[tab] != '\t') {
			rc = tw_fail(err, TW_EFORMAT, start, "%s:%zu: no tab between key and value", name,
			             line);
			break;
		}
		size_t v = tab + 1, ve = v;
		while (ve < end && text[ve] != ' ' && !line_end(text[ve]))
			ve++;
		if (n == cap) {
			cap *= 2;
			dict_entry *p = realloc(entries, cap * sizeof *entries);
			if (!p) {
				rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
				break;
			}
			entries = p;
		}
		if (tab == start || ve == v) {
			rc = tw_fail(err, TW_EFORMAT, start, "%s:%zu: empty %s", name, line,
			             tab == start ? "key" : "value");
			break;
		}
		entries[n] = (dict_entry){text + start, tab - start, text + v, ve - v, 0};
		if (whole) {
			size_t k = v;
			while (k < ve && strchr(whole, text[k]))
				k++;
			entries[n].whole = k == ve;
		}
		n++;
		line++;
	}
	if (!rc) {
		rc = dict_build(image, size, entries, n, err);
		if (rc && err) {
			char tmp[sizeof err->message];
			memcpy(tmp, err->message, sizeof tmp);
			snprintf(err->message, sizeof err->message, "%.200s: %.300s", name, tmp);
		}
	}
	free(entries);
	return rc;
}

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

uint64_t dict_image_id(const unsigned char *image, size_t size)
{
	const size_t skip = offsetof(twd_header, id), skip_end = offsetof(twd_header, within) + 8;
	uint64_t h = UINT64_C(0xcbf29ce484222325); /* FNV-1a */
	for (size_t i = 0; i < size; i++) {
		h ^= i >= skip && i < skip_end ? 0 : image[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h ? h : 1;
}

void dict_image_stamp(unsigned char *image, size_t size, uint64_t within)
{
	twd_header h;
	memcpy(&h, image, sizeof h);
	h.id = dict_image_id(image, size);
	h.within = within;
	memcpy(image, &h, sizeof h);
}

int dict_keys_within(const tw_dict *a, const tw_dict *b)
{
	for (uint32_t k = 0; k < a->n_slots; k++) {
		const twd_slot *sl = &a->slots[k];
		if (!(sl->flags & TWD_KEY))
			continue;
		const twd_slot *q =
		    dict_find(b, (const unsigned char *)a->pool + sl->key_off, sl->key_len);
		if (!q || !(q->flags & TWD_KEY))
			return 0;
	}
	return 1;
}

int dict_image_add_segkeys(unsigned char **image, size_t *size, const unsigned char *sec,
                           size_t len, tw_error *err)
{
	size_t at = align8(*size);
	if (len % 8 || at + len >= MAX_IMAGE)
		return tw_fail(err, TW_ETOOBIG, 0, "dictionary too large");
	unsigned char *img = realloc(*image, at + len);
	if (!img)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	memset(img + *size, 0, at - *size);
	memcpy(img + at, sec, len);
	twd_header h;
	memcpy(&h, img, sizeof h);
	h.off_segkeys = (uint32_t)at;
	h.segkeys_len = (uint32_t)len;
	h.total_size = (uint32_t)(at + len);
	memcpy(img, &h, sizeof h);
	*image = img;
	*size = at + len;
	return TW_OK;
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

int dict_longest(const tw_dict *d, const unsigned char *s, size_t n, uint32_t cp, size_t l1,
                 dict_match *m)
{
	const twd_slot *slot;
	return dict_longest_slot(d, s, n, cp, l1, m, &slot);
}

int dict_longest_slot(const tw_dict *d, const unsigned char *s, size_t n, uint32_t cp,
                      size_t l1, dict_match *m, const twd_slot **key_slot)
{
	const twd_slot *best = NULL;
	size_t best_len = 0;
	int longer;
	if (cp < 0x10000) {
		/* The table is not checked when the file is mapped (that would
		 * touch all of it): an index out of range is ignored here. */
		uint32_t e = d->bmp[cp], slot = e & ~TWD_LONGER;
		if (slot && slot <= d->h->n_slots) {
			best = &d->slots[slot - 1];
			best_len = l1;
		}
		longer = (e & TWD_LONGER) != 0;
	} else {
		const twd_slot *sl = dict_find(d, s, l1);
		if (!sl)
			return 0;
		if (sl->flags & TWD_KEY) {
			best = sl;
			best_len = l1;
		}
		longer = (sl->flags & TWD_PREFIX) != 0;
	}
	size_t pos = l1;
	if (longer && pos < n) {
		size_t l2;
		uint32_t b = utf8_decode(s + pos, n - pos, &l2);
		uint32_t hp = dict_pair_hash(cp, b);
		if (!((d->pairs[hp >> 5] >> (hp & 31)) & 1)) {
			longer = 0;
		} else if (!((d->pair_keys[hp >> 5] >> (hp & 31)) & 1)) {
			/* No two-character key: only a longer one could match. */
			size_t l3;
			if (pos + l2 >= n) {
				longer = 0;
			} else {
				uint32_t c = utf8_decode(s + pos + l2, n - pos - l2, &l3);
				uint32_t ht = dict_triple_hash(cp, b, c);
				if (!((d->triples[ht >> 5] >> (ht & 31)) & 1))
					longer = 0;
			}
		}
	}
	uint32_t h = dict_hash(s, pos);
	while (longer && pos < n) {
		size_t cl = utf8_seqlen(s[pos]);
		if (cl == 0 || pos + cl > n)
			break;
		h = dict_hash_more(h, s + pos, cl);
		pos += cl;
		const twd_slot *sl = dict_find_hashed(d, s, pos, h);
		if (!sl)
			break;
		if (sl->flags & TWD_KEY) {
			best = sl;
			best_len = pos;
		}
		longer = (sl->flags & TWD_PREFIX) != 0;
	}
	if (!best)
		return 0;
	m->key_len = best_len;
	*key_slot = best;
	m->val = d->pool + best->val_off;
	m->val_len = best->val_len;
	return 1;
}
