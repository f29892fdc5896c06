/* Checking a text in pieces (tw_check_stream_*): the same checks as
 * tw_check (check_run), piece by piece, with what must cross a cut carried
 * along: the position, the open quotes and brackets, the directives in
 * force, and for consistency a per-concept summary of the whole text (one
 * pass for the regional forms, and only when there are some, a second for
 * the Mainland forms and, when a concept is written two ways, a third to
 * report). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "worker.h"
#include "check_internal.h"

/* With two threads (tw_check_stream_set_threads), a piece is held until the
 * next one is cut; the held piece is then checked for what carries across
 * its end alone (quotes and brackets, directives: predict_state), and the
 * next is checked ahead on a worker thread with that (its consistency
 * occurrences logged apart), while the caller's thread checks the held one
 * in full. When the full check ends as predicted — it always should; the
 * states are compared all the same — the one checked ahead is exact: its
 * occurrences are counted and its findings handed on; otherwise it is
 * checked again, in order. Findings reach the sink from the caller's thread
 * only, in the order one thread gives. (Checking ahead as if nothing were
 * carried was wasted on most pieces of real copy, where one stray quote
 * stays open for the rest of the text.) */
typedef struct ahead {
	char *text; /* TW_CHECK_PIECE bytes, made on first use (copy_into) */
	size_t len;
	size_t base;
	utf8_cursor start;
	check_ctx c; /* its findings */
	punct_state ps;
	dir_state dirs;
	/* what the piece was checked as starting with: the state the held
	 * piece is predicted to end with (predict_state) */
	punct_state guess_ps;
	dir_state guess_dirs;
	int predicted; /* 0: no prediction could be made, the piece is not checked */
	/* the held piece, read by the prediction while the caller checks it */
	const char *held;
	size_t held_len, held_base;
	utf8_cursor held_start;
	cons_log log;
	int rc;
	tw_error err;
} ahead;

struct tw_check_stream {
	const tw_lexicon *lex;
	tw_check_options o;
	unsigned families;
	tw_check_sink sink;
	void *ud;
	char *buf; /* what is fed and not yet checked, TW_CHECK_PIECE bytes at most */
	size_t len;
	size_t base;     /* offset of buf[0] in the whole text */
	utf8_cursor cur; /* position of buf[0] */
	punct_state ps;
	dir_state dirs;
	cons_summary sum;
	int done;
	int threads;
	/* a piece cut and not yet checked (threads): TW_CHECK_PIECE bytes, made
	 * on first use (copy_into) */
	char *held;
	size_t held_len;
	int have_held;
	worker w;
	ahead job;
};

int tw_check_stream_open(tw_check_stream **out, const tw_lexicon *lex,
                         const tw_check_options *opts, tw_check_sink sink, void *ud,
                         tw_error *err)
{
	if (!out)
		return tw_fail(err, TW_EINVAL, 0, "tw_check_stream_open: out is NULL");
	*out = NULL;
	if (!lex || !sink)
		return tw_fail(err, TW_EINVAL, 0, "tw_check_stream_open: NULL lexicon or sink");
	tw_check_options defaults = TW_CHECK_OPTIONS_INIT;
	const tw_check_options *o = opts ? opts : &defaults;
	int rc = check_options_ok(o, err);
	if (rc)
		return rc;
	tw_check_stream *s = calloc(1, sizeof *s);
	if (!s || !(s->buf = zmap(TW_CHECK_PIECE))) {
		free(s);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	s->lex = lex;
	/* a version 1 struct has no flags to copy */
	memcpy(&s->o, o, o->version >= 2 ? sizeof *o : offsetof(tw_check_options, flags));
	s->o.version = TW_CHECK_OPTIONS_VERSION;
	s->families = o->families & ~check_families_off(o);
	s->sink = sink;
	s->ud = ud;
	s->threads = 1;
	s->cur = (utf8_cursor){0, 1, 1, 1};
	if (s->families & TW_FAMILY_CONSISTENCY) {
		s->sum.pass = 1;
		s->sum.v = calloc(lex->n_concepts + 1, sizeof *s->sum.v);
		s->sum.met = calloc(lex->n_concepts + 1, sizeof *s->sum.met);
		if (!s->sum.v || !s->sum.met) {
			tw_check_stream_free(s);
			return tw_fail(err, TW_ENOMEM, 0, "out of memory");
		}
	}
	*out = s;
	return TW_OK;
}

static void release_all(tw_finding *v, size_t n);

void tw_check_stream_free(tw_check_stream *s)
{
	if (!s)
		return;
	worker_stop(&s->w);
	release_all(s->job.c.v, s->job.c.n);
	release_all(s->job.c.late, s->job.c.n_late);
	zmap_free(s->job.text, TW_CHECK_PIECE);
	free(s->job.ps.stack);
	free(s->job.guess_ps.stack);
	free(s->job.log.v);
	zmap_free(s->held, TW_CHECK_PIECE);
	zmap_free(s->buf, TW_CHECK_PIECE);
	free(s->ps.stack);
	free(s->sum.v);
	free(s->sum.met);
	free(s);
}

static int is_word_byte(unsigned char ch)
{
	return ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') || (ch >= '0' && ch <= '9');
}

/* Where to cut t[0..n): after the last line feed of its second half, else
 * after the last 。, else at the last character boundary not inside a
 * Latin word or number. */
static size_t choose_cut(const char *t, size_t n)
{
	size_t lo = n / 2;
	for (size_t i = n; i > lo; i--)
		if (t[i - 1] == '\n')
			return i;
	for (size_t i = n; i >= lo + 3; i--)
		if ((unsigned char)t[i - 3] == 0xE3 && (unsigned char)t[i - 2] == 0x80 &&
		    (unsigned char)t[i - 1] == 0x82)
			return i;
	for (size_t i = n - 1; i > lo; i--)
		if (((unsigned char)t[i] & 0xC0) != 0x80 &&
		    !(is_word_byte((unsigned char)t[i - 1]) && is_word_byte((unsigned char)t[i])))
			return i;
	return n;
}

static void release_all(tw_finding *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		finding_release(&v[i]);
	free(v);
}

/* Checks t[0..n) for the given families: the piece at offset base of the
 * whole text whose first byte is at start, with the state carried into it
 * (ps, dirs); its findings stay in *c, with offsets in the whole text.
 * log: consistency occurrences noted there, not in the summary. */
static int check_piece_as(tw_check_stream *s, unsigned families, const char *t, size_t n,
                          int last, size_t base, utf8_cursor start, punct_state *ps,
                          dir_state *dirs, cons_log *log, check_ctx *c, tw_error *err)
{
	size_t bad;
	memset(c, 0, sizeof *c);
	if (tw_utf8_validate(t, n, &bad))
		return tw_fail(err, TW_EUTF8, base + bad, "invalid UTF-8 at byte offset %zu",
		               base + bad);
	c->lex = s->lex;
	c->text = n ? t : "";
	c->len = n;
	c->target = s->o.target;
	c->families = families;
	c->flags = s->o.flags;
	c->cons_mode = s->sum.pass == 2 ? CONS_MAINLAND : s->sum.pass == 3 ? CONS_BOTH : CONS_REGIONAL;
	c->base = base;
	c->start = start;
	c->last = last;
	c->ps = ps;
	c->dirs = dirs;
	c->sum = s->sum.v ? &s->sum : NULL;
	c->log = log;
	if (check_run(c, &s->o)) {
		release_all(c->late, c->n_late);
		release_all(c->v, c->n);
		c->late = c->v = NULL;
		c->n_late = c->n = 0;
		if (c->oom)
			return tw_fail(err, TW_ENOMEM, 0, "out of memory");
		if (err)
			*err = c->ferr;
		return c->fail;
	}
	for (size_t i = 0; i < c->n; i++)
		c->v[i].offset += base;
	return TW_OK;
}

/* check_piece_as with the stream's families (consistency alone after the
 * first pass). */
static int check_piece(tw_check_stream *s, const char *t, size_t n, int last, size_t base,
                       utf8_cursor start, punct_state *ps, dir_state *dirs, cons_log *log,
                       check_ctx *c, tw_error *err)
{
	return check_piece_as(s, s->sum.pass >= 2 ? TW_FAMILY_CONSISTENCY : s->families, t, n, last,
	                      base, start, ps, dirs, log, c, err);
}

/* Hands c's findings to the sink and releases them. */
static int emit_piece(tw_check_stream *s, check_ctx *c, tw_error *err)
{
	int stop = 0;
	/* An open quote from an earlier piece: its message begins with the
	 * quote itself, which is all of its text this piece can show. */
	for (size_t i = 0; i < c->n_late && !stop; i++)
		stop = s->sink(s->ud, &c->late[i], 1, c->late[i].message, c->late[i].offset,
		               c->late[i].length);
	if (!stop && c->n)
		stop = s->sink(s->ud, c->v, c->n, c->text, c->base, c->len);
	release_all(c->late, c->n_late);
	release_all(c->v, c->n);
	c->late = c->v = NULL;
	c->n_late = c->n = 0;
	if (stop)
		return tw_fail(err, TW_ECALLBACK, 0, "the findings' receiver stopped the check");
	return TW_OK;
}

/* The position moves past t[0..n). */
static void advance(tw_check_stream *s, const char *t, size_t n)
{
	utf8_cursor k = s->cur;
	k.pos = 0;
	utf8_cursor_advance(&k, (const unsigned char *)t, n);
	s->cur = k;
	s->base += n;
}

/* Checks t[0..n), the next piece, and hands on its findings. */
static int piece(tw_check_stream *s, const char *t, size_t n, int last, tw_error *err)
{
	check_ctx c;
	int rc = check_piece(s, t, n, last, s->base, s->cur, &s->ps, &s->dirs, NULL, &c, err);
	if (!rc)
		rc = emit_piece(s, &c, err);
	if (!rc)
		advance(s, t, n);
	return rc;
}

int tw_check_stream_set_threads(tw_check_stream *s, int n)
{
	if (!s || n < 1 || s->base || s->len || s->have_held || s->done || s->sum.pass > 1)
		return TW_EINVAL;
	s->threads = n > 2 ? 2 : n;
	return TW_OK;
}

/* dst = src, the stack copied; -1 out of memory. */
static int ps_copy(punct_state *dst, const punct_state *src)
{
	if (src->depth > dst->cap) {
		punct_open *g = realloc(dst->stack, src->depth * sizeof *g);
		if (!g)
			return -1;
		dst->stack = g;
		dst->cap = src->depth;
	}
	if (src->depth)
		memcpy(dst->stack, src->stack, src->depth * sizeof *src->stack);
	dst->depth = src->depth;
	return 0;
}

static int ps_equal(const punct_state *a, const punct_state *b)
{
	if (a->depth != b->depth)
		return 0;
	for (size_t i = 0; i < a->depth; i++) {
		const punct_open *x = &a->stack[i], *y = &b->stack[i];
		if (x->kind != y->kind || x->off != y->off || x->len != y->len ||
		    x->pending != y->pending || x->sev != y->sev || x->line != y->line ||
		    x->col != y->col || x->col16 != y->col16)
			return 0;
	}
	return 1;
}

static int rules_equal(const dir_rules *a, const dir_rules *b)
{
	if (a->all != b->all || a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->len[i] != b->len[i] || memcmp(a->p[i], b->p[i], a->len[i]))
			return 0;
	return 1;
}

static int dirs_equal(const dir_state *a, const dir_state *b)
{
	return a->have_next == b->have_next && rules_equal(&a->disabled, &b->disabled) &&
	       rules_equal(&a->next_line, &b->next_line);
}

/* Into ps and dirs, the state the held piece ends with: found by checking
 * it for what carries across a cut alone (the pairs of quotes and brackets,
 * and the directives, which every family's findings pass through), a small
 * part of a full check. */
static int predict_state(tw_check_stream *s, const ahead *a, punct_state *ps, dir_state *dirs)
{
	unsigned fam = s->sum.pass >= 2 ? 0 : s->families & TW_FAMILY_PUNCT;
	check_ctx c;
	tw_error e = {0};
	int rc = check_piece_as(s, fam, a->held, a->held_len, 0, a->held_base, a->held_start, ps,
	                        dirs, NULL, &c, &e);
	if (!rc) {
		release_all(c.late, c.n_late);
		release_all(c.v, c.n);
	}
	return rc ? -1 : 0;
}

/* The worker's job: predicts what the held piece carries out, from what
 * is carried into it (guess_ps, guess_dirs, which then hold the
 * prediction), and checks the next piece with that, while the caller's
 * thread checks the held piece in full. */
static void ahead_job(void *arg)
{
	tw_check_stream *s = arg;
	ahead *a = &s->job;
	a->log.n = 0;
	if (predict_state(s, a, &a->guess_ps, &a->guess_dirs) || ps_copy(&a->ps, &a->guess_ps)) {
		a->predicted = 0; /* checked again by the caller */
		memset(&a->c, 0, sizeof a->c);
		return;
	}
	a->predicted = 1;
	a->dirs = a->guess_dirs;
	tw_error e = {0};
	a->rc = check_piece(s, a->text, a->len, 0, a->base, a->start, &a->ps, &a->dirs, &a->log,
	                    &a->c, &e);
	a->err = e;
}

/* t[0..n), a piece (n <= TW_CHECK_PIECE), copied into *dst, which is
 * made on first use. The three piece buffers (buf, held, the job's text)
 * are mappings populated when made, not faulted in a page at a time: a
 * page fault is dear on a virtual machine, and `perf stat -e page-faults`
 * counted 1,983 faults for a two-thread check of 25 MB before, 787 after
 * (with the CLI's read buffer made the same way). */
static int copy_into(char **dst, const char *t, size_t n)
{
	if (n > TW_CHECK_PIECE || (!*dst && !(*dst = zmap(TW_CHECK_PIECE))))
		return -1;
	memcpy(*dst, t, n);
	return 0;
}

/* The held piece, if any, checked and handed on. */
static int flush_held(tw_check_stream *s, tw_error *err)
{
	if (!s->have_held)
		return TW_OK;
	s->have_held = 0;
	return piece(s, s->held, s->held_len, 0, err);
}

/* t[0..n), a piece cut from the text (not the last): checked at once with
 * one thread; with two, held, or checked ahead beside the held one. */
static int next_piece(tw_check_stream *s, const char *t, size_t n, tw_error *err)
{
	if (s->threads < 2)
		return piece(s, t, n, 0, err);
	if (!s->have_held) {
		if (copy_into(&s->held, t, n) == 0) {
			s->held_len = n;
			s->have_held = 1;
			return TW_OK;
		}
		return piece(s, t, n, 0, err);
	}
	ahead *a = &s->job;
	if (worker_start(&s->w) || copy_into(&a->text, t, n) ||
	    ps_copy(&a->guess_ps, &s->ps)) {
		int rc = flush_held(s, err);
		return rc ? rc : piece(s, t, n, 0, err);
	}
	utf8_cursor k = s->cur;
	k.pos = 0;
	utf8_cursor_advance(&k, (const unsigned char *)s->held, s->held_len);
	a->len = n;
	a->base = s->base + s->held_len;
	a->start = k;
	a->guess_dirs = s->dirs;
	a->held = s->held;
	a->held_len = s->held_len;
	a->held_base = s->base;
	a->held_start = s->cur;
	worker_post(&s->w, ahead_job, s);
	int rc = flush_held(s, err);
	worker_wait(&s->w);
	/* The prediction is the state the full check left (compared all the
	 * same): the piece was checked as one thread would check it. */
	if (!rc && a->predicted && ps_equal(&s->ps, &a->guess_ps) &&
	    dirs_equal(&s->dirs, &a->guess_dirs)) {
		if (a->rc) {
			if (err)
				*err = a->err;
			return a->rc;
		}
		for (size_t i = 0; i < a->log.n; i++) {
			const cons_note *e = &a->log.v[i];
			consistency_note_apply(&s->sum, e->concept, e->variety, a->base + e->off,
			                       a->text + e->off, e->len);
		}
		rc = emit_piece(s, &a->c, err);
		punct_state held_ps = s->ps; /* swapped: both keep their stacks */
		s->ps = a->ps;
		a->ps = held_ps;
		s->dirs = a->dirs;
		if (!rc)
			advance(s, a->text, a->len);
		return rc;
	}
	release_all(a->c.late, a->c.n_late);
	release_all(a->c.v, a->c.n);
	a->c.late = a->c.v = NULL;
	a->c.n_late = a->c.n = 0;
	return rc ? rc : piece(s, a->text, a->len, 0, err);
}

int tw_check_stream_write(tw_check_stream *s, const char *data, size_t len, tw_error *err)
{
	if (!s || (!data && len))
		return tw_fail(err, TW_EINVAL, 0, "tw_check_stream_write: bad arguments");
	if (s->done)
		return tw_fail(err, TW_EINVAL, 0, "tw_check_stream_write: the stream is finished");
	while (len) {
		int rc;
		if (!s->len && len > TW_CHECK_PIECE) {
			/* straight from the caller's buffer */
			size_t cut = choose_cut(data, TW_CHECK_PIECE);
			if ((rc = next_piece(s, data, cut, err)))
				return rc;
			data += cut;
			len -= cut;
			continue;
		}
		size_t take = TW_CHECK_PIECE - s->len < len ? TW_CHECK_PIECE - s->len : len;
		memcpy(s->buf + s->len, data, take);
		s->len += take;
		data += take;
		len -= take;
		if (s->len == TW_CHECK_PIECE) {
			size_t cut = choose_cut(s->buf, s->len);
			if ((rc = next_piece(s, s->buf, cut, err)))
				return rc;
			memmove(s->buf, s->buf + cut, s->len - cut);
			s->len -= cut;
		}
	}
	return TW_OK;
}

int tw_check_stream_finish(tw_check_stream *s, int *again, tw_error *err)
{
	if (again)
		*again = 0;
	if (!s)
		return tw_fail(err, TW_EINVAL, 0, "tw_check_stream_finish: no stream");
	if (s->done)
		return tw_fail(err, TW_EINVAL, 0, "tw_check_stream_finish: the stream is finished");
	int rc = flush_held(s, err);
	if (!rc)
		rc = piece(s, s->buf, s->len, 1, err);
	s->len = 0;
	if (rc) {
		s->done = 1;
		return rc;
	}
	/* Pass 1 found regional forms: pass 2 counts the Mainland ones; if
	 * then a concept is written two ways, pass 3 reports. */
	int more = (s->sum.pass == 1 && consistency_stream_regional(s->lex, &s->sum)) ||
	           (s->sum.pass == 2 && consistency_stream_mixed(s->lex, &s->sum));
	if (more) {
		if (!again) {
			s->done = 1;
			return tw_fail(err, TW_EINVAL, 0,
			               "tw_check_stream_finish: consistency needs the text again");
		}
		*again = 1;
		s->sum.pass++;
		s->base = 0;
		s->cur = (utf8_cursor){0, 1, 1, 1};
		memset(&s->dirs, 0, sizeof s->dirs);
		return TW_OK;
	}
	s->done = 1;
	return TW_OK;
}
