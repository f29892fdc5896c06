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

/* Subcommands: return the exit status. */
int cmd_convert(int argc, char **argv);
int cmd_annotate(int argc, char **argv);
int cmd_check(int argc, char **argv);

#endif
