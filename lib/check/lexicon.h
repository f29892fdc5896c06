/* The checker's data, loaded once and shared read-only. Internal. */
#ifndef TW_LEXICON_H
#define TW_LEXICON_H

#include <hunspell.h>
#include <pthread.h>
#include <stdatomic.h>

#include "context.h"
#include "dict.h"
#include "internal.h"
#include "segwords.h"

/* LEX_CLASS rows are not entries: they name a word class for the context
 * of Cantonese rows (form: the name, sugg: the words). */
enum { LEX_CONVERT, LEX_REVIEW, LEX_KEEP, LEX_CANTONESE, LEX_CLASS };

/* One written form of a lexicon entry (lexicon.tsv). The strings point
 * into the file's text (tw_lexicon.rows_text). */
typedef struct lex_row {
	char *form, *source, *region, *domain, *note;
	char **sugg; /* Mainland forms or Mandarin suggestions */
	size_t n_sugg;
	int action;
	uint32_t concept; /* convert rows: index of sugg[0] among all such, for consistency */
	lex_context *ctx; /* where the entry applies; NULL: anywhere */
} lex_row;

/* An index of lexicon keys (forms, or the Mainland forms of convert
 * entries) to rows (lexindex.c): an open-addressing table with a slot for
 * every key and every proper prefix of one at character boundaries, so
 * that the longest match walks forward a character at a time and stops
 * at the first text no key begins with. A slot names a row whose key is
 * (or begins with) the slot's bytes: the keys stay in the lexicon's text. */
/* A slot's flags: a whole form (IKEY) or the prefix of one (IPREFIX); and
 * ISHARED when another slot of the index has the same hash and length,
 * so that a lookup must compare the bytes of a slot that is a prefix only
 * (lex_index_longest, lexindex.c). */
enum { LEX_IKEY = 1u, LEX_IPREFIX = 2u, LEX_ISHARED = 4u };
#define LEX_INDEX_MAX_ROWS ((size_t)1 << 31)
typedef struct lex_slot {
	uint32_t hash, row;
	uint16_t len;   /* bytes */
	uint16_t flags; /* LEX_I*; 0: empty */
} lex_slot;
/* The context column of a row, as read, until the classes are known. */
typedef struct lex_spec {
	size_t row;
	size_t line, offset; /* of the row in lexicon.tsv */
	const char *spec;    /* in the lexicon's text */
} lex_spec;

typedef struct lex_index {
	lex_slot *slots;
	uint32_t mask;
	int mainland; /* keys are sugg[0] of convert rows, else forms */
	int borrowed; /* slots are in the compiled lexicon */
} lex_index;
/* Marks LEX_ISHARED every slot whose hash and length another slot has
 * (lex_index_build does). */
void lex_index_mark_shared(lex_index *ix);

/* A compiled lexicon's row record (lexcache.c): offsets into its text. */
typedef struct lxc_row {
	uint32_t form, source, region, domain, note; /* text offsets */
	uint32_t sugg, n_sugg;                       /* range of the suggestion offsets */
	uint32_t concept;
	uint32_t action;
} lxc_row;

/* Rows made from a compiled lexicon's records are made a chunk at a time,
 * on first use (lex_row_at): making all 65,000 of them at load was half
 * of a CLI check of 2 KB, which looks at a few dozen. */
#define LEX_CHUNK_BITS 8

struct tw_lexicon {
	/* Every row, or, with rec, the chunks of rows made so far (the rest of
	 * the mapping is never touched): read a row with lex_row_at. */
	lex_row *rows;
	size_t n_rows;
	const lxc_row *rec;           /* the compiled lexicon's records, or NULL */
	const uint32_t *rec_sugg;     /* their suggestions' text offsets */
	size_t n_rec_sugg;
	_Atomic uint64_t *chunk_made; /* with rec: a bit per chunk of rows made */
	lex_context **row_ctx;        /* with rec: each row's context, until made */
	pthread_mutex_t rows_lock;    /* guards the making of chunks */
	char *rows_text;   /* zmap'd: text_mapped bytes (internal.h); or in the cache */
	size_t text_mapped, rows_mapped;
	size_t text_len;   /* of rows_text, its last NUL included */
	uint64_t tsv_hash; /* lexicon.tsv as read (lex_text_hash), and its size */
	size_t tsv_len;
	uint64_t tsv_mtime_ns; /* its modification time when read (0: unknown) */
	lex_spec *specs;   /* rows with a context */
	size_t n_specs;
	/* The parsed contexts of specs' rows, also held here: the rows are
	 * mapped pages, which leak checkers (LSan) do not scan for pointers. */
	lex_context **contexts;
	/* The compiled lexicon (lexcache.c), mapped, when it was used: the
	 * text, the forms index, the filters and cache_keycls live in it. */
	const unsigned char *cache;
	size_t cache_size;
	const uint8_t *cache_keycls; /* the LEX_CFORM* and LEX_CMAIN* bits of cls */
	char **sugg_store; /* the rows' sugg arrays, one after another */
	lex_index forms;  /* form -> row */
	/* Mainland form of a convert entry -> row index: in the compiled
	 * lexicon, or built from the text on first use (lex_mainland_ready),
	 * as clean copy never needs it. */
	lex_index mainland;
	atomic_int mainland_ready;
	size_t n_concepts; /* distinct first suggestions of convert rows */
	uint8_t script[65536]; /* 'T' Traditional only, 'S' Simplified only, 0 */
	uint32_t *script_big;  /* the same beyond the BMP: cp << 8 | 'T' or 'S', sorted */
	size_t n_script_big;
	/* What the one-pass scan needs to know about a BMP character, so that
	 * most characters cost one table load (LEX_C* bits). */
	uint8_t cls[65536];
	/* Bit filters on the first two characters of the keys of `forms` and
	 * `mainland` that are longer than one character: a miss means no key
	 * of two or more characters starts here, so the hash lookups are
	 * skipped for most characters a key could start with. */
	uint64_t *pair_forms, *pair_mainland;
	char **words;          /* spelling word list, sorted */
	size_t n_words;
	/* Hunspell is created on the first word that needs it (most copy has
	 * none) and is not thread-safe: hunspell_lock guards it and the
	 * verdict cache (spell_cache.c), which outlives calls so that a
	 * long-lived process asks Hunspell about a word once. */
	Hunhandle *hunspell;
	/* British English (en_GB), asked about a word en_US does not know:
	 * Hong Kong copy writes Centre, Programme, Labour. Created when first
	 * needed. */
	Hunhandle *hunspell_gb;
	int hunspell_failed;
	pthread_mutex_t hunspell_lock;
	struct spell_cache *spell;
	/* Suggestions for script findings, opened on the first finding of
	 * their target: a cn check never opens s2hk or s2tw. profile_lock
	 * guards them and the lazily built Mainland index. */
	tw_profile *to_simp, *to_hk, *to_tw;
	pthread_mutex_t profile_lock;
	char *data_dir;
	/* The Mainland character standard and the name guard (standard.c). */
	int has_standard;
	uint8_t std_bmp[65536 / 8]; /* BMP characters of the 通用规范汉字表 */
	uint32_t *std_big;          /* the table's characters beyond the BMP, sorted */
	size_t n_std_big;
	tw_dict std_map;            /* hk2cn's standard forms (HKCNStandard) */
	tw_dict guard;              /* names, suffixes … (HKCNGuard, guard.h): lex_guard_ready */
	atomic_int guard_ready;
	uint32_t (*hk_std)[2];      /* Hong Kong: variant → standard form, by variant */
	size_t n_hk_std;
	segwords seg_words;         /* word list for word boundaries (wordseg.c) */
	const char *spellwords;     /* words Hunspell accepts (spell_cache.c), mapped */
	size_t spellwords_len;
};

/* Bits of tw_lexicon.cls. */
enum {
	LEX_CTRAD = 1u << 0,   /* written only in Traditional */
	LEX_CSIMP = 1u << 1,   /* written only in Simplified */
	LEX_CPUNCT = 1u << 2,  /* punctuation the punct rules look at */
	LEX_CFORM = 1u << 3,   /* a lexicon form starts with it */
	LEX_CFORM1 = 1u << 4,  /* it is a lexicon form by itself */
	LEX_CMAIN = 1u << 5,   /* a Mainland form of a convert entry starts with it */
	LEX_CMAIN1 = 1u << 6,  /* it is such a Mainland form by itself */
	LEX_CNONSTD = 1u << 7  /* a Han character outside the Mainland standard, not Traditional */
};

/* A dictionary's start filter is three bit sets of 2^LEX_PAIR_BITS bits
 * (32 KiB each): the first two characters of its keys of two or more
 * characters, its keys of exactly two, and the first three of its keys of
 * three or more. Common pairs (智能, 人工, 中国) start long keys but are
 * rarely followed by one: the third character rejects them without a
 * dictionary lookup. */
#define LEX_PAIR_BITS 18
#define LEX_PAIR_WORDS (((size_t)1 << LEX_PAIR_BITS) / 64)

static inline uint32_t lex_pair_hash(uint32_t a, uint32_t b)
{
	return (a * 0x9E3779B1u ^ b * 0x85EBCA77u) >> (32 - LEX_PAIR_BITS);
}

static inline uint32_t lex_tri_hash(uint32_t a, uint32_t b, uint32_t c)
{
	return (a * 0x9E3779B1u ^ b * 0x85EBCA77u ^ c * 0xC2B2AE3Du) >> (32 - LEX_PAIR_BITS);
}

static inline int lex_bit(const uint64_t *set, uint32_t h)
{
	return (set[h >> 6] >> (h & 63)) & 1;
}

/* May a key of two or more characters start with the characters a, b? */
static inline int lex_pair_may(const uint64_t *filter, uint32_t a, uint32_t b)
{
	return lex_bit(filter, lex_pair_hash(a, b));
}

/* May a, b be a key, or a, b, c start one (c 0 at the end of the text)? */
static inline int lex_pair_tri_may(const uint64_t *filter, uint32_t a, uint32_t b, uint32_t c)
{
	return lex_bit(filter + LEX_PAIR_WORDS, lex_pair_hash(a, b)) ||
	       (c && lex_bit(filter + 2 * LEX_PAIR_WORDS, lex_tri_hash(a, b, c)));
}

/* The compiled lexicon (lexcache.c). lex_cache_open: 1 when the lexicon's
 * rows, forms index and key filters were taken from DIR/lexicon.twc (made
 * by lex_cache_write from this very lexicon.tsv), 0 when that file is
 * absent, stale or unusable (the text is read instead), or a negative
 * TW_E* code. */
int lex_cache_open(tw_lexicon *lex, const char *dir, tw_error *err);
void lex_cache_close(tw_lexicon *lex);
/* Reads DIR/lexicon.tsv and writes DIR/lexicon.twc (twdict lexcache). */
int lex_cache_build(const char *dir, tw_error *err);
/* A 64-bit digest of s[0..n): tells a cache made from other text. */
uint64_t lex_text_hash(const char *s, size_t n);
/* The size and modification time (ns) of the regular, non-empty file at
 * path: 0, or -1 when there is none. Together they name the lexicon.tsv a
 * cache was made from without reading it. */
int lex_file_time(const char *path, uint64_t *len, uint64_t *mtime_ns);
/* Steps of tw_lexicon_open the compiled lexicon stands in for. */
int lex_load_terms(tw_lexicon *lex, const char *dir, tw_error *err);
int lex_number_concepts(tw_lexicon *lex, tw_error *err);
int lex_parse_contexts(tw_lexicon *lex, const char *path, tw_error *err);
void lex_mark_keys(const tw_lexicon *lex, uint8_t *cls, uint64_t *pair_forms,
                   uint64_t *pair_mainland);

/* Makes the rows of a chunk from the compiled lexicon's records
 * (lexcache.c); thread-safe. */
void lex_rows_make(const tw_lexicon *lex, size_t chunk);

/* Row i (i < n_rows), made first if it is not. */
static inline const lex_row *lex_row_at(const tw_lexicon *lex, size_t i)
{
	if (lex->chunk_made) {
		size_t chunk = i >> LEX_CHUNK_BITS;
		uint64_t w = atomic_load_explicit(&lex->chunk_made[chunk >> 6], memory_order_acquire);
		if (!((w >> (chunk & 63)) & 1))
			lex_rows_make(lex, chunk);
	}
	return &lex->rows[i];
}

/* The key of a row in the forms index (mainland 0) or the Mainland index,
 * or NULL: the row is not in it. */
const char *lex_index_key(const lex_row *r, int mainland);
/* Builds ix from lex's rows; when several rows have one key, the row of
 * lowest rank(), then the first, is the key's. */
int lex_index_build(lex_index *ix, const tw_lexicon *lex, int mainland,
                    int (*rank)(const lex_row *), tw_error *err);
void lex_index_free(lex_index *ix);
/* The row of the key word[0..n), or NULL. */
const lex_row *lex_index_find(const lex_index *ix, const tw_lexicon *lex, const char *word,
                              size_t n);
/* The length of the longest key that is a prefix of s[0..n) (valid UTF-8)
 * and at least l1 bytes long, l1 ending on a character (the first, or the
 * first two when the caller knows the first is no key), 0 if none; *row
 * is its row. */
size_t lex_index_longest(const lex_index *ix, const tw_lexicon *lex, const unsigned char *s,
                         size_t n, size_t l1, const lex_row **row);

/* 'T', 'S' or 0 for a character. */
int lex_script(const tw_lexicon *lex, uint32_t cp);

/* Loads the standard table, standard forms and name guard (standard.c)
 * and marks non-standard characters in the class table; call after the
 * scan tables are built. */
int lexicon_load_standard(tw_lexicon *lex, const char *dir, tw_error *err);
void lexicon_free_standard(tw_lexicon *lex);
/* Opens the name guard if it is not open yet (thread-safe); TW_OK or an
 * error naming the file. */
int lex_guard_ready(const tw_lexicon *lex, tw_error *err);
int lex_standard_in_table(const tw_lexicon *lex, uint32_t cp);
/* A Han character outside the Mainland standard table? */
int lex_nonstandard(const tw_lexicon *lex, uint32_t cp);

/* The word list for word boundaries (wordseg.c). */
int segwords_open(tw_lexicon *lex, const char *dir, tw_error *err);
void segwords_close(tw_lexicon *lex);

/* Builds lex->mainland if it is not built yet (thread-safe); TW_OK or
 * TW_ENOMEM. */
int lex_mainland_ready(const tw_lexicon *lex);

/* The profile that writes a run of the other script in the target's
 * script, opened on first use; NULL with err set if it cannot be opened. */
const tw_profile *lex_script_profile(const tw_lexicon *lex, tw_target target, tw_error *err);

/* Spelling verdicts (spell_cache.c), cached in the lexicon. word is
 * NUL-terminated, n bytes, shorter than SPELL_MAX_WORD. spell_verdict:
 * 1 report it, 0 fine, or a negative TW_E* code (Hunspell missing, OOM).
 * spell_suggestions: up to SPELL_MAX_SUGG malloc'd suggestions: the word
 * list's near misses, and Hunspell's slow search when there are none and
 * full is set (or there is no list). */
#define SPELL_MAX_WORD 64
#define SPELL_MAX_SUGG 3
int spell_verdict(const tw_lexicon *lex, const char *word, size_t n);
int spell_suggestions(const tw_lexicon *lex, const char *word, size_t n, int full, char **out,
                      size_t *n_out);
/* Near misses (spell_near.c): is w listed in spellwords.txt; and up to max
 * listed words one edit from word, or with two set and none found, two
 * edits (same first letter), best first. */
int spell_known(const tw_lexicon *lex, const char *w, size_t n);
size_t spell_near(const tw_lexicon *lex, const char *word, size_t n, int two,
                  char out[][SPELL_MAX_WORD], size_t max);
void spell_cache_free(tw_lexicon *lex);
/* Maps dir/spellwords.txt if it is there (an empty or missing list only
 * means that every word goes to Hunspell). */
int spellwords_open(tw_lexicon *lex, const char *dir, tw_error *err);
void spellwords_close(tw_lexicon *lex);

/* Is word in the spelling word list? */
int lex_word_listed(const tw_lexicon *lex, const char *word, size_t n);

/* Frees the rows, their contexts, suggestions and specs, and empties
 * those fields (tw_lexicon_free, and the compiled lexicon's fall-back). */
void lex_rows_release(tw_lexicon *lex);

#endif
