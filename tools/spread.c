/* twdict lexicon, part: dicts/sense/spread.tsv -> HKCNSpread.txt and
 * HKCNSpreadTW.txt, the cores one sense per document spreads
 * (lib/convert/spread.h), with their triggers in hk2cn and in its Taiwan
 * register.
 *
 * spread.tsv: core <TAB> Mainland form <TAB> spread|stay <TAB> hk|tw|both
 * <TAB> [classifiers <TAB>] note. A `stay` row records a core reviewed and
 * left to its frames. The optional classifiers, "宗=例" or "宗=例|宗新=例新",
 * are measure words (with what may stand between them and the core) that,
 * right before a spread occurrence, are written as the form wants
 * (第三宗個案 → 第三例病例: Mainland counts patient cases with 例).
 * A core's triggers are the expansions of its frame rows (a {…} group
 * before or after it: {剛|日前}開畫, 按月{上升|下跌}) and the bare rows that
 * hold it and write the form (確診個案 → 确诊病例 for 個案 → 病例) that the
 * table converts, the Taiwan file adding the convert-tw rows. A spread row is
 * an error when it has fewer than two characters, when a bare row of the core
 * keeps or converts it (nothing to spread) or when no row rewrites it at
 * all. The rows that hold the core and write it otherwise (another sense:
 * 投訴個案 → 投诉案件 beside 確診個案 → 确诊病例) are listed as its other
 * senses: a document where one fires does not spread the core. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lexicon.h"
#include "spelling.h"
#include "spread.h" /* lib/convert: spread_parse_classifiers */
#include "spread_build.h"
#include "twdict.h"
#include "utf8.h"

/* The core of a frame row's source as written (t->row): the fixed part
 * when the {…} group is the whole rest before or after it, else NULL. */
static int frame_core(const char *row, const char **core, size_t *len)
{
	const char *open = strchr(row, '{'), *close = strchr(row, '}');
	if (!open || !close || close < open)
		return 0;
	if (open == row && close[1]) {
		*core = close + 1;
		*len = strlen(close + 1);
		return 1;
	}
	if (open > row && !close[1]) {
		*core = row;
		*len = (size_t)(open - row);
		return 1;
	}
	return 0;
}

/* Where the core stands in an expansion's Mainland form: the form the
 * row gives the core is the expansion's form less what the alternative
 * became ({}上映 and 上映{}: the fixed part of the Mainland column). */
static int form_of_row(const term *t, const char *form)
{
	return strstr(t->mainland, form) != NULL;
}

typedef struct spread_row {
	char *core, *form, *action, *region, *cls;
	const char *file;
	size_t line;
	buf trig[2]; /* space-separated trigger keys: hk2cn, its Taiwan register */
	size_t n_trig[2];
	buf other[2]; /* keys of rows that write the core otherwise (another sense) */
	buf straddles; /* "offset:word" of the common words that cross its edges */
} spread_row;

/* Appends a key to a space-separated list. */
static int add_key(buf *b, const char *key, size_t len)
{
	return (b->len && buf_append(b, " ", 1)) || buf_append(b, key, len);
}

/* spelling_each's callback: another spelling of a key, added beside it. */
static int add_key_spelling(const char *form, size_t len, void *list)
{
	return add_key(list, form, len) ? -1 : 0;
}

static void bad_row(FILE *diag, const char *file, size_t line, const char *core, const char *msg,
                    int *errors)
{
	fprintf(diag, "%s:%zu: spread core %s: %s\n", file, line, core, msg);
	(*errors)++;
}

/* Words of the list that cross a spreading core's edge: W placed so that
 * its bytes agree with the core's where they overlap, starting before the
 * core and ending inside or after it, or starting inside and ending after
 * (公開 and 畫展 for 開畫 in 公開畫展). The conversion does not spread the
 * core where the text holds such a word across it. Only words of two to
 * four characters counted SPREAD_MIN_COUNT times or more in jieba: a rarer
 * word seldom meets the core as a word, and blocks right spreads where it
 * meets it as two (質輕, counted 24, across 實質輕微). */
#define SPREAD_MIN_COUNT 100

static int add_straddle(spread_row *r, long off, const char *w, size_t wl)
{
	char num[32];
	int n = snprintf(num, sizeof num, "%s%ld:", r->straddles.len ? " " : "", off);
	return buf_append(&r->straddles, num, (size_t)n) || buf_append(&r->straddles, w, wl);
}

/* Does w[0..wl) placed at byte offset off from the core c[0..cl) agree
 * with it where they overlap, and cross an edge? */
static int crosses(const char *c, size_t cl, const char *w, size_t wl, long off)
{
	long ws = off, we = off + (long)wl;
	if (!((ws < 0 && we > 0) || (ws < (long)cl && we > (long)cl)))
		return 0;
	long a = ws > 0 ? ws : 0, b = we < (long)cl ? we : (long)cl;
	return a < b && !memcmp(c + a, w + (a - ws), (size_t)(b - a));
}

static int find_straddles(spread_row *rows, size_t n, const char *words_path, FILE *diag)
{
	char *text;
	size_t len;
	tw_error err = {0};
	if (read_file(&text, &len, words_path, 64u << 20, &err)) {
		fprintf(diag, "twdict: %s\n", err.message);
		return 2;
	}
	int rc = 0;
	for (char *cur = text, *line; !rc && (line = text_next_line(&cur));) {
		char *tab = strchr(line, '\t');
		if (!tab || atol(tab + 1) < SPREAD_MIN_COUNT)
			continue;
		size_t wl = (size_t)(tab - line), chars = 0, l;
		size_t at[5];
		for (size_t i = 0; i < wl && chars < 5; i += l)
			at[chars++] = i, utf8_decode((const unsigned char *)line + i, wl - i, &l);
		if (chars < 2 || chars > 4)
			continue;
		for (size_t k = 0; !rc && k < n; k++) {
			spread_row *r = &rows[k];
			if (strcmp(r->action, "spread"))
				continue;
			size_t cl = strlen(r->core);
			/* Every placement whose start is a character of the word
			 * against a character boundary of the core, or before it. */
			for (size_t i = 0; !rc && i < chars; i++) {
				/* word character i at the core's start */
				if (i > 0 && crosses(r->core, cl, line, wl, -(long)at[i]))
					rc = add_straddle(r, -(long)at[i], line, wl) ? 2 : 0;
			}
			for (size_t j = 1; !rc && j < cl; j++) {
				/* the word starting at core byte j, a character boundary */
				if (((unsigned char)r->core[j] & 0xC0) != 0x80 &&
				    crosses(r->core, cl, line, wl, (long)j))
					rc = add_straddle(r, (long)j, line, wl) ? 2 : 0;
			}
		}
	}
	free(text);
	return rc;
}

int spread_build(const term_set *ts, const spelling *sp, const tw_profile *hk2s,
                 const char *dicts, const char *words_path, const char *out, FILE *diag,
                 spread_counts *counts)
{
	memset(counts, 0, sizeof *counts);
	char *path = path_join(dicts, "sense/spread.tsv"), *text = NULL;
	size_t len = 0;
	tw_error err = {0};
	if (!path)
		return 2;
	int rc = read_file(&text, &len, path, 16u << 20, &err) ? 2 : 0;
	if (rc)
		fprintf(diag, "twdict: %s\n", err.message);
	size_t bad_at;
	if (!rc && tw_utf8_validate(text, len, &bad_at)) {
		fprintf(diag, "%s: invalid UTF-8 at byte offset %zu\n", path, bad_at);
		rc = 2;
	}
	spread_row *rows = NULL;
	size_t n = 0, cap = 0, lineno = 0;
	int errors = 0;
	for (char *cur = text, *line; !rc && (line = text_next_line(&cur));) {
		lineno++;
		if (!*line || *line == '#')
			continue;
		char *f[7];
		size_t nf = split_tabs(line, f, 7);
		if (nf != 5 && nf != 6) {
			fprintf(diag, "%s:%zu: expected 5 tab-separated columns (6 with a classifier), "
			              "found %zu\n",
			        path, lineno, nf);
			errors++;
			continue;
		}
		char *cls = nf == 6 ? f[4] : "";
		if (nf == 6) {
			f[4] = f[5];
			spread_classifiers parsed;
			if (spread_parse_classifiers(cls, strlen(cls), &parsed)) {
				bad_row(diag, path, lineno, f[0],
				        "classifiers are written as source=Mainland, '|'-separated, "
				        "at most " SPREAD_STR(SPREAD_MAX_CLS) " (宗=例|宗新=例新)",
				        &errors);
				continue;
			}
		}
		if (strcmp(f[2], "spread") && strcmp(f[2], "stay")) {
			bad_row(diag, path, lineno, f[0], "action must be spread or stay", &errors);
			continue;
		}
		if (strcmp(f[3], "hk") && strcmp(f[3], "tw") && strcmp(f[3], "both")) {
			bad_row(diag, path, lineno, f[0], "region must be hk, tw or both", &errors);
			continue;
		}
		if (!*f[4]) {
			bad_row(diag, path, lineno, f[0], "a row needs a note (the evidence)", &errors);
			continue;
		}
		if (n == cap) {
			spread_row *v = array_grow(rows, &cap, sizeof *v, 64);
			if (!v) {
				rc = 2;
				break;
			}
			rows = v;
		}
		rows[n++] = (spread_row){.core = f[0], .form = f[1], .action = f[2], .region = f[3],
		                         .cls = cls, .file = path, .line = lineno};
	}
	for (size_t i = 0; !rc && i < n; i++) {
		spread_row *r = &rows[i];
		for (size_t j = 0; j < i; j++)
			if (!strcmp(rows[j].core, r->core))
				bad_row(diag, path, r->line, r->core, "listed twice", &errors);
		if (strcmp(r->action, "spread")) {
			counts->stay++;
			continue;
		}
		counts->spread++;
		size_t l, chars = 0;
		for (const char *c = r->core; *c; c += l, chars++)
			utf8_decode((const unsigned char *)c, strlen(c), &l);
		if (chars < 2) {
			bad_row(diag, path, r->line, r->core, "a core of one character never spreads",
			        &errors);
			continue;
		}
		char *plain = convert_str(hk2s, r->core);
		if (!plain) {
			rc = 2;
			break;
		}
		for (size_t k = 0; k < ts->n; k++) {
			const term *t = &ts->v[k];
			if (t->act == ACT_CANTONESE)
				continue;
			if (!strcmp(t->row, r->core)) {
				if (t->act == ACT_KEEP || t->act == ACT_CONVERT)
					bad_row(diag, t->file, t->line, r->core,
					        "a bare keep or convert row: nothing to spread", &errors);
				continue;
			}
			if (t->act == ACT_KEEP || (t->act == ACT_REVIEW && !t->tw_copy))
				continue;
			const char *core;
			size_t core_len;
			int mine;
			if (!frame_core(t->row, &core, &core_len)) {
				/* A bare row holding the core, which it writes in the form
				 * (確診個案 → 确诊病例 for 個案 → 病例), fires it too. */
				if (strchr(t->row, '{') || !strstr(t->source, r->core))
					continue;
				mine = strstr(t->mainland, r->form) != NULL;
			} else if (core_len != strlen(r->core) || memcmp(core, r->core, core_len)) {
				continue;
			} else {
				mine = form_of_row(t, r->form);
			}
			/* A row that writes the core otherwise is another sense
			 * (投訴個案 → 投诉案件 beside 確診個案 → 确诊病例): where it fires,
			 * the document does not hold one sense, and the core stays. A
			 * row that leaves the core as plain conversion writes it
			 * (創科及工業局 → 创科及工业局, a name) is neither. */
			if (!mine && strstr(t->mainland, plain))
				continue;
			/* The key's other spellings (入禀 for 入稟) are matched as the
			 * key is (lexicon.c), and fire as it does. */
			for (int tw = t->tw_copy ? 1 : 0; tw < 2; tw++) {
				buf *b = mine ? &r->trig[tw] : &r->other[tw];
				if (add_key(b, t->source, strlen(t->source)) ||
				    spelling_each(sp, t->source, add_key_spelling, b))
					rc = 2;
				r->n_trig[tw] += mine;
			}
		}
		free(plain);
		if (!r->n_trig[0] && !r->n_trig[1])
			bad_row(diag, path, r->line, r->core, "no row rewrites this core", &errors);
		counts->hk2cn += r->n_trig[0] > 0;
		counts->taiwan += r->n_trig[1] > 0;
	}
	if (!rc && !errors)
		rc = find_straddles(rows, n, words_path, diag);
	static const char *names[2] = {"HKCNSpread.txt", "HKCNSpreadTW.txt"};
	for (int tw = 0; !rc && !errors && tw < 2; tw++) {
		buf b = {0};
		const char *hdr = "# core\tform\ttrigger keys\tkeys of other senses\twords across its "
		                  "edges (offset:word)\tclassifiers (source=Mainland|…) (twdict lexicon, "
		                  "from dicts/sense/spread.tsv)\n";
		rc = buf_append(&b, hdr, strlen(hdr)) ? 2 : 0;
		for (size_t i = 0; !rc && i < n; i++) {
			const spread_row *r = &rows[i];
			if (!r->n_trig[tw])
				continue;
			if (buf_append(&b, r->core, strlen(r->core)) || buf_append(&b, "\t", 1) ||
			    buf_append(&b, r->form, strlen(r->form)) || buf_append(&b, "\t", 1) ||
			    buf_append(&b, r->trig[tw].data, r->trig[tw].len) || buf_append(&b, "\t", 1) ||
			    buf_append(&b, r->other[tw].data ? r->other[tw].data : "", r->other[tw].len) ||
			    buf_append(&b, "\t", 1) ||
			    buf_append(&b, r->straddles.data ? r->straddles.data : "", r->straddles.len) ||
			    (*r->cls && (buf_append(&b, "\t", 1) || buf_append(&b, r->cls, strlen(r->cls)))) ||
			    buf_append(&b, "\n", 1))
				rc = 2;
		}
		char *p = rc ? NULL : path_join(out, names[tw]);
		if (!rc && (!p || write_file_atomic(p, b.data, b.len)))
			rc = 2;
		free(p);
		buf_release(&b);
	}
	for (size_t i = 0; i < n; i++) {
		buf_release(&rows[i].trig[0]);
		buf_release(&rows[i].trig[1]);
		buf_release(&rows[i].other[0]);
		buf_release(&rows[i].other[1]);
		buf_release(&rows[i].straddles);
	}
	free(rows);
	free(text);
	free(path);
	return rc ? rc : errors ? 2 : 0;
}
