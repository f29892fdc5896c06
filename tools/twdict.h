/* twdict: the build's dictionary tool. Internal to the build. */
#ifndef TWDICT_H
#define TWDICT_H

#include <stddef.h>
#include <stdint.h>

/* The value after option name in argv ("--out FILE"), or NULL. */
const char *tool_arg(int argc, char **argv, const char *name);

/* Writes data to path through a temporary file renamed into place. */
int write_file_atomic(const char *path, const void *data, size_t len);

/* A list of words separated by spaces and line breaks, lines starting with
 * '#' skipped (dicts/guard/running-words.txt, dicts/segment/words.txt):
 * *words points into *text; free both. A missing file is an empty list when
 * missing_ok. Returns 0, or -1 after a message on stderr naming the file
 * (and the byte offset of invalid UTF-8). */
int word_list_read(const char *path, int missing_ok, char **text, char ***words, size_t *n);

/* The character in s up to a tab, space or line end, or 0 when that is not
 * exactly one character (standard.c). */
uint32_t one_char(const char *s);

/* OpenCC text dictionaries: single-character keys and first values only.
 * map (and rev, if not NULL: value -> key, UINT32_MAX when ambiguous) are
 * indexed by code point, 0x110000 entries. Returns 0, or -1 after a
 * message on stderr (standard.c). */
int load_char_map(uint32_t *map, uint32_t *rev, const char *path);

/* Subcommands; each returns the process exit status. */
int cmd_compile(int argc, char **argv);
int cmd_lexicon(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_script(int argc, char **argv);
int cmd_standard(int argc, char **argv);
int cmd_mine(int argc, char **argv);
int cmd_coverage(int argc, char **argv);
int cmd_segdict(int argc, char **argv);
int cmd_spellwords(int argc, char **argv);
int cmd_hkstandard(int argc, char **argv);
int cmd_lexcache(int argc, char **argv);
int cmd_segcache(int argc, char **argv);

/* The decisions of the lexicon for mined words (decisions.c): a dictionary
 * from a word (either script) to "convert", "review", "keep", "cantonese",
 * "name" or "ok". */
struct tw_dict;
int mine_decisions(struct tw_dict *out, const char *dicts, const char *lexicon_tsv);

#endif
