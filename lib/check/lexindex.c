/* The lexicon's key indexes (lexicon.h, lex_index). They used to be .twd
 * images built at every load, and building them — a 3 MB hash table, a
 * 256 KB per-character table, a copy of every key into a pool, then a
 * second pass to check what had just been built — was a third of a CLI
 * check's instructions and two thirds of its page faults. The keys are
 * already in the lexicon's text, so a slot only names a row; the
 * checker's own start filters (cls, pair_forms) stand in for the
 * per-character table. */
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static inline uint32_t fnv_more(uint32_t h, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

#define FNV_BASIS 2166136261u

/* The key of a slot's row, or NULL when the slot cannot be one of s[0..n).
 * A compiled index (borrowed) names rows by their records, checked here
 * rather than all at load (lexcache.c): the slot's row must exist, have a
 * suggestion when the key is its Mainland form, and its key's n bytes lie
 * inside the text. */
static inline const char *slot_key(const lex_index *ix, const tw_lexicon *lex,
                                   const lex_slot *sl, size_t n)
{
	if (ix->borrowed) {
		if (sl->row >= lex->n_rows)
			return NULL;
		const lxc_row *c = &lex->rec[sl->row];
		if (ix->mainland && !c->n_sugg)
			return NULL;
		uint32_t off = ix->mainland ? lex->rec_sugg[c->sugg] : c->form;
		return off < lex->text_len && n < lex->text_len - off ? lex->rows_text + off : NULL;
	}
	const lex_row *r = &lex->rows[sl->row];
	return ix->mainland ? r->sugg[0] : r->form;
}

/* The slot of s[0..n) with hash h, or an empty slot: where it would go,
 * or (a compiled index with no empty slot) a sentinel. With walk set, a
 * slot that is a prefix only and shares its hash and length with no other
 * slot is taken without comparing its bytes: were s not that prefix, the
 * walk would only go on a character further, to a whole form that it does
 * compare (reading a slot's bytes takes its row, the row's offset and the
 * text: three cache misses). */
static lex_slot *probe(const lex_index *ix, const tw_lexicon *lex, const unsigned char *s,
                       size_t n, uint32_t h, int walk)
{
	static lex_slot none;
	uint32_t i = h & ix->mask;
	for (uint64_t k = 0; k <= ix->mask; k++, i = (i + 1) & ix->mask) {
		lex_slot *sl = &ix->slots[i];
		if (!sl->flags)
			return sl;
		if (sl->hash == h && sl->len == n) {
			if (walk && sl->flags == LEX_IPREFIX)
				return sl;
			const char *key = slot_key(ix, lex, sl, n);
			if (key && !memcmp(key, s, n))
				return sl;
		}
	}
	return &none;
}

/* With linear probing two slots of one hash lie between their common home
 * slot and the first empty slot after it. */
void lex_index_mark_shared(lex_index *ix)
{
	for (uint32_t i = 0; i <= ix->mask; i++) {
		lex_slot *a = &ix->slots[i];
		if (!a->flags)
			continue;
		for (uint32_t j = a->hash & ix->mask; ix->slots[j].flags; j = (j + 1) & ix->mask) {
			const lex_slot *b = &ix->slots[j];
			if (j != i && b->hash == a->hash && b->len == a->len) {
				a->flags |= LEX_ISHARED;
				break;
			}
		}
	}
}

static int grow(lex_index *ix)
{
	uint32_t cap = ix->mask + 1;
	lex_slot *old = ix->slots;
	lex_slot *slots = zmap((size_t)cap * 2 * sizeof *slots);
	if (!slots)
		return -1;
	ix->slots = slots;
	ix->mask = cap * 2 - 1;
	for (uint32_t i = 0; i < cap; i++)
		if (old[i].flags) {
			uint32_t j = old[i].hash & ix->mask;
			while (slots[j].flags)
				j = (j + 1) & ix->mask;
			slots[j] = old[i];
		}
	zmap_free(old, (size_t)cap * sizeof *old);
	return 0;
}

int lex_index_build(lex_index *ix, const tw_lexicon *lex, int mainland,
                    int (*rank)(const lex_row *), tw_error *err)
{
	size_t n = lex->n_rows;
	memset(ix, 0, sizeof *ix);
	ix->mainland = mainland;
	if (n >= LEX_INDEX_MAX_ROWS)
		return tw_fail(err, TW_ETOOBIG, 0, "lexicon: more than %u rows",
		               (unsigned)LEX_INDEX_MAX_ROWS);
	uint32_t cap = 1024;
	while (cap < 4 * n) /* keys and their prefixes, at most half full */
		cap *= 2;
	if (!(ix->slots = zmap((size_t)cap * sizeof *ix->slots)))
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	ix->mask = cap - 1;
	size_t used = 0;
	for (size_t r = 0; r < n; r++) {
		const lex_row *row = lex_row_at(lex, r);
		const char *k = lex_index_key(row, mainland);
		if (!k)
			continue;
		const unsigned char *s = (const unsigned char *)k;
		size_t kl = strlen(k), pos = 0;
		if (kl > UINT16_MAX) {
			lex_index_free(ix);
			return tw_fail(err, TW_EFORMAT, 0, "lexicon: form longer than %u bytes: %.40s…",
			               (unsigned)UINT16_MAX, k);
		}
		uint32_t h = FNV_BASIS;
		/* Every proper prefix at a character boundary gets a slot too:
		 * the longest match stops at the first text no key begins with. */
		while (pos < kl) {
			size_t cl = utf8_seqlen(s[pos]);
			if (!cl || pos + cl > kl)
				cl = 1; /* the text was validated; never split a byte */
			h = fnv_more(h, s + pos, cl);
			pos += cl;
			if (2 * (used + 1) > (size_t)ix->mask + 1 && grow(ix)) {
				lex_index_free(ix);
				return tw_fail(err, TW_ENOMEM, 0, "out of memory");
			}
			lex_slot *sl = probe(ix, lex, s, pos, h, 0);
			if (!sl->flags) {
				*sl = (lex_slot){h, (uint32_t)r, (uint16_t)pos, 0};
				used++;
			}
			if (pos < kl) {
				sl->flags |= LEX_IPREFIX;
			} else if (!(sl->flags & LEX_IKEY) || rank(row) < rank(&lex->rows[sl->row])) {
				/* one key, several rows: the best ranked, then the first */
				sl->flags |= LEX_IKEY;
				sl->row = (uint32_t)r;
			}
		}
	}
	lex_index_mark_shared(ix);
	return TW_OK;
}

void lex_index_free(lex_index *ix)
{
	if (!ix)
		return;
	if (ix->slots && !ix->borrowed)
		zmap_free(ix->slots, ((size_t)ix->mask + 1) * sizeof *ix->slots);
	ix->slots = NULL;
	ix->mask = 0;
}

const lex_row *lex_index_find(const lex_index *ix, const tw_lexicon *lex, const char *word,
                              size_t n)
{
	if (!ix->slots || !n)
		return NULL;
	const unsigned char *s = (const unsigned char *)word;
	const lex_slot *sl = probe(ix, lex, s, n, fnv_more(FNV_BASIS, s, n), 0);
	return sl->flags & LEX_IKEY ? lex_row_at(lex, sl->row) : NULL;
}

size_t lex_index_longest(const lex_index *ix, const tw_lexicon *lex, const unsigned char *s,
                         size_t n, size_t l1, const lex_row **row)
{
	size_t pos = l1, best = 0;
	uint32_t h = fnv_more(FNV_BASIS, s, l1);
	for (;;) {
		const lex_slot *sl = probe(ix, lex, s, pos, h, 1);
		if (!sl->flags)
			break;
		if (sl->flags & LEX_IKEY) {
			best = pos;
			*row = lex_row_at(lex, sl->row);
		}
		if (!(sl->flags & LEX_IPREFIX) || pos >= n)
			break;
		size_t cl = utf8_seqlen(s[pos]);
		if (!cl || pos + cl > n)
			break;
		h = fnv_more(h, s + pos, cl);
		pos += cl;
	}
	return best;
}
