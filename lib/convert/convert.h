/* The conversion engine. Internal. */
#ifndef TW_CONVERT_H
#define TW_CONVERT_H

#include "profile.h"

/* Growable array of spans. */
typedef struct span_vec {
	tw_span *v;
	size_t n, cap;
} span_vec;

/* Long texts are converted a scope at a time: from each start, the scope
 * ends after the first byte no key contains (normally a line break) at or
 * after CONVERT_SCOPE bytes, while more than twice that remains; the rest
 * is one scope. Every path cuts alike (whole, streamed in any sizes,
 * aligned), so a scope's conversion, which may depend on all of it
 * (spread.h), is the same whichever way the text comes. The libFuzzer
 * build of the library (tongwen_fuzz) cuts every 64 bytes, so short inputs
 * reach the cuts; the replays' own copy of the stream does too. */
#ifdef TW_STREAM_FLUSH_AT
#define CONVERT_SCOPE ((size_t)(TW_STREAM_FLUSH_AT))
#else
#define CONVERT_SCOPE ((size_t)256 << 10)
#endif

/* The end of the scope of in[0..len) that starts at start (see above). */
size_t convert_scope_end(const tw_profile *p, const char *in, size_t len, size_t start);

/* Converts valid UTF-8 in[0..len), cut into scopes, appending to out. With spans non-NULL,
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
