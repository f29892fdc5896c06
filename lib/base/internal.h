/* Declarations shared between library modules. Internal. */
#ifndef TW_INTERNAL_H
#define TW_INTERNAL_H

#include <stddef.h>

#include "tongwen.h"

#if defined(__GNUC__)
#define TW_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TW_PRINTF(a, b)
#endif

/* Fills err (if not NULL) and returns code. */
int tw_fail(tw_error *err, int code, size_t offset, const char *fmt, ...) TW_PRINTF(4, 5);

/* A growable byte buffer. */
typedef struct buf {
	char *data;
	size_t len, cap;
} buf;

int buf_reserve(buf *b, size_t extra);
/* Grows an array of *cap elements of size bytes to twice as many (first
 * to first_cap), as realloc does; NULL (the array unchanged) when out of
 * memory. Big arrays get huge pages (see buf.c). */
void *array_grow(void *v, size_t *cap, size_t size, size_t first_cap);
/* Grows the array to at least n elements (its first used ones kept), as
 * array_grow; v itself when it holds n already. */
void *array_reserve(void *v, size_t *cap, size_t size, size_t used, size_t n);
int buf_append(buf *b, const void *data, size_t len);
void buf_release(buf *b);

/* Reads a whole file; *out is NUL-terminated. Returns TW_ENOTFOUND, TW_EIO
 * or TW_ETOOBIG (files over max bytes) with a message naming the path. */
int read_file(char **out, size_t *out_len, const char *path, size_t max, tw_error *err);

/* Large tables built at load (the lexicon's text, rows and index): n
 * zeroed bytes mapped with every page present, one system call instead of
 * a page fault at each page's first touch (two when it is read before it
 * is written). n > 0; NULL on failure; zmap_free(p, n) gives it back. */
void *zmap(size_t n);
/* The same, its pages made only where they are first touched. */
void *zmap_lazy(size_t n);
void zmap_free(void *p, size_t n);
/* Makes the pages of [p, p + n) present and writable in one system call
 * rather than a page fault at each page's first write. A hint, for memory
 * the caller is about to write: nothing happens where the kernel cannot. */
void populate_write(void *p, size_t n);

/* read_file into a zmap of *mapped bytes (0: malloc'd, the file is not a
 * regular one); free with zmap_free(*out, *mapped). */
int read_file_zmap(char **out, size_t *out_len, size_t *mapped, const char *path, size_t max,
                   tw_error *err);

/* Joins dir and name with one '/'; malloc'd, NULL on OOM. */
char *path_join(const char *dir, const char *name);

/* Directory part of path with a trailing '/', or "" (malloc'd). */
char *path_dirname(const char *path);

int file_exists(const char *path);

/* malloc'd copy of s[0..n) with a NUL, or NULL. */
char *str_dup_n(const char *s, size_t n);

/* Line by line through NUL-terminated text, in place: returns the line at
 * *cur with its '\n' replaced by NUL and moves *cur past it; NULL at the end
 * of the text. Empty lines are returned (as ""), so a blank line never ends
 * the reading; text ending in '\n' has no empty last line. */
char *text_next_line(char **cur);

/* A decimal integer at s: an optional '-' and one to nine digits (no
 * space, no '+'), what data files write. Sets *v and *end (past the
 * digits) and returns 1, or returns 0 with nothing set. strtol's general
 * parse, with its locale, cost more than the rest of reading the spread
 * and register tables at every load. */
int parse_small_int(const char *s, const char **end, long *v);

#endif
