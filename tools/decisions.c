/* twdict: how the lexicon decides a mined word, and the share of a mined
 * list it decides.
 *
 * A word is decided when it is a form of a term-table entry (convert,
 * review, keep) or of a Cantonese entry (either script, from the built
 * lexicon.tsv), a gazetteer name (either script, from the guard dictionary
 * HKCNGuard.twd beside it), or a line of dicts/mined/ok*.tsv (a word
 * reviewed and found right for Mainland readers after plain conversion). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "internal.h"
#include "twdict.h"

typedef struct dvec {
	dict_entry *v;
	size_t n, cap;
	char **owned;
	size_t n_owned;
} dvec;

static int dpush(dvec *d, const char *k, size_t kn, const char *val)
{
	if (!kn)
		return 0;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 4096;
		dict_entry *v = realloc(d->v, cap * sizeof *v);
		char **o = realloc(d->owned, cap * sizeof *o);
		if (o)
			d->owned = o;
		if (!v || !o)
			return -1;
		d->v = v;
		d->cap = cap;
	}
	char *key = str_dup_n(k, kn);
	if (!key)
		return -1;
	d->owned[d->n_owned++] = key;
	d->v[d->n++] = (dict_entry){key, kn, val, strlen(val), 0};
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const dict_entry *x = a, *y = b;
	size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
	int c = memcmp(x->key, y->key, n);
	return c ? c : (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

static int read_lexicon(dvec *d, const char *path)
{
	char *text;
	size_t len;
	tw_error err = {0};
	if (read_file(&text, &len, path, 64u << 20, &err)) {
		fprintf(stderr, "twdict: %s\n", err.message);
		return -1;
	}
	static const char *const actions[] = {"convert", "review", "keep", "cantonese"};
	int rc = 0;
	for (char *cur = text, *line; (line = text_next_line(&cur)) && !rc;) {
		if (line[0] == '#')
			continue;
		/* form TAB source TAB action … */
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2)
			continue;
		const char *act = NULL;
		for (size_t i = 0; i < 4; i++)
			if (!strncmp(t2 + 1, actions[i], strlen(actions[i])))
				act = actions[i];
		if (act)
			rc = dpush(d, line, (size_t)(t1 - line), act);
	}
	free(text);
	return rc;
}

static int read_names(dvec *d, const char *guard_path)
{
	tw_dict g;
	tw_error err = {0};
	if (dict_open_file(&g, guard_path, &err)) {
		fprintf(stderr, "twdict: %s\n", err.message);
		return -1;
	}
	int rc = 0;
	for (uint32_t i = 0; i < g.n_slots && !rc; i++) {
		const twd_slot *sl = &g.slots[i];
		if (!(sl->flags & TWD_KEY) || !memchr(g.pool + sl->val_off, 'N', sl->val_len))
			continue;
		rc = dpush(d, g.pool + sl->key_off, sl->key_len, "name");
	}
	dict_close(&g);
	return rc;
}

static int read_ok(dvec *d, const char *dicts)
{
	char *dir = path_join(dicts, "mined");
	DIR *dd = dir ? opendir(dir) : NULL;
	int rc = 0;
	for (struct dirent *e; dd && !rc && (e = readdir(dd));) {
		if (strncmp(e->d_name, "ok", 2) || !strstr(e->d_name, ".tsv"))
			continue;
		char *path = path_join(dir, e->d_name), *text;
		size_t len;
		tw_error err = {0};
		if (!path || read_file(&text, &len, path, 64u << 20, &err)) {
			fprintf(stderr, "twdict: %s\n", path ? err.message : "out of memory");
			free(path);
			rc = -1;
			break;
		}
		for (char *cur = text, *line; (line = text_next_line(&cur)) && !rc;) {
			if (line[0] != '#')
				rc = dpush(d, line, strcspn(line, "\t"), "ok");
		}
		free(text);
		free(path);
	}
	if (dd)
		closedir(dd);
	free(dir);
	return rc;
}

int mine_decisions(tw_dict *out, const char *dicts, const char *lexicon_tsv)
{
	dvec d = {0};
	char *dir = str_dup_n(lexicon_tsv, strlen(lexicon_tsv));
	char *slash = dir ? strrchr(dir, '/') : NULL;
	if (slash)
		*slash = '\0';
	char *guard = dir ? path_join(slash ? dir : ".", "HKCNGuard.twd") : NULL;
	int rc = !guard || read_lexicon(&d, lexicon_tsv) || read_names(&d, guard) ||
	         read_ok(&d, dicts);
	free(guard);
	free(dir);
	/* One value per key (a word decided twice keeps either decision). The
	 * dictionary format needs a key: an empty decision list gets one that
	 * no word can be. */
	if (!rc && !d.n)
		rc = dpush(&d, "\x01", 1, "-");
	if (!rc) {
		qsort(d.v, d.n, sizeof *d.v, cmp_entry);
		size_t k = 0;
		for (size_t i = 0; i < d.n; i++)
			if (!k || cmp_entry(&d.v[k - 1], &d.v[i]))
				d.v[k++] = d.v[i];
		unsigned char *img;
		size_t size;
		tw_error err = {0};
		if (dict_build(&img, &size, d.v, k, &err) ||
		    dict_open_image(out, img, size, "decisions", &err)) {
			fprintf(stderr, "twdict: %s\n", err.message);
			rc = -1;
		}
	}
	for (size_t i = 0; i < d.n_owned; i++)
		free(d.owned[i]);
	free(d.owned);
	free(d.v);
	return rc ? -1 : 0;
}
