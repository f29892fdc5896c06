/* Script rule: characters written only in the other script. For Mainland
 * text, Traditional-only characters; for Hong Kong or Taiwan text,
 * Simplified-only ones. The table comes from OpenCC's character tables:
 * characters valid in both (著, 乾, 干, 面) are never listed. */
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"
#include "utf8.h"

void check_script(check_ctx *c)
{
	const unsigned char *s = (const unsigned char *)c->text;
	int want = c->target == TW_TARGET_CN ? 'T' : 'S';
	const tw_profile *conv = c->target == TW_TARGET_CN   ? c->lex->to_simp
	                         : c->target == TW_TARGET_HK ? c->lex->to_hk
	                                                     : c->lex->to_tw;
	size_t pos = 0;
	while (pos < c->len) {
		size_t l;
		uint32_t cp = utf8_decode(s + pos, c->len - pos, &l);
		if (cp < 0x2E80 || lex_script(c->lex, s + pos, l, cp) != want) {
			pos += l;
			continue;
		}
		/* One finding for a run of such characters. */
		size_t start = pos;
		pos += l;
		while (pos < c->len) {
			uint32_t cp2 = utf8_decode(s + pos, c->len - pos, &l);
			if (cp2 < 0x2E80 || lex_script(c->lex, s + pos, l, cp2) != want)
				break;
			pos += l;
		}
		char *fix = NULL;
		size_t fix_len = 0;
		tw_convert(&fix, &fix_len, conv, c->text + start, pos - start, NULL);
		const char *sugg = fix;
		int same = fix && fix_len == pos - start && !memcmp(fix, c->text + start, fix_len);
		if (want == 'T')
			add_finding(c, "script/traditional", TW_SEV_ERROR, start, pos - start, NULL, &sugg,
			            fix && !same ? 1 : 0, "Traditional character%s %.*s in Simplified text",
			            tw_utf8_codepoints(c->text + start, pos - start) > 1 ? "s" : "",
			            (int)(pos - start), c->text + start);
		else
			add_finding(c, "script/simplified", TW_SEV_ERROR, start, pos - start, NULL, &sugg,
			            fix && !same ? 1 : 0, "Simplified character%s %.*s in Traditional text",
			            tw_utf8_codepoints(c->text + start, pos - start) > 1 ? "s" : "",
			            (int)(pos - start), c->text + start);
		tw_free(fix);
	}
}
