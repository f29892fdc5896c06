/*
 * tongwen — common definitions: export macro, error codes, memory, UTF-8.
 *
 * Conventions for the whole API:
 * - Functions return int: 0 (TW_OK) on success, a negative TW_E* code on failure.
 *   Out-parameters come first. Functions that can fail on user input take an
 *   optional `tw_error *` (may be NULL) that receives a message and, for input
 *   errors, the byte offset of the fault.
 * - Text is (pointer, length) UTF-8. Invalid UTF-8 (overlong forms, surrogates,
 *   code points above U+10FFFF, truncated sequences) is rejected with
 *   TW_EUTF8 and the offset of the first bad byte; it is never passed on.
 * - Every buffer the library returns is released with tw_free().
 * - The library never prints, never aborts and keeps no process-global mutable
 *   state. Loaded profiles and lexicons are immutable and may be shared by any
 *   number of threads; per-call state lives in the call or in a handle that one
 *   thread uses at a time.
 * - Positions are byte offsets into the UTF-8 text unless a name says otherwise
 *   (`_cp` for code points, `_u16` for UTF-16 code units).
 */
#ifndef TONGWEN_COMMON_H
#define TONGWEN_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(TW_STATIC)
#define TW_EXPORT
#elif defined(__GNUC__)
#define TW_EXPORT __attribute__((visibility("default")))
#else
#define TW_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Error codes. */
enum {
	TW_OK = 0,
	TW_ENOMEM = -1,    /**< out of memory */
	TW_EINVAL = -2,    /**< invalid argument */
	TW_EUTF8 = -3,     /**< input is not valid UTF-8 (see tw_error.offset) */
	TW_ENOTFOUND = -4, /**< profile, dictionary or file not found */
	TW_EFORMAT = -5,   /**< malformed profile, dictionary, config or XML */
	TW_EIO = -6,       /**< read or write failure */
	TW_ETOOBIG = -7,   /**< input exceeds a size limit */
	TW_ECALLBACK = -8  /**< a user callback returned non-zero */
};

/** Details of a failure. `offset` is a byte offset into the input for
 * TW_EUTF8 and TW_ETOOBIG (otherwise 0); `message` is NUL-terminated. */
typedef struct tw_error {
	int code;
	size_t offset;
	char message[512];
} tw_error;

/** Static description of an error code; never NULL. */
TW_EXPORT const char *tw_strerror(int code);

/** Library version, "MAJOR.MINOR.PATCH". */
TW_EXPORT const char *tw_version(void);

/** Releases any buffer returned by the library. Accepts NULL. */
TW_EXPORT void tw_free(void *ptr);

/** Checks that s[0..len) is valid UTF-8. Returns TW_OK, or TW_EUTF8 and
 * stores the offset of the first invalid byte in *bad_offset (if not NULL). */
TW_EXPORT int tw_utf8_validate(const char *s, size_t len, size_t *bad_offset);

/** Number of code points in the valid UTF-8 text s[0..len). */
TW_EXPORT size_t tw_utf8_codepoints(const char *s, size_t len);

/** Number of UTF-16 code units needed for the valid UTF-8 text s[0..len). */
TW_EXPORT size_t tw_utf8_utf16_units(const char *s, size_t len);

/** The directory holding tongwen's profiles and compiled dictionaries, found
 * without any environment variable: TONGWEN_DATA_DIR if set, else
 * `share/tongwen` beside the installed library or the build tree, else the
 * configured install location. Never NULL. */
TW_EXPORT const char *tw_default_data_dir(void);

#ifdef __cplusplus
}
#endif
#endif
