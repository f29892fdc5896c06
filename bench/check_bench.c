/* Checker benchmark: prints what issue 9 measures, each figure the median
 * (and min) of several runs, the CLI runs interleaved with `opencc -c hk2s`
 * on the same file so both see the same machine load; ratios are medians
 * of the per-pair ratios.
 *
 * usage: check_bench [--runs N] [--mb N] [--rss-mb N] TONGWEN_CLI TEXT_FILE…
 *   --runs N    runs of each contender (default 5)
 *   --mb N      size of the clean corpus (default 24)
 *   --rss-mb N  size of the Hong Kong corpus for the peak RSS run (default 100; 0 skips)
 *
 * Corpora, built from the given Hong Kong texts:
 *   clean  their hk2cn conversion, paragraphs rotated per copy
 *   hk     the texts themselves, unconverted (many findings)
 *   words  Chinese sentences holding 1,000 occurrences of 10 misspelt words
 *   2 KB   the first 2 KB of the clean corpus (whole lines)
 * CLI figures are whole processes (`tongwen check --format json FILE`,
 * output to /dev/null); CPU time is the child's user + system time. Peak
 * RSS is the child's own (it is exec'd, so it inherits no corpus); the
 * Hong Kong corpus also goes through `check --format xml` and `annotate`
 * for theirs. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tongwen.h"
#include "stats.h"

static double cpu_now(void)
{
	return clock_seconds(CLOCK_THREAD_CPUTIME_ID);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	if (!p || fread(p, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	fclose(f);
	if (p)
		p[n] = '\0';
	*len = (size_t)n;
	return p;
}

typedef struct lines {
	char **v;
	size_t n;
} lines;

/* The non-empty lines of text (pointers into it; the line feeds become NULs). */
static lines split_lines(char *text)
{
	lines l = {NULL, 0};
	size_t cap = 0;
	for (char *p = text; p && *p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (*p) {
			if (l.n == cap) {
				cap = cap ? cap * 2 : 64;
				l.v = realloc(l.v, cap * sizeof *l.v);
			}
			l.v[l.n++] = p;
		}
		p = nl ? nl + 1 : NULL;
	}
	return l;
}

/* Writes the paragraphs, rotated per copy, to a new temporary file until
 * it holds `want` bytes; returns its size. */
static size_t write_corpus(char *path, const lines *l, size_t want)
{
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!f)
		return 0;
	size_t len = 0;
	for (size_t copy = 0; len < want; copy++)
		for (size_t k = 0; k < l->n && len < want; k++) {
			const char *p = l->v[(k + copy) % l->n];
			fputs(p, f);
			fputc('\n', f);
			len += strlen(p) + 1;
		}
	return fclose(f) ? 0 : len;
}

typedef struct proc {
	double wall, cpu, rss_mb;
	int status;
} proc;

/* Runs argv with stdin from `in` and stdout to /dev/null. */
static proc run(char *const argv[], const char *in)
{
	proc p = {0, 0, 0, -1};
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0) {
		int fi = open(in, O_RDONLY), fo = open("/dev/null", O_WRONLY);
		if (fi < 0 || fo < 0)
			_exit(127);
		dup2(fi, 0);
		dup2(fo, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
		return p;
	p.wall = now() - t0;
	p.cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	        ru.ru_stime.tv_usec / 1e6;
	p.rss_mb = ru.ru_maxrss / 1024.0;
	p.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	return p;
}

typedef struct series {
	double wall[MAX_RUNS], cpu[MAX_RUNS];
	int n, failed;
} series;

static void add(series *s, proc p, int ok_status_max)
{
	if (p.status < 0 || p.status > ok_status_max)
		s->failed = 1;
	s->wall[s->n] = p.wall;
	s->cpu[s->n] = p.cpu;
	s->n++;
}

static void print_series(const char *what, const series *s, double mb)
{
	double mw = median(s->wall, s->n), mc = median(s->cpu, s->n);
	printf("%-34s wall median %8.2f ms (min %8.2f), cpu median %8.2f ms", what, mw * 1e3,
	       minimum(s->wall, s->n) * 1e3, mc * 1e3);
	if (mb > 0)
		printf(", %7.1f MB/s (wall), %7.1f MB/s (cpu)", mb / mw, mb / mc);
	printf("%s\n", s->failed ? "  [FAILED]" : "");
}

static double paired_ratio(const series *peer, const series *tw, int cpu)
{
	double r[MAX_RUNS];
	for (int i = 0; i < tw->n; i++)
		r[i] = cpu ? peer->cpu[i] / tw->cpu[i] : peer->wall[i] / tw->wall[i];
	return median(r, tw->n);
}

/* tongwen check (JSON) and opencc -c hk2s, interleaved, on the same file. */
static void cli_pair(const char *what, const char *cli, const char *path, double mb, int runs,
                     int with_opencc)
{
	char *tw_argv[] = {(char *)cli, "check", "--format", "json", (char *)path, NULL};
	char *oc_argv[] = {"opencc", "-c", "hk2s", NULL};
	series tw = {{0}, {0}, 0, 0}, oc = {{0}, {0}, 0, 0};
	for (int i = 0; i < runs; i++) {
		add(&tw, run(tw_argv, "/dev/null"), 1); /* 1: findings */
		if (with_opencc)
			add(&oc, run(oc_argv, path), 0);
	}
	char label[128];
	snprintf(label, sizeof label, "tongwen check %s:", what);
	print_series(label, &tw, mb);
	if (with_opencc) {
		print_series("opencc -c hk2s, same file:", &oc, mb);
		printf("ratio to opencc hk2s (median of %d paired runs): %.1fx wall, %.1fx cpu\n", runs,
		       paired_ratio(&oc, &tw, 0), paired_ratio(&oc, &tw, 1));
	}
}

/* tw_lexicon_open in fresh processes (no warm allocator, no cached tables). */
static void lexicon_load(int runs)
{
	double t[MAX_RUNS], c[MAX_RUNS];
	for (int i = 0; i < runs; i++) {
		int fd[2];
		if (pipe(fd))
			return;
		pid_t pid = fork();
		if (pid == 0) {
			close(fd[0]);
			tw_lexicon *lex;
			double t0 = now(), c0 = cpu_now();
			double d[2] = {-1, -1};
			if (!tw_lexicon_open(&lex, NULL, NULL)) {
				d[0] = now() - t0;
				d[1] = cpu_now() - c0;
			}
			if (write(fd[1], d, sizeof d) != sizeof d)
				_exit(1);
			_exit(0);
		}
		close(fd[1]);
		double d[2] = {-1, -1};
		if (read(fd[0], d, sizeof d) != sizeof d)
			d[0] = d[1] = -1;
		close(fd[0]);
		waitpid(pid, NULL, 0);
		t[i] = d[0];
		c[i] = d[1];
	}
	printf("lexicon load (fresh process):      wall median %.2f ms (min %.2f), cpu median "
	       "%.2f ms (goal <= 20 ms)\n",
	       median(t, runs) * 1e3, minimum(t, runs) * 1e3, median(c, runs) * 1e3);
}

/* One tw_check; returns its CPU time (this thread's: the machine's load
 * does not count), *wall its wall time. */
static double lib_check_opts(const tw_lexicon *lex, const char *t, size_t n,
                             const tw_check_options *o, size_t *count, double *wall)
{
	tw_findings *f;
	tw_error err;
	double t0 = now(), c0 = cpu_now();
	if (tw_check(&f, lex, t, n, o, &err)) {
		fprintf(stderr, "check_bench: %s\n", err.message);
		exit(1);
	}
	double d = cpu_now() - c0;
	if (wall)
		*wall = now() - t0;
	*count = f->count;
	tw_findings_free(f);
	return d;
}

static double lib_check(const tw_lexicon *lex, const char *t, size_t n, size_t *count,
                        double *wall)
{
	return lib_check_opts(lex, t, n, NULL, count, wall);
}

int main(int argc, char **argv)
{
	size_t mb = 24, rss_mb = 100;
	int runs = 5, i = 1;
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (!strcmp(argv[i], "--mb"))
			mb = (size_t)atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--rss-mb"))
			rss_mb = (size_t)atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--runs"))
			runs = atoi(argv[i + 1]);
		else
			break;
	}
	if (i + 1 >= argc || !mb || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: check_bench [--runs N] [--mb N] [--rss-mb N] TONGWEN_CLI "
		                "TEXT_FILE…\n");
		return 2;
	}
	const char *cli = argv[i++];
	tw_profile *hk2cn;
	tw_error err;
	if (tw_profile_open(&hk2cn, "hk2cn", NULL, &err)) {
		fprintf(stderr, "check_bench: %s\n", err.message);
		return 1;
	}
	char *hk_all = NULL, *cn_all = NULL;
	size_t hk_len = 0, cn_len = 0;
	for (; i < argc; i++) {
		size_t n;
		char *t = slurp(argv[i], &n);
		if (!t) {
			fprintf(stderr, "check_bench: cannot read %s\n", argv[i]);
			return 1;
		}
		hk_all = realloc(hk_all, hk_len + n + 2);
		memcpy(hk_all + hk_len, t, n);
		hk_len += n;
		hk_all[hk_len++] = '\n';
		hk_all[hk_len] = '\0';
		free(t);
	}
	if (tw_convert(&cn_all, &cn_len, hk2cn, hk_all, hk_len, &err)) {
		fprintf(stderr, "check_bench: %s\n", err.message);
		return 1;
	}
	tw_profile_free(hk2cn);
	char *cn_copy = malloc(cn_len + 1);
	memcpy(cn_copy, cn_all, cn_len);
	cn_copy[cn_len] = '\0';
	char *hk_copy = malloc(hk_len + 1);
	memcpy(hk_copy, hk_all, hk_len + 1);
	lines cn = split_lines(cn_copy), hk = split_lines(hk_copy);

	char clean[] = "/tmp/tw-check-bench-clean-XXXXXX";
	size_t clean_len = write_corpus(clean, &cn, mb << 20);
	char small[] = "/tmp/tw-check-bench-2k-XXXXXX";
	lines head = {cn.v, 0};
	size_t small_len = 0;
	while (head.n < cn.n && small_len + strlen(cn.v[head.n]) + 1 <= 2048)
		small_len += strlen(cn.v[head.n++]) + 1;
	small_len = write_corpus(small, &head, small_len);
	/* 1,000 occurrences of 10 misspelt words (Hunspell knows none of them) */
	static const char *const typos[] = {"recieve",  "goverment", "seperate", "definately",
	                                    "occurence", "accomodate", "untill",  "wich",
	                                    "beleive",  "tommorow"};
	char words[] = "/tmp/tw-check-bench-words-XXXXXX";
	int wfd = mkstemp(words);
	FILE *wf = wfd >= 0 ? fdopen(wfd, "wb") : NULL;
	size_t words_len = 0;
	for (int k = 0; wf && k < 1000; k++)
		words_len += (size_t)fprintf(wf, "%s市民表示%s会议%s。\n", k % 10 ? "" : "据报道，",
		                            typos[k % 10], k % 7 ? "" : "将于明天举行");
	if (!clean_len || !small_len || !wf || fclose(wf)) {
		fprintf(stderr, "check_bench: cannot write the corpora in /tmp\n");
		return 1;
	}
	printf("corpora: clean %.1f MB (hk2cn of %zu paragraphs, rotated), 2 KB file %zu bytes, "
	       "1,000 misspellings in %zu bytes\n",
	       clean_len / 1e6, cn.n, small_len, words_len);

	lexicon_load(runs);

	/* The library, lexicon loaded: 2 KB, then 2 KB with a word it has not seen. */
	tw_lexicon *lex;
	if (tw_lexicon_open(&lex, NULL, &err)) {
		fprintf(stderr, "check_bench: %s\n", err.message);
		return 1;
	}
	size_t n2k;
	char *t2k = slurp(small, &n2k), buf[4096];
	double lib[MAX_RUNS], lib_wall[MAX_RUNS], fresh[MAX_RUNS], fresh_wall[MAX_RUNS];
	size_t count = 0;
	lib_check(lex, t2k, n2k, &count, NULL); /* warm */
	int reps = MAX_RUNS;
	for (int k = 0; k < reps; k++)
		lib[k] = lib_check(lex, t2k, n2k, &count, &lib_wall[k]);
	printf("tw_check 2 KB, lexicon loaded:      cpu median %.1f us (min %.1f), wall median "
	       "%.1f us; %zu findings (goal <= 20 us)\n",
	       median(lib, reps) * 1e6, minimum(lib, reps) * 1e6, median(lib_wall, reps) * 1e6,
	       count);
	/* The first Latin word a process meets that the word list lacks loads
	 * Hunspell (Shenzhen is in en_GB, so in the list: a made-up place). */
	int n0 = snprintf(buf, sizeof buf, "%.*s Qianhaiwan。\n", (int)(n2k > 2000 ? 2000 : n2k), t2k);
	double first_wall, first = lib_check(lex, buf, (size_t)n0, &count, &first_wall);
	printf("tw_check 2 KB, first Latin word Hunspell needs: cpu %.2f ms, wall %.2f ms (loads "
	       "Hunspell, once a process)\n",
	       first * 1e3, first_wall * 1e3);
	for (int k = 0; k < runs; k++) {
		/* a new misspelling each run: nothing cached helps */
		char w[16];
		snprintf(w, sizeof w, "zorbl%c%cing", 'a' + k % 26, 'a' + (k / 26) % 26);
		int n = snprintf(buf, sizeof buf, "%.*s %s。\n", (int)(n2k > 2000 ? 2000 : n2k), t2k, w);
		fresh[k] = lib_check(lex, buf, (size_t)n, &count, &fresh_wall[k]);
	}
	printf("tw_check 2 KB, a new unknown word:  cpu median %.2f ms (min %.2f), wall median "
	       "%.2f ms (goal <= 1 ms)\n",
	       median(fresh, runs) * 1e3, minimum(fresh, runs) * 1e3, median(fresh_wall, runs) * 1e3);
	/* The same with suggestions left for tw_spelling_suggest (an editor's
	 * quick fix): the check itself only asks Hunspell whether it knows the word. */
	tw_check_options lazy = TW_CHECK_OPTIONS_INIT;
	lazy.flags = TW_CHECK_LAZY_SPELLING;
	for (int k = 0; k < runs; k++) {
		char w[16];
		snprintf(w, sizeof w, "qorbl%c%cing", 'a' + k % 26, 'a' + (k / 26) % 26);
		int n = snprintf(buf, sizeof buf, "%.*s %s。\n", (int)(n2k > 2000 ? 2000 : n2k), t2k, w);
		fresh[k] = lib_check_opts(lex, buf, (size_t)n, &lazy, &count, &fresh_wall[k]);
	}
	printf("  the same, TW_CHECK_LAZY_SPELLING:  cpu median %.3f ms (min %.3f), wall median "
	       "%.3f ms\n",
	       median(fresh, runs) * 1e3, minimum(fresh, runs) * 1e3, median(fresh_wall, runs) * 1e3);

	/* A capitalised word of six letters or more is judged a name or a near
	 * miss of a known word: that too must not wait for Hunspell's search. */
	for (int k = 0; k < runs; k++) {
		char w[16];
		snprintf(w, sizeof w, "Zorblan%c%c", 'a' + k % 26, 'a' + (k / 26) % 26);
		int n = snprintf(buf, sizeof buf, "%.*s %s。\n", (int)(n2k > 2000 ? 2000 : n2k), t2k, w);
		fresh[k] = lib_check(lex, buf, (size_t)n, &count, &fresh_wall[k]);
	}
	printf("tw_check 2 KB, a new capitalised name: cpu median %.2f ms (min %.2f), wall median "
	       "%.2f ms (goal <= 1 ms)\n",
	       median(fresh, runs) * 1e3, minimum(fresh, runs) * 1e3, median(fresh_wall, runs) * 1e3);
	/* Library throughput on the clean corpus (in memory). */
	size_t n_clean;
	char *t_clean = slurp(clean, &n_clean);
	double thr[MAX_RUNS], thr_wall[MAX_RUNS];
	for (int k = 0; k < runs; k++)
		thr[k] = lib_check(lex, t_clean, n_clean, &count, &thr_wall[k]);
	printf("tw_check clean corpus, library:     %.1f MB/s (cpu median), %.1f MB/s (wall "
	       "median); %zu findings\n",
	       n_clean / 1e6 / median(thr, runs), n_clean / 1e6 / median(thr_wall, runs), count);
	free(t_clean);
	free(t2k);
	tw_lexicon_free(lex);

	cli_pair("clean corpus, JSON", cli, clean, clean_len / 1e6, runs, 1);
	printf("  goal: >= 200 MB/s and >= 60x opencc hk2s\n");
	cli_pair("2 KB, JSON", cli, small, 0, runs, 1);
	printf("  goal: <= 25 ms whole process\n");
	cli_pair("1,000 misspellings, JSON", cli, words, 0, runs, 0);
	printf("  goal: <= 0.5 s\n");

	if (rss_mb) {
		char big[] = "/tmp/tw-check-bench-hk-XXXXXX";
		size_t big_len = write_corpus(big, &hk, rss_mb * 1000 * 1000);
		/* only the CLI runs now; the corpora are on disk, not in this process */
		char *tw_argv[] = {(char *)cli, "check", "--format", "json", big, NULL};
		proc p = run(tw_argv, "/dev/null");
		printf("tongwen check %.0f MB of unconverted Hong Kong copy, JSON: peak RSS %.1f MB, "
		       "%.1f s, %.1f MB/s%s (goal: peak RSS <= 128 MB)\n",
		       big_len / 1e6, p.rss_mb, p.wall, big_len / 1e6 / p.wall,
		       p.status == 1 ? "" : "  [FAILED]");
		/* the annotated XML is written as it is made, in pieces, too */
		char *xml_argv[] = {(char *)cli, "check", "--format", "xml", big, NULL};
		p = run(xml_argv, "/dev/null");
		printf("tongwen check %.0f MB, --format xml: peak RSS %.1f MB, %.1f s%s\n",
		       big_len / 1e6, p.rss_mb, p.wall, p.status == 1 ? "" : "  [FAILED]");
		char *ann_argv[] = {(char *)cli, "annotate", "-o", "/dev/null", big, NULL};
		p = run(ann_argv, "/dev/null");
		printf("tongwen annotate %.0f MB: peak RSS %.1f MB, %.1f s%s\n", big_len / 1e6,
		       p.rss_mb, p.wall, p.status == 0 ? "" : "  [FAILED]");
		unlink(big);
	}
	unlink(clean);
	unlink(small);
	unlink(words);
	free(cn.v);
	free(hk.v);
	free(cn_copy);
	free(hk_copy);
	tw_free(cn_all);
	free(hk_all);
	return 0;
}
