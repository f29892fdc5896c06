/* The document layer's shared state: runs, directive regions, scanners. */
#ifndef TW_DOC_INTERNAL_H
#define TW_DOC_INTERNAL_H

#include <stddef.h>

#include "internal.h"
#include "tongwen/doc.h"

/* A stretch of the original a directive covers, with its rule list
 * ("" = every rule). */
typedef struct region {
	size_t start, end;
	char *rules;
	int stops_convert;
} region;

struct tw_document {
	const char *data;
	size_t len;
	tw_markup markup;
	int refs;             /* readable runs may hold character references */
	int has_nul;          /* the document (streaming: the runs held) holds a NUL */
	tw_run *runs;
	size_t n_runs, cap_runs;
	size_t covered;       /* runs tile [0, covered) */
	unsigned char *nomerge; /* per run: RUN_SEPARATE, RUN_STORY */
	int story_next;       /* a story element opened: the next run starts a story */
	region *regions;
	size_t n_regions, cap_regions;
	size_t open_from;     /* scratch for directive parsing */
	const tw_doc_options *opts;
	int oom;
	/* Streaming (tw_convert_document): the runs before the last are handed
	 * to flush once they hold a window of readable text, and dropped. */
	int (*flush)(void *ud, const tw_document *d, size_t n_runs);
	void *flush_ud;
	size_t pending;       /* readable bytes in runs[0, n_runs) */
	int flush_rc;         /* what a failed flush returned (err is set) */
	int convert_only;     /* the runs are only converted: no code or URL role */
};

/* Flags of a run (tw_document.nomerge). RUN_SEPARATE: a unit of its own
 * (CDATA), never merged with its neighbours. RUN_STORY: the first run after
 * the start tag of a story element (an RSS item, an Atom entry, an
 * article): a conversion call never reaches across it, so one story's sense
 * does not spread into the next (lib/convert/spread.h). */
#define RUN_SEPARATE 1u
#define RUN_STORY 2u

/* Readable text gathered for one conversion call: enough to amortise the
 * call, small enough that it, its conversion and the stretch of document
 * it came from stay in the core's cache (32 KiB was measurably faster than
 * 128 KiB on bench-doc's pages; 16 to 64 KiB about the same). */
#ifndef DOC_WINDOW /* the tests also build with tiny windows */
#define DOC_WINDOW ((size_t)32 << 10)
#endif
/* Runs held before a flush even when they hold little readable text. */
#ifndef DOC_MAX_PENDING_RUNS
#define DOC_MAX_PENDING_RUNS ((size_t)1 << 14)
#endif

/* tw_doc_parse, with runs streamed to flush when it is not NULL: the
 * document keeps only the runs not yet flushed. */
int doc_parse(tw_document **out, const char *data, size_t len, const tw_doc_options *opts,
              int (*flush)(void *ud, const tw_document *d, size_t n_runs), void *flush_ud,
              tw_error *err);

/* Adds a run at [off, off+len); the gap before it becomes markup. Adjacent
 * runs of one role merge, except attribute and language runs and when
 * separate is set. Runs must come in order; overlaps are ignored. */
void doc_add(tw_document *d, size_t off, size_t len, tw_role role, int separate);
/* Whether there is a story boundary (RUN_STORY) among runs (from, to]. */
int doc_story_between(const tw_document *d, size_t from, size_t to);

/* The text of a comment [off, off+len) at the document's bytes: records the
 * directives it holds. */
void doc_comment(tw_document *d, size_t off, size_t len);

/* Scanners: add the runs of data[start, end). */
typedef struct html_state html_state;
html_state *html_state_new(int xml);
void html_state_free(html_state *s);
void html_scan(tw_document *d, html_state *s, size_t start, size_t end);
/* Whether text here is inside an element left alone (code, translate=no). */
int html_in_skip(const html_state *s);
int markdown_scan(tw_document *d);
void text_scan(tw_document *d);

/* Decodes the character reference at s[0..n) (starting with '&'): its
 * length in *ref_len and the UTF-8 of what it stands for in out (≤ 8 bytes,
 * *out_len); returns 0 if it is not a reference to decode. Unknown named
 * references decode to one space, so a checker never reads them as words. */
int charref_decode(const char *s, size_t n, int xml, char *out, size_t *out_len,
                   size_t *ref_len);

/* ASCII case-insensitive comparison of s[0..n) with the NUL-terminated lower-case w. */
int ascii_ieq(const char *s, size_t n, const char *w);

/* Whether s[0..n) is a language tag for a Chinese variant (zh-HK, zh-Hant…). */
int lang_is_chinese_variant(const char *s, size_t n);

/* Directives: the kind in s[0..len) (DIRECTIVE_NONE if none, -1 out of
 * memory) and its rule list in *rules ("" = all; malloc'd). */
enum { DIRECTIVE_NONE, DIRECTIVE_NEXT_LINE, DIRECTIVE_DISABLE, DIRECTIVE_ENABLE };
int directive_parse(const char *s, size_t len, char **rules);
/* Whether a rule list stops conversion (none, or `convert`). */
int rules_stop_convert(const char *rules);
/* Whether a plain-text line is comment-like: '#', '//' or '<!--'. */
int comment_line(const char *s, size_t n);
/* The first "tongwen-" (every directive's prefix) in b[0..n), or NULL. */
const char *directive_word(const char *b, size_t n);

/* Whether a directive covering offset suppresses rule. */
int doc_suppressed(const tw_document *d, size_t offset, const char *rule);

/* XML well-formedness and safety check through libxml2. */
int xml_validate(const char *data, size_t len, tw_error *err);

#endif
