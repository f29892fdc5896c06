/* Plain text streamed with directives: complete lines go to the engine's
 * stream, except lines a directive protects, which are written as they are.
 * The engine's stream cuts only at line breaks, so finishing it before a
 * protected line and starting a new one after gives the same output as one
 * stream over the unprotected text. */
#define _GNU_SOURCE /* memrchr */
#include <stdlib.h>
#include <string.h>

#include "doc_internal.h"
#include "register.h"

#define MAX_LINE ((size_t)64 << 20)

/* An open `tongwen-disable` that stops conversion, by its rule list. */
typedef struct open_disable {
	char *rules;
} open_disable;

struct tw_doc_stream {
	const tw_profile *profile;
	/* The document's first TW_REGISTER_WINDOW bytes, held until they decide
	 * which profile converts it (tw_profile_for_document), as the one-shot
	 * calls decide on the same bytes. */
	buf head;
	int decided;
	tw_write_fn write;
	void *userdata;
	tw_stream *engine;
	int threads; /* for each engine stream (tw_stream_set_threads) */
	size_t engine_base; /* stream offset where the engine stream started */
	size_t fed;         /* bytes taken from the carry into lines so far */
	buf carry;          /* an incomplete last line */
	int next_line;      /* the next line is protected */
	open_disable *open;
	size_t n_open;
};

int tw_doc_stream_new(tw_doc_stream **out, const tw_profile *p, tw_write_fn write, void *ud)
{
	if (!out || !p || !write)
		return TW_EINVAL;
	tw_doc_stream *s = calloc(1, sizeof *s);
	if (!s)
		return TW_ENOMEM;
	s->profile = p;
	s->write = write;
	s->userdata = ud;
	s->threads = 1;
	*out = s;
	return TW_OK;
}

int tw_doc_stream_set_threads(tw_doc_stream *s, int n)
{
	if (!s || n < 1 || s->head.len || s->decided)
		return TW_EINVAL;
	s->threads = n;
	return TW_OK;
}

static int engine_feed(tw_doc_stream *s, const char *b, size_t n, tw_error *err)
{
	if (!s->engine) {
		int rc = tw_stream_new(&s->engine, s->profile, s->write, s->userdata);
		if (!rc)
			rc = tw_stream_set_threads(s->engine, s->threads);
		if (rc)
			return tw_fail(err, rc, 0, "out of memory");
		s->engine_base = s->fed;
	}
	int rc = tw_stream_feed(s->engine, b, n, err);
	if (rc && err && (rc == TW_EUTF8 || rc == TW_ETOOBIG))
		err->offset += s->engine_base;
	return rc;
}

static int engine_close(tw_doc_stream *s, tw_error *err)
{
	if (!s->engine)
		return TW_OK;
	int rc = tw_stream_finish(s->engine, err);
	if (rc && err && (rc == TW_EUTF8 || rc == TW_ETOOBIG))
		err->offset += s->engine_base;
	tw_stream_free(s->engine);
	s->engine = NULL;
	return rc;
}

/* Updates the directive state with a comment-like line. */
static int directive_line(tw_doc_stream *s, const char *l, size_t n)
{
	char *rules = NULL;
	int kind = directive_parse(l, n, &rules);
	if (kind < 0)
		return TW_ENOMEM;
	if (kind == DIRECTIVE_NEXT_LINE && rules_stop_convert(rules)) {
		s->next_line = 1;
	} else if (kind == DIRECTIVE_DISABLE && rules_stop_convert(rules)) {
		open_disable *g = realloc(s->open, (s->n_open + 1) * sizeof *g);
		if (!g) {
			free(rules);
			return TW_ENOMEM;
		}
		s->open = g;
		s->open[s->n_open++].rules = rules;
		rules = NULL;
	} else if (kind == DIRECTIVE_ENABLE) {
		size_t k = 0;
		for (size_t i = 0; i < s->n_open; i++) {
			if (!*rules || !strcmp(rules, s->open[i].rules))
				free(s->open[i].rules);
			else
				s->open[k++] = s->open[i];
		}
		s->n_open = k;
	}
	free(rules);
	return TW_OK;
}

/* Whether a comment-like line holds an enable directive. */
static int enable_line(const char *l, size_t n)
{
	char *rules = NULL;
	int kind = directive_parse(l, n, &rules);
	free(rules);
	return kind == DIRECTIVE_ENABLE;
}

/* One line, with its '\n' if it has one. */
static int one_line(tw_doc_stream *s, const char *l, size_t n, tw_error *err)
{
	int rc;
	int directive = directive_word(l, n) && comment_line(l, n);
	/* An enable ends a region where its line starts (as tw_doc_parse has
	 * it), so its own line is converted; other directives act after it. */
	if (directive && enable_line(l, n)) {
		if ((rc = directive_line(s, l, n)))
			return tw_fail(err, rc, 0, "out of memory");
		directive = 0;
	}
	if (s->next_line || s->n_open) {
		size_t bad;
		s->next_line = 0;
		if ((rc = engine_close(s, err)))
			return rc;
		if (tw_utf8_validate(l, n, &bad))
			return tw_fail(err, TW_EUTF8, s->fed + bad, "invalid UTF-8 at byte offset %zu",
			               s->fed + bad);
		if (n && s->write(s->userdata, l, n))
			return tw_fail(err, TW_ECALLBACK, s->fed, "write callback failed");
	} else if ((rc = engine_feed(s, l, n, err))) {
		return rc;
	}
	if (directive && (rc = directive_line(s, l, n)))
		return tw_fail(err, rc, 0, "out of memory");
	s->fed += n;
	return TW_OK;
}

/* Complete lines b[0..n): straight to the engine unless something is protected. */
static int lines(tw_doc_stream *s, const char *b, size_t n, tw_error *err)
{
	if (!s->next_line && !s->n_open && !directive_word(b, n)) {
		int rc = engine_feed(s, b, n, err);
		s->fed += n;
		return rc;
	}
	for (size_t p = 0; p < n;) {
		const char *nl = memchr(b + p, '\n', n - p);
		size_t e = nl ? (size_t)(nl - b) + 1 : n;
		int rc = one_line(s, b + p, e - p, err);
		if (rc)
			return rc;
		p = e;
	}
	return TW_OK;
}

static int feed(tw_doc_stream *s, const char *b, size_t n, tw_error *err)
{
	const char *last = n ? memrchr(b, '\n', n) : NULL;
	if (!last) {
		if (s->carry.len + n > MAX_LINE)
			return tw_fail(err, TW_ETOOBIG, s->fed + MAX_LINE,
			               "a line longer than %zu MiB at byte offset %zu", MAX_LINE >> 20,
			               s->fed);
		return buf_append(&s->carry, b, n) ? tw_fail(err, TW_ENOMEM, 0, "out of memory") : 0;
	}
	size_t head = (size_t)(last - b) + 1;
	int rc;
	if (s->carry.len) {
		/* finish the carried line first */
		const char *nl = memchr(b, '\n', n);
		size_t k = (size_t)(nl - b) + 1;
		if (buf_append(&s->carry, b, k))
			return tw_fail(err, TW_ENOMEM, 0, "out of memory");
		rc = lines(s, s->carry.data, s->carry.len, err);
		s->carry.len = 0;
		if (rc)
			return rc;
		b += k;
		n -= k;
		head -= k;
	}
	if ((rc = lines(s, b, head, err)))
		return rc;
	if (n > head && buf_append(&s->carry, b + head, n - head))
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	return TW_OK;
}

/* Picks the profile from the held bytes and converts them. */
static int decide(tw_doc_stream *s, tw_error *err)
{
	s->decided = 1;
	int rc = tw_profile_for_document(&s->profile, s->profile, s->head.data, s->head.len, err);
	if (!rc && s->head.len)
		rc = feed(s, s->head.data, s->head.len, err);
	buf_release(&s->head);
	return rc;
}

int tw_doc_stream_feed(tw_doc_stream *s, const char *b, size_t n, tw_error *err)
{
	if (!s || (!b && n))
		return tw_fail(err, TW_EINVAL, 0, "tw_doc_stream_feed: NULL argument");
	if (!s->decided) {
		size_t take = TW_REGISTER_WINDOW - s->head.len < n ? TW_REGISTER_WINDOW - s->head.len : n;
		if (buf_append(&s->head, b, take))
			return tw_fail(err, TW_ENOMEM, 0, "out of memory");
		if (s->head.len < TW_REGISTER_WINDOW)
			return TW_OK;
		int rc = decide(s, err);
		if (rc)
			return rc;
		b += take;
		n -= take;
	}
	return n ? feed(s, b, n, err) : TW_OK;
}

int tw_doc_stream_finish(tw_doc_stream *s, tw_error *err)
{
	if (!s)
		return tw_fail(err, TW_EINVAL, 0, "tw_doc_stream_finish: NULL stream");
	int rc = s->decided ? TW_OK : decide(s, err);
	if (rc)
		return rc;
	if (s->carry.len) {
		rc = lines(s, s->carry.data, s->carry.len, err);
		s->carry.len = 0;
	}
	if (!rc)
		rc = engine_close(s, err);
	return rc;
}

void tw_doc_stream_free(tw_doc_stream *s)
{
	if (!s)
		return;
	tw_stream_free(s->engine);
	for (size_t i = 0; i < s->n_open; i++)
		free(s->open[i].rules);
	free(s->open);
	buf_release(&s->carry);
	buf_release(&s->head);
	free(s);
}
