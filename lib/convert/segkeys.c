/* The segmentation's keys by their first two characters (see segkeys.h). */
#include "segkeys.h"

#include <stdlib.h>
#include <string.h>

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
	/* One walk over the slots finds the keys; the rest works on them. */
	typedef struct found {
		uint64_t pair;
		const twd_slot *slot;
		size_t head, index;
	} found;
	size_t n_long = 0, cap = 0, pool_len = 0, index = 0;
	found *f = NULL;
	for (size_t w = 0; w <= d->mask / 64; w++) {
		for (uint64_t bits = key_bits[w]; bits; bits &= bits - 1, index++) {
			const twd_slot *sl = &d->slots[w * 64 + (size_t)__builtin_ctzll(bits)];
			uint64_t pair;
			size_t head;
			if (!long_key(d, sl, &pair, &head))
				continue;
			/* NUL NUL would read as an empty entry: such a dictionary keeps
			 * the hash walk. */
			if (!pair || n_long == SEGKEYS_MAX) {
				free(f);
				return TW_ENOTFOUND;
			}
			if (n_long == cap) {
				cap = cap ? 2 * cap : 1024;
				found *g = realloc(f, cap * sizeof *g);
				if (!g) {
					free(f);
					return TW_ENOMEM;
				}
				f = g;
			}
			f[n_long++] = (found){pair, sl, head, index};
			pool_len += sl->key_len - head;
		}
	}
	/* The table holds pairs, not keys: a pair begins two keys on average
	 * (hk2cn: 11,666 keys, 5,337 pairs), so it is sized by its pairs,
	 * counted first in a scratch table sized by the keys (sorting the keys
	 * to count them took a third of the profile's load). */
	segkeys scratch = {0};
	uint32_t size = 16;
	while (size < 2 * n_long + 1)
		size *= 2;
	scratch.mask = size - 1;
	scratch.table = calloc(size, sizeof *scratch.table);
	if (!scratch.table) {
		free(f);
		return TW_ENOMEM;
	}
	size_t n_pairs = 0;
	for (size_t i = 0; i < n_long; i++) {
		segkeys_pair *e = entry_of(&scratch, f[i].pair);
		n_pairs += !e->pair;
		e->pair = f[i].pair;
	}
	free(scratch.table);
	size = 16;
	while (size < 2 * n_pairs + 1)
		size *= 2;
	sk->mask = size - 1;
	sk->table = calloc(size, sizeof *sk->table);
	sk->keys = malloc((n_long ? n_long : 1) * sizeof *sk->keys);
	sk->pool = malloc(pool_len ? pool_len : 1);
	if (!sk->table || !sk->keys || !sk->pool) {
		free(f);
		segkeys_free(sk);
		return TW_ENOMEM;
	}
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
		memcpy(sk->pool + pool_at, d->pool + sl->key_off + f[i].head, rest);
		/* Longest first: insertion into the pair's sorted stretch (a
		 * pair begins a handful of keys). */
		segkeys_key k = {(uint32_t)pool_at, (uint32_t)rest, (uint32_t)f[i].index, NULL};
		segkeys_key *v = sk->keys + e->first;
		uint32_t j = e->n++;
		for (; j > 0 && v[j - 1].rest_len < k.rest_len; j--)
			v[j] = v[j - 1];
		v[j] = k;
		pool_at += rest;
	}
	free(f);
	return TW_OK;
}

void segkeys_free(segkeys *sk)
{
	if (!sk)
		return;
	for (uint32_t i = 0; sk->table && i <= sk->mask; i++)
		for (uint32_t j = 0; j < sk->table[i].n; j++)
			free(atomic_load_explicit(&sk->keys[sk->table[i].first + j].memo,
			                          memory_order_relaxed));
	free(sk->table);
	free(sk->keys);
	free(sk->pool);
	memset(sk, 0, sizeof *sk);
}
