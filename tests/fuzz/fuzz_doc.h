/* Shared body of the document fuzz targets. The invariant: any input either
 * fails cleanly (invalid UTF-8 at the first bad byte; XML that is not
 * well-formed or declares entities) or converts so that the alignment tiles
 * both texts, every change lies inside a readable, language or charset run,
 * and re-parsing the output gives the same runs with the same roles and
 * identical bytes in every run that is not converted. Checking the input
 * gives findings inside the document on readable runs. */
#ifndef TW_FUZZ_DOC_H
#define TW_FUZZ_DOC_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tongwen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int readable(tw_role r)
{
	return r == TW_ROLE_PROSE || r == TW_ROLE_ATTRIBUTE || r == TW_ROLE_LANG ||
	       r == TW_ROLE_CHARSET || r == TW_ROLE_PROTECTED;
}

typedef struct collected {
	char *p;
	size_t n;
} collected;

static int collect(void *ud, const char *b, size_t n)
{
	collected *c = ud;
	if (!n)
		abort(); /* nothing empty is written */
	char *g = realloc(c->p, c->n + n);
	if (!g)
		abort();
	memcpy(g + c->n, b, n);
	c->p = g;
	c->n += n;
	return 0;
}

/* tw_convert_document and tw_convert_document_to parse and convert in one
 * pass, a window of runs at a time (the replay builds them with windows of
 * a few bytes): the same bytes as the whole document's tw_doc_convert. */
static void same_streamed(const char *in, size_t size, const tw_doc_options *o,
                          const tw_doc_convert_options *co, const tw_profile *profile,
                          const char *want, size_t want_len)
{
	char *out;
	size_t n;
	tw_error err = {0};
	if (tw_convert_document(&out, &n, profile, in, size, o, co, &err) || n != want_len ||
	    memcmp(out, want, n) || out[n])
		abort();
	tw_free(out);
	collected c = {NULL, 0};
	if (tw_convert_document_to(profile, in, size, o, co, collect, &c, &err) || c.n != want_len ||
	    (c.n && memcmp(c.p, want, c.n)))
		abort();
	free(c.p);
}

/* A document tw_doc_parse refuses: the same error, and nothing written. */
static void refused_streamed(const char *in, size_t size, const tw_doc_options *o,
                             const tw_profile *profile, int want_rc, size_t offset)
{
	char *out;
	size_t n;
	tw_error err = {0};
	if (tw_convert_document(&out, &n, profile, in, size, o, NULL, &err) != want_rc ||
	    err.offset != offset || out)
		abort();
	collected c = {NULL, 0};
	tw_error err2 = {0};
	if (tw_convert_document_to(profile, in, size, o, NULL, collect, &c, &err2) != want_rc ||
	    err2.offset != offset || c.n)
		abort();
}

static void fuzz_doc(const uint8_t *data, size_t size, tw_markup m)
{
	static tw_profile *profile;
	static tw_lexicon *lex;
	if (!profile && tw_profile_open(&profile, "hk2cn", NULL, NULL))
		abort();
	if (!lex && tw_lexicon_open(&lex, NULL, NULL))
		abort();
	const char *in = (const char *)data;
	tw_doc_options o = TW_DOC_OPTIONS_INIT;
	o.markup = m;
	tw_document *d, *d2;
	tw_error err = {0};
	size_t bad;
	int valid = tw_utf8_validate(in, size, &bad) == TW_OK;
	int rc = tw_doc_parse(&d, in, size, &o, &err);
	if (!valid) {
		if (rc != TW_EUTF8 || err.offset != bad)
			abort();
		refused_streamed(in, size, &o, profile, rc, bad);
		return;
	}
	if (rc) {
		if (m != TW_MARKUP_XML || rc != TW_EFORMAT || err.offset > size)
			abort();
		refused_streamed(in, size, &o, profile, rc, err.offset);
		return;
	}
	tw_doc_convert_options co = TW_DOC_CONVERT_OPTIONS_INIT;
	co.lang = "zh-CN";
	co.charset = "UTF-8";
	char *out;
	size_t n, ns, nr, nr2;
	tw_span *sp;
	if (tw_doc_convert(&out, &n, &sp, &ns, d, profile, &co, &err))
		abort();
	const tw_run *r = tw_doc_runs(d, &nr);
	size_t s = 0, t = 0, ri = 0;
	for (size_t i = 0; i < ns; i++) {
		if (sp[i].src_off != s || sp[i].dst_off != t)
			abort();
		if (sp[i].step < 0) {
			if (sp[i].src_len != sp[i].dst_len || memcmp(in + s, out + t, sp[i].src_len))
				abort();
		} else {
			while (ri < nr && r[ri].offset + r[ri].length <= s)
				ri++;
			if (ri == nr || !readable(r[ri].role) ||
			    s + sp[i].src_len > r[ri].offset + r[ri].length)
				abort();
		}
		s += sp[i].src_len;
		t += sp[i].dst_len;
	}
	if (s != size || t != n)
		abort();
	same_streamed(in, size, &o, &co, profile, out, n);
	if (tw_doc_parse(&d2, out, n, &o, &err))
		abort();
	const tw_run *r2 = tw_doc_runs(d2, &nr2);
	if (nr2 != nr)
		abort();
	for (size_t i = 0; i < nr; i++) {
		if (r[i].role != r2[i].role)
			abort();
		if (!readable(r[i].role) && (r[i].length != r2[i].length ||
		                             memcmp(in + r[i].offset, out + r2[i].offset, r[i].length)))
			abort();
	}
	tw_findings *f;
	if (tw_doc_check(&f, d, lex, NULL, &err))
		abort();
	for (size_t i = 0; i < f->count; i++)
		if (f->items[i].offset + f->items[i].length > size || !f->items[i].line)
			abort();
	tw_findings_free(f);
	tw_doc_free(d2);
	tw_free(sp);
	tw_free(out);
	tw_doc_free(d);
}
#endif
