/* Loading the checker's data: the term lexicon (lexicon.tsv, both scripts,
 * with the word classes and contexts of Cantonese entries),
 * the script table (script.tsv), the spelling word list (words.txt), Hunspell
 * en_US, and the profiles that suggest the other script. */
#include "lexicon.h"
#include "libhunspell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define MAX_DATA_FILE ((size_t)64 << 20)

static int action_of(const char *s)
{
	if (!strcmp(s, "convert"))
		return LEX_CONVERT;
	if (!strcmp(s, "review"))
		return LEX_REVIEW;
	if (!strcmp(s, "keep"))
		return LEX_KEEP;
	if (!strcmp(s, "cantonese"))
		return LEX_CANTONESE;
	if (!strcmp(s, "class"))
		return LEX_CLASS;
	return -1;
}

/* Splits s in place at each '|' into r->sugg, which takes its room from
 * *store (counted for the whole file: one allocation, not one a row). */
static void split_sugg(lex_row *r, char *s, char ***store)
{
	r->sugg = *store;
	for (char *p = s;;) {
		size_t l = strcspn(p, "|");
		int end = !p[l];
		p[l] = '\0';
		if (l)
			r->sugg[r->n_sugg++] = p;
		if (end)
			break;
		p += l + 1;
	}
	*store += r->n_sugg;
}

/* When one key belongs to several rows, keep rows come first: a form some
 * entry says must survive is never flagged; then the rows of the word as
 * written over those that reach the form through plain conversion (意欲,
 * the verb a review row leaves, over 意慾 → 意愿, whose Simplified form it
 * is: a Mainland writer's 意欲 is that word); then convert rows; among
 * equals the first row in the file. */
static int row_rank(const lex_row *r)
{
	if (r->action == LEX_KEEP)
		return 0;
	int converted = r->form != r->source && strcmp(r->form, r->source);
	return 1 + 2 * converted + (r->action != LEX_CONVERT);
}

const char *lex_index_key(const lex_row *r, int mainland)
{
	if (!mainland)
		return r->action == LEX_CLASS ? NULL : r->form;
	return r->action == LEX_CONVERT && r->n_sugg == 1 && strcmp(r->form, r->sugg[0])
	               ? r->sugg[0]
	               : NULL;
}

/* Row i's action and form, without making its row. */
static int row_action(const tw_lexicon *lex, size_t i)
{
	return lex->rec ? (int)lex->rec[i].action : lex->rows[i].action;
}

static const char *row_form(const tw_lexicon *lex, size_t i)
{
	return lex->rec ? lex->rows_text + lex->rec[i].form : lex->rows[i].form;
}

/* Parses the context of each row; the classes are the LEX_CLASS rows. */
int lex_parse_contexts(tw_lexicon *lex, const char *path, tw_error *err)
{
	size_t nc = 0;
	for (size_t i = 0; i < lex->n_rows; i++)
		nc += row_action(lex, i) == LEX_CLASS;
	ctx_class *cls = malloc((nc + 1) * sizeof *cls);
	if (!cls)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	nc = 0;
	for (size_t i = 0; i < lex->n_rows; i++)
		if (row_action(lex, i) == LEX_CLASS) {
			const lex_row *r = lex_row_at(lex, i);
			cls[nc++] = (ctx_class){r->form, r->sugg, r->n_sugg};
		}
	int rc = TW_OK;
	const lex_spec *specs = lex->specs;
	free(lex->contexts);
	lex->contexts = calloc(lex->n_specs + 1, sizeof *lex->contexts);
	if (!lex->contexts) {
		free(cls);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	for (size_t i = 0; i < lex->n_specs && !rc; i++) {
		size_t row = specs[i].row;
		/* A row not made yet takes its context when it is made. */
		lex_context **ctx = lex->row_ctx ? &lex->row_ctx[row] : &lex->rows[row].ctx;
		char why[160];
		int pr = ctx_parse(ctx, specs[i].spec, cls, nc, why, sizeof why);
		lex->contexts[i] = *ctx;
		if (lex->chunk_made && (lex->chunk_made[(row >> LEX_CHUNK_BITS) >> 6] >>
		                        ((row >> LEX_CHUNK_BITS) & 63)) & 1)
			lex->rows[row].ctx = *ctx;
		if (pr == -2)
			rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
		else if (pr)
			rc = tw_fail(err, TW_EFORMAT, specs[i].offset,
			             "%s:%zu (byte offset %zu): context of %s: %s", path, specs[i].line,
			             specs[i].offset, row_form(lex, row), why);
	}
	free(cls);
	return rc;
}

/* Reads dir/name, which must be valid UTF-8; *path (for messages, malloc'd)
 * and *text (zmap_free(*text, *mapped)) belong to the caller on success. */
static int read_data(const char *dir, const char *name, char **path, char **text, size_t *len,
                     size_t *mapped, tw_error *err)
{
	*text = NULL;
	if (!(*path = path_join(dir, name)))
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	int rc = read_file_zmap(text, len, mapped, *path, MAX_DATA_FILE, err);
	size_t bad;
	if (!rc && tw_utf8_validate(*text, *len, &bad)) {
		rc = tw_fail(err, TW_EUTF8, bad, "%s: invalid UTF-8 at byte offset %zu", *path, bad);
		zmap_free(*text, *mapped);
		*text = NULL;
	}
	if (rc) {
		free(*path);
		*path = NULL;
	}
	return rc;
}

int lex_load_terms(tw_lexicon *lex, const char *dir, tw_error *err)
{
	char *path, *text;
	size_t len;
	int rc = read_data(dir, "lexicon.tsv", &path, &text, &len, &lex->text_mapped, err);
	if (rc)
		return rc;
	lex->tsv_len = len;
	lex->tsv_hash = lex_text_hash(text, len);
	uint64_t on_disk;
	if (lex_file_time(path, &on_disk, &lex->tsv_mtime_ns) || on_disk != len)
		lex->tsv_mtime_ns = 0; /* changed while read: nothing to trust */
	lex->text_len = len + 1;
	/* Lines that can be rows: not blank, not a comment. */
	size_t lines = *text != '#' && *text != '\n', bars = 0;
	for (const char *p = text, *e = text + len; (p = memchr(p, '\n', (size_t)(e - p))); p++)
		lines += p[1] != '#' && p[1] != '\n' && p[1] != '\0';
	for (const char *p = text, *e = text + len; (p = memchr(p, '|', (size_t)(e - p))); p++)
		bars++;
	lex->rows_mapped = (lines ? lines : 1) * sizeof *lex->rows;
	lex->rows = zmap(lex->rows_mapped);
	/* A row has at most one suggestion more than its '|'s. */
	lex->sugg_store = malloc((lines + bars) * sizeof *lex->sugg_store);
	char **store = lex->sugg_store;
	size_t cap_specs = 0;
	if (!lex->rows || !lex->sugg_store) {
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
		goto out;
	}
	size_t lineno = 0;
	for (char *cur = text, *line; (line = text_next_line(&cur)) && !rc;) {
		lineno++;
		if (*line && *line != '#') {
			char *f[8];
			size_t n = 0;
			for (char *p = line; n < 8;) {
				f[n++] = p;
				char *t = strchr(p, '\t');
				if (!t)
					break;
				*t = '\0';
				p = t + 1;
			}
			/* The eighth column, the context, is optional. */
			int act = n == 7 || n == 8 ? action_of(f[2]) : -1;
			if (act < 0 || !*f[0]) {
				rc = tw_fail(err, TW_EFORMAT, (size_t)(line - text),
				             "%s:%zu: malformed lexicon line", path, lineno);
				break;
			}
			/* The strings stay in the file's text, which the lexicon keeps:
			 * thousands of small copies were most of the load time. */
			lex_row *r = &lex->rows[lex->n_rows++];
			r->action = act;
			r->form = f[0];
			r->source = f[1];
			r->region = f[3];
			r->domain = f[4];
			r->note = f[6];
			split_sugg(r, f[5], &store);
			if (n == 8 && *f[7]) {
				if (lex->n_specs == cap_specs) {
					cap_specs = cap_specs ? 2 * cap_specs : 256;
					lex_spec *g = realloc(lex->specs, cap_specs * sizeof *g);
					if (!g) {
						rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
						break;
					}
					lex->specs = g;
				}
				lex->specs[lex->n_specs++] =
					(lex_spec){lex->n_rows - 1, lineno, (size_t)(line - text), f[7]};
			}
		}
	}
	if (!rc)
		rc = lex_parse_contexts(lex, path, err);
	if (!rc)
		rc = lex_index_build(&lex->forms, lex, 0, row_rank, err);

out:
	lex->rows_text = text;
	free(path);
	return rc;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Characters beyond the BMP are a sorted array of code point << 8 | 'T'
 * or 'S': a few hundred of them did not need a dictionary image. */
static int load_script(tw_lexicon *lex, const char *dir, tw_error *err)
{
	char *path, *text;
	size_t len, mapped;
	int rc = read_data(dir, "script.tsv", &path, &text, &len, &mapped, err);
	if (rc)
		return rc;
	size_t cap = 0;
	for (char *cur = text, *line; (line = text_next_line(&cur)) && !rc;) {
		char *tab = strchr(line, '\t');
		if (*line != '#' && tab && (tab[1] == 'T' || tab[1] == 'S')) {
			size_t l;
			uint32_t cp = utf8_decode((const unsigned char *)line, (size_t)(tab - line), &l);
			if (cp < 0x10000) {
				lex->script[cp] = (uint8_t)tab[1];
			} else if (l == (size_t)(tab - line)) { /* a longer key never matched */
				if (lex->n_script_big == cap) {
					cap = cap ? cap * 2 : 256;
					uint32_t *g = realloc(lex->script_big, cap * sizeof *g);
					if (!g) {
						rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
						break;
					}
					lex->script_big = g;
				}
				lex->script_big[lex->n_script_big++] = cp << 8 | (uint8_t)tab[1];
			}
		}
	}
	if (!rc && lex->n_script_big) {
		qsort(lex->script_big, lex->n_script_big, sizeof *lex->script_big, cmp_u32);
		for (size_t i = 1; i < lex->n_script_big && !rc; i++)
			if (lex->script_big[i] >> 8 == lex->script_big[i - 1] >> 8)
				rc = tw_fail(err, TW_EFORMAT, 0, "%s: U+%04X listed twice", path,
				             (unsigned)(lex->script_big[i] >> 8));
	}
	zmap_free(text, mapped);
	free(path);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_words(tw_lexicon *lex, const char *dir, tw_error *err)
{
	char *path, *text;
	size_t len, mapped;
	int rc = read_data(dir, "words.txt", &path, &text, &len, &mapped, err);
	if (rc)
		return rc;
	free(path);
	size_t cap = 64;
	lex->words = malloc(cap * sizeof *lex->words);
	for (char *cur = text, *line; lex->words && (line = text_next_line(&cur));) {
		size_t l = strcspn(line, "\r");
		if (l && *line != '#') {
			if (lex->n_words == cap) {
				char **g = realloc(lex->words, (cap *= 2) * sizeof *g);
				if (!g)
					break;
				lex->words = g;
			}
			if (!(lex->words[lex->n_words] = str_dup_n(line, l)))
				break;
			lex->n_words++;
		}
	}
	zmap_free(text, mapped);
	if (!lex->words)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	qsort(lex->words, lex->n_words, sizeof *lex->words, cmp_str);
	return TW_OK;
}

int lex_word_listed(const tw_lexicon *lex, const char *word, size_t n)
{
	size_t lo = 0, hi = lex->n_words;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(lex->words[mid], word, n);
		if (!c && lex->words[mid][n])
			c = 1;
		if (!c)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int lex_script(const tw_lexicon *lex, uint32_t cp)
{
	if (cp < 0x10000)
		return lex->script[cp];
	size_t lo = 0, hi = lex->n_script_big;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		uint32_t c = lex->script_big[mid] >> 8;
		if (c == cp)
			return (int)(lex->script_big[mid] & 0xFF);
		if (c < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* A convert row and the first eight bytes of its first suggestion, big
 * endian and NUL-padded, so that comparing keys orders as strcmp does
 * until a tie. */
typedef struct sugg_key {
	uint64_t key;
	lex_row *row;
} sugg_key;

static int sugg_less(const sugg_key *x, const sugg_key *y)
{
	if (x->key != y->key)
		return x->key < y->key;
	return strcmp(x->row->sugg[0], y->row->sugg[0]) < 0;
}

/* Numbers the concepts (the Mainland forms convert entries name) in the
 * order of their names, so that the consistency rule groups occurrences by
 * integer. A merge sort on the keys: qsort's calls to a comparator and
 * strcmp were a tenth of a CLI check of 2 KB. */
int lex_number_concepts(tw_lexicon *lex, tw_error *err)
{
	sugg_key *v = malloc(2 * (lex->n_rows + 1) * sizeof *v), *t;
	if (!v)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	t = v + lex->n_rows + 1;
	size_t n = 0;
	for (size_t i = 0; i < lex->n_rows; i++) {
		lex_row *r = &lex->rows[i];
		if (r->action != LEX_CONVERT || !r->n_sugg)
			continue;
		uint64_t k = 0;
		const unsigned char *p = (const unsigned char *)r->sugg[0];
		for (int b = 0; b < 8; b++) {
			k = k << 8 | *p;
			p += *p != 0;
		}
		v[n++] = (sugg_key){k, r};
	}
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, o = lo;
			while (i < mid && j < hi)
				t[o++] = sugg_less(&v[j], &v[i]) ? v[j++] : v[i++];
			while (i < mid)
				t[o++] = v[i++];
			while (j < hi)
				t[o++] = v[j++];
		}
		sugg_key *x = v;
		v = t;
		t = x;
	}
	for (size_t i = 0; i < n; i++) {
		if (i && (v[i].key != v[i - 1].key || strcmp(v[i].row->sugg[0], v[i - 1].row->sugg[0])))
			lex->n_concepts++;
		v[i].row->concept = (uint32_t)lex->n_concepts;
	}
	lex->n_concepts += n > 0;
	free(v < t ? v : t);
	return TW_OK;
}

/* Marks the first characters of a key in cls and its first two or three
 * in the start filter (lexicon.h). */
static void mark_key(uint8_t *cls, const char *key, uint64_t *pair, unsigned start,
                     unsigned alone)
{
	const unsigned char *k = (const unsigned char *)key;
	size_t n = strlen(key), l1, l2;
	uint32_t a = utf8_decode(k, n, &l1);
	if (l1 == n) {
		if (a < 0x10000)
			cls[a] |= (uint8_t)(start | alone);
		return;
	}
	if (a < 0x10000)
		cls[a] |= (uint8_t)start;
	uint32_t b = utf8_decode(k + l1, n - l1, &l2), h = lex_pair_hash(a, b);
	pair[h >> 6] |= (uint64_t)1 << (h & 63);
	if (l1 + l2 == n) {
		pair[LEX_PAIR_WORDS + (h >> 6)] |= (uint64_t)1 << (h & 63);
	} else {
		size_t l3;
		h = lex_tri_hash(a, b, utf8_decode(k + l1 + l2, n - l1 - l2, &l3));
		pair[2 * LEX_PAIR_WORDS + (h >> 6)] |= (uint64_t)1 << (h & 63);
	}
}

void lex_mark_keys(const tw_lexicon *lex, uint8_t *cls, uint64_t *pair_forms,
                   uint64_t *pair_mainland)
{
	for (size_t i = 0; i < lex->n_rows; i++) {
		const lex_row *r = &lex->rows[i];
		if (r->action == LEX_CLASS)
			continue;
		mark_key(cls, r->form, pair_forms, LEX_CFORM, LEX_CFORM1);
		const char *m = lex_index_key(r, 1);
		if (m)
			mark_key(cls, m, pair_mainland, LEX_CMAIN, LEX_CMAIN1);
	}
}

static int build_scan_tables(tw_lexicon *lex, tw_error *err)
{
	static const uint32_t punct[] = {',',    ';',    ':',    '?',    '!',    0x2018, 0x2019,
	                                 0x201C, 0x201D, 0x2027, 0x3008, 0x300A, 0x300B, 0x300C,
	                                 0x300D, 0x300E, 0x300F, 0x3010, 0x3011, 0xFE30, 0xFE50,
	                                 0xFE51, 0xFE54, 0xFE55, 0xFE56, 0xFE57, 0xFF08, 0xFF09};
	for (size_t cp = 0; cp < 65536; cp++)
		lex->cls[cp] = lex->script[cp] == 'T'   ? LEX_CTRAD
		               : lex->script[cp] == 'S' ? LEX_CSIMP
		                                        : 0;
	for (size_t i = 0; i < sizeof punct / sizeof *punct; i++)
		lex->cls[punct[i]] |= LEX_CPUNCT;
	if (lex->cache) { /* the key bits and filters come compiled */
		for (size_t cp = 0; cp < 65536; cp++)
			lex->cls[cp] |= lex->cache_keycls[cp];
		return TW_OK;
	}
	size_t words = 3 * LEX_PAIR_WORDS;
	lex->pair_forms = calloc(words, sizeof *lex->pair_forms);
	lex->pair_mainland = calloc(words, sizeof *lex->pair_mainland);
	if (!lex->pair_forms || !lex->pair_mainland)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	lex_mark_keys(lex, lex->cls, lex->pair_forms, lex->pair_mainland);
	return TW_OK;
}

int lex_mainland_ready(const tw_lexicon *clex)
{
	tw_lexicon *lex = (tw_lexicon *)clex; /* only the lock-guarded index is touched */
	if (atomic_load_explicit(&lex->mainland_ready, memory_order_acquire))
		return TW_OK;
	pthread_mutex_lock(&lex->profile_lock);
	int rc = TW_OK;
	if (!atomic_load_explicit(&lex->mainland_ready, memory_order_relaxed)) {
		rc = lex_index_build(&lex->mainland, lex, 1, row_rank, NULL);
		if (!rc)
			atomic_store_explicit(&lex->mainland_ready, 1, memory_order_release);
	}
	pthread_mutex_unlock(&lex->profile_lock);
	return rc;
}

const tw_profile *lex_script_profile(const tw_lexicon *clex, tw_target target, tw_error *err)
{
	static const char *const names[] = {"hk2s-std", "s2hk", "s2tw"};
	tw_lexicon *lex = (tw_lexicon *)clex; /* only the lock-guarded slots are touched */
	tw_profile **slot = target == TW_TARGET_CN   ? &lex->to_simp
	                    : target == TW_TARGET_HK ? &lex->to_hk
	                                             : &lex->to_tw;
	pthread_mutex_lock(&lex->profile_lock);
	if (!*slot) {
		tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
		po.data_dir = lex->data_dir;
		tw_profile_open(slot, names[target == TW_TARGET_CN ? 0 : target == TW_TARGET_HK ? 1 : 2],
		                &po, err);
	}
	const tw_profile *p = *slot;
	pthread_mutex_unlock(&lex->profile_lock);
	return p;
}

int tw_lexicon_open(tw_lexicon **out, const char *data_dir, tw_error *err)
{
	if (!out)
		return tw_fail(err, TW_EINVAL, 0, "tw_lexicon_open: out is NULL");
	*out = NULL;
	const char *dir = data_dir ? data_dir : tw_default_data_dir();
	tw_lexicon *lex = calloc(1, sizeof *lex);
	if (!lex)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	pthread_mutex_init(&lex->hunspell_lock, NULL);
	pthread_mutex_init(&lex->profile_lock, NULL);
	pthread_mutex_init(&lex->rows_lock, NULL);
	/* The compiled lexicon (lexcache.c) when it was made from this
	 * lexicon.tsv, else the text. */
	int rc = lex_cache_open(lex, dir, err);
	if (rc == 0)
		rc = lex_load_terms(lex, dir, err);
	else if (rc == 1)
		rc = TW_OK;
	if (!rc)
		rc = load_script(lex, dir, err);
	if (!rc)
		rc = load_words(lex, dir, err);
	if (!rc && !lex->cache)
		rc = lex_number_concepts(lex, err);
	if (!rc)
		rc = build_scan_tables(lex, err);
	if (!rc)
		rc = lexicon_load_standard(lex, dir, err);
	if (!rc)
		rc = segwords_open(lex, dir, err);
	if (!rc)
		rc = spellwords_open(lex, dir, err);
	/* Hunspell is created, and the suggestion profiles opened, when a check
	 * first needs them; a missing dictionary is still an error here. */
	if (!rc) {
		static const char *const files[][3] = {
			{TW_HUNSPELL_DIR "/en_US.aff", TW_HUNSPELL_DIR "/en_US.dic", "en_US"},
			{TW_HUNSPELL_DIR "/en_GB.aff", TW_HUNSPELL_DIR "/en_GB.dic", "en_GB"}};
		for (size_t i = 0; !rc && i < 2; i++)
			if (!file_exists(files[i][0]) || !file_exists(files[i][1]))
				rc = tw_fail(err, TW_ENOTFOUND, 0,
				             "Hunspell %s dictionary not found in %s (Debian: hunspell-%s)",
				             files[i][2], TW_HUNSPELL_DIR, i ? "en-gb" : "en-us");
	}
	if (!rc && !(lex->data_dir = str_dup_n(dir, strlen(dir))))
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
	if (rc) {
		tw_lexicon_free(lex);
		return rc;
	}
	*out = lex;
	return TW_OK;
}

void lex_rows_release(tw_lexicon *lex)
{
	/* Every parsed context is in contexts (one per row with one). */
	for (size_t i = 0; lex->contexts && i < lex->n_specs; i++)
		ctx_free(lex->contexts[i]);
	zmap_free(lex->rows, lex->rows_mapped);
	free(lex->sugg_store);
	free(lex->specs);
	free(lex->contexts);
	free(lex->row_ctx);
	free(lex->chunk_made);
	lex->rows = NULL;
	lex->rows_mapped = 0;
	lex->sugg_store = NULL;
	lex->specs = NULL;
	lex->contexts = NULL;
	lex->row_ctx = NULL;
	lex->chunk_made = NULL;
	lex->rec = NULL;
	lex->rec_sugg = NULL;
	lex->n_rec_sugg = 0;
	lex->n_specs = lex->n_rows = 0;
}

void tw_lexicon_free(tw_lexicon *lex)
{
	if (!lex)
		return;
	lex_rows_release(lex);
	if (!lex->cache)
		zmap_free(lex->rows_text, lex->text_mapped);
	lex_index_free(&lex->forms);
	lex_index_free(&lex->mainland);
	free(lex->script_big);
	lexicon_free_standard(lex);
	segwords_close(lex);
	spellwords_close(lex);
	if (!lex->cache) {
		free(lex->pair_forms);
		free(lex->pair_mainland);
	}
	lex_cache_close(lex);
	for (size_t i = 0; i < lex->n_words; i++)
		free(lex->words[i]);
	free(lex->words);
	spell_cache_free(lex);
	if (lex->hunspell)
		libhunspell.destroy(lex->hunspell);
	if (lex->hunspell_gb)
		libhunspell.destroy(lex->hunspell_gb);
	pthread_mutex_destroy(&lex->hunspell_lock);
	pthread_mutex_destroy(&lex->profile_lock);
	pthread_mutex_destroy(&lex->rows_lock);
	free(lex->data_dir);
	tw_profile_free(lex->to_simp);
	tw_profile_free(lex->to_hk);
	tw_profile_free(lex->to_tw);
	free(lex);
}
