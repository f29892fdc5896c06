/*
 * tongwen — project configuration (.tongwen.ini).
 *
 *   target  = cn                      ; cn | hk | tw
 *   profile = hk2cn                   ; conversion profile the copy comes from
 *   fail-on = error                   ; error | warning | info | never
 *   accept  = DeepSeek, Qwen          ; words never flagged (comma or space separated)
 *   accept-file = words/accept.txt    ; one or more words a line, '#' comments
 *   reject  = 軟件                    ; words always flagged (term/reject)
 *   reject-file = words/reject.txt
 *   ignore  = drafts/old  *.min.md    ; paths not to check (fnmatch globs)
 *
 *   [rules]
 *   term/review = error               ; a rule id or a whole family
 *   spelling    = off                 ; error | warning | info | off
 *
 *   [document]                        ; HTML and XML (tongwen/doc.h)
 *   skip-elements = code-sample ednote ; XML elements whose content is left alone
 *   convert-attributes = label alt    ; XML attributes that are converted
 *   skip-classes = notranslate no-tw  ; HTML classes left alone (replaces the default)
 *
 * Keys may repeat (and inih's indented continuation lines count as repeats):
 * lists accumulate, scalars take the last value. Paths in accept-file,
 * reject-file and ignore are relative to the directory of the ini file.
 * Any other section or key, an unknown rule or a bad value is an error
 * naming the file and line.
 *
 * A tw_config is immutable once loaded and may be shared between threads.
 */
#ifndef TONGWEN_CONFIG_H
#define TONGWEN_CONFIG_H

#include "check.h"
#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TW_CONFIG_NAME ".tongwen.ini"

typedef struct tw_config tw_config;

/** Loads the ini file at path. A syntax error, an unknown key, section or
 * rule, a bad value or an unreadable word file fails with TW_EFORMAT (or
 * TW_ENOTFOUND/TW_EIO) and a message "PATH:LINE: reason". */
TW_EXPORT int tw_config_load(tw_config **out, const char *path, tw_error *err);

/**
 * Finds the configuration that applies to a file in directory dir: the
 * first .tongwen.ini in dir or its parents, up to the root. *path_out
 * receives a malloc'd absolute path (free with tw_free()), or NULL when
 * there is none (which is not an error). Fails only on OOM or when dir
 * cannot be resolved (TW_ENOTFOUND).
 */
TW_EXPORT int tw_config_find(char **path_out, const char *dir, tw_error *err);

TW_EXPORT void tw_config_free(tw_config *cfg);

/** The absolute path the configuration was loaded from. */
TW_EXPORT const char *tw_config_path(const tw_config *cfg);

/** The configured target, or -1 if the file does not set one. */
TW_EXPORT int tw_config_target(const tw_config *cfg);

/** The configured profile name, or NULL. */
TW_EXPORT const char *tw_config_profile(const tw_config *cfg);

/** The configured fail-on level: a tw_severity, TW_SEV_OFF for "never",
 * or -2 if the file does not set one. */
TW_EXPORT int tw_config_fail_on(const tw_config *cfg);

/**
 * Applies the configuration to opts: target (if set), rule settings,
 * accept and reject lists. The pointers stored in opts point into cfg and
 * stay valid while cfg lives.
 */
TW_EXPORT void tw_config_apply(const tw_config *cfg, tw_check_options *opts);

/** Applies the [document] section to document options (the pointers stay
 * valid while cfg lives); settings the file does not make are left as they are. */
TW_EXPORT void tw_config_apply_document(const tw_config *cfg, tw_doc_options *opts);
/**
 * 1 if path (a file name as given, relative to the current directory or
 * absolute) matches one of the ignore patterns, else 0. A pattern without
 * '/' matches any single component of the path relative to the ini file's
 * directory ("*.min.md", "node_modules"); a pattern with '/' matches the
 * relative path or one of its leading directories, '*' not crossing '/'
 * ("drafts/old", "drafts/2023-??.md"). Paths outside the ini's directory never
 * match.
 */
TW_EXPORT int tw_config_ignores(const tw_config *cfg, const char *path);

#ifdef __cplusplus
}
#endif
#endif
