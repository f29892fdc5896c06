/* The segmentation's keys by their first two characters (see segkeys.h). */
#include "segkeys.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "utf8.h"

/* Is the slot a key of two or more characters? Then *pair is the pair it
 * begins with (first << 21 | second) and *head the bytes they take. */
static int long_key(const tw_dict *d, const twd_slot *sl, uint64_t *pair, size_t *head)
{
	if (!(sl->flags & TWD_KEY))
		return 0;
	const unsigned char *k = (const unsigned char *)d->pool + sl->key_off;
	size_t n = sl->key_len, l1, l2;
	uint32_t a = utf8_decode(k, n, &l1);
	if (l1 >= n)
		return 0;
	uint32_t b = utf8_decode(k + l1, n - l1, &l2);
	*head = l1 + l2;
	*pair = (uint64_t)a << 21 | b;
	return 1;
}

static segkeys_pair *entry_of(const segkeys *sk, uint64_t pair)
{
	for (uint32_t i = segkeys_hash(pair) & sk->mask;; i = (i + 1) & sk->mask) {
		segkeys_pair *e = &sk->table[i];
		if (!e->pair || e->pair == pair)
			return e;
	}
}

int segkeys_build(segkeys *sk, const tw_dict *d, const uint64_t *key_bits)
{
	memset(sk, 0, sizeof *sk);
	/* The tables here without pointers are written whole at once, so each
	 * is a populated mapping (zmap): one system call instead of a page
	 * fault a page, which on a virtual machine was most of a profile's
	 * load. */
	typedef struct found {
		uint64_t pair;
		const twd_slot *slot;
		size_t head, index;
	} found;
	size_t n_keys = 0;
	for (size_t w = 0; w < ((size_t)d->n_slots + 63) / 64; w++)
		n_keys += (size_t)__builtin_popcountll(key_bits[w]);
	size_t f_bytes = (n_keys ? n_keys : 1) * sizeof(found);
	found *f = zmap(f_bytes);
	if (!f)
		return TW_ENOMEM;
	/* One walk over the slots finds the keys; the rest works on them. */
	size_t n_long = 0, pool_len = 0, index = 0;
	for (size_t w = 0; w < ((size_t)d->n_slots + 63) / 64; w++) {
		for (uint64_t bits = key_bits[w]; bits; bits &= bits - 1, index++) {
			const twd_slot *sl = &d->slots[w * 64 + (size_t)__builtin_ctzll(bits)];
			uint64_t pair;
			size_t head;
			if (!long_key(d, sl, &pair, &head))
				continue;
			/* NUL NUL would read as an empty entry: such a dictionary keeps
			 * the hash walk. */
			if (!pair || n_long == SEGKEYS_MAX) {
				zmap_free(f, f_bytes);
				return TW_ENOTFOUND;
			}
			f[n_long++] = (found){pair, sl, head, index};
			if (sl->key_len - head > SEGKEYS_INLINE)
				pool_len += sl->key_len - head;
		}
	}
	/* The table holds pairs, not keys: a pair begins two keys on average
	 * (hk2cn: 18,435 keys), so it is sized by its pairs, counted first in
	 * a scratch set of pairs sized by the keys (sorting the keys to count
	 * them took a third of the profile's load). */
	uint32_t size = 16;
	while (size < 2 * n_long + 1)
		size *= 2;
	size_t scratch_bytes = (size_t)size * sizeof(uint64_t);
	uint64_t *scratch = zmap(scratch_bytes);
	if (!scratch) {
		zmap_free(f, f_bytes);
		return TW_ENOMEM;
	}
	size_t n_pairs = 0;
	for (size_t i = 0; i < n_long; i++) {
		for (uint32_t h = segkeys_hash(f[i].pair) & (size - 1);; h = (h + 1) & (size - 1)) {
			if (scratch[h] == f[i].pair)
				break;
			if (!scratch[h]) {
				scratch[h] = f[i].pair;
				n_pairs++;
				break;
			}
		}
	}
	zmap_free(scratch, scratch_bytes);
	/* Filled to at most 70%: conversion copies the whole table at load, so
	 * its size is on every run's peak RSS, and at 50% the table doubled
	 * (to 1 MiB) when the pairs passed 16,384 (the fifty-fourth session's
	 * convert_bench: varied copy's peak RSS 15.5 to 16.2 MiB). A key
	 * lookup follows the pair filters, which let few absent pairs through,
	 * so the longer probes of a fuller table are rare: in steady state
	 * (bench/steady_instructions.sh) the examples repeated take 141.6
	 * instructions a byte against 141.5 at 50%, the sample 79.9 both. */
	size = 16;
	while ((uint64_t)size * 7 < (uint64_t)n_pairs * 10 + 1)
		size *= 2;
	sk->mask = size - 1;
	sk->table = zmap((size_t)size * sizeof *sk->table);
	/* keys holds the memos' pointers: heap memory, where a leak checker
	 * looks for them (a mapping is not scanned) */
	sk->keys = malloc((n_long ? n_long : 1) * sizeof *sk->keys);
	sk->pool = malloc(pool_len ? pool_len : 1);
	if (!sk->table || !sk->keys || !sk->pool) {
		zmap_free(f, f_bytes);
		segkeys_free(sk);
		return TW_ENOMEM;
	}
	sk->n_long = (uint32_t)n_long; /* each key is written below, its memo NULL */
	/* Count the keys of each pair, then give each pair its stretch of
	 * keys. */
	for (size_t i = 0; i < n_long; i++) {
		segkeys_pair *e = entry_of(sk, f[i].pair);
		e->pair = f[i].pair;
		e->n++;
	}
	uint32_t at = 0;
	for (uint32_t i = 0; i < size; i++) {
		sk->table[i].first = at;
		at += sk->table[i].n;
		sk->table[i].n = 0;
	}
	size_t pool_at = 0;
	for (size_t i = 0; i < n_long; i++) {
		const twd_slot *sl = f[i].slot;
		segkeys_pair *e = entry_of(sk, f[i].pair);
		size_t rest = sl->key_len - f[i].head;
		const char *bytes = d->pool + sl->key_off + f[i].head;
		segkeys_key k = {(uint32_t)f[i].index, (uint16_t)rest, {0}, NULL};
		if (rest <= SEGKEYS_INLINE) {
			memcpy(k.rest, bytes, rest);
		} else {
			uint32_t off = (uint32_t)pool_at;
			memcpy(sk->pool + pool_at, bytes, rest);
			memcpy(k.rest, &off, sizeof off);
			pool_at += rest;
		}
		/* Longest first: insertion into the pair's sorted stretch (a
		 * pair begins a handful of keys). */
		segkeys_key *v = sk->keys + e->first;
		uint32_t j = e->n++;
		for (; j > 0 && v[j - 1].rest_len < k.rest_len; j--)
			v[j] = v[j - 1];
		v[j] = k;
	}
	zmap_free(f, f_bytes);
	return TW_OK;
}

static void set_bit(uint32_t *set, uint32_t h)
{
	set[h >> 5] |= 1u << (h & 31);
}

/* The bits of one key of two or more characters beginning with a, b;
 * rest: its bytes after them. */
static void mark(seg_filter *f, scan_char *scan, uint32_t a, uint32_t b,
                 const unsigned char *rest, size_t rest_len, int is_key)
{
	uint32_t h = seg_wide_hash(a, b);
	unsigned bits = SEG_PAIR | (!rest_len && is_key ? SEG_PAIR_KEY : 0);
	f->pairs[h >> 4] |= bits << (2 * (h & 15));
	if (a < 0x10000)
		scan[a].pairs |= 1u << seg_pair_bit(b);
	if (!rest_len)
		return;
	size_t l;
	set_bit(f->triples, seg_wide_hash3(a, b, utf8_decode(rest, rest_len, &l)));
}

void segkeys_mark(const segkeys *sk, const tw_dict *d, seg_filter *f, scan_char *scan)
{
	if (sk->table) {
		for (uint32_t i = 0; i <= sk->mask; i++) {
			const segkeys_pair *e = &sk->table[i];
			uint32_t a = (uint32_t)(e->pair >> 21), b = (uint32_t)(e->pair & 0x1FFFFF);
			for (uint32_t j = 0; j < e->n; j++) {
				const segkeys_key *k = &sk->keys[e->first + j];
				mark(f, scan, a, b, segkeys_rest(sk->pool, k), k->rest_len, 1);
			}
		}
		return;
	}
	/* As the dictionary's own filters (dict.c): every slot, keys and the
	 * prefixes of keys. */
	for (size_t k = 0; k < d->n_slots; k++) {
		const twd_slot *sl = &d->slots[k];
		const unsigned char *key = (const unsigned char *)d->pool + sl->key_off;
		size_t l1, l2;
		if (!sl->flags)
			continue;
		uint32_t a = utf8_decode(key, sl->key_len, &l1);
		if (l1 >= sl->key_len)
			continue;
		uint32_t b = utf8_decode(key + l1, sl->key_len - l1, &l2);
		mark(f, scan, a, b, key + l1 + l2, sl->key_len - l1 - l2, (sl->flags & TWD_KEY) != 0);
	}
}

void segkeys_free(segkeys *sk)
{
	if (!sk)
		return;
	zmap_free(sk->table, sk->table ? ((size_t)sk->mask + 1) * sizeof *sk->table : 0);
	free(sk->pool);
	if (sk->from_image) /* zmap'd by segkeys_adopt */
		zmap_free(sk->keys, sk->keys ? (sk->n_long ? sk->n_long : 1) * sizeof *sk->keys : 0);
	else
		free(sk->keys);
	memset(sk, 0, sizeof *sk);
}

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

int segkeys_section(const segkeys *sk, uint32_t n_keys, unsigned char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	size_t pool_len = 0;
	for (uint32_t k = 0; k < sk->n_long; k++)
		if (sk->keys[k].rest_len > SEGKEYS_INLINE)
			pool_len += sk->keys[k].rest_len;
	size_t table = ((size_t)sk->mask + 1) * sizeof(segkeys_pair);
	size_t keys = (size_t)sk->n_long * sizeof(segkeys_key);
	size_t n = sizeof(segkeys_section_head) + table + keys + pool_len;
	unsigned char *b = calloc(1, align8(n));
	if (!b)
		return TW_ENOMEM;
	segkeys_section_head h = {n_keys, sk->n_long, sk->mask, (uint32_t)pool_len};
	memcpy(b, &h, sizeof h);
	memcpy(b + sizeof h, sk->table, table);
	segkeys_key *kv = (segkeys_key *)(b + sizeof h + table);
	for (uint32_t k = 0; k < sk->n_long; k++) {
		segkeys_key c = sk->keys[k];
		atomic_init(&c.memo, NULL);
		memcpy(&kv[k], &c, sizeof c);
	}
	memcpy(b + sizeof h + table + keys, sk->pool, pool_len);
	*out = b;
	*len = align8(n);
	return TW_OK;
}

int segkeys_adopt(segkeys *sk, const unsigned char *sec, size_t len, uint32_t n_keys)
{
	memset(sk, 0, sizeof *sk);
	segkeys_section_head h;
	if (len < sizeof h)
		return TW_EFORMAT;
	memcpy(&h, sec, sizeof h);
	uint64_t size = (uint64_t)h.mask + 1;
	uint64_t table = size * sizeof(segkeys_pair), keys = (uint64_t)h.n_long * sizeof(segkeys_key);
	if (h.n_keys != n_keys || h.n_long > SEGKEYS_MAX || (size & (size - 1)) ||
	    sizeof h + table + keys + h.pool_len > len)
		return TW_EFORMAT;
	const segkeys_pair *t = (const segkeys_pair *)(sec + sizeof h);
	const segkeys_key *kv = (const segkeys_key *)(sec + sizeof h + table);
	/* Every pair's stretch inside the keys, an empty entry to end a probe. */
	uint64_t empty = 0;
	for (uint64_t i = 0; i < size; i++) {
		if (!t[i].pair) {
			empty += !t[i].n;
			if (t[i].n)
				return TW_EFORMAT;
			continue;
		}
		if (t[i].first > h.n_long || t[i].n > h.n_long - t[i].first)
			return TW_EFORMAT;
	}
	if (!empty)
		return TW_EFORMAT;
	/* zmap: the pages made at once, not faulted in one by one as the
	 * copy writes them. */
	size_t keys_size = (h.n_long ? h.n_long : 1) * sizeof(segkeys_key);
	segkeys_key *copy = zmap(keys_size);
	if (!copy)
		return TW_ENOMEM;
	/* Copied whole, then checked without a branch per key: an index in
	 * range, a long rest inside the pool; memos cleared. */
	memcpy(copy, kv, (size_t)keys);
	unsigned bad = 0;
	for (uint32_t k = 0; k < h.n_long; k++) {
		uint32_t off;
		memcpy(&off, copy[k].rest, sizeof off);
		uint64_t end = (uint64_t)off + copy[k].rest_len;
		bad |= (copy[k].index >= n_keys) |
		       ((copy[k].rest_len > SEGKEYS_INLINE) & (end > h.pool_len));
		atomic_init(&copy[k].memo, NULL);
	}
	if (bad) {
		zmap_free(copy, keys_size);
		return TW_EFORMAT;
	}
	/* Copied, not used in place: conversion reads the table at every key
	 * start, and a touched page of a file just written maps its whole
	 * large folio (dict_open.c), which put 5 MiB on conversion's peak RSS. */
	sk->table = zmap((size_t)table);
	sk->pool = malloc(h.pool_len ? h.pool_len : 1);
	if (!sk->table || !sk->pool) {
		zmap_free(sk->table, sk->table ? (size_t)table : 0);
		free(sk->pool);
		zmap_free(copy, keys_size);
		memset(sk, 0, sizeof *sk);
		return TW_ENOMEM;
	}
	memcpy(sk->table, t, (size_t)table);
	memcpy(sk->pool, sec + sizeof h + table + keys, h.pool_len);
	sk->mask = h.mask;
	sk->n_long = h.n_long;
	sk->keys = copy;
	sk->from_image = 1;
	return TW_OK;
}

int segkeys_image_section(const tw_dict *d, unsigned char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	size_t words = ((size_t)d->n_slots + 63) / 64;
	uint64_t *bits = calloc(words ? words : 1, sizeof *bits);
	if (!bits)
		return TW_ENOMEM;
	uint32_t n_keys = 0;
	for (size_t k = 0; k < d->n_slots; k++)
		if (d->slots[k].flags & TWD_KEY) {
			bits[k / 64] |= UINT64_C(1) << (k % 64);
			n_keys++;
		}
	segkeys sk;
	int rc = segkeys_build(&sk, d, bits);
	free(bits);
	if (rc)
		return rc;
	if (sk.n_long)
		rc = segkeys_section(&sk, n_keys, out, len);
	segkeys_free(&sk);
	return rc;
}
