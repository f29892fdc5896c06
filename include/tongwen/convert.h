/*
 * tongwen — conversion with OpenCC profiles.
 *
 * A profile is an OpenCC JSON configuration: a max-match segmentation on one
 * dictionary, then a chain of conversion steps, each converting every segment
 * by longest prefix match on its dictionary (a group takes the first member
 * dictionary that matches). Output is byte-identical to libopencc 1.1 on the
 * same profile and input, with one documented difference: libopencc stops at
 * the first NUL byte, tongwen converts NUL like any other character.
 *
 * Dictionaries are used in tongwen's compiled form (`NAME.twd`, made by the
 * build from OpenCC's `.ocd2` files); `text` dictionaries are also read as
 * text. A loaded tw_profile is immutable and may be shared between threads.
 */
#ifndef TONGWEN_CONVERT_H
#define TONGWEN_CONVERT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tw_profile tw_profile;

#define TW_PROFILE_OPTIONS_VERSION 2

/** Flags for tw_profile_options.flags. */
enum {
	/** Load the profile without tongwen's own layers, the name guard
	 * ("tongwen_guard") and the normalisation before conversion
	 * ("tongwen_normalize"): the conversion is then exactly what libopencc
	 * does with the profile. */
	TW_PROFILE_OPENCC_ONLY = 1u << 0,
	/** A profile with registers (hk2cn: "tongwen_register") converts every
	 * document in its own register (Hong Kong copy) … */
	TW_PROFILE_REGISTER_HK = 1u << 1,
	/** … or every document in its Taiwan register (hk2cn-tw). Neither: each
	 * document's register is read from its marker words and character pairs (see
	 * tw_profile_for_document()). */
	TW_PROFILE_REGISTER_TW = 1u << 2
};

/** Options for tw_profile_open(). Initialise with TW_PROFILE_OPTIONS_INIT.
 * (Version 1, without flags, is still accepted.) */
typedef struct tw_profile_options {
	unsigned int version;
	/** Directory with profiles and compiled dictionaries; NULL for
	 * tw_default_data_dir(). */
	const char *data_dir;
	/** TW_PROFILE_* bits. */
	unsigned int flags;
} tw_profile_options;

#define TW_PROFILE_OPTIONS_INIT { TW_PROFILE_OPTIONS_VERSION, NULL, 0 }

/**
 * Loads a profile by name ("hk2cn", "hk2s", "t2s", "tw2sp", "s2hk", …) or by
 * path to a JSON file. Names are looked up as NAME.json in the data directory,
 * then in OpenCC's data directory. Dictionaries named in the profile are
 * looked up as compiled `.twd` files beside the profile, then in the data
 * directory; `text` dictionaries fall back to the text file itself.
 * opts may be NULL. On failure *out is NULL.
 */
TW_EXPORT int tw_profile_open(tw_profile **out, const char *name_or_path,
                              const tw_profile_options *opts, tw_error *err);

/** How much of a document's beginning decides its register
 * (tw_profile_for_document()): 64 KiB. */
#define TW_REGISTER_WINDOW ((size_t)64 << 10)

/**
 * The profile a document should be converted with. A profile with registers
 * (hk2cn's "tongwen_register": Taiwan copy is converted with hk2cn-tw, which
 * adds the `convert-tw` terms: 契約 -> 合同, 儲存 -> 存储) reads the first
 * TW_REGISTER_WINDOW bytes of the document's text for marker words
 * (register-markers.tsv) and weighted pairs of Han characters
 * (register-pairs.tsv) and gives its Taiwan variant when they say Taiwan copy; any other profile gives
 * itself. The document calls (tw_convert_document(), tw_doc_stream) do this
 * themselves; tw_convert() and tw_stream convert with the profile as given.
 * *out is owned by profile (freed with it). Thread-safe: the variant is
 * opened once, on first use.
 */
TW_EXPORT int tw_profile_for_document(const tw_profile **out, const tw_profile *profile,
                                      const char *text, size_t len, tw_error *err);

/** Frees a profile. Accepts NULL. */
TW_EXPORT void tw_profile_free(tw_profile *profile);

/** The profile's "name" property (may be ""), and the file it was read from. */
TW_EXPORT const char *tw_profile_name(const tw_profile *profile);
TW_EXPORT const char *tw_profile_path(const tw_profile *profile);

/** Number of conversion steps in the chain. */
TW_EXPORT size_t tw_profile_steps(const tw_profile *profile);

/**
 * Lists the profile names available by name (sorted, without ".json"):
 * *names is an array of *count strings; free with tw_strings_free().
 */
TW_EXPORT int tw_profile_list(char ***names, size_t *count,
                              const tw_profile_options *opts, tw_error *err);
TW_EXPORT void tw_strings_free(char **strings, size_t count);

/**
 * Converts in[0..len). On success *out holds a NUL-terminated buffer of
 * *out_len bytes (release with tw_free). Invalid UTF-8: TW_EUTF8 with the
 * offset in err, *out is NULL.
 */
TW_EXPORT int tw_convert(char **out, size_t *out_len, const tw_profile *profile,
                         const char *in, size_t len, tw_error *err);

/**
 * Converts like tw_convert() into a buffer the caller keeps between calls,
 * so converting many texts (or one large text repeatedly) does not allocate
 * and fault in fresh memory each time.
 *
 * *buf is NULL or a buffer from an earlier tw_convert_into() call with *cap
 * its capacity in bytes as that call left it (0 with NULL); a tw_convert()
 * result may be passed with *cap = its length + 1. The buffer is grown when
 * the output needs more room, and *buf and *cap are updated; its old
 * contents are not kept. On success the output is NUL-terminated and
 * *out_len is its length (*cap > *out_len). On failure *out_len is 0 and
 * *buf and *cap still describe a valid buffer (or NULL and 0). Release the buffer
 * with tw_free() when done. Thread safety: as tw_convert(); a buffer must
 * not be used by two calls at once.
 */
TW_EXPORT int tw_convert_into(char **buf, size_t *cap, size_t *out_len,
                              const tw_profile *profile, const char *in, size_t len,
                              tw_error *err);

/**
 * Where the first conversion scope of a text ends. A long text is converted
 * a scope at a time: from its start, a scope ends after the first byte no
 * dictionary key contains (a line break, in practice) at or after 256 KiB,
 * while more than 512 KiB remain; the rest is one scope. Conversion depends
 * on the scope as a whole (hk2cn writes a frame row's core alike throughout
 * it: dicts/sense/README.md), and every call cuts the same scopes, so a
 * text converts the same whole, streamed in any pieces or aligned. A
 * program that converts a long text piece by piece itself cuts it here.
 *
 * text[0..len) is the rest of the text from a scope's start; more is
 * non-zero when more text may follow. Returns the scope's length, or 0 when
 * more text is needed to tell (more set). Never 0 without more unless len
 * is 0.
 */
TW_EXPORT size_t tw_convert_scope(const tw_profile *profile, const char *text, size_t len,
                                  int more);

/** What produced an aligned span. */
typedef struct tw_span {
	size_t src_off, src_len; /**< bytes in the input */
	size_t dst_off, dst_len; /**< bytes in the output */
	/** Index of the first chain step that changed this span, or -1 if the
	 * span is unchanged (src and dst bytes equal). A character the
	 * profile normalises before conversion ("tongwen_normalize": a Kangxi
	 * radical or compatibility ideograph) and that the chain leaves as it
	 * is has step 0 and kind "normalize". */
	int step;
	/** For a changed span: the dictionary file of that step's match
	 * (e.g. "TSCharacters.ocd2") and its kind ("char", "term", "punct", or
	 * the dictionary's "tongwen_kind" property); NULL when unchanged. The
	 * strings belong to the profile. */
	const char *dict;
	const char *kind;
	/** NULL, or why the profile's name guard kept a term rule from
	 * rewriting this span ("name", "suffix", "quote", "title"): the span
	 * holds the term's source text, converted without the term rule; or
	 * what it copied as it is: "person" (a personal name's character) and
	 * "url" (a web address, http://, https:// or ftp://, whose characters
	 * name a page). A static string. */
	const char *guard;
} tw_span;

/**
 * Converts like tw_convert() and also returns the alignment: *spans is an
 * array of *n_spans spans that cover input and output completely, in order,
 * without gaps. Consecutive unchanged spans are merged; each changed span is
 * the smallest unit that maps as a whole. Release *spans with tw_free.
 */
TW_EXPORT int tw_convert_aligned(char **out, size_t *out_len, tw_span **spans,
                                 size_t *n_spans, const tw_profile *profile,
                                 const char *in, size_t len, tw_error *err);

/**
 * Converts like tw_convert_aligned() into an output buffer and a span array
 * the caller keeps between calls (as tw_convert_into() keeps its buffer):
 * aligning many texts, or one large text again and again (an editor
 * re-converting a document, annotate), then neither allocates nor faults in
 * fresh memory each time; the span array of news copy is about ten times
 * the size of its text.
 *
 * The output buffer (*out, *cap) and the span array (*spans, *spans_cap)
 * are NULL and 0, or what an earlier call left there (a
 * tw_convert_aligned() result may be passed with its lengths: *cap =
 * *out_len + 1, *spans_cap = *n_spans). Both are grown when needed;
 * their old contents are not kept. On success the output is NUL-terminated
 * (*cap > *out_len) and the spans are as tw_convert_aligned() gives them.
 * On failure *out_len and *n_spans are 0 and both buffers are still valid
 * (or NULL and 0). Release both with tw_free(). Thread safety: as
 * tw_convert(); the buffers must not be used by two calls at once.
 */
TW_EXPORT int tw_convert_aligned_into(char **out, size_t *cap, size_t *out_len, tw_span **spans,
                                      size_t *spans_cap, size_t *n_spans,
                                      const tw_profile *profile, const char *in, size_t len,
                                      tw_error *err);

/** Receives converted output; return non-zero to abort (TW_ECALLBACK). */
typedef int (*tw_write_fn)(void *userdata, const char *buf, size_t len);

typedef struct tw_stream tw_stream;

/**
 * Streaming conversion in bounded memory. Input is cut into the scopes
 * tw_convert_scope() gives (at bytes that no dictionary key of the profile
 * contains, line breaks in practice), so the output equals tw_convert() on
 * the whole input; at most two scopes are held. A run of more than 64 MiB
 * without such a byte fails with TW_ETOOBIG. Offsets in errors are counted
 * from the start of the stream.
 */
TW_EXPORT int tw_stream_new(tw_stream **out, const tw_profile *profile,
                            tw_write_fn write, void *userdata);
TW_EXPORT int tw_stream_feed(tw_stream *stream, const char *buf, size_t len,
                             tw_error *err);
/**
 * Converts with n threads (1, the default, or 2; more count as 2), set
 * before the first feed: a cut piece is converted by a worker thread while
 * the caller's thread converts the next, so a long stream converts up to
 * twice as fast on two cores. The output, the errors and their offsets are
 * the same; the write callback is still called from the caller's thread
 * only, in order. TW_EINVAL after input was fed.
 */
TW_EXPORT int tw_stream_set_threads(tw_stream *stream, int n);
/** Converts what is buffered and flushes it. */
TW_EXPORT int tw_stream_finish(tw_stream *stream, tw_error *err);
TW_EXPORT void tw_stream_free(tw_stream *stream);

#ifdef __cplusplus
}
#endif
#endif
