/* One sense per document: a frame row's core spread through the text it
 * fired in. Internal.
 *
 * A frame row rewrites a word only beside the neighbours it lists
 * ({剛|日前|…}開畫 → {}上映), because the word alone may mean something
 * else. A news story seldom uses a word in two senses, so once such a row
 * has rewritten its core somewhere in a text, the core's other occurrences
 * there want the same form (個案 → 病例 after 確診個案 → 确诊病例). The cores
 * that may spread are reviewed one by one (dicts/sense/spread.tsv); the
 * build lists each with its Mainland form and the term keys that rewrite it
 * (its triggers: every expansion of its frame rows), in the file a profile
 * names as "tongwen_spread":
 *
 *   core <TAB> form <TAB> trigger keys <TAB> keys of other senses
 *
 * (keys space-separated; the last column may be absent). A key of another
 * sense writes the core otherwise (投訴個案 → 投诉案件 beside 確診個案 →
 * 确诊病例): a scope where one fired holds two senses, and its core stays.
 *
 * A scope of text (convert_run: what one call converts, cut as
 * convert_scope_end() cuts long texts, so every path converts the same
 * scopes) is converted once; if a trigger fired in it (its key matched as a
 * segment, the name guard allowed it, and its result holds the form) and the
 * core occurs there more often than its triggers fired, the scope is
 * converted again with the fired cores spread: each occurrence of one in text
 * no segmentation key matched, or that is a whole segment itself, is written
 * in the core's form where it starts and ends on word boundaries of its
 * clause (segwords.h: 公開畫展 holds 開畫 across 公開 + 畫展) and the name guard
 * allows a term there. An occurrence
 * inside a longer key (a keep row, another term, a word of
 * dicts/segment/words.txt) is left to that key. */
#ifndef TW_SPREAD_H
#define TW_SPREAD_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "segwords.h"

struct tw_profile;
struct ctx;
struct span_vec;

typedef struct spread_core {
	char *src, *form;
	size_t src_len, form_len;
} spread_core;

/* A trigger: segmentation member and key number, and its core; or, with
 * other set, a key that writes the core in another sense. */
typedef struct spread_trigger {
	uint64_t key; /* member << 32 | key number */
	uint32_t core;
	uint32_t other;
} spread_trigger;

typedef struct spread {
	spread_core *cores;
	size_t n_cores;
	spread_trigger *trig; /* sorted by key */
	size_t n_trig;
	/* Per segmentation member, a bit per key number: a trigger. */
	uint64_t **bits;
	size_t n_members;
	/* Word boundaries: a core is spread into text no key matched only
	 * where it is a word of its clause (segwords.txt beside the file). */
	segwords words;
} spread;

/* Where a trigger fired: its core and the source bytes of its key (offsets
 * as the conversion's spans count them). */
typedef struct spread_hit {
	uint32_t core;
	size_t start, end;
} spread_hit;

/* What one scope's conversion learns and uses: the cores fired in its first
 * pass and where, and whether this is the second pass. */
typedef struct spread_scope {
	uint32_t *fired; /* distinct cores */
	size_t n, cap;
	uint32_t *mixed; /* cores a key of another sense fired */
	size_t n_mixed, cap_mixed;
	spread_hit *hits; /* in source order */
	size_t n_hits, cap_hits;
	/* After the first pass: the fired cores' occurrences outside their
	 * triggers' keys, in source order: what the second pass may spread. */
	spread_hit *left;
	size_t n_left, cap_left;
	int spreading;
} spread_scope;

/* Reads the file at path for profile p (its segmentation indexed: after
 * segmemo_index()) and maps words_path, the word list. Unknown trigger keys
 * are ignored. */
int spread_open(spread **out, const struct tw_profile *p, const char *path,
                const char *words_path, tw_error *err);
void spread_free(spread *s);

/* Is key number index of segmentation member `member` a trigger? */
static inline int spread_is_trigger(const spread *s, size_t member, size_t index)
{
	return member < s->n_members && s->bits[member] &&
	       ((s->bits[member][index >> 6] >> (index & 63)) & 1);
}

/* A trigger matched source bytes [at, at + key_len) and was applied, its
 * result out[0..n): records its cores whose form the result holds, and the
 * cores it writes in another sense. TW_OK or TW_ENOMEM. */
int spread_note(const spread *s, spread_scope *sc, size_t member, size_t index,
                const char *out, size_t n, size_t at, size_t key_len);

/* After a first pass over text[0..len) (source offset base): finds the
 * fired cores' occurrences outside the keys of the triggers that fired
 * them (sc->left), in one scan of the text. TW_OK or TW_ENOMEM. */
int spread_collect(const spread *s, spread_scope *sc, const char *text, size_t len,
                   size_t base);

/* Second pass: converts the run text[0..n) at source offset src_off, a
 * slice of c->text that no segmentation key matched, writing each
 * occurrence sc->left holds whole inside it in its core's form where it is a
 * word of its clause and the guard allows, the rest as a plain run; with
 * alignment, spans. */
int spread_run(struct ctx *c, const char *text, size_t n, buf *out, struct span_vec *spans,
               size_t src_off);

/* Second pass: is the segment text[0..n) (a slice of c->text, at source
 * offset at) an occurrence sc->left holds that may be spread? Then returns
 * its core number + 1. */
size_t spread_whole(struct ctx *c, const char *text, size_t n, size_t at);

/* Writes core k's form for n bytes of source at src_off, with
 * its span: kind "term", dictionary "tongwen_spread" (the layer, as the
 * title marks' spans name theirs). */
int spread_emit(struct ctx *c, size_t k, size_t n, buf *out, struct span_vec *spans,
                size_t src_off);

void spread_scope_release(spread_scope *sc);

#endif
