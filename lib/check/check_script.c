/* Script rule: characters written only in the other script. For Mainland
 * text, Traditional-only characters; for Hong Kong or Taiwan text,
 * Simplified-only ones. The table comes from OpenCC's character tables
 * (twdict script): characters valid in both (著, 乾, 干, 面) are never
 * listed. The scan reports runs of consecutive such characters; one
 * finding per run, suggesting the run converted with t2s, s2hk or s2tw,
 * unless the run converted with its neighbours stays as written (a
 * phrase of the table keeps it: 哪吒). */
#include <string.h>

#include "check_internal.h"

/* Characters of context on each side of a run that OpenCC's phrases may
 * need to see. */
#define CONTEXT_CHARS 4

/* Does converting the run with up to CONTEXT_CHARS characters of its line
 * on each side leave the run as written? Then a phrase of the table holds
 * it (哪吒 in Mainland text, where 吒 alone is 咤) and it is no character
 * of the other script there. 1 yes, 0 no, -1 out of memory. */
static int kept_in_context(const check_ctx *c, const tw_profile *conv, size_t start, size_t end)
{
	const unsigned char *t = (const unsigned char *)c->text;
	size_t from = start, to = end, l;
	for (int k = 0; k < CONTEXT_CHARS && from > 0 && t[from - 1] != '\n'; k++)
		do
			from--;
		while (from > 0 && (t[from] & 0xC0) == 0x80);
	for (int k = 0; k < CONTEXT_CHARS && to < c->len && t[to] != '\n'; k++) {
		utf8_decode(t + to, c->len - to, &l);
		to += l;
	}
	if (from == start && to == end)
		return 0;
	char *out;
	size_t out_len;
	int rc = tw_convert(&out, &out_len, conv, c->text + from, to - from, NULL);
	if (rc)
		return rc == TW_ENOMEM ? -1 : 0;
	/* the window's length unchanged: the run is at the same offset */
	int kept = out_len == to - from && !memcmp(out + (start - from), c->text + start, end - start);
	tw_free(out);
	return kept;
}

void script_run(check_ctx *c, size_t start, size_t end)
{
	const tw_profile *conv = lex_script_profile(c->lex, c->target, &c->ferr);
	if (!conv) {
		if (c->ferr.code == TW_ENOMEM)
			c->oom = 1;
		else
			c->fail = c->ferr.code ? c->ferr.code : TW_EFORMAT;
		return;
	}
	size_t n = end - start;
	const char *run = c->text + start;
	/* 昇 in 黄良昇 is the Mainland standard form in a name, kept by hk2cn */
	size_t l;
	if (c->target == TW_TARGET_CN && (utf8_decode((const unsigned char *)run, n, &l), l == n) &&
	    check_person_char(c, start))
		return;
	int kept = kept_in_context(c, conv, start, end);
	if (kept) {
		if (kept < 0)
			c->oom = 1;
		return;
	}
	char *fix = NULL;
	size_t fix_len = 0;
	if (tw_convert(&fix, &fix_len, conv, run, n, NULL) == TW_ENOMEM)
		c->oom = 1;
	const char *sugg = fix;
	int useful = fix && !(fix_len == n && !memcmp(fix, run, n));
	const char *plural = tw_utf8_codepoints(run, n) > 1 ? "s" : "";
	if (c->target == TW_TARGET_CN)
		add_finding(c, "script/traditional", TW_SEV_ERROR, start, n, NULL, &sugg, useful,
		            "Traditional character%s %.*s in Simplified text", plural, (int)n, run);
	else
		add_finding(c, "script/simplified", TW_SEV_ERROR, start, n, NULL, &sugg, useful,
		            "Simplified character%s %.*s in Traditional text", plural, (int)n, run);
	tw_free(fix);
}
