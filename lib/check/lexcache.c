/* The compiled lexicon, lexicon.twc: what tw_lexicon_open derives from
 * lexicon.tsv (the rows as offsets into the split text, the forms index,
 * the key filters and key classes, the concept numbers), written by the
 * build (twdict lexcache) and mapped at load. Parsing and indexing the
 * text was most of a CLI check of 2 KB; the mapped file is read only
 * where a check looks. The Mainland index is in it too: built at check
 * time, it read a key out of every row, and so every page of the text
 * (check_bench --rss-mb 100 on the sample's copy: 128.0 and 128.2 MB peak
 * RSS with the index built at check time, 118.3 both with it here).
 *
 * The file names the lexicon.tsv it was made from (size and a digest of
 * every byte): a data directory whose lexicon.tsv was replaced or edited
 * gets the text read as before. Every offset and size in the file is
 * checked before it is used: the header, records and contexts at load (a
 * file that fails is set aside for the text), an index slot where a
 * lookup reads it (a bad one is passed over). Damage can change what a
 * damaged file says, never make the checker read outside it. Rows are
 * made from the records a chunk at a time, where a check first needs one
 * (lex_rows_make). Contexts are parsed from their text at each load (a
 * few hundred). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lexicon.h"

#define LXC_MAGIC "TWLEXC1"
#define LXC_VERSION 4u /* 3: slots carry LEX_ISHARED; 4: the Mainland index */
#define LXC_NAME "lexicon.twc"

typedef struct lxc_header {
	char magic[8];
	uint32_t version, header_size;
	uint32_t row_size, slot_size, pair_words, pad;
	uint64_t tsv_len, tsv_hash;
	uint64_t tsv_mtime_ns; /* lexicon.tsv's modification time when the cache was made */
	uint64_t n_rows, n_sugg, n_specs, n_slots, n_concepts;
	uint64_t text_len; /* bytes, the last NUL included */
	uint64_t off_text, off_rows, off_sugg, off_specs, off_slots, off_pairs, off_keycls;
	uint64_t n_mslots, off_mslots; /* the Mainland index (version 4) */
	uint64_t total;
} lxc_header;

typedef struct lxc_spec {
	uint64_t row, line, offset, spec;
} lxc_spec;

uint64_t lex_text_hash(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDull;
		h ^= h >> 29;
	}
	uint64_t w = 0;
	memcpy(&w, s + i, n - i);
	h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
	return h ^ (h >> 32);
}

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

int lex_file_time(const char *path, uint64_t *len, uint64_t *mtime_ns)
{
	struct stat st;
	if (!path || stat(path, &st) || !S_ISREG(st.st_mode) || st.st_size <= 0)
		return -1;
	*len = (uint64_t)st.st_size;
	*mtime_ns = (uint64_t)st.st_mtim.tv_sec * 1000000000u + (uint64_t)st.st_mtim.tv_nsec;
	return 0;
}

/* Size and digest of the file at path (lexicon.tsv), read whole through a
 * mapping. */
static int tsv_digest(const char *path, uint64_t *len, uint64_t *hash)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	int rc = -1;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size > 0) {
		size_t n = (size_t)st.st_size;
		void *m = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			*len = n;
			*hash = lex_text_hash(m, n);
			munmap(m, n);
			rc = 0;
		}
	}
	close(fd);
	return rc;
}

static int section_ok(const lxc_header *h, uint64_t off, uint64_t count, uint64_t size)
{
	return off % 8 == 0 && off <= h->total && count <= (h->total - off) / size;
}

/* Is the mapped file one this build wrote, for this lexicon.tsv, with
 * every section inside it? */
static int header_ok(const lxc_header *h, size_t size, uint64_t tsv_len, uint64_t tsv_hash)
{
	return size >= sizeof *h && !memcmp(h->magic, LXC_MAGIC, 8) &&
	       h->version == LXC_VERSION && h->header_size == sizeof *h &&
	       h->row_size == sizeof(lxc_row) && h->slot_size == sizeof(lex_slot) &&
	       h->pair_words == LEX_PAIR_WORDS && h->total == size && h->tsv_len == tsv_len &&
	       h->tsv_hash == tsv_hash && h->text_len > 0 && h->n_rows < LEX_INDEX_MAX_ROWS &&
	       h->n_slots >= 2 && !(h->n_slots & (h->n_slots - 1)) && h->n_slots <= UINT32_MAX &&
	       h->n_mslots >= 2 && !(h->n_mslots & (h->n_mslots - 1)) && h->n_mslots <= UINT32_MAX &&
	       section_ok(h, h->off_text, h->text_len, 1) &&
	       section_ok(h, h->off_rows, h->n_rows, sizeof(lxc_row)) &&
	       section_ok(h, h->off_sugg, h->n_sugg, sizeof(uint32_t)) &&
	       section_ok(h, h->off_specs, h->n_specs, sizeof(lxc_spec)) &&
	       section_ok(h, h->off_slots, h->n_slots, sizeof(lex_slot)) &&
	       section_ok(h, h->off_mslots, h->n_mslots, sizeof(lex_slot)) &&
	       section_ok(h, h->off_pairs, 6 * LEX_PAIR_WORDS, sizeof(uint64_t)) &&
	       section_ok(h, h->off_keycls, 65536, 1);
}

/* Checks the file's records and takes them; 0, -1 (a bad record) or -2.
 * The rows are made from them a chunk at a time, on first use
 * (lex_rows_make): only this pass, which writes nothing, reads them all. */
static int take_rows(tw_lexicon *lex, const lxc_header *h, const unsigned char *base)
{
	const char *text = (const char *)base + h->off_text;
	const lxc_row *rec = (const lxc_row *)(base + h->off_rows);
	const uint32_t *sugg = (const uint32_t *)(base + h->off_sugg);
	uint64_t tl = h->text_len;
	if (text[tl - 1])
		return -1;
	for (uint64_t i = 0; i < h->n_sugg; i++)
		if (sugg[i] >= tl)
			return -1;
	for (uint64_t i = 0; i < h->n_rows; i++) {
		const lxc_row *c = &rec[i];
		if (c->form >= tl || c->source >= tl || c->region >= tl || c->domain >= tl ||
		    c->note >= tl || c->sugg > h->n_sugg || c->n_sugg > h->n_sugg - c->sugg ||
		    c->action > LEX_CLASS || (h->n_concepts && c->concept >= h->n_concepts))
			return -1;
	}
	size_t n_rows = h->n_rows ? h->n_rows : 1;
	size_t n_chunks = ((n_rows >> LEX_CHUNK_BITS) + 1 + 63) / 64;
	/* Untouched pages of these are never made resident. */
	lex->rows_mapped = n_rows * sizeof *lex->rows;
	lex->rows = zmap_lazy(lex->rows_mapped);
	lex->sugg_store = malloc((h->n_sugg + 1) * sizeof *lex->sugg_store);
	lex->row_ctx = calloc(n_rows, sizeof *lex->row_ctx);
	lex->chunk_made = calloc(n_chunks, sizeof *lex->chunk_made);
	if (!lex->rows || !lex->sugg_store || !lex->row_ctx || !lex->chunk_made)
		return -2;
	lex->rec = rec;
	lex->rec_sugg = sugg;
	lex->n_rec_sugg = h->n_sugg;
	lex->n_rows = h->n_rows;
	lex->n_concepts = h->n_concepts;
	lex->rows_text = (char *)text;
	lex->text_len = tl;
	return 0;
}

void lex_rows_make(const tw_lexicon *clex, size_t chunk)
{
	tw_lexicon *lex = (tw_lexicon *)clex; /* only rows not yet made, under the lock */
	_Atomic uint64_t *w = &lex->chunk_made[chunk >> 6];
	uint64_t bit = (uint64_t)1 << (chunk & 63);
	pthread_mutex_lock(&lex->rows_lock);
	if (!(atomic_load_explicit(w, memory_order_relaxed) & bit)) {
		size_t lo = chunk << LEX_CHUNK_BITS, hi = lo + ((size_t)1 << LEX_CHUNK_BITS);
		if (hi > lex->n_rows)
			hi = lex->n_rows;
		for (size_t i = lo; i < hi; i++) {
			const lxc_row *c = &lex->rec[i];
			lex_row *r = &lex->rows[i];
			char *text = lex->rows_text;
			for (uint32_t j = 0; j < c->n_sugg; j++)
				lex->sugg_store[c->sugg + j] = text + lex->rec_sugg[c->sugg + j];
			*r = (lex_row){text + c->form,          text + c->source,
			               text + c->region,        text + c->domain,
			               text + c->note,          lex->sugg_store + c->sugg,
			               c->n_sugg,               (int)c->action,
			               c->concept,              lex->row_ctx[i]};
		}
		atomic_fetch_or_explicit(w, bit, memory_order_release);
	}
	pthread_mutex_unlock(&lex->rows_lock);
}

/* The contexts' text and the index, whose slots are checked where a
 * lookup reads them (lexindex.c): reading all of them here was a fifth of
 * a CLI check of 2 KB. */
static int take_specs_and_index(tw_lexicon *lex, const lxc_header *h, const unsigned char *base)
{
	const lxc_spec *sp = (const lxc_spec *)(base + h->off_specs);
	if (h->n_specs && !(lex->specs = malloc(h->n_specs * sizeof *lex->specs)))
		return -2;
	for (uint64_t i = 0; i < h->n_specs; i++) {
		if (sp[i].row >= h->n_rows || sp[i].spec >= lex->text_len)
			return -1;
		lex->specs[i] = (lex_spec){(size_t)sp[i].row, (size_t)sp[i].line,
		                           (size_t)sp[i].offset, lex->rows_text + sp[i].spec};
	}
	lex->n_specs = h->n_specs;
	lex->forms = (lex_index){(lex_slot *)(base + h->off_slots), (uint32_t)(h->n_slots - 1), 0, 1};
	lex->mainland =
	    (lex_index){(lex_slot *)(base + h->off_mslots), (uint32_t)(h->n_mslots - 1), 1, 1};
	atomic_store_explicit(&lex->mainland_ready, 1, memory_order_release);
	lex->pair_forms = (uint64_t *)(base + h->off_pairs);
	lex->pair_mainland = lex->pair_forms + 3 * LEX_PAIR_WORDS;
	lex->cache_keycls = base + h->off_keycls;
	return 0;
}

/* lex_cache_open with tsv, the path of dir/lexicon.tsv. */
static int cache_open(tw_lexicon *lex, const char *dir, const char *tsv, tw_error *err)
{
	uint64_t tsv_len, tsv_hash, tsv_mtime;
	if (lex_file_time(tsv, &tsv_len, &tsv_mtime))
		return 0; /* the text path says what is wrong with the file */
	char *path = path_join(dir, LXC_NAME);
	if (!path)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return 0;
	struct stat st;
	void *m = MAP_FAILED;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && (size_t)st.st_size >= sizeof(lxc_header))
		m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return 0;
	const lxc_header *h = m;
	/* The lexicon.tsv the cache was made from, as far as its size and time
	 * tell (a file rewritten since has another time); otherwise its text
	 * decides: a copy of the same file (another time) still uses the cache.
	 * Reading and hashing the text was most of a short check's run time. */
	if (h->tsv_mtime_ns && h->tsv_mtime_ns == tsv_mtime && h->tsv_len == tsv_len)
		tsv_hash = h->tsv_hash;
	else if (tsv_digest(tsv, &tsv_len, &tsv_hash))
		tsv_hash = ~h->tsv_hash; /* unreadable now: not this cache's */
	int rc = header_ok(h, (size_t)st.st_size, tsv_len, tsv_hash) ? 0 : -1;
	lex->cache = m;
	lex->cache_size = (size_t)st.st_size;
	if (!rc)
		rc = take_rows(lex, h, m);
	if (!rc)
		rc = take_specs_and_index(lex, h, m);
	if (!rc) {
		lex->tsv_len = tsv_len;
		lex->tsv_hash = tsv_hash;
		lex->tsv_mtime_ns = tsv_mtime;
		rc = lex_parse_contexts(lex, tsv, err);
		return rc ? rc : 1;
	}
	/* Not this lexicon's, or damaged: back to the text, from scratch. */
	lex_rows_release(lex);
	lex->n_concepts = 0;
	lex->rows_text = NULL;
	lex->text_len = 0;
	memset(&lex->forms, 0, sizeof lex->forms);
	memset(&lex->mainland, 0, sizeof lex->mainland);
	atomic_store_explicit(&lex->mainland_ready, 0, memory_order_relaxed);
	lex->pair_forms = lex->pair_mainland = NULL;
	lex->cache_keycls = NULL;
	lex->cache = NULL;
	lex->cache_size = 0;
	munmap(m, (size_t)st.st_size);
	return rc == -2 ? tw_fail(err, TW_ENOMEM, 0, "out of memory") : 0;
}

int lex_cache_open(tw_lexicon *lex, const char *dir, tw_error *err)
{
	char *tsv = path_join(dir, "lexicon.tsv");
	if (!tsv)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	int rc = cache_open(lex, dir, tsv, err);
	free(tsv);
	return rc;
}

void lex_cache_close(tw_lexicon *lex)
{
	if (lex->cache)
		munmap((void *)lex->cache, lex->cache_size);
	lex->cache = NULL;
}

static uint32_t text_off(const tw_lexicon *lex, const char *p)
{
	return (uint32_t)(p - lex->rows_text);
}

/* Writes the compiled form of lex (read from the text) to path. */
static int cache_write(const tw_lexicon *lex, const char *path, tw_error *err)
{
	size_t n_sugg = 0;
	for (size_t i = 0; i < lex->n_rows; i++)
		n_sugg += lex->rows[i].n_sugg;
	if (lex->text_len > UINT32_MAX)
		return tw_fail(err, TW_ETOOBIG, 0, "%s: lexicon text over 4 GB", path);
	lxc_header h;
	memset(&h, 0, sizeof h);
	memcpy(h.magic, LXC_MAGIC, 8);
	h.version = LXC_VERSION;
	h.header_size = sizeof h;
	h.row_size = sizeof(lxc_row);
	h.slot_size = sizeof(lex_slot);
	h.pair_words = LEX_PAIR_WORDS;
	h.tsv_len = lex->tsv_len;
	h.tsv_hash = lex->tsv_hash;
	h.tsv_mtime_ns = lex->tsv_mtime_ns;
	h.n_rows = lex->n_rows;
	h.n_sugg = n_sugg;
	h.n_specs = lex->n_specs;
	h.n_slots = (uint64_t)lex->forms.mask + 1;
	h.n_mslots = (uint64_t)lex->mainland.mask + 1;
	h.n_concepts = lex->n_concepts;
	h.text_len = lex->text_len;
	size_t off = align8(sizeof h);
	h.off_text = off;
	off = align8(off + lex->text_len);
	h.off_rows = off;
	off = align8(off + lex->n_rows * sizeof(lxc_row));
	h.off_sugg = off;
	off = align8(off + n_sugg * sizeof(uint32_t));
	h.off_specs = off;
	off = align8(off + lex->n_specs * sizeof(lxc_spec));
	h.off_slots = off;
	off = align8(off + h.n_slots * sizeof(lex_slot));
	h.off_mslots = off;
	off = align8(off + h.n_mslots * sizeof(lex_slot));
	h.off_pairs = off;
	off += 6 * LEX_PAIR_WORDS * sizeof(uint64_t);
	h.off_keycls = off;
	off = align8(off + 65536);
	h.total = off;
	unsigned char *img = calloc(1, off);
	uint8_t *keycls = calloc(65536, 1);
	if (!img || !keycls) {
		free(img);
		free(keycls);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	memcpy(img, &h, sizeof h);
	memcpy(img + h.off_text, lex->rows_text, lex->text_len);
	lxc_row *rec = (lxc_row *)(img + h.off_rows);
	uint32_t *sugg = (uint32_t *)(img + h.off_sugg);
	size_t k = 0;
	for (size_t i = 0; i < lex->n_rows; i++) {
		const lex_row *r = &lex->rows[i];
		rec[i] = (lxc_row){text_off(lex, r->form), text_off(lex, r->source),
		                   text_off(lex, r->region), text_off(lex, r->domain),
		                   text_off(lex, r->note), (uint32_t)k, (uint32_t)r->n_sugg,
		                   r->concept, (uint32_t)r->action};
		for (size_t j = 0; j < r->n_sugg; j++)
			sugg[k++] = text_off(lex, r->sugg[j]);
	}
	lxc_spec *sp = (lxc_spec *)(img + h.off_specs);
	for (size_t i = 0; i < lex->n_specs; i++)
		sp[i] = (lxc_spec){lex->specs[i].row, lex->specs[i].line, lex->specs[i].offset,
		                   text_off(lex, lex->specs[i].spec)};
	memcpy(img + h.off_slots, lex->forms.slots, h.n_slots * sizeof(lex_slot));
	memcpy(img + h.off_mslots, lex->mainland.slots, h.n_mslots * sizeof(lex_slot));
	uint64_t *pairs = (uint64_t *)(img + h.off_pairs);
	lex_mark_keys(lex, keycls, pairs, pairs + 3 * LEX_PAIR_WORDS);
	memcpy(img + h.off_keycls, keycls, 65536);
	free(keycls);
	/* beside the target, renamed over it when whole */
	size_t pl = strlen(path);
	char *tmp = malloc(pl + 8);
	int rc = TW_OK;
	if (!tmp) {
		free(img);
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	memcpy(tmp, path, pl);
	memcpy(tmp + pl, ".XXXXXX", 8);
	int fd = mkstemp(tmp);
	if (fd >= 0 && fchmod(fd, 0644)) { /* data files are everyone's to read */
		close(fd);
		unlink(tmp);
		fd = -1;
	}
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!f || fwrite(img, 1, off, f) != off || fclose(f) || rename(tmp, path)) {
		rc = tw_fail(err, TW_EIO, 0, "%s: cannot write", path);
		if (fd >= 0)
			unlink(tmp);
	}
	free(tmp);
	free(img);
	return rc;
}

int lex_cache_build(const char *dir, tw_error *err)
{
	tw_lexicon *lex = calloc(1, sizeof *lex);
	if (!lex)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	pthread_mutex_init(&lex->hunspell_lock, NULL);
	pthread_mutex_init(&lex->profile_lock, NULL);
	int rc = lex_load_terms(lex, dir, err);
	if (!rc)
		rc = lex_number_concepts(lex, err);
	if (!rc && lex_mainland_ready(lex))
		rc = tw_fail(err, TW_ENOMEM, 0, "lexicon: cannot index the Mainland forms");
	char *path = rc ? NULL : path_join(dir, LXC_NAME);
	if (!rc && !path)
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
	if (!rc)
		rc = cache_write(lex, path, err);
	free(path);
	tw_lexicon_free(lex);
	return rc;
}
