/* libFuzzer target: tongwen lsp's message framing and JSON-RPC dispatch.
 * The input is the byte stream a client sends, fed in two pieces cut where
 * its first byte says (so a header or body split across reads is covered);
 * when the second byte is odd, an initialize and a didOpen come first so
 * that the input reaches the document handlers. Whatever comes in, every
 * message the server writes must be framed JSON. The lexicon loads once
 * (TONGWEN_DATA_DIR at a build's share/tongwen). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct sink {
	char *buf;
	size_t len, cap;
} sink;

static int collect(void *userdata, const char *d, size_t n)
{
	sink *s = userdata;
	if (s->len + n > s->cap) {
		size_t cap = (s->len + n) * 2;
		char *g = realloc(s->buf, cap);
		if (!g)
			abort();
		s->buf = g;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, d, n);
	s->len += n;
	return 0;
}

static const char PREAMBLE[] =
    "Content-Length: 96\r\n\r\n"
    "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"initializationOptions\":{\"debounce\":0}}}"
    "Content-Length: 150\r\n\r\n"
    "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":"
    "{\"uri\":\"file:///f.md\",\"languageId\":\"markdown\",\"version\":1,\"text\":\"\xe7\x9a\x84\xe5\xa3\xab\"}}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static tw_lexicon *lex;
	static tw_profile *prof;
	if (!lex && (tw_lexicon_open(&lex, NULL, NULL) || tw_profile_open(&prof, "hk2cn", NULL, NULL)))
		abort();
	sink out = { 0 };
	lsp_server *s = lsp_server_new(collect, &out, lex, prof);
	if (!s)
		abort();
	size_t cut = size ? data[0] % (size + 1) : 0;
	if (size > 1 && (data[1] & 1))
		lsp_server_feed(s, PREAMBLE, sizeof PREAMBLE - 1);
	lsp_server_feed(s, (const char *)data, cut);
	lsp_server_feed(s, (const char *)data + cut, size - cut);
	lsp_server_flush(s, 1);
	(void)lsp_server_timeout(s);
	lsp_server_free(s);
	/* the server's output reads back as framed JSON objects */
	lsp_reader r = { 0 };
	if (lsp_reader_push(&r, out.buf ? out.buf : "", out.len))
		abort();
	const char *body, *what;
	size_t n;
	int rc;
	while ((rc = lsp_reader_next(&r, &body, &n, &what)) == 1) {
		json_t *m = json_loadb(body, n, 0, NULL);
		if (!json_is_object(m))
			abort();
		json_decref(m);
	}
	if (rc < 0 || r.start != r.len)
		abort();
	lsp_reader_free(&r);
	free(out.buf);
	return 0;
}
