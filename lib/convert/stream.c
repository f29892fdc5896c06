/* Streaming conversion in bounded memory.
 *
 * Input is buffered until it holds a byte that no dictionary key contains
 * (a "breaker", normally a line break); everything up to and including the
 * last breaker is converted and written, the rest waits for more input. No
 * match in segmentation or in any step can span a breaker, so the output is
 * the same as converting the whole input at once. */
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "utf8.h"

#define STREAM_MAX_PENDING ((size_t)64 << 20)
/* The fuzz build sets a tiny threshold so that short inputs reach the cut. */
#ifdef TW_STREAM_FLUSH_AT
#define STREAM_FLUSH_AT ((size_t)(TW_STREAM_FLUSH_AT))
#else
#define STREAM_FLUSH_AT ((size_t)256 << 10)
#endif

struct tw_stream {
	const tw_profile *p;
	tw_write_fn write;
	void *ud;
	buf in, out;
	size_t consumed; /* bytes of the stream already converted */
	size_t scanned;  /* bytes of `in` known to hold no breaker */
	int failed;
};

int tw_stream_new(tw_stream **out, const tw_profile *p, tw_write_fn write, void *ud)
{
	if (!out)
		return TW_EINVAL;
	*out = NULL;
	if (!p || !write)
		return TW_EINVAL;
	tw_stream *s = calloc(1, sizeof *s);
	if (!s)
		return TW_ENOMEM;
	s->p = p;
	s->write = write;
	s->ud = ud;
	*out = s;
	return TW_OK;
}

/* Converts in[0..n) (complete characters), writes it and drops it. */
static int flush_prefix(tw_stream *s, size_t n, tw_error *err)
{
	size_t bad = utf8_valid_prefix(s->in.data, n);
	if (bad != n) {
		s->failed = 1;
		return tw_fail(err, TW_EUTF8, s->consumed + bad, "invalid UTF-8 at byte offset %zu",
		               s->consumed + bad);
	}
	s->out.len = 0;
	int rc = convert_run(s->p, s->in.data, n, &s->out, NULL, 0);
	if (rc) {
		s->failed = 1;
		return tw_fail(err, rc, s->consumed, "conversion: %s", tw_strerror(rc));
	}
	if (s->out.len && s->write(s->ud, s->out.data, s->out.len)) {
		s->failed = 1;
		return tw_fail(err, TW_ECALLBACK, s->consumed, "output write failed");
	}
	memmove(s->in.data, s->in.data + n, s->in.len - n);
	s->in.len -= n;
	s->consumed += n;
	s->scanned = 0;
	return TW_OK;
}

int tw_stream_feed(tw_stream *s, const char *data, size_t len, tw_error *err)
{
	if (!s || (!data && len))
		return tw_fail(err, TW_EINVAL, 0, "tw_stream_feed: NULL argument");
	if (s->failed)
		return tw_fail(err, TW_EINVAL, s->consumed, "stream already failed");
	if (buf_append(&s->in, data, len))
		return tw_fail(err, TW_ENOMEM, s->consumed, "out of memory");
	if (s->in.len < STREAM_FLUSH_AT)
		return TW_OK;
	size_t cut = 0;
	for (size_t i = s->in.len; i > s->scanned; i--) {
		unsigned char b = (unsigned char)s->in.data[i - 1];
		if (b < 0x80 && s->p->breaker[b]) {
			cut = i;
			break;
		}
	}
	if (cut)
		return flush_prefix(s, cut, err);
	s->scanned = s->in.len;
	if (s->in.len > STREAM_MAX_PENDING) {
		s->failed = 1;
		return tw_fail(err, TW_ETOOBIG, s->consumed,
		               "more than %zu MiB without a line break or other safe cut point "
		               "starting at byte offset %zu",
		               STREAM_MAX_PENDING >> 20, s->consumed);
	}
	return TW_OK;
}

int tw_stream_finish(tw_stream *s, tw_error *err)
{
	if (!s)
		return tw_fail(err, TW_EINVAL, 0, "tw_stream_finish: NULL stream");
	if (s->failed)
		return tw_fail(err, TW_EINVAL, s->consumed, "stream already failed");
	return s->in.len ? flush_prefix(s, s->in.len, err) : TW_OK;
}

void tw_stream_free(tw_stream *s)
{
	if (!s)
		return;
	buf_release(&s->in);
	buf_release(&s->out);
	free(s);
}
