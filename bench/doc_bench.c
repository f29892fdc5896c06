/* Document benchmark: HTML news pages against the same text as plain text.
 *
 * usage: doc_bench [--mb N] [--runs N] [--script-kb N] TONGWEN_CLI TEXT_FILE
 * Builds pages at a typical news-site markup density from the paragraphs of
 * TEXT_FILE (head with meta tags, a stylesheet and a script, navigation,
 * each paragraph a <p> with attributes and a link, a figure, a footer),
 * repeated to about N MB of text (default 8), and the plain text of the same
 * paragraphs. --script-kb N adds N KB of inline script per page (default 4,
 * an analytics and a structured-data block), for heavier pages. Prints the median of several interleaved runs of: the library
 * (tw_convert on the text, tw_convert_document on the pages) and the CLI on
 * both files; and the ratio of plain-text time to HTML time on the same text
 * (the goal: HTML at least 50% of plain-text throughput), by wall time and,
 * for a machine other work shares, by CPU time (the library's process, the
 * CLI's child processes). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "tongwen.h"
#include "stats.h"

/* CPU seconds of the children waited for so far. */
static double children_cpu(void)
{
	struct rusage u;
	getrusage(RUSAGE_CHILDREN, &u);
	return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 +
	       (double)u.ru_stime.tv_sec + (double)u.ru_stime.tv_usec / 1e6;
}

static void put(char **p, size_t *n, size_t *cap, const char *s, size_t len)
{
	if (*n + len + 1 > *cap) {
		*cap = (*n + len + 1) * 2;
		*p = realloc(*p, *cap);
		if (!*p)
			exit(2);
	}
	memcpy(*p + *n, s, len);
	*n += len;
	(*p)[*n] = '\0';
}
#define PUTS(buf, s) put(&buf, &buf##_n, &buf##_cap, s, strlen(s))

static const char page_head[] =
	"<!DOCTYPE html>\n<html lang=\"zh-HK\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<title>人工智能新聞｜大公報</title>\n"
	"<meta name=\"description\" content=\"香港人工智能產業發展的最新報道。\">\n"
	"<meta property=\"og:title\" content=\"人工智能新聞\">\n"
	"<link rel=\"stylesheet\" href=\"https://static.example.hk/css/article.min.css?v=20250301\">\n"
	"<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-ABCDEF1234\"></script>\n"
	"<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
	"gtag('js',new Date());gtag('config','G-ABCDEF1234');</script>\n</head>\n"
	"<body class=\"article-page\">\n<header class=\"site-header\"><nav aria-label=\"主選單\">"
	"<ul class=\"nav\"><li><a href=\"/news/hongkong/\">香港</a></li><li><a href=\"/news/china/\">"
	"內地</a></li><li><a href=\"/news/tech/\" class=\"active\">科技</a></li></ul></nav></header>\n"
	"<main id=\"content\"><article class=\"article\" data-article-id=\"1234567\">\n"
	"<h1 class=\"article-title\">香港人工智能產業發展</h1>\n";
static const char page_tail[] =
	"<figure class=\"article-figure\"><img src=\"https://img.example.hk/2025/03/01/ai-lab.jpg\" "
	"alt=\"數碼港人工智能實驗室\" width=\"800\" height=\"450\" loading=\"lazy\"><figcaption>"
	"數碼港人工智能實驗室</figcaption></figure>\n</article></main>\n"
	"<footer class=\"site-footer\"><p>&copy; 2025 大公報 版權所有</p></footer>\n</body>\n</html>\n";

int main(int argc, char **argv)
{
	double mb = 8;
	int runs = 5, a = 1, script_kb = 4;
	for (; a + 1 < argc && argv[a][0] == '-'; a += 2) {
		if (!strcmp(argv[a], "--mb"))
			mb = atof(argv[a + 1]);
		else if (!strcmp(argv[a], "--runs"))
			runs = atoi(argv[a + 1]);
		else if (!strcmp(argv[a], "--script-kb"))
			script_kb = atoi(argv[a + 1]);
	}
	if (argc - a != 2 || runs < 1 || runs > 50) {
		fprintf(stderr, "usage: doc_bench [--mb N] [--runs N] TONGWEN_CLI TEXT_FILE\n");
		return 2;
	}
	const char *cli = argv[a], *src = argv[a + 1];
	FILE *f = fopen(src, "rb");
	if (!f)
		return 2;
	char line[1 << 16];
	char *text = NULL, *html = NULL;
	size_t text_n = 0, text_cap = 0, html_n = 0, html_cap = 0, lines = 0, pid = 0;
	char **para = NULL;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		para = realloc(para, (lines + 1) * sizeof *para);
		para[lines++] = strdup(line);
	}
	fclose(f);
	if (!lines)
		return 2;
	/* inline script: what analytics and structured data look like */
	char *script = NULL;
	size_t script_n = 0, script_cap = 0;
	PUTS(script, "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
	              "\"@type\":\"NewsArticle\",\"items\":[");
	for (int k = 0; script_n < (size_t)script_kb * 1024; k++) {
		char item[160];
		snprintf(item, sizeof item,
		         "{\"id\":%d,\"url\":\"https://www.example.hk/news/2025/%06d.html\","
		         "\"section\":\"tech\",\"score\":0.%03d},",
		         k, k * 7919 % 1000000, k % 1000);
		PUTS(script, item);
	}
	PUTS(script, "{}]}</script>\n");
	static const char related[] =
		"<aside class=\"related\"><h2>相關新聞</h2><ul>"
		"<li><a href=\"https://www.example.hk/news/2025/03/000101.html\">數碼港初創企業獲資助</a></li>"
		"<li><a href=\"https://www.example.hk/news/2025/03/000102.html\">科學園擴建計劃公布</a></li>"
		"<li><a href=\"https://www.example.hk/news/2025/03/000103.html\">人工智能教育進校園</a></li>"
		"</ul></aside>\n<div class=\"share\"><button type=\"button\" aria-label=\"分享到微信\" "
		"data-share=\"wechat\"></button><button type=\"button\" aria-label=\"分享到臉書\" "
		"data-share=\"facebook\"></button></div>\n";
	while (text_n < (size_t)(mb * 1e6)) {
		PUTS(html, page_head);
		PUTS(html, script);
		for (size_t i = 0; i < lines; i++, pid++) {
			char tag[256];
			snprintf(tag, sizeof tag, "<p class=\"article-paragraph\" data-pid=\"%zu\">", pid);
			PUTS(html, tag);
			PUTS(html, para[i]);
			PUTS(text, para[i]);
			PUTS(text, "\n");
			/* a link in one paragraph of three, as news pages cite sources */
			if (i % 3 == 0) {
				snprintf(tag, sizeof tag,
				         " <a href=\"https://www.example.hk/news/2025/03/%06zu.html\" "
				         "target=\"_blank\" rel=\"noopener\">",
				         pid);
				PUTS(html, tag);
				PUTS(html, "相關報道</a>");
				PUTS(text, "相關報道\n");
			}
			PUTS(html, "</p>\n");
		}
		PUTS(html, related);
		PUTS(text, "相關新聞\n數碼港初創企業獲資助\n科學園擴建計劃公布\n人工智能教育進校園\n");
		PUTS(text, "分享到微信\n分享到臉書\n");
		PUTS(html, page_tail);
	}
	free(script);
	tw_profile *p;
	tw_error err = {0};
	if (tw_profile_open(&p, "hk2cn", NULL, &err)) {
		fprintf(stderr, "%s\n", err.message);
		return 2;
	}
	char tpath[] = "/tmp/tw_doc_bench_XXXXXX.txt", hpath[] = "/tmp/tw_doc_bench_XXXXXX.html";
	int tfd = mkstemps(tpath, 4), hfd = mkstemps(hpath, 5);
	if (tfd < 0 || hfd < 0 || write(tfd, text, text_n) != (ssize_t)text_n ||
	    write(hfd, html, html_n) != (ssize_t)html_n)
		return 2;
	close(tfd);
	close(hfd);
	double lt[50], lh[50], ct[50], ch[50], ltc[50], lhc[50], ctc[50], chc[50];
	tw_doc_options o = TW_DOC_OPTIONS_INIT;
	o.markup = TW_MARKUP_HTML;
	tw_doc_convert_options co = TW_DOC_CONVERT_OPTIONS_INIT;
	co.lang = "zh-CN";
	char cmd_t[512], cmd_h[512];
	snprintf(cmd_t, sizeof cmd_t, "'%s' convert '%s' > /dev/null", cli, tpath);
	snprintf(cmd_h, sizeof cmd_h, "'%s' convert '%s' > /dev/null", cli, hpath);
	for (int r = 0; r < runs; r++) {
		char *out;
		size_t n;
		double t0 = now(), c0 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
		if (tw_convert(&out, &n, p, text, text_n, &err))
			return 2;
		lt[r] = now() - t0;
		ltc[r] = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
		tw_free(out);
		t0 = now();
		c0 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
		if (tw_convert_document(&out, &n, p, html, html_n, &o, &co, &err))
			return 2;
		lh[r] = now() - t0;
		lhc[r] = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
		tw_free(out);
		t0 = now();
		c0 = children_cpu();
		if (system(cmd_t))
			return 2;
		ct[r] = now() - t0;
		ctc[r] = children_cpu() - c0;
		t0 = now();
		c0 = children_cpu();
		if (system(cmd_h))
			return 2;
		ch[r] = now() - t0;
		chc[r] = children_cpu() - c0;
	}
	unlink(tpath);
	unlink(hpath);
	double mlt = median(lt, runs), mlh = median(lh, runs), mct = median(ct, runs),
	       mch = median(ch, runs);
	printf("corpus: %.1f MB of text; as HTML pages %.1f MB (text %.0f%% of the bytes, "
	       "%d KB of inline script a page)\n",
	       text_n / 1e6, html_n / 1e6, 100.0 * text_n / html_n, script_kb);
	printf("median of %d interleaved runs:\n", runs);
	printf("library plain text : %7.1f MB/s of text\n", text_n / 1e6 / mlt);
	printf("library HTML       : %7.1f MB/s of text, %7.1f MB/s of HTML\n", text_n / 1e6 / mlh,
	       html_n / 1e6 / mlh);
	printf("CLI plain text     : %7.1f MB/s of text\n", text_n / 1e6 / mct);
	printf("CLI HTML           : %7.1f MB/s of text, %7.1f MB/s of HTML\n", text_n / 1e6 / mch,
	       html_n / 1e6 / mch);
	printf("HTML / plain text on the same text: library %.0f%%, CLI %.0f%% (goal >= 50%%)\n",
	       100 * mlt / mlh, 100 * mct / mch);
	printf("the same by CPU time (medians):     library %.0f%%, CLI %.0f%%\n",
	       100 * median(ltc, runs) / median(lhc, runs), 100 * median(ctc, runs) / median(chc, runs));
	for (size_t i = 0; i < lines; i++)
		free(para[i]);
	free(para);
	free(text);
	free(html);
	tw_profile_free(p);
	return 0;
}
