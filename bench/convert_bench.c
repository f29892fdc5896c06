/* Conversion benchmark: throughput of the CLI and the library on news copy
 * and on term-dense copy, the aligned path, load time, the CLI's peak RSS on
 * a large input, and the ratio to stock `opencc -c hk2s` on the same bytes.
 *
 * usage: convert_bench [--mb N] [--runs N] [--rss-mb N] [--dense FILE]…
 *                      [--varied DIR] TONGWEN_CLI NEWS_FILE…
 *   --mb N      size of each corpus (default 24)
 *   --runs N    rounds (default 5, at least 5 for the figures the README quotes)
 *   --rss-mb N  input size for the peak-RSS run (default 400, 0 skips it)
 *   --dense F   a file of term-dense sentences (dicts/examples/*.txt); the
 *               dense corpus is all of them repeated
 *   --varied D  every *.txt under D (two levels down, in name order),
 *               repeated: a third CLI corpus beside opencc on the same
 *               bytes, and a peak-RSS run of its own. The news seed is one
 *               article, so its repetition meets few of the dictionaries'
 *               keys; varied copy meets many, and every dictionary page a
 *               lookup touches stays resident
 *
 * The machine is shared, so single timings swing with load: every round runs
 * each contender once, in the same order, and the figures are the median and
 * the minimum over the rounds, of wall time and of CPU time (user + system;
 * for the library, this process's CPU clock). A ratio to opencc is the
 * median over rounds of the ratio within a round, so both sides of each
 * ratio ran under the same load.
 *
 * Peak RSS is measured first, before the corpora exist: the child that runs
 * the CLI is spawned from a process holding only the small seed text, so the
 * figure is the CLI's own (ru_maxrss keeps the high-water mark of the memory
 * a child starts with across exec, for a spawned child as for a forked one). */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tongwen.h"
#include "stats.h"

#define MAX_FILES 64

extern char **environ;

static double cpu_now(void)
{
	return clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "convert_bench: out of memory\n");
		exit(1);
	}
	return p;
}

/* Appends the file at path and a line break to *seed. */
static void add_file(char **seed, size_t *len, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "convert_bench: cannot read %s\n", path);
		exit(2);
	}
	char chunk[1 << 16];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		*seed = realloc(*seed, *len + n + 1);
		if (!*seed)
			exit(1);
		memcpy(*seed + *len, chunk, n);
		*len += n;
	}
	fclose(f);
	*seed = realloc(*seed, *len + 1);
	if (!*seed)
		exit(1);
	if (*len && (*seed)[*len - 1] != '\n')
		(*seed)[(*len)++] = '\n';
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Appends every *.txt file under dir (and its folders, depth levels down),
 * in name order. */
static void add_tree(char **seed, size_t *len, const char *dir, int depth)
{
	struct dirent **e;
	int n = scandir(dir, &e, NULL, by_name);
	if (n < 0) {
		fprintf(stderr, "convert_bench: cannot read %s\n", dir);
		exit(2);
	}
	for (int k = 0; k < n; k++) {
		char path[4096];
		struct stat st;
		size_t l = strlen(e[k]->d_name);
		snprintf(path, sizeof path, "%s/%s", dir, e[k]->d_name);
		if (e[k]->d_name[0] != '.' && !stat(path, &st)) {
			if (S_ISDIR(st.st_mode) && depth > 0)
				add_tree(seed, len, path, depth - 1);
			else if (S_ISREG(st.st_mode) && l > 4 && !strcmp(e[k]->d_name + l - 4, ".txt"))
				add_file(seed, len, path);
		}
		free(e[k]);
	}
	free(e);
}

/* The seed repeated to about size bytes, cut after a line break. */
static char *repeat(const char *seed, size_t seed_len, size_t size, size_t *len)
{
	char *c = xmalloc(size + 1);
	for (size_t off = 0; off < size; off += seed_len)
		memcpy(c + off, seed, off + seed_len > size ? size - off : seed_len);
	size_t n = size;
	while (n && c[n - 1] != '\n')
		n--;
	c[n] = '\0';
	*len = n;
	return c;
}

static void write_file(const char *path, const char *data, size_t len, size_t times)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	for (size_t t = 0; fd >= 0 && t < times; t++) {
		size_t off = 0;
		while (off < len) {
			ssize_t w = write(fd, data + off, len - off);
			if (w <= 0) {
				fprintf(stderr, "convert_bench: cannot write %s\n", path);
				exit(1);
			}
			off += (size_t)w;
		}
	}
	if (fd < 0 || close(fd)) {
		fprintf(stderr, "convert_bench: cannot write %s\n", path);
		exit(1);
	}
}

typedef struct sample {
	double wall, cpu;
} sample;

/* Runs argv with stdin from in and stdout to /dev/null. posix_spawn, not
 * fork: a fork write-protects every page of this process, and the library
 * contenders' kept buffers (the aligned path's spans: some 240 MB for the
 * news corpus) then took a copy-on-write fault per page on their next call,
 * which the library figures counted (tw_convert_aligned_into: 85.7 MB/s
 * with fork, 127.8 MB/s with posix_spawn; README, Benchmarks). */
static sample run(char *const argv[], const char *in, long *rss_kb)
{
	sample s = {-1, -1};
	posix_spawn_file_actions_t fa;
	if (posix_spawn_file_actions_init(&fa) ||
	    posix_spawn_file_actions_addopen(&fa, 0, in, O_RDONLY, 0) ||
	    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0)) {
		fprintf(stderr, "convert_bench: cannot set up %s\n", argv[0]);
		return s;
	}
	double t0 = now();
	pid_t pid;
	int err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err)
		pid = -1;
	int status;
	struct rusage ru;
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
		return s;
	double wall = now() - t0;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "convert_bench: %s failed\n", argv[0]);
		return s;
	}
	s.wall = wall;
	s.cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	        (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	if (rss_kb)
		*rss_kb = ru.ru_maxrss;
	return s;
}

/* Copies every regular file of the data directory into dir as cp and
 * cmake --install copy files (copy_file_range), the copy standing for an
 * installed tongwen. The page cache then holds small folios of the copy,
 * where the build's own files, written in one call each, sit in large
 * ones (see the first RSS figure). Returns 0 on success. */
static int copy_files(const char *from, const char *dir)
{
	DIR *d = opendir(from);
	if (!d)
		return -1;
	int rc = 0;
	for (struct dirent *e; !rc && (e = readdir(d));) {
		char src[4096], dst[4096];
		struct stat st;
		snprintf(src, sizeof src, "%s/%s", from, e->d_name);
		snprintf(dst, sizeof dst, "%s/%s", dir, e->d_name);
		if (stat(src, &st) || !S_ISREG(st.st_mode))
			continue;
		int in = open(src, O_RDONLY);
		int out = open(dst, O_WRONLY | O_CREAT | O_EXCL, 0644);
		off_t left = st.st_size;
		while (in >= 0 && out >= 0 && left > 0) {
			ssize_t n = copy_file_range(in, NULL, out, NULL, (size_t)left, 0);
			if (n <= 0)
				break;
			left -= n;
		}
		if (in < 0 || out < 0 || left)
			rc = -1;
		if (in >= 0)
			close(in);
		if (out >= 0 && close(out))
			rc = -1;
	}
	closedir(d);
	return rc;
}

/* copy_files in a child process: the buffers it reads whole files into
 * would raise this process's peak RSS, which a child spawned afterwards
 * inherits in its own ru_maxrss (exec keeps the old address space's high
 * water mark). */
static int copy_data_dir(const char *from, const char *dir)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(copy_files(from, dir) ? 1 : 0);
	int status;
	return pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	       WEXITSTATUS(status);
}

/* Removes the files copy_data_dir wrote and the folder. */
static void remove_data_copy(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat st;
		if (!lstat(path, &st) && S_ISREG(st.st_mode))
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

/* One contender: its timings over the rounds. */
typedef struct contender {
	const char *name;
	double mb; /* input size, MB */
	double wall[MAX_RUNS], cpu[MAX_RUNS];
	double fresh_mb; /* a one-shot call's result: output (and spans), MB */
} contender;

static void report(const contender *c, int runs)
{
	double mw = median(c->wall, runs), mc = median(c->cpu, runs);
	printf("%-38s %8.1f MB/s  wall median %7.3f s min %7.3f s   cpu median %7.3f s min "
	       "%7.3f s (%.1f MB/s)\n",
	       c->name, c->mb / mw, mw, minimum(c->wall, runs), mc, minimum(c->cpu, runs),
	       c->mb / mc);
}

/* Median over rounds of b's time / a's time (how many times faster a is). */
static void ratio(const char *what, const contender *a, const contender *b, int runs)
{
	double rw[MAX_RUNS], rc[MAX_RUNS];
	for (int r = 0; r < runs; r++) {
		rw[r] = b->wall[r] / a->wall[r];
		rc[r] = b->cpu[r] / a->cpu[r];
	}
	printf("%-52s %6.1fx wall, %6.1fx cpu (median of %d paired rounds)\n", what,
	       median(rw, runs), median(rc, runs), runs);
}

/* How fast this machine hands out memory a process has not touched before:
 * the MB/s of writing a fresh anonymous mapping of mb MB (with the huge-page
 * hint the library gives its big blocks), idle_s seconds after the previous
 * one was unmapped. A virtual machine whose guest
 * reports free pages to its host (Linux free page reporting, as under
 * Firecracker) gives them back within seconds, and the next first touch
 * waits for the host; the one-shot calls write all their output, the
 * aligned one some 11 bytes of spans per byte of input, into such memory. */
static double fresh_memory_rate(size_t mb, unsigned idle_s)
{
	size_t n = mb << 20;
	double rate[3];
	for (int k = 0; k < 3; k++) {
		if (idle_s)
			sleep(idle_s);
		char *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return 0;
#ifdef MADV_HUGEPAGE
		madvise(m, n, MADV_HUGEPAGE); /* as the library asks for its big blocks */
#endif
		double t0 = now();
		for (size_t i = 0; i < n; i += 4096)
			m[i] = 1;
		rate[k] = mb / (now() - t0);
		munmap(m, n);
	}
	return median(rate, 3);
}

/* The library on one input: tw_convert into a reused buffer or not, or
 * tw_convert_aligned into reused buffers or not. */
enum lib_mode { LIB_ONESHOT, LIB_REUSE, LIB_ALIGNED, LIB_ALIGNED_REUSE };

/* The buffers a caller keeps between calls. */
typedef struct reused {
	char *out;
	size_t cap;
	tw_span *spans;
	size_t spans_cap;
} reused;

static void lib_run(contender *c, int r, const tw_profile *p, const char *in, size_t len,
                    enum lib_mode mode, reused *keep)
{
	double w0 = now(), c0 = cpu_now();
	char *out = NULL;
	size_t n = 0;
	int rc;
	if (mode == LIB_ALIGNED) {
		tw_span *spans;
		size_t n_spans;
		rc = tw_convert_aligned(&out, &n, &spans, &n_spans, p, in, len, NULL);
		if (!rc)
			tw_free(spans);
		c->fresh_mb = (double)(n + n_spans * sizeof *spans) / 1e6;
	} else if (mode == LIB_ALIGNED_REUSE) {
		size_t n_spans;
		rc = tw_convert_aligned_into(&keep->out, &keep->cap, &n, &keep->spans, &keep->spans_cap,
		                             &n_spans, p, in, len, NULL);
	} else if (mode == LIB_REUSE) {
		rc = tw_convert_into(&keep->out, &keep->cap, &n, p, in, len, NULL);
	} else {
		rc = tw_convert(&out, &n, p, in, len, NULL);
	}
	c->wall[r] = now() - w0;
	c->cpu[r] = cpu_now() - c0;
	tw_free(out);
	if (rc) {
		fprintf(stderr, "convert_bench: %s failed\n", c->name);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	size_t mb = 24, rss_mb = 400;
	int runs = 5;
	const char *dense_files[MAX_FILES], *varied = NULL;
	size_t n_dense = 0;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc)
			return 2;
		if (!strcmp(argv[i], "--mb"))
			mb = (size_t)atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--runs"))
			runs = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--rss-mb"))
			rss_mb = (size_t)atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--dense") && n_dense < MAX_FILES)
			dense_files[n_dense++] = argv[i + 1];
		else if (!strcmp(argv[i], "--varied"))
			varied = argv[i + 1];
		else
			return 2;
	}
	if (argc - i < 2 || runs < 1 || runs > MAX_RUNS || !mb) {
		fprintf(stderr, "usage: convert_bench [--mb N] [--runs N] [--rss-mb N] [--dense FILE]… "
		                "[--varied DIR] TONGWEN_CLI NEWS_FILE…\n");
		return 2;
	}
	const char *cli = argv[i++];
	char *news_seed = NULL, *dense_seed = NULL;
	size_t news_seed_len = 0, dense_seed_len = 0;
	for (; i < argc; i++)
		add_file(&news_seed, &news_seed_len, argv[i]);
	for (size_t k = 0; k < n_dense; k++)
		add_file(&dense_seed, &dense_seed_len, dense_files[k]);
	char *varied_seed = NULL;
	size_t varied_len = 0;
	if (varied)
		add_tree(&varied_seed, &varied_len, varied, 2);
	char *tw_cli[] = {(char *)cli, "convert", "-p", "hk2cn", NULL};
	char *oc_hk2s[] = {"opencc", "-c", "hk2s", NULL};

	/* Peak RSS first: nothing big has been allocated yet. */
	if (rss_mb) {
		char big[] = "/tmp/tw-bench-big-XXXXXX";
		int fd = mkstemp(big);
		if (fd < 0)
			return 1;
		close(fd);
		size_t times = ((rss_mb << 20) + news_seed_len - 1) / news_seed_len;
		write_file(big, news_seed, news_seed_len, times);
		struct rusage self;
		getrusage(RUSAGE_SELF, &self);
		long rss;
		sample s = run(tw_cli, big, &rss);
		if (s.wall < 0) {
			unlink(big);
			return 1;
		}
		double size = (double)times * news_seed_len / 1e6;
		printf("tongwen CLI hk2cn on %.0f MB of news copy: %.1f MB/s, peak RSS %.1f MiB "
		       "(goal <= 16 MiB; spawned from a process of %.1f MiB peak RSS)\n",
		       size, size / s.wall, rss / 1024.0, self.ru_maxrss / 1024.0);
		char vbig[] = "/tmp/tw-bench-varied-XXXXXX";
		int vfd = varied_len ? mkstemp(vbig) : -1;
		if (vfd >= 0) {
			close(vfd);
			size_t vtimes = ((rss_mb << 20) + varied_len - 1) / varied_len;
			write_file(vbig, varied_seed, varied_len, vtimes);
			long vrss;
			sample v = run(tw_cli, vbig, &vrss);
			double vsize = (double)vtimes * varied_len / 1e6;
			if (v.wall >= 0)
				printf("tongwen CLI hk2cn on %.0f MB of varied copy (%s, %.1f MB, repeated): "
				       "%.1f MB/s, peak RSS %.1f MiB (goal <= 16 MiB)\n",
				       vsize, varied, varied_len / 1e6, vsize / v.wall, vrss / 1024.0);
			unlink(vbig);
		}
		/* The dictionaries are mapped, and a lookup maps as much of a
		 * file as the page cache holds in one folio around it: the
		 * build writes each file in one call, and such a file sits in
		 * large folios until it leaves the page cache; an installed
		 * copy, in small ones. */
		char copy[] = "/tmp/tw-bench-data-XXXXXX";
		const char *data = tw_default_data_dir();
		const char *old_env = getenv("TONGWEN_DATA_DIR");
		char *saved = old_env ? strdup(old_env) : NULL;
		if (data && mkdtemp(copy)) {
			if (!copy_data_dir(data, copy) && !setenv("TONGWEN_DATA_DIR", copy, 1)) {
				long fresh;
				sample f = run(tw_cli, big, &fresh);
				if (f.wall >= 0)
					printf("the same with the data files installed (a copy of %s made as cp "
					       "and cmake --install copy): peak RSS %.1f MiB\n",
					       data, fresh / 1024.0);
			}
			if (saved)
				setenv("TONGWEN_DATA_DIR", saved, 1);
			else
				unsetenv("TONGWEN_DATA_DIR");
			remove_data_copy(copy);
		}
		free(saved);
		unlink(big);
	}

	/* Load time. */
	const char *names[] = {"hk2cn", "hk2s"};
	tw_profile *prof[2];
	for (int k = 0; k < 2; k++) {
		double t[MAX_RUNS];
		for (int r = 0; r < runs; r++) {
			double t0 = now();
			if (tw_profile_open(&prof[k], names[k], NULL, NULL))
				return 1;
			t[r] = now() - t0;
			if (r + 1 < runs)
				tw_profile_free(prof[k]);
		}
		printf("load %-6s: median %.2f ms, min %.2f ms\n", names[k], median(t, runs) * 1e3,
		       minimum(t, runs) * 1e3);
	}

	/* Load plus conversion of 1 KB, the editor-plugin case. */
	{
		size_t kb = news_seed_len < 1024 ? news_seed_len : 1024;
		while (kb && ((unsigned char)news_seed[kb] & 0xC0) == 0x80)
			kb--;
		double t[MAX_RUNS];
		for (int r = 0; r < runs; r++) {
			double t0 = now();
			tw_profile *p;
			char *out;
			size_t n;
			if (tw_profile_open(&p, "hk2cn", NULL, NULL) ||
			    tw_convert(&out, &n, p, news_seed, kb, NULL))
				return 1;
			tw_free(out);
			tw_profile_free(p);
			t[r] = now() - t0;
		}
		printf("load + convert 1 KB (hk2cn): median %.2f ms, min %.2f ms (goal <= 5 ms)\n",
		       median(t, runs) * 1e3, minimum(t, runs) * 1e3);
	}

	size_t news_len, dense_len = 0;
	char *news = repeat(news_seed, news_seed_len, mb << 20, &news_len);
	char *dense = dense_seed ? repeat(dense_seed, dense_seed_len, mb << 20, &dense_len) : NULL;
	size_t varied_len_mb = 0;
	char *varied_copy = varied_seed ? repeat(varied_seed, varied_len, mb << 20, &varied_len_mb)
	                                : NULL;
	char news_path[] = "/tmp/tw-bench-news-XXXXXX", dense_path[] = "/tmp/tw-bench-dense-XXXXXX";
	char varied_path[] = "/tmp/tw-bench-varied-XXXXXX";
	int fd = mkstemp(news_path);
	if (fd < 0)
		return 1;
	close(fd);
	write_file(news_path, news, news_len, 1);
	if (dense) {
		if ((fd = mkstemp(dense_path)) < 0)
			return 1;
		close(fd);
		write_file(dense_path, dense, dense_len, 1);
	}
	if (varied_copy) {
		if ((fd = mkstemp(varied_path)) < 0)
			return 1;
		close(fd);
		write_file(varied_path, varied_copy, varied_len_mb, 1);
		free(varied_copy);
	}
	printf("news corpus: %.1f MB (%zu-byte seed repeated); term-dense corpus: %.1f MB "
	       "(%zu-byte seed from %zu files repeated)\n",
	       news_len / 1e6, news_seed_len, dense_len / 1e6, dense_seed_len, n_dense);
	if (varied_len_mb)
		printf("varied corpus: %.1f MB (every *.txt under %s, %zu bytes, repeated)\n",
		       varied_len_mb / 1e6, varied, varied_len);

	enum { CLI_NEWS, OPENCC_NEWS, CLI_DENSE, CLI_VARIED, OPENCC_VARIED, LIB_NEWS, LIB_NEWS_REUSE, LIB_HK2S, LIB_DENSE,
	       LIB_ALIGNED_NEWS, LIB_ALIGNED_NEWS_REUSE, LIB_ALIGNED_DENSE, N_CONT };
	static contender c[N_CONT] = {
	    [CLI_NEWS] = {"tongwen CLI hk2cn, news"},
	    [OPENCC_NEWS] = {"opencc -c hk2s, news"},
	    [CLI_DENSE] = {"tongwen CLI hk2cn, term-dense"},
	    [CLI_VARIED] = {"tongwen CLI hk2cn, varied copy"},
	    [OPENCC_VARIED] = {"opencc -c hk2s, varied copy"},
	    [LIB_NEWS] = {"tw_convert hk2cn, news"},
	    [LIB_NEWS_REUSE] = {"tw_convert_into hk2cn, news"},
	    [LIB_HK2S] = {"tw_convert hk2s, news"},
	    [LIB_DENSE] = {"tw_convert hk2cn, term-dense"},
	    [LIB_ALIGNED_NEWS] = {"tw_convert_aligned hk2cn, news"},
	    [LIB_ALIGNED_NEWS_REUSE] = {"tw_convert_aligned_into hk2cn, news"},
	    [LIB_ALIGNED_DENSE] = {"tw_convert_aligned hk2cn, term-dense"},
	};
	reused keep = {0}, keep_aligned = {0};
	for (int r = 0; r < runs; r++) {
		sample s = run(tw_cli, news_path, NULL);
		c[CLI_NEWS].wall[r] = s.wall;
		c[CLI_NEWS].cpu[r] = s.cpu;
		s = run(oc_hk2s, news_path, NULL);
		c[OPENCC_NEWS].wall[r] = s.wall;
		c[OPENCC_NEWS].cpu[r] = s.cpu;
		if (dense) {
			s = run(tw_cli, dense_path, NULL);
			c[CLI_DENSE].wall[r] = s.wall;
			c[CLI_DENSE].cpu[r] = s.cpu;
			lib_run(&c[LIB_DENSE], r, prof[0], dense, dense_len, LIB_ONESHOT, NULL);
			lib_run(&c[LIB_ALIGNED_DENSE], r, prof[0], dense, dense_len, LIB_ALIGNED, NULL);
		}
		if (varied_len_mb) {
			s = run(tw_cli, varied_path, NULL);
			c[CLI_VARIED].wall[r] = s.wall;
			c[CLI_VARIED].cpu[r] = s.cpu;
			s = run(oc_hk2s, varied_path, NULL);
			c[OPENCC_VARIED].wall[r] = s.wall;
			c[OPENCC_VARIED].cpu[r] = s.cpu;
			if (c[CLI_VARIED].wall[r] < 0 || c[OPENCC_VARIED].wall[r] < 0)
				return 1;
		}
		lib_run(&c[LIB_NEWS], r, prof[0], news, news_len, LIB_ONESHOT, NULL);
		lib_run(&c[LIB_NEWS_REUSE], r, prof[0], news, news_len, LIB_REUSE, &keep);
		lib_run(&c[LIB_HK2S], r, prof[1], news, news_len, LIB_ONESHOT, NULL);
		lib_run(&c[LIB_ALIGNED_NEWS], r, prof[0], news, news_len, LIB_ALIGNED, NULL);
		lib_run(&c[LIB_ALIGNED_NEWS_REUSE], r, prof[0], news, news_len, LIB_ALIGNED_REUSE,
		        &keep_aligned);
		if (c[CLI_NEWS].wall[r] < 0 || c[OPENCC_NEWS].wall[r] < 0 ||
		    (dense && c[CLI_DENSE].wall[r] < 0))
			return 1;
	}
	tw_free(keep.out);
	tw_free(keep_aligned.out);
	tw_free(keep_aligned.spans);
	unlink(news_path);
	if (dense)
		unlink(dense_path);
	if (varied_len_mb)
		unlink(varied_path);
	printf("%d interleaved rounds, each contender once a round:\n", runs);
	for (int k = 0; k < N_CONT; k++) {
		int is_dense = k == CLI_DENSE || k == LIB_DENSE || k == LIB_ALIGNED_DENSE;
		int is_varied = k == CLI_VARIED || k == OPENCC_VARIED;
		if ((is_dense && !dense) || (is_varied && !varied_len_mb))
			continue;
		c[k].mb = (is_dense ? dense_len : is_varied ? varied_len_mb : news_len) / 1e6;
		report(&c[k], runs);
	}
	ratio("tongwen CLI hk2cn / opencc hk2s, news (goal >= 70x):", &c[CLI_NEWS],
	      &c[OPENCC_NEWS], runs);
	ratio("tw_convert hk2cn / opencc hk2s, news:", &c[LIB_NEWS], &c[OPENCC_NEWS], runs);
	if (varied_len_mb)
		ratio("tongwen CLI hk2cn / opencc hk2s, varied copy:", &c[CLI_VARIED],
		      &c[OPENCC_VARIED], runs);
	printf("goals: CLI hk2cn news >= 250 MB/s, term-dense >= 150 MB/s, "
	       "tw_convert_aligned (one-shot or into kept buffers) >= 120 MB/s\n");
	/* What the one-shot aligned call's result costs before any conversion:
	 * memory the process has not touched since the last round. */
	double fresh = fresh_memory_rate(256, 4), recycled = fresh_memory_rate(256, 0);
	double result_mb = c[LIB_ALIGNED_NEWS].fresh_mb;
	printf("fresh memory: first touch of 256 MB, 4 s after the last was unmapped: %.0f MB/s "
	       "(at once: %.0f MB/s; medians of 3)\n",
	       fresh, recycled);
	if (fresh > 0)
		printf("tw_convert_aligned's result on the news corpus, output and spans: %.0f MB, "
		       "%.3f s of first touches at that rate (the one-shot's wall median %.3f s, "
		       "tw_convert_aligned_into's %.3f s)\n",
		       result_mb, result_mb / fresh, median(c[LIB_ALIGNED_NEWS].wall, runs),
		       median(c[LIB_ALIGNED_NEWS_REUSE].wall, runs));
	tw_profile_free(prof[0]);
	tw_profile_free(prof[1]);
	free(news);
	free(dense);
	free(news_seed);
	free(dense_seed);
	free(varied_seed);
	return 0;
}
