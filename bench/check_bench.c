/* Checker benchmark: prints throughput of tw_check() with every rule but
 * spelling and with spelling, the lexicon's load time, peak RSS, and the
 * ratio to stock `opencc -c hk2s` run on the same bytes in the same run.
 *
 * usage: check_bench [--mb N] [--hk-every N] TEXT_FILE…
 *   --mb N        corpus size (default 24, at least 20 is what the goal is about)
 *   --hk-every N  leave one paragraph in N in its Hong Kong original
 *                 (default 64; 0: none)
 *
 * The corpus is the given Hong Kong texts converted with hk2cn, repeated
 * with variations so that it is not one paragraph cache-hot: paragraphs are
 * rotated per copy, and one paragraph in 64 (--hk-every) is left in its Hong
 * Kong original, so the checker meets realistic findings (terms, Traditional
 * characters, corner quotes) as well as clean text. */
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

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

/* Splits text into its non-empty lines (the pointers point into text). */
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

/* Runs `opencc -c hk2s` on path; returns wall seconds or -1. */
static double run_opencc(const char *path)
{
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0) {
		int fi = open(path, O_RDONLY), fo = open("/dev/null", O_WRONLY);
		dup2(fi, 0);
		dup2(fo, 1);
		execlp("opencc", "opencc", "-c", "hk2s", (char *)NULL);
		_exit(127);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	double t = now() - t0;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? t : -1;
}

/* Best of reps runs of tw_check; *count gets the findings of the last. */
static double best_check(const tw_lexicon *lex, const char *text, size_t len, unsigned families,
                         int reps, size_t *count)
{
	tw_check_options o = TW_CHECK_OPTIONS_INIT;
	o.families = families;
	double best = 1e9;
	for (int r = 0; r < reps; r++) {
		tw_findings *f;
		tw_error err;
		double t0 = now();
		if (tw_check(&f, lex, text, len, &o, &err)) {
			fprintf(stderr, "check_bench: %s\n", err.message);
			return -1;
		}
		double t = now() - t0;
		*count = f->count;
		tw_findings_free(f);
		if (t < best)
			best = t;
	}
	return best;
}

int main(int argc, char **argv)
{
	size_t mb = 24, hk_every = 64;
	int i = 1;
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (!strcmp(argv[i], "--mb"))
			mb = (size_t)atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--hk-every"))
			hk_every = (size_t)atol(argv[i + 1]);
		else
			break;
	}
	if (i >= argc || !mb) {
		fprintf(stderr, "usage: check_bench [--mb N] [--hk-every N] TEXT_FILE…\n");
		return 2;
	}
	tw_profile *hk2cn;
	tw_error err;
	if (tw_profile_open(&hk2cn, "hk2cn", NULL, &err)) {
		fprintf(stderr, "check_bench: %s\n", err.message);
		return 1;
	}
	/* Hong Kong paragraphs and their conversions, side by side. */
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
	char *cn_copy = malloc(cn_len + 1);
	memcpy(cn_copy, cn_all, cn_len);
	cn_copy[cn_len] = '\0';
	lines hk = split_lines(hk_all), cn = split_lines(cn_copy);
	if (!cn.n || hk.n != cn.n) {
		fprintf(stderr, "check_bench: conversion changed the number of lines\n");
		return 1;
	}
	/* The corpus. */
	size_t want = mb << 20, len = 0, cap = want + (1 << 20);
	char *corpus = malloc(cap);
	size_t copy = 0, hk_paragraphs = 0;
	while (len < want) {
		for (size_t k = 0; k < cn.n && len < want; k++) {
			size_t p = (k + copy) % cn.n;
			int original = hk_every && (k + copy * 3) % hk_every == 0;
			const char *src = original ? hk.v[p] : cn.v[p];
			size_t n = strlen(src);
			if (len + n + 1 > cap) {
				cap = (len + n + 1) * 2;
				corpus = realloc(corpus, cap);
			}
			memcpy(corpus + len, src, n);
			len += n;
			corpus[len++] = '\n';
			hk_paragraphs += original;
		}
		copy++;
	}
	char path[] = "/tmp/tw-check-bench-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, corpus, len) != (ssize_t)len) {
		fprintf(stderr, "check_bench: cannot write %s\n", path);
		return 1;
	}
	close(fd);
	printf("corpus: %.1f MB, %zu copies of %zu paragraphs converted with hk2cn, %zu paragraphs "
	       "left in Hong Kong text\n",
	       len / 1e6, copy, cn.n, hk_paragraphs);

	double t0 = now();
	tw_lexicon *lex;
	if (tw_lexicon_open(&lex, NULL, &err)) {
		fprintf(stderr, "check_bench: %s\n", err.message);
		return 1;
	}
	printf("lexicon load: %.1f ms\n", (now() - t0) * 1e3);

	size_t n_plain = 0, n_spell = 0;
	double t_plain = best_check(lex, corpus, len, TW_FAMILY_ALL & ~TW_FAMILY_SPELLING, 3, &n_plain);
	double t_spell = best_check(lex, corpus, len, TW_FAMILY_ALL, 2, &n_spell);
	if (t_plain < 0 || t_spell < 0)
		return 1;
	double mbs_plain = len / 1e6 / t_plain, mbs_spell = len / 1e6 / t_spell;
	printf("tw_check, all rules but spelling: %7.1f MB/s (%zu findings; goal >= 200 MB/s)\n",
	       mbs_plain, n_plain);
	printf("tw_check, all rules:              %7.1f MB/s (%zu findings)\n", mbs_spell, n_spell);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS: %.1f MB (corpus and its copies included)\n", ru.ru_maxrss / 1024.0);

	double t_oc = run_opencc(path);
	if (t_oc > 0) {
		double mbs_oc = len / 1e6 / t_oc;
		printf("opencc -c hk2s on the same file: %7.1f MB/s\n", mbs_oc);
		printf("ratio check (no spelling) / opencc hk2s: %.1fx; with spelling: %.1fx\n",
		       mbs_plain / mbs_oc, mbs_spell / mbs_oc);
	} else {
		printf("opencc -c hk2s: not run (opencc missing or failed)\n");
	}
	unlink(path);
	tw_lexicon_free(lex);
	tw_profile_free(hk2cn);
	free(corpus);
	free(hk.v);
	free(cn.v);
	free(cn_copy);
	tw_free(cn_all);
	free(hk_all);
	return 0;
}
