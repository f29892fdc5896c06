/* Shared by the checker's modules. Internal.
 *
 * tw_check (check.c) runs one scan (check_scan.c) over the text that feeds
 * the per-character and lexicon rules (term, cantonese, consistency, script,
 * punct) and hands the spelling rule its Latin-script tokens, then filters,
 * sorts and positions the findings. */
#ifndef TW_CHECK_INTERNAL_H
#define TW_CHECK_INTERNAL_H

#include "internal.h"
#include "lexicon.h"
#include "utf8.h"

/* An occurrence of a concept, for the consistency rule. */
typedef struct occ {
	const lex_row *row;
	size_t off, len;
	int mainland; /* written in the Mainland form */
} occ;

/* Punctuation: state carried along the scan (open quotes and brackets).
 * In a streamed check the stack outlives a piece: an entry from an earlier
 * piece is `pending`, with its position and severity kept, and a finding
 * for it goes to check_ctx.late. */
typedef struct punct_open {
	size_t kind, off, len; /* off: in the piece, or in the whole text when pending */
	int pending;           /* 1 from an earlier piece, 2 the same but not reported */
	tw_severity sev;
	size_t line, col, col16;
} punct_open;

typedef struct punct_state {
	punct_open *stack;
	size_t depth, cap;
} punct_state;

/* Directives: the state carried from line to line (directives.c). */
#define DIR_MAX_PATTERNS 32
#define DIR_MAX_PATTERN 48
typedef struct dir_rules {
	int all;
	size_t n;
	char p[DIR_MAX_PATTERNS][DIR_MAX_PATTERN];
	size_t len[DIR_MAX_PATTERNS];
} dir_rules;

typedef struct dir_state {
	dir_rules disabled, next_line;
	int have_next;
} dir_state;

/* Consistency in a streamed check: per concept, what the whole text holds
 * (pass 1), then the verdict applied to each occurrence (pass 2). */
typedef struct cons_concept {
	size_t count[4];
	size_t first[4];     /* offset in the whole text of the first occurrence */
	char form[4][128];   /* its text (what judge() quotes) */
	unsigned char form_len[4];
} cons_concept;

typedef struct cons_summary {
	cons_concept *v; /* lex->n_concepts of them, most never touched */
	/* The concepts met so far, each once: what the end of a pass looks at
	 * (looking at all of v read 15 MB of untouched pages, a seventh of a
	 * CLI check of 25 MB). */
	uint32_t *met;
	size_t n_met;
	int pass; /* 1 count regional forms, 2 count Mainland forms, 3 judge */
} cons_summary;

/* A piece checked ahead on another thread (check_stream.c) notes its
 * occurrences here instead of in the summary, which the piece before it is
 * still filling; they are applied in order once that piece is done
 * (consistency_note_apply). */
typedef struct cons_note {
	uint32_t concept;
	unsigned char variety;
	size_t off, len; /* in the piece */
} cons_note;

typedef struct cons_log {
	cons_note *v;
	size_t n, cap;
} cons_log;

/* Which occurrences the scan looks for, for consistency. Mainland forms
 * are common words (信息, 出租车): looking them up costs much of the scan,
 * and they matter only for a concept also written in a regional form, which
 * clean copy never is. So they are looked for in a second scan, when a
 * regional form was found. */
enum { CONS_BOTH = 0, CONS_REGIONAL = 1, CONS_MAINLAND = 2 };

typedef struct check_ctx {
	const tw_lexicon *lex;
	const char *text;
	size_t len;
	tw_target target;
	unsigned families; /* TW_FAMILY_* bits to run */
	tw_finding *v;
	size_t n, cap;
	occ *occ; /* consistency: occurrences seen by the scan */
	size_t n_occ, cap_occ;
	int oom;
	int fail; /* another TW_E* error (data that cannot be loaded), in ferr */
	tw_error ferr;
	/* A streamed check (NULL / 0 for tw_check): the piece's place in the
	 * whole text and the state carried between pieces. */
	size_t base;
	utf8_cursor start; /* position of the piece's first byte */
	int last;          /* the last piece of the text */
	int cons_mode;     /* CONS_*: which consistency occurrences to note */
	unsigned flags;    /* TW_CHECK_* */
	punct_state *ps;
	dir_state *dirs;
	cons_summary *sum;
	cons_log *log; /* non-NULL: passes 1 and 2 note here, not in sum */
	tw_finding *late; /* findings for pending punct entries, whole-text offsets */
	size_t n_late, cap_late;
} check_ctx;

/* check.c: the families of the options that the settings leave on; the
 * options' version and target checked; the checks run on c's text (see
 * tw_check), -1 on failure with c->oom or c->fail set. */
unsigned check_families_off(const tw_check_options *o);
int check_options_ok(const tw_check_options *o, tw_error *err);
int check_run(check_ctx *c, const tw_check_options *o);

/* Appends a finding; strings are copied. `note` and suggestions may be
 * NULL. Records out-of-memory in c->oom. */
void add_finding(check_ctx *c, const char *rule, tw_severity sev, size_t off, size_t len,
                 const char *note, const char *const *sugg, size_t n_sugg, const char *fmt, ...)
	TW_PRINTF(9, 10);

/* The one scan over the text for term, cantonese, consistency, script and
 * punct (as c->families asks). */
void check_scan(check_ctx *c);

/* Called by the scan. A lexicon form matched at [off, off + len). term_hit
 * returns the name guard's verdict on it (a guard_reason) when it asked
 * for one, else -1. */
int term_hit(check_ctx *c, const lex_row *r, size_t off, size_t len);
void cantonese_hit(check_ctx *c, const lex_row *r, size_t off, size_t len);
/* A regional (mainland = 0) or Mainland form of a convert entry. */
void consistency_note(check_ctx *c, const lex_row *r, size_t off, size_t len, int mainland);
/* After the scan: findings for concepts written in several forms. */
void consistency_finish(check_ctx *c);
/* script/nonstandard: the character cp (l bytes at pos). */
void nonstandard_char(check_ctx *c, size_t pos, size_t l, uint32_t cp);
/* script/nonstandard for target hk: variants of the 常用字字形表's forms
 * (僞 → 偽), as info (standard.c). */
void hk_nonstandard(check_ctx *c);
/* The name guard's reason (guard_reason, 0 for none) for a lexicon match
 * of row r at [off, off + len). Opens the guard on first use; if it cannot
 * be opened, sets c->oom or c->fail and returns 0. */
int check_guard(check_ctx *c, const lex_row *r, size_t off, size_t len);
/* 1 when the character at off is a character of a personal name that the
 * Mainland standard keeps in names although OpenCC's table rewrites it
 * (黄良昇, 林振昇; dicts/guard/person-names.txt), as hk2cn keeps it. */
int check_person_char(check_ctx *c, size_t off);

/* Does the match [off, off + len) start and end on word boundaries of the
 * clause around it (wordseg.c)? */
int check_word_boundaries(const check_ctx *c, size_t off, size_t len);

/* A run of characters of the wrong script at [start, end). */
void script_run(check_ctx *c, size_t start, size_t end);


/* cp (l bytes at pos, preceded by the code point prev, 0 at the start) is
 * one of the characters marked LEX_CPUNCT. */
void punct_char(check_ctx *c, punct_state *ps, uint32_t cp, size_t pos, size_t l, uint32_t prev);
/* End of text: what is still open is unpaired. Frees the state. */
void punct_finish(check_ctx *c, punct_state *ps);
/* End of a piece that is not the last: entries still open get a
 * provisional finding, so that settings and directives judge them where
 * they stand (punct_keep_pending reads the verdict afterwards). */
void punct_mark_pending(check_ctx *c, punct_state *ps);
/* After positions and directives: the provisional findings become the
 * pending entries' positions and severities, and leave c->v. */
void punct_keep_pending(check_ctx *c, punct_state *ps);
extern const char punct_pending_rule[];

/* Consistency, streamed: the occurrence at [off, off + len) of row r. */
void consistency_note_apply(cons_summary *sum, uint32_t concept, int variety, size_t at,
                            const char *form, size_t len);
void consistency_stream_note(check_ctx *c, const lex_row *r, size_t off, size_t len,
                             int mainland);
/* Does the summary hold a concept written in two varieties or more? In a
 * regional form at all? */
int consistency_stream_mixed(const tw_lexicon *lex, const cons_summary *s);
int consistency_stream_regional(const tw_lexicon *lex, const cons_summary *s);

/* Marks in wanted[] (n_concepts bytes, zero) the concepts whose
 * occurrences the scan c is set for can count or report: in a scan for
 * consistency alone, those written in a regional form (the Mainland-form
 * scans) or in two varieties (a stream's third); returns their number, or
 * (size_t)-1 when any concept can matter. */
size_t consistency_wanted(const check_ctx *c, uint8_t *wanted);

/* "A, B or C" from a row's suggestions. */
void join_suggestions(const lex_row *r, char *out, size_t cap);

/* The spelling rule (check_spell.c), fed by check_scan: each maximal run of
 * token bytes (spell_token_byte, an accented Latin letter, or ’ between
 * letters) of the text is a token. */
typedef struct spell_words {
	struct seen_word *v; /* this call's verdicts, by word */
	size_t cap, n;
} spell_words;

static inline int ascii_letter(uint32_t cp)
{
	return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
}

/* A Latin letter with a diacritic (U+00C0 to U+024F, less × and ÷): part
 * of a token, which then is no en_US word to check (café, Begoña, Pokémon).
 * check_scan also takes a typographic apostrophe between letters (didn’t). */
static inline int latin_accented(uint32_t cp)
{
	return cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7;
}

/* Bytes of a Latin-script token: letters, digits and the characters of
 * URLs, addresses and identifiers (they make a token code-like). Explicit
 * ranges, not isalnum(): the locale must not change what a word is, and
 * this runs on every byte. */
static inline int spell_token_byte(unsigned char ch)
{
	if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')
		return 1;
	if (ch >= '0' && ch <= '9')
		return 1;
	switch (ch) {
	case '.': case '_': case '-': case '@': case '/': case ':': case '\'':
	case '+': case '#': case '&': case '=': case '%': case '~':
		return 1;
	default:
		return 0;
	}
}

/* The token text[start, end): its words checked (URLs, code and acronyms
 * are no words). */
void spell_token(check_ctx *c, spell_words *w, size_t start, size_t end);
void spell_words_free(spell_words *w);
/* Gives the surviving spelling findings their suggestions (once a word:
 * the lexicon caches them). */
void spelling_suggest(check_ctx *c);

/* Inline directives: drops findings that tongwen-disable… comments cover. */
void apply_directives(check_ctx *c);

/* Does rule id match a pattern ("term/review" or the family "term")? */
int rule_matches(const char *pattern, size_t plen, const char *rule);

/* Releases the strings of a finding (not the finding itself). */
void finding_release(tw_finding *f);

/* First occurrence of needle[0..n) in s[0..len), or NULL. */
const char *find_bytes(const char *s, size_t len, const char *needle, size_t n);

#endif
