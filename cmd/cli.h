/* The tongwen command line: shared helpers. Uses only the public API. */
#ifndef TW_CLI_H
#define TW_CLI_H

#include <stdio.h>

#include "tongwen.h"

/* Exit statuses. */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

/* A named output file (cmd/fileio.c). A regular file is replaced
 * atomically through a temporary file beside it that keeps its mode and
 * owner (set-id bits are dropped when the owner cannot be kept); a symlink
 * is followed and hard links are kept; a device, FIFO, socket or
 * /dev/stdout is written directly and never replaced. path NULL or "-"
 * means stdout. */
enum { OUT_STDOUT, OUT_DIRECT, OUT_RENAME, OUT_COPY_BACK };
typedef struct out_file {
	FILE *f;
	const char *name; /* as given, for messages */
	char *path, *tmp, *dir; /* the file replaced, its temporary, their folder */
	int mode, slot;
} out_file;

int out_open(out_file *o, const char *path); /* 0 on success; prints the error */
int out_commit(out_file *o);                 /* 0 on success; prints the error */
void out_abort(out_file *o);                 /* removes the temporary file */

/* Durability, for the whole run: fsync each file and its directory on
 * commit (the default), defer to one syncfs per file system in
 * out_sync_finish (batches), or none (--no-sync). */
enum { OUT_SYNC_EACH, OUT_SYNC_DEFER, OUT_SYNC_NONE };
void out_set_sync(int policy);
int out_sync_finish(void); /* 0 on success; prints the error */

/* Removes live temporary files on SIGINT, SIGTERM and SIGHUP. */
void out_install_cleanup(void);

/* Reads a whole file ("-" is stdin) into a malloc'd NUL-terminated buffer.
 * Prints "tongwen: FILE: reason" and returns -1 on failure. */
int slurp(const char *path, char **data, size_t *len);
/* A buffer for reading a file a piece at a time, its pages made at once
 * rather than faulted in one by one (lib/check/check_stream.c, copy_into).
 * NULL when out of memory; given back with piece_buffer_free(p, n). */
char *piece_buffer(size_t n);
void piece_buffer_free(char *p, size_t n);

/* Walks a tree (cmd/walk.c): in name order, hidden entries skipped,
 * symlinks followed only inside the tree, each directory once (no loops),
 * only regular files, nothing on /proc or /sys. enter (may be NULL) returns 0
 * to skip a directory, want (may be NULL) 0 to skip a file; file gets the
 * path and the path relative to root and returns nonzero on error (the walk
 * goes on). *found counts the files passed to file. Returns -1 when any
 * error happened (printed). */
typedef struct walk_options {
	int (*enter)(void *ud, const char *dir);
	int (*want)(void *ud, const char *path);
	int (*file)(void *ud, const char *path, const char *rel);
	void *ud;
	int verbose_skips; /* say on stderr why a symlink or directory was skipped */
} walk_options;
int walk_tree(const char *root, const walk_options *o, size_t *found);

/* Whether path (followed) is on /proc or /sys, which are never read. */
int on_pseudo_fs(const char *path);
int fd_on_pseudo_fs(int fd);

/* Prints why a named input just opened cannot be read (a directory, a file
 * on /proc or /sys) and returns -1; 0 when it can. */
int input_refused(FILE *f, const char *name);

/* name with control characters (keep_controls 0) and bytes that are not
 * UTF-8 written as \xHH, so a file name cannot forge report lines or
 * terminal escapes. malloc'd; NULL when out of memory. */
char *safe_name(const char *name, int keep_controls);

/* Appends the paths listed in FILE ("-": stdin), one a line or (nul)
 * NUL-separated, to *list (each strdup'd), growing *cap. Prints errors. */
int read_list(const char *path, int nul, char ***list, size_t *n, size_t *cap);

/* Writes a unified diff from old to new_text, as a/PATH → b/PATH (cmd/
 * udiff.c). 0, or -1 out of memory or on a write error. */
int write_unified_diff(FILE *out, const char *path, const char *old, size_t old_len,
                       const char *new_text, size_t new_len);

/* Colour (cmd/color.c). color_parse: auto, always, never → COLOR_*, or -1.
 * color_wanted: whether to colour what goes to fd. write_colored_report
 * writes a text report with its headers and carets coloured. */
enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
int color_parse(const char *v);
int color_wanted(int mode, int fd);
int write_colored_report(FILE *out, const char *text, size_t len);

/* Prints "tongwen: " + message to stderr, its control characters escaped
 * as \xHH (one write). */
void die_msg(const char *fmt, ...);

/* Copies s[0..n) to out (room for 4n bytes) with control characters and DEL
 * written as \xHH, line breaks too unless keep_newlines; returns the
 * length. put_escaped writes it to f (0, or -1 on failure). */
size_t escape_controls(char *out, const char *s, size_t n, int keep_newlines);
int put_escaped(FILE *f, const char *s, size_t n);

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
/* Takes the malloc'd raw bytes (freed, or kept as in->text to free after
 * success; freed on failure too):
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

/* How convert converts: the profile, its name, encodings, markup. */
typedef struct conv_args {
	const tw_profile *p;
	const char *profile, *encoding, *out_encoding;
	int markup;
	int threads; /* a plain-text stream's threads (tw_doc_stream_set_threads); 0: 1 */
} conv_args;
/* Converts one input ("-": stdin) into out (cmd/convert.c): plain UTF-8
 * text streams, documents go through the document layer. *changed (may be
 * NULL): whether the output differs from the input; *bytes (may be NULL)
 * grows by the input's size. Prints errors. */
int convert_file(const conv_args *a, const char *path, FILE *out, int *changed,
                 unsigned long long *bytes);

/* check on a large plain UTF-8 file, in pieces (cmd/check_big.c):
 * check_big_wanted says whether path is one (a regular file over
 * TW_CHECK_PIECE bytes, plain text, UTF-8); check_big_file checks it (its
 * pieces on `threads` threads, 1 or 2) and writes its findings to w (NULL:
 * none) as they come. *worst: the highest
 * severity found, -1 for none. Prints errors; 0 or -1. */
int check_big_wanted(const char *path, int markup, const char *encoding);
int check_big_file(const tw_lexicon *lex, const tw_check_options *o, const char *path,
                   FILE *spool, const char *name, tw_report_writer *w, int threads,
                   int *worst);
/* check --format xml on such a file (or spooled standard input): the text
 * is validated, then written into the document piece by piece, then
 * checked in pieces with the findings written as they come, into out. A
 * bad input writes nothing. *worst as above. Prints errors; 0 or -1. */
int check_big_xml(const tw_lexicon *lex, const tw_check_options *o, const char *path,
                  FILE *spool, const char *name, const tw_xml_options *xo, FILE *out,
                  int *worst);
/* Length of the longest prefix of b[0..n) that ends on a character
 * boundary: a sequence cut by the end of a read waits for the next
 * (cmd/check_big.c). */
size_t whole_chars(const char *b, size_t n);
/* annotate on a large plain UTF-8 file or spooled standard input, in
 * pieces (cmd/annotate_big.c): annotate_big_wanted reads it once and says
 * whether it is one (as check_big_wanted, and no byte order mark, no
 * directive, valid UTF-8); annotate_big writes its document to out as it
 * is made. Prints errors; 0 or -1. */
int annotate_big_wanted(const char *path, FILE *spool, int markup, const char *encoding);
int annotate_big(const tw_profile *p, const tw_doc_convert_options *copt,
                 const tw_lexicon *lex, const tw_check_options *co, const char *path,
                 FILE *spool, const char *name, const tw_xml_options *xo, FILE *out);
/* Standard input for check: over TW_CHECK_PIECE bytes of plain UTF-8 text
 * (and may_spool), it goes to a temporary file, *spool (read it with
 * check_big_file, path NULL); otherwise *data, *len hold it whole. Prints
 * errors; 0 or -1. */
int check_read_stdin(FILE **spool, char **data, size_t *len, int markup, const char *encoding,
                     int may_spool);

/* Runs work(ud, i) for i < n on `jobs` threads (the calling thread one of
 * them) and emit(ud, i) in order of i, one call at a time, each once
 * work(ud, i) is done, on whichever of those threads is free (cmd/pool.c).
 * Work runs at most per_thread items a thread (256 in all) ahead of emit:
 * what the items hold until emitted bounds the memory. */
int pool_run(size_t n, int jobs, size_t per_thread, void (*work)(void *, size_t),
             void (*emit)(void *, size_t), void *ud);

/* Many files in one run (cmd/batch.c). */
typedef struct batch_options {
	const conv_args *conv;
	const char *out_dir; /* NULL: concatenated on stdout */
	int jobs, recursive, skip_other, no_sync, progress, summary;
} batch_options;
int convert_batch(const batch_options *o, const char *const *inputs, size_t n);

/* JSON Lines (cmd/jsonl.c). */
typedef struct jsonl_options {
	const tw_profile *profile;
	const char *fields; /* comma-separated */
	int line_buffered, skip_errors;
} jsonl_options;
int convert_jsonl(const jsonl_options *o, const char *const *inputs, size_t n, const char *output);
typedef struct check_jsonl_options {
	const tw_lexicon *lexicon;
	const tw_check_options *check;
	const char *fields, *id_field;
	int line_buffered, skip_errors;
} check_jsonl_options;
/* *worst: the highest severity found, -1 when none. */
int check_jsonl(const check_jsonl_options *o, const char *const *inputs, size_t n, int *worst);

/* Subcommands: return the exit status. */
int cmd_convert(int argc, char **argv);
int cmd_annotate(int argc, char **argv);
int cmd_check(int argc, char **argv);

#endif
