/* Converting many files in one process: convert FILE… -o DIR/, --files-from,
 * convert -r IN_DIR -o OUT_DIR.
 *
 * The profile loads once; files are converted by a pool of threads; each
 * output is written atomically at the input's relative path under OUT_DIR
 * and the run is made durable once at the end (one syncfs per file system)
 * instead of one fsync per file. One bad file does not stop the run: it is
 * reported, and the exit status is 2 at the end. Without an output
 * directory the outputs are concatenated on standard output in input
 * order. */
#define _GNU_SOURCE /* realpath with NULL */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

enum { KIND_CONVERT, KIND_COPY, KIND_SKIP };
/* In stdout mode, an input larger than this is held in a temporary file:
 * with at most 256 items held (the pool's window), memory stays under
 * 256 MiB whatever the inputs. */
enum { SPILL_BYTES = 1 << 20 };
enum { ST_OK, ST_ERROR };

typedef struct item {
	char *path, *rel;
	int kind, status, changed;
	unsigned long long bytes;
	char *buf; /* stdout mode, a small input: the converted text */
	size_t len;
	FILE *spill; /* stdout mode, a big or unsized input: a temporary file holding it */
} item;

typedef struct batch {
	const batch_options *o;
	item *items;
	size_t n, cap;
	/* for the progress line and the summary, updated in item order */
	size_t done, converted, changed, copied, skipped, errors;
	unsigned long long bytes;
	double last_progress;
	int progress;
} batch;

/* Extensions converted (HTML, XML and Markdown as documents through the
 * document layer, the rest as text: convert_file decides by extension); any
 * other file is copied unchanged, or skipped with --other skip. */
static int convertible(const char *path)
{
	static const char *const ext[] = {".txt",  ".md",  ".markdown", ".mdx",  ".rst",  ".adoc",
	                                  ".html", ".htm", ".xhtml",    ".xml",  ".csv",  ".tsv",
	                                  ".srt",  ".vtt", ".json",     ".jsonl", ".yaml", ".yml"};
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	for (size_t i = 0; dot && i < sizeof ext / sizeof ext[0]; i++)
		if (!strcmp(dot, ext[i]))
			return 1;
	return 0;
}

static int add(batch *b, const char *path, const char *rel)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 64;
		item *g = realloc(b->items, cap * sizeof *g);
		if (!g)
			return -1;
		b->items = g;
		b->cap = cap;
	}
	item *it = &b->items[b->n];
	memset(it, 0, sizeof *it);
	it->path = strdup(path);
	it->rel = rel ? strdup(rel) : NULL;
	if (!it->path || (rel && !it->rel)) {
		free(it->path);
		free(it->rel);
		return -1;
	}
	it->kind = !b->o->recursive || convertible(path) ? KIND_CONVERT
	           : b->o->skip_other                    ? KIND_SKIP
	                                                 : KIND_COPY;
	b->n++;
	return 0;
}

static int walk_add(void *ud, const char *path, const char *rel)
{
	if (add(ud, path, rel)) {
		die_msg("%s: out of memory", path);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- relative paths */

/* Lexically absolute and clean: "a/./b/../c" under cwd → "/cwd/a/c". */
static char *absolute(const char *path)
{
	char cwd[PATH_MAX];
	if (path[0] != '/' && !getcwd(cwd, sizeof cwd))
		return NULL;
	size_t n = (path[0] == '/' ? 0 : strlen(cwd)) + strlen(path) + 2;
	char *tmp = malloc(n), *out = malloc(n);
	if (!tmp || !out) {
		free(tmp);
		free(out);
		return NULL;
	}
	snprintf(tmp, n, "%s/%s", path[0] == '/' ? "" : cwd, path);
	size_t len = 0;
	for (char *save, *seg = strtok_r(tmp, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (!strcmp(seg, "."))
			continue;
		if (!strcmp(seg, "..")) {
			while (len > 0 && out[len] != '/')
				len--;
			out[len] = '\0';
			continue;
		}
		out[len++] = '/';
		strcpy(out + len, seg);
		len += strlen(seg);
	}
	out[len] = '\0';
	if (!len)
		strcpy(out, "/");
	free(tmp);
	return out;
}

/* Paths of the listed inputs under the output directory: a relative path
 * without ".." as given (less any "./"); otherwise, for every input, the
 * path below the inputs' common parent. */
static int relative_paths(batch *b)
{
	int plain = 1;
	for (size_t i = 0; i < b->n && plain; i++) {
		const char *p = b->items[i].path;
		plain = p[0] != '/' && strncmp(p, "../", 3) && !strstr(p, "/../") && strcmp(p, "..");
	}
	if (plain) {
		for (size_t i = 0; i < b->n; i++) {
			const char *p = b->items[i].path;
			while (!strncmp(p, "./", 2))
				p += 2 + strspn(p + 2, "/");
			if (!(b->items[i].rel = strdup(p)))
				return -1;
		}
		return 0;
	}
	char **abs = calloc(b->n, sizeof *abs);
	if (!abs)
		return -1;
	int rc = 0;
	size_t common = SIZE_MAX;
	for (size_t i = 0; i < b->n && !rc; i++) {
		if (!(abs[i] = absolute(b->items[i].path))) {
			rc = -1;
			break;
		}
		/* the common prefix of the parent directories, on a '/' */
		size_t dir = strrchr(abs[i], '/') - abs[i];
		if (common == SIZE_MAX)
			common = dir;
		size_t k = 0;
		while (k < common && k < dir && abs[0][k] == abs[i][k])
			k++;
		if (k < common)
			common = k;
		while (common > 0 && abs[0][common] != '/')
			common--;
	}
	for (size_t i = 0; i < b->n && !rc; i++)
		if (!(b->items[i].rel = strdup(abs[i] + common + 1)))
			rc = -1;
	for (size_t i = 0; i < b->n; i++)
		free(abs[i]);
	free(abs);
	return rc;
}

/* ---------------------------------------------------------------- work */

/* Makes the folder dir (modified in place, restored), and its parents
 * only when it cannot be made for want of them: one mkdir for a new folder
 * whose parent is there, where a mkdir of every folder on the path took
 * its parent's lock even when it failed, and two threads making folders
 * for their files at once did all of that twice. */
static int make_dirs(char *dir)
{
	if (!mkdir(dir, 0777) || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -1;
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return -1;
	*slash = '\0';
	int rc = make_dirs(dir);
	*slash = '/';
	if (rc)
		return -1;
	return mkdir(dir, 0777) && errno != EEXIST ? -1 : 0;
}

/* Makes the folder an output goes in, when it is not there: one stat for
 * the usual case of a folder made already (by an earlier file of the batch)
 * instead of a mkdir of every folder on the path, each of which takes its
 * parent's lock even when it fails. */
static int make_folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return 0;
	char *dir = strndup(path, (size_t)(slash - path));
	if (!dir)
		return -1;
	struct stat st;
	int rc = stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : make_dirs(dir);
	int e = errno;
	free(dir);
	errno = e;
	return rc;
}

static int copy_file(const char *path, FILE *out, unsigned long long *bytes)
{
	FILE *in = fopen(path, "rb");
	if (!in) {
		die_msg("%s: %s", path, strerror(errno));
		return -1;
	}
	char buf[1 << 16];
	size_t n;
	int rc = 0;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
		*bytes += n;
		if (fwrite(buf, 1, n, out) != n) {
			rc = -1;
			break;
		}
	}
	if (ferror(in)) {
		die_msg("%s: read error: %s", path, strerror(errno));
		rc = -1;
	}
	fclose(in);
	return rc;
}

static void work(void *ud, size_t i)
{
	batch *b = ud;
	item *it = &b->items[i];
	const batch_options *o = b->o;
	if (it->kind == KIND_SKIP)
		return;
	if (!o->out_dir) {
		/* Held until the items before it are printed: in memory when small,
		 * else in an unlinked temporary file, so a pipe or a file of any size
		 * costs no more memory than a small one. */
		struct stat st;
		int big = strcmp(it->path, "-") == 0 || stat(it->path, &st) != 0 ||
		          !S_ISREG(st.st_mode) || st.st_size > SPILL_BYTES;
		FILE *m = big ? (it->spill = tmpfile()) : open_memstream(&it->buf, &it->len);
		if (!m || convert_file(o->conv, it->path, m, &it->changed, &it->bytes)) {
			it->status = ST_ERROR;
			if (!m)
				die_msg("%s: %s", it->path,
				        big ? "cannot make a temporary file" : "out of memory");
		}
		if (m && (big ? fflush(m) : fclose(m))) {
			die_msg("%s: cannot hold its output: %s", it->path, strerror(errno));
			it->status = ST_ERROR;
		}
		return;
	}
	size_t n = strlen(o->out_dir) + strlen(it->rel) + 2;
	char *target = malloc(n);
	out_file of;
	if (!target) {
		die_msg("%s: out of memory", it->path);
		it->status = ST_ERROR;
		return;
	}
	snprintf(target, n, "%s/%s", o->out_dir, it->rel);
	if (make_folder_of(target)) {
		die_msg("%s: cannot create its folder: %s", target, strerror(errno));
		it->status = ST_ERROR;
	} else if (out_open(&of, target)) {
		it->status = ST_ERROR;
	} else {
		int rc = it->kind == KIND_COPY
		                 ? copy_file(it->path, of.f, &it->bytes)
		                 : convert_file(o->conv, it->path, of.f, &it->changed, &it->bytes);
		if (rc) {
			out_abort(&of);
			it->status = ST_ERROR;
		} else if (out_commit(&of)) {
			it->status = ST_ERROR;
		}
	}
	free(target);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Copies a spilled output to standard output. */
static int print_spill(FILE *f, const char *path)
{
	char chunk[1 << 16];
	size_t n;
	rewind(f);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (fwrite(chunk, 1, n, stdout) != n) {
			die_msg("<stdout>: write error: %s", strerror(errno));
			return -1;
		}
	if (ferror(f)) {
		die_msg("%s: cannot read its held output back: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static void emit(void *ud, size_t i)
{
	batch *b = ud;
	item *it = &b->items[i];
	b->done++;
	b->bytes += it->bytes;
	if (it->status == ST_ERROR)
		b->errors++;
	else if (it->kind == KIND_SKIP)
		b->skipped++;
	else if (it->kind == KIND_COPY)
		b->copied++;
	else {
		b->converted++;
		b->changed += it->changed != 0;
	}
	if (it->buf && it->status == ST_OK && fwrite(it->buf, 1, it->len, stdout) != it->len) {
		die_msg("<stdout>: write error: %s", strerror(errno));
		b->errors++;
	}
	free(it->buf);
	it->buf = NULL;
	if (it->spill && it->status == ST_OK && print_spill(it->spill, it->path))
		b->errors++;
	if (it->spill)
		fclose(it->spill);
	it->spill = NULL;
	if (b->progress && (now() - b->last_progress > 0.1 || b->done == b->n)) {
		b->last_progress = now();
		fprintf(stderr, "\r\033[Ktongwen: %zu/%zu files, %.1f MB, %zu errors", b->done, b->n,
		        (double)b->bytes / 1e6, b->errors);
		fflush(stderr);
	}
}

int convert_batch(const batch_options *o, const char *const *inputs, size_t n_inputs)
{
	batch b = {.o = o};
	int rc = 0;
	if (o->recursive) {
		if (n_inputs != 1) {
			die_msg("convert -r takes one directory (%zu given)", n_inputs);
			return EXIT_USAGE;
		}
		struct stat st;
		if (stat(inputs[0], &st) || !S_ISDIR(st.st_mode)) {
			die_msg("%s: %s", inputs[0], errno ? strerror(errno) : "not a directory");
			return EXIT_USAGE;
		}
		/* the output must not land inside the tree it mirrors */
		char *in_real = realpath(inputs[0], NULL), *out_real = NULL;
		if (o->out_dir && in_real && mkdir(o->out_dir, 0777) && errno != EEXIST) {
			die_msg("%s: %s", o->out_dir, strerror(errno));
			rc = -1;
		} else if (o->out_dir && in_real && (out_real = realpath(o->out_dir, NULL))) {
			size_t l = strlen(in_real);
			if (!strncmp(out_real, in_real, l) && out_real[l] == '/') {
				die_msg("%s: inside the tree it would mirror (%s)", o->out_dir, inputs[0]);
				rc = -1;
			}
		}
		free(in_real);
		free(out_real);
		if (rc)
			return EXIT_USAGE;
		walk_options wo = {NULL, NULL, walk_add, &b, 1};
		size_t found;
		if (walk_tree(inputs[0], &wo, &found))
			rc = -1;
	} else {
		for (size_t i = 0; i < n_inputs && !rc; i++)
			if (add(&b, inputs[i], NULL)) {
				die_msg("out of memory");
				rc = -1;
			}
		for (size_t i = 0; i < b.n && !rc && o->out_dir; i++)
			if (!strcmp(b.items[i].path, "-")) {
				die_msg("standard input has no name to write under %s", o->out_dir);
				rc = -1;
			}
		if (!rc && o->out_dir && relative_paths(&b)) {
			die_msg("out of memory");
			rc = -1;
		}
	}
	if (!rc && !b.n) {
		die_msg("%s: no files to convert", o->recursive ? inputs[0] : "input list");
		rc = -1;
	}
	if (!rc && o->out_dir) {
		struct stat st;
		if (mkdir(o->out_dir, 0777) && errno != EEXIST) {
			die_msg("%s: %s", o->out_dir, strerror(errno));
			rc = -1;
		} else if (stat(o->out_dir, &st) || !S_ISDIR(st.st_mode)) {
			die_msg("%s: not a directory", o->out_dir);
			rc = -1;
		}
	}
	if (!rc) {
		b.progress = o->progress;
		out_set_sync(o->no_sync ? OUT_SYNC_NONE : OUT_SYNC_DEFER);
		rc = pool_run(b.n, o->jobs, 16, work, emit, &b);
		if (b.progress)
			fputs("\r\033[K", stderr);
		if (fflush(stdout)) {
			die_msg("<stdout>: write error: %s", strerror(errno));
			rc = -1;
		}
		if (out_sync_finish())
			rc = -1;
		if (o->out_dir || o->summary)
			die_msg("%zu file%s, %.1f MB: %zu converted (%zu changed), %zu copied, %zu skipped, "
			        "%zu error%s",
			        b.n, b.n == 1 ? "" : "s", (double)b.bytes / 1e6, b.converted, b.changed,
			        b.copied, b.skipped, b.errors, b.errors == 1 ? "" : "s");
	}
	for (size_t i = 0; i < b.n; i++) {
		free(b.items[i].path);
		free(b.items[i].rel);
		free(b.items[i].buf);
		if (b.items[i].spill)
			fclose(b.items[i].spill);
	}
	free(b.items);
	return rc || b.errors ? EXIT_USAGE : EXIT_CLEAN;
}
