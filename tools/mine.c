/* twdict mine: the words hk2cn leaves in place that Mainland usage does not
 * know, ranked by frequency, for review into the lexicon.
 *
 *   twdict mine --data-dir DIR --jieba dict.txt --essay essay.txt
 *               [--dicts DIR] [--min-count N] [--profile NAME] [--overrepresented RATIO]
 *               [--out FILE] CORPUS…
 *
 * Each corpus file (or every *.txt file under a corpus directory) is
 * converted with hk2cn (or --profile). The converted text is segmented by the most
 * probable path over a unigram model of Mainland usage (jieba's dictionary
 * of ~350,000 words with frequencies), Rime's general Traditional word list
 * (essay.txt, written in Mainland characters by hk2s-std) and the lexicon's
 * forms. A candidate is a word of two or more characters on that path that
 * jieba does not know — a word of the Traditional-world vocabulary, or of
 * the lexicon — or a run of two to four characters the model knows only one
 * by one and that recurs (an unknown word). With --overrepresented RATIO,
 * also the words jieba knows that the corpus uses RATIO times as often as
 * jieba's counts (资讯, 检视: regional wording a Mainland dictionary also
 * lists). Output, sorted by count:
 *   word TAB count TAB documents TAB kind TAB source form TAB decided
 * kind: "essay" (known to Rime, not to jieba), "lexicon", "unknown",
 * "overrepresented";
 * source form: the text the word came from, before conversion; decided:
 * how the lexicon decides it (convert, review, keep, cantonese, name, ok)
 * or "-". With --dicts, the decisions are read from the term tables,
 * gazetteers and dicts/mined/ok*.tsv, and the share decided is printed. */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dict.h"
#include "internal.h"
#include "lexicon.h"
#include "twdict.h"
#include "utf8.h"

#define MAX_WORD_CHARS 8

/* A growing string → value table on top of a sorted array built once. */
typedef struct wentry {
	char *word;
	double freq;
	unsigned src; /* 1 jieba, 2 essay, 4 lexicon */
} wentry;

typedef struct wvec {
	wentry *v;
	size_t n, cap;
} wvec;

static int wpush(wvec *w, const char *s, size_t n, double f, unsigned src)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 4096;
		wentry *v = realloc(w->v, cap * sizeof *v);
		if (!v)
			return -1;
		w->v = v;
		w->cap = cap;
	}
	char *k = str_dup_n(s, n);
	if (!k)
		return -1;
	w->v[w->n++] = (wentry){k, f, src};
	return 0;
}

static int cmp_went(const void *a, const void *b)
{
	return strcmp(((const wentry *)a)->word, ((const wentry *)b)->word);
}

/* Merges duplicates (sums frequencies, ors sources) after sorting. */
static void wmerge(wvec *w)
{
	qsort(w->v, w->n, sizeof *w->v, cmp_went);
	size_t o = 0;
	for (size_t i = 0; i < w->n; i++) {
		if (o && !strcmp(w->v[o - 1].word, w->v[i].word)) {
			if (w->v[i].src & 1)
				w->v[o - 1].freq = w->v[i].freq; /* jieba's count wins */
			w->v[o - 1].src |= w->v[i].src;
			free(w->v[i].word);
			continue;
		}
		w->v[o++] = w->v[i];
	}
	w->n = o;
}

static wentry *wfind(const wvec *w, const char *s, size_t n)
{
	char key[MAX_WORD_CHARS * 4 + 1];
	if (n >= sizeof key)
		return NULL;
	memcpy(key, s, n);
	key[n] = '\0';
	wentry probe = {key, 0, 0};
	return bsearch(&probe, w->v, w->n, sizeof *w->v, cmp_went);
}

/* Candidates counted over the corpus. */
typedef struct cand {
	char *word, *source;
	size_t count, docs, last_doc;
	int kind; /* 0 essay, 1 lexicon, 2 unknown */
} cand;

typedef struct cvec {
	cand *v;
	size_t n, cap;
	/* open addressing on word */
	size_t *slots;
	size_t n_slots;
} cvec;

static uint32_t hash_s(const char *s, size_t n)
{
	return dict_hash((const unsigned char *)s, n);
}

static int cgrow(cvec *c)
{
	size_t ns = c->n_slots ? c->n_slots * 2 : 1 << 16;
	size_t *sl = malloc(ns * sizeof *sl);
	if (!sl)
		return -1;
	for (size_t i = 0; i < ns; i++)
		sl[i] = SIZE_MAX;
	for (size_t i = 0; i < c->n; i++) {
		size_t h = hash_s(c->v[i].word, strlen(c->v[i].word)) & (ns - 1);
		while (sl[h] != SIZE_MAX)
			h = (h + 1) & (ns - 1);
		sl[h] = i;
	}
	free(c->slots);
	c->slots = sl;
	c->n_slots = ns;
	return 0;
}

static int cadd(cvec *c, const char *w, size_t n, int kind, const char *src, size_t src_len,
                size_t doc)
{
	if ((c->n + 1) * 2 > c->n_slots && cgrow(c))
		return -1;
	size_t h = hash_s(w, n) & (c->n_slots - 1);
	while (c->slots[h] != SIZE_MAX) {
		cand *x = &c->v[c->slots[h]];
		if (strlen(x->word) == n && !memcmp(x->word, w, n)) {
			x->count++;
			if (x->last_doc != doc) {
				x->docs++;
				x->last_doc = doc;
			}
			return 0;
		}
		h = (h + 1) & (c->n_slots - 1);
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 4096;
		cand *v = realloc(c->v, cap * sizeof *v);
		if (!v)
			return -1;
		c->v = v;
		c->cap = cap;
	}
	char *word = str_dup_n(w, n), *source = str_dup_n(src, src_len);
	if (!word || !source) {
		free(word);
		free(source);
		return -1;
	}
	c->v[c->n] = (cand){word, source, 1, 1, doc, kind};
	c->slots[h] = c->n++;
	return 0;
}

typedef struct miner {
	wvec vocab;
	tw_dict prefix; /* every vocabulary word and prefix, for the walk */
	double total;
	tw_profile *hk2cn;
	cvec cands;
	size_t docs;
	size_t tokens; /* words on the segmentation paths */
	double over;   /* --overrepresented: ratio, 0 = off */
} miner;

/* Source text of out[a, b) through the alignment. */
static void source_of(const tw_span *sp, size_t ns, size_t a, size_t b, size_t *sa, size_t *sb)
{
	*sa = *sb = 0;
	int have = 0;
	for (size_t i = 0; i < ns; i++) {
		size_t d0 = sp[i].dst_off, d1 = d0 + sp[i].dst_len;
		if (d1 <= a || d0 >= b)
			continue;
		size_t s0 = sp[i].src_off, s1 = s0 + sp[i].src_len;
		/* Inside an unchanged span bytes map one to one. */
		if (sp[i].step < 0) {
			s0 += (a > d0 ? a - d0 : 0);
			s1 -= (d1 > b ? d1 - b : 0);
		}
		if (!have || s0 < *sa)
			*sa = s0;
		if (!have || s1 > *sb)
			*sb = s1;
		have = 1;
	}
}

/* Is w[0..n) made of Mainland words — jieba words of two or more
 * characters, or single characters common enough to be grammar (本办法 is
 * 本 + 办法, 通信服务 is 通信 + 服务)? Such phrases of Rime's list are
 * ordinary Mainland Chinese, not regional words. */
static int compositional(const miner *m, const char *w, size_t n)
{
	/* best[i]: w[0..i) splits so; at most 32 characters. */
	size_t offs[33], nc = 0;
	for (size_t p = 0; p < n && nc < 32;) {
		offs[nc++] = p;
		p += utf8_seqlen((unsigned char)w[p]);
	}
	offs[nc] = n;
	int ok[33] = {1};
	for (size_t i = 0; i < nc; i++) {
		if (!ok[i])
			continue;
		for (size_t j = i + 1; j <= nc; j++) {
			if (i == 0 && j == nc)
				continue; /* the whole word is not a part */
			wentry *e = wfind(&m->vocab, w + offs[i], offs[j] - offs[i]);
			if (e && (e->src & 1) && (j - i >= 2 || e->freq > 20000))
				ok[j] = 1;
		}
	}
	return ok[nc];
}

/* A run of single characters [s, e) (character indices) of two to four
 * characters is an unknown-word candidate. */
static int flush_run(miner *m, const char *out, const size_t *offs, size_t s, size_t e,
                     const char *src, const tw_span *sp, size_t ns)
{
	if (s == SIZE_MAX || e - s < 2 || e - s > 4)
		return 0;
	size_t sa, sb;
	source_of(sp, ns, offs[s], offs[e], &sa, &sb);
	return cadd(&m->cands, out + offs[s], offs[e] - offs[s], 2, src + sa, sb - sa, m->docs);
}

/* Segments one Han run text[a, b) (converted text) and counts candidates. */
static int mine_run(miner *m, const char *out, size_t a, size_t b, const char *src,
                    const tw_span *sp, size_t ns)
{
	size_t nchar = 0, offs[4096];
	for (size_t p = a; p < b && nchar < 4095;) {
		offs[nchar++] = p;
		p += utf8_seqlen((unsigned char)out[p]);
	}
	offs[nchar] = b;
	if (nchar > 4095)
		return 0;
	double best[4096];
	size_t back[4096];
	best[0] = 0;
	for (size_t j = 1; j <= nchar; j++)
		best[j] = INFINITY;
	double unk = log(m->total) + 5; /* an unknown single character */
	for (size_t i = 0; i < nchar; i++) {
		if (best[i] == INFINITY)
			continue;
		/* A single character: its frequency, else the unknown cost. */
		for (size_t j = i + 1; j <= nchar && j - i <= MAX_WORD_CHARS; j++) {
			const char *w = out + offs[i];
			size_t n = offs[j] - offs[i];
			const twd_slot *sl = dict_find(&m->prefix, (const unsigned char *)w, n);
			if (!sl && j > i + 1)
				break;
			double cost;
			wentry *e = sl && (sl->flags & TWD_KEY) ? wfind(&m->vocab, w, n) : NULL;
			if (e)
				cost = log(m->total) - log(e->freq + 1);
			else if (j == i + 1)
				cost = unk;
			else
				continue;
			if (best[i] + cost < best[j]) {
				best[j] = best[i] + cost;
				back[j] = i;
			}
			if (sl && !(sl->flags & TWD_PREFIX))
				break;
		}
	}
	/* Walk the path back; collect words and runs of single characters. */
	size_t cuts[4097], nc = 0;
	for (size_t j = nchar; j > 0; j = back[j])
		cuts[nc++] = j;
	cuts[nc++] = 0;
	/* rs: start of a run of single characters that are not common words on
	 * their own (的, 在, 是 … end a run: they are grammar, not a word). */
	size_t rs = SIZE_MAX;
	for (size_t k = nc - 1; k > 0; k--) {
		size_t i = cuts[k], j = cuts[k - 1];
		const char *w = out + offs[i];
		size_t n = offs[j] - offs[i];
		int single = j == i + 1;
		wentry *e = wfind(&m->vocab, w, n);
		if (single && !(e && (e->src & 1) && e->freq > 20000)) {
			if (rs == SIZE_MAX)
				rs = i;
			continue;
		}
		if (flush_run(m, out, offs, rs, i, src, sp, ns))
			return -1;
		rs = SIZE_MAX;
		m->tokens++;
		if (!single && e && (e->src & 1) && m->over > 0) {
			/* A Mainland word, counted to compare its frequency here with
			 * jieba's (--overrepresented). */
			size_t sa, sb;
			source_of(sp, ns, offs[i], offs[j], &sa, &sb);
			if (cadd(&m->cands, w, n, 3, src + sa, sb - sa, m->docs))
				return -1;
			continue;
		}
		if (single || !e || (e->src & 1) || compositional(m, w, n))
			continue; /* Mainland usage */
		size_t sa, sb;
		source_of(sp, ns, offs[i], offs[j], &sa, &sb);
		if (cadd(&m->cands, w, n, (e->src & 4) ? 1 : 0, src + sa, sb - sa, m->docs))
			return -1;
	}
	if (flush_run(m, out, offs, rs, nchar, src, sp, ns))
		return -1;
	return 0;
}

static int mine_text(miner *m, const char *path)
{
	char *text;
	size_t len, bad;
	tw_error err = {0};
	if (read_file(&text, &len, path, 64u << 20, &err)) {
		fprintf(stderr, "twdict mine: %s\n", err.message);
		return -1;
	}
	if (tw_utf8_validate(text, len, &bad)) {
		fprintf(stderr, "twdict mine: %s: invalid UTF-8 at byte offset %zu (skipped)\n", path,
		        bad);
		free(text);
		return 0;
	}
	char *out;
	size_t out_len, ns;
	tw_span *sp;
	if (tw_convert_aligned(&out, &out_len, &sp, &ns, m->hk2cn, text, len, &err)) {
		fprintf(stderr, "twdict mine: %s: %s\n", path, err.message);
		free(text);
		return -1;
	}
	m->docs++;
	int rc = 0;
	for (size_t p = 0; p < out_len && !rc;) {
		size_t l;
		uint32_t cp = utf8_decode((const unsigned char *)out + p, out_len - p, &l);
		if (!utf8_is_han(cp)) {
			p += l;
			continue;
		}
		size_t a = p;
		while (p < out_len) {
			cp = utf8_decode((const unsigned char *)out + p, out_len - p, &l);
			if (!utf8_is_han(cp))
				break;
			p += l;
		}
		rc = mine_run(m, out, a, p, text, sp, ns);
	}
	tw_free(out);
	tw_free(sp);
	free(text);
	return rc;
}

static int mine_path(miner *m, const char *path)
{
	struct stat st;
	if (stat(path, &st)) {
		fprintf(stderr, "twdict mine: cannot read %s\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return mine_text(m, path);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	char **names = NULL;
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char **g = realloc(names, (n + 1) * sizeof *g);
		if (!g)
			break;
		names = g;
		names[n++] = path_join(path, e->d_name);
	}
	closedir(d);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat s2;
		size_t l = names[i] ? strlen(names[i]) : 0;
		if (!rc && names[i] && !stat(names[i], &s2) &&
		    (S_ISDIR(s2.st_mode) || (l > 4 && !strcmp(names[i] + l - 4, ".txt"))))
			rc = mine_path(m, names[i]);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* Vocabulary: jieba (word freq pos), essay (word TAB weight) written in
 * Mainland characters, lexicon forms. */
static int load_vocab(miner *m, const char *jieba, const char *essay, const tw_profile *std,
                      const char *lexicon)
{
	char *text;
	size_t len;
	tw_error err = {0};
	if (read_file(&text, &len, jieba, 64u << 20, &err))
		return fprintf(stderr, "twdict mine: %s\n", err.message), -1;
	for (char *cur = text, *line; (line = text_next_line(&cur));) {
		char *sp = strchr(line, ' ');
		if (!sp)
			continue;
		double f = atof(sp + 1);
		m->total += f;
		if (wpush(&m->vocab, line, (size_t)(sp - line), f, 1))
			return free(text), -1;
	}
	free(text);
	if (read_file(&text, &len, essay, 64u << 20, &err))
		return fprintf(stderr, "twdict mine: %s\n", err.message), -1;
	/* Words one per line, converted in one call, weights kept aside. */
	buf words = {0};
	size_t nw = 0;
	double *wt = NULL;
	for (char *cur = text, *line; (line = text_next_line(&cur));) {
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		double *g = nw % 4096 ? wt : realloc(wt, (nw + 4096) * sizeof *wt);
		if (!g || buf_append(&words, line, (size_t)(tab - line)) || buf_append(&words, "\n", 1))
			return free(text), -1;
		wt = g;
		/* essay weights run about 3x jieba's counts */
		wt[nw++] = atof(tab + 1) / 3.0;
	}
	free(text);
	char *conv;
	size_t cl;
	if (tw_convert(&conv, &cl, std, words.data, words.len, &err))
		return fprintf(stderr, "twdict mine: %s\n", err.message), -1;
	buf_release(&words);
	size_t i = 0;
	for (char *cur = conv, *line; i < nw && (line = text_next_line(&cur)); i++) {
		if (wpush(&m->vocab, line, strlen(line), wt[i], 2))
			return tw_free(conv), free(wt), -1;
	}
	tw_free(conv);
	free(wt);
	if (read_file(&text, &len, lexicon, 64u << 20, &err))
		return fprintf(stderr, "twdict mine: %s\n", err.message), -1;
	for (char *cur = text, *line; (line = text_next_line(&cur));) {
		if (line[0] == '#')
			continue;
		size_t n = strcspn(line, "\t");
		if (n && wpush(&m->vocab, line, n, 100, 4))
			return free(text), -1;
	}
	free(text);
	wmerge(&m->vocab);
	dict_entry *de = calloc(m->vocab.n + 1, sizeof *de);
	if (!de)
		return -1;
	size_t nd = 0;
	for (size_t k = 0; k < m->vocab.n; k++) {
		size_t n = strlen(m->vocab.v[k].word);
		if (n && n <= MAX_WORD_CHARS * 4)
			de[nd++] = (dict_entry){m->vocab.v[k].word, n, "1", 1, 0};
	}
	unsigned char *img;
	size_t size;
	int rc = dict_build(&img, &size, de, nd, &err) ||
	         dict_open_image(&m->prefix, img, size, "vocabulary", &err);
	free(de);
	if (rc)
		fprintf(stderr, "twdict mine: %s\n", err.message);
	return rc ? -1 : 0;
}

/* Decisions: lexicon forms (any action), gazetteer names, ok lists. */
static const char *decision_of(const tw_dict *dec, const char *w, const char *src)
{
	static const char *const names[] = {"convert", "review", "keep", "cantonese", "name", "ok"};
	const char *ws[2] = {w, src};
	for (int k = 0; k < 2; k++) {
		const twd_slot *sl = dict_find(dec, (const unsigned char *)ws[k], strlen(ws[k]));
		if (!sl || !(sl->flags & TWD_KEY))
			continue;
		for (size_t i = 0; i < sizeof names / sizeof *names; i++)
			if (strlen(names[i]) == sl->val_len &&
			    !memcmp(names[i], dec->pool + sl->val_off, sl->val_len))
				return names[i];
	}
	return NULL;
}

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->word, y->word);
}

int cmd_mine(int argc, char **argv)
{
	const char *data = tool_arg(argc, argv, "--data-dir"), *jieba = tool_arg(argc, argv, "--jieba");
	const char *essay = tool_arg(argc, argv, "--essay"), *dicts = tool_arg(argc, argv, "--dicts");
	const char *outp = tool_arg(argc, argv, "--out"), *mc = tool_arg(argc, argv, "--min-count");
	const char *profile = tool_arg(argc, argv, "--profile");
	size_t min_count = mc ? (size_t)strtoul(mc, NULL, 10) : 3;
	const char *ov = tool_arg(argc, argv, "--overrepresented");
	if (!data || !jieba || !essay) {
		fprintf(stderr, "usage: twdict mine --data-dir DIR --jieba dict.txt --essay essay.txt "
		                "[--dicts DIR] [--min-count N] [--profile NAME] [--out FILE] CORPUS…\n");
		return 2;
	}
	miner m = {0};
	m.over = ov ? atof(ov) : 0;
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = data;
	tw_profile *std = NULL;
	tw_error err = {0};
	char *lexicon = path_join(data, "lexicon.tsv");
	if (!lexicon || tw_profile_open(&m.hk2cn, profile ? profile : "hk2cn", &po, &err) ||
	    tw_profile_open(&std, "hk2s-std", &po, &err)) {
		fprintf(stderr, "twdict mine: %s\n", err.message);
		return 2;
	}
	int rc = load_vocab(&m, jieba, essay, std, lexicon);
	tw_dict dec = {0};
	int have_dec = 0;
	if (!rc && dicts) {
		rc = mine_decisions(&dec, dicts, lexicon);
		have_dec = !rc;
	}
	int files = 0;
	for (int i = 1; i < argc && !rc; i++) {
		if (argv[i][0] == '-' && argv[i][1] == '-') {
			i++;
			continue;
		}
		rc = mine_path(&m, argv[i]);
		files++;
	}
	if (!rc && !files) {
		fprintf(stderr, "twdict mine: no corpus given\n");
		rc = -1;
	}
	buf b = {0};
	size_t total = 0, decided = 0;
	if (!rc) {
		qsort(m.cands.v, m.cands.n, sizeof *m.cands.v, cmp_cand);
		static const char *kinds[] = {"essay", "lexicon", "unknown", "overrepresented"};
		for (size_t i = 0; i < m.cands.n && !rc; i++) {
			cand *c = &m.cands.v[i];
			/* Unknown runs need more evidence than known words. */
			if (c->count < min_count || (c->kind == 2 && c->docs < 2))
				continue;
			if (c->kind == 3) {
				/* Mainland words used here RATIO times as often as in jieba's
				 * counts: regional wording jieba also lists (资讯, 检视). */
				wentry *e = wfind(&m.vocab, c->word, strlen(c->word));
				double here = (double)c->count / (double)(m.tokens ? m.tokens : 1);
				double there = e ? (e->freq + 1) / m.total : 1;
				if (c->docs < 2 || here < m.over * there)
					continue;
			}
			const char *d = have_dec ? decision_of(&dec, c->word, c->source) : NULL;
			total++;
			decided += d != NULL;
			char num[64];
			snprintf(num, sizeof num, "\t%zu\t%zu\t", c->count, c->docs);
			rc = buf_append(&b, c->word, strlen(c->word)) || buf_append(&b, num, strlen(num)) ||
			     buf_append(&b, kinds[c->kind], strlen(kinds[c->kind])) ||
			     buf_append(&b, "\t", 1) || buf_append(&b, c->source, strlen(c->source)) ||
			     buf_append(&b, "\t", 1) || buf_append(&b, d ? d : "-", strlen(d ? d : "-")) ||
			     buf_append(&b, "\n", 1);
		}
	}
	if (!rc) {
		char hdr[256];
		snprintf(hdr, sizeof hdr,
		         "# mined by twdict mine from %zu documents (words seen at least %zu times); "
		         "decided: the decision at mining time, twdict coverage recomputes it\n"
		         "# word\tcount\tdocuments\tkind\tsource form\tdecided\n",
		         m.docs, min_count);
		if (outp) {
			buf f = {0};
			rc = buf_append(&f, hdr, strlen(hdr)) || buf_append(&f, b.data ? b.data : "", b.len) ||
			     write_file_atomic(outp, f.data, f.len);
			buf_release(&f);
		} else {
			fputs(hdr, stdout);
			fwrite(b.data ? b.data : "", 1, b.len, stdout);
		}
	}
	if (!rc)
		fprintf(stderr,
		        "twdict mine: %zu documents, %zu candidate words (count >= %zu)%s", m.docs,
		        total, min_count, have_dec ? "" : "\n");
	if (!rc && have_dec)
		fprintf(stderr, ", %zu decided (%.1f%%)\n", decided,
		        total ? 100.0 * (double)decided / (double)total : 100.0);
	buf_release(&b);
	for (size_t i = 0; i < m.cands.n; i++) {
		free(m.cands.v[i].word);
		free(m.cands.v[i].source);
	}
	free(m.cands.v);
	free(m.cands.slots);
	for (size_t i = 0; i < m.vocab.n; i++)
		free(m.vocab.v[i].word);
	free(m.vocab.v);
	dict_close(&m.prefix);
	if (have_dec)
		dict_close(&dec);
	tw_profile_free(m.hk2cn);
	tw_profile_free(std);
	free(lexicon);
	return rc ? 2 : 0;
}

/* twdict coverage --dicts DIR --data-dir DIR: the share of the committed
 * mined lists (dicts/mined/candidates-*.tsv, written by twdict mine) that
 * the lexicon decides now. Prints one line per list and the total. */
int cmd_coverage(int argc, char **argv)
{
	const char *dicts = tool_arg(argc, argv, "--dicts"), *data = tool_arg(argc, argv, "--data-dir");
	const char *floor_s = tool_arg(argc, argv, "--at-least");
	if (!dicts || !data) {
		fprintf(stderr, "usage: twdict coverage --dicts DIR --data-dir DIR [--at-least PCT]\n");
		return 2;
	}
	char *lexicon = path_join(data, "lexicon.tsv"), *dir = path_join(dicts, "mined");
	tw_dict dec = {0};
	if (!lexicon || !dir || mine_decisions(&dec, dicts, lexicon)) {
		free(lexicon);
		free(dir);
		return 2;
	}
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t nn = 0;
	for (struct dirent *e; d && (e = readdir(d));) {
		if (strncmp(e->d_name, "candidates", 10) || !strstr(e->d_name, ".tsv"))
			continue;
		char **g = realloc(names, (nn + 1) * sizeof *g);
		if (!g)
			break;
		names = g;
		names[nn++] = path_join(dir, e->d_name);
	}
	if (d)
		closedir(d);
	size_t all = 0, all_dec = 0;
	int rc = 0;
	for (size_t i = 0; i < nn; i++) {
		char *text;
		size_t len, total = 0, decided = 0;
		tw_error err = {0};
		if (!names[i] || read_file(&text, &len, names[i], 64u << 20, &err)) {
			fprintf(stderr, "twdict coverage: %s\n", names[i] ? err.message : "out of memory");
			rc = 2;
			continue;
		}
		for (char *cur = text, *line; (line = text_next_line(&cur));) {
			if (line[0] == '#')
				continue;
			char *f[6];
			if (split_tabs(line, f, 6) < 5)
				continue;
			total++;
			decided += decision_of(&dec, f[0], f[4]) != NULL;
		}
		free(text);
		const char *base = strrchr(names[i], '/') ? strrchr(names[i], '/') + 1 : names[i];
		printf("coverage: %s: %zu of %zu mined words decided (%.1f%%)\n", base, decided, total,
		       total ? 100.0 * (double)decided / (double)total : 100.0);
		all += total;
		all_dec += decided;
	}
	double pct = all ? 100.0 * (double)all_dec / (double)all : 100.0;
	printf("coverage: all lists: %zu of %zu mined Hong Kong/Taiwan-only words decided (%.1f%%)\n",
	       all_dec, all, pct);
	if (!nn) {
		fprintf(stderr, "twdict coverage: no dicts/mined/candidates-*.tsv\n");
		rc = 2;
	}
	if (!rc && floor_s && pct + 1e-9 < atof(floor_s)) {
		fprintf(stderr, "twdict coverage: %.1f%% is below the floor of %s%%\n", pct, floor_s);
		rc = 1;
	}
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	free(lexicon);
	free(dir);
	dict_close(&dec);
	return rc;
}
