/* Growable buffers and small file helpers. */
/* MAP_ANONYMOUS and MAP_POPULATE (zmap) are not POSIX. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static void *grow_block(void *v, size_t used, size_t n);
static void mem_hint_big(void *p, size_t n);

int buf_reserve(buf *b, size_t extra)
{
	if (b->cap - b->len >= extra)
		return TW_OK;
	size_t need = b->len + extra;
	if (need < b->len)
		return TW_ENOMEM;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			return TW_ENOMEM;
		cap *= 2;
	}
	/* the byte after the text too: most buffers keep a NUL there */
	char *p = grow_block(b->data, b->len < b->cap ? b->len + 1 : b->len, cap);
	if (!p)
		return TW_ENOMEM;
	b->data = p;
	b->cap = cap;
	return TW_OK;
}

enum { HUGE_PAGE = 2u << 20, BIG_BLOCK = 4 * HUGE_PAGE };

/* realloc(v, n) keeping the first used bytes; a big block is a fresh one
 * with the huge-page hint given before the bytes are copied into it (a
 * hinted block is split from its mapping, which realloc could then no
 * longer move without copying into small pages). */
static void *grow_block(void *v, size_t used, size_t n)
{
	if (n < BIG_BLOCK)
		return realloc(v, n);
	void *g = malloc(n);
	if (!g)
		return NULL;
	mem_hint_big(g, n);
	if (used)
		memcpy(g, v, used);
	free(v);
	return g;
}

void *array_reserve(void *v, size_t *cap, size_t size, size_t used, size_t n)
{
	if (n <= *cap)
		return v;
	if (n > SIZE_MAX / size)
		return NULL;
	void *g = grow_block(v, used * size, n * size);
	if (g)
		*cap = n;
	return g;
}

void *array_grow(void *v, size_t *cap, size_t size, size_t first_cap)
{
	size_t n = *cap ? *cap * 2 : first_cap;
	if (n < *cap || n > SIZE_MAX / size)
		return NULL;
	void *g = grow_block(v, *cap * size, n * size);
	if (g)
		*cap = n;
	return g;
}

/* A hint that p[0..n), a big heap block about to be written in full, be
 * backed by huge pages: on a machine whose transparent huge pages are
 * opt-in, a page fault at every 4 KB of an output of hundreds of MB (an
 * aligned conversion's spans) took more time than the conversion. Does
 * nothing for blocks under a few MB. */
static void mem_hint_big(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	if (n < BIG_BLOCK)
		return;
	uintptr_t from = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	uintptr_t to = ((uintptr_t)p + n) & ~(uintptr_t)(HUGE_PAGE - 1);
	if (to > from)
		madvise((void *)from, to - from, MADV_HUGEPAGE); /* a hint: failure is harmless */
#else
	(void)p;
	(void)n;
#endif
}

int buf_append(buf *b, const void *data, size_t len)
{
	if (buf_reserve(b, len + 1))
		return TW_ENOMEM;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return TW_OK;
}

void buf_release(buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int read_file(char **out, size_t *out_len, const char *path, size_t max, tw_error *err)
{
	*out = NULL;
	*out_len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return tw_fail(err, errno == ENOENT ? TW_ENOTFOUND : TW_EIO, 0,
		               "%s: %s", path, strerror(errno));
	buf b = {0};
	size_t n;
	int rc = TW_OK;
	/* A regular file is read straight into a buffer of its size: no
	 * copy through a chunk, no doubling (the lexicon is a megabyte). */
	struct stat st;
	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size <= max && buf_reserve(&b, (size_t)st.st_size + 1))
		rc = tw_fail(err, TW_ENOMEM, 0, "%s: out of memory", path);
	while (!rc) {
		if (b.cap - b.len < 2 && buf_reserve(&b, 65536)) {
			rc = tw_fail(err, TW_ENOMEM, 0, "%s: out of memory", path);
			break;
		}
		size_t want = b.cap - b.len - 1;
		if (want > max - b.len + 1)
			want = max - b.len + 1; /* enough to see it is too large */
		if (!(n = fread(b.data + b.len, 1, want, f)))
			break;
		if (b.len + n > max) {
			rc = tw_fail(err, TW_ETOOBIG, b.len, "%s: larger than %zu bytes", path, max);
			break;
		}
		b.len += n;
		b.data[b.len] = '\0';
	}
	if (!rc && ferror(f))
		rc = tw_fail(err, TW_EIO, b.len, "%s: read error", path);
	fclose(f);
	if (rc) {
		buf_release(&b);
		return rc;
	}
	if (!b.data && buf_append(&b, "", 0))
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	*out = b.data;
	*out_len = b.len;
	return TW_OK;
}

void *zmap(size_t n)
{
#ifdef MAP_POPULATE
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
	               -1, 0);
	return p == MAP_FAILED ? NULL : p;
#else
	return calloc(1, n);
#endif
}

void *zmap_lazy(size_t n)
{
#ifdef MAP_POPULATE
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
#else
	return calloc(1, n);
#endif
}

void populate_write(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t at = (uintptr_t)p & ~(uintptr_t)4095; /* the page p lies in */
	if (n)
		madvise((void *)at, n + ((uintptr_t)p - at), MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)n;
#endif
}

void zmap_free(void *p, size_t n)
{
	if (!p)
		return;
#ifdef MAP_POPULATE
	if (n) {
		munmap(p, n);
		return;
	}
#endif
	(void)n;
	free(p);
}

int read_file_zmap(char **out, size_t *out_len, size_t *mapped, const char *path, size_t max,
                   tw_error *err)
{
	*out = NULL;
	*out_len = *mapped = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tw_fail(err, errno == ENOENT ? TW_ENOTFOUND : TW_EIO, 0, "%s: %s", path,
		               strerror(errno));
	struct stat st;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		/* a pipe or a device: read from this descriptor (a FIFO opened
		 * twice would wait for a second writer) into a malloc'd buffer */
		buf b = {0};
		int rc = buf_append(&b, "", 0) ? TW_ENOMEM : TW_OK;
		while (!rc) {
			if (b.cap - b.len < 2 && buf_reserve(&b, 65536)) {
				rc = TW_ENOMEM;
				break;
			}
			size_t want = b.cap - b.len - 1;
			if (want > max - b.len + 1)
				want = max - b.len + 1;
			ssize_t n = read(fd, b.data + b.len, want);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				rc = tw_fail(err, TW_EIO, b.len, "%s: %s", path, strerror(errno));
				break;
			}
			if (!n)
				break;
			if (b.len + (size_t)n > max) {
				rc = tw_fail(err, TW_ETOOBIG, b.len, "%s: larger than %zu bytes", path, max);
				break;
			}
			b.len += (size_t)n;
			b.data[b.len] = '\0';
		}
		close(fd);
		if (rc == TW_ENOMEM)
			tw_fail(err, TW_ENOMEM, 0, "%s: out of memory", path);
		if (rc) {
			buf_release(&b);
			return rc;
		}
		*out = b.data;
		*out_len = b.len;
		return TW_OK;
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return tw_fail(err, TW_ETOOBIG, max, "%s: larger than %zu bytes", path, max);
	}
	size_t size = (size_t)st.st_size, len = 0;
	char *p = zmap(size + 1);
	if (!p) {
		close(fd);
		return tw_fail(err, TW_ENOMEM, 0, "%s: out of memory", path);
	}
	while (len < size) { /* a file that grows meanwhile is read as it was */
		ssize_t n = read(fd, p + len, size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			zmap_free(p, size + 1);
			return tw_fail(err, TW_EIO, len, "%s: %s", path, strerror(e));
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	close(fd);
	p[len] = '\0';
	*out = p;
	*out_len = len;
	*mapped = size + 1;
	return TW_OK;
}

char *path_join(const char *dir, const char *name)
{
	size_t a = strlen(dir), c = strlen(name);
	char *p = malloc(a + c + 2);
	if (!p)
		return NULL;
	memcpy(p, dir, a);
	size_t k = a;
	if (a && dir[a - 1] != '/')
		p[k++] = '/';
	memcpy(p + k, name, c + 1);
	return p;
}

char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) + 1 : 0;
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, path, n);
	p[n] = '\0';
	return p;
}

int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *str_dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

int parse_small_int(const char *s, const char **end, long *v)
{
	const char *p = s + (*s == '-');
	long n = 0;
	int digits = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (++digits > 9)
			return 0;
		n = n * 10 + (*p - '0');
	}
	if (!digits)
		return 0;
	*v = *s == '-' ? -n : n;
	*end = p;
	return 1;
}

char *text_next_line(char **cur)
{
	char *line = *cur;
	if (!line || !*line)
		return NULL;
	char *nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*cur = nl + 1;
	} else {
		*cur = NULL;
	}
	return line;
}
