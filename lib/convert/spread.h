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
 * (its triggers: every expansion of its frame rows, and the bare rows that
 * hold it and write the form), in the file a profile names as
 * "tongwen_spread":
 *
 *   core <TAB> form <TAB> trigger keys <TAB> keys of other senses <TAB>
 *   words across its edges <TAB> classifier
 *
 * (keys space-separated; the last three columns may be absent; the
 * classifier is source=Mainland, 宗=例). A key of
 * another sense writes the core otherwise (投訴個案 → 投诉案件 beside 確診個案
 * → 确诊病例): a scope where one fired holds two senses, and its core stays.
 * A word across an edge is "offset:word", a common word of jieba's list
 * (the build takes those of two to four characters it counts a hundred times or
 * more) that overlaps the core and runs on past its start or end, the
 * offset its start's from the core's start in bytes (公開 at -3 and 畫展 at
 * 3 for 開畫): where the text holds one across an occurrence, the occurrence
 * is two words' parts, and stays.
 *
 * A scope of text (convert_run: what one call converts, cut as
 * convert_scope_end() cuts long texts, so every path converts the same
 * scopes) is converted once, noting where triggers fired (the key matched as
 * a segment, the name guard allowed it, and its result holds the form). If
 * one did, one scan of the scope finds the fired cores' occurrences outside
 * their triggers' keys (spread_collect), and the lines that hold one are
 * converted again (runs.c; with alignment, the whole scope): each such
 * occurrence in text no segmentation key matched, or that is a whole segment
 * itself, is written in the core's form where no common word crosses its
 * edges (公開畫展 holds 開畫 across 公開 + 畫展) and the name guard allows a
 * term there. An occurrence inside a longer key (a keep row, another term, a
 * word of dicts/segment/words.txt) is left to that key.
 *
 * An occurrence spreads only within SPREAD_REACH bytes of a trigger of its
 * core: a scope is a story only when a call converts one story, and a file
 * of many (an archive's dump, a day's wire copy) would carry a story's
 * sense into its neighbours (確診個案 in a health story made 起訴255宗個案
 * of the next one 起诉255宗病例). 8,000 bytes, some 2,700 characters, is
 * longer than nearly every news story: converted one by one, none of 7,999
 * RTHK stories of 2024 and 5 of 8,000 Citizen News stories and columns (long
 * columns) came out otherwise than with a reach without bound; converted
 * 200 to a file, the stories whose output differed from their own went from
 * 236 to 72 and from 369 to 45 (tools/eval/spread_scope.py). */
#ifndef TW_SPREAD_H
#define TW_SPREAD_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

struct ctx;
struct span_vec;

#define SPREAD_REACH ((size_t)8000)
/* At most this many classifiers a core (spread_core). */
#define SPREAD_MAX_CLS 4
#define SPREAD_STR_(x) #x
#define SPREAD_STR(x) SPREAD_STR_(x)

/* Up to SPREAD_MAX_CLS measure words (with what may stand between them and
 * the core) that, right before a spread occurrence, are written otherwise
 * (宗 → 例: 第三宗個案 → 第三例病例; 宗新 → 例新); n 0: none. */
typedef struct spread_classifiers {
	const char *src[SPREAD_MAX_CLS], *form[SPREAD_MAX_CLS]; /* not NUL-terminated */
	uint8_t src_len[SPREAD_MAX_CLS], form_len[SPREAD_MAX_CLS];
	unsigned n;
} spread_classifiers;

/* Reads f[0..len): one to SPREAD_MAX_CLS "source=Mainland" items,
 * '|'-separated, without spaces, each side 1 to 255 bytes (宗=例|宗新=例新),
 * into *out, whose items point into f. 0, or -1 when f is not that. The
 * build checks spread.tsv with it, the loader the table the build wrote. */
int spread_parse_classifiers(const char *f, size_t len, spread_classifiers *out);

typedef struct spread_core {
	char *src, *form;
	size_t src_len, form_len;
	spread_classifiers cls; /* in the spread's pool */
	/* Its words across its edges: straddles[first_straddle ..
	 * first_straddle + n_straddles) of the spread. */
	uint32_t first_straddle, n_straddles;
} spread_core;

/* A word across a core's edge: its bytes in the spread's pool, and where it
 * starts, in bytes from the core's start (negative: before it). */
typedef struct spread_straddle {
	int32_t off;
	uint32_t word, len;
} spread_straddle;

/* A trigger: a key (in the spread's pool) and its core; or, with other
 * set, a key that writes the core in another sense. */
typedef struct spread_trigger {
	uint32_t hash; /* spread_hash() of the key */
	uint32_t off, len;
	uint32_t core;
	uint32_t other;
} spread_trigger;

typedef struct spread {
	spread_core *cores;
	size_t n_cores;
	spread_trigger *trig; /* sorted by hash */
	size_t n_trig;
	spread_straddle *straddles;
	size_t n_straddles;
	char *pool; /* the file's text: the triggers' keys, the edges' words */
	/* A bit per (hash >> 16) of the triggers' keys: a matched segment that
	 * is none is passed over with one lookup. */
	uint64_t filter[1024];
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

/* Reads the file at path. */
int spread_open(spread **out, const char *path, tw_error *err);
void spread_free(spread *s);

/* FNV-1a of key[0..n). */
static inline uint32_t spread_hash(const char *key, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619u;
	return h;
}

/* May a segment whose key hashes to h be a trigger (a bit of the filter)? */
static inline int spread_may_trigger(const spread *s, uint32_t h)
{
	uint32_t b = h >> 16;
	return (s->filter[b >> 6] >> (b & 63)) & 1;
}

/* The segment key[0..key_len) (hash h) matched at source offset at and was
 * applied, its result out[0..n): if it is a trigger, records its cores whose
 * form the result holds, and the cores it writes in another sense. TW_OK or
 * TW_ENOMEM. */
int spread_note(const spread *s, spread_scope *sc, const char *key, size_t key_len,
                uint32_t h, const char *out, size_t n, size_t at);

/* After a first pass over text[0..len) (source offset base): finds the
 * fired cores' occurrences outside the keys of the triggers that fired
 * them (sc->left), in one scan of the text. TW_OK or TW_ENOMEM. */
int spread_collect(const spread *s, spread_scope *sc, const char *text, size_t len,
                   size_t base);

/* Second pass: converts the run text[0..n) at source offset src_off, a
 * slice of c->text that no segmentation key matched, writing each
 * occurrence sc->left holds whole inside it in its core's form where no
 * common word crosses its edges and the guard allows, the rest as a plain
 * run; with
 * alignment, spans. */
int spread_run(struct ctx *c, const char *text, size_t n, buf *out, struct span_vec *spans,
               size_t src_off);

/* Second pass: is the segment text[0..n) (a slice of c->text, at source
 * offset at) an occurrence sc->left holds that may be spread? Then returns
 * its core number + 1. */
size_t spread_whole(struct ctx *c, const char *text, size_t n, size_t at);

/* Writes core k's form for the n bytes of source at text (a slice of
 * c->text, at source offset src_off), with its span: kind "term",
 * dictionary "tongwen_spread" (the layer, as the title marks' spans name
 * theirs). When the core has a classifier and the output ends in it, just
 * written from the unmatched text right before (宗 of 第三宗個案), that is
 * written as the Mainland one too, with a span of its own. */
int spread_emit(struct ctx *c, size_t k, const char *text, size_t n, buf *out,
                struct span_vec *spans, size_t src_off);

void spread_scope_release(spread_scope *sc);

#endif
