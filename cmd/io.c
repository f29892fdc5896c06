/* Atomic output files and input reading for the CLI. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Refuse inputs beyond this; streaming commands are not limited by it. */
#define MAX_INPUT ((size_t)1 << 31)

void die_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("tongwen: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int out_open(out_file *o, const char *path)
{
	memset(o, 0, sizeof *o);
	if (!path || !strcmp(path, "-")) {
		o->f = stdout;
		return 0;
	}
	size_t n = strlen(path);
	o->path = malloc(n + 1);
	o->tmp = malloc(n + 16);
	if (!o->path || !o->tmp) {
		free(o->path);
		free(o->tmp);
		die_msg("out of memory");
		return -1;
	}
	memcpy(o->path, path, n + 1);
	snprintf(o->tmp, n + 16, "%s.twtmpXXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		die_msg("%s: cannot create: %s", path, strerror(errno));
		free(o->path);
		free(o->tmp);
		memset(o, 0, sizeof *o);
		return -1;
	}
	/* Keep an existing file's permissions; new files get the usual 0666 & ~umask. */
	struct stat st;
	mode_t mode;
	if (stat(path, &st) == 0) {
		mode = st.st_mode & 07777;
	} else {
		mode_t um = umask(0);
		umask(um);
		mode = 0666 & ~um;
	}
	fchmod(fd, mode);
	o->f = fdopen(fd, "wb");
	if (!o->f) {
		close(fd);
		unlink(o->tmp);
		die_msg("%s: %s", path, strerror(errno));
		free(o->path);
		free(o->tmp);
		memset(o, 0, sizeof *o);
		return -1;
	}
	return 0;
}

int out_commit(out_file *o)
{
	if (!o->f)
		return -1;
	int rc = 0;
	if (!o->tmp) {
		if (fflush(o->f) != 0 || ferror(o->f)) {
			die_msg("<stdout>: write error: %s", strerror(errno));
			rc = -1;
		}
		o->f = NULL;
		return rc;
	}
	if (fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0) {
		die_msg("%s: write error: %s", o->path, strerror(errno));
		rc = -1;
	}
	if (fclose(o->f) != 0 && !rc) {
		die_msg("%s: write error: %s", o->path, strerror(errno));
		rc = -1;
	}
	o->f = NULL;
	if (!rc && rename(o->tmp, o->path) != 0) {
		die_msg("%s: cannot replace: %s", o->path, strerror(errno));
		rc = -1;
	}
	if (rc)
		unlink(o->tmp);
	free(o->path);
	free(o->tmp);
	o->path = o->tmp = NULL;
	return rc;
}

void out_abort(out_file *o)
{
	if (o->tmp) {
		if (o->f)
			fclose(o->f);
		unlink(o->tmp);
	}
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
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
	struct stat st;
	if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		die_msg("%s: is a directory", name);
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
			if (!q)
				break;
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
