/* Input reading and messages for the CLI. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_POPULATE */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Refuse inputs beyond this; streaming commands are not limited by it. */
#define MAX_INPUT ((size_t)1 << 31)

void die_msg(const char *fmt, ...)
{
	/* one write, so messages from worker threads do not interleave */
	char buf[4096];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof buf)
		memcpy(buf + sizeof buf - 4, "...", 4);
	/* a message names files and echoes arguments: their control characters
	 * are escaped so that no name can forge a line or a terminal escape */
	char line[4 * sizeof buf + 16];
	size_t k = 0;
	memcpy(line, "tongwen: ", 9);
	k = 9 + escape_controls(line + 9, buf, strlen(buf), 0);
	line[k++] = '\n';
	fwrite(line, 1, k, stderr);
}

size_t escape_controls(char *out, const char *s, size_t n, int keep_newlines)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && !(c == '\n' && keep_newlines)) || c == 0x7f) {
			out[k++] = '\\';
			out[k++] = 'x';
			out[k++] = hex[c >> 4];
			out[k++] = hex[c & 15];
		} else {
			out[k++] = (char)c;
		}
	}
	return k;
}

int put_escaped(FILE *f, const char *s, size_t n)
{
	char *t = malloc(4 * n + 1);
	if (!t)
		return -1;
	size_t k = escape_controls(t, s, n, 1);
	int rc = fwrite(t, 1, k, f) == k ? 0 : -1;
	free(t);
	return rc;
}

int input_refused(FILE *f, const char *name)
{
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		die_msg("%s: is a directory", name);
		return -1;
	}
	/* a symlink to /proc/self/environ must not print the environment */
	if (fd_on_pseudo_fs(fileno(f))) {
		die_msg("%s: on /proc or /sys, never read", name);
		return -1;
	}
	return 0;
}

char *piece_buffer(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
	               -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void piece_buffer_free(char *p, size_t n)
{
	if (p)
		munmap(p, n);
}

int slurp(const char *path, char **data, size_t *len)
{
	int is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	*data = NULL;
	*len = 0;
	if (!f) {
		die_msg("%s: %s", name, strerror(errno));
		return -1;
	}
	if (!is_stdin && input_refused(f, name)) {
		fclose(f);
		return -1;
	}
	size_t cap = 65536, n = 0;
	char *p = malloc(cap + 1);
	int rc = 0;
	while (p) {
		if (n == cap) {
			if (cap >= MAX_INPUT) {
				die_msg("%s: larger than %zu MiB (byte offset %zu)", name, MAX_INPUT >> 20, n);
				rc = -1;
				break;
			}
			char *q = realloc(p, cap * 2 + 1);
			if (!q) {
				/* never taken for the end of the input */
				free(p);
				p = NULL;
				break;
			}
			p = q;
			cap *= 2;
		}
		size_t r = fread(p + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (!p) {
		die_msg("%s: out of memory", name);
		rc = -1;
	} else if (!rc && ferror(f)) {
		die_msg("%s: read error: %s", name, strerror(errno));
		rc = -1;
	}
	if (!is_stdin)
		fclose(f);
	if (rc) {
		free(p);
		return -1;
	}
	p[n] = '\0';
	*data = p;
	*len = n;
	return 0;
}

/* Adds the paths listed in FILE ("-": stdin), one a line or NUL-separated,
 * to *files. */
int read_list(const char *path, int nul, char ***list, size_t *n, size_t *cap)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f) {
		die_msg("%s: %s", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t lcap = 0;
	ssize_t len;
	int rc = 0;
	while ((len = getdelim(&line, &lcap, nul ? '\0' : '\n', f)) > 0) {
		if (line[len - 1] == (nul ? '\0' : '\n'))
			line[--len] = '\0';
		if (!nul && len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!len)
			continue;
		if (*n == *cap) {
			size_t c = *cap ? 2 * *cap : 256;
			char **g = realloc(*list, c * sizeof *g);
			if (!g) {
				rc = -1;
				break;
			}
			*list = g;
			*cap = c;
		}
		if (!((*list)[*n] = strdup(line))) {
			rc = -1;
			break;
		}
		(*n)++;
	}
	if (rc)
		die_msg("%s: out of memory", path);
	else if (ferror(f) || (errno == ENOMEM && len < 0 && !feof(f))) {
		die_msg("%s: read error: %s", path, strerror(errno));
		rc = -1;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}
