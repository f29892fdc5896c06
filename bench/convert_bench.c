/* Conversion benchmark: prints throughput, load time and peak memory, and
 * the ratio to stock `opencc` measured on the same input in the same run.
 *
 * usage: convert_bench [--mb N] [--rss-mb N] TONGWEN_CLI TEXT_FILE…
 *   --mb N      corpus size for throughput (default 24)
 *   --rss-mb N  input size for the CLI's peak-RSS run (default 200, 0 skips)
 * The corpus is the given Hong Kong texts repeated; it is written to a
 * temporary file so that both tools read the same bytes. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

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
	if (fread(p, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	fclose(f);
	p[n] = '\0';
	*len = (size_t)n;
	return p;
}

/* Runs argv with stdin/stdout redirected; returns wall seconds and the
 * child's peak RSS in KiB. */
static double run(char *const argv[], const char *in, const char *out, long *rss_kb)
{
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0) {
		int fi = open(in, O_RDONLY), fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fi, 0);
		dup2(fo, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	wait4(pid, &status, 0, &ru);
	double t = now() - t0;
	if (rss_kb)
		*rss_kb = ru.ru_maxrss;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "%s failed\n", argv[0]);
		return -1;
	}
	return t;
}

static double best_convert(const tw_profile *p, const char *in, size_t len, int reps)
{
	double best = 1e9;
	for (int r = 0; r < reps; r++) {
		char *out;
		size_t n;
		double t0 = now();
		if (tw_convert(&out, &n, p, in, len, NULL))
			return -1;
		double t = now() - t0;
		tw_free(out);
		if (t < best)
			best = t;
	}
	return best;
}

int main(int argc, char **argv)
{
	size_t mb = 24, rss_mb = 200;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc)
			return 2;
		if (!strcmp(argv[i], "--mb"))
			mb = (size_t)atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--rss-mb"))
			rss_mb = (size_t)atol(argv[i + 1]);
		else
			return 2;
	}
	if (argc - i < 2) {
		fprintf(stderr, "usage: convert_bench [--mb N] [--rss-mb N] TONGWEN_CLI TEXT_FILE…\n");
		return 2;
	}
	const char *cli = argv[i++];
	/* The corpus. */
	size_t seed_len = 0, cap = 1 << 20;
	char *seed = malloc(cap);
	for (; i < argc; i++) {
		size_t n;
		char *t = slurp(argv[i], &n);
		if (!t)
			continue;
		if (seed_len + n + 1 > cap) {
			cap = (seed_len + n + 1) * 2;
			seed = realloc(seed, cap);
		}
		memcpy(seed + seed_len, t, n);
		seed_len += n;
		seed[seed_len++] = '\n';
		free(t);
	}
	size_t len = mb << 20;
	char *corpus = malloc(len + 1);
	for (size_t off = 0; off < len; off += seed_len)
		memcpy(corpus + off, seed, off + seed_len > len ? len - off : seed_len);
	while (len && ((unsigned char)corpus[len - 1] & 0xC0) == 0x80)
		len--; /* do not end inside a character */
	while (len && (unsigned char)corpus[len - 1] >= 0x80)
		len--;
	corpus[len] = '\0';
	char path[] = "/tmp/tw-bench-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, corpus, len) != (ssize_t)len)
		return 1;
	close(fd);
	printf("corpus: %.1f MB of Hong Kong text (%zu-byte seed repeated)\n", len / 1e6, seed_len);

	/* Load time. */
	const char *names[] = {"hk2cn", "hk2s"};
	for (int k = 0; k < 2; k++) {
		double best = 1e9;
		for (int r = 0; r < 20; r++) {
			tw_profile *p;
			double t0 = now();
			if (tw_profile_open(&p, names[k], NULL, NULL))
				return 1;
			double t = now() - t0;
			tw_profile_free(p);
			if (t < best)
				best = t;
		}
		printf("load %-6s: %.2f ms\n", names[k], best * 1e3);
	}
	/* Load plus conversion of 1 KB, the editor-plugin case. */
	{
		size_t kb = 1024;
		while (kb && ((unsigned char)corpus[kb] & 0xC0) == 0x80)
			kb--;
		double best = 1e9;
		for (int r = 0; r < 20; r++) {
			double t0 = now();
			tw_profile *p;
			char *out;
			size_t n;
			if (tw_profile_open(&p, "hk2cn", NULL, NULL) ||
			    tw_convert(&out, &n, p, corpus, kb, NULL))
				return 1;
			tw_free(out);
			tw_profile_free(p);
			double t = now() - t0;
			if (t < best)
				best = t;
		}
		printf("load + convert 1 KB (hk2cn): %.2f ms (goal <= 5 ms)\n", best * 1e3);
	}
	/* Throughput, library, one core. */
	double tw_mbs[2];
	for (int k = 0; k < 2; k++) {
		tw_profile *p;
		if (tw_profile_open(&p, names[k], NULL, NULL))
			return 1;
		double t = best_convert(p, corpus, len, 3);
		tw_mbs[k] = len / 1e6 / t;
		printf("tongwen %-6s library: %7.1f MB/s\n", names[k], tw_mbs[k]);
		tw_profile_free(p);
	}
	/* The CLI and stock opencc on the same file, same run. */
	char hk2cn_json[4096];
	snprintf(hk2cn_json, sizeof hk2cn_json, "%s/hk2cn.json", tw_default_data_dir());
	char *tw_cli[] = {(char *)cli, "convert", "-p", "hk2cn", NULL};
	char *oc_hk2s[] = {"opencc", "-c", "hk2s", NULL};
	char *oc_hk2cn[] = {"opencc", "-c", hk2cn_json, NULL};
	double t_cli = run(tw_cli, path, "/dev/null", NULL);
	double t_oc = run(oc_hk2s, path, "/dev/null", NULL);
	double t_oc2 = run(oc_hk2cn, path, "/dev/null", NULL);
	printf("tongwen CLI hk2cn   : %7.1f MB/s\n", len / 1e6 / t_cli);
	if (t_oc > 0 && t_oc2 > 0) {
		printf("opencc -c hk2s      : %7.1f MB/s\n", len / 1e6 / t_oc);
		printf("opencc -c hk2cn.json: %7.1f MB/s\n", len / 1e6 / t_oc2);
		printf("ratio tongwen hk2cn (library) / opencc hk2s: %.1fx (goal >= 40x, >= 150 MB/s)\n",
		       tw_mbs[0] / (len / 1e6 / t_oc));
		printf("ratio tongwen hk2s  (library) / opencc hk2s: %.1fx\n",
		       tw_mbs[1] / (len / 1e6 / t_oc));
		printf("ratio tongwen CLI hk2cn / opencc hk2cn.json: %.1fx\n", t_oc2 / t_cli);
	}
	unlink(path);
	/* Peak memory of the CLI on a large input (streamed). */
	if (rss_mb) {
		char big[] = "/tmp/tw-bench-big-XXXXXX";
		fd = mkstemp(big);
		size_t written = 0;
		while (written < (rss_mb << 20)) {
			if (write(fd, corpus, len) != (ssize_t)len)
				return 1;
			written += len;
		}
		close(fd);
		long rss;
		double t = run(tw_cli, big, "/dev/null", &rss);
		printf("tongwen CLI on %.0f MB: %.1f MB/s, peak RSS %.1f MB (goal <= 64 MB)\n",
		       written / 1e6, written / 1e6 / t, rss / 1024.0);
		unlink(big);
	}
	free(corpus);
	free(seed);
	return 0;
}
