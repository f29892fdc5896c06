/* twdict segdict: the checker's word list for word boundaries.
 *
 *   twdict segdict --data-dir DIR --jieba dict.txt OUT.txt
 *
 * One line per word: word TAB count, sorted bytewise. Mainland words from
 * jieba's dictionary, with its counts, in Simplified and as s2hk writes
 * them (for Traditional text). Rime's essay list is left out: it holds
 * n-gram-like entries (會因, 亦是) that would swallow real words. The
 * lexicon's own forms are left out on purpose: the
 * checker segments the clause around a lexicon match by the most probable
 * path over general vocabulary and drops the match when a word of that
 * vocabulary straddles its edge (业者 inside 从业者, 头先 across 钟头 + 先). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "twdict.h"

typedef struct sw {
	char *w;
	long f;
} sw;

static int cmp_sw(const void *a, const void *b)
{
	return strcmp(((const sw *)a)->w, ((const sw *)b)->w);
}

static int add(sw **v, size_t *n, size_t *cap, const char *w, size_t len, long f)
{
	if (!len || len > 60)
		return 0;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 65536;
		sw *g = realloc(*v, *cap * sizeof *g);
		if (!g)
			return -1;
		*v = g;
	}
	char *k = str_dup_n(w, len);
	if (!k)
		return -1;
	(*v)[(*n)++] = (sw){k, f};
	return 0;
}

int cmd_segdict(int argc, char **argv)
{
	const char *jieba = tool_arg(argc, argv, "--jieba");
	const char *data = tool_arg(argc, argv, "--data-dir"), *out = argc > 1 ? argv[argc - 1] : NULL;
	if (!jieba || !data || !out || out[0] == '-') {
		fprintf(stderr, "usage: twdict segdict --data-dir DIR --jieba dict.txt OUT.txt\n");
		return 2;
	}
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = data;
	tw_profile *std;
	tw_error perr = {0};
	if (tw_profile_open(&std, "s2hk", &po, &perr)) {
		fprintf(stderr, "twdict segdict: %s\n", perr.message);
		return 2;
	}
	const char *paths[1] = {jieba};
	sw *v = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	for (int k = 0; k < 1 && !rc; k++) {
		char *text;
		size_t len;
		tw_error err = {0};
		if (read_file(&text, &len, paths[k], 64u << 20, &err)) {
			fprintf(stderr, "twdict segdict: %s\n", err.message);
			rc = 2;
			break;
		}
		for (char *cur = text, *line; (line = text_next_line(&cur)) && !rc;) {
			if (line[0] == '#')
				continue;
			size_t wl = strcspn(line, " ");
			long f = line[wl] ? strtol(line + wl + 1, NULL, 10) : 1;
			if (f < 1)
				f = 1;
			rc = add(&v, &n, &cap, line, wl, f) ? 2 : 0;
			if (!rc) {
				char *simp;
				size_t sl;
				if (tw_convert(&simp, &sl, std, line, wl, NULL))
					rc = 2;
				else if (sl != wl || memcmp(simp, line, wl))
					rc = add(&v, &n, &cap, simp, sl, f) ? 2 : 0;
				tw_free(simp);
			}
		}
		free(text);
	}
	if (!rc) {
		qsort(v, n, sizeof *v, cmp_sw);
		buf b = {0};
		for (size_t i = 0; i < n && !rc;) {
			size_t j = i;
			long f = 1;
			for (; j < n && !strcmp(v[j].w, v[i].w); j++)
				if (v[j].f > f)
					f = v[j].f;
			char num[32];
			int nl = snprintf(num, sizeof num, "\t%ld\n", f);
			rc = buf_append(&b, v[i].w, strlen(v[i].w)) || buf_append(&b, num, (size_t)nl) ? 2
			                                                                              : 0;
			i = j;
		}
		if (!rc && write_file_atomic(out, b.data, b.len))
			rc = 2;
		buf_release(&b);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].w);
	free(v);
	tw_profile_free(std);
	return rc;
}
