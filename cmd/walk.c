/* Walking a directory tree safely, for check DIR, convert -r and batches.
 *
 * Entries are visited in name order (stable reports), hidden ones skipped.
 * A symlink is followed only when it stays inside the tree; every directory
 * is entered once (a set of device and inode numbers), so symlink loops and
 * diamonds cost nothing; devices, FIFOs and sockets are skipped; nothing on
 * /proc or /sys is read. */
#define _GNU_SOURCE /* realpath with NULL, on every libc we build on */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "cli.h"

#define PROC_MAGIC 0x9fa0
#define SYSFS_MAGIC 0x62656572

int on_pseudo_fs(const char *path)
{
	struct statfs sf;
	return statfs(path, &sf) == 0 && (sf.f_type == PROC_MAGIC || sf.f_type == SYSFS_MAGIC);
}

int fd_on_pseudo_fs(int fd)
{
	struct statfs sf;
	return fstatfs(fd, &sf) == 0 && (sf.f_type == PROC_MAGIC || sf.f_type == SYSFS_MAGIC);
}

char *safe_name(const char *name, int keep_controls)
{
	size_t n = strlen(name);
	char *out = malloc(4 * n + 1), *q = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)name[i];
		size_t bad = 0, len = 1;
		if (c >= 0x80) {
			len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
			if (len > n - i || tw_utf8_validate(name + i, len, &bad))
				len = 0;
		}
		if (len && (c >= 0x20 || keep_controls) && c != 0x7f) {
			memcpy(q, name + i, len);
			q += len;
			i += len;
		} else {
			q += sprintf(q, "\\x%02X", c);
			i++;
		}
	}
	*q = '\0';
	return out;
}

/* ---------------------------------------------------------------- seen set */

typedef struct seen {
	struct id {
		dev_t dev;
		ino_t ino;
	} *slots;
	size_t cap, n;
} seen;

static size_t id_hash(dev_t d, ino_t i)
{
	uint64_t h = (uint64_t)d * 0x9e3779b97f4a7c15u ^ (uint64_t)i * 0xc2b2ae3d27d4eb4fu;
	return (size_t)(h ^ (h >> 29));
}

/* 1 when added, 0 when already there, -1 out of memory. Slot ino 0 with dev
 * 0 is "empty": no real directory has both. */
static int seen_add(seen *s, dev_t dev, ino_t ino)
{
	if (2 * (s->n + 1) > s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		struct id *g = calloc(cap, sizeof *g);
		if (!g)
			return -1;
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->slots[i].dev && !s->slots[i].ino)
				continue;
			size_t k = id_hash(s->slots[i].dev, s->slots[i].ino) & (cap - 1);
			while (g[k].dev || g[k].ino)
				k = (k + 1) & (cap - 1);
			g[k] = s->slots[i];
		}
		free(s->slots);
		s->slots = g;
		s->cap = cap;
	}
	size_t k = id_hash(dev, ino) & (s->cap - 1);
	while (s->slots[k].dev || s->slots[k].ino) {
		if (s->slots[k].dev == dev && s->slots[k].ino == ino)
			return 0;
		k = (k + 1) & (s->cap - 1);
	}
	s->slots[k].dev = dev;
	s->slots[k].ino = ino;
	s->n++;
	return 1;
}

/* ---------------------------------------------------------------- walk */

typedef struct walker {
	const walk_options *o;
	char *root_real;
	size_t root_len;
	seen dirs;
	size_t found;
	int rc;
} walker;

static int skip_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static char *join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	int slash = dl && dir[dl - 1] == '/';
	char *p = malloc(dl + nl + 2);
	if (p) {
		memcpy(p, dir, dl);
		if (!slash)
			p[dl] = '/';
		memcpy(p + dl + !slash, name, nl + 1);
	}
	return p;
}

/* Whether a symlink's destination stays inside the tree. */
static int inside(walker *w, const char *path)
{
	char *real = realpath(path, NULL);
	int in = real && !strncmp(real, w->root_real, w->root_len) &&
	         (real[w->root_len] == '/' || real[w->root_len] == '\0' || w->root_len == 1);
	free(real);
	return in;
}

static void walk_dir(walker *w, const char *dir, const char *rel)
{
	struct dirent **list;
	int n = scandir(dir, &list, skip_hidden, alphasort);
	if (n < 0) {
		die_msg("%s: %s", dir, strerror(errno));
		w->rc = -1;
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		char *path = join(dir, name);
		char *sub = path ? (*rel ? join(rel, name) : strdup(name)) : NULL;
		struct stat st;
		if (!path || !sub) {
			die_msg("%s: out of memory", dir);
			w->rc = -1;
		} else if (lstat(path, &st)) {
			die_msg("%s: %s", path, strerror(errno));
			w->rc = -1;
		} else if (S_ISLNK(st.st_mode) && (stat(path, &st) || !inside(w, path))) {
			if (w->o->verbose_skips)
				die_msg("%s: symlink out of the tree (or dangling), skipped", path);
		} else if (S_ISDIR(st.st_mode)) {
			int fresh = seen_add(&w->dirs, st.st_dev, st.st_ino);
			if (fresh < 0) {
				die_msg("%s: out of memory", path);
				w->rc = -1;
			} else if (!fresh) {
				if (w->o->verbose_skips)
					die_msg("%s: directory already walked (a symlink loop?), skipped", path);
			} else if (!w->o->enter || w->o->enter(w->o->ud, path)) {
				walk_dir(w, path, sub);
			}
		} else if (S_ISREG(st.st_mode)) {
			if (!w->o->want || w->o->want(w->o->ud, path)) {
				w->found++;
				if (w->o->file(w->o->ud, path, sub))
					w->rc = -1;
			}
		}
		/* devices, FIFOs and sockets are never opened */
		free(sub);
		free(path);
		free(list[i]);
	}
	free(list);
}

int walk_tree(const char *root, const walk_options *o, size_t *found)
{
	walker w = {.o = o};
	struct stat st;
	*found = 0;
	if (on_pseudo_fs(root)) {
		die_msg("%s: on /proc or /sys, never read", root);
		return -1;
	}
	w.root_real = realpath(root, NULL);
	if (!w.root_real || stat(w.root_real, &st)) {
		die_msg("%s: %s", root, strerror(errno));
		free(w.root_real);
		return -1;
	}
	w.root_len = strlen(w.root_real);
	if (seen_add(&w.dirs, st.st_dev, st.st_ino) < 0) {
		die_msg("%s: out of memory", root);
		w.rc = -1;
	} else if (!o->enter || o->enter(o->ud, root)) {
		walk_dir(&w, root, "");
	}
	*found = w.found;
	free(w.dirs.slots);
	free(w.root_real);
	return w.rc;
}
