/* Word boundaries over a unigram model of general vocabulary. Internal.
 *
 * A form found inside a longer word is not an occurrence of it: 业者 in
 * 从业者, 头先 across 钟头 + 先, 车牌 in 网约车牌照. The clause around a place
 * is segmented by the most probable path over the build's segwords.txt
 * (jieba's Mainland dictionary with its counts, in both scripts), and the
 * place counts only when it starts and ends on boundaries of that path. The
 * checker's term and Cantonese rules ask it (lib/check/wordseg.c). A
 * conversion does not: mapped for a long conversion, the list's pages
 * count in its resident memory (the spread's edges are listed by the build
 * instead, tools/spread.c). */
#ifndef TW_SEGWORDS_H
#define TW_SEGWORDS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "tongwen.h"

typedef struct segwords {
	const char *data; /* the list, mapped */
	size_t len;
	/* Per BMP character of three UTF-8 bytes, the lines of the list whose
	 * word starts with it, found on first use: 0 unknown. */
	_Atomic uint64_t *first;
	uint64_t serial; /* unique to this mapping in the process (the caches') */
} segwords;

/* Maps the list at path. TW_OK, or TW_ENOTFOUND / TW_EIO with err set. */
int segwords_map(segwords *w, const char *path, tw_error *err);
void segwords_unmap(segwords *w);

/* Does [off, off + len) of text[0..text_len) start and end on word
 * boundaries of the clause around it? 1 when no list is mapped. Safe from
 * any number of threads. */
int segwords_boundaries(const segwords *w, const char *text, size_t text_len, size_t off,
                        size_t len);

#endif
