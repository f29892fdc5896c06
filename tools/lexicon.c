/* twdict lexicon: term tables -> the hk2cn dictionaries (OpenCC text format)
 * and the checker's lexicon.
 *
 * HKCNTerms.txt   convert: source -> Mainland form; keep: source -> its
 *                 Simplified form; review: source -> hk2s(source), so that a
 *                 review phrase is protected from shorter entries inside it
 * HKCNTermsTW.txt the same with the convert-tw entries' forms: the term step
 *                 of hk2cn's Taiwan register (hk2cn-tw.json)
 * HKCNSegment.txt TSPhrases keys plus every term key: OpenCC segments before
 *                 it converts, so a term must be a segment to be matched
 * HKCNPunct.txt   Mainland punctuation, copied from dicts/punct
 * lexicon.tsv     every term and Cantonese word in both scripts, for checks,
 *                 with the context of Cantonese words (hk2s applied to the
 *                 words it names for the Simplified row; a Cantonese word gets
 *                 more rows where stock hk2s or t2hk spell it otherwise:
 *                 搵 -> 揾, 爲食 -> 為食)
 *                 and the word classes contexts use (action "class": the
 *                 words in every spelling) */
#include "lexicon.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard_data.h"
#include "internal.h"
#include "spread_build.h"
#include "spelling.h"
#include "twdict.h"

const char *action_name(action a)
{
	static const char *names[] = {"convert", "review", "keep", "cantonese"};
	return names[a];
}

char *convert_str(const tw_profile *p, const char *s)
{
	char *out;
	size_t n;
	if (tw_convert(&out, &n, p, s, strlen(s), NULL))
		return NULL;
	return out;
}

size_t split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;
	while (n < max) {
		f[n++] = p;
		char *t = strchr(p, '\t');
		if (!t)
			break;
		*t = '\0';
		p = t + 1;
	}
	return n;
}

static int push(term_set *ts, term t)
{
	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 512;
		term *v = realloc(ts->v, cap * sizeof *v);
		if (!v)
			return -1;
		ts->v = v;
		ts->cap = cap;
	}
	ts->v[ts->n++] = t;
	return 0;
}

static void bad(term_set *ts, const char *file, size_t line, const char *msg)
{
	fprintf(ts->diag, "%s:%zu: %s\n", file, line, msg);
	ts->errors++;
}

/* Checks one entry's columns and adds it; a malformed entry is reported on
 * ts->diag. Returns -1 only when memory runs out. */
static int parse_entry(term_set *ts, char **f, const char *row, const char *fname,
                       size_t lineno, int cantonese, const tw_profile *hk2s)
{
	const char *base = strrchr(fname, '/') ? strrchr(fname, '/') + 1 : fname;
	size_t stem_len = strcspn(base, ".");
	term t = {0};
	t.file = fname;
	t.line = lineno;
	if (!*f[0] || strpbrk(f[0], " \t|{}=")) {
		bad(ts, fname, lineno, "empty source or a space, '|', '{', '}' or '=' in it");
		return 0;
	}
	if (!*f[1]) {
		bad(ts, fname, lineno, "empty Mainland form");
		return 0;
	}
	/* A productive row's "{}" is filled in before its expansions get
	 * here: a brace left in the Mainland form would be written as it is
	 * (户{}入住). */
	if (strpbrk(f[1], "{}")) {
		bad(ts, fname, lineno, "'{' or '}' in the Mainland form of a row whose source has no {…} group");
		return 0;
	}
	if (cantonese) {
		if (strlen(f[2]) != stem_len || strncmp(f[2], base, stem_len)) {
			bad(ts, fname, lineno, "kind column differs from the file name");
			return 0;
		}
		t.act = ACT_CANTONESE;
		t.region = str_dup_n("hk", 2);
		t.domain = str_dup_n(f[2], strlen(f[2]));
		t.note = str_dup_n(f[3], strlen(f[3]));
		/* f[4]: the context; hk2s applied to its literal words for the
		 * Simplified row (class names are ASCII and pass unchanged). */
		t.context = str_dup_n(f[4], strlen(f[4]));
		t.simp_context = *f[4] ? convert_str(hk2s, f[4]) : str_dup_n("", 0);
	} else {
		if (!strcmp(f[2], "convert"))
			t.act = ACT_CONVERT;
		else if (!strcmp(f[2], "review"))
			t.act = ACT_REVIEW;
		else if (!strcmp(f[2], "convert-tw"))
			t.act = ACT_REVIEW, t.tw_copy = 1;
		else if (!strcmp(f[2], "keep"))
			t.act = ACT_KEEP;
		else {
			bad(ts, fname, lineno, "action must be convert, convert-tw, review or keep");
			return 0;
		}
		if (strcmp(f[3], "hk") && strcmp(f[3], "tw") && strcmp(f[3], "both")) {
			bad(ts, fname, lineno, "region must be hk, tw or both");
			return 0;
		}
		if (strlen(f[4]) != stem_len || strncmp(f[4], base, stem_len)) {
			bad(ts, fname, lineno, "domain column differs from the file name");
			return 0;
		}
		if ((t.act != ACT_REVIEW || t.tw_copy) && strchr(f[1], '|')) {
			bad(ts, fname, lineno, "convert, convert-tw and keep entries take exactly one form");
			return 0;
		}
		t.region = str_dup_n(f[3], strlen(f[3]));
		t.domain = str_dup_n(f[4], strlen(f[4]));
		t.note = str_dup_n(f[5], strlen(f[5]));
	}
	t.source = str_dup_n(f[0], strlen(f[0]));
	t.mainland = str_dup_n(f[1], strlen(f[1]));
	t.simp = convert_str(hk2s, t.source);
	t.row = str_dup_n(row, strlen(row));
	if (!t.source || !t.mainland || !t.simp || !t.region || !t.domain || !t.note || !t.row ||
	    (cantonese && (!t.context || !t.simp_context)) || push(ts, t)) {
		free(t.row);
		free(t.context);
		free(t.simp_context);
		free(t.source);
		free(t.mainland);
		free(t.simp);
		free(t.region);
		free(t.domain);
		free(t.note);
		return -1;
	}
	return 0;
}

/* Replaces every "{}" in tmpl by alt. */
static char *fill_placeholder(const char *tmpl, const char *alt)
{
	buf b = {0};
	for (const char *p = tmpl; *p;) {
		const char *h = strstr(p, "{}");
		size_t n = h ? (size_t)(h - p) : strlen(p);
		if (buf_append(&b, p, n) || (h && buf_append(&b, alt, strlen(alt)))) {
			buf_release(&b);
			return NULL;
		}
		p = h ? h + 2 : p + n;
	}
	if (buf_append(&b, "", 1)) {
		buf_release(&b);
		return NULL;
	}
	return b.data;
}

/*
 * A productive entry: the source holds one group "{a|b=B|…}" and the entry
 * stands for one entry per alternative. In the Mainland column "{}" is the
 * alternative as plain character conversion writes it, or B when the
 * alternative is written "a=B". Returns NULL when the expansions were added,
 * "" on allocation failure, else what is wrong with the line.
 */
static const char *expand_group(term_set *ts, char **f, const char *fname, size_t lineno,
                                const tw_profile *hk2s)
{
	char *src = f[0];
	char *open = strchr(src, '{'), *close = strchr(src, '}');
	if (!close || close < open || strchr(open + 1, '{') || strchr(close + 1, '}'))
		return "a productive entry takes exactly one {…} group in its source";
	if (!strstr(f[1], "{}"))
		return "a productive entry needs {} in its Mainland form";
	if (open == src && close[1] == '\0')
		return "a productive entry needs a fixed part besides its {…} group";
	size_t pre = (size_t)(open - src);
	char *alts = str_dup_n(open + 1, (size_t)(close - open - 1));
	if (!alts)
		return "";
	const char *why = NULL;
	size_t count = 0;
	for (char *a = alts, *next; a && !why; a = next) {
		next = strchr(a, '|');
		if (next)
			*next++ = '\0';
		char *eq = strchr(a, '=');
		if (eq)
			*eq = '\0';
		if (strpbrk(a, " {}") || (eq && (!eq[1] || strpbrk(eq + 1, " {}|="))))
			why = "bad alternative in a {…} group";
		if (why)
			break;
		char *conv = eq ? str_dup_n(eq + 1, strlen(eq + 1)) : convert_str(hk2s, a);
		buf s = {0};
		char *ml = conv ? fill_placeholder(f[1], conv) : NULL;
		if (!ml || buf_append(&s, src, pre) || buf_append(&s, a, strlen(a)) ||
		    buf_append(&s, close + 1, strlen(close + 1) + 1)) {
			why = "";
		} else {
			char *g[6] = {s.data, ml, f[2], f[3], f[4], f[5]};
			if (!*s.data || parse_entry(ts, g, src, fname, lineno, 0, hk2s) < 0)
				why = *s.data ? "" : "empty expansion";
			count++;
		}
		free(conv);
		free(ml);
		buf_release(&s);
	}
	free(alts);
	if (!why && count < 2)
		why = "a {…} group needs at least two alternatives";
	return why;
}

static int load_file(term_set *ts, const char *path, int cantonese, const tw_profile *hk2s)
{
	char *text;
	size_t len;
	tw_error err = {0};
	if (read_file(&text, &len, path, 64u << 20, &err)) {
		fprintf(stderr, "twdict: %s\n", err.message);
		return 2;
	}
	size_t badoff;
	if (tw_utf8_validate(text, len, &badoff)) {
		fprintf(stderr, "%s: invalid UTF-8 at byte offset %zu\n", path, badoff);
		free(text);
		return 2;
	}
	char **files = realloc(ts->files, (ts->n_files + 1) * sizeof *files);
	if (!files) {
		free(text);
		return 2;
	}
	ts->files = files;
	const char *fname = ts->files[ts->n_files] = str_dup_n(path, strlen(path));
	if (!fname) {
		free(text);
		return 2;
	}
	ts->n_files++;
	size_t lineno = 0;
	for (char *cur = text, *line; (line = text_next_line(&cur));) {
		lineno++;
		if (!*line || line[0] == '#')
			continue;
		if (strchr(line, '\r')) {
			bad(ts, fname, lineno, "carriage return in line");
			continue;
		}
		char *f[7];
		size_t want = cantonese ? 4 : 6, n = 1;
		for (const char *c = line; *c; c++)
			n += *c == '\t';
		/* A Cantonese entry may add a fifth column, its context. */
		if (n != want && !(cantonese && n == 5)) {
			char msg[96];
			snprintf(msg, sizeof msg, "expected %zu tab-separated columns, found %zu",
			         cantonese ? (size_t)5 : want, n);
			bad(ts, fname, lineno, msg);
			continue;
		}
		split_tabs(line, f, n);
		static char no_context[1];
		if (cantonese && n == 4)
			f[4] = no_context;
		if (!cantonese && strchr(f[0], '{')) {
			const char *why = expand_group(ts, f, fname, lineno, hk2s);
			if (why == NULL)
				continue;
			if (!*why) {
				free(text);
				return 2;
			}
			bad(ts, fname, lineno, why);
			continue;
		}
		if (parse_entry(ts, f, f[0], fname, lineno, cantonese, hk2s)) {
			free(text);
			return 2;
		}
	}
	free(text);
	return 0;
}

/* By name; a NULL (a failed allocation) first, so that it is seen. */
static int cmp_name_null(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	return !x || !y ? (x != NULL) - (y != NULL) : strcmp(x, y);
}


/* Reads every dicts_dir/sub/NAME.tsv in name order. */
static int load_tables(term_set *ts, const char *dicts_dir, const char *sub, int cantonese,
                       const tw_profile *hk2s)
{
	char *dir = path_join(dicts_dir, sub);
	DIR *d = dir ? opendir(dir) : NULL;
	if (!d) {
		fprintf(stderr, "twdict: cannot read %s\n", dir ? dir : dicts_dir);
		free(dir);
		return 2;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l > 4 && !strcmp(e->d_name + l - 4, ".tsv")) {
			char **grown = realloc(names, (n + 1) * sizeof *names);
			if (!grown)
				break;
			names = grown;
			names[n++] = path_join(dir, e->d_name);
		}
	}
	closedir(d);
	free(dir);
	if (n)
		qsort(names, n, sizeof *names, cmp_name_null);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = names[i] ? load_file(ts, names[i], cantonese, hk2s) : 2;
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* Appends w to the '|'-separated list *words unless it is there already. */
static int add_class_word(char **words, const char *w, size_t n)
{
	size_t have = strlen(*words);
	for (const char *p = *words; *p;) {
		size_t l = strcspn(p, "|");
		if (l == n && !memcmp(p, w, n))
			return 0;
		p += l + (p[l] == '|');
	}
	char *g = realloc(*words, have + n + 2);
	if (!g)
		return -1;
	if (have)
		g[have++] = '|';
	memcpy(g + have, w, n);
	g[have + n] = '\0';
	*words = g;
	return 0;
}

/* dicts/cantonese-classes.tsv: "name<TAB>words separated by spaces<TAB>note".
 * Each word is kept as written and as hk2s writes it, so one class serves
 * both scripts. */
static int load_classes(term_set *ts, const char *dicts_dir, const tw_profile *hk2s)
{
	char *path = path_join(dicts_dir, "cantonese-classes.tsv"), *text;
	size_t len;
	tw_error err = {0};
	if (!path)
		return 2;
	if (!file_exists(path)) {
		free(path);
		return 0;
	}
	if (read_file(&text, &len, path, 1u << 20, &err)) {
		fprintf(stderr, "twdict: %s\n", err.message);
		free(path);
		return 2;
	}
	size_t badoff;
	if (tw_utf8_validate(text, len, &badoff)) {
		fprintf(stderr, "%s: invalid UTF-8 at byte offset %zu\n", path, badoff);
		free(text);
		free(path);
		return 2;
	}
	char **files = realloc(ts->files, (ts->n_files + 1) * sizeof *files);
	if (!files) {
		free(text);
		free(path);
		return 2;
	}
	ts->files = files;
	const char *fname = ts->files[ts->n_files++] = path;
	int rc = 0;
	size_t lineno = 0;
	for (char *cur = text, *line; !rc && (line = text_next_line(&cur));) {
		lineno++;
		if (!*line || line[0] == '#')
			continue;
		char *f[3] = {NULL, NULL, NULL};
		size_t n = 1;
		for (const char *c = line; *c; c++)
			n += *c == '\t';
		if (n != 3) {
			bad(ts, fname, lineno, "expected 3 tab-separated columns (class, words, note)");
			continue;
		}
		split_tabs(line, f, 3);
		word_class *v = realloc(ts->classes, (ts->n_classes + 1) * sizeof *v);
		if (!v) {
			rc = 2;
			break;
		}
		ts->classes = v;
		word_class *k = &v[ts->n_classes];
		*k = (word_class){str_dup_n(f[0], strlen(f[0])), str_dup_n("", 0), fname, lineno};
		if (!k->name || !k->words) {
			free(k->name);
			free(k->words);
			rc = 2;
			break;
		}
		ts->n_classes++;
		for (char *w = strtok(f[1], " "); w && !rc; w = strtok(NULL, " ")) {
			char *s = convert_str(hk2s, w);
			rc = !s || add_class_word(&k->words, w, strlen(w)) ||
			             add_class_word(&k->words, s, strlen(s))
			         ? 2
			         : 0;
			tw_free(s);
		}
	}
	free(text);
	return rc;
}

int terms_load(term_set *ts, const char *dicts_dir, const tw_profile *hk2s, FILE *diag)
{
	memset(ts, 0, sizeof *ts);
	ts->diag = diag;
	int rc = load_tables(ts, dicts_dir, "terms", 0, hk2s);
	if (!rc)
		rc = load_tables(ts, dicts_dir, "cantonese", 1, hk2s);
	if (!rc)
		rc = load_classes(ts, dicts_dir, hk2s);
	char *seg = path_join(dicts_dir, "segment/words.txt");
	if (!rc && (!seg || word_list_read(seg, 1, &ts->seg_text, &ts->seg_words,
	                                   &ts->n_seg_words)))
		rc = 2;
	free(seg);
	return rc;
}

void terms_free(term_set *ts)
{
	free(ts->seg_words);
	free(ts->seg_text);
	for (size_t i = 0; i < ts->n; i++) {
		term *t = &ts->v[i];
		free(t->source);
		free(t->mainland);
		free(t->region);
		free(t->domain);
		free(t->note);
		free(t->simp);
		free(t->row);
		free(t->context);
		free(t->simp_context);
	}
	free(ts->v);
	for (size_t i = 0; i < ts->n_classes; i++) {
		free(ts->classes[i].name);
		free(ts->classes[i].words);
	}
	free(ts->classes);
	for (size_t i = 0; i < ts->n_files; i++)
		free(ts->files[i]);
	free(ts->files);
	memset(ts, 0, sizeof *ts);
}

const char *term_dict_value(const term *t)
{
	return t->act == ACT_REVIEW ? t->simp : t->mainland;
}

static int appendf(buf *b, const char *fmt, ...) TW_PRINTF(2, 3);
static int appendf(buf *b, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	return n < 0 || buf_append(b, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

char *lexicon_counts(const term_set *ts)
{
	buf rep = {0};
	size_t per[4] = {0};
	int bad_alloc = 0;
	for (size_t i = 0; i < ts->n; i++)
		per[ts->v[i].act]++;
	bad_alloc |= appendf(&rep, "lexicon: %zu convert, %zu keep, %zu review, %zu cantonese\n",
	                     per[ACT_CONVERT], per[ACT_KEEP], per[ACT_REVIEW], per[ACT_CANTONESE]);
	size_t tw_copy = 0;
	for (size_t i = 0; i < ts->n; i++)
		tw_copy += ts->v[i].tw_copy;
	bad_alloc |= appendf(&rep, "of the review entries, %zu convert in Taiwan copy (convert-tw)\n",
	                     tw_copy);
	bad_alloc |= appendf(&rep, "%-12s %8s %8s %8s %10s\n", "domain", "convert", "keep",
	                     "review", "cantonese");
	/* Domains in the order their files were read (sorted by name). */
	for (size_t i = 0; i < ts->n; i++) {
		const term *t = &ts->v[i];
		if (t->act == ACT_CANTONESE || (i && !strcmp(ts->v[i - 1].domain, t->domain) &&
		                                ts->v[i - 1].act != ACT_CANTONESE))
			continue;
		size_t c[4] = {0};
		for (size_t j = i; j < ts->n && ts->v[j].act != ACT_CANTONESE &&
		                   !strcmp(ts->v[j].domain, t->domain);
		     j++)
			c[ts->v[j].act]++;
		bad_alloc |= appendf(&rep, "%-12s %8zu %8zu %8zu %10s\n", t->domain, c[ACT_CONVERT],
		                     c[ACT_KEEP], c[ACT_REVIEW], "-");
	}
	bad_alloc |= appendf(&rep, "%-12s %8s %8s %8s %10zu\n", "cantonese", "-", "-", "-",
	                     per[ACT_CANTONESE]);
	/* Cantonese entries by kind, in file order (one file per kind). */
	bad_alloc |= appendf(&rep, "cantonese by kind:");
	for (size_t i = 0; i < ts->n; i++) {
		const term *t = &ts->v[i];
		if (t->act != ACT_CANTONESE || (i && ts->v[i - 1].act == ACT_CANTONESE &&
		                                !strcmp(ts->v[i - 1].domain, t->domain)))
			continue;
		size_t k = 0;
		for (size_t j = i; j < ts->n && ts->v[j].act == ACT_CANTONESE &&
		                   !strcmp(ts->v[j].domain, t->domain);
		     j++)
			k++;
		bad_alloc |= appendf(&rep, " %s %zu", t->domain, k);
	}
	bad_alloc |= appendf(&rep, "\n");
	if (bad_alloc) {
		buf_release(&rep);
		return NULL;
	}
	return rep.data;
}

typedef struct kv {
	const char *k, *v;
	int other; /* another spelling of a key as written (spelling.h) */
} kv;

static int cmp_kv(const void *a, const void *b)
{
	const kv *x = a, *y = b;
	int c = strcmp(x->k, y->k);
	return c ? c : x->other - y->other;
}

/* Writes sorted, de-duplicated key/value lines. A key written twice with
 * different values is an error. Another spelling never displaces a key as
 * written, and one that two keys spell with different values is left out
 * (counted in counts[1]; counts[0]: the other spellings written). */
static int write_kv(const char *path, kv *v, size_t n, size_t counts[2])
{
	qsort(v, n, sizeof *v, cmp_kv);
	buf b = {0};
	int rc = 0;
	for (size_t i = 0, j; i < n; i = j) {
		int clash = 0;
		for (j = i + 1; j < n && !strcmp(v[j].k, v[i].k); j++) {
			if (v[j].other && !v[i].other)
				continue; /* the key as written wins */
			if (strcmp(v[j].v, v[i].v)) {
				if (!v[i].other) {
					fprintf(stderr, "twdict: key %s has two values: %s and %s\n",
					        v[i].k, v[i].v, v[j].v);
					rc = 2;
				}
				clash = 1;
			}
		}
		if (clash && v[i].other) {
			counts[1]++;
			continue;
		}
		counts[0] += v[i].other;
		if (buf_append(&b, v[i].k, strlen(v[i].k)) || buf_append(&b, "\t", 1) ||
		    buf_append(&b, v[i].v, strlen(v[i].v)) || buf_append(&b, "\n", 1))
			rc = 2;
	}
	if (!rc && write_file_atomic(path, b.data ? b.data : "", b.len))
		rc = 2;
	buf_release(&b);
	return rc;
}

/* What a term key maps to in HKCNTerms (tw 0) or HKCNTermsTW (tw 1). */
static const char *table_value(const term *t, int tw)
{
	return tw && t->tw_copy ? t->mainland : term_dict_value(t);
}

/* The other spellings of the term keys (spelling.h), each with its term. */
typedef struct other_key {
	char *key;
	const term *t;
} other_key;

typedef struct spelled {
	other_key *v;
	size_t n, cap;
	const term *t; /* the term whose spellings are being added */
} spelled;

static int add_spelling(const char *form, size_t len, void *ctx)
{
	spelled *s = ctx;
	other_key *v = s->n == s->cap ? array_grow(s->v, &s->cap, sizeof *v, 1024) : s->v;
	if (!v)
		return -1;
	s->v = v;
	char *k = str_dup_n(form, len);
	if (!k)
		return -1;
	v[s->n++] = (other_key){k, s->t};
	return 0;
}

/* The n keys of a, then the other spellings with their values in table
 * (0 HKCNTerms, 1 HKCNTermsTW, 2 HKCNSegment: the key itself). */
static kv *with_spellings(const kv *a, size_t n, const spelled *o, int table)
{
	kv *v = malloc((n + o->n + 1) * sizeof *v);
	if (!v)
		return NULL;
	memcpy(v, a, n * sizeof *v);
	for (size_t i = 0; i < o->n; i++) {
		const char *k = o->v[i].key;
		v[n + i] = (kv){k, table == 2 ? k : table_value(o->v[i].t, table), 1};
	}
	return v;
}

static int add_line(buf *b, const char *const *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf_append(b, cols[i], strlen(cols[i])) || buf_append(b, i + 1 < n ? "\t" : "\n", 1))
			return -1;
	return 0;
}

/* Rows for the other spellings of a Cantonese word: stock OpenCC hk2s
 * (揾嘢, 𠮶个), and t2hk, Hong Kong's own character forms (爲食 -> 為食,
 * 溼 -> 濕), each when it differs from every row already written. cols: the
 * row as written for the Traditional form. */
static int add_variant_rows(buf *lex, const term *t, tw_profile *const *conv, size_t n,
                            const char **cols)
{
	char *forms[4] = {NULL, NULL, NULL, NULL};
	int rc = 0;
	for (size_t i = 0; i < n && i < 4 && !rc; i++) {
		char *form = forms[i] = convert_str(conv[i], t->source);
		char *cx = t->context && *t->context ? convert_str(conv[i], t->context) : NULL;
		if (!form || (t->context && *t->context && !cx))
			rc = 2;
		int seen = !rc && (!strcmp(form, t->source) || !strcmp(form, t->simp));
		for (size_t j = 0; !rc && j < i && !seen; j++)
			seen = !strcmp(form, forms[j]);
		if (!rc && !seen) {
			cols[0] = form;
			cols[7] = cx ? cx : "";
			rc = add_line(lex, cols, 8) ? 2 : 0;
		}
		free(cx);
	}
	for (size_t i = 0; i < 4; i++)
		free(forms[i]);
	return rc;
}

/* Adds to a class's '|'-separated words their spellings under conv. */
static int add_variant_words(char **words, const tw_profile *conv)
{
	char *copy = str_dup_n(*words, strlen(*words));
	int rc = copy ? 0 : -1;
	for (char *w = copy, *bar; !rc && w && *w; w = bar ? bar + 1 : NULL) {
		if ((bar = strchr(w, '|')))
			*bar = '\0';
		char *s = convert_str(conv, w);
		rc = !s || add_class_word(words, s, strlen(s)) ? -1 : 0;
		free(s);
	}
	free(copy);
	return rc;
}

int cmd_lexicon(int argc, char **argv)
{
	const char *dicts = tool_arg(argc, argv, "--dicts"), *data = tool_arg(argc, argv, "--data-dir");
	const char *phrases = tool_arg(argc, argv, "--phrases"), *out = tool_arg(argc, argv, "--out");
	const char *lexicon = tool_arg(argc, argv, "--lexicon"), *report = tool_arg(argc, argv, "--report");
	const char *guard = tool_arg(argc, argv, "--guard"), *essay = tool_arg(argc, argv, "--essay");
	const char *jieba = tool_arg(argc, argv, "--jieba");
	const char *segwords = tool_arg(argc, argv, "--segwords");
	const char *variants_arg = tool_arg(argc, argv, "--variants");
	if (!dicts || !data || !phrases || !out || !lexicon || !report || !segwords) {
		fprintf(stderr, "usage: twdict lexicon --dicts DIR --data-dir DIR --phrases "
		                "TSPhrases.txt --out DIR --lexicon FILE --report FILE --segwords "
		                "segwords.txt [--guard FILE "
		                "[--essay essay.txt] [--jieba dict.txt]] [--variants "
		                "HKVariants.txt,TWVariants.txt]\n");
		return 2;
	}
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = data;
	tw_profile *hk2s;
	tw_error err = {0};
	if (tw_profile_open(&hk2s, "hk2s-std", &po, &err)) {
		fprintf(stderr, "twdict: %s\n", err.message);
		return 2;
	}
	/* Other spellings the checker must find Cantonese in: stock OpenCC's
	 * hk2s writes some characters outside the Mainland standard (搵 -> 揾,
	 * 嗰 -> 𠮶), as Cantonese converted by other tools reads; t2hk gives
	 * Hong Kong's character forms where the source list has others (爲 -> 為). */
	tw_profile *variants[2] = {NULL, NULL};
	if (tw_profile_open(&variants[0], "hk2s", &po, &err) ||
	    tw_profile_open(&variants[1], "t2hk", &po, &err)) {
		fprintf(stderr, "twdict: %s\n", err.message);
		tw_profile_free(variants[0]);
		tw_profile_free(hk2s);
		return 2;
	}
	/* Other spellings of every key: OpenCC's variant tables named by
	 * --variants, and dicts/standard/spelling-pairs.tsv. */
	char *vlist = variants_arg ? str_dup_n(variants_arg, strlen(variants_arg)) : NULL;
	const char *vfiles[8];
	size_t nv = 0;
	for (char *f = vlist, *comma; f && *f && nv < 8; f = comma ? comma + 1 : NULL) {
		if ((comma = strchr(f, ',')))
			*comma = '\0';
		vfiles[nv++] = f;
	}
	char *pairs = path_join(dicts, "standard/spelling-pairs.tsv");
	spelling *sp = pairs && (!variants_arg || vlist)
		? spelling_load(vfiles, nv, pairs, hk2s, stderr) : NULL;
	free(pairs);
	free(vlist);
	if (!sp) {
		tw_profile_free(variants[0]);
		tw_profile_free(variants[1]);
		tw_profile_free(hk2s);
		return 2;
	}
	spelled other = {0};
	term_set ts;
	int rc = terms_load(&ts, dicts, hk2s, stderr);
	if (!rc && ts.errors)
		rc = 2;
	kv *terms = calloc(ts.n + 1, sizeof *terms), *seg = NULL;
	kv *terms_tw = calloc(ts.n + 1, sizeof *terms_tw);
	size_t nt = 0, ns = 0;
	char *ptext = NULL;
	size_t plen;
	if (!rc && (!terms || !terms_tw))
		rc = 2;
	if (!rc && read_file(&ptext, &plen, phrases, 64u << 20, &err)) {
		fprintf(stderr, "twdict: %s\n", err.message);
		rc = 2;
	}
	if (!rc) {
		size_t lines = 0;
		for (size_t i = 0; i < plen; i++)
			lines += ptext[i] == '\n';
		seg = calloc(lines + ts.n + ts.n_seg_words + 1, sizeof *seg);
		if (!seg)
			rc = 2;
	}
	for (size_t i = 0; !rc && i < ts.n_seg_words; i++)
		seg[ns++] = (kv){ts.seg_words[i], ts.seg_words[i], 0};
	for (size_t i = 0; !rc && i < ts.n; i++) {
		term *t = &ts.v[i];
		if (t->act == ACT_CANTONESE)
			continue;
		terms_tw[nt] = (kv){t->source, table_value(t, 1), 0};
		terms[nt++] = (kv){t->source, table_value(t, 0), 0};
		seg[ns++] = (kv){t->source, t->source, 0};
		other.t = t;
		if (spelling_each(sp, t->source, add_spelling, &other))
			rc = 2;
	}
	for (char *cur = ptext, *line; !rc && (line = text_next_line(&cur));) {
		char *tab = strchr(line, '\t');
		if (tab) {
			*tab = '\0';
			seg[ns++] = (kv){line, line, 0};
		}
	}
	char *path;
	size_t added[2] = {0, 0}, added_tw[2] = {0, 0}, added_seg[2] = {0, 0};
	kv *all = NULL;
	if (!rc) {
		path = path_join(out, "HKCNTerms.txt");
		all = with_spellings(terms, nt, &other, 0);
		rc = all ? write_kv(path, all, nt + other.n, added) : 2;
		free(all);
		free(path);
	}
	if (!rc) {
		path = path_join(out, "HKCNTermsTW.txt");
		all = with_spellings(terms_tw, nt, &other, 1);
		rc = all ? write_kv(path, all, nt + other.n, added_tw) : 2;
		free(all);
		free(path);
	}
	if (!rc) {
		path = path_join(out, "HKCNSegment.txt");
		all = with_spellings(seg, ns, &other, 2);
		rc = all ? write_kv(path, all, ns + other.n, added_seg) : 2;
		free(all);
		free(path);
	}
	spread_counts sc = {0};
	if (!rc)
		rc = spread_build(&ts, sp, hk2s, dicts, segwords, out, stderr, &sc);
	if (!rc) {
		char *src = path_join(dicts, "punct/HKCNPunct.txt"), *text;
		size_t len;
		path = path_join(out, "HKCNPunct.txt");
		if (read_file(&text, &len, src, 1u << 20, &err)) {
			fprintf(stderr, "twdict: %s\n", err.message);
			rc = 2;
		} else {
			rc = write_file_atomic(path, text, len) ? 2 : 0;
			free(text);
		}
		free(src);
		free(path);
	}
	/* The checker's lexicon: one row per written form. */
	buf lex = {0};
	if (!rc) {
		const char *hdr =
			"# form\tsource\taction\tregion\tdomain\tsuggestions\tnote\tcontext\n";
		rc = buf_append(&lex, hdr, strlen(hdr)) ? 2 : 0;
	}
	for (size_t i = 0; !rc && i < ts.n; i++) {
		term *t = &ts.v[i];
		const char *cols[8] = {t->source, t->source, action_name(t->act), t->region,
		                       t->domain, t->mainland, t->note, t->context ? t->context : ""};
		if (add_line(&lex, cols, 8))
			rc = 2;
		if (!rc && strcmp(t->simp, t->source)) {
			cols[0] = t->simp;
			cols[7] = t->simp_context ? t->simp_context : "";
			if (add_line(&lex, cols, 8))
				rc = 2;
		}
		/* A keep row also as hk2cn writes it (車上載著 → 车上载着, where plain
		 * conversion gives 车上载著): converted text holds that form, and
		 * the keep must cover it there too. */
		if (!rc && t->act == ACT_KEEP && strcmp(t->mainland, t->simp) &&
		    strcmp(t->mainland, t->source)) {
			cols[0] = t->mainland;
			cols[7] = "";
			if (add_line(&lex, cols, 8))
				rc = 2;
		}
		if (!rc && t->act == ACT_CANTONESE)
			rc = add_variant_rows(&lex, t, variants, 2, cols);
	}
	/* The word classes contexts name, both scripts in one row each. */
	for (size_t i = 0; !rc && i < ts.n_classes; i++) {
		word_class *k = &ts.classes[i];
		if (add_variant_words(&k->words, variants[0]) ||
		    add_variant_words(&k->words, variants[1])) {
			rc = 2;
			break;
		}
		const char *cols[8] = {k->name, k->name, "class", "", "", k->words, "", ""};
		if (add_line(&lex, cols, 8))
			rc = 2;
	}
	if (!rc && write_file_atomic(lexicon, lex.data, lex.len))
		rc = 2;
	gazetteer_stats gs = {.diag = stderr};
	if (!rc && guard) {
		if (guard_data_write(dicts, guard, essay, jieba, hk2s, sp, &ts, &gs))
			rc = 2;
		else if (gs.problems)
			rc = 2;
	}
	if (!rc) {
		char *counts = lexicon_counts(&ts);
		buf rep = {0};
		if (!counts || buf_append(&rep, counts, strlen(counts)))
			rc = 2;
		char line[160];
		int n = snprintf(line, sizeof line,
		                 "other spellings: %zu character pairs, %zu term keys added (%zu left "
		                 "out: two keys spell them with different values)\n",
		                 spelling_pairs(sp), added[0], added[1]);
		if (!rc && buf_append(&rep, line, (size_t)n))
			rc = 2;
		n = snprintf(line, sizeof line,
		             "one sense per document (dicts/sense/spread.tsv): %zu cores spread (%zu in "
		             "hk2cn, %zu in its Taiwan register), %zu reviewed to stay\n",
		             sc.spread, sc.hk2cn, sc.taiwan, sc.stay);
		if (!rc && buf_append(&rep, line, (size_t)n))
			rc = 2;
		n = snprintf(line, sizeof line, "gazetteers: %zu names\n", gs.names);
		if (!rc && guard && buf_append(&rep, line, (size_t)n))
			rc = 2;
		for (int k = 0; !rc && guard && k < gazetteer_kind_count(); k++) {
			if (!gs.per_kind[k])
				continue;
			n = snprintf(line, sizeof line, "  %-16s %6zu\n", gazetteer_kind_name(k),
			             gs.per_kind[k]);
			if (buf_append(&rep, line, (size_t)n))
				rc = 2;
		}
		if (!rc && write_file_atomic(report, rep.data, rep.len))
			rc = 2;
		if (!rc)
			fwrite(rep.data, 1, rep.len, stdout);
		buf_release(&rep);
		free(counts);
	}
	buf_release(&lex);
	for (size_t i = 0; i < other.n; i++)
		free(other.v[i].key);
	free(other.v);
	spelling_free(sp);
	free(terms);
	free(terms_tw);
	free(seg);
	free(ptext);
	terms_free(&ts);
	tw_profile_free(variants[0]);
	tw_profile_free(variants[1]);
	tw_profile_free(hk2s);
	return rc;
}
