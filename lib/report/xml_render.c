/* The whole annotated document at once (tw_xml_render, tw_xml_write):
 * the inputs checked first, then written through the writer
 * (xml_write.c), each finding's source position found through the
 * alignment. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tongwen/xml.h"
#include "utf8.h"
#include "xml_internal.h"

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

int xml_check_spans(const char *src, size_t src_len, const char *dst, size_t dst_len,
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

/* Writes the whole document through an open writer: the text, then each
 * finding with its source position found through the spans. */
static int put_document(tw_xml_writer *w, const char *src, size_t src_len, const char *dst,
                        const tw_span *sp, size_t n, const tw_findings *f)
{
	int rc = xml_writer_put_text(w, src, dst, sp, n);
	if (rc)
		return rc;
	/* src_s and src_e: the source's lines with a cursor for the findings'
	 * starts and one for their ends. */
	lines src_s;
	if ((rc = lines_index(&src_s, src, src_len)))
		return rc;
	lines src_e = src_s;
	for (size_t i = 0; f && i < f->count && !rc; i++) {
		const tw_finding *x = &f->items[i];
		tw_xml_position p;
		size_t s = map_start(sp, n, src_len, x->offset);
		size_t e = x->length ? map_end(sp, n, x->offset + x->length) : s;
		if (e < s)
			e = s;
		lines_pos(&src_s, s, &p.line, &p.column);
		lines_pos(&src_e, e, &p.end_line, &p.end_column);
		p.offset = s;
		p.length = e - s;
		rc = xml_writer_put_finding(w, x, &p);
	}
	free(src_s.start);
	return rc;
}

static int write_doc(tw_write_fn write, void *ud, const char *src, size_t src_len,
                     const char *dst, size_t dst_len, const tw_span *sp, size_t n,
                     const tw_findings *f, const tw_xml_options *opts, tw_error *err)
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
	int rc = xml_check_spans(src, src_len, dst, dst_len, sp, n, err);
	if (!rc)
		rc = check_findings(dst, dst_len, f, err);
	if (rc)
		return rc;
	tw_xml_writer *w;
	if ((rc = tw_xml_writer_open(&w, o, write, ud, err)))
		return rc;
	rc = put_document(w, src, src_len, dst, sp, n, f);
	if (rc == TW_ECALLBACK)
		tw_fail(err, rc, 0, "the XML document's receiver stopped the writer");
	else if (rc)
		tw_fail(err, rc, 0, "out of memory writing the XML document");
	else
		rc = tw_xml_writer_finish(w, err);
	tw_xml_writer_free(w);
	return rc;
}

int tw_xml_write(tw_write_fn write, void *userdata, const char *src, size_t src_len,
                 const char *dst, size_t dst_len, const tw_span *spans, size_t n_spans,
                 const tw_findings *findings, const tw_xml_options *opts, tw_error *err)
{
	if (!write || (!src && src_len) || (!dst && dst_len) || (!spans && n_spans))
		return tw_fail(err, TW_EINVAL, 0, "tw_xml_write: NULL argument");
	return write_doc(write, userdata, src ? src : "", src_len, dst ? dst : "", dst_len, spans,
	                 n_spans, findings, opts, err);
}

static int to_buf(void *ud, const char *data, size_t len)
{
	return buf_append(ud, data, len);
}

static int render(char **out, size_t *out_len, const char *src, size_t src_len, const char *dst,
                  size_t dst_len, const tw_span *sp, size_t n, const tw_findings *f,
                  const tw_xml_options *opts, tw_error *err)
{
	buf b = {0};
	int rc = write_doc(to_buf, &b, src, src_len, dst, dst_len, sp, n, f, opts, err);
	if (rc == TW_ECALLBACK) /* only growing the buffer can fail */
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory writing the XML document");
	if (!rc && buf_append(&b, "", 1))
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory writing the XML document");
	if (rc) {
		buf_release(&b);
		return rc;
	}
	*out = b.data;
	if (out_len)
		*out_len = b.len - 1;
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
