/* Cantonese rule: colloquial Cantonese words and particles (佢, 嘅, 咗, 係咪)
 * from the lexicon's cantonese rows, longest match, single characters
 * included. Warned in text for any target: written Hong Kong Chinese is
 * standard written Chinese too. */
#include "check_internal.h"

void cantonese_hit(check_ctx *c, const lex_row *r, size_t off, size_t len)
{
	char alts[512];
	join_suggestions(r, alts, sizeof alts);
	if (r->n_sugg)
		add_finding(c, "cantonese/word", TW_SEV_WARNING, off, len, r->note,
		            (const char *const *)r->sugg, r->n_sugg,
		            "Cantonese %.*s; in standard written Chinese: %s", (int)len, c->text + off,
		            alts);
	else
		add_finding(c, "cantonese/word", TW_SEV_WARNING, off, len, r->note, NULL, 0,
		            "Cantonese %.*s is not standard written Chinese", (int)len, c->text + off);
}
