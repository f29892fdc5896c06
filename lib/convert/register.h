/* A profile's registers: hk2cn converts Taiwan copy with a variant profile
 * (hk2cn-tw: the same chain with the Taiwan-register terms), chosen per
 * document from marker words and weighted pairs of characters in its first
 * TW_REGISTER_WINDOW bytes. */
#ifndef TW_REGISTER_H
#define TW_REGISTER_H

#include <stddef.h>

#include "tongwen/convert.h"

typedef struct tw_register tw_register;

/* Reads the profile's "tongwen_register" object ({"tw": profile name or
 * path, "markers": file, "pairs": file (optional)}) into *out; dir is the
 * profile's folder, data_dir where its dictionaries were looked up, flags
 * the TW_PROFILE_* bits it was opened with. */
int register_open(tw_register **out, const char *tw_name, const char *markers_file,
                  const char *pairs_file, const char *dir, const char *data_dir, unsigned flags,
                  const char *profile_path, tw_error *err);
void register_free(tw_register *r);

/* 1 when the first TW_REGISTER_WINDOW bytes of text read as Taiwan copy. */
int register_is_tw(const tw_register *r, const char *text, size_t len);

/* The Taiwan variant, opened on first use (thread-safe); *out is left
 * alone on failure. */
int register_variant(const tw_profile **out, tw_register *r, tw_error *err);

#endif
