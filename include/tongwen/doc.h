/*
 * tongwen — documents: HTML, XML, Markdown and plain text as the first stage
 * of the pipeline (document → text runs → convert/check → report).
 *
 * tw_doc_parse() splits a document into runs that tile it: each run has a
 * byte range in the original and a role. Only runs of role TW_ROLE_PROSE and
 * TW_ROLE_ATTRIBUTE are converted and checked; every other byte (tags,
 * attribute order and quoting, whitespace, comments, code, URLs, entity
 * references such as `&amp;`) is written back byte for byte. A numeric
 * character reference inside a converted run is converted like the
 * character it stands for and written back as a reference (`&#x9EBC;`).
 * Language tags of Chinese variants (`lang`, `xml:lang`: zh-HK, zh-Hant,
 * zh-TW, zh-CN …) are runs of role TW_ROLE_LANG, rewritten to the target's.
 *
 * Directives in comments (HTML/XML/Markdown `<!-- … -->`, and in plain text
 * lines starting with `#` or `//` or holding `<!--`):
 *   tongwen-disable-next-line [rules]   the next line
 *   tongwen-disable [rules] … tongwen-enable [rules]
 * suppress findings of the named rules (ids or families; none: all). A
 * directive naming no rule, or naming `convert`, also stops conversion: the
 * text it covers is written unchanged.
 *
 * Invalid UTF-8 is rejected with TW_EUTF8 and its offset. A tw_document
 * refers to the caller's bytes (they must outlive it) and is immutable once
 * parsed: several threads may convert and check one document at once.
 */
#ifndef TONGWEN_DOC_H
#define TONGWEN_DOC_H
#include "check.h"
#include "convert.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef enum tw_markup {
	TW_MARKUP_AUTO = 0, /**< only in options: decide by name, then content */
	TW_MARKUP_TEXT = 1,
	TW_MARKUP_HTML = 2,
	TW_MARKUP_XML = 3,
	TW_MARKUP_MARKDOWN = 4
} tw_markup;

/** Parses "auto", "text", "html", "xml", "markdown" (also "md"); -1 if unknown. */
TW_EXPORT int tw_markup_parse(const char *s);
TW_EXPORT const char *tw_markup_name(tw_markup m);
/**
 * The markup of a document named name (may be NULL) with content data:
 * by extension (.html .htm .xhtml → html; .xml → xml; .md .markdown .mdx →
 * markdown), else by content (`<!DOCTYPE html`, `<html` → html; `<?xml` →
 * xml, or html when the root is an XHTML `<html>`), else text.
 */
TW_EXPORT tw_markup tw_markup_detect(const char *name, const char *data, size_t len);

/** What a run of the document is. */
typedef enum tw_role {
	TW_ROLE_MARKUP = 0,    /**< tags, syntax, comments: never touched */
	TW_ROLE_PROSE = 1,     /**< readable text: converted and checked */
	TW_ROLE_ATTRIBUTE = 2, /**< a readable attribute value: converted and checked */
	TW_ROLE_CODE = 3,      /**< code, scripts, styles, skipped elements */
	TW_ROLE_URL = 4,       /**< link destinations, URL attributes, bare URLs */
	TW_ROLE_LANG = 5,      /**< a Chinese-variant language tag, rewritten */
	TW_ROLE_PROTECTED = 6, /**< readable text a directive exempts from conversion */
	TW_ROLE_CHARSET = 7    /**< a declared encoding: <meta charset>, <?xml encoding?> */
} tw_role;

typedef struct tw_run {
	size_t offset, length; /**< bytes in the original document */
	tw_role role;
} tw_run;

typedef struct tw_document tw_document;

#define TW_DOC_OPTIONS_VERSION 1
/** Options for tw_doc_parse(). Initialise with TW_DOC_OPTIONS_INIT. */
typedef struct tw_doc_options {
	unsigned int version;
	tw_markup markup;  /**< TW_MARKUP_AUTO: tw_markup_detect(name, …) */
	const char *name;  /**< file name, for detection; may be NULL */
	/** HTML: elements with one of these classes are left alone, like
	 * translate="no". NULL: { "notranslate" }. */
	const char *const *skip_classes;
	size_t n_skip_classes;
	/** XML: elements (local names) whose content is left alone, and
	 * attributes (local names) that are converted, on top of the built-in
	 * NewsML-G2 / NITF knowledge. */
	const char *const *skip_elements;
	size_t n_skip_elements;
	const char *const *convert_attributes;
	size_t n_convert_attributes;
	int directives; /**< honour tongwen-disable… comments (default 1) */
} tw_doc_options;
#define TW_DOC_OPTIONS_INIT \
	{ TW_DOC_OPTIONS_VERSION, TW_MARKUP_AUTO, NULL, NULL, 0, NULL, 0, NULL, 0, 1 }

/** Largest document tw_doc_parse() accepts (TW_ETOOBIG beyond). */
#define TW_DOC_MAX_INPUT ((size_t)1 << 31)

/**
 * Parses data[0..len) (valid UTF-8; a UTF-8 BOM is kept as markup). opts
 * may be NULL. Malformed markup never fails: what cannot be read as
 * markup is left alone. XML is first checked with libxml2 (no network, no
 * DTD loading, no external entities, no entity expansion): a document that
 * is not well-formed or declares entities fails with TW_EFORMAT and the byte
 * offset. data must stay valid while the document is used.
 */
TW_EXPORT int tw_doc_parse(tw_document **out, const char *data, size_t len,
                           const tw_doc_options *opts, tw_error *err);
TW_EXPORT void tw_doc_free(tw_document *doc);
TW_EXPORT tw_markup tw_doc_markup(const tw_document *doc);
/** The runs, tiling the document in order; valid while doc lives. */
TW_EXPORT const tw_run *tw_doc_runs(const tw_document *doc, size_t *n_runs);

#define TW_DOC_CONVERT_OPTIONS_VERSION 1
/** Options for tw_doc_convert(). Initialise with TW_DOC_CONVERT_OPTIONS_INIT. */
typedef struct tw_doc_convert_options {
	unsigned int version;
	/** Written over Chinese-variant language tags (tw_target_lang():
	 * "zh-CN"); NULL leaves them. */
	const char *lang;
	/** Written over declared encodings that differ from it (the encoding
	 * the output is written in, e.g. "UTF-8"); NULL leaves them. */
	const char *charset;
} tw_doc_convert_options;
#define TW_DOC_CONVERT_OPTIONS_INIT { TW_DOC_CONVERT_OPTIONS_VERSION, NULL, NULL }

/**
 * Converts the document: readable runs through the profile, language tags
 * and declared encodings as opts says (NULL: left alone), everything else
 * unchanged. *out is NUL-terminated (tw_free). If spans is not NULL it
 * receives the alignment of the whole document (as tw_convert_aligned():
 * covering both texts in order; markup is unchanged spans; a rewritten
 * language tag or encoding is a changed span of kind "lang" or "charset",
 * dict NULL and step tw_profile_steps()). Thread-safe on a shared document.
 */
TW_EXPORT int tw_doc_convert(char **out, size_t *out_len, tw_span **spans, size_t *n_spans,
                             const tw_document *doc, const tw_profile *profile,
                             const tw_doc_convert_options *opts, tw_error *err);

/**
 * Checks the readable runs of the document as one text and returns findings
 * with offsets, lines and columns in the original document; findings the
 * document's directives suppress are dropped (opts->directives = 0 keeps
 * them). For TW_MARKUP_TEXT this is tw_check() on the whole text.
 */
TW_EXPORT int tw_doc_check(tw_findings **out, const tw_document *doc, const tw_lexicon *lex,
                           const tw_check_options *opts, tw_error *err);

/** The language tag written for a target region: "zh-CN", "zh-HK", "zh-TW". */
TW_EXPORT const char *tw_target_lang(tw_target t);

/**
 * One call per document, for batch callers: parse data as dopts says,
 * convert it as copts says (tw_doc_convert) and free the document.
 */
TW_EXPORT int tw_convert_document(char **out, size_t *out_len, const tw_profile *profile,
                                  const char *data, size_t len, const tw_doc_options *dopts,
                                  const tw_doc_convert_options *copts, tw_error *err);
/**
 * The same, written through write (convert.h) in pieces as the document is
 * converted, in memory bounded by the longest run and a window of text
 * rather than by the document's size. The document is validated before anything is written (invalid UTF-8, XML
 * that is not well-formed: the error and nothing written); after that only
 * running out of memory or a failing write (TW_ECALLBACK) stops it, with the
 * output cut short. Only UTF-8 is written; thread-safe as tw_convert_document.
 */
TW_EXPORT int tw_convert_document_to(const tw_profile *profile, const char *data, size_t len,
                                     const tw_doc_options *dopts,
                                     const tw_doc_convert_options *copts, tw_write_fn write,
                                     void *userdata, tw_error *err);
/** Parse and check in one call; positions in data. */
TW_EXPORT int tw_check_document(tw_findings **out, const tw_lexicon *lex, const char *data,
                                size_t len, const tw_doc_options *dopts,
                                const tw_check_options *copts, tw_error *err);

/**
 * Encodings, through iconv (names as `iconv -l`: BIG5-HKSCS, BIG5, GB18030,
 * GBK, UTF-16 …; NULL or "UTF-8" is UTF-8).
 *
 * tw_decode() converts data in encoding into UTF-8 (*out NUL-terminated,
 * tw_free). An invalid or truncated sequence: TW_EUTF8 with its byte offset
 * in data; an unknown encoding: TW_EINVAL. For UTF-8 it validates and copies.
 *
 * tw_encode() converts UTF-8 into encoding. A character the encoding cannot
 * hold: TW_EFORMAT, err->offset its byte offset in utf8 and the message its
 * line, column (code points) and code point.
 */
TW_EXPORT int tw_decode(char **out, size_t *out_len, const char *data, size_t len,
                        const char *encoding, tw_error *err);
TW_EXPORT int tw_encode(char **out, size_t *out_len, const char *utf8, size_t len,
                        const char *encoding, tw_error *err);
/** Whether an encoding name means UTF-8 (NULL and "" do). */
TW_EXPORT int tw_encoding_is_utf8(const char *encoding);
/**
 * The encoding a document declares: a byte order mark (UTF-16, UTF-8),
 * else for XML and HTML the XML declaration's encoding, else for HTML the
 * first `<meta charset>` / `<meta … content="…; charset=…">` in the first
 * 1024 bytes. Writes the name into buf (cap ≥ 16) and returns buf, or NULL.
 */
TW_EXPORT const char *tw_encoding_sniff(char *buf, size_t cap, const char *data, size_t len,
                                        tw_markup markup);

/**
 * Plain text in bounded memory, honouring directives: like tw_stream_*
 * (convert.h), except that lines a directive protects (see above; on lines
 * starting with `#` or `//` or holding `<!--`) pass unchanged. Input is
 * handled line by line; a line longer than 64 MiB fails with TW_ETOOBIG.
 * Invalid UTF-8 anywhere fails with TW_EUTF8 and the offset from the start
 * of the stream. One stream is used by one thread at a time.
 */
typedef struct tw_doc_stream tw_doc_stream;
TW_EXPORT int tw_doc_stream_new(tw_doc_stream **out, const tw_profile *profile,
                                tw_write_fn write, void *userdata);
TW_EXPORT int tw_doc_stream_feed(tw_doc_stream *stream, const char *buf, size_t len,
                                 tw_error *err);
/** The engine's streams convert with n threads (tw_stream_set_threads);
 * set before the first feed. */
TW_EXPORT int tw_doc_stream_set_threads(tw_doc_stream *stream, int n);
TW_EXPORT int tw_doc_stream_finish(tw_doc_stream *stream, tw_error *err);
TW_EXPORT void tw_doc_stream_free(tw_doc_stream *stream);

/**
 * JSON Lines records (one JSON object a line, as Spark, Hadoop and most
 * archive exports write them): the named top-level string fields of each
 * record are converted and written back in place; every other byte of the
 * line (keys, their order, other values, numbers, spacing) is kept. A named
 * field that is absent or null is left alone. A value written in ASCII with
 * \u escapes is written back the same way. The register (hk2cn's Taiwan
 * variant) is decided per record from the named fields' text, in field
 * order, as a document's. One converter is used by one thread at a time;
 * the profile must outlive it.
 */
typedef struct tw_jsonl tw_jsonl;

/** fields: n_fields ≥ 1 distinct non-empty names (copied); TW_EINVAL otherwise. */
TW_EXPORT int tw_jsonl_new(tw_jsonl **out, const tw_profile *profile, const char *const *fields,
                           size_t n_fields, tw_error *err);

/**
 * Converts one record, line[0..len) without its line break. On success *out
 * is the converted record, NUL-terminated, *out_len bytes without a line
 * break, in the converter's memory (valid until its next call or
 * tw_jsonl_free()). A line that is not a JSON object, a named field that is
 * not a string, or one that appears twice in the record (which of the two
 * to rewrite is ambiguous) fails with TW_EFORMAT, a message without the
 * line number ("invalid JSON at column 12: …", "not a JSON object", "field
 * \"text\" is not a string", "field \"text\" appears more than once") and
 * err->offset the byte offset in the line where jansson stopped (0 for the
 * others). Invalid UTF-8 is invalid JSON.
 */
TW_EXPORT int tw_jsonl_convert(tw_jsonl *j, const char *line, size_t len, const char **out,
                               size_t *out_len, tw_error *err);
TW_EXPORT void tw_jsonl_free(tw_jsonl *j);

#ifdef __cplusplus
}
#endif
#endif
