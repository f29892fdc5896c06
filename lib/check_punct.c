/* Punctuation rules: corner quotes in Mainland text, half-width punctuation
 * between CJK characters, and unpaired quotes and brackets. */
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"
#include "utf8.h"

typedef struct pair {
	uint32_t open, close;
} pair;

static const pair pairs[] = {
	{0x201C, 0x201D}, /* “” */
	{0x2018, 0x2019}, /* ‘’ */
	{0x300C, 0x300D}, /* 「」 */
	{0x300E, 0x300F}, /* 『』 */
	{0xFF08, 0xFF09}, /* （） */
	{0x300A, 0x300B}, /* 《》 */
	{0x3010, 0x3011}, /* 【】 */
};
#define N_PAIRS (sizeof pairs / sizeof *pairs)

typedef struct opened {
	size_t kind, off, len;
} opened;

static int latin(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

static uint32_t cp_before(const check_ctx *c, size_t pos)
{
	if (!pos)
		return 0;
	size_t p = pos - 1;
	while (p && ((unsigned char)c->text[p] & 0xC0) == 0x80)
		p--;
	size_t l;
	return utf8_decode((const unsigned char *)c->text + p, pos - p, &l);
}

static uint32_t cp_at(const check_ctx *c, size_t pos)
{
	if (pos >= c->len)
		return 0;
	size_t l;
	return utf8_decode((const unsigned char *)c->text + pos, c->len - pos, &l);
}

static void unpaired(check_ctx *c, const opened *o, int open_side)
{
	char u[8] = {0};
	utf8_encode(open_side ? pairs[o->kind].close : pairs[o->kind].open, u);
	add_finding(c, "punct/unpaired", TW_SEV_WARNING, o->off, o->len, NULL, NULL, 0,
	            open_side ? "%.*s is never closed (no matching %s)"
	                      : "%.*s closes nothing (no matching %s before it)",
	            (int)o->len, c->text + o->off, u);
}

void check_punct(check_ctx *c)
{
	const unsigned char *s = (const unsigned char *)c->text;
	opened *stack = NULL;
	size_t depth = 0, cap = 0;
	for (size_t pos = 0; pos < c->len && !c->oom;) {
		size_t l;
		uint32_t cp = utf8_decode(s + pos, c->len - pos, &l);
		/* Corner quotes. */
		if (c->target == TW_TARGET_CN && cp >= 0x300C && cp <= 0x300F) {
			static const char *const repl[] = {"“", "”", "‘", "’"};
			const char *sugg = repl[cp - 0x300C];
			add_finding(c, "punct/corner-quote", TW_SEV_ERROR, pos, l, NULL, &sugg, 1,
			            "corner quote %.*s in Mainland text: use %s", (int)l, c->text + pos,
			            sugg);
		}
		/* Half-width , ; : ? ! between CJK characters. */
		const char *hw = strchr(",;:?!", (int)cp);
		if (cp && cp < 0x80 && hw && is_cjk(cp_before(c, pos)) && is_cjk(cp_at(c, pos + 1))) {
			static const char *const full[] = {"，", "；", "：", "？", "！"};
			const char *sugg = full[hw - ",;:?!"];
			add_finding(c, "punct/half-width", TW_SEV_WARNING, pos, 1, NULL, &sugg, 1,
			            "half-width %c between Chinese characters: use %s", (int)cp, sugg);
		}
		/* Pairs. ’ between Latin letters is an apostrophe. */
		for (size_t k = 0; k < N_PAIRS; k++) {
			if (cp == pairs[k].open && !(cp == 0x2018 && latin(cp_before(c, pos)))) {
				if (depth == cap) {
					cap = cap ? cap * 2 : 16;
					opened *g = realloc(stack, cap * sizeof *g);
					if (!g) {
						c->oom = 1;
						break;
					}
					stack = g;
				}
				stack[depth++] = (opened){k, pos, l};
			} else if (cp == pairs[k].close &&
			           !(cp == 0x2019 && latin(cp_before(c, pos)) && latin(cp_at(c, pos + l)))) {
				size_t d = depth;
				while (d && stack[d - 1].kind != k)
					d--;
				if (!d) {
					opened o = {k, pos, l};
					unpaired(c, &o, 0);
				} else {
					for (size_t j = d; j < depth; j++)
						unpaired(c, &stack[j], 1);
					depth = d - 1;
				}
			}
		}
		pos += l;
	}
	for (size_t j = 0; j < depth; j++)
		unpaired(c, &stack[j], 1);
	free(stack);
}
