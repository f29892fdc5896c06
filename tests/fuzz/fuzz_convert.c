/* libFuzzer target: conversion with hk2cn. Any input either fails cleanly
 * with TW_EUTF8 at the first invalid byte, or converts; the alignment tiles
 * both texts; streaming in odd chunks gives the same output, and so does the
 * directive-aware text stream the CLI uses, compared with the same text
 * parsed as a plain-text document. The fuzz and replay builds cut the stream
 * every 64 bytes (TW_STREAM_FLUSH_AT) instead of every 256 KiB, so short
 * inputs reach the cut logic. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tongwen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tw_profile *profile;

typedef struct sink {
	char *data;
	size_t len;
} sink;

static int sink_write(void *ud, const char *buf, size_t len)
{
	sink *s = ud;
	char *p = realloc(s->data, s->len + len);
	if (!p)
		return 1;
	memcpy(p + s->len, buf, len);
	s->data = p;
	s->len += len;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!profile && tw_profile_open(&profile, "hk2cn", NULL, NULL))
		abort();
	const char *in = (const char *)data;
	size_t bad;
	int valid = tw_utf8_validate(in, size, &bad) == TW_OK;
	char *out;
	size_t n, ns;
	tw_span *sp;
	tw_error err = {0};
	int rc = tw_convert_aligned(&out, &n, &sp, &ns, profile, in, size, &err);
	if (!valid) {
		if (rc != TW_EUTF8 || err.offset != bad || out)
			abort();
		return 0;
	}
	if (rc)
		abort();
	size_t s = 0, d = 0;
	for (size_t i = 0; i < ns; i++) {
		if (sp[i].src_off != s || sp[i].dst_off != d)
			abort();
		if (sp[i].step < 0 && (sp[i].src_len != sp[i].dst_len ||
		                       memcmp(in + sp[i].src_off, out + sp[i].dst_off, sp[i].src_len)))
			abort();
		s += sp[i].src_len;
		d += sp[i].dst_len;
	}
	if (s != size || d != n)
		abort();
	char *plain;
	size_t pn;
	if (tw_convert(&plain, &pn, profile, in, size, NULL) || pn != n || memcmp(plain, out, n))
		abort();
	tw_stream *st;
	sink sk = {0};
	if (tw_stream_new(&st, profile, sink_write, &sk))
		abort();
	size_t chunk = size % 7 + 1;
	for (size_t off = 0; off < size; off += chunk)
		if (tw_stream_feed(st, in + off, off + chunk > size ? size - off : chunk, NULL))
			abort();
	if (tw_stream_finish(st, NULL) || sk.len != n || (n && memcmp(sk.data, out, n)))
		abort();
	tw_stream_free(st);
	free(sk.data);

	tw_doc_stream *ds;
	sink dk = {0};
	if (tw_doc_stream_new(&ds, profile, sink_write, &dk))
		abort();
	chunk = size % 13 + 1;
	for (size_t off = 0; off < size; off += chunk)
		if (tw_doc_stream_feed(ds, in + off, off + chunk > size ? size - off : chunk, NULL))
			abort();
	if (tw_doc_stream_finish(ds, NULL))
		abort();
	tw_doc_stream_free(ds);
	tw_doc_options o = TW_DOC_OPTIONS_INIT;
	o.markup = TW_MARKUP_TEXT;
	tw_document *doc;
	tw_doc_convert_options co = TW_DOC_CONVERT_OPTIONS_INIT;
	char *dout;
	size_t dn, dns;
	tw_span *dsp;
	if (tw_doc_parse(&doc, in, size, &o, NULL) ||
	    tw_doc_convert(&dout, &dn, &dsp, &dns, doc, profile, &co, NULL))
		abort();
	if (dk.len != dn || (dn && memcmp(dk.data, dout, dn)))
		abort();
	free(dk.data);
	tw_free(dout);
	tw_free(dsp);
	tw_doc_free(doc);
	tw_free(plain);
	tw_free(out);
	tw_free(sp);
	return 0;
}
