/* twdict lexcache DATA_DIR: compiles DATA_DIR/lexicon.tsv into
 * DATA_DIR/lexicon.twc, which tw_lexicon_open maps instead of parsing the
 * text (lib/check/lexcache.c). */
#include <stdio.h>

#include "check_internal.h" /* lib/check: the checker's lexicon.h, not tools' */
#include "twdict.h"

int cmd_lexcache(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: twdict lexcache DATA_DIR\n");
		return 2;
	}
	tw_error err;
	if (lex_cache_build(argv[1], &err)) {
		fprintf(stderr, "twdict lexcache: %s\n", err.message);
		return 1;
	}
	return 0;
}
