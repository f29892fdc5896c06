"""The C declarations of libtongwen's public API that the package uses, and
the loading of the shared library (ABI mode: no compiler at install time)."""

import os

import cffi

# Copied in meaning from include/tongwen/*.h. In ABI mode cffi lays the
# structs out from these declarations, so field order and types must match
# the headers exactly; the versioned option structs name their version.
_CDEF = """
typedef struct tw_error {
    int code;
    size_t offset;
    char message[512];
} tw_error;

const char *tw_strerror(int code);
const char *tw_version(void);
void tw_free(void *ptr);
const char *tw_default_data_dir(void);

typedef struct tw_profile tw_profile;
typedef struct tw_profile_options {
    unsigned int version;
    const char *data_dir;
    unsigned int flags;
} tw_profile_options;
int tw_profile_open(tw_profile **out, const char *name_or_path,
                    const tw_profile_options *opts, tw_error *err);
void tw_profile_free(tw_profile *profile);
const char *tw_profile_name(const tw_profile *profile);
int tw_profile_for_document(const tw_profile **out, const tw_profile *profile,
                            const char *text, size_t len, tw_error *err);
int tw_convert(char **out, size_t *out_len, const tw_profile *profile,
               const char *in, size_t len, tw_error *err);
typedef struct tw_jsonl tw_jsonl;
int tw_jsonl_new(tw_jsonl **out, const tw_profile *profile, const char *const *fields,
                 size_t n_fields, tw_error *err);
int tw_jsonl_convert(tw_jsonl *j, const char *line, size_t len, const char **out,
                     size_t *out_len, tw_error *err);
void tw_jsonl_free(tw_jsonl *j);
typedef struct tw_span {
    size_t src_off, src_len;
    size_t dst_off, dst_len;
    int step;
    const char *dict;
    const char *kind;
    const char *guard;
} tw_span;
int tw_convert_aligned(char **out, size_t *out_len, tw_span **spans,
                       size_t *n_spans, const tw_profile *profile,
                       const char *in, size_t len, tw_error *err);

typedef int tw_severity;
typedef int tw_target;
typedef struct tw_lexicon tw_lexicon;
int tw_lexicon_open(tw_lexicon **out, const char *data_dir, tw_error *err);
void tw_lexicon_free(tw_lexicon *lex);
typedef struct tw_rule_setting {
    const char *rule;
    tw_severity severity;
} tw_rule_setting;
typedef struct tw_check_options {
    unsigned int version;
    tw_target target;
    unsigned int families;
    const tw_rule_setting *rules;
    size_t n_rules;
    const char *const *accept;
    size_t n_accept;
    const char *const *reject;
    size_t n_reject;
    int directives;
} tw_check_options;
typedef struct tw_finding {
    const char *rule;
    tw_severity severity;
    const char *message;
    size_t offset, length;
    size_t line, column;
    size_t end_line, end_column;
    size_t column_u16, end_column_u16;
    const char *const *suggestions;
    size_t n_suggestions;
    const char *note;
} tw_finding;
typedef struct tw_findings {
    tw_finding *items;
    size_t count;
} tw_findings;
int tw_check(tw_findings **out, const tw_lexicon *lex, const char *text, size_t len,
             const tw_check_options *opts, tw_error *err);
void tw_findings_free(tw_findings *findings);
int tw_severity_parse(const char *s);
const char *tw_severity_name(tw_severity s);
int tw_target_parse(const char *s);
int tw_rule_name_known(const char *name);
typedef struct tw_edit {
    size_t offset, length;
    const char *text;
    size_t text_len;
    size_t finding;
} tw_edit;
typedef struct tw_edits {
    tw_edit *items;
    size_t count;
} tw_edits;
typedef struct tw_fix_options tw_fix_options;
int tw_fix(tw_edits **edits, char **out, size_t *out_len, const char *text, size_t len,
           const tw_findings *findings, const tw_fix_options *opts, tw_error *err);

typedef int tw_markup;
int tw_markup_parse(const char *s);
const char *tw_markup_name(tw_markup m);
tw_markup tw_markup_detect(const char *name, const char *data, size_t len);
typedef struct tw_doc_options {
    unsigned int version;
    tw_markup markup;
    const char *name;
    const char *const *skip_classes;
    size_t n_skip_classes;
    const char *const *skip_elements;
    size_t n_skip_elements;
    const char *const *convert_attributes;
    size_t n_convert_attributes;
    int directives;
} tw_doc_options;
typedef struct tw_doc_convert_options {
    unsigned int version;
    const char *lang;
    const char *charset;
} tw_doc_convert_options;
const char *tw_target_lang(tw_target t);
int tw_convert_document(char **out, size_t *out_len, const tw_profile *profile,
                        const char *data, size_t len, const tw_doc_options *dopts,
                        const tw_doc_convert_options *copts, tw_error *err);
int tw_check_document(tw_findings **out, const tw_lexicon *lex, const char *data,
                      size_t len, const tw_doc_options *dopts,
                      const tw_check_options *copts, tw_error *err);
int tw_decode(char **out, size_t *out_len, const char *data, size_t len,
              const char *encoding, tw_error *err);
int tw_encode(char **out, size_t *out_len, const char *utf8, size_t len,
              const char *encoding, tw_error *err);
int tw_encoding_is_utf8(const char *encoding);
const char *tw_encoding_sniff(char *buf, size_t cap, const char *data, size_t len,
                              tw_markup markup);
typedef int (*tw_write_fn)(void *userdata, const char *buf, size_t len);
typedef struct tw_doc_stream tw_doc_stream;
int tw_doc_stream_new(tw_doc_stream **out, const tw_profile *profile,
                      tw_write_fn write, void *userdata);
int tw_doc_stream_feed(tw_doc_stream *stream, const char *buf, size_t len, tw_error *err);
int tw_doc_stream_finish(tw_doc_stream *stream, tw_error *err);
void tw_doc_stream_free(tw_doc_stream *stream);

typedef struct tw_config tw_config;
int tw_config_load(tw_config **out, const char *path, tw_error *err);
int tw_config_find(char **path_out, const char *dir, tw_error *err);
void tw_config_free(tw_config *cfg);
const char *tw_config_path(const tw_config *cfg);
int tw_config_target(const tw_config *cfg);
void tw_config_apply(const tw_config *cfg, tw_check_options *opts);
void tw_config_apply_document(const tw_config *cfg, tw_doc_options *opts);
int tw_config_ignores(const tw_config *cfg, const char *path);
"""

# From the headers: the option struct versions this package fills in.
PROFILE_OPTIONS_VERSION = 2
# TW_PROFILE_REGISTER_HK / _TW (include/tongwen/convert.h)
PROFILE_REGISTER_FLAGS = {"auto": 0, "hk": 1 << 1, "tw": 1 << 2}
CHECK_OPTIONS_VERSION = 1
DOC_OPTIONS_VERSION = 1
DOC_CONVERT_OPTIONS_VERSION = 1
FAMILY_ALL = 0x3F


def library_path():
    """TONGWEN_LIBRARY if set, else the library recorded by the build
    (`_paths.py`: the build tree's, or the one installed beside the
    package)."""
    env = os.environ.get("TONGWEN_LIBRARY")
    if env:
        return env
    from . import _paths

    return _paths.LIBRARY


ffi = cffi.FFI()
ffi.cdef(_CDEF)
LIBRARY_PATH = library_path()
# cffi releases the GIL around every call into the library by default, so
# conversions and checks in several Python threads run in parallel.
try:
    lib = ffi.dlopen(LIBRARY_PATH)
except OSError as e:
    raise ImportError(f"tongwen: cannot load libtongwen from {LIBRARY_PATH} ({e}); "
                      "set TONGWEN_LIBRARY to the library's path") from e
