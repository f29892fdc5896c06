/* Conversion of a selection (tongwen/edit.h): the text around it is
 * converted as a whole so that a term across the selection's edge is
 * rewritten as the whole text would rewrite it, then the part the selection
 * touches is cut out along the alignment. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tongwen/edit.h"

static int is_break(char c)
{
	return c == '\n' || c == '\r';
}

/* Cuts [off, off+n) out of a conversion whose spans have src offsets in the
 * text and dst offsets in conv. */
static int cut(char **out, size_t *out_len, size_t *range_off, size_t *range_len,
               tw_span **spans_out, size_t *n_out, const char *conv, const tw_span *sp,
               size_t nsp, size_t off, size_t n, tw_error *err)
{
	size_t i0 = 0;
	if (n == 0)
		i0 = nsp; /* an empty selection converts to nothing */
	while (i0 < nsp && sp[i0].src_off + sp[i0].src_len <= off)
		i0++;
	size_t i1 = i0;
	while (i1 + 1 < nsp && sp[i1 + 1].src_off < off + n)
		i1++;
	size_t rs = off, re = off, ds = 0, de = 0;
	if (i0 < nsp) {
		const tw_span *a = &sp[i0], *b = &sp[i1];
		if (a->step >= 0) {
			rs = a->src_off;
			ds = a->dst_off;
		} else {
			ds = a->dst_off + (off - a->src_off);
		}
		if (b->step >= 0) {
			re = b->src_off + b->src_len;
			de = b->dst_off + b->dst_len;
		} else {
			re = off + n;
			de = b->dst_off + (off + n - b->src_off);
		}
	}
	char *o = malloc(de - ds + 1);
	size_t k = i0 < nsp ? i1 - i0 + 1 : 0;
	tw_span *s = spans_out ? malloc((k + 1) * sizeof *s) : NULL;
	if (!o || (spans_out && !s)) {
		free(o);
		free(s);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	memcpy(o, conv + ds, de - ds);
	o[de - ds] = '\0';
	if (s) {
		for (size_t j = 0; j < k; j++) {
			tw_span t = sp[i0 + j];
			size_t src_end = t.src_off + t.src_len, dst_end = t.dst_off + t.dst_len;
			if (t.step < 0) {
				/* an unchanged span may be cut: its bytes map one to one */
				if (t.src_off < rs) {
					t.dst_off += rs - t.src_off;
					t.src_off = rs;
				}
				if (src_end > re) {
					dst_end -= src_end - re;
					src_end = re;
				}
			}
			t.src_len = src_end - t.src_off;
			t.dst_len = dst_end - t.dst_off;
			t.dst_off -= ds;
			s[j] = t;
		}
		*spans_out = s;
		*n_out = k;
	}
	*out = o;
	*out_len = de - ds;
	*range_off = rs;
	*range_len = re - rs;
	return TW_OK;
}

int tw_convert_range(char **out, size_t *out_len, size_t *range_off, size_t *range_len,
                     tw_span **spans, size_t *n_spans, const tw_profile *profile,
                     const tw_document *doc, const char *text, size_t len, size_t off, size_t n,
                     tw_error *err)
{
	if (out)
		*out = NULL;
	if (spans)
		*spans = NULL;
	if (n_spans)
		*n_spans = 0;
	if (!out || !out_len || !range_off || !range_len || !profile || (!text && len) ||
	    (spans && !n_spans))
		return tw_fail(err, TW_EINVAL, 0, "tw_convert_range: missing argument");
	if (off > len || n > len - off)
		return tw_fail(err, TW_EINVAL, off, "range %zu+%zu outside a text of %zu bytes", off, n,
		               len);
	/* whole characters: a range from an editor may end inside one */
	size_t end = off + n;
	while (off > 0 && off < len && ((unsigned char)text[off] & 0xC0) == 0x80)
		off--;
	while (end < len && ((unsigned char)text[end] & 0xC0) == 0x80)
		end++;
	n = end - off;
	char *conv = NULL;
	size_t conv_len = 0, nsp = 0;
	tw_span *sp = NULL;
	int rc;
	if (doc) {
		rc = tw_doc_convert(&conv, &conv_len, &sp, &nsp, doc, profile, NULL, err);
	} else {
		/* conversion never reaches across a line break, so the lines
		 * around the range are all the context it needs */
		size_t ls = off, le = off + n;
		while (ls > 0 && !is_break(text[ls - 1]))
			ls--;
		while (le < len && !is_break(text[le]))
			le++;
		rc = tw_convert_aligned(&conv, &conv_len, &sp, &nsp, profile, text + ls, le - ls, err);
		if (rc == TW_EUTF8 && err)
			err->offset += ls;
		for (size_t i = 0; !rc && i < nsp; i++)
			sp[i].src_off += ls;
	}
	if (!rc)
		rc = cut(out, out_len, range_off, range_len, spans, n_spans, conv, sp, nsp, off, n, err);
	tw_free(conv);
	tw_free(sp);
	return rc;
}
