/* Every segmentation key's result through the chain, computed when the data
 * is built. Internal.
 *
 * segmemo.h computes a key's result the first time the key matches: a walk
 * of the chain's dictionaries and of the name guard, at lookups scattered
 * over their tables. On news copy those first walks were what kept most of
 * HKCNTerms (3.5 of its 6.9 MB) and of HKCNGuard resident; with every
 * key's result known, conversion reads neither but for the guard's look at
 * the text around a match (/proc/PID/pagemap, the forty-first session).
 * So the build writes every key's result into PROFILE.twr beside
 * PROFILE.json (twdict segcache), a load maps that file, and a key's first
 * match decodes its record instead of walking the chain.
 *
 * The file, in the byte order of the machine that built it (as .twd):
 *   header      magic "TWSEGC2", u64 fingerprint, u32 members, u32 0,
 *               u64 the file's size
 *   per member  u32 keys, u32 offset of its index, u32 offset of its
 *               records, u32 their length
 *   per member  index: per SEGC_BLOCK keys, u32 the offset of the first's
 *               record in the records, then u8 each one's length (0: none,
 *               the key's result is computed when met; the records of a
 *               block follow each other); then the records
 *   a record    u8 head: SEGC_SLOW; or SEGC_WHOLE, one guarded match that
 *               is the whole key, then u8 its rule; or the number of
 *               guarded matches (at most SEG_MAX_GUARDED), that many (u16
 *               off, u16 len, u8 rule); then the key's result
 * The index costs a byte and a quarter a key, not four, and most term keys
 * are one guarded match over the whole key: the file is 0.9 MB for hk2cn's
 * 54,078 keys, not 1.24 (it is all resident after a conversion of varied
 * copy).
 * Keys are numbered as segmemo.h numbers them. The fingerprint covers what
 * a result depends on: the id of every dictionary the profile loaded (a
 * hash of its image, dict.h), which step and member each is, whether the
 * guard is on, and the library's version. A file whose fingerprint is not
 * the profile's, or of another version of the format, is stale (the data
 * was rebuilt, or the profile opened without tongwen's keys) and is left
 * unread; one whose header or table is not of this format is refused. A
 * record whose place runs past the records, or that does not fit its key
 * (a guarded match past its end), is ignored and the key's result
 * computed. */
#ifndef TW_SEGCACHE_H
#define TW_SEGCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "profile.h"
#include "segmemo.h"

#define SEGC_MAGIC "TWSEGC2"
#define SEGC_MAGIC_PREFIX 6 /* "TWSEGC": the format, whatever its version */
#define SEGC_SLOW 0x80u
#define SEGC_WHOLE 0x40u
#define SEGC_BLOCK 16u
#define SEGC_MAX_BYTES ((size_t)256 << 20)

typedef struct segc_member {
	uint32_t n_keys;
	const struct segc_block *index;
	const unsigned char *records;
	uint32_t records_len;
} segc_member;

typedef struct segcache {
	void *data; /* the file, mapped */
	size_t size;
	size_t n_members;
	segc_member *members;
} segcache;

/* What the results of p's keys depend on; 0 when a dictionary's id is not
 * known (then no file is used). */
uint64_t segcache_fingerprint(const tw_profile *p);

/* The file's path for p: its profile's, .json replaced by .twr (malloc'd). */
char *segcache_path(const tw_profile *p);

/* Reads p's file into p->segcache when there is one and its fingerprint is
 * p's. TW_OK (also: no file, or a stale one), TW_EFORMAT naming the file and
 * the byte offset of what is wrong, TW_EIO, TW_ENOMEM. */
int segcache_open(tw_profile *p, tw_error *err);
void segcache_free(segcache *c);

/* The result of key `index` of member `member`, a key of n bytes, decoded
 * from its record into a new seg_out (malloc'd, made_before NULL); NULL
 * when its record does not fit the key or memory runs out. */
seg_out *segcache_result(const segcache *c, size_t member, size_t index, size_t n);

/* The file for p: every key of every member of its segmentation through
 * the chain. *out is malloc'd. TW_OK, TW_ENOMEM, TW_EFORMAT (a result too
 * long for a record, or no fingerprint). */
int segcache_build(const tw_profile *p, unsigned char **out, size_t *len, tw_error *err);

#endif
