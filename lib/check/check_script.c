/* Script rule: characters written only in the other script. For Mainland
 * text, Traditional-only characters; for Hong Kong or Taiwan text,
 * Simplified-only ones. The table comes from OpenCC's character tables
 * (twdict script): characters valid in both (著, 乾, 干, 面) are never
 * listed. The scan reports runs of consecutive such characters; one
 * finding per run, suggesting the run converted with t2s, s2hk or s2tw. */
#include <string.h>

#include "check_internal.h"

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
