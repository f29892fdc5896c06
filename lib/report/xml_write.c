/* Writing the annotated XML document (format in docs/xml.md) through
 * libxml2's xmlTextWriter, piece by piece, to the caller's callback: the
 * writer (tw_xml_writer_*). The whole-document renderers are built on it
 * (xml_render.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "libxml.h"
#include "tongwen/xml.h"
#include "utf8.h"
#include "xml_internal.h"

#define NS BAD_CAST TW_XML_NAMESPACE

enum { IN_TEXT, IN_FINDINGS, FINISHED, FAILED };

/* The libxml2 writer, the caller's callback, and a scratch buffer for the
 * NUL-terminated pieces xmlTextWriter wants. */
typedef struct tw_xml_writer writer;
struct tw_xml_writer {
	xmlTextWriterPtr w;
	tw_write_fn write;
	void *ud;
	int stopped; /* the callback returned non-zero */
	int closing; /* freed: what libxml2 still flushes is dropped */
	int state;
	buf scratch;
	size_t src_total, dst_total; /* text written so far */
	size_t n_findings;
};

/* A receiver that stops is not an I/O error to libxml2, which would print
 * one: the rest is dropped and the writer's calls report the stop. */
static int out_write(void *ctx, const char *data, int len)
{
	writer *wr = ctx;
	if (!wr->closing && !wr->stopped && len > 0 && wr->write(wr->ud, data, (size_t)len))
		wr->stopped = 1;
	return len;
}

static int out_close(void *ctx)
{
	(void)ctx;
	return 0;
}

/* Copies s[0..len) into the scratch buffer with a terminating NUL. */
static const xmlChar *cstr(writer *wr, const char *s, size_t len)
{
	wr->scratch.len = 0;
	if (buf_append(&wr->scratch, s, len) || buf_append(&wr->scratch, "", 1))
		return NULL;
	return BAD_CAST wr->scratch.data;
}

/* libxml2 writer calls return a byte count or -1. */
#define W(call)                     \
	do {                            \
		if ((call) < 0)             \
			return TW_ENOMEM;       \
	} while (0)

/* Writes text content: runs of allowed characters as (escaped) text, each
 * character XML forbids as <x cp="HEX"/>. The writer escapes CR as &#13; so
 * that a parser's line-end normalisation cannot turn CRLF into LF. */
static int put_text(writer *wr, const char *s, size_t len)
{
	size_t run = 0, i = 0;
	while (i < len) {
		size_t n;
		uint32_t cp = utf8_decode((const unsigned char *)s + i, len - i, &n);
		if (!xml_forbidden(cp)) {
			i += n;
			continue;
		}
		if (i > run) {
			const xmlChar *t = cstr(wr, s + run, i - run);
			if (!t)
				return TW_ENOMEM;
			W(libxml.TextWriterWriteString(wr->w, t));
		}
		W(libxml.TextWriterStartElement(wr->w, BAD_CAST "x"));
		W(libxml.TextWriterWriteFormatAttribute(wr->w, BAD_CAST "cp", "%X", (unsigned)cp));
		W(libxml.TextWriterEndElement(wr->w));
		i += n;
		run = i;
	}
	if (len > run) {
		const xmlChar *t = cstr(wr, s + run, len - run);
		if (!t)
			return TW_ENOMEM;
		W(libxml.TextWriterWriteString(wr->w, t));
	}
	return TW_OK;
}

/* An attribute from a string that may be anything (a profile path, a
 * dictionary name, a rule id): invalid UTF-8 and characters XML forbids
 * become U+FFFD, since these values are labels, not text to recover. */
static int put_label(writer *wr, const char *name, const char *s)
{
	size_t len = strlen(s);
	wr->scratch.len = 0;
	for (size_t i = 0; i < len;) {
		size_t ok = utf8_valid_prefix(s + i, len - i);
		size_t n, j = i;
		while (j < i + ok) {
			uint32_t cp = utf8_decode((const unsigned char *)s + j, i + ok - j, &n);
			if (xml_forbidden(cp))
				break;
			j += n;
		}
		if (buf_append(&wr->scratch, s + i, j - i))
			return TW_ENOMEM;
		if (j == len)
			break;
		if (buf_append(&wr->scratch, "\xEF\xBF\xBD", 3))
			return TW_ENOMEM;
		if (j < i + ok) {
			utf8_decode((const unsigned char *)s + j, i + ok - j, &n);
			i = j + n;
		} else {
			i = j + 1; /* one invalid byte */
		}
	}
	if (buf_append(&wr->scratch, "", 1))
		return TW_ENOMEM;
	W(libxml.TextWriterWriteAttribute(wr->w, BAD_CAST name, BAD_CAST wr->scratch.data));
	return TW_OK;
}

static int has_forbidden(const char *s, size_t len)
{
	for (size_t i = 0, n; i < len; i += n)
		if (xml_forbidden(utf8_decode((const unsigned char *)s + i, len - i, &n)))
			return 1;
	return 0;
}

/* The original of a change: `from` holds it as is (the writer escapes tab,
 * LF and CR as character references, so attribute-value normalisation leaves
 * them alone); an original with a character XML forbids is written as
 * `from-cp`, its code points in hex separated by spaces. */
static int put_from(writer *wr, const char *s, size_t len)
{
	if (!has_forbidden(s, len)) {
		const xmlChar *t = cstr(wr, s, len);
		if (!t)
			return TW_ENOMEM;
		W(libxml.TextWriterWriteAttribute(wr->w, BAD_CAST "from", t));
		return TW_OK;
	}
	wr->scratch.len = 0;
	for (size_t i = 0, n; i < len; i += n) {
		char hex[12];
		uint32_t cp = utf8_decode((const unsigned char *)s + i, len - i, &n);
		int k = snprintf(hex, sizeof hex, i ? " %X" : "%X", (unsigned)cp);
		if (buf_append(&wr->scratch, hex, (size_t)k))
			return TW_ENOMEM;
	}
	if (buf_append(&wr->scratch, "", 1))
		return TW_ENOMEM;
	W(libxml.TextWriterWriteAttribute(wr->w, BAD_CAST "from-cp", BAD_CAST wr->scratch.data));
	return TW_OK;
}

static int put_size(writer *wr, const char *name, size_t v)
{
	W(libxml.TextWriterWriteFormatAttribute(wr->w, BAD_CAST name, "%zu", v));
	return TW_OK;
}

/* ---------------------------------------------------------------- document */

static const char *target_name(tw_target t)
{
	switch (t) {
	case TW_TARGET_HK: return "hk";
	case TW_TARGET_TW: return "tw";
	default: return "cn";
	}
}

static const char *severity_name(tw_severity s)
{
	switch (s) {
	case TW_SEV_ERROR: return "error";
	case TW_SEV_WARNING: return "warning";
	default: return "info";
	}
}

static int put_position(writer *wr, const char *name, size_t line, size_t col, size_t end_line,
                        size_t end_col, size_t off, size_t len)
{
	int rc;
	W(libxml.TextWriterStartElement(wr->w, BAD_CAST name));
	if ((rc = put_size(wr, "line", line)) || (rc = put_size(wr, "column", col)) ||
	    (rc = put_size(wr, "end-line", end_line)) || (rc = put_size(wr, "end-column", end_col)) ||
	    (rc = put_size(wr, "offset", off)) || (rc = put_size(wr, "length", len)))
		return rc;
	W(libxml.TextWriterEndElement(wr->w));
	return TW_OK;
}

static int put_finding(writer *wr, const tw_finding *x, const tw_xml_position *src)
{
	int rc;
	W(libxml.TextWriterWriteString(wr->w, BAD_CAST "\n"));
	W(libxml.TextWriterStartElement(wr->w, BAD_CAST "finding"));
	if ((rc = put_label(wr, "rule", x->rule)))
		return rc;
	W(libxml.TextWriterWriteAttribute(wr->w, BAD_CAST "severity", BAD_CAST severity_name(x->severity)));
	W(libxml.TextWriterStartElement(wr->w, BAD_CAST "message"));
	if ((rc = put_text(wr, x->message, strlen(x->message))))
		return rc;
	W(libxml.TextWriterEndElement(wr->w));
	if ((rc = put_position(wr, "target", x->line, x->column, x->end_line, x->end_column,
	                       x->offset, x->length)))
		return rc;
	if (src)
		rc = put_position(wr, "source", src->line, src->column, src->end_line,
		                  src->end_column, src->offset, src->length);
	else
		rc = put_position(wr, "source", x->line, x->column, x->end_line, x->end_column,
		                  x->offset, x->length);
	if (rc)
		return rc;
	for (size_t i = 0; i < x->n_suggestions; i++) {
		const char *g = x->suggestions[i] ? x->suggestions[i] : "";
		W(libxml.TextWriterStartElement(wr->w, BAD_CAST "suggestion"));
		if ((rc = put_text(wr, g, strlen(g))))
			return rc;
		W(libxml.TextWriterEndElement(wr->w));
	}
	if (x->note) {
		W(libxml.TextWriterStartElement(wr->w, BAD_CAST "note"));
		if ((rc = put_text(wr, x->note, strlen(x->note))))
			return rc;
		W(libxml.TextWriterEndElement(wr->w));
	}
	W(libxml.TextWriterEndElement(wr->w));
	return TW_OK;
}

static int put_change(writer *wr, const tw_span *s, const char *src, const char *dst)
{
	int rc;
	W(libxml.TextWriterStartElement(wr->w, BAD_CAST "c"));
	if ((rc = put_from(wr, src + s->src_off, s->src_len)))
		return rc;
	if (s->kind && (rc = put_label(wr, "kind", s->kind)))
		return rc;
	if (s->dict && (rc = put_label(wr, "dict", s->dict)))
		return rc;
	W(libxml.TextWriterWriteFormatAttribute(wr->w, BAD_CAST "step", "%d", s->step));
	if ((rc = put_text(wr, dst + s->dst_off, s->dst_len)))
		return rc;
	/* Full end: an empty change (a deletion) stays <c …></c>, readable
	 * either way but plain to see. */
	W(libxml.TextWriterFullEndElement(wr->w));
	return TW_OK;
}

static int put_head(writer *wr, const tw_xml_options *o)
{
	int rc;
	W(libxml.TextWriterStartDocument(wr->w, "1.0", "UTF-8", NULL));
	W(libxml.TextWriterStartElementNS(wr->w, NULL, BAD_CAST "document", NS));
	W(libxml.TextWriterWriteAttribute(wr->w, BAD_CAST "version", BAD_CAST XML_FORMAT_VERSION));
	if (o->profile && (rc = put_label(wr, "profile", o->profile)))
		return rc;
	W(libxml.TextWriterWriteAttribute(wr->w, BAD_CAST "target", BAD_CAST target_name(o->target)));
	if (o->name && (rc = put_label(wr, "name", o->name)))
		return rc;
	if (o->version >= 2 && o->markup && (rc = put_label(wr, "markup", o->markup)))
		return rc;
	/* No indentation anywhere inside <text>: its string value is the text. */
	W(libxml.TextWriterWriteString(wr->w, BAD_CAST "\n"));
	W(libxml.TextWriterStartElement(wr->w, BAD_CAST "text"));
	return TW_OK;
}

static int end_text(writer *wr)
{
	W(libxml.TextWriterFullEndElement(wr->w));
	W(libxml.TextWriterWriteString(wr->w, BAD_CAST "\n"));
	W(libxml.TextWriterStartElement(wr->w, BAD_CAST "findings"));
	return TW_OK;
}

static int put_tail(writer *wr)
{
	if (wr->n_findings)
		W(libxml.TextWriterWriteString(wr->w, BAD_CAST "\n"));
	W(libxml.TextWriterFullEndElement(wr->w));
	W(libxml.TextWriterWriteString(wr->w, BAD_CAST "\n"));
	W(libxml.TextWriterEndElement(wr->w));
	W(libxml.TextWriterEndDocument(wr->w));
	W(libxml.TextWriterFlush(wr->w));
	return TW_OK;
}

/* A failed call leaves the writer failed; the error says whether the
 * callback stopped it or memory ran out. */
static int fail(writer *wr, int rc, tw_error *err)
{
	wr->state = FAILED;
	if (wr->stopped)
		return tw_fail(err, TW_ECALLBACK, 0, "the XML document's receiver stopped the writer");
	if (rc == TW_ENOMEM)
		return tw_fail(err, rc, 0, "out of memory writing the XML document");
	return rc;
}

static int usable(writer *wr, const char *fn, tw_error *err)
{
	if (!wr)
		return tw_fail(err, TW_EINVAL, 0, "%s: no writer", fn);
	if (wr->state == FAILED)
		return tw_fail(err, TW_EINVAL, 0, "%s: the writer failed before", fn);
	if (wr->state == FINISHED)
		return tw_fail(err, TW_EINVAL, 0, "%s: the writer is finished", fn);
	return TW_OK;
}

int tw_xml_writer_open(tw_xml_writer **out, const tw_xml_options *opts, tw_write_fn write,
                       void *userdata, tw_error *err)
{
	static const tw_xml_options defaults = TW_XML_OPTIONS_INIT;
	const tw_xml_options *o = opts ? opts : &defaults;
	if (!out || !write)
		return tw_fail(err, TW_EINVAL, 0, "tw_xml_writer_open: NULL argument");
	*out = NULL;
	if (o->version != TW_XML_OPTIONS_VERSION)
		return tw_fail(err, TW_EINVAL, 0, "unknown tw_xml_options version %u", o->version);
	int rc = libxml_open(err); /* once, under libxml2's lock: see tw_xml_read() */
	if (rc)
		return rc;
	writer *wr = calloc(1, sizeof *wr);
	if (!wr)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	wr->write = write;
	wr->ud = userdata;
	xmlOutputBufferPtr ob = libxml.OutputBufferCreateIO(out_write, out_close, wr, NULL);
	if (!ob) {
		free(wr);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	wr->w = libxml.NewTextWriter(ob); /* owns ob from here on */
	if (!wr->w) {
		libxml.OutputBufferClose(ob);
		free(wr);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	rc = put_head(wr, o);
	if (!rc && wr->stopped)
		rc = TW_ECALLBACK;
	if (rc) {
		rc = fail(wr, rc, err);
		tw_xml_writer_free(wr);
		return rc;
	}
	*out = wr;
	return TW_OK;
}

int xml_writer_put_text(writer *wr, const char *src, const char *dst, const tw_span *sp,
                        size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = sp[i].step < 0 ? put_text(wr, dst + sp[i].dst_off, sp[i].dst_len)
		                        : put_change(wr, &sp[i], src, dst);
		if (rc || wr->stopped)
			return fail(wr, rc ? rc : TW_ECALLBACK, NULL);
		wr->src_total += sp[i].src_len;
		wr->dst_total += sp[i].dst_len;
	}
	return TW_OK;
}

int tw_xml_writer_text(tw_xml_writer *wr, const char *src, size_t src_len, const char *dst,
                       size_t dst_len, const tw_span *spans, size_t n_spans, tw_error *err)
{
	int rc = usable(wr, "tw_xml_writer_text", err);
	if (rc)
		return rc;
	if (wr->state != IN_TEXT)
		return tw_fail(err, TW_EINVAL, 0, "tw_xml_writer_text: the findings have begun");
	if ((!src && src_len) || (!dst && dst_len) || (!spans && n_spans))
		return tw_fail(err, TW_EINVAL, 0, "tw_xml_writer_text: NULL argument");
	src = src ? src : "";
	dst = dst ? dst : "";
	size_t bad;
	if (tw_utf8_validate(src, src_len, &bad))
		return tw_fail(err, TW_EUTF8, wr->src_total + bad,
		               "source text: invalid UTF-8 at byte offset %zu", wr->src_total + bad);
	if (tw_utf8_validate(dst, dst_len, &bad))
		return tw_fail(err, TW_EUTF8, wr->dst_total + bad,
		               "converted text: invalid UTF-8 at byte offset %zu", wr->dst_total + bad);
	if ((rc = xml_check_spans(src, src_len, dst, dst_len, spans, n_spans, err)))
		return rc;
	if ((rc = xml_writer_put_text(wr, src, dst, spans, n_spans)))
		return fail(wr, rc, err);
	return TW_OK;
}

int xml_writer_put_finding(writer *wr, const tw_finding *x, const tw_xml_position *src)
{
	int rc;
	if (wr->state == IN_TEXT) {
		if ((rc = end_text(wr)))
			return fail(wr, rc, NULL);
		wr->state = IN_FINDINGS;
	}
	if ((rc = put_finding(wr, x, src)) || wr->stopped)
		return fail(wr, rc ? rc : TW_ECALLBACK, NULL);
	wr->n_findings++;
	return TW_OK;
}

int tw_xml_writer_findings(tw_xml_writer *wr, const tw_finding *items, size_t n,
                           const tw_xml_position *sources, tw_error *err)
{
	int rc = usable(wr, "tw_xml_writer_findings", err);
	if (rc)
		return rc;
	if (!items && n)
		return tw_fail(err, TW_EINVAL, 0, "tw_xml_writer_findings: NULL argument");
	for (size_t i = 0; i < n; i++) {
		const tw_finding *x = &items[i];
		if (x->offset > wr->dst_total || x->length > wr->dst_total - x->offset)
			return tw_fail(err, TW_EINVAL, 0, "finding %zu (%s) is not a span of the text", i,
			               x->rule ? x->rule : "?");
		if (!x->rule || !x->message || (x->n_suggestions && !x->suggestions))
			return tw_fail(err, TW_EINVAL, 0, "finding %zu lacks a rule or message", i);
		if ((rc = xml_writer_put_finding(wr, x, sources ? &sources[i] : NULL)))
			return fail(wr, rc, err);
	}
	return TW_OK;
}

int tw_xml_writer_finish(tw_xml_writer *wr, tw_error *err)
{
	int rc = usable(wr, "tw_xml_writer_finish", err);
	if (rc)
		return rc;
	if (wr->state == IN_TEXT && (rc = end_text(wr)))
		return fail(wr, rc, err);
	if ((rc = put_tail(wr)) || wr->stopped)
		return fail(wr, rc ? rc : TW_ECALLBACK, err);
	wr->state = FINISHED;
	return TW_OK;
}

void tw_xml_writer_free(tw_xml_writer *wr)
{
	if (!wr)
		return;
	wr->closing = 1;
	libxml.FreeTextWriter(wr->w); /* closes the output buffer */
	buf_release(&wr->scratch);
	free(wr);
}
