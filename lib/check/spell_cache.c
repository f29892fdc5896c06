/* Spelling verdicts, one per distinct word, kept in the lexicon.
 *
 * Hunspell's suggestion search costs tens of milliseconds a word, its
 * spell check microseconds; an editor or a batch run meets the same names
 * again and again. So the lexicon keeps what it learnt about a word (the
 * verdict, and the suggestions once asked for) for the life of the
 * process, in a table of bounded size that is emptied when full. Hunspell
 * itself is created on the first word that needs it. English is en_US or
 * en_GB: a word either knows is a word (Hong Kong copy spells the British
 * way, Mainland technical copy the American); suggestions come from en_US.
 *
 * A capitalised word Hunspell does not know is a name (Uber, Sammi, Tsai,
 * Payme: Chinese copy is full of them) unless it is a near miss of a known
 * word: six letters or more and one edit away from one of Hunspell's
 * suggestions (Goverment → Government). Only those need the suggestion
 * search to be judged; a lowercase unknown word is reported, and its
 * suggestions are looked for when a finding for it survives the filters.
 *
 * Everything here runs under lex->hunspell_lock: Hunspell is not
 * thread-safe, and the table is shared by every thread checking with the
 * lexicon. */
#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lexicon.h"
#include "libhunspell.h"

#define CACHE_MIN 256
#define CACHE_MAX 32768 /* slots; about 3.5 MB when full */

typedef struct spell_entry {
	char word[SPELL_MAX_WORD];
	unsigned char used, flag, sugg_done, n_sugg;
	/* how many of sugg a check gives: the near misses, not the Hunspell
	 * search a tw_spelling_suggest may have added since (a check's
	 * findings must not depend on what an editor asked before) */
	unsigned char n_near;
	char *sugg[SPELL_MAX_SUGG];
} spell_entry;

struct spell_cache {
	spell_entry *v;
	size_t cap, n;
};

static uint32_t word_hash(const char *w, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}

static void entry_release(spell_entry *e)
{
	for (size_t i = 0; i < e->n_sugg; i++)
		free(e->sugg[i]);
	e->n_sugg = e->n_near = 0;
	e->used = 0;
}

static void cache_clear(struct spell_cache *sc)
{
	for (size_t i = 0; i < sc->cap; i++)
		if (sc->v[i].used)
			entry_release(&sc->v[i]);
	sc->n = 0;
}

void spell_cache_free(tw_lexicon *lex)
{
	if (!lex->spell)
		return;
	cache_clear(lex->spell);
	free(lex->spell->v);
	free(lex->spell);
	lex->spell = NULL;
}

static spell_entry *probe(struct spell_cache *sc, const char *word, size_t n)
{
	size_t mask = sc->cap - 1, i = word_hash(word, n) & mask;
	while (sc->v[i].used && strcmp(sc->v[i].word, word))
		i = (i + 1) & mask;
	return &sc->v[i];
}

/* The entry for word, found or made (used = 0 until filled); NULL on OOM. */
static spell_entry *cache_slot(tw_lexicon *lex, const char *word, size_t n)
{
	struct spell_cache *sc = lex->spell;
	if (!sc) {
		if (!(sc = calloc(1, sizeof *sc)) || !(sc->v = calloc(CACHE_MIN, sizeof *sc->v))) {
			free(sc);
			return NULL;
		}
		sc->cap = CACHE_MIN;
		lex->spell = sc;
	}
	spell_entry *e = probe(sc, word, n);
	if (e->used)
		return e;
	if ((sc->n + 1) * 4 > sc->cap * 3) {
		if (sc->cap >= CACHE_MAX) {
			cache_clear(sc); /* bounded: forget, do not grow */
		} else {
			spell_entry *nv = calloc(sc->cap * 2, sizeof *nv);
			if (!nv)
				return NULL;
			spell_entry *old = sc->v;
			size_t old_cap = sc->cap;
			sc->v = nv;
			sc->cap *= 2;
			for (size_t i = 0; i < old_cap; i++)
				if (old[i].used)
					*probe(sc, old[i].word, strlen(old[i].word)) = old[i];
			free(old);
		}
		e = probe(sc, word, n);
	}
	memset(e, 0, sizeof *e);
	memcpy(e->word, word, n + 1);
	return e;
}

static int hunspell_ready(tw_lexicon *lex)
{
	if (lex->hunspell)
		return TW_OK;
	if (lex->hunspell_failed)
		return TW_EFORMAT;
	if (libhunspell_open(NULL)) {
		lex->hunspell_failed = 1;
		return TW_EFORMAT;
	}
	lex->hunspell = libhunspell.create(TW_HUNSPELL_DIR "/en_US.aff", TW_HUNSPELL_DIR "/en_US.dic");
	if (!lex->hunspell) {
		lex->hunspell_failed = 1;
		return TW_EFORMAT;
	}
	return TW_OK;
}

/* Does en_US or en_GB know word? en_GB is created on the first word en_US
 * does not know (-1: it cannot be). */
static int hunspell_knows(tw_lexicon *lex, const char *word)
{
	if (libhunspell.spell(lex->hunspell, word))
		return 1;
	if (!lex->hunspell_gb) {
		lex->hunspell_gb =
			libhunspell.create(TW_HUNSPELL_DIR "/en_GB.aff", TW_HUNSPELL_DIR "/en_GB.dic");
		if (!lex->hunspell_gb)
			return -1;
	}
	return libhunspell.spell(lex->hunspell_gb, word) != 0;
}

/* One edit (substitution, insertion, deletion or swap of neighbours)
 * apart, ignoring case? */
static int one_edit(const char *a, size_t na, const char *b, size_t nb)
{
	if (na > nb)
		return one_edit(b, nb, a, na);
	if (nb - na > 1)
		return 0;
	size_t i = 0;
	while (i < na && tolower((unsigned char)a[i]) == tolower((unsigned char)b[i]))
		i++;
	if (i == na)
		return nb - na == 1;
	if (na == nb) {
		if (i + 1 < na && tolower((unsigned char)a[i]) == tolower((unsigned char)b[i + 1]) &&
		    tolower((unsigned char)a[i + 1]) == tolower((unsigned char)b[i]) &&
		    !strncasecmp(a + i + 2, b + i + 2, na - i - 2))
			return 1;
		return !strncasecmp(a + i + 1, b + i + 1, na - i - 1);
	}
	return !strncasecmp(a + i, b + i + 1, na - i);
}

static int capitalised(const char *w, size_t n)
{
	if (!isupper((unsigned char)w[0]))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (isupper((unsigned char)w[i]))
			return 0;
	return 1;
}

/* What e->sugg holds: nothing asked yet, the word list's near misses, or
 * Hunspell's full search as well. */
enum { SUGG_NONE, SUGG_NEAR, SUGG_FULL };

/* Hunspell's suggestions for e->word: keeps the first SPELL_MAX_SUGG and
 * returns whether one of all of them is a near miss. */
static int suggest(tw_lexicon *lex, spell_entry *e, size_t n, int *oom)
{
	char **list = NULL;
	int ns = libhunspell.suggest(lex->hunspell, &list, e->word);
	int near = 0;
	for (int i = 0; i < ns; i++) {
		near |= one_edit(e->word, n, list[i], strlen(list[i]));
		if (e->n_sugg < SPELL_MAX_SUGG) {
			char *copy = str_dup_n(list[i], strlen(list[i]));
			if (!copy)
				*oom = 1;
			else
				e->sugg[e->n_sugg++] = copy;
		}
	}
	if (list)
		libhunspell.free_list(lex->hunspell, &list, ns);
	if (!lex->spellwords)
		e->n_near = e->n_sugg; /* no list: Hunspell is the check's source too */
	e->sugg_done = SUGG_FULL;
	return near;
}

/* The near misses of e->word in the word list, kept as its suggestions. */
static void near_list(tw_lexicon *lex, spell_entry *e, size_t n, int two, int *oom)
{
	char near[SPELL_MAX_SUGG][SPELL_MAX_WORD];
	size_t k = spell_near(lex, e->word, n, two, near, SPELL_MAX_SUGG);
	for (size_t i = 0; i < k; i++) {
		char *copy = str_dup_n(near[i], strlen(near[i]));
		if (!copy) {
			*oom = 1;
			break;
		}
		e->sugg[e->n_sugg++] = copy;
	}
	e->n_near = e->n_sugg;
	e->sugg_done = SUGG_NEAR;
}

/* Is the capitalised e->word a near miss of a known word (one edit)? With
 * no word list, Hunspell's suggestions answer. */
static int near_miss(tw_lexicon *lex, spell_entry *e, size_t n, int *oom)
{
	if (!lex->spellwords)
		return suggest(lex, e, n, oom);
	/* one edit found means the two-edit pass would not run: the list is final */
	near_list(lex, e, n, 0, oom);
	if (!e->n_sugg)
		e->sugg_done = 0;
	return e->n_sugg > 0;
}

int spellwords_open(tw_lexicon *lex, const char *dir, tw_error *err)
{
	char *path = path_join(dir, "spellwords.txt");
	if (!path)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	struct stat st;
	if (fd < 0)
		return TW_OK;
	if (!fstat(fd, &st) && st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			lex->spellwords = m;
			lex->spellwords_len = (size_t)st.st_size;
		}
	}
	close(fd);
	return TW_OK;
}

void spellwords_close(tw_lexicon *lex)
{
	if (lex->spellwords)
		munmap((void *)lex->spellwords, lex->spellwords_len);
	lex->spellwords = NULL;
}

int spell_verdict(const tw_lexicon *clex, const char *word, size_t n)
{
	/* What Hunspell's answer cannot change, or what it is known to be:
	 * a capitalised word under six letters is a name when Hunspell does
	 * not know it and a word when it does, fine either way. */
	if ((n < 6 && capitalised(word, n)) || spell_known(clex, word, n))
		return 0;
	tw_lexicon *lex = (tw_lexicon *)clex; /* only the lock-guarded state is touched */
	pthread_mutex_lock(&lex->hunspell_lock);
	int rc = hunspell_ready(lex);
	spell_entry *e = rc ? NULL : cache_slot(lex, word, n);
	if (!rc && !e)
		rc = TW_ENOMEM;
	int known = rc || !e || e->used ? 1 : hunspell_knows(lex, word);
	if (known < 0)
		rc = TW_EFORMAT;
	if (!rc && !e->used) {
		int oom = 0, flag = 0;
		if (!known)
			flag = !capitalised(word, n) || (n >= 6 && near_miss(lex, e, n, &oom));
		if (oom) {
			entry_release(e);
			rc = TW_ENOMEM;
		} else {
			e->flag = (unsigned char)flag;
			e->used = 1;
			lex->spell->n++;
		}
	}
	if (!rc)
		rc = e->flag;
	pthread_mutex_unlock(&lex->hunspell_lock);
	return rc;
}

int spell_suggestions(const tw_lexicon *clex, const char *word, size_t n, int full, char **out,
                      size_t *n_out)
{
	tw_lexicon *lex = (tw_lexicon *)clex;
	*n_out = 0;
	pthread_mutex_lock(&lex->hunspell_lock);
	spell_entry *e = cache_slot(lex, word, n);
	int rc = e ? TW_OK : TW_ENOMEM;
	int oom = 0;
	if (!rc && e->sugg_done == SUGG_NONE && lex->spellwords)
		near_list(lex, e, n, 1, &oom);
	/* Hunspell's search when the list has no near miss and the caller can
	 * wait for it, or when there is no list */
	if (!rc && !oom && e->sugg_done != SUGG_FULL && !e->n_sugg &&
	    (full || e->sugg_done == SUGG_NONE) && !(rc = hunspell_ready(lex)))
		suggest(lex, e, n, &oom);
	if (!rc && oom) {
		/* keep the verdict, forget a partial list */
		for (size_t i = 0; i < e->n_sugg; i++)
			free(e->sugg[i]);
		e->n_sugg = e->n_near = 0;
		e->sugg_done = 0;
	}
	if (!rc && !e->used) {
		/* the table was emptied since the verdict; only a flagged word asks */
		e->flag = 1;
		e->used = 1;
		lex->spell->n++;
	}
	size_t give = rc ? 0 : full ? e->n_sugg : e->n_near;
	for (size_t i = 0; i < give; i++) {
		if (!(out[i] = str_dup_n(e->sugg[i], strlen(e->sugg[i])))) {
			oom = 1;
			break;
		}
		(*n_out)++;
	}
	if (!rc && oom) {
		for (size_t i = 0; i < *n_out; i++)
			free(out[i]);
		*n_out = 0;
		rc = TW_ENOMEM;
	}
	pthread_mutex_unlock(&lex->hunspell_lock);
	return rc;
}
