/* tongwen lsp: a Language Server (LSP 3.17, JSON-RPC over standard
 * input/output) on the public library. Internal to the server. */
#ifndef TW_LSP_H
#define TW_LSP_H

#include <jansson.h>
#include <stddef.h>

#include "tongwen.h"

/* ---------------------------------------------------------------- framing */

/* Largest message body and header block accepted: a body above it is
 * skipped and answered with -32700 (its id is unknown). */
#define LSP_MAX_BODY ((size_t)256 << 20)
#define LSP_MAX_HEADER 8192

/* Splits a byte stream into message bodies ("Content-Length: N\r\n\r\n"). */
typedef struct lsp_reader {
	char *buf;
	size_t len, cap, start;
	size_t skip; /* bytes of an oversized body still to drop */
} lsp_reader;

/* The next complete body (not NUL-terminated; valid until the next call):
 * 1 with *body and *n set, 0 when more bytes are needed, -1 for a framing error
 * (a bad or oversized header; *what says which, the reader resynchronises
 * at the next header). */
int lsp_reader_next(lsp_reader *r, const char **body, size_t *n, const char **what);
int lsp_reader_push(lsp_reader *r, const char *data, size_t n);
void lsp_reader_free(lsp_reader *r);

/* ---------------------------------------------------------------- server */

typedef int (*lsp_write_fn)(void *userdata, const char *data, size_t n);

typedef struct lsp_server lsp_server;

/* lex/profile: preloaded data to share (not freed by the server), or NULL
 * to load on first use. */
lsp_server *lsp_server_new(lsp_write_fn write, void *userdata, tw_lexicon *lex,
                           tw_profile *profile);
void lsp_server_free(lsp_server *s);
/* Feeds bytes from the client; handles every complete message. */
void lsp_server_feed(lsp_server *s, const char *data, size_t n);
/* Publishes diagnostics whose debounce delay has passed (all with force). */
void lsp_server_flush(lsp_server *s, int force);
/* Milliseconds until the next debounced publication, -1 if none. */
long lsp_server_timeout(const lsp_server *s);
/* 1 once "exit" was received; *status: 0 after shutdown, else 1. */
int lsp_server_done(const lsp_server *s, int *status);

/* `tongwen lsp [--stdio]`: serves standard input/output; returns the
 * process exit status. */
int lsp_main(int argc, char **argv);

#endif
