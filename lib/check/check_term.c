/* Term rule: regional wording for the target. For Mainland text, every
 * convert (error) and review (warning) entry of the lexicon, in either
 * script; for Hong Kong text, Taiwan wording; for Taiwan text, Hong Kong
 * wording. Mainland wording is never flagged in Hong Kong or Taiwan text:
 * the lexicon has no data saying which Mainland words they avoid. */
#include <stdio.h>
#include <string.h>

#include "check_internal.h"
#include "guard.h"

static const char *region_word(const char *region)
{
	if (!strcmp(region, "tw"))
		return "Taiwan";
	if (!strcmp(region, "both"))
		return "Hong Kong and Taiwan";
	return "Hong Kong";
}

/* Is the entry's wording foreign to the target? */
static int foreign_to(const lex_row *r, tw_target t)
{
	if (t == TW_TARGET_CN)
		return 1;
	if (t == TW_TARGET_HK)
		return !strcmp(r->region, "tw");
	return !strcmp(r->region, "hk");
}

void join_suggestions(const lex_row *r, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < r->n_sugg && n + 8 < cap; i++) {
		int w = snprintf(out + n, cap - n, "%s%s", i ? (i + 1 == r->n_sugg ? " or " : ", ") : "",
		                 r->sugg[i]);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

int term_hit(check_ctx *c, const lex_row *r, size_t off, size_t len)
{
	if (!foreign_to(r, c->target))
		return -1;
	char alts[512];
	join_suggestions(r, alts, sizeof alts);
	const char *who = region_word(r->region);
	const char *rule = r->action == LEX_CONVERT ? "term/convert" : "term/review";
	tw_severity sev = r->action == LEX_CONVERT ? TW_SEV_ERROR : TW_SEV_WARNING;
	const char *word = c->text + off;
	if (c->target != TW_TARGET_CN) {
		/* The lexicon knows the Mainland form, not the other region's. */
		add_finding(c, rule, sev, off, len, r->note, NULL, 0,
		            "%s wording %.*s in %s text (Mainland usage is %s)", who, (int)len, word,
		            c->target == TW_TARGET_HK ? "Hong Kong" : "Taiwan", alts);
		return -1;
	}
	const char *const *sugg = (const char *const *)r->sugg;
	/* Names: never flagged inside a gazetteer name; a rewrite inside what
	 * reads as a name or a quoted mention becomes a question for the
	 * editor, as hk2cn leaves it there. */
	int guard = check_guard(c, r, off, len);
	if (guard == GUARD_NAME)
		return guard;
	if (guard && r->action == LEX_CONVERT) {
		add_finding(c, "term/review", guard == GUARD_SUFFIX ? TW_SEV_WARNING : TW_SEV_INFO, off,
		            len, r->note, sugg, r->n_sugg,
		            "%s wording %.*s is %s: keep it if it belongs to the name or the quotation, "
		            "else Mainland usage is %s",
		            who, (int)len, word, guard_reason_text((guard_reason)guard), alts);
		return guard;
	}
	/* A review word whose own spelling is one of its Mainland forms (户口,
	 * 检讨, 高考) is right in some senses: a note, not a warning. */
	int also_mainland = 0;
	for (size_t i = 0; i < r->n_sugg; i++)
		also_mainland |= strlen(r->sugg[i]) == len && !memcmp(r->sugg[i], word, len);
	if (r->action == LEX_CONVERT)
		add_finding(c, rule, sev, off, len, r->note, sugg, r->n_sugg,
		            "%s wording %.*s; Mainland usage is %s", who, (int)len, word, alts);
	else if (also_mainland)
		add_finding(c, rule, TW_SEV_INFO, off, len, r->note, sugg, r->n_sugg,
		            "%.*s is also Mainland usage, but in the %s sense it may need %s", (int)len,
		            word, who, alts);
	else
		add_finding(c, rule, sev, off, len, r->note, sugg, r->n_sugg,
		            "%s wording %.*s; the Mainland form depends on the sense: %s", who,
		            (int)len, word, alts);
	return guard;
}
