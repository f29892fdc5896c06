/* The conversion engine. Internal. */
#ifndef TW_CONVERT_H
#define TW_CONVERT_H

#include "profile.h"

/* Growable array of spans. */
typedef struct span_vec {
	tw_span *v;
	size_t n, cap;
} span_vec;

/* Converts valid UTF-8 in[0..len), appending to out. With spans non-NULL,
 * appends the alignment with source offsets shifted by src_base (output
 * offsets are positions in out). */
int convert_run(const tw_profile *p, const char *in, size_t len, buf *out, span_vec *spans,
                size_t src_base);

/* Converts in[0..n) with chain step k alone (no segmentation), appending
 * to out. Used to precompute per-character results. */
int convert_step_alone(const tw_profile *p, size_t k, const char *in, size_t n, buf *out);

/* Converts the segmentation key key[0..n) as a segment of its own through
 * the whole chain, with no name guard, appending to out; with spans
 * non-NULL, appends the alignment (offsets from the key's and out's start). */
int convert_key_alone(const tw_profile *p, const char *key, size_t n, buf *out,
                      span_vec *spans);

/* Normalises text[0..len) in place as the profile does before conversion
 * ("tongwen_normalize": Kangxi radicals and compatibility ideographs to
 * unified ideographs, each of the same byte length), so that a tool matching
 * keys on the text sees what the engine matches. */
void convert_normalise_in_place(const tw_profile *p, char *text, size_t len);

#endif
