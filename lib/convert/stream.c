/* Streaming conversion in bounded memory.
 *
 * Input is buffered until it holds more than two scopes (convert.h); the
 * first scope, which ends after a byte that no dictionary key contains (a
 * "breaker", normally a line break), is converted and written, the rest
 * waits for more input. The scopes are those a whole conversion of the
 * text cuts, so the output is the same as converting the whole input at
 * once. */
#include <stdlib.h>
#include <string.h>

#include "worker.h"
#include "convert.h"
#include "utf8.h"

#define STREAM_MAX_PENDING ((size_t)64 << 20)

/* With threads (tw_stream_set_threads): a prefix ready to convert is handed
 * to a worker thread while the caller's thread reads on and converts the
 * next one itself; the two results are written in order, from the caller's
 * thread only, so the output, the errors and the write callback are as
 * without threads. At most two prefixes are held. */
typedef struct stream_job {
	const tw_profile *p;
	buf in, out;
	size_t at; /* stream offset of in */
	int rc;
	tw_error err;
} stream_job;

struct tw_stream {
	const tw_profile *p;
	tw_write_fn write;
	void *ud;
	buf in, out;
	size_t consumed; /* bytes of the stream already converted */
	size_t scanned;  /* where the look for the first scope's end goes on (0: not begun) */
	int failed;
	int threads;     /* tw_stream_set_threads */
	int in_flight;   /* job holds a prefix not yet written */
	worker w;
	stream_job job;
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
	s->threads = 1;
	*out = s;
	return TW_OK;
}

int tw_stream_set_threads(tw_stream *s, int n)
{
	if (!s || n < 1 || s->consumed || s->in.len)
		return TW_EINVAL;
	s->threads = n > 2 ? 2 : n;
	return TW_OK;
}

/* Validates and converts in[0..n), stream offset at, into out. */
static int convert_prefix(const tw_profile *p, const char *in, size_t n, size_t at, buf *out,
                          tw_error *err)
{
	size_t bad = utf8_valid_prefix(in, n);
	if (bad != n)
		return tw_fail(err, TW_EUTF8, at + bad, "invalid UTF-8 at byte offset %zu", at + bad);
	out->len = 0;
	int rc = convert_run(p, in, n, out, NULL, 0);
	return rc ? tw_fail(err, rc, at, "conversion: %s", tw_strerror(rc)) : TW_OK;
}

/* The worker's job: converts the prefix handed over. */
static void convert_job(void *arg)
{
	stream_job *j = arg;
	tw_error err = {0};
	j->rc = convert_prefix(j->p, j->in.data, j->in.len, j->at, &j->out, &err);
	j->err = err;
}

static int emit(tw_stream *s, const buf *out, size_t at, tw_error *err)
{
	if (out->len && s->write(s->ud, out->data, out->len)) {
		s->failed = 1;
		return tw_fail(err, TW_ECALLBACK, at, "output write failed");
	}
	return TW_OK;
}

/* Waits for the worker's prefix and writes it (or fails with its error). */
static int settle(tw_stream *s, tw_error *err)
{
	if (!s->in_flight)
		return TW_OK;
	stream_job *j = &s->job;
	worker_wait(&s->w);
	s->in_flight = 0;
	if (j->rc) {
		s->failed = 1;
		if (err)
			*err = j->err;
		return j->rc;
	}
	return emit(s, &j->out, j->at, err);
}

/* Hands in[0..n) to the worker, starting it first if need be; non-zero if
 * it cannot (the caller converts the prefix itself). */
static int hand_over(tw_stream *s, size_t n)
{
	stream_job *j = &s->job;
	if (worker_start(&s->w)) {
		s->threads = 1;
		return -1;
	}
	j->in.len = 0;
	if (buf_append(&j->in, s->in.data, n))
		return -1;
	j->p = s->p;
	j->at = s->consumed;
	worker_post(&s->w, convert_job, j);
	s->in_flight = 1;
	return 0;
}

/* Drops in[0..n), now converted or handed over. */
static void consume(tw_stream *s, size_t n)
{
	memmove(s->in.data, s->in.data + n, s->in.len - n);
	s->in.len -= n;
	s->consumed += n;
	s->scanned = 0;
}

/* Converts in[0..n) (complete characters), writes it and drops it. The
 * last piece is converted here: handed over, it would only be waited for
 * (a small file's one piece started a thread and joined it, and a batch of
 * small files ran slower on two threads than on one). */
static int flush_prefix(tw_stream *s, size_t n, int last, tw_error *err)
{
	if (s->threads > 1 && !last && !s->in_flight && hand_over(s, n) == 0) {
		consume(s, n);
		return TW_OK;
	}
	tw_error mine = {0};
	int rc = convert_prefix(s->p, s->in.data, n, s->consumed, &s->out, &mine);
	/* The worker's prefix comes first: its output, or its error. */
	int before = settle(s, err);
	if (before)
		return before;
	if (rc) {
		s->failed = 1;
		if (err)
			*err = mine;
		return rc;
	}
	if ((rc = emit(s, &s->out, s->consumed, err)))
		return rc;
	consume(s, n);
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
	/* The text is cut into the scopes convert_scope_end() cuts a whole
	 * text into: once more than two scopes' worth is held, the first ends
	 * at the first breaker from CONVERT_SCOPE bytes on (scanned: where the
	 * look for it goes on). */
	while (s->in.len > 2 * CONVERT_SCOPE) {
		size_t cut = 0;
		for (size_t end = s->scanned > CONVERT_SCOPE ? s->scanned : CONVERT_SCOPE;
		     end <= s->in.len; end++) {
			unsigned char b = (unsigned char)s->in.data[end - 1];
			if (b < 0x80 && s->p->breaker[b]) {
				cut = end;
				break;
			}
		}
		if (!cut) {
			s->scanned = s->in.len + 1;
			break;
		}
		int rc = flush_prefix(s, cut, 0, err);
		if (rc)
			return rc;
	}
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
	int rc = s->in.len ? flush_prefix(s, s->in.len, 1, err) : TW_OK;
	return rc ? rc : settle(s, err);
}

void tw_stream_free(tw_stream *s)
{
	if (!s)
		return;
	worker_stop(&s->w);
	buf_release(&s->job.in);
	buf_release(&s->job.out);
	buf_release(&s->in);
	buf_release(&s->out);
	free(s);
}
