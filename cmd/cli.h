/* The tongwen command line: shared helpers. Uses only the public API. */
#ifndef TW_CLI_H
#define TW_CLI_H

#include <stdio.h>

#include "tongwen.h"

/* Exit statuses. */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

/* An output file written through a temporary file renamed into place on
 * commit, so a failed run leaves an existing file untouched. path NULL or
 * "-" means stdout. */
typedef struct out_file {
	FILE *f;
	char *path, *tmp;
} out_file;

int out_open(out_file *o, const char *path);
int out_commit(out_file *o);  /* 0 on success; prints the error */
void out_abort(out_file *o);  /* removes the temporary file */

/* Reads a whole file ("-" is stdin) into a malloc'd NUL-terminated buffer.
 * Prints "tongwen: FILE: reason" and returns -1 on failure. */
int slurp(const char *path, char **data, size_t *len);

/* Prints "tongwen: " + message to stderr. */
void die_msg(const char *fmt, ...);

/* Documents (markup.c). markup_arg parses a --markup value and
 * encoding_arg checks an --encoding name (both print the error and return
 * -1); markup_for resolves auto (0) for a file from its name, or for
 * standard input ("-") from its content. */
int markup_arg(const char *v);
int encoding_arg(const char *v);
tw_markup markup_for(int requested, const char *path, const char *data, size_t len);
/* The region a profile writes for: hk2cn → cn, s2hk → hk, s2tw(p) → tw. */
tw_target profile_target(const char *profile);
int strcasecmp_ascii(const char *a, const char *b);

/* One input document as UTF-8, with its markup and the encoding it was read in. */
typedef struct doc_input {
	char *text;
	size_t len;
	tw_markup markup;
	char encoding[64];
} doc_input;
/* Takes the malloc'd raw bytes (freed or kept as in->text, free it after):
 * decodes them from encoding (NULL: a BOM or the document's declaration,
 * else UTF-8) and resolves the markup. Prints errors naming the file and
 * the byte offset in the original. */
int doc_decode(doc_input *in, const char *name, const char *encoding, int markup,
               const char *path, char *raw, size_t raw_len);
/* Converts one document and writes it to out in out_encoding (NULL:
 * UTF-8); prints errors naming the file. */
int convert_document(const tw_profile *p, const char *profile_name, const char *name,
                     const char *out_encoding, const tw_config *cfg, doc_input *in, FILE *out);
/* The .tongwen.ini that applies to path (NULL if none); prints errors. */
int load_config(tw_config **cfg, const char *path);

/* Subcommands: return the exit status. */
int cmd_convert(int argc, char **argv);
int cmd_annotate(int argc, char **argv);
int cmd_check(int argc, char **argv);

#endif
