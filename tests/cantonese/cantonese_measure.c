/* cantonese_measure: how much of the Cantonese in marked sentences the
 * checker finds, in Traditional and after plain character conversion
 * (stock OpenCC hk2s, and tongwen's hk2s-std with Mainland standard
 * characters), and how many Cantonese findings it makes on Mainland text.
 *
 *   cantonese_measure [-v] [--min-share P] [--max-outside N] [--max-mainland N]
 *                     DATA_DIR SENTENCES [--words FILE] [FILE…]
 *
 * SENTENCES: one sentence a line, each Cantonese item marked ⟦…⟧ (lines
 * starting with # are comments). A mark is found when a cantonese/word
 * finding overlaps it; a finding that overlaps no mark is "outside".
 * FILE: standard written Chinese (Mainland text, or Hong Kong news copy),
 * checked line by line; --words FILE: a word list whose
 * first field (up to a space or tab) is checked, one word a line (jieba's
 * dict.txt). Exit status 1 when a threshold is not met, 2 on bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tongwen.h"

#define OPEN "\xE2\x9F\xA6"  /* ⟦ */
#define CLOSE "\xE2\x9F\xA7" /* ⟧ */

typedef struct span {
	size_t start, end;
} span;

typedef struct tally {
	size_t marks, found, outside, sentences;
} tally;

static const tw_lexicon *g_lex;
static tw_check_options g_opts;
static int g_verbose;

static int append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t c = (*cap ? *cap * 2 : 256) + n;
		char *g = realloc(*buf, c);
		if (!g)
			return -1;
		*buf = g;
		*cap = c;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
	return 0;
}

/* Appends piece, converted with p when p is not NULL. */
static int append_piece(char **buf, size_t *len, size_t *cap, const char *s, size_t n,
                        const tw_profile *p)
{
	if (!p)
		return append(buf, len, cap, s, n);
	char *out;
	size_t out_len;
	if (tw_convert(&out, &out_len, p, s, n, NULL))
		return -1;
	int rc = append(buf, len, cap, out, out_len);
	tw_free(out);
	return rc;
}

/* Strips the marks of line (converting each piece with p, if any) into
 * *text and the marked spans into *marks. Returns 0, or -1 on a malformed
 * line or out of memory. */
static int unmark(const char *line, const tw_profile *p, char **text, size_t *len, span **marks,
                  size_t *n_marks)
{
	size_t cap = 0, mcap = 0;
	*text = NULL;
	*len = 0;
	*marks = NULL;
	*n_marks = 0;
	if (append(text, len, &cap, "", 0))
		return -1;
	for (const char *s = line; *s;) {
		const char *o = strstr(s, OPEN);
		const char *stray = strstr(s, CLOSE);
		if (stray && (!o || stray < o))
			return -1;
		if (!o)
			return append_piece(text, len, &cap, s, strlen(s), p);
		if (append_piece(text, len, &cap, s, (size_t)(o - s), p))
			return -1;
		const char *in = o + strlen(OPEN), *c = strstr(in, CLOSE);
		if (!c || c == in || (strstr(in, OPEN) && strstr(in, OPEN) < c))
			return -1;
		size_t start = *len;
		if (append_piece(text, len, &cap, in, (size_t)(c - in), p))
			return -1;
		if (*n_marks == mcap) {
			mcap = mcap ? mcap * 2 : 8;
			span *g = realloc(*marks, mcap * sizeof *g);
			if (!g)
				return -1;
			*marks = g;
		}
		(*marks)[(*n_marks)++] = (span){start, *len};
		s = c + strlen(CLOSE);
	}
	return 0;
}

static int overlaps(size_t a, size_t b, size_t c, size_t d)
{
	return a < d && c < b;
}

static int check_sentence(const char *line, const tw_profile *p, tally *t)
{
	char *text;
	size_t len, n;
	span *marks;
	if (unmark(line, p, &text, &len, &marks, &n)) {
		free(text);
		free(marks);
		return -1;
	}
	tw_findings *fs;
	tw_error err = {0};
	if (tw_check(&fs, g_lex, text, len, &g_opts, &err)) {
		fprintf(stderr, "cantonese_measure: %s\n", err.message);
		free(text);
		free(marks);
		return -1;
	}
	t->sentences++;
	t->marks += n;
	for (size_t m = 0; m < n; m++) {
		size_t k = 0;
		while (k < fs->count && !overlaps(marks[m].start, marks[m].end, fs->items[k].offset,
		                                  fs->items[k].offset + fs->items[k].length))
			k++;
		if (k < fs->count)
			t->found++;
		else if (g_verbose)
			printf("  missed %.*s in %s\n", (int)(marks[m].end - marks[m].start),
			       text + marks[m].start, text);
	}
	for (size_t k = 0; k < fs->count; k++) {
		const tw_finding *f = &fs->items[k];
		size_t m = 0;
		while (m < n && !overlaps(marks[m].start, marks[m].end, f->offset, f->offset + f->length))
			m++;
		if (m == n) {
			t->outside++;
			printf("  outside the marks: %.*s in %s\n", (int)f->length, text + f->offset, text);
		}
	}
	tw_findings_free(fs);
	free(text);
	free(marks);
	return 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cantonese_measure: cannot read %s\n", path);
		return NULL;
	}
	char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (*len + 65536 + 1 > cap) {
			char *g = realloc(buf, cap = (cap ? cap * 2 : 65536) + 65536 + 1);
			if (!g) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = g;
		}
		size_t r = fread(buf + *len, 1, 65536, f);
		*len += r;
		if (r < 65536)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	buf[*len] = '\0';
	size_t off;
	if (tw_utf8_validate(buf, *len, &off)) {
		fprintf(stderr, "cantonese_measure: %s: invalid UTF-8 at byte offset %zu\n", path, off);
		free(buf);
		return NULL;
	}
	return buf;
}

/* Cantonese findings on standard text, line by line (or the first field of
 * each line, for a word list). Returns the count, or -1. */
static long mainland(const char *path, int words, size_t *lines)
{
	size_t len;
	char *buf = slurp(path, &len);
	if (!buf)
		return -1;
	long count = 0;
	*lines = 0;
	for (char *line = buf; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		size_t n = words ? strcspn(line, " \t\r") : strcspn(line, "\r");
		(*lines)++;
		tw_findings *fs;
		tw_error err = {0};
		if (tw_check(&fs, g_lex, line, n, &g_opts, &err)) {
			fprintf(stderr, "cantonese_measure: %s: %s\n", path, err.message);
			free(buf);
			return -1;
		}
		for (size_t k = 0; k < fs->count; k++)
			if (g_verbose)
				printf("  %s: %.*s in %.*s\n", path, (int)fs->items[k].length,
				       line + fs->items[k].offset, (int)n, line);
		count += (long)fs->count;
		tw_findings_free(fs);
		line = nl ? nl + 1 : NULL;
	}
	free(buf);
	return count;
}

static void usage(void)
{
	fprintf(stderr, "usage: cantonese_measure [-v] [--min-share P] [--max-outside N] "
	                "[--max-mainland N] DATA_DIR SENTENCES [--words FILE] [FILE...]\n");
}

int main(int argc, char **argv)
{
	double min_share = -1;
	long max_outside = -1, max_mainland = -1;
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-v"))
			g_verbose = 1;
		else if (!strcmp(argv[i], "--min-share") && i + 1 < argc)
			min_share = atof(argv[++i]);
		else if (!strcmp(argv[i], "--max-outside") && i + 1 < argc)
			max_outside = atol(argv[++i]);
		else if (!strcmp(argv[i], "--max-mainland") && i + 1 < argc)
			max_mainland = atol(argv[++i]);
		else {
			usage();
			return 2;
		}
	}
	if (argc - i < 2) {
		usage();
		return 2;
	}
	const char *data = argv[i], *sentences = argv[i + 1];
	i += 2;
	tw_lexicon *lex;
	tw_profile *conv[3] = {NULL, NULL, NULL}; /* none, hk2s, hk2s-std */
	tw_error err = {0};
	if (tw_lexicon_open(&lex, data, &err)) {
		fprintf(stderr, "cantonese_measure: %s\n", err.message);
		return 2;
	}
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = data;
	if (tw_profile_open(&conv[1], "hk2s", &po, &err) ||
	    tw_profile_open(&conv[2], "hk2s-std", &po, &err)) {
		fprintf(stderr, "cantonese_measure: %s\n", err.message);
		tw_profile_free(conv[1]);
		tw_lexicon_free(lex);
		return 2;
	}
	g_lex = lex;
	g_opts = (tw_check_options)TW_CHECK_OPTIONS_INIT;
	g_opts.families = TW_FAMILY_CANTONESE;
	int rc = 0;
	size_t len;
	char *buf = slurp(sentences, &len);
	tally t[3] = {{0}, {0}, {0}};
	const char *names[3] = {"Traditional", "Simplified (stock hk2s)", "Simplified (hk2s-std)"};
	for (int s = 0; buf && s < 3 && !rc; s++) {
		char *copy = malloc(len + 1);
		if (!copy) {
			rc = 2;
			break;
		}
		memcpy(copy, buf, len + 1);
		size_t lineno = 0;
		for (char *line = copy; line && *line && !rc;) {
			char *nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			lineno++;
			if (*line && *line != '#' && check_sentence(line, conv[s], &t[s])) {
				fprintf(stderr, "cantonese_measure: %s:%zu: unbalanced or empty mark\n",
				        sentences, lineno);
				rc = 2;
			}
			line = nl ? nl + 1 : NULL;
		}
		free(copy);
		if (!rc) {
			double share = t[s].marks ? (double)t[s].found / (double)t[s].marks : 0;
			printf("%s: %zu of %zu marked Cantonese items found (%.1f%%) in %zu sentences, "
			       "%zu findings outside the marks\n",
			       names[s], t[s].found, t[s].marks, 100 * share, t[s].sentences,
			       t[s].outside);
			if ((min_share >= 0 && share < min_share) ||
			    (max_outside >= 0 && (long)t[s].outside > max_outside))
				rc = 1;
		}
	}
	if (!buf)
		rc = 2;
	free(buf);
	for (; i < argc && rc != 2; i++) {
		int words = !strcmp(argv[i], "--words");
		if (words && ++i == argc) {
			usage();
			rc = 2;
			break;
		}
		size_t lines;
		long n = mainland(argv[i], words, &lines);
		if (n < 0) {
			rc = 2;
			break;
		}
		printf("%s %s: %ld Cantonese findings in %zu lines\n",
		       words ? "Word list" : "Standard text", argv[i], n, lines);
		if (max_mainland >= 0 && n > max_mainland && rc == 0)
			rc = 1;
	}
	tw_profile_free(conv[1]);
	tw_profile_free(conv[2]);
	tw_lexicon_free(lex);
	return rc;
}
