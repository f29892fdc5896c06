/* Writing the annotated XML document (format in docs/xml.md) through
 * libxml2's xmlTextWriter, into memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#include "internal.h"
#include "tongwen/xml.h"
#include "utf8.h"
#include "xml_internal.h"

#define NS BAD_CAST TW_XML_NAMESPACE

/* Per-call state: the writer, where it writes, and a scratch buffer for the
 * NUL-terminated pieces xmlTextWriter wants. */
typedef struct writer {
	xmlTextWriterPtr w;
	buf out;
	int oom;      /* the output callback failed to grow `out` */
	buf scratch;
} writer;

static int out_write(void *ctx, const char *data, int len)
{
	writer *wr = ctx;
	if (buf_append(&wr->out, data, (size_t)len)) {
		wr->oom = 1;
		return -1;
	}
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
			W(xmlTextWriterWriteString(wr->w, t));
		}
		W(xmlTextWriterStartElement(wr->w, BAD_CAST "x"));
		W(xmlTextWriterWriteFormatAttribute(wr->w, BAD_CAST "cp", "%X", (unsigned)cp));
		W(xmlTextWriterEndElement(wr->w));
		i += n;
		run = i;
	}
	if (len > run) {
		const xmlChar *t = cstr(wr, s + run, len - run);
		if (!t)
			return TW_ENOMEM;
		W(xmlTextWriterWriteString(wr->w, t));
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
	W(xmlTextWriterWriteAttribute(wr->w, BAD_CAST name, BAD_CAST wr->scratch.data));
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
		W(xmlTextWriterWriteAttribute(wr->w, BAD_CAST "from", t));
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
	W(xmlTextWriterWriteAttribute(wr->w, BAD_CAST "from-cp", BAD_CAST wr->scratch.data));
	return TW_OK;
}

static int put_size(writer *wr, const char *name, size_t v)
{
	W(xmlTextWriterWriteFormatAttribute(wr->w, BAD_CAST name, "%zu", v));
	return TW_OK;
}

/* ---------------------------------------------------------------- positions */

/* Start offsets of the lines of a text (a line ends after '\n'), and a
 * cursor: the last position asked for, from which the next is counted. */
typedef struct lines {
	const char *text;
	size_t len;
	size_t *start;
	size_t n;
	size_t at, at_line, at_col; /* byte offset, line index, 1-based column */
} lines;

static int lines_index(lines *l, const char *text, size_t len)
{
	size_t n = 1;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	l->text = text;
	l->len = len;
	l->n = 0;
	l->start = malloc(n * sizeof *l->start);
	if (!l->start)
		return TW_ENOMEM;
	l->start[l->n++] = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			l->start[l->n++] = i + 1;
	l->at = 0;
	l->at_line = 0;
	l->at_col = 1;
	return TW_OK;
}

/* 1-based line and code-point column of byte offset off. The column is
 * counted from the cursor when off is on its line (findings come in order,
 * so a long line is walked once, not once per finding), else from the
 * start of off's line. */
static void lines_pos(lines *l, size_t off, size_t *line, size_t *col)
{
	size_t ln = l->at_line;
	int same = l->start[ln] <= off && (ln + 1 >= l->n || off < l->start[ln + 1]);
	if (same && off >= l->at) {
		l->at_col += tw_utf8_codepoints(l->text + l->at, off - l->at);
	} else if (same && off - l->start[ln] > l->at - off) {
		l->at_col -= tw_utf8_codepoints(l->text + off, l->at - off);
	} else {
		size_t lo = 0, hi = l->n;
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;
			if (l->start[mid] <= off)
				lo = mid;
			else
				hi = mid;
		}
		l->at_line = lo;
		l->at_col = 1 + tw_utf8_codepoints(l->text + l->start[lo], off - l->start[lo]);
	}
	l->at = off;
	*line = l->at_line + 1;
	*col = l->at_col;
}

/* Source offset of target offset t where a finding starts: proportional in
 * an unchanged span, the start of the source of a changed span. */
static size_t map_start(const tw_span *sp, size_t n, size_t src_len, size_t t)
{
	size_t lo = 0, hi = n; /* first span ending after t */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sp[mid].dst_off + sp[mid].dst_len > t)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo == n)
		return src_len;
	if (sp[lo].step < 0)
		return sp[lo].src_off + (t - sp[lo].dst_off);
	return sp[lo].src_off;
}

/* Source offset of target offset e where a finding ends: proportional in an
 * unchanged span, the end of the source of a changed span. */
static size_t map_end(const tw_span *sp, size_t n, size_t e)
{
	size_t lo = 0, hi = n; /* first span starting at or after e */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sp[mid].dst_off >= e)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo == 0)
		return 0;
	const tw_span *s = &sp[lo - 1];
	if (s->step < 0)
		return s->src_off + (e - s->dst_off);
	return s->src_off + s->src_len;
}

/* ---------------------------------------------------------------- validation */

static int is_boundary(const char *s, size_t len, size_t off)
{
	return off == len || (off < len && ((unsigned char)s[off] & 0xC0) != 0x80);
}

static int check_spans(const char *src, size_t src_len, const char *dst, size_t dst_len,
                       const tw_span *sp, size_t n, tw_error *err)
{
	size_t s = 0, d = 0;
	for (size_t i = 0; i < n; i++) {
		if (sp[i].src_off != s || sp[i].dst_off != d || sp[i].src_len > src_len - s ||
		    sp[i].dst_len > dst_len - d)
			return tw_fail(err, TW_EINVAL, 0, "span %zu does not continue the alignment", i);
		if (sp[i].step < 0 && (sp[i].src_len != sp[i].dst_len ||
		                       memcmp(src + s, dst + d, sp[i].src_len) != 0))
			return tw_fail(err, TW_EINVAL, 0, "span %zu is marked unchanged but differs", i);
		s += sp[i].src_len;
		d += sp[i].dst_len;
		if (!is_boundary(src, src_len, s) || !is_boundary(dst, dst_len, d))
			return tw_fail(err, TW_EINVAL, 0, "span %zu ends inside a character", i);
	}
	if (s != src_len || d != dst_len)
		return tw_fail(err, TW_EINVAL, 0, "the spans cover %zu of %zu source and %zu of %zu "
		               "target bytes", s, src_len, d, dst_len);
	return TW_OK;
}

static int check_findings(const char *dst, size_t dst_len, const tw_findings *f, tw_error *err)
{
	for (size_t i = 0; f && i < f->count; i++) {
		const tw_finding *x = &f->items[i];
		if (x->offset > dst_len || x->length > dst_len - x->offset ||
		    !is_boundary(dst, dst_len, x->offset) ||
		    !is_boundary(dst, dst_len, x->offset + x->length))
			return tw_fail(err, TW_EINVAL, 0, "finding %zu (%s) is not a span of the text", i,
			               x->rule ? x->rule : "?");
		if (!x->rule || !x->message || (x->n_suggestions && !x->suggestions))
			return tw_fail(err, TW_EINVAL, 0, "finding %zu lacks a rule or message", i);
	}
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
	W(xmlTextWriterStartElement(wr->w, BAD_CAST name));
	if ((rc = put_size(wr, "line", line)) || (rc = put_size(wr, "column", col)) ||
	    (rc = put_size(wr, "end-line", end_line)) || (rc = put_size(wr, "end-column", end_col)) ||
	    (rc = put_size(wr, "offset", off)) || (rc = put_size(wr, "length", len)))
		return rc;
	W(xmlTextWriterEndElement(wr->w));
	return TW_OK;
}

/* src_s and src_e: the source's lines with a cursor for the findings'
 * starts and one for their ends. */
static int put_finding(writer *wr, const tw_finding *x, lines *src_s, lines *src_e,
                       const tw_span *sp, size_t n)
{
	int rc;
	W(xmlTextWriterWriteString(wr->w, BAD_CAST "\n"));
	W(xmlTextWriterStartElement(wr->w, BAD_CAST "finding"));
	if ((rc = put_label(wr, "rule", x->rule)))
		return rc;
	W(xmlTextWriterWriteAttribute(wr->w, BAD_CAST "severity", BAD_CAST severity_name(x->severity)));
	W(xmlTextWriterStartElement(wr->w, BAD_CAST "message"));
	if ((rc = put_text(wr, x->message, strlen(x->message))))
		return rc;
	W(xmlTextWriterEndElement(wr->w));
	if ((rc = put_position(wr, "target", x->line, x->column, x->end_line, x->end_column,
	                       x->offset, x->length)))
		return rc;
	size_t s = map_start(sp, n, src_s->len, x->offset);
	size_t e = x->length ? map_end(sp, n, x->offset + x->length) : s;
	if (e < s)
		e = s;
	size_t line, col, end_line, end_col;
	lines_pos(src_s, s, &line, &col);
	lines_pos(src_e, e, &end_line, &end_col);
	if ((rc = put_position(wr, "source", line, col, end_line, end_col, s, e - s)))
		return rc;
	for (size_t i = 0; i < x->n_suggestions; i++) {
		const char *g = x->suggestions[i] ? x->suggestions[i] : "";
		W(xmlTextWriterStartElement(wr->w, BAD_CAST "suggestion"));
		if ((rc = put_text(wr, g, strlen(g))))
			return rc;
		W(xmlTextWriterEndElement(wr->w));
	}
	if (x->note) {
		W(xmlTextWriterStartElement(wr->w, BAD_CAST "note"));
		if ((rc = put_text(wr, x->note, strlen(x->note))))
			return rc;
		W(xmlTextWriterEndElement(wr->w));
	}
	W(xmlTextWriterEndElement(wr->w));
	return TW_OK;
}

static int put_change(writer *wr, const tw_span *s, const char *src, const char *dst)
{
	int rc;
	W(xmlTextWriterStartElement(wr->w, BAD_CAST "c"));
	if ((rc = put_from(wr, src + s->src_off, s->src_len)))
		return rc;
	if (s->kind && (rc = put_label(wr, "kind", s->kind)))
		return rc;
	if (s->dict && (rc = put_label(wr, "dict", s->dict)))
		return rc;
	W(xmlTextWriterWriteFormatAttribute(wr->w, BAD_CAST "step", "%d", s->step));
	if ((rc = put_text(wr, dst + s->dst_off, s->dst_len)))
		return rc;
	/* Full end: an empty change (a deletion) stays <c …></c>, readable
	 * either way but plain to see. */
	W(xmlTextWriterFullEndElement(wr->w));
	return TW_OK;
}

static int put_document(writer *wr, const char *src, size_t src_len, const char *dst,
                        const tw_span *sp, size_t n, const tw_findings *f,
                        const tw_xml_options *o)
{
	int rc;
	W(xmlTextWriterStartDocument(wr->w, "1.0", "UTF-8", NULL));
	W(xmlTextWriterStartElementNS(wr->w, NULL, BAD_CAST "document", NS));
	W(xmlTextWriterWriteAttribute(wr->w, BAD_CAST "version", BAD_CAST XML_FORMAT_VERSION));
	if (o->profile && (rc = put_label(wr, "profile", o->profile)))
		return rc;
	W(xmlTextWriterWriteAttribute(wr->w, BAD_CAST "target", BAD_CAST target_name(o->target)));
	if (o->name && (rc = put_label(wr, "name", o->name)))
		return rc;
	if (o->version >= 2 && o->markup && (rc = put_label(wr, "markup", o->markup)))
		return rc;
	/* No indentation anywhere inside <text>: its string value is the text. */
	W(xmlTextWriterWriteString(wr->w, BAD_CAST "\n"));
	W(xmlTextWriterStartElement(wr->w, BAD_CAST "text"));
	for (size_t i = 0; i < n; i++) {
		if (sp[i].step < 0)
			rc = put_text(wr, dst + sp[i].dst_off, sp[i].dst_len);
		else
			rc = put_change(wr, &sp[i], src, dst);
		if (rc)
			return rc;
	}
	W(xmlTextWriterFullEndElement(wr->w));
	W(xmlTextWriterWriteString(wr->w, BAD_CAST "\n"));
	W(xmlTextWriterStartElement(wr->w, BAD_CAST "findings"));
	lines li;
	if ((rc = lines_index(&li, src, src_len)))
		return rc;
	lines le = li;
	for (size_t i = 0; f && i < f->count && !rc; i++)
		rc = put_finding(wr, &f->items[i], &li, &le, sp, n);
	free(li.start);
	if (rc)
		return rc;
	if (f && f->count)
		W(xmlTextWriterWriteString(wr->w, BAD_CAST "\n"));
	W(xmlTextWriterFullEndElement(wr->w));
	W(xmlTextWriterWriteString(wr->w, BAD_CAST "\n"));
	W(xmlTextWriterEndElement(wr->w));
	W(xmlTextWriterEndDocument(wr->w));
	return TW_OK;
}

static int render(char **out, size_t *out_len, const char *src, size_t src_len, const char *dst,
                  size_t dst_len, const tw_span *sp, size_t n, const tw_findings *f,
                  const tw_xml_options *opts, tw_error *err)
{
	static const tw_xml_options defaults = TW_XML_OPTIONS_INIT;
	const tw_xml_options *o = opts ? opts : &defaults;
	if (o->version != TW_XML_OPTIONS_VERSION)
		return tw_fail(err, TW_EINVAL, 0, "unknown tw_xml_options version %u", o->version);
	size_t bad;
	if (tw_utf8_validate(src, src_len, &bad))
		return tw_fail(err, TW_EUTF8, bad, "source text: invalid UTF-8 at byte offset %zu", bad);
	if (tw_utf8_validate(dst, dst_len, &bad))
		return tw_fail(err, TW_EUTF8, bad, "converted text: invalid UTF-8 at byte offset %zu",
		               bad);
	int rc = check_spans(src, src_len, dst, dst_len, sp, n, err);
	if (!rc)
		rc = check_findings(dst, dst_len, f, err);
	if (rc)
		return rc;

	xmlInitParser(); /* once, under libxml2's lock: see tw_xml_read() */
	writer wr = {0};
	xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(out_write, out_close, &wr, NULL);
	if (!ob)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	wr.w = xmlNewTextWriter(ob); /* owns ob from here on */
	if (!wr.w) {
		xmlOutputBufferClose(ob);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	rc = put_document(&wr, src, src_len, dst, sp, n, f, o);
	xmlFreeTextWriter(wr.w); /* flushes and closes the output buffer */
	buf_release(&wr.scratch);
	if (!rc && (wr.oom || buf_append(&wr.out, "", 1)))
		rc = TW_ENOMEM;
	if (rc) {
		buf_release(&wr.out);
		return tw_fail(err, rc, 0, "out of memory writing the XML document");
	}
	*out = wr.out.data;
	if (out_len)
		*out_len = wr.out.len - 1;
	return TW_OK;
}

int tw_xml_render(char **out, size_t *out_len, const char *src, size_t src_len, const char *dst,
                  size_t dst_len, const tw_span *spans, size_t n_spans,
                  const tw_findings *findings, const tw_xml_options *opts, tw_error *err)
{
	if (!out || (!src && src_len) || (!dst && dst_len) || (!spans && n_spans))
		return tw_fail(err, TW_EINVAL, 0, "tw_xml_render: NULL argument");
	*out = NULL;
	return render(out, out_len, src ? src : "", src_len, dst ? dst : "", dst_len, spans, n_spans,
	              findings, opts, err);
}

int tw_xml_render_text(char **out, size_t *out_len, const char *text, size_t len,
                       const tw_findings *findings, const tw_xml_options *opts, tw_error *err)
{
	if (!out || (!text && len))
		return tw_fail(err, TW_EINVAL, 0, "tw_xml_render_text: NULL argument");
	*out = NULL;
	text = text ? text : "";
	tw_span whole = {0, len, 0, len, -1, NULL, NULL, NULL};
	return render(out, out_len, text, len, text, len, &whole, len ? 1 : 0, findings, opts, err);
}
