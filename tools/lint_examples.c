/* twdict lint: the example sentences of dicts/examples/<domain>.txt.
 *
 * Each sentence is converted with hk2cn. The entries occurring in it are
 * found leftmost-longest among all term keys (an entry inside a longer
 * entry's occurrence is that longer entry's business), and each occurrence
 * must come out as the entry's result: this is where segmentation (a
 * TSPhrases word straddling the entry) or a longer entry overriding a
 * shorter one shows up. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "convert.h"
#include "dict.h"
#include "utf8.h"
#include "lint.h"

typedef struct keys {
	tw_dict dict;   /* term key -> index into ts (as decimal text) */
	char *numbers;  /* the values' storage */
	unsigned char *covered; /* per entry: has an occurrence in its own domain's file */
	size_t *seen;   /* per entry: occurrences in a corpus (lint_corpus) */
} keys;

static int cmp_entry(const void *a, const void *b)
{
	const dict_entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	/* Equal keys: the first in reading order (values are increasing). */
	return c ? c : (x->val > y->val) - (x->val < y->val);
}

#define SEG_WORD '-' /* the value of a word that segments whole */

static int keys_build(keys *k, const term_set *ts, tw_error *err)
{
	memset(k, 0, sizeof *k);
	dict_entry *v = calloc(ts->n + ts->n_seg_words + 1, sizeof *v);
	k->numbers = malloc(ts->n * 21 + 2);
	k->covered = calloc(ts->n + 1, 1);
	k->seen = calloc(ts->n + 1, sizeof *k->seen);
	if (!v || !k->numbers || !k->covered || !k->seen) {
		free(v);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	size_t n = 0;
	for (size_t i = 0; i < ts->n; i++) {
		if (ts->v[i].act == ACT_CANTONESE)
			continue;
		char *num = k->numbers + i * 21;
		int len = snprintf(num, 21, "%zu", i);
		v[n++] = (dict_entry){ts->v[i].source, strlen(ts->v[i].source), num, (size_t)len, 0};
	}
	/* The words of segment/words.txt segment whole in hk2cn, so they take
	 * their characters from any key starting inside them (吸引 + 數萬 holds
	 * no 引數): SEG_WORD, stored after every index, so that a key that is
	 * also such a word sorts first and stays a key. */
	char *seg = k->numbers + ts->n * 21;
	seg[0] = SEG_WORD;
	for (size_t i = 0; i < ts->n_seg_words; i++)
		v[n++] = (dict_entry){ts->seg_words[i], strlen(ts->seg_words[i]), seg, 1, 0};
	qsort(v, n, sizeof *v, cmp_entry);
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (!w || strcmp(v[i].key, v[w - 1].key))
			v[w++] = v[i];
	unsigned char *img;
	size_t size;
	int rc = dict_build(&img, &size, v, w, err);
	free(v);
	if (!rc)
		rc = dict_open_image(&k->dict, img, size, "term keys", err);
	return rc;
}

/* The dictionary's values are not NUL-terminated: a value is read to its
 * length, not to the first byte that is not a digit. */
static size_t match_index(const dict_match *m)
{
	size_t idx = 0;
	for (size_t i = 0; i < m->val_len; i++)
		idx = idx * 10 + (size_t)(m->val[i] - '0');
	return idx;
}

static void keys_free(keys *k)
{
	if (k->dict.image)
		dict_close(&k->dict);
	free(k->numbers);
	free(k->covered);
	free(k->seen);
}

/* Maps source byte p (a boundary of an occurrence: at_end says whether it
 * ends one) to the output; 0 when p falls inside a span converted as a whole. */
static int map_pos(const tw_span *sp, size_t n, size_t p, int at_end, size_t *out)
{
	for (size_t i = 0; i < n; i++) {
		size_t s = sp[i].src_off, e = s + sp[i].src_len;
		if (at_end ? !(s < p && p <= e) : !(s <= p && p < e))
			continue;
		if (p == s) {
			*out = sp[i].dst_off;
			return 1;
		}
		if (p == e) {
			*out = sp[i].dst_off + sp[i].dst_len;
			return 1;
		}
		if (sp[i].step < 0) {
			*out = sp[i].dst_off + (p - s);
			return 1;
		}
		return 0;
	}
	return 0;
}

static int check_sentence(lint *L, keys *k, const char *path, size_t lineno, const char *domain,
                          const char *s, size_t len)
{
	char *out;
	size_t out_len, n_spans;
	tw_span *spans;
	tw_error err = {0};
	if (tw_convert_aligned(&out, &out_len, &spans, &n_spans, L->hk2cn, s, len, &err)) {
		fprintf(stderr, "twdict lint: %s:%zu: %s\n", path, lineno, err.message);
		return 2;
	}
	L->sentences++;
	size_t seg_end = 0; /* the end of the last segment word met */
	for (size_t pos = 0; pos < len;) {
		size_t l1;
		uint32_t cp = utf8_decode((const unsigned char *)s + pos, len - pos, &l1);
		dict_match m;
		if (!dict_longest(&k->dict, (const unsigned char *)s + pos, len - pos, cp, l1, &m)) {
			pos += l1;
			continue;
		}
		if (m.val[0] == SEG_WORD) {
			/* keys starting inside it are counted as seen, not checked */
			seg_end = pos + m.key_len;
			pos += l1;
			continue;
		}
		size_t idx = match_index(&m);
		const term *t = &L->ts.v[idx];
		L->occurrences++;
		k->seen[idx]++;
		if (domain && !strcmp(t->domain, domain))
			k->covered[idx] = 1;
		if (pos < seg_end) { /* hk2cn converts the word whole */
			pos += m.key_len;
			continue;
		}
		/* One sense per document wrote a core its frame rows rewrote
		 * elsewhere in the text (dicts/sense/spread.tsv decides where). */
		int spread = 0;
		for (size_t i = 0; i < n_spans && !spread; i++)
			spread = spans[i].dict && !strcmp(spans[i].dict, "tongwen_spread") &&
			         spans[i].src_off < pos + m.key_len &&
			         spans[i].src_off + spans[i].src_len > pos;
		if (spread) {
			L->spread++;
			pos += m.key_len;
			continue;
		}
		const char *want = lint_expected(t);
		/* The name guard keeps a convert entry from rewriting inside a
		 * name: there the phrase is converted character by character. */
		for (size_t i = 0; i < n_spans; i++)
			if (spans[i].guard && spans[i].src_off < pos + m.key_len &&
			    spans[i].src_off + spans[i].src_len > pos) {
				want = t->simp;
				L->guarded++;
				break;
			}
		size_t a, b;
		if (!map_pos(spans, n_spans, pos, 0, &a) || !map_pos(spans, n_spans, pos + m.key_len, 1, &b))
			lint_problem(L, path, lineno,
			             "%s (%s:%zu) is not converted as a unit: a conversion straddles its "
			             "edge (segmentation), expected %s",
			             t->source, t->file, t->line, want);
		else if (b - a != strlen(want) || memcmp(out + a, want, b - a))
			lint_problem(L, path, lineno, "%s (%s:%zu, %s) came out as %.*s, expected %s",
			             t->source, t->file, t->line, action_name(t->act), (int)(b - a), out + a,
			             want);
		pos += m.key_len;
	}
	tw_free(out);
	tw_free(spans);
	return 0;
}

/* domain NULL: a corpus file, whose lines need not be sentences of ours. */
static int check_file(lint *L, keys *k, const char *path, const char *domain)
{
	char *text;
	size_t len, bad;
	tw_error err = {0};
	if (read_file(&text, &len, path, 64u << 20, &err)) {
		fprintf(stderr, "twdict lint: %s\n", err.message);
		return 2;
	}
	if (tw_utf8_validate(text, len, &bad)) {
		fprintf(stderr, "twdict lint: %s: invalid UTF-8 at byte offset %zu\n", path, bad);
		free(text);
		return 2;
	}
	int rc = 0;
	size_t lineno = 0;
	for (char *line = text; !rc && line < text + len;) {
		char *nl = memchr(line, '\n', (size_t)(text + len - line));
		size_t n = nl ? (size_t)(nl - line) : (size_t)(text + len - line);
		lineno++;
		if (n && line[n - 1] == '\r' && domain)
			lint_problem(L, path, lineno, "carriage return in line");
		else if (n && line[0] != '#') {
			/* Copy pasted from PDFs holds compatibility ideographs that
			 * the engine normalises before it matches keys: so does this. */
			convert_normalise_in_place(L->hk2cn, line, n);
			rc = check_sentence(L, k, path, lineno, domain, line, n);
		}
		line += n + 1;
	}
	free(text);
	return rc;
}

static int has_domain(const term_set *ts, const char *domain)
{
	for (size_t i = 0; i < ts->n; i++)
		if (ts->v[i].act != ACT_CANTONESE && !strcmp(ts->v[i].domain, domain))
			return 1;
	return 0;
}

/* Does the entry's text occur in its domain's examples at all (to tell
 * "missing" from "only inside longer entries")? */
static int occurs_in(const char *dir, const term *t)
{
	char name[256];
	snprintf(name, sizeof name, "%s.txt", t->domain);
	char *path = path_join(dir, name), *text = NULL;
	size_t len;
	tw_error err = {0};
	int found = path && !read_file(&text, &len, path, 64u << 20, &err) && strstr(text, t->source);
	free(text);
	free(path);
	return found;
}

int lint_examples(lint *L)
{
	keys k;
	tw_error err = {0};
	char *dir = path_join(L->dicts, "examples");
	if (!dir || keys_build(&k, &L->ts, &err)) {
		fprintf(stderr, "twdict lint: %s\n", dir ? err.message : "out of memory");
		free(dir);
		return 2;
	}
	int rc = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && !rc && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l <= 4 || strcmp(e->d_name + l - 4, ".txt"))
			continue;
		char domain[256];
		snprintf(domain, sizeof domain, "%.*s", (int)(l - 4), e->d_name);
		char *path = path_join(dir, e->d_name);
		if (!path) {
			rc = 2;
			break;
		}
		if (!has_domain(&L->ts, domain))
			lint_problem(L, path, 1, "no term table terms/%s.tsv for these examples", domain);
		rc = check_file(L, &k, path, domain);
		free(path);
	}
	if (d)
		closedir(d);
	for (size_t i = 0; !rc && i < L->ts.n; i++) {
		const term *t = &L->ts.v[i];
		if ((t->act == ACT_KEEP || t->act == ACT_REVIEW) && !k.covered[i])
			lint_problem(L, t->file, t->line, "%s entry %s has no example sentence in examples/%s.txt%s",
			             action_name(t->act), t->source, t->domain,
			             occurs_in(dir, t) ? " (it occurs there only inside longer entries)" : "");
	}
	keys_free(&k);
	free(dir);
	return rc;
}

/* Every .txt file under dir, in directory order, sorted per folder so the
 * report reads the same on every machine. */
static int corpus_walk(lint *L, keys *k, const char *dir, size_t *files, int depth)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "twdict lint: %s: cannot read the folder\n", dir);
		return 2;
	}
	int rc = 0;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t l = strlen(name);
		char *path = name[0] == '.' ? NULL : path_join(dir, name);
		struct stat st;
		if (path && !rc && !lstat(path, &st)) {
			if (S_ISDIR(st.st_mode) && depth < 16)
				rc = corpus_walk(L, k, path, files, depth + 1);
			else if (S_ISREG(st.st_mode) && l > 4 && !strcmp(name + l - 4, ".txt")) {
				rc = check_file(L, k, path, NULL);
				(*files)++;
			}
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

int lint_corpus(lint *L, const char *dir)
{
	keys k;
	tw_error err = {0};
	if (keys_build(&k, &L->ts, &err)) {
		fprintf(stderr, "twdict lint: %s\n", err.message);
		return 2;
	}
	size_t files = 0, occ0 = L->occurrences, guarded0 = L->guarded, spread0 = L->spread;
	int rc = corpus_walk(L, &k, dir, &files, 0);
	/* Productive rows: how many of their compounds the corpus holds. */
	size_t rows = 0, expansions = 0, seen = 0, rows_unseen = 0;
	for (size_t i = 0; !rc && i < L->ts.n;) {
		const term *t = &L->ts.v[i];
		size_t j = i, row_seen = 0;
		while (j < L->ts.n && L->ts.v[j].line == t->line && L->ts.v[j].file == t->file)
			row_seen += k.seen[j] != 0, j++;
		if (strchr(t->row, '{') && t->act == ACT_CONVERT) {
			rows++;
			expansions += j - i;
			seen += row_seen;
			if (!row_seen) {
				rows_unseen++;
				printf("%s:%zu: note: no compound of productive entry %s occurs in the corpus\n",
				       t->file, t->line, t->row);
			}
		}
		i = j;
	}
	if (!rc)
		printf("twdict lint: corpus %s: %zu files, %zu entry occurrences (%zu inside names the "
		       "guard protects, %zu spread by one sense per document), each converted as its "
		       "entry says or reported above; productive convert entries: %zu rows, %zu of %zu "
		       "compounds seen, %zu rows with none\n",
		       dir, files, L->occurrences - occ0, L->guarded - guarded0, L->spread - spread0,
		       rows, seen, expansions, rows_unseen);
	keys_free(&k);
	return rc;
}
