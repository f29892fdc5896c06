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

#include "check_internal.h"

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
	if (!s || !(s->buf = malloc(TW_CHECK_PIECE))) {
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

void tw_check_stream_free(tw_check_stream *s)
{
	if (!s)
		return;
	free(s->buf);
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

/* Checks t[0..n), the next piece, and hands on its findings. */
static int piece(tw_check_stream *s, const char *t, size_t n, int last, tw_error *err)
{
	size_t bad;
	if (tw_utf8_validate(t, n, &bad))
		return tw_fail(err, TW_EUTF8, s->base + bad, "invalid UTF-8 at byte offset %zu",
		               s->base + bad);
	check_ctx c;
	memset(&c, 0, sizeof c);
	c.lex = s->lex;
	c.text = n ? t : "";
	c.len = n;
	c.target = s->o.target;
	c.families = s->sum.pass >= 2 ? TW_FAMILY_CONSISTENCY : s->families;
	c.flags = s->o.flags;
	c.cons_mode = s->sum.pass == 2 ? CONS_MAINLAND : s->sum.pass == 3 ? CONS_BOTH : CONS_REGIONAL;
	c.base = s->base;
	c.start = s->cur;
	c.last = last;
	c.ps = &s->ps;
	c.dirs = &s->dirs;
	c.sum = s->sum.v ? &s->sum : NULL;
	if (check_run(&c, &s->o)) {
		release_all(c.late, c.n_late);
		if (c.oom) {
			release_all(c.v, c.n);
			return tw_fail(err, TW_ENOMEM, 0, "out of memory");
		}
		int code = c.fail;
		tw_error e = c.ferr;
		release_all(c.v, c.n);
		if (err)
			*err = e;
		return code;
	}
	for (size_t i = 0; i < c.n; i++)
		c.v[i].offset += s->base;
	int stop = 0;
	/* An open quote from an earlier piece: its message begins with the
	 * quote itself, which is all of its text this piece can show. */
	for (size_t i = 0; i < c.n_late && !stop; i++)
		stop = s->sink(s->ud, &c.late[i], 1, c.late[i].message, c.late[i].offset,
		               c.late[i].length);
	if (!stop && c.n)
		stop = s->sink(s->ud, c.v, c.n, c.text, s->base, n);
	release_all(c.late, c.n_late);
	release_all(c.v, c.n);
	if (stop)
		return tw_fail(err, TW_ECALLBACK, 0, "the findings' receiver stopped the check");
	utf8_cursor k = s->cur;
	k.pos = 0;
	utf8_cursor_advance(&k, (const unsigned char *)c.text, n);
	s->cur = k;
	s->base += n;
	return TW_OK;
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
			if ((rc = piece(s, data, cut, 0, err)))
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
			if ((rc = piece(s, s->buf, cut, 0, err)))
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
	int rc = piece(s, s->buf, s->len, 1, err);
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
