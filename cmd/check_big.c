/* check on a large plain-text file: read in pieces, checked with the
 * library's streaming checker, findings written to the report (or the
 * annotated XML document) as they come, so neither the text nor its
 * findings are ever held whole. The consistency rule may ask for the text
 * a second time: the file is read again from the start. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "tongwen/report.h"
#include "tongwen/xml.h"

/* A piece at a time: the first two pieces reach the two checking threads
 * sooner than with reads of several pieces, which the checker took without
 * a copy but which held the threads back. */
#define READ_SIZE (TW_CHECK_PIECE)
#define HEAD_SIZE 4096
#define BATCH 256

int check_big_wanted(const char *path, int markup, const char *encoding)
{
	struct stat st;
	if (!strcmp(path, "-") || stat(path, &st) || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size <= TW_CHECK_PIECE || (encoding && !tw_encoding_is_utf8(encoding)))
		return 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0; /* the ordinary path reports the error */
	char head[HEAD_SIZE], enc[64];
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	tw_markup m = markup_for(markup, path, head, n);
	if (m != TW_MARKUP_TEXT)
		return 0;
	const char *sniffed = encoding ? NULL : tw_encoding_sniff(enc, sizeof enc, head, n, m);
	return !sniffed || tw_encoding_is_utf8(sniffed);
}

typedef struct big_sink {
	tw_report_writer *w;
	tw_xml_writer *xw;
	const char *name;
	size_t bom; /* the byte order mark is no text, but it is in the file's offsets */
	int worst;
	tw_error err;
} big_sink;

static int sink(void *ud, const tw_finding *items, size_t n, const char *text, size_t base,
                size_t len)
{
	big_sink *b = ud;
	tw_finding batch[BATCH];
	for (size_t i = 0; i < n;) {
		size_t k = n - i < BATCH ? n - i : BATCH;
		memcpy(batch, items + i, k * sizeof *batch);
		for (size_t j = 0; j < k; j++) {
			batch[j].offset += b->bom;
			if ((int)batch[j].severity > b->worst)
				b->worst = (int)batch[j].severity;
		}
		if (b->w && tw_report_writer_add(b->w, b->name, batch, k, text, base + b->bom, len,
		                                 &b->err))
			return 1;
		if (b->xw && tw_xml_writer_findings(b->xw, batch, k, NULL, &b->err)) {
			if (b->err.code == TW_ECALLBACK)
				snprintf(b->err.message, sizeof b->err.message, "write error");
			return 1;
		}
		i += k;
	}
	return 0;
}

/* Appends the rest of f to *data (grown as needed, at most 2 GiB). */
static int read_rest(FILE *f, char **data, size_t *len, size_t *cap)
{
	for (;;) {
		if (*len == *cap) {
			if (*cap >= ((size_t)1 << 31)) {
				die_msg("<stdin>: larger than %zu MiB (byte offset %zu)", (size_t)2048, *len);
				return -1;
			}
			char *g = realloc(*data, *cap * 2 + 1);
			if (!g) {
				die_msg("<stdin>: out of memory");
				return -1;
			}
			*data = g;
			*cap *= 2;
		}
		size_t r = fread(*data + *len, 1, *cap - *len, f);
		*len += r;
		if (!r)
			break;
	}
	if (ferror(f)) {
		die_msg("<stdin>: read error: %s", strerror(errno));
		return -1;
	}
	(*data)[*len] = '\0';
	return 0;
}

int check_read_stdin(FILE **spool, char **data, size_t *len, int markup, const char *encoding,
                     int may_spool)
{
	*spool = NULL;
	*len = 0;
	size_t cap = TW_CHECK_PIECE + 1;
	if (!(*data = malloc(cap + 1))) {
		die_msg("<stdin>: out of memory");
		return -1;
	}
	size_t r;
	while (*len < cap && (r = fread(*data + *len, 1, cap - *len, stdin)) > 0)
		*len += r;
	char enc[64];
	int text = may_spool && *len > TW_CHECK_PIECE &&
	           (!encoding || tw_encoding_is_utf8(encoding)) &&
	           markup_for(markup, "-", *data, *len) == TW_MARKUP_TEXT;
	const char *sniffed = text && !encoding ? tw_encoding_sniff(enc, sizeof enc, *data, *len,
	                                                             TW_MARKUP_TEXT)
	                                        : NULL;
	if (!text || (sniffed && !tw_encoding_is_utf8(sniffed))) {
		if (read_rest(stdin, data, len, &cap)) {
			free(*data);
			*data = NULL;
			return -1;
		}
		return 0;
	}
	/* A large plain text: kept on disk, not in memory, for the passes. */
	FILE *f = tmpfile();
	if (!f) {
		die_msg("<stdin>: cannot create a temporary file: %s", strerror(errno));
		free(*data);
		*data = NULL;
		return -1;
	}
	int bad = fwrite(*data, 1, *len, f) != *len;
	while (!bad && (r = fread(*data, 1, cap, stdin)) > 0)
		bad = fwrite(*data, 1, r, f) != r;
	bad |= ferror(stdin) || fflush(f) || fseek(f, 0, SEEK_SET);
	free(*data);
	*data = NULL;
	if (bad) {
		die_msg("<stdin>: cannot read it or spool it to a temporary file: %s", strerror(errno));
		fclose(f);
		return -1;
	}
	*spool = f;
	return 0;
}

/* Checks f from its start on `threads` threads (tw_check_stream_set_threads),
 * writing the findings to w or xw. */
static int check_big_stream(const tw_lexicon *lex, const tw_check_options *o, FILE *f,
                            const char *name, tw_report_writer *w, tw_xml_writer *xw,
                            int threads, int *worst)
{
	char *buf = piece_buffer(READ_SIZE);
	big_sink b = {w, xw, name, 0, -1, {0}};
	tw_check_stream *s = NULL;
	tw_error err = {0};
	int rc = buf ? tw_check_stream_open(&s, lex, o, sink, &b, &err) : TW_ENOMEM;
	if (!rc && threads > 1)
		rc = tw_check_stream_set_threads(s, threads);
	if (!buf)
		snprintf(err.message, sizeof err.message, "out of memory");
	for (int again = !rc; again && !rc;) {
		again = 0;
		int first = 1;
		size_t n;
		while (!rc && (n = fread(buf, 1, READ_SIZE, f)) > 0) {
			size_t skip = 0;
			if (first && n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
				skip = 3;
			if (first)
				b.bom = skip;
			first = 0;
			rc = tw_check_stream_write(s, buf + skip, n - skip, &err);
		}
		if (!rc && ferror(f)) {
			die_msg("%s: read error: %s", name, strerror(errno));
			rc = TW_EIO;
			break;
		}
		if (!rc)
			rc = tw_check_stream_finish(s, &again, &err);
		if (!rc && again && fseek(f, 0, SEEK_SET)) {
			die_msg("%s: cannot read it again: %s", name, strerror(errno));
			rc = TW_EIO;
		}
	}
	if (rc == TW_EUTF8)
		die_msg("%s: invalid UTF-8 at byte offset %zu", name, err.offset + b.bom);
	else if (rc == TW_ECALLBACK)
		die_msg("%s: %s", name, b.err.message);
	else if (rc && rc != TW_EIO)
		die_msg("%s: %s", name, err.message);
	tw_check_stream_free(s);
	piece_buffer_free(buf, READ_SIZE);
	*worst = b.worst;
	return rc ? -1 : 0;
}

int check_big_file(const tw_lexicon *lex, const tw_check_options *o, const char *path,
                   FILE *spool, const char *name, tw_report_writer *w, int threads,
                   int *worst)
{
	*worst = -1;
	FILE *f = spool ? spool : fopen(path, "rb");
	if (!f) {
		die_msg("%s: %s", name, strerror(errno));
		return -1;
	}
	int rc = check_big_stream(lex, o, f, name, w, NULL, threads, worst);
	if (!spool)
		fclose(f);
	return rc;
}

size_t whole_chars(const char *b, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++) {
		unsigned char c = (unsigned char)b[n - k];
		if ((c & 0xC0) == 0x80)
			continue;
		size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		return need > k ? n - k : n;
	}
	return n;
}

/* Reads f from its start in pieces cut on character boundaries; each goes
 * to the XML writer as text (xw) or is only validated (xw NULL). */
static int big_text_pass(FILE *f, const char *name, tw_xml_writer *xw, char *buf)
{
	if (fseek(f, 0, SEEK_SET)) {
		die_msg("%s: cannot read it again: %s", name, strerror(errno));
		return -1;
	}
	size_t have = 0, at = 0, r;
	tw_error err = {0};
	while ((r = fread(buf + have, 1, READ_SIZE - have, f)) > 0 || have) {
		size_t n = have + r;
		size_t cut = r ? whole_chars(buf, n) : n; /* at the end, a cut sequence is an error */
		size_t bad;
		if (tw_utf8_validate(buf, cut, &bad)) {
			die_msg("%s: invalid UTF-8 at byte offset %zu", name, at + bad);
			return -1;
		}
		tw_span whole = {0, cut, 0, cut, -1, NULL, NULL, NULL};
		if (xw && cut && tw_xml_writer_text(xw, buf, cut, buf, cut, &whole, 1, &err)) {
			die_msg("%s: %s", name, err.code == TW_ECALLBACK ? "write error" : err.message);
			return -1;
		}
		at += cut;
		memmove(buf, buf + cut, n - cut);
		have = n - cut;
		if (!r)
			break;
	}
	if (ferror(f)) {
		die_msg("%s: read error: %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

static int put_out(void *ud, const char *data, size_t len)
{
	return fwrite(data, 1, len, ud) == len ? 0 : -1;
}

int check_big_xml(const tw_lexicon *lex, const tw_check_options *o, const char *path,
                  FILE *spool, const char *name, const tw_xml_options *xo, FILE *out,
                  int *worst)
{
	*worst = -1;
	FILE *f = spool ? spool : fopen(path, "rb");
	if (!f) {
		die_msg("%s: %s", name, strerror(errno));
		return -1;
	}
	char *buf = piece_buffer(READ_SIZE);
	tw_xml_writer *xw = NULL;
	tw_error err = {0};
	int rc = -1;
	if (!buf)
		die_msg("%s: out of memory", name);
	/* validated first: an invalid file writes nothing */
	else if (big_text_pass(f, name, NULL, buf))
		;
	else if (tw_xml_writer_open(&xw, xo, put_out, out, &err))
		die_msg("%s: %s", name, err.message);
	else if (!big_text_pass(f, name, xw, buf) && !fseek(f, 0, SEEK_SET) &&
	         !check_big_stream(lex, o, f, name, NULL, xw, 1, worst)) {
		if (tw_xml_writer_finish(xw, &err))
			die_msg("%s: %s", name, err.code == TW_ECALLBACK ? "write error" : err.message);
		else
			rc = 0;
	}
	tw_xml_writer_free(xw);
	piece_buffer_free(buf, READ_SIZE);
	if (!spool)
		fclose(f);
	return rc;
}
