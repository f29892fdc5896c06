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

/* Documents (markup.c). markup_arg parses a --markup value (prints the
 * error and returns -1 if unknown); markup_for resolves auto (0) for a
 * file from its name, or for standard input ("-") from its content. */
int markup_arg(const char *v);
tw_markup markup_for(int requested, const char *path, const char *data, size_t len);
/* The region a profile writes for: hk2cn → cn, s2hk → hk, s2tw(p) → tw. */
tw_target profile_target(const char *profile);
/* Converts one document through the document layer and writes it to out;
 * prints errors naming the file. */
int convert_document(const tw_profile *p, const char *profile_name, const char *name,
                     tw_markup m, const char *data, size_t len, FILE *out);
int convert_document_file(const tw_profile *p, const char *profile_name, const char *path,
                          int markup, FILE *out);

/* Subcommands: return the exit status. */
int cmd_convert(int argc, char **argv);
int cmd_annotate(int argc, char **argv);
int cmd_check(int argc, char **argv);

#endif
