/* Word boundaries for the term and Cantonese rules: the lexicon's word
 * list (lib/base/segwords.h). */
#include <stdlib.h>

#include "check_internal.h"

int segwords_open(tw_lexicon *lex, const char *dir, tw_error *err)
{
	char *path = path_join(dir, "segwords.txt");
	if (!path)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	int rc = segwords_map(&lex->seg_words, path, err);
	free(path);
	return rc;
}

void segwords_close(tw_lexicon *lex)
{
	segwords_unmap(&lex->seg_words);
}

int check_word_boundaries(const check_ctx *c, size_t off, size_t len)
{
	return segwords_boundaries(&c->lex->seg_words, c->text, c->len, off, len);
}
