/* Compiled dictionaries: building and longest-prefix matching (opening
 * and checking them: dict_open.c). */
#include "dict.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "utf8.h"

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
