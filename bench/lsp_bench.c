/* tongwen lsp latency: the time from a didChange to the publishDiagnostics
 * for that version, with debounce 0, for 2 KB, 20 KB and 200 KB documents
 * made of a Hong Kong news article; then the server's RSS with 20 open
 * documents of 20 KB, and the lexicon load time this process sees.
 * Prints medians of ROUNDS changes (one character typed, then deleted).
 * usage: lsp_bench PATH/TO/tongwen ARTICLE.txt [ROUNDS]
 * Goals (issue 10): ≤ 5 ms at 20 KB, ≤ 50 ms at 200 KB, ≤ 64 MB RSS. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lsp.h"

static int to_srv, from_srv;
static lsp_reader rd;

static json_t *wait_for_fast(int (*want)(json_t *, long long), long long arg, int fast);

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void send_json(json_t *m)
{
	json_object_set_new(m, "jsonrpc", json_string("2.0"));
	char *b = json_dumps(m, JSON_COMPACT);
	json_decref(m);
	char h[64];
	int n = snprintf(h, sizeof h, "Content-Length: %zu\r\n\r\n", strlen(b));
	if (write(to_srv, h, (size_t)n) != n || write(to_srv, b, strlen(b)) != (ssize_t)strlen(b)) {
		perror("write");
		exit(1);
	}
	free(b);
}

static const char *want_uri;

/* The head of a publishDiagnostics as tongwen writes it, so that a reply
 * of thousands of diagnostics is recognised without parsing it all (the
 * timing is the server's, not this client's JSON parser's). */
static int publish_head(const char *body, size_t n, long long version)
{
	char head[512];
	int k = snprintf(head, sizeof head,
	                 "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\","
	                 "\"params\":{\"uri\":\"%s\",\"version\":%lld,", want_uri, version);
	return (size_t)k <= n && !memcmp(body, head, (size_t)k);
}

/* Reads until a message for which want() is true; returns it (parsed, or
 * an empty object when fast says which publication it is). */
static json_t *wait_for(int (*want)(json_t *, long long), long long arg)
{
	return wait_for_fast(want, arg, 0);
}

static json_t *wait_for_fast(int (*want)(json_t *, long long), long long arg, int fast)
{
	for (;;) {
		const char *body, *what;
		size_t n;
		int rc;
		while ((rc = lsp_reader_next(&rd, &body, &n, &what)) == 1) {
			if (fast && publish_head(body, n, arg))
				return json_object();
			json_t *m = json_loadb(body, n, 0, NULL);
			if (m && want(m, arg))
				return m;
			json_decref(m);
		}
		if (rc < 0) {
			fprintf(stderr, "lsp_bench: bad framing from the server: %s\n", what);
			exit(1);
		}
		char buf[65536];
		ssize_t k = read(from_srv, buf, sizeof buf);
		if (k <= 0) {
			fprintf(stderr, "lsp_bench: the server closed its output\n");
			exit(1);
		}
		lsp_reader_push(&rd, buf, (size_t)k);
	}
}

static int is_response(json_t *m, long long id)
{
	return json_integer_value(json_object_get(m, "id")) == id && !json_object_get(m, "method");
}

static int is_publish(json_t *m, long long version)
{
	const char *meth = json_string_value(json_object_get(m, "method"));
	json_t *p = json_object_get(m, "params");
	return meth && !strcmp(meth, "textDocument/publishDiagnostics") &&
	       !strcmp(json_string_value(json_object_get(p, "uri")), want_uri) &&
	       json_integer_value(json_object_get(p, "version")) == version;
}

static long rss_kb(pid_t pid, const char *field);

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static char *make_doc(const char *art, size_t art_len, size_t size)
{
	char *t = malloc(size + art_len + 1);
	size_t n = 0;
	while (n < size) {
		memcpy(t + n, art, art_len);
		n += art_len;
	}
	/* cut at a character start, so the text stays valid UTF-8 */
	n = size;
	while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80)
		n--;
	t[n] = '\0';
	return t;
}

static void open_doc(const char *uri, const char *text)
{
	json_t *m = json_pack("{s:s,s:{s:{s:s,s:s,s:i,s:s}}}", "method", "textDocument/didOpen",
	                      "params", "textDocument", "uri", uri, "languageId", "plaintext",
	                      "version", 1, "text", text);
	send_json(m);
}

/* One character typed at the start of the document (even version) or
 * deleted again (odd), as an incremental change. */
static double change(const char *uri, long long version)
{
	int insert = version % 2 == 0;
	json_t *range = json_pack("{s:{s:i,s:i},s:{s:i,s:i}}", "start", "line", 0, "character", 0,
	                          "end", "line", 0, "character", insert ? 0 : 1);
	json_t *m = json_pack("{s:s,s:{s:{s:s,s:I},s:[{s:o,s:s}]}}", "method",
	                      "textDocument/didChange", "params", "textDocument", "uri", uri,
	                      "version", (json_int_t)version, "contentChanges", "range", range,
	                      "text", insert ? "的" : "");
	double t0 = now_ms();
	send_json(m);
	want_uri = uri;
	json_decref(wait_for_fast(is_publish, version, 1));
	return now_ms() - t0;
}

static long rss_kb(pid_t pid, const char *field)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	long v = -1;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, field, strlen(field)))
			v = atol(line + strlen(field) + 1);
	if (f)
		fclose(f);
	return v;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: lsp_bench TONGWEN ARTICLE.txt [ROUNDS]\n");
		return 2;
	}
	int rounds = argc > 3 ? atoi(argv[3]) : 21;
	FILE *f = fopen(argv[2], "rb");
	if (!f) {
		perror(argv[2]);
		return 2;
	}
	static char art[1 << 20];
	size_t art_len = fread(art, 1, sizeof art - 1, f);
	fclose(f);

	/* the lexicon load this machine sees, in process (median of 5) */
	double loads[5];
	for (int i = 0; i < 5; i++) {
		tw_lexicon *lex = NULL;
		double t0 = now_ms();
		if (tw_lexicon_open(&lex, NULL, NULL))
			return 2;
		loads[i] = now_ms() - t0;
		tw_lexicon_free(lex);
	}
	qsort(loads, 5, sizeof *loads, cmp);
	printf("lexicon load (tw_lexicon_open, median of 5): %.1f ms\n", loads[2]);

	int in[2], out[2];
	if (pipe(in) || pipe(out))
		return 2;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execl(argv[1], argv[1], "lsp", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	to_srv = in[1];
	from_srv = out[0];
	signal(SIGPIPE, SIG_IGN);
	double t0 = now_ms();
	send_json(json_pack("{s:i,s:s,s:{s:{},s:{s:{s:i}}}}", "id", 1, "method", "initialize",
	                    "params", "capabilities", "initializationOptions", "tongwen", "debounce",
	                    0));
	json_decref(wait_for(is_response, 1));
	send_json(json_pack("{s:s,s:{}}", "method", "initialized", "params"));
	printf("initialize reply: %.1f ms\n", now_ms() - t0);

	/* the Hong Kong article as it is (target cn: nearly every line has
	 * findings, the worst case), then the same article through hk2cn (the
	 * Mainland copy an editor works on: few findings) */
	tw_profile *prof = NULL;
	char *conv = NULL;
	size_t conv_len = 0;
	if (tw_profile_open(&prof, "hk2cn", NULL, NULL) ||
	    tw_convert(&conv, &conv_len, prof, art, art_len, NULL))
		return 2;
	tw_profile_free(prof);
	static const size_t sizes[] = { 2000, 20000, 200000 };
	static const char *goals[] = { "", "  (goal ≤ 5 ms)", "  (goal ≤ 50 ms)" };
	for (int k = 0; k < 2; k++) {
		const char *src = k ? conv : art;
		size_t src_len = k ? conv_len : art_len;
		printf("%s\n", k ? "Mainland copy (the article through hk2cn):"
		                 : "Hong Kong copy (the article as it is, target cn):");
		for (int s = 0; s < 3; s++) {
			char uri[64];
			snprintf(uri, sizeof uri, "file:///bench/doc%d-%zu.txt", k, sizes[s]);
			char *text = make_doc(src, src_len, sizes[s]);
			double o0 = now_ms();
			open_doc(uri, text);
			want_uri = uri;
			json_t *first = wait_for(is_publish, 1);
			size_t nd = json_array_size(json_object_get(json_object_get(first, "params"),
			                                            "diagnostics"));
			json_decref(first);
			double open_ms = now_ms() - o0;
			if (k == 0 && s == 0)
				printf("  server RSS after its first check (lexicon loaded): %.1f MB "
				       "(anonymous %.1f MB, mapped files %.1f MB)\n",
				       rss_kb(pid, "VmRSS:") / 1024.0, rss_kb(pid, "RssAnon:") / 1024.0,
				       rss_kb(pid, "RssFile:") / 1024.0);
			double *t = malloc((size_t)rounds * sizeof *t);
			for (int r = 0; r < rounds; r++)
				t[r] = change(uri, r + 2);
			qsort(t, (size_t)rounds, sizeof *t, cmp);
			printf("  %6zu bytes, %5zu diagnostics: didChange → publishDiagnostics median "
			       "%.2f ms (min %.2f, max %.2f, %d changes)%s; didOpen to parsed reply %s%.1f ms\n",
			       strlen(text), nd, t[rounds / 2], t[0], t[rounds - 1], rounds, goals[s],
			       k == 0 && s == 0 ? "(with lexicon load) " : "", open_ms);
			free(t);
			free(text);
			send_json(json_pack("{s:s,s:{s:{s:s}}}", "method", "textDocument/didClose",
			                    "params", "textDocument", "uri", uri));
		}
	}
	tw_free(conv);

	long before = rss_kb(pid, "VmRSS:");
	char *doc = make_doc(art, art_len, 20000);
	for (int i = 0; i < 20; i++) {
		char uri[64];
		snprintf(uri, sizeof uri, "file:///bench/open%02d.txt", i);
		open_doc(uri, doc);
		want_uri = uri;
		json_decref(wait_for(is_publish, 1));
	}
	free(doc);
	printf("server RSS with 20 open 20 KB documents: %.1f MB (%.1f MB before opening them; "
	       "peak %.1f MB; goal ≤ 64 MB)\n",
	       rss_kb(pid, "VmRSS:") / 1024.0, before / 1024.0, rss_kb(pid, "VmHWM:") / 1024.0);
	/* file-backed pages are the mapped dictionaries, touched as texts use them */
	printf("  of which anonymous %.1f MB, mapped files %.1f MB\n", rss_kb(pid, "RssAnon:") / 1024.0,
	       rss_kb(pid, "RssFile:") / 1024.0);
	send_json(json_pack("{s:i,s:s}", "id", 2, "method", "shutdown"));
	json_decref(wait_for(is_response, 2));
	send_json(json_pack("{s:s}", "method", "exit"));
	int status = 0;
	waitpid(pid, &status, 0);
	lsp_reader_free(&rd);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
