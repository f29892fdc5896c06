/* The public one-shot conversions (tw_convert, tw_convert_into,
 * tw_convert_aligned, tw_convert_aligned_into): argument and UTF-8 checks,
 * the output buffers, and large inputs cut into pieces, each converted by
 * convert_run (runs.c). */
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "utf8.h"

static int check_input(const tw_profile *p, const char *in, size_t len, tw_error *err)
{
	if (!p || (!in && len))
		return tw_fail(err, TW_EINVAL, 0, "conversion: NULL profile or input");
	size_t bad;
	if (tw_utf8_validate(in, len, &bad))
		return tw_fail(err, TW_EUTF8, bad, "invalid UTF-8 at byte offset %zu", bad);
	return TW_OK;
}

/* Large inputs are validated and converted a scope at a time (convert.h),
 * cut as the stream cuts them, so each piece is still in cache when it is
 * converted. */
size_t convert_scope_end(const tw_profile *p, const char *in, size_t len, size_t start)
{
	size_t end = len;
	if (len - start > 2 * CONVERT_SCOPE) {
		for (end = start + CONVERT_SCOPE; end < len; end++) {
			unsigned char c = (unsigned char)in[end - 1];
			if (c < 0x80 && p->breaker[c])
				break;
		}
	}
	return end;
}

/* Room for the output and spans of all len bytes at the rate of the first
 * piece's `first` bytes, and a quarter more: a long text's spans (64 bytes
 * each, about one per two characters of Hong Kong copy) grew by doubling,
 * every step copied, which cost more than the conversion. */
static int reserve_like_first(buf *b, span_vec *sv, size_t first, size_t len)
{
	double scale = (double)len / (double)first * 1.25;
	double out = (double)b->len * scale, spans = (double)sv->n * scale + 64;
	if (out < (double)(SIZE_MAX / 4) && b->cap < (size_t)out &&
	    buf_reserve(b, (size_t)out - b->len))
		return TW_ENOMEM;
	if (spans < (double)(SIZE_MAX / 4 / sizeof *sv->v)) {
		tw_span *v = array_reserve(sv->v, &sv->cap, sizeof *v, sv->n, (size_t)spans);
		if (!v)
			return TW_ENOMEM;
		sv->v = v;
	}
	return TW_OK;
}

size_t tw_convert_scope(const tw_profile *p, const char *text, size_t len, int more)
{
	if (!p || !text)
		return more ? 0 : len;
	if (len <= 2 * CONVERT_SCOPE)
		return more ? 0 : len;
	size_t end = convert_scope_end(p, text, len, 0);
	/* Without a breaker in what is held, the scope may go on. */
	return end == len && more ? 0 : end;
}

/* Converts valid in[0..len) with its alignment a piece at a time (the
 * spans' offsets those of the whole input): the layers that rewrite a
 * piece's text before conversion then touch the spans of that piece only. */
static int convert_aligned_pieces(const tw_profile *p, const char *in, size_t len, buf *b,
                                  span_vec *sv)
{
	int rc = TW_OK;
	for (size_t start = 0; !rc && start < len;) {
		size_t end = convert_scope_end(p, in, len, start);
		rc = convert_run(p, in + start, end - start, b, sv, start);
		if (!rc && !start && end < len)
			rc = reserve_like_first(b, sv, end, len);
		start = end;
	}
	if (!rc && !(rc = buf_reserve(b, 1)))
		b->data[b->len] = '\0';
	return rc;
}

/* Converts in[0..len) into b (emptied first), NUL-terminated. */
static int convert_whole(buf *b, const tw_profile *p, const char *in, size_t len, tw_error *err)
{
	if (!p || (!in && len))
		return tw_fail(err, TW_EINVAL, 0, "conversion: NULL profile or input");
	b->len = 0;
	/* Hong Kong copy rarely grows when converted: one allocation up front
	 * in the common case. */
	int rc = buf_reserve(b, len + len / 8 + 1);
	size_t start = 0;
	while (!rc && start < len) {
		size_t end = convert_scope_end(p, in, len, start);
		size_t ok = utf8_valid_prefix(in + start, end - start);
		if (ok != end - start)
			return tw_fail(err, TW_EUTF8, start + ok, "invalid UTF-8 at byte offset %zu",
			               start + ok);
		rc = convert_run(p, in + start, end - start, b, NULL, 0);
		start = end;
	}
	if (rc)
		return tw_fail(err, rc, 0, "conversion: %s", tw_strerror(rc));
	b->data[b->len] = '\0';
	return TW_OK;
}

int tw_convert(char **out, size_t *out_len, const tw_profile *p, const char *in, size_t len,
               tw_error *err)
{
	if (!out || !out_len)
		return tw_fail(err, TW_EINVAL, 0, "tw_convert: NULL output argument");
	*out = NULL;
	*out_len = 0;
	buf b = {0};
	int rc = convert_whole(&b, p, in, len, err);
	if (rc) {
		buf_release(&b);
		return rc;
	}
	*out = b.data;
	*out_len = b.len;
	return TW_OK;
}

int tw_convert_into(char **out, size_t *cap, size_t *out_len, const tw_profile *p,
                    const char *in, size_t len, tw_error *err)
{
	if (!out || !cap || !out_len || (!*out && *cap))
		return tw_fail(err, TW_EINVAL, 0, "tw_convert_into: NULL output argument");
	*out_len = 0;
	buf b = {*out, 0, *out ? *cap : 0};
	int rc = convert_whole(&b, p, in, len, err);
	*out = b.data;
	*cap = b.cap;
	if (rc)
		return rc;
	*out_len = b.len;
	return TW_OK;
}

int tw_convert_aligned_into(char **out, size_t *cap, size_t *out_len, tw_span **spans,
                            size_t *spans_cap, size_t *n_spans, const tw_profile *p,
                            const char *in, size_t len, tw_error *err)
{
	if (!out || !cap || !out_len || !spans || !spans_cap || !n_spans || (!*out && *cap) ||
	    (!*spans && *spans_cap))
		return tw_fail(err, TW_EINVAL, 0, "tw_convert_aligned_into: NULL output argument");
	*out_len = 0;
	*n_spans = 0;
	int rc = check_input(p, in, len, err);
	if (rc)
		return rc;
	buf b = {*out, 0, *out ? *cap : 0};
	span_vec sv = {*spans, 0, *spans ? *spans_cap : 0};
	rc = convert_aligned_pieces(p, in ? in : "", len, &b, &sv);
	*out = b.data;
	*cap = b.cap;
	*spans = sv.v;
	*spans_cap = sv.cap;
	if (rc)
		return tw_fail(err, rc, 0, "conversion: %s", tw_strerror(rc));
	b.data[b.len] = '\0';
	*out_len = b.len;
	*n_spans = sv.n;
	return TW_OK;
}

int tw_convert_aligned(char **out, size_t *out_len, tw_span **spans, size_t *n_spans,
                       const tw_profile *p, const char *in, size_t len, tw_error *err)
{
	if (!out || !out_len || !spans || !n_spans)
		return tw_fail(err, TW_EINVAL, 0, "tw_convert_aligned: NULL output argument");
	*out = NULL;
	*out_len = 0;
	*spans = NULL;
	*n_spans = 0;
	int rc = check_input(p, in, len, err);
	if (rc)
		return rc;
	buf b = {0};
	span_vec sv = {0};
	rc = convert_aligned_pieces(p, in ? in : "", len, &b, &sv);
	if (rc) {
		buf_release(&b);
		free(sv.v);
		return tw_fail(err, rc, 0, "conversion: %s", tw_strerror(rc));
	}
	*out = b.data;
	*out_len = b.len;
	*spans = sv.v;
	*n_spans = sv.n;
	return TW_OK;
}
