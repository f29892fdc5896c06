/* Every segmentation key's result, from the build (see segcache.h). */
#include "segcache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tongwen/tw_version.h"

typedef struct segc_header {
	char magic[8];
	uint64_t fingerprint;
	uint32_t n_members, zero;
	uint64_t size;
} segc_header;

/* The places of SEGC_BLOCK consecutive keys' records: the first's offset,
 * and each one's length (0: not in the file, computed when met). */
typedef struct segc_block {
	uint32_t base;
	uint8_t len[SEGC_BLOCK];
} segc_block;
_Static_assert(sizeof(segc_block) == 4 + SEGC_BLOCK, "segc_block is packed");

typedef struct segc_entry {
	uint32_t n_keys, off_index, off_records, records_len;
} segc_entry;

#define SEGC_GUARDED_BYTES 5u /* u16 off, u16 len, u8 rule */

/* FNV-1a, 64 bits. */
static uint64_t mix(uint64_t h, const void *data, size_t n)
{
	const unsigned char *b = data;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

static uint64_t mix_dict(uint64_t h, const prof_dict *pd, int *unknown)
{
	uint64_t id = pd ? pd->dict.h->id : 0;
	if (pd && !id)
		*unknown = 1;
	h = mix(h, &id, sizeof id);
	const char *kind = pd && pd->kind ? pd->kind : "";
	return mix(h, kind, strlen(kind) + 1);
}

uint64_t segcache_fingerprint(const tw_profile *p)
{
	int unknown = 0;
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	h = mix(h, SEGC_MAGIC, sizeof SEGC_MAGIC);
	h = mix(h, TW_VERSION_STRING, sizeof TW_VERSION_STRING);
	uint64_t n = p->seg.n;
	h = mix(h, &n, sizeof n);
	for (size_t i = 0; i < p->seg.n; i++)
		h = mix_dict(h, p->seg.dicts[i], &unknown);
	n = p->n_steps;
	h = mix(h, &n, sizeof n);
	for (size_t k = 0; k < p->n_steps; k++) {
		n = p->steps[k].n;
		h = mix(h, &n, sizeof n);
		for (size_t i = 0; i < p->steps[k].n; i++)
			h = mix_dict(h, p->steps[k].dicts[i], &unknown);
	}
	/* The guard decides which matches a result lists; its index is made
	 * from its dictionary. */
	h = mix_dict(h, p->guard, &unknown);
	uint8_t with_index = p->guard_index != NULL;
	h = mix(h, &with_index, 1);
	if (unknown)
		return 0;
	return h ? h : 1;
}

char *segcache_path(const tw_profile *p)
{
	size_t n = strlen(p->path);
	if (n >= 5 && !strcmp(p->path + n - 5, ".json"))
		n -= 5;
	char *path = malloc(n + 5);
	if (!path)
		return NULL;
	memcpy(path, p->path, n);
	memcpy(path + n, ".twr", 5);
	return path;
}

void segcache_free(segcache *c)
{
	if (!c)
		return;
	if (c->data)
		munmap(c->data, c->size);
	free(c->members);
	free(c);
}

static int bad(tw_error *err, const char *path, size_t off, const char *what)
{
	return tw_fail(err, TW_EFORMAT, off, "%s: byte offset %zu: %s", path, off, what);
}

/* Checks the file in data[0..size) against p and points c's members into
 * it. */
static int check_file(segcache *c, const tw_profile *p, const unsigned char *data, size_t size,
                      const char *path, tw_error *err)
{
	segc_header h;
	if (size < sizeof h || memcmp(data, SEGC_MAGIC, sizeof SEGC_MAGIC) != 0)
		return bad(err, path, 0, "not a tongwen segmentation results file");
	memcpy(&h, data, sizeof h);
	if (h.size != size)
		return bad(err, path, offsetof(segc_header, size), "the file's size is not the one recorded");
	if (h.n_members != p->seg.n || h.zero)
		return bad(err, path, offsetof(segc_header, n_members),
		           "the number of segmentation dictionaries is not the profile's");
	size_t table = sizeof h + (size_t)h.n_members * sizeof(segc_entry);
	if (table > size)
		return bad(err, path, sizeof h, "the table of dictionaries runs past the end");
	c->members = calloc(h.n_members ? h.n_members : 1, sizeof *c->members);
	if (!c->members)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	c->n_members = h.n_members;
	for (size_t i = 0; i < h.n_members; i++) {
		size_t at = sizeof h + i * sizeof(segc_entry);
		segc_entry e;
		memcpy(&e, data + at, sizeof e);
		if (e.n_keys != p->seg_ranks[i].n_keys)
			return bad(err, path, at, "the number of keys is not the dictionary's");
		uint64_t blocks = ((uint64_t)e.n_keys + SEGC_BLOCK - 1) / SEGC_BLOCK;
		uint64_t index_end = (uint64_t)e.off_index + blocks * sizeof(segc_block);
		if (e.off_index % 4 || e.off_index < table || index_end > size)
			return bad(err, path, at + offsetof(segc_entry, off_index),
			           "the index is not inside the file");
		if (e.off_records < table || (uint64_t)e.off_records + e.records_len > size)
			return bad(err, path, at + offsetof(segc_entry, off_records),
			           "the records are not inside the file");
		/* The records' places are checked as each is read
		 * (segcache_result): a load touches the first block and the
		 * last. */
		const segc_block *index = (const segc_block *)(const void *)(data + e.off_index);
		if (blocks && index[0].base != 0)
			return bad(err, path, e.off_index, "the first record does not start the records");
		uint64_t end = 0;
		if (blocks) {
			const segc_block *last = &index[blocks - 1];
			end = last->base;
			for (size_t j = 0; j < SEGC_BLOCK; j++)
				end += last->len[j];
		}
		if (end != e.records_len)
			return bad(err, path, e.off_index + (size_t)(blocks ? blocks - 1 : 0) * sizeof(segc_block),
			           "the index does not end at the records' end");
		c->members[i].n_keys = e.n_keys;
		c->members[i].index = index;
		c->members[i].records = data + e.off_records;
		c->members[i].records_len = e.records_len;
	}
	return TW_OK;
}

int segcache_open(tw_profile *p, tw_error *err)
{
	uint64_t fp = p->seg.n ? segcache_fingerprint(p) : 0;
	if (!fp)
		return TW_OK;
	char *path = segcache_path(p);
	if (!path)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	int rc = TW_OK;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0) {
		if (errno != ENOENT)
			rc = tw_fail(err, TW_EIO, 0, "%s: %s", path, strerror(errno));
		free(path);
		return rc;
	}
	/* Mapped, not read: a conversion reads the records of the keys it
	 * meets, and a load reads none (nor does it fault in a fresh copy). */
	segcache *c = NULL;
	void *m = MAP_FAILED;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		rc = tw_fail(err, TW_EIO, 0, "%s: not a regular file", path);
	else if (st.st_size < (off_t)sizeof(segc_header) || (uint64_t)st.st_size > SEGC_MAX_BYTES)
		rc = bad(err, path, 0, "not a tongwen segmentation results file");
	else if ((m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED)
		rc = tw_fail(err, TW_EIO, 0, "%s: %s", path, strerror(errno));
	close(fd);
	segc_header h;
	if (!rc) {
		memcpy(&h, m, sizeof h);
		/* Stale: results of other data, or a file of another version of
		 * this format (the build writes it after the data it reads). */
		int ours = !memcmp(h.magic, SEGC_MAGIC, SEGC_MAGIC_PREFIX);
		if (ours && (memcmp(h.magic, SEGC_MAGIC, sizeof SEGC_MAGIC) || h.fingerprint != fp)) {
			munmap(m, (size_t)st.st_size);
			free(path);
			return TW_OK;
		}
		if (!(c = calloc(1, sizeof *c))) {
			munmap(m, (size_t)st.st_size);
			rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
		}
	}
	if (!rc) {
		c->data = m;
		c->size = (size_t)st.st_size;
		rc = check_file(c, p, c->data, c->size, path, err);
	}
	free(path);
	if (rc) {
		segcache_free(c);
		return rc;
	}
	p->segcache = c;
	return TW_OK;
}

seg_out *segcache_result(const segcache *c, size_t member, size_t index, size_t n)
{
	if (member >= c->n_members || index >= c->members[member].n_keys)
		return NULL;
	const segc_member *m = &c->members[member];
	const segc_block *b = &m->index[index / SEGC_BLOCK];
	uint64_t from = b->base;
	for (size_t j = 0; j < index % SEGC_BLOCK; j++)
		from += b->len[j];
	size_t len = b->len[index % SEGC_BLOCK];
	if (!len || from + len > m->records_len)
		return NULL;
	const unsigned char *r = m->records + from;
	unsigned head = r[0];
	seg_guarded g[SEG_MAX_GUARDED];
	size_t ng, body;
	if (head == SEGC_WHOLE) {
		/* one guarded match, the whole key: its rule follows */
		if (len < 2 || n > UINT16_MAX)
			return NULL;
		ng = 1;
		g[0] = (seg_guarded){0, (uint16_t)n, r[1]};
		body = 2;
	} else {
		ng = head == SEGC_SLOW ? 0 : head;
		if (ng > SEG_MAX_GUARDED || 1 + ng * SEGC_GUARDED_BYTES > len)
			return NULL;
		for (size_t i = 0; i < ng; i++) {
			const unsigned char *e = r + 1 + i * SEGC_GUARDED_BYTES;
			memcpy(&g[i].off, e, 2);
			memcpy(&g[i].len, e + 2, 2);
			g[i].rule = e[4];
			if (!g[i].len || (size_t)g[i].off + g[i].len > n)
				return NULL;
		}
		body = 1 + ng * SEGC_GUARDED_BYTES;
	}
	seg_out *o = segmemo_alloc(len - body);
	if (!o)
		return NULL;
	o->slow = head == SEGC_SLOW;
	o->n_guarded = (uint8_t)ng;
	memcpy(o->guarded, g, ng * sizeof *g);
	if (len > body)
		memcpy(o->out, r + body, len - body);
	return o;
}

/* Appends the record of o, the result of a key of n bytes, to b. */
static int put_record(buf *b, const seg_out *o, size_t n)
{
	if (segmemo_whole_term(o, n)) {
		unsigned char whole[2] = {SEGC_WHOLE, o->guarded[0].rule};
		if (buf_append(b, whole, 2))
			return TW_ENOMEM;
		return o->len && buf_append(b, o->out, o->len) ? TW_ENOMEM : TW_OK;
	}
	unsigned char head = o->slow ? SEGC_SLOW : o->n_guarded;
	if (buf_append(b, &head, 1))
		return TW_ENOMEM;
	for (size_t i = 0; !o->slow && i < o->n_guarded; i++) {
		unsigned char e[SEGC_GUARDED_BYTES];
		memcpy(e, &o->guarded[i].off, 2);
		memcpy(e + 2, &o->guarded[i].len, 2);
		e[4] = o->guarded[i].rule;
		if (buf_append(b, e, sizeof e))
			return TW_ENOMEM;
	}
	return o->len && buf_append(b, o->out, o->len) ? TW_ENOMEM : TW_OK;
}

int segcache_build(const tw_profile *p, unsigned char **out, size_t *len, tw_error *err)
{
	*out = NULL;
	*len = 0;
	segc_header h = {.fingerprint = segcache_fingerprint(p), .n_members = (uint32_t)p->seg.n};
	memcpy(h.magic, SEGC_MAGIC, sizeof SEGC_MAGIC);
	if (!h.fingerprint)
		return tw_fail(err, TW_EFORMAT, 0,
		               "%s: a dictionary of the profile has no id: no results file", p->path);
	buf file = {0};
	segc_entry *entries = calloc(p->seg.n ? p->seg.n : 1, sizeof *entries);
	int rc = entries ? TW_OK : TW_ENOMEM;
	size_t table = sizeof h + p->seg.n * sizeof(segc_entry);
	if (!rc && buf_reserve(&file, table))
		rc = TW_ENOMEM;
	if (!rc) {
		memset(file.data, 0, table);
		file.len = table;
	}
	for (size_t i = 0; !rc && i < p->seg.n; i++) {
		const tw_dict *d = &p->seg.dicts[i]->dict;
		size_t n_keys = p->seg_ranks[i].n_keys;
		size_t blocks = (n_keys + SEGC_BLOCK - 1) / SEGC_BLOCK;
		segc_block *index = calloc(blocks ? blocks : 1, sizeof *index);
		buf rec = {0};
		if (!index)
			rc = TW_ENOMEM;
		/* Key numbers count the key slots before a key (segmemo.h). */
		size_t k = 0;
		for (size_t s = 0; !rc && s < d->n_slots; s++) {
			const twd_slot *sl = &d->slots[s];
			if (!(sl->flags & TWD_KEY))
				continue;
			seg_out *o = segmemo_compute(p, d->pool + sl->key_off, sl->key_len);
			size_t before = rec.len;
			/* (a key over 64 KB comes back slow: guarded_matches) */
			rc = o ? put_record(&rec, o, sl->key_len) : TW_ENOMEM;
			free(o);
			if (!rc && rec.len - before > UINT8_MAX)
				rec.len = before; /* too long for the index: computed when met */
			if (!rc && rec.len > UINT32_MAX)
				rc = tw_fail(err, TW_EFORMAT, 0, "%s: results too large", p->path);
			if (!rc) {
				if (k % SEGC_BLOCK == 0)
					index[k / SEGC_BLOCK].base = (uint32_t)before;
				index[k / SEGC_BLOCK].len[k % SEGC_BLOCK] = (uint8_t)(rec.len - before);
				k++;
			}
		}
		if (!rc && k != n_keys)
			rc = tw_fail(err, TW_EFORMAT, 0, "%s: keys miscounted", p->path);
		while (!rc && file.len % 4)
			rc = buf_append(&file, "", 1) ? TW_ENOMEM : TW_OK;
		if (!rc) {
			entries[i].n_keys = (uint32_t)n_keys;
			entries[i].off_index = (uint32_t)file.len;
			rc = blocks && buf_append(&file, index, blocks * sizeof *index) ? TW_ENOMEM : TW_OK;
		}
		if (!rc) {
			entries[i].off_records = (uint32_t)file.len;
			entries[i].records_len = (uint32_t)rec.len;
			rc = rec.len && buf_append(&file, rec.data, rec.len) ? TW_ENOMEM : TW_OK;
		}
		if (!rc && file.len > SEGC_MAX_BYTES)
			rc = tw_fail(err, TW_EFORMAT, 0, "%s: results too large", p->path);
		free(index);
		buf_release(&rec);
	}
	if (rc) {
		if (rc == TW_ENOMEM)
			tw_fail(err, TW_ENOMEM, 0, "out of memory");
		free(entries);
		buf_release(&file);
		return rc;
	}
	h.size = file.len;
	memcpy(file.data, &h, sizeof h);
	memcpy(file.data + sizeof h, entries, p->seg.n * sizeof *entries);
	free(entries);
	*out = (unsigned char *)file.data;
	*len = file.len;
	return TW_OK;
}
