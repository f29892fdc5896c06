/* One lexicon entry by its written form (tongwen/edit.h), for an editor's
 * hover over a finding. */
#include <string.h>

#include "lexicon.h"
#include "tongwen/edit.h"

static const char *action_name(int a)
{
	switch (a) {
	case LEX_CONVERT:
		return "convert";
	case LEX_REVIEW:
		return "review";
	case LEX_KEEP:
		return "keep";
	default:
		return "cantonese";
	}
}

int tw_lexicon_lookup(tw_lexicon_entry *out, const tw_lexicon *lex, const char *word, size_t len)
{
	if (!out || !lex || (!word && len))
		return TW_EINVAL;
	memset(out, 0, sizeof *out);
	const lex_row *r = lex_index_find(&lex->forms, lex, word, len);
	if (!r || r->action == LEX_CLASS)
		return TW_ENOTFOUND;
	out->form = r->form;
	out->source = r->source;
	out->region = r->region;
	out->action = action_name(r->action);
	out->domain = r->domain;
	out->note = r->note;
	out->forms = (const char *const *)r->sugg;
	out->n_forms = r->n_sugg;
	return TW_OK;
}
