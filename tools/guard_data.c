/* twdict: the name guard's dictionary (lib/convert/guard.h) from
 * the tables in dicts/gazetteers/, dicts/guard/name-suffixes.txt,
 * dicts/guard/breakers.txt and the convert entries of the term tables.
 *
 * Output lines are "key TAB flags", flags being letters: R rewriting term
 * key, Q a word that introduces a quoted name or definition (俗稱), U a convert entry that is no noun (jieba's tag of its Mainland form:
 * a name suffix after it does not protect it), V a weak suffix (counts only right after the term), L a transliteration (only names of the gazetteers, quotations and
 * titles protect it), N gazetteer name, S name suffix, X a word that starts with a suffix
 * but ends no name (局面), Y a word that ends in a suffix but is no name
 * (出局), G a general-vocabulary compound that holds a rewriting term and
 * a suffix (網路銀行, 史丹福大學: words of Rime's essay list, so no
 * official name), B breaker, T a title suffix (a regulation's title
 * line ending in it is one name: ^SUFFIX and >SUFFIX, also suffixes, and
 * the title-only =SUFFIX), W a suffix that makes a title only of a quotation
 * ending in it ("SUFFIX: 「…參考指引」), K a title suffix that also makes a name of a
 * whole run in running text (>SUFFIX), D a name suffix that ends a name further after
 * the term than the gap (+SUFFIX: 研究所, 學位學程), J a word through a breaker that
 * ends no name run (+WORD in breakers.txt: 應用, 人才). Names, suffixes, exceptions and breakers are
 * written in both scripts (the Simplified form by hk2s), so the checker can
 * use the same dictionary on converted text. */
#include "guard_data.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "internal.h"
#include "spelling.h"
#include "twdict.h"

typedef struct gkey {
	char *key;
	char flag;
} gkey;

typedef struct gset {
	gkey *v;
	size_t n, cap;
} gset;

static char *read_utf8(const char *path, size_t max);

static int gadd(gset *g, const char *key, size_t n, char flag)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 1024;
		gkey *v = realloc(g->v, cap * sizeof *v);
		if (!v)
			return -1;
		g->v = v;
		g->cap = cap;
	}
	char *k = str_dup_n(key, n);
	if (!k)
		return -1;
	g->v[g->n++] = (gkey){k, flag};
	return 0;
}

/* Adds key and, when it differs, its Simplified form. */
static int gadd2(gset *g, const tw_profile *hk2s, const char *key, size_t n, char flag)
{
	char *k = str_dup_n(key, n);
	if (!k)
		return -1;
	char *simp = convert_str(hk2s, k);
	int rc = !simp || gadd(g, k, n, flag) || (strcmp(simp, k) && gadd(g, simp, strlen(simp), flag));
	free(simp);
	free(k);
	return rc ? -1 : 0;
}

static int cmp_gkey(const void *a, const void *b)
{
	const gkey *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->flag > y->flag) - (x->flag < y->flag);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void problem(gazetteer_stats *st, const char *file, size_t line, const char *msg,
                    const char *what)
{
	fprintf(st->diag, "%s:%zu: %s%s%s\n", file, line, msg, what ? ": " : "", what ? what : "");
	st->problems++;
}

static const char *const kinds[] = {
    "bureau",  "department", "statutory-body", "scheme", "post",   "ordinance",
    "district", "estate",    "station",        "line",   "university", "school",
    "company", "brand",      "place",          "organisation", "event", "hospital",
    "court",   "fund",       NULL};

static int kind_index(const char *k)
{
	for (int i = 0; kinds[i]; i++)
		if (!strcmp(kinds[i], k))
			return i;
	return -1;
}

/* The text of path (at most max bytes), NUL-terminated and valid UTF-8, or
 * NULL after a message on stderr. */
static char *read_utf8(const char *path, size_t max)
{
	char *text;
	size_t len, bad;
	tw_error err = {0};
	if (read_file(&text, &len, path, max, &err)) {
		fprintf(stderr, "twdict: %s\n", err.message);
		return NULL;
	}
	if (tw_utf8_validate(text, len, &bad)) {
		fprintf(stderr, "%s: invalid UTF-8 at byte offset %zu\n", path, bad);
		free(text);
		return NULL;
	}
	return text;
}

/* Reads one gazetteer file into g (flag N), checking its form. */
static int read_gazetteer(gset *g, const tw_profile *hk2s, const char *path,
                          gazetteer_stats *st)
{
	char *text = read_utf8(path, 64u << 20);
	if (!text)
		return -1;
	int has_source = 0, rc = 0;
	size_t lineno = 0;
	char prev[512] = "";
	for (char *cur = text, *line; (line = text_next_line(&cur)) && !rc;) {
		lineno++;
		if (!strncmp(line, "# source:", 9) && line[9])
			has_source = 1;
		if (!*line || line[0] == '#')
			continue;
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t1 || !t2 || strchr(t2 + 1, '\t')) {
			problem(st, path, lineno, "expected 3 tab-separated columns (name, kind, note)",
			        NULL);
			continue;
		}
		*t1 = *t2 = '\0';
		if (!*line || strpbrk(line, " \r")) {
			problem(st, path, lineno, "empty name or a space in it", NULL);
			continue;
		}
		int k = kind_index(t1 + 1);
		if (k < 0) {
			problem(st, path, lineno, "unknown kind", t1 + 1);
			continue;
		}
		if (strcmp(prev, line) >= 0)
			problem(st, path, lineno, "not sorted (LC_ALL=C sort) or duplicate", line);
		snprintf(prev, sizeof prev, "%s", line);
		st->per_kind[k]++;
		st->names++;
		rc = gadd2(g, hk2s, line, strlen(line), 'N');
	}
	if (!has_source)
		problem(st, path, 1, "no \"# source: …\" line naming where the list comes from",
		        NULL);
	free(text);
	return rc;
}

/* Reads a word-per-line (or, for breakers, space-separated) list. */
static int read_list(gset *g, const tw_profile *hk2s, const char *path, char flag, int spaced)
{
	char *text = read_utf8(path, 1u << 20);
	if (!text)
		return -1;
	int rc = 0;
	for (char *cur = text, *line; (line = text_next_line(&cur)) && !rc;) {
		if (!*line || line[0] == '#')
			continue;
		const char *sep = spaced ? " " : "";
		for (char *w = line; *w && !rc;) {
			size_t n = spaced ? strcspn(w, sep) : strlen(w);
			/* "*SUFFIX": a body's own ending (flag A), before any other mark */
			int body = !spaced && n > 1 && w[0] == '*';
			if (body) {
				w++;
				n--;
			}
			if (n) {
				char f = flag;
				size_t skip = 0;
				if (!spaced && (w[0] == '!' || w[0] == '~')) {
					f = w[0] == '!' ? 'X' : 'Y';
					skip = 1;
				}
				/* "+WORD" among breakers: a word through a breaker
				 * (應用, 人才) that ends no name run */
				if (spaced && w[0] == '+' && n > 1) {
					f = 'J';
					skip = 1;
				}
				int far = !spaced && w[0] == '+';
				int weak = !spaced && w[0] == '?';
				int reach = !spaced && w[0] == '>';
				int title = !spaced && (w[0] == '^' || reach);
				int title_only = !spaced && w[0] == '=';
				int quoted = !spaced && w[0] == '"';
				skip += (size_t)(weak || title || title_only || quoted || far);
				if (quoted)
					rc = gadd2(g, hk2s, w + skip, n - skip, 'W');
				else if (!title_only)
					rc = gadd2(g, hk2s, w + skip, n - skip, f);
				if (!rc && weak)
					rc = gadd2(g, hk2s, w + skip, n - skip, 'V');
				if (!rc && (title || title_only))
					rc = gadd2(g, hk2s, w + skip, n - skip, 'T');
				if (!rc && reach)
					rc = gadd2(g, hk2s, w + skip, n - skip, 'K');
				if (!rc && far)
					rc = gadd2(g, hk2s, w + skip, n - skip, 'D');
				if (!rc && body)
					rc = gadd2(g, hk2s, w + skip, n - skip, 'A');
			}
			w += n;
			w += strspn(w, " ");
		}
	}
	free(text);
	return rc;
}

/* dicts/guard/person-names.txt: "name-chars …" (flag P), "surnames …" (F),
 * "words …" (W), space-separated, in Traditional; Simplified forms added
 * for surnames and words (a name character keeps its Traditional form). */
static int read_person_names(gset *g, const tw_profile *hk2s, const char *path)
{
	char *text = read_utf8(path, 1u << 20);
	if (!text)
		return -1;
	int rc = 0;
	for (char *cur = text, *line; (line = text_next_line(&cur)) && !rc;) {
		if (!*line || line[0] == '#')
			continue;
		size_t kl = strcspn(line, " ");
		char flag = !strncmp(line, "name-chars", kl) ? 'P'
		            : !strncmp(line, "surnames", kl) ? 'F'
		            : !strncmp(line, "words", kl)    ? 'W'
		                                             : 0;
		if (!flag) {
			fprintf(stderr, "%s: unknown line \"%.*s\"\n", path, (int)kl, line);
			rc = -1;
			break;
		}
		for (char *w = line + kl; *w && !rc;) {
			w += strspn(w, " ");
			size_t n = strcspn(w, " ");
			if (n)
				rc = flag == 'P' ? gadd(g, w, n, 'P') : gadd2(g, hk2s, w, n, flag);
			w += n;
		}
	}
	free(text);
	return rc;
}

/* Does hk2cn rewrite the entry's source: a convert entry, or a convert-tw
 * entry, which the term step of Taiwan copy (hk2cn-tw) rewrites? The guard
 * must know both, or a Taiwan name holding 數位 or 智慧財產 is rewritten
 * (數位國際司 → 数字国际司) whatever the gazetteers say. */
static int rewrites(const term *t)
{
	return t->act == ACT_CONVERT || t->tw_copy;
}

/* Does word hold a name suffix (not at its start) and a rewriting term key? */
static int generic_compound(const tw_dict *keys, const tw_dict *sfx, const char *w, size_t n)
{
	int ends = 0;
	for (size_t i = 0; i < n && !ends; i++) {
		if (((unsigned char)w[i] & 0xC0) == 0x80)
			continue;
		for (size_t j = i + 1; i > 0 && j <= n && !ends; j++) {
			if (j < n && ((unsigned char)w[j] & 0xC0) == 0x80)
				continue;
			const twd_slot *sl = dict_find(sfx, (const unsigned char *)w + i, j - i);
			if (!sl)
				break;
			ends = (sl->flags & TWD_KEY) != 0;
		}
	}
	if (!ends)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (((unsigned char)w[i] & 0xC0) == 0x80)
			continue;
		for (size_t j = i + 1; j <= n; j++) {
			if (j < n && ((unsigned char)w[j] & 0xC0) == 0x80)
				continue;
			const twd_slot *sl = dict_find(keys, (const unsigned char *)w + i, j - i);
			if (!sl)
				break;
			if (sl->flags & TWD_KEY)
				return 1;
		}
	}
	return 0;
}

/* Adds the G entries from Rime's essay word list ("word TAB weight"). */
static int add_generic(gset *g, const char *essay_path)
{
	size_t nk = 0, ns = 0;
	for (size_t i = 0; i < g->n; i++) {
		nk += g->v[i].flag == 'R';
		ns += g->v[i].flag == 'S';
	}
	dict_entry *ke = calloc(nk + 1, sizeof *ke), *se = calloc(ns + 1, sizeof *se);
	int rc = !ke || !se ? -1 : 0;
	nk = ns = 0;
	for (size_t i = 0; i < g->n && !rc; i++) {
		gkey *k = &g->v[i];
		if (k->flag == 'R')
			ke[nk++] = (dict_entry){k->key, strlen(k->key), "R", 1, 0};
		else if (k->flag == 'S') {
			int dup = 0;
			for (size_t j = 0; j < ns && !dup; j++)
				dup = !strcmp(se[j].key, k->key);
			if (!dup)
				se[ns++] = (dict_entry){k->key, strlen(k->key), "S", 1, 0};
		}
	}
	unsigned char *ki = NULL, *si = NULL;
	size_t kn, sn;
	tw_dict kd = {0}, sd = {0};
	tw_error err = {0};
	if (!rc && (dict_build(&ki, &kn, ke, nk, &err) || dict_open_image(&kd, ki, kn, "keys", &err) ||
	            dict_build(&si, &sn, se, ns, &err) || dict_open_image(&sd, si, sn, "sfx", &err))) {
		fprintf(stderr, "twdict: %s\n", err.message);
		rc = -1;
	}
	free(ke);
	free(se);
	char *text = NULL;
	size_t len;
	if (!rc && read_file(&text, &len, essay_path, 64u << 20, &err)) {
		fprintf(stderr, "twdict: %s\n", err.message);
		rc = -1;
	}
	for (char *cur = text, *line; !rc && (line = text_next_line(&cur));) {
		size_t n = strcspn(line, "\t");
		if (n && generic_compound(&kd, &sd, line, n))
			rc = gadd(g, line, n, 'G');
	}
	free(text);
	dict_close(&kd);
	dict_close(&sd);
	return rc;
}

/* Does the entry end in the durative 著 (寫著 → 写着, 舉著 → 举着)? A verb
 * with its particle is running text, never part of a name. */
static int ends_durative(const term *t)
{
	static const char zhu[] = "著", zhe[] = "着";
	size_t ls = strlen(t->source), lt = strlen(t->mainland), n = sizeof zhu - 1;
	return ls > n && lt >= n && !strcmp(t->source + ls - n, zhu) &&
	       !strcmp(t->mainland + lt - n, zhe);
}

/* Flag U for convert entries no official name contains: their source holds a
 * word of dicts/guard/running-words.txt (聯同, 因應) or a punctuation mark
 * (指，), which no name holds either, or ends in the durative 著. */
static int add_running_words(gset *g, const tw_profile *hk2s, const term_set *ts,
                             const char *path)
{
	char *text, **words;
	size_t nw;
	if (word_list_read(path, 0, &text, &words, &nw))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < ts->n && !rc; i++) {
		const term *t = &ts->v[i];
		if (!rewrites(t))
			continue;
		int running = 0;
		for (size_t k = 0; k < nw && !running; k++)
			running = strstr(t->source, words[k]) != NULL;
		/* a mark that ends a clause (、。，：；！？, and the ASCII , ; of
		 * copy stored with ASCII punctuation: ,惟集團); brackets are kept
		 * out: 個人資料（私隱）條例 is a name */
		static const char *const marks[] = {"、", "。", "，", "：", "；", "！", "？", ",", ";"};
		for (size_t k = 0; k < sizeof marks / sizeof *marks && !running; k++)
			running = strstr(t->source, marks[k]) != NULL;
		if (running || ends_durative(t))
			rc = gadd2(g, hk2s, t->source, strlen(t->source), 'U');
	}
	free(words);
	free(text);
	return rc;
}

/* Does a gazetteer name (flag N) hold source right before a body's own
 * ending (flag A: 劍擊 in 中國香港劍擊總會, 覆核 in
 * 長期監禁刑罰覆核委員會)? Then the word names an activity in bodies' names,
 * where a verb that takes a body as its object never does (達致工會的訴求,
 * 釋除協會會員的疑慮). */
static int named_before_ending(const gset *g, const char *source)
{
	size_t n = strlen(source);
	for (size_t i = 0; i < g->n; i++) {
		if (g->v[i].flag != 'N')
			continue;
		for (const char *at = strstr(g->v[i].key, source); at; at = strstr(at + 1, source))
			for (size_t j = 0; j < g->n; j++)
				if (g->v[j].flag == 'A' &&
				    !strncmp(at + n, g->v[j].key, strlen(g->v[j].key)))
					return 1;
	}
	return 0;
}

/* Flag U for convert entries whose Mainland form jieba tags as no noun
 * (通过 p, 超过 v): a preposition or a verb is no part of an official name,
 * so a name suffix after it does not protect it (透過銀行月結單). */
static int add_word_classes(gset *g, const tw_profile *hk2s, const term_set *ts,
                            const char *jieba)
{
	size_t nc = 0;
	for (size_t i = 0; i < ts->n; i++)
		nc += rewrites(&ts->v[i]);
	dict_entry *de = calloc(nc + 1, sizeof *de);
	char (*idx)[24] = calloc(nc + 1, sizeof *idx);
	if (!de || !idx) {
		free(de);
		free(idx);
		return -1;
	}
	size_t n = 0;
	for (size_t i = 0; i < ts->n; i++) {
		const term *t = &ts->v[i];
		if (!rewrites(t))
			continue;
		snprintf(idx[n], sizeof idx[n], "%zu", i);
		de[n] = (dict_entry){t->mainland, strlen(t->mainland), idx[n], strlen(idx[n]), 0};
		n++;
	}
	/* Mainland forms repeat (several sources, one form): keep the first. */
	size_t u = 0;
	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		for (size_t j = 0; j < u && !dup; j++)
			dup = de[j].key_len == de[i].key_len && !memcmp(de[j].key, de[i].key, de[i].key_len);
		if (!dup)
			de[u++] = de[i];
	}
	unsigned char *img;
	size_t size;
	tw_dict d = {0};
	tw_error err = {0};
	char *text = NULL;
	size_t len;
	int rc = 0;
	if (dict_build(&img, &size, de, u, &err) || dict_open_image(&d, img, size, "forms", &err) ||
	    read_file(&text, &len, jieba, 64u << 20, &err)) {
		fprintf(stderr, "twdict: %s\n", err.message);
		rc = -1;
	}
	for (char *cur = text, *line; !rc && (line = text_next_line(&cur));) {
		/* word SPACE count SPACE tag */
		char *s1 = strchr(line, ' '), *s2 = s1 ? strchr(s1 + 1, ' ') : NULL;
		if (!s2)
			continue;
		const twd_slot *sl = dict_find(&d, (const unsigned char *)line, (size_t)(s1 - line));
		if (!sl || !(sl->flags & TWD_KEY))
			continue;
		const char *tag = s2 + 1;
		/* i: jieba tags fixed phrases as idioms, noun phrases among them
		 * (弱势群体, 临终关怀, 停车换乘), which scheme and body names hold
		 * (「弱勢社群學生擺脫跨代貧窮行動小組」) */
		int nounish = tag[0] == 'n' || !strcmp(tag, "vn") || !strcmp(tag, "an") ||
		              !strcmp(tag, "j") || !strcmp(tag, "l") || !strcmp(tag, "s") ||
		              !strcmp(tag, "i") || !strcmp(tag, "eng");
		if (nounish)
			continue;
		/* H besides U: a verb (v, vd, vi …) or a modifier (b: 隐私) that a
		 * gazetteer name holds right before a body's own ending, which
		 * makes it part of a name there (劍擊總會, 覆核委員會); an adverb or
		 * a preposition never is. */
		int verb = (tag[0] == 'v' && strcmp(tag, "vn")) || !strcmp(tag, "b");
		/* Every convert entry with this Mainland form. */
		for (size_t i = 0; i < ts->n && !rc; i++) {
			const term *t = &ts->v[i];
			if (rewrites(t) && strlen(t->mainland) == (size_t)(s1 - line) &&
			    !memcmp(t->mainland, line, (size_t)(s1 - line))) {
				rc = gadd2(g, hk2s, t->source, strlen(t->source), 'U');
				if (!rc && verb && named_before_ending(g, t->source))
					rc = gadd2(g, hk2s, t->source, strlen(t->source), 'H');
			}
		}
	}
	free(text);
	dict_close(&d);
	free(de);
	free(idx);
	return rc;
}

typedef struct spell_ctx {
	gset *g;
	char flag;
} spell_ctx;

static int add_spelled(const char *form, size_t len, void *ctx)
{
	spell_ctx *c = ctx;
	return gadd(c->g, form, len, c->flag);
}

int guard_data_write(const char *dicts, const char *out_path, const char *essay,
                     const char *jieba, const tw_profile *hk2s, const spelling *sp,
                     const term_set *ts, gazetteer_stats *st)
{
	gset g = {0};
	int rc = 0;
	/* Transliterations of foreign names (people, places: flag L) are
	 * localised inside a name that merely reads as one (朗奴列根圖書館 is
	 * 罗纳德·里根图书馆 to a Mainland reader), but not inside an official
	 * Hong Kong name of the gazetteers (香港駐三藩市經濟貿易辦事處). */
	for (size_t i = 0; i < ts->n && !rc; i++) {
		const term *t = &ts->v[i];
		if (!rewrites(t))
			continue;
		rc = gadd(&g, t->source, strlen(t->source), 'R');
		if (!rc && (!strcmp(t->domain, "people") || !strcmp(t->domain, "places")))
			rc = gadd(&g, t->source, strlen(t->source), 'L');
	}
	char *dir = path_join(dicts, "gazetteers");
	DIR *d = dir ? opendir(dir) : NULL;
	char **names = NULL;
	size_t nn = 0;
	for (struct dirent *e; d && (e = readdir(d));) {
		size_t l = strlen(e->d_name);
		if (l > 4 && !strcmp(e->d_name + l - 4, ".tsv")) {
			char **grown = realloc(names, (nn + 1) * sizeof *names);
			if (!grown || !(grown[nn] = path_join(dir, e->d_name))) {
				names = grown ? grown : names;
				rc = -1;
				break;
			}
			names = grown;
			nn++;
		}
	}
	if (d)
		closedir(d);
	free(dir);
	if (nn)
		qsort(names, nn, sizeof *names, cmp_str);
	for (size_t i = 0; i < nn; i++) {
		if (!rc)
			rc = read_gazetteer(&g, hk2s, names[i], st);
		free(names[i]);
	}
	free(names);
	char *sfx = path_join(dicts, "guard/name-suffixes.txt");
	char *brk = path_join(dicts, "guard/breakers.txt");
	if (!rc)
		rc = !sfx || !brk || read_list(&g, hk2s, sfx, 'S', 0) || read_list(&g, hk2s, brk, 'B', 1);
	free(sfx);
	free(brk);
	char *qm = path_join(dicts, "guard/quote-markers.txt");
	if (!rc)
		rc = !qm || read_list(&g, hk2s, qm, 'Q', 1);
	free(qm);
	char *pn = path_join(dicts, "guard/person-names.txt");
	if (!rc)
		rc = !pn || read_person_names(&g, hk2s, pn);
	free(pn);
	if (!rc && essay)
		rc = add_generic(&g, essay);
	if (!rc && jieba)
		rc = add_word_classes(&g, hk2s, ts, jieba);
	char *rw = path_join(dicts, "guard/running-words.txt");
	if (!rc)
		rc = !rw || add_running_words(&g, hk2s, ts, rw);
	free(rw);
	/* Every key in its other spellings too (食物及衞生局 as 食物及衛生局,
	 * a rewriting term as the term table spells it). */
	for (size_t i = 0, n = g.n; sp && i < n && !rc; i++) {
		spell_ctx c = {&g, g.v[i].flag};
		char *key = str_dup_n(g.v[i].key, strlen(g.v[i].key)); /* g.v may move */
		rc = !key || spelling_each(sp, key, add_spelled, &c) ? -1 : 0;
		free(key);
	}
	/* One line per key with its flags, sorted. */
	buf out = {0};
	if (!rc)
		qsort(g.v, g.n, sizeof *g.v, cmp_gkey);
	for (size_t i = 0; i < g.n && !rc;) {
		size_t j = i;
		char flags[8];
		size_t nf = 0;
		for (; j < g.n && !strcmp(g.v[j].key, g.v[i].key); j++)
			if (nf < sizeof flags - 1 && (!nf || flags[nf - 1] != g.v[j].flag))
				flags[nf++] = g.v[j].flag;
		if (buf_append(&out, g.v[i].key, strlen(g.v[i].key)) || buf_append(&out, "\t", 1) ||
		    buf_append(&out, flags, nf) || buf_append(&out, "\n", 1))
			rc = -1;
		i = j;
	}
	if (!rc && write_file_atomic(out_path, out.data ? out.data : "", out.len))
		rc = -1;
	buf_release(&out);
	for (size_t i = 0; i < g.n; i++)
		free(g.v[i].key);
	free(g.v);
	return rc;
}

const char *gazetteer_kind_name(int k)
{
	return kinds[k];
}

int gazetteer_kind_count(void)
{
	int n = 0;
	while (kinds[n])
		n++;
	return n;
}
