/* Punctuation rules: corner quotes in Mainland text, half-width punctuation
 * between CJK characters, and unpaired quotes and brackets. The scan
 * (check_scan.c) calls punct_char for each character marked LEX_CPUNCT. */
#include <stdio.h>
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

static int latin(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

static uint32_t cp_at(const check_ctx *c, size_t pos)
{
	if (pos >= c->len)
		return 0;
	size_t l;
	return utf8_decode((const unsigned char *)c->text + pos, c->len - pos, &l);
}

/* More quotes and brackets open at once than this is no prose: the older
 * half is reported unpaired, so the stack and the search stay small. */
#define MAX_DEPTH 256

const char punct_pending_rule[] = "punct/unpaired";

static void late_finding(check_ctx *c, const punct_open *o, const char *msg)
{
	if (c->n_late == c->cap_late) {
		size_t cap = c->cap_late ? c->cap_late * 2 : 16;
		tw_finding *v = realloc(c->late, cap * sizeof *v);
		if (!v) {
			c->oom = 1;
			return;
		}
		c->late = v;
		c->cap_late = cap;
	}
	tw_finding *f = &c->late[c->n_late];
	memset(f, 0, sizeof *f);
	f->rule = "punct/unpaired";
	f->severity = o->sev;
	f->offset = o->off;
	f->length = o->len;
	f->line = f->end_line = o->line;
	f->column = o->col;
	f->end_column = o->col + 1; /* every quote and bracket is one BMP character */
	f->column_u16 = o->col16;
	f->end_column_u16 = o->col16 + 1;
	if (!(f->message = str_dup_n(msg, strlen(msg))))
		c->oom = 1;
	else
		c->n_late++;
}

static void unpaired(check_ctx *c, const punct_open *o, int open_side)
{
	char q[8] = {0}, u[8] = {0}, msg[128];
	utf8_encode(open_side ? pairs[o->kind].open : pairs[o->kind].close, q);
	utf8_encode(open_side ? pairs[o->kind].close : pairs[o->kind].open, u);
	snprintf(msg, sizeof msg,
	         open_side ? "%s is never closed (no matching %s)"
	                   : "%s closes nothing (no matching %s before it)",
	         q, u);
	if (o->pending == 1)
		late_finding(c, o, msg);
	else if (!o->pending)
		add_finding(c, "punct/unpaired", TW_SEV_WARNING, o->off, o->len, NULL, NULL, 0, "%s",
		            msg);
}

void punct_mark_pending(check_ctx *c, punct_state *ps)
{
	for (size_t j = 0; j < ps->depth; j++) {
		const punct_open *o = &ps->stack[j];
		if (o->pending)
			continue;
		char q[8] = {0}, u[8] = {0};
		utf8_encode(pairs[o->kind].open, q);
		utf8_encode(pairs[o->kind].close, u);
		add_finding(c, punct_pending_rule, TW_SEV_WARNING, o->off, o->len, NULL, NULL, 0,
		            "%s is never closed (no matching %s)", q, u);
	}
}

void punct_keep_pending(check_ctx *c, punct_state *ps)
{
	size_t k = 0, j = 0;
	for (size_t i = 0; i < c->n; i++) {
		tw_finding *f = &c->v[i];
		if (f->rule != punct_pending_rule) {
			c->v[k++] = *f;
			continue;
		}
		/* the stack is in order of offset, and so are the findings */
		while (j < ps->depth && (ps->stack[j].pending || ps->stack[j].off < f->offset))
			j++;
		if (j < ps->depth && ps->stack[j].off == f->offset) {
			punct_open *o = &ps->stack[j];
			o->pending = 1;
			o->sev = f->severity;
			o->line = f->line;
			o->col = f->column;
			o->col16 = f->column_u16;
			o->off += c->base;
		}
		finding_release(f);
	}
	c->n = k;
	/* Entries whose provisional finding the settings or directives dropped
	 * are never reported. */
	for (j = 0; j < ps->depth; j++)
		if (!ps->stack[j].pending) {
			ps->stack[j].pending = 2;
			ps->stack[j].off += c->base;
		}
}

/* The full-width mark a small or vertical presentation form stands for
 * (or the interpunct the hyphenation point stands for between the parts of
 * a foreign name in Hong Kong and Taiwan copy), or NULL. */
static const char *presentation_form(uint32_t cp)
{
	switch (cp) {
	case 0x2027: /* ‧ */
		return "·";
	case 0xFE30: /* ︰ */
	case 0xFE55: /* ﹕ */
		return "：";
	case 0xFE50: /* ﹐ */
		return "，";
	case 0xFE51: /* ﹑ */
		return "、";
	case 0xFE54: /* ﹔ */
		return "；";
	case 0xFE56: /* ﹖ */
		return "？";
	case 0xFE57: /* ﹗ */
		return "！";
	default:
		return NULL;
	}
}

void punct_char(check_ctx *c, punct_state *ps, uint32_t cp, size_t pos, size_t l, uint32_t prev)
{
	/* Corner quotes. */
	if (c->target == TW_TARGET_CN && cp >= 0x300C && cp <= 0x300F) {
		static const char *const repl[] = {"“", "”", "‘", "’"};
		const char *sugg = repl[cp - 0x300C];
		add_finding(c, "punct/corner-quote", TW_SEV_ERROR, pos, l, NULL, &sugg, 1,
		            "corner quote %.*s in Mainland text: use %s", (int)l, c->text + pos, sugg);
	}
	/* Small and vertical presentation forms of the marks (︰ and ﹕ as colons
	 * are common in Hong Kong Government copy): Mainland text writes the
	 * full-width marks. */
	const char *form = c->target == TW_TARGET_CN ? presentation_form(cp) : NULL;
	if (form)
		add_finding(c, "punct/presentation-form", TW_SEV_WARNING, pos, l, NULL, &form, 1,
		            "presentation form %.*s in Mainland text: use %s", (int)l, c->text + pos,
		            form);
	/* A title in 〈〉 (utf8_title_close): the whole title, with its 《》
	 * form as the suggestion. */
	if (c->target == TW_TARGET_CN && cp == 0x3008) {
		const unsigned char *s = (const unsigned char *)c->text;
		size_t close = utf8_title_close(s, c->len, pos);
		if (close) {
			size_t n = close + 3 - pos;
			char *sugg = malloc(n + 1);
			if (!sugg) {
				c->oom = 1;
				return;
			}
			memcpy(sugg, "《", 3);
			memcpy(sugg + 3, c->text + pos + 3, n - 6);
			memcpy(sugg + n - 3, "》", 3);
			sugg[n] = '\0';
			const char *sv = sugg;
			add_finding(c, "punct/title-mark", TW_SEV_WARNING, pos, n, NULL, &sv, 1,
			            "title in 〈〉 in Mainland text: use 《》 (〈〉 only inside 《》)");
			free(sugg);
		}
	}
	/* Half-width , ; : ? ! in Chinese text. */
	if (cp < 0x80) {
		const char *hw = strchr(",;:?!", (int)cp);
		if (hw && utf8_half_width_in_chinese(prev, (unsigned char)cp, cp_at(c, pos + 1))) {
			static const char *const full[] = {"，", "；", "：", "？", "！"};
			const char *sugg = full[hw - ",;:?!"];
			add_finding(c, "punct/half-width", TW_SEV_WARNING, pos, 1, NULL, &sugg, 1,
			            "half-width %c in Chinese text: use %s", (int)cp, sugg);
		}
		return;
	}
	/* Pairs. ’ between Latin letters is an apostrophe, ‘ after one too. */
	for (size_t k = 0; k < N_PAIRS; k++) {
		if (cp == pairs[k].open && !(cp == 0x2018 && latin(prev))) {
			if (ps->depth == MAX_DEPTH) {
				size_t half = MAX_DEPTH / 2;
				for (size_t j = 0; j < half; j++)
					unpaired(c, &ps->stack[j], 1);
				memmove(ps->stack, ps->stack + half, (ps->depth - half) * sizeof *ps->stack);
				ps->depth -= half;
			}
			if (ps->depth == ps->cap) {
				size_t cap = ps->cap ? ps->cap * 2 : 16;
				punct_open *g = realloc(ps->stack, cap * sizeof *g);
				if (!g) {
					c->oom = 1;
					return;
				}
				ps->stack = g;
				ps->cap = cap;
			}
			ps->stack[ps->depth++] = (punct_open){k, pos, l, 0, TW_SEV_WARNING, 0, 0, 0};
			return;
		}
		if (cp == pairs[k].close && !(cp == 0x2019 && latin(prev) && latin(cp_at(c, pos + l)))) {
			size_t d = ps->depth;
			while (d && ps->stack[d - 1].kind != k)
				d--;
			if (!d) {
				punct_open o = {k, pos, l, 0, TW_SEV_WARNING, 0, 0, 0};
				unpaired(c, &o, 0);
			} else {
				/* What opened after the match and is still open
				 * was never closed. */
				for (size_t j = d; j < ps->depth; j++)
					unpaired(c, &ps->stack[j], 1);
				ps->depth = d - 1;
			}
			return;
		}
	}
}

void punct_finish(check_ctx *c, punct_state *ps)
{
	for (size_t j = 0; j < ps->depth; j++)
		unpaired(c, &ps->stack[j], 1);
	free(ps->stack);
	ps->stack = NULL;
	ps->depth = ps->cap = 0;
}
