/*
 * tongwen — the annotated XML document.
 *
 * One document holds a converted text, every change the conversion made
 * (with the original text) and the findings of a check, with positions in
 * both the target and the source. Namespace `urn:tongwen:annotated:1`,
 * RELAX NG schema `tongwen.rng` in the data directory; docs/xml.md
 * describes the format. Both the converted text and the source text can be
 * recovered from a document exactly (tw_xml_read()).
 *
 * The renderers return one malloc'd NUL-terminated UTF-8 string (release it
 * with tw_free()); tw_xml_write() and the writer (tw_xml_writer_open())
 * hand the document to a callback in pieces instead, so that it is never
 * held whole. The library never prints. Renderers and the reader keep no
 * state and may be called from any thread at any time; a writer is used by
 * one thread at a time.
 */
#ifndef TONGWEN_XML_H
#define TONGWEN_XML_H

#include "check.h"
#include "convert.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TW_XML_NAMESPACE "urn:tongwen:annotated:1"

#define TW_XML_OPTIONS_VERSION 2

/** Options for the renderers. Initialise with TW_XML_OPTIONS_INIT. */
typedef struct tw_xml_options {
	unsigned int version;
	/** The profile that converted the text ("hk2cn"), written as the
	 * attribute `profile`; NULL writes none (unconverted text). */
	const char *profile;
	/** The region the findings were checked for: attribute `target`. */
	tw_target target;
	/** The name of the input file, written as the attribute `name`; NULL
	 * writes none. */
	const char *name;
	/** Since version 2: the document's markup ("html", "xml", "markdown",
	 * "text"; tw_markup_name()), written as the attribute `markup`; NULL
	 * writes none. Positions are always in the original document. */
	const char *markup;
} tw_xml_options;

#define TW_XML_OPTIONS_INIT { TW_XML_OPTIONS_VERSION, NULL, TW_TARGET_CN, NULL, NULL }

/**
 * Renders the annotated document of a conversion: src[0..src_len) converted
 * into dst[0..dst_len) with the alignment spans[0..n_spans) of
 * tw_convert_aligned(), and the findings of tw_check() on dst (may be NULL:
 * none). Finding offsets refer to dst; their source positions are mapped
 * through the spans (a position inside a changed span maps to the start of
 * that span's source, an end position inside one to its end).
 *
 * Both texts must be valid UTF-8 (else TW_EUTF8, err->offset into the text
 * named in the message). Spans must cover src and dst in order without gaps
 * and findings must lie inside dst on character boundaries (else
 * TW_EINVAL). On success *out holds the document and *out_len (if not NULL)
 * its length.
 */
TW_EXPORT int tw_xml_render(char **out, size_t *out_len, const char *src, size_t src_len,
                            const char *dst, size_t dst_len, const tw_span *spans,
                            size_t n_spans, const tw_findings *findings,
                            const tw_xml_options *opts, tw_error *err);

/**
 * Renders the same document for text that was checked but not converted
 * (`tongwen check --format xml`): no change elements, source positions equal
 * target positions. opts->profile is normally NULL here.
 */
TW_EXPORT int tw_xml_render_text(char **out, size_t *out_len, const char *text, size_t len,
                                 const tw_findings *findings, const tw_xml_options *opts,
                                 tw_error *err);

/**
 * tw_xml_render() with the document handed to write(userdata, piece, len)
 * as it is made, in pieces of a few KiB, instead of returned: memory does
 * not grow with the document (the inputs are the caller's). A non-zero
 * return from write stops the call with TW_ECALLBACK. The same checks run
 * before anything is written: on an invalid argument nothing is.
 */
TW_EXPORT int tw_xml_write(tw_write_fn write, void *userdata, const char *src, size_t src_len,
                           const char *dst, size_t dst_len, const tw_span *spans,
                           size_t n_spans, const tw_findings *findings,
                           const tw_xml_options *opts, tw_error *err);

/**
 * Writing a document piece by piece, for texts and finding lists of any
 * size held by nobody whole: open, then the text in order
 * (tw_xml_writer_text, any number of pieces), then the findings
 * (tw_xml_writer_findings, any number of calls), then
 * tw_xml_writer_finish. The output goes to write(userdata, piece, len) as
 * it is made, in pieces of a few KiB; the writer holds a few KiB besides
 * the pieces it is given. The bytes are those tw_xml_render() writes for
 * the whole text and findings.
 *
 * A piece of text is src[0..src_len) converted into dst[0..dst_len) with
 * its alignment spans (offsets relative to the piece, covering it in order
 * as tw_xml_render() requires); a text that was not converted is one span
 * with step -1 and src equal to dst. Both must be valid UTF-8 (TW_EUTF8,
 * err->offset counted from the start of the whole text).
 *
 * Findings: offsets and positions in the whole converted text, which must
 * lie inside the text written (TW_EINVAL); `sources` (NULL: the same as
 * the target positions, for unconverted text) holds each finding's
 * position in the source text. A writer that failed, or was stopped by
 * write returning non-zero (TW_ECALLBACK), only fails from then on;
 * tw_xml_writer_free releases it at any point (NULL is accepted).
 */
typedef struct tw_xml_writer tw_xml_writer;

/** A finding's position in the source text: 1-based line and code-point
 * column of its start and end, byte offset and length. */
typedef struct tw_xml_position {
	size_t line, column, end_line, end_column, offset, length;
} tw_xml_position;

TW_EXPORT int tw_xml_writer_open(tw_xml_writer **out, const tw_xml_options *opts,
                                 tw_write_fn write, void *userdata, tw_error *err);
TW_EXPORT int tw_xml_writer_text(tw_xml_writer *w, const char *src, size_t src_len,
                                 const char *dst, size_t dst_len, const tw_span *spans,
                                 size_t n_spans, tw_error *err);
TW_EXPORT int tw_xml_writer_findings(tw_xml_writer *w, const tw_finding *items, size_t n,
                                     const tw_xml_position *sources, tw_error *err);
TW_EXPORT int tw_xml_writer_finish(tw_xml_writer *w, tw_error *err);
TW_EXPORT void tw_xml_writer_free(tw_xml_writer *w);

/** Largest document tw_xml_read() accepts, in bytes. */
#define TW_XML_MAX_INPUT ((size_t)1 << 30)

/**
 * Reads an annotated document back. Untrusted input is safe: no network, no
 * DTD (a document with one is rejected), no entity expansion, libxml2's
 * default depth and size limits, and at most TW_XML_MAX_INPUT bytes (else
 * TW_ETOOBIG). *text receives the converted text and *source the source
 * text (NUL-terminated, release with tw_free; either pointer may be NULL if
 * not wanted, as may the lengths). Malformed XML, or a document that does
 * not follow the format: TW_EFORMAT with the byte offset of the fault in
 * err->offset and its line and column in err->message.
 */
TW_EXPORT int tw_xml_read(char **text, size_t *text_len, char **source, size_t *source_len,
                          const char *xml, size_t xml_len, tw_error *err);

#ifdef __cplusplus
}
#endif
#endif
