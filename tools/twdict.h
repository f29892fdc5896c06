/* twdict: the build's dictionary tool. Internal to the build. */
#ifndef TWDICT_H
#define TWDICT_H

#include <stddef.h>

/* The value after option name in argv ("--out FILE"), or NULL. */
const char *tool_arg(int argc, char **argv, const char *name);

/* Writes data to path through a temporary file renamed into place. */
int write_file_atomic(const char *path, const void *data, size_t len);

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

/* The decisions of the lexicon for mined words (decisions.c): a dictionary
 * from a word (either script) to "convert", "review", "keep", "cantonese",
 * "name" or "ok". */
struct tw_dict;
int mine_decisions(struct tw_dict *out, const char *dicts, const char *lexicon_tsv);

#endif
