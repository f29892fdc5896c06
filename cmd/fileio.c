/* The one way the CLI writes a named output file (convert -o, annotate -o,
 * check --fix, batch outputs).
 *
 * A regular file is replaced atomically: the output goes to a temporary file
 * beside it that takes the old file's mode and owner, and is renamed into
 * place only on commit. Anything else is never replaced: a device, FIFO or
 * socket, and the standard streams named as /dev/stdout or /dev/fd/N, are
 * written directly, as a shell redirection would. A symlink is followed to
 * its target (like `sed -i --follow-symlinks`) and a file with several hard
 * links is rewritten in place once complete, so links survive. Temporary
 * files are removed on SIGINT, SIGTERM and SIGHUP. */
#define _GNU_SOURCE /* syncfs */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* ---------------------------------------------------------------- cleanup */

/* Temporary files alive right now, for the signal handler. A slot holds a
 * path the handler may read at any moment, so it is cleared before the
 * string is freed. */
#define MAX_LIVE 256
static char *volatile live[MAX_LIVE];
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;

static int live_add(char *path)
{
	pthread_mutex_lock(&live_lock);
	int slot = -1;
	for (int i = 0; i < MAX_LIVE && slot < 0; i++)
		if (!live[i])
			live[slot = i] = path;
	pthread_mutex_unlock(&live_lock);
	return slot;
}

static void live_remove(int slot)
{
	if (slot < 0)
		return;
	pthread_mutex_lock(&live_lock);
	live[slot] = NULL;
	pthread_mutex_unlock(&live_lock);
}

static void on_signal(int sig)
{
	for (int i = 0; i < MAX_LIVE; i++) {
		char *p = live[i];
		if (p)
			unlink(p);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* umask can only be read by setting it: once, before threads write files
 * (batches open outputs from worker threads) */
static pthread_once_t umask_once = PTHREAD_ONCE_INIT;
static mode_t process_umask;

static void read_umask(void)
{
	process_umask = umask(0);
	umask(process_umask);
}

void out_install_cleanup(void)
{
	pthread_once(&umask_once, read_umask);
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;
		/* an ignored signal (nohup, a shell's background job) stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
}

/* ---------------------------------------------------------------- durability */

static int sync_policy = OUT_SYNC_EACH;
/* Under OUT_SYNC_DEFER, one directory per file system written to, synced by
 * out_sync_finish. */
static struct deferred {
	dev_t dev;
	char *dir;
} *deferred;
static size_t n_deferred;

void out_set_sync(int policy)
{
	sync_policy = policy;
}

static char *dir_part(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = !slash ? 1 : slash == path ? 1 : (size_t)(slash - path);
	char *d = malloc(n + 1);
	if (!d)
		return NULL;
	if (!slash)
		memcpy(d, ".", 2);
	else {
		memcpy(d, path, n);
		d[n] = '\0';
	}
	return d;
}

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	/* some file systems cannot sync a directory; the data is what matters */
	if (rc && (errno == EINVAL || errno == EROFS))
		rc = 0;
	close(fd);
	return rc;
}

/* Takes dir (malloc'd) when it is kept. */
static int defer_sync(char **dirp)
{
	struct stat st;
	char *dir = *dirp;
	if (stat(dir, &st))
		return -1;
	pthread_mutex_lock(&live_lock);
	int rc = 0;
	size_t i = 0;
	while (i < n_deferred && deferred[i].dev != st.st_dev)
		i++;
	if (i == n_deferred) {
		struct deferred *g = realloc(deferred, (n_deferred + 1) * sizeof *g);
		if (!g) {
			rc = -1;
		} else {
			deferred = g;
			deferred[n_deferred].dev = st.st_dev;
			deferred[n_deferred++].dir = dir;
			*dirp = NULL;
		}
	}
	pthread_mutex_unlock(&live_lock);
	return rc;
}

int out_sync_finish(void)
{
	int rc = 0;
	for (size_t i = 0; i < n_deferred; i++) {
		int fd = open(deferred[i].dir, O_RDONLY | O_DIRECTORY);
		if (fd < 0 || syncfs(fd)) {
			die_msg("%s: cannot sync: %s", deferred[i].dir, strerror(errno));
			rc = -1;
		}
		if (fd >= 0)
			close(fd);
		free(deferred[i].dir);
	}
	free(deferred);
	deferred = NULL;
	n_deferred = 0;
	return rc;
}

/* ---------------------------------------------------------------- targets */

/* "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1" …: the descriptor named, or
 * -1. Such names are written through the descriptor the process already
 * holds: reopening through /proc would truncate a file opened for append,
 * and following the link leads to names like "pipe:[1234]". */
static int fd_name(const char *p)
{
	if (!strcmp(p, "/dev/stdout"))
		return 1;
	if (!strcmp(p, "/dev/stderr"))
		return 2;
	const char *n = !strncmp(p, "/dev/fd/", 8) ? p + 8 : !strncmp(p, "/proc/self/fd/", 14) ? p + 14 : NULL;
	if (!n || *n < '0' || *n > '9')
		return -1;
	char *end;
	long v = strtol(n, &end, 10);
	return *end || v > INT_MAX ? -1 : (int)v;
}

enum { TARGET_NEW, TARGET_REGULAR, TARGET_SPECIAL, TARGET_FD };

/* Follows symlinks from path. *final is the file to replace or create (or
 * to open, for TARGET_SPECIAL); for TARGET_FD, *fd the descriptor named.
 * Returns the kind, or -1 with errno set. */
static int resolve(const char *path, char **final, struct stat *st, int *fd)
{
	char *cur = strdup(path);
	for (int hops = 0; cur; hops++) {
		if ((*fd = fd_name(cur)) >= 0) {
			free(cur);
			*final = NULL;
			return TARGET_FD;
		}
		if (lstat(cur, st)) {
			if (errno != ENOENT)
				break;
			*final = cur;
			return TARGET_NEW;
		}
		if (!S_ISLNK(st->st_mode)) {
			*final = cur;
			if (S_ISDIR(st->st_mode)) {
				errno = EISDIR;
				break;
			}
			/* nothing is ever renamed into /proc or /sys */
			if (!S_ISREG(st->st_mode) || !strncmp(cur, "/proc/", 6) || !strncmp(cur, "/sys/", 5))
				return TARGET_SPECIAL;
			return TARGET_REGULAR;
		}
		if (hops >= 40) {
			errno = ELOOP;
			break;
		}
		char link[PATH_MAX];
		ssize_t n = readlink(cur, link, sizeof link - 1);
		if (n < 0)
			break;
		link[n] = '\0';
		char *next;
		if (link[0] == '/') {
			next = strdup(link);
		} else {
			char *dir = dir_part(cur);
			next = dir ? malloc(strlen(dir) + (size_t)n + 2) : NULL;
			if (next)
				sprintf(next, "%s/%s", dir, link);
			free(dir);
		}
		free(cur);
		cur = next;
	}
	int e = errno;
	free(cur);
	*final = NULL;
	errno = e;
	return -1;
}

/* The new file takes the old one's owner and mode; where the owner (or
 * group) cannot be kept, setuid and setgid are dropped, so nobody gains a
 * set-id program owned by someone else. */
static void take_attributes(int fd, const struct stat *old, int exists)
{
	if (!exists) {
		pthread_once(&umask_once, read_umask);
		fchmod(fd, 0666 & ~process_umask);
		return;
	}
	mode_t mode = old->st_mode & 07777;
	struct stat now;
	if (fchown(fd, old->st_uid, old->st_gid))
		(void)!fchown(fd, (uid_t)-1, old->st_gid);
	if (fstat(fd, &now) || now.st_uid != old->st_uid)
		mode &= ~(mode_t)(S_ISUID | S_ISGID);
	else if (now.st_gid != old->st_gid)
		mode &= ~(mode_t)S_ISGID;
	fchmod(fd, mode);
}

/* ---------------------------------------------------------------- out_file */

static void out_clear(out_file *o)
{
	live_remove(o->slot);
	free(o->path);
	free(o->tmp);
	free(o->dir);
	memset(o, 0, sizeof *o);
	o->slot = -1;
}

int out_open(out_file *o, const char *path)
{
	memset(o, 0, sizeof *o);
	o->slot = -1;
	if (!path || !strcmp(path, "-")) {
		o->f = stdout;
		o->mode = OUT_STDOUT;
		return 0;
	}
	struct stat st;
	char *final;
	int fd;
	int kind = resolve(path, &final, &st, &fd);
	if (kind < 0) {
		die_msg("%s: cannot write: %s", path, strerror(errno));
		return -1;
	}
	o->name = path;
	o->path = final;
	if (kind == TARGET_FD || kind == TARGET_SPECIAL) {
		int wfd = kind == TARGET_FD ? dup(fd) : open(final, O_WRONLY | O_NOCTTY);
		o->f = wfd >= 0 ? fdopen(wfd, "wb") : NULL;
		if (!o->f) {
			die_msg("%s: cannot write: %s", path, strerror(errno));
			if (wfd >= 0)
				close(wfd);
			out_clear(o);
			return -1;
		}
		o->mode = OUT_DIRECT;
		return 0;
	}
	size_t n = strlen(final);
	o->tmp = malloc(n + 16);
	/* allocated now: nothing may fail once the file is renamed into place */
	o->dir = dir_part(final);
	if (!o->tmp || !o->dir) {
		die_msg("out of memory");
		out_clear(o);
		return -1;
	}
	snprintf(o->tmp, n + 16, "%s.twtmpXXXXXX", final);
	/* registered before it exists, so no signal can leave it behind */
	o->slot = live_add(o->tmp);
	int tfd = mkstemp(o->tmp);
	if (tfd < 0) {
		die_msg("%s: cannot create: %s", path, strerror(errno));
		out_clear(o);
		return -1;
	}
	take_attributes(tfd, &st, kind == TARGET_REGULAR);
	o->mode = kind == TARGET_REGULAR && st.st_nlink > 1 ? OUT_COPY_BACK : OUT_RENAME;
	o->f = fdopen(tfd, "w+b");
	if (!o->f) {
		die_msg("%s: %s", path, strerror(errno));
		close(tfd);
		unlink(o->tmp);
		out_clear(o);
		return -1;
	}
	return 0;
}

/* A file with other hard links keeps its inode: once the complete output
 * is in the temporary file, it is copied over the old contents. */
static int copy_back(out_file *o)
{
	int dst = open(o->path, O_WRONLY | O_NOCTTY);
	if (dst < 0 || fseek(o->f, 0, SEEK_SET))
		return -1;
	char buf[1 << 16];
	size_t n;
	off_t total = 0;
	int rc = 0;
	while (!rc && (n = fread(buf, 1, sizeof buf, o->f)) > 0) {
		for (size_t done = 0; done < n && !rc;) {
			ssize_t w = write(dst, buf + done, n - done);
			if (w < 0 && errno != EINTR)
				rc = -1;
			else if (w > 0)
				done += (size_t)w;
		}
		total += (off_t)n;
	}
	if (!rc && (ferror(o->f) || ftruncate(dst, total)))
		rc = -1;
	if (!rc && sync_policy == OUT_SYNC_EACH && fsync(dst))
		rc = -1;
	int e = errno;
	if (close(dst) && !rc)
		rc = -1;
	else
		errno = e;
	return rc;
}

int out_commit(out_file *o)
{
	if (!o->f)
		return -1;
	const char *name = o->name ? o->name : "<stdout>";
	int rc = 0;
	if (o->mode == OUT_STDOUT) {
		if (fflush(o->f) != 0 || ferror(o->f)) {
			die_msg("%s: write error: %s", name, strerror(errno));
			rc = -1;
		}
		o->f = NULL;
		return rc;
	}
	if (fflush(o->f) != 0 || ferror(o->f) ||
	    (o->mode == OUT_RENAME && sync_policy == OUT_SYNC_EACH && fsync(fileno(o->f)))) {
		die_msg("%s: write error: %s", name, strerror(errno));
		rc = -1;
	}
	if (!rc && o->mode == OUT_COPY_BACK &&
	    (copy_back(o) || (sync_policy == OUT_SYNC_DEFER && defer_sync(&o->dir)))) {
		die_msg("%s: write error: %s", name, strerror(errno));
		rc = -1;
	}
	if (fclose(o->f) != 0 && !rc) {
		die_msg("%s: write error: %s", name, strerror(errno));
		rc = -1;
	}
	o->f = NULL;
	if (!rc && o->mode == OUT_RENAME) {
		if (rename(o->tmp, o->path) != 0) {
			die_msg("%s: cannot replace: %s", name, strerror(errno));
			rc = -1;
		} else if (sync_policy == OUT_SYNC_EACH && sync_dir(o->dir)) {
			die_msg("%s: cannot sync: %s", name, strerror(errno));
			rc = -1;
		} else if (sync_policy == OUT_SYNC_DEFER && defer_sync(&o->dir)) {
			die_msg("%s: cannot sync: %s", name, strerror(errno));
			rc = -1;
		}
	}
	if (o->tmp && (rc || o->mode == OUT_COPY_BACK))
		unlink(o->tmp);
	out_clear(o);
	return rc;
}

void out_abort(out_file *o)
{
	if (o->f && o->mode != OUT_STDOUT)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	out_clear(o);
}
