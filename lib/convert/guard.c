/* The name guard (see guard.h). */
#include "guard.h"

#include "utf8.h"

/* How far the guard looks, in characters: the longest name it searches
 * back for, and the gap allowed between a term and a name suffix after it
 * (數碼轉型 | 支援 | 先導計劃). Kept short on purpose: the further it looks,
 * the likelier the suffix belongs to another word of the sentence. */
#define NAME_BACK 32
#define SUFFIX_GAP 3
#define TITLE_REACH 40
/* The shortest line read as a regulation's title (see heading_name). */
#define HEADING_MIN 8

/* Ends a sentence or a line: no name, quotation or title reaches across. */
static int is_stop(uint32_t cp)
{
	return cp == '\n' || cp == '\r' || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F ||
	       cp == 0xFF1B || cp == '!' || cp == '?' || cp == ';';
}

static uint32_t cp_at(const char *text, size_t len, size_t at, size_t *l)
{
	return utf8_decode((const unsigned char *)text + at, len - at, l);
}

/* Start of the character before byte offset at (at > 0). */
static size_t prev_char(const char *text, size_t at)
{
	do
		at--;
	while (at > 0 && ((unsigned char)text[at] & 0xC0) == 0x80);
	return at;
}

static const char *flags_of(const tw_dict *g, const char *s, size_t n, const twd_slot **slot)
{
	const twd_slot *sl = dict_find(g, (const unsigned char *)s, n);
	if (slot)
		*slot = sl;
	if (!sl || !(sl->flags & TWD_KEY))
		return NULL;
	return g->pool + sl->val_off;
}

static int has_flag(const tw_dict *g, const char *s, size_t n, char f)
{
	const twd_slot *sl = dict_find(g, (const unsigned char *)s, n);
	if (!sl || !(sl->flags & TWD_KEY))
		return 0;
	for (uint32_t i = 0; i < sl->val_len; i++)
		if (g->pool[sl->val_off + i] == f)
			return 1;
	return 0;
}

int guard_is_rewrite(const tw_dict *g, const char *key, size_t n)
{
	return g && has_flag(g, key, n, 'R');
}

/* Longest keys starting at text[at] carrying flags a and b: their lengths in
 * bytes (0 if none). */
static void longest_at(const tw_dict *g, const char *text, size_t len, size_t at, char a,
                       size_t *la, char b, size_t *lb)
{
	*la = 0;
	if (lb)
		*lb = 0;
	size_t end = at;
	for (size_t chars = 0; end < len && chars < NAME_BACK + 16; chars++) {
		size_t l;
		uint32_t cp = cp_at(text, len, end, &l);
		if (is_stop(cp))
			break;
		end += l;
		const twd_slot *sl;
		const char *f = flags_of(g, text + at, end - at, &sl);
		if (!sl)
			break;
		for (const char *p = f; p && p < f + sl->val_len; p++) {
			if (*p == a)
				*la = end - at;
			if (lb && *p == b)
				*lb = end - at;
		}
		if (!(sl->flags & TWD_PREFIX))
			break;
	}
}

/* Does a word with flag f (Y: a word that merely ends in a suffix
 * character, 出局) end at byte end, starting before from? */
static int ends_word(const tw_dict *g, const char *text, size_t end, char f, size_t from)
{
	size_t at = from;
	for (size_t back = 0; back < 4 && at > 0; back++) {
		at = prev_char(text, at);
		if (has_flag(g, text + at, end - at, f))
			return 1;
	}
	return 0;
}

/* Is text[s, end) inside a general-vocabulary compound (G) that starts at
 * or before s? */
static int in_compound(const tw_dict *g, const char *text, size_t len, size_t s, size_t end)
{
	size_t at = s;
	for (size_t back = 0; back < 8; back++) {
		size_t lg;
		longest_at(g, text, len, at, 'G', &lg, 0, NULL);
		if (lg && at + lg >= end)
			return 1;
		if (at == 0)
			break;
		at = prev_char(text, at);
	}
	return 0;
}

static int ends_in_suffix(const tw_dict *g, const char *text, size_t len, size_t s, size_t e)
{
	for (size_t at = s; at < e;) {
		size_t ls, l;
		longest_at(g, text, e, at, 'S', &ls, 0, NULL);
		if (ls && at + ls == e)
			return 1;
		cp_at(text, len, at, &l);
		at += l;
	}
	return 0;
}

static guard_reason found(guard_hit *hit, guard_reason r, size_t off, size_t len)
{
	if (hit) {
		hit->reason = r;
		hit->ctx_off = off;
		hit->ctx_len = len;
	}
	return r;
}

static int opens(uint32_t cp)
{
	return cp == 0x300C || cp == 0x300E || cp == 0x201C || cp == 0x2018;
}

static int closes_match(uint32_t open, uint32_t close)
{
	return (open == 0x300C && close == 0x300D) || (open == 0x300E && close == 0x300F) ||
	       (open == 0x201C && close == 0x201D) || (open == 0x2018 && close == 0x2019);
}

int guard_is_transliteration(const tw_dict *g, const char *key, size_t n)
{
	return g && has_flag(g, key, n, 'L');
}

/* A line that is one name: a run of at least HEADING_MIN Han characters with
 * nothing before it on its line but ASCII (a number, a space) or a full-width
 * space, nothing after it, and a title suffix (T: 管理辦法, 施行細則, 條例) at its
 * end — the title line of a regulation
 * (數位經濟相關產業個人資料檔案安全維護管理辦法), where a term sits too far from
 * the suffix for the gap rule. A stream window starts after an ASCII byte and
 * never ends inside a Han run, so windows see the same runs as the whole text. */
static guard_reason heading_name(const tw_dict *g, const char *text, size_t len, size_t s,
                                 size_t e, guard_hit *hit)
{
	size_t l, from = s, to = e, n = 0;
	while (from > 0) {
		size_t p = prev_char(text, from);
		uint32_t cp = cp_at(text, len, p, &l);
		if (!utf8_is_han(cp)) {
			if (cp >= 0x80 && cp != 0x3000)
				return GUARD_NONE;
			break;
		}
		from = p;
		if (++n > TITLE_REACH)
			return GUARD_NONE;
	}
	while (to < len) {
		uint32_t cp = cp_at(text, len, to, &l);
		if (!utf8_is_han(cp)) {
			if (cp != '\n' && cp != '\r')
				return GUARD_NONE;
			break;
		}
		to += l;
		if (++n > TITLE_REACH)
			return GUARD_NONE;
	}
	for (size_t at = s; at < e; at += l, n++)
		cp_at(text, len, at, &l);
	if (n < HEADING_MIN)
		return GUARD_NONE;
	for (size_t at = e; at < to;) {
		size_t ls;
		longest_at(g, text, to, at, 'S', &ls, 0, NULL);
		if (ls && at + ls == to && has_flag(g, text + at, ls, 'T'))
			return found(hit, GUARD_SUFFIX, from, to - from);
		cp_at(text, len, at, &l);
		at += l;
	}
	return GUARD_NONE;
}

guard_reason guard_check(const tw_dict *g, const char *text, size_t len, size_t s, size_t e,
                         int no_suffix, guard_hit *hit)
{
	if (hit)
		hit->reason = GUARD_NONE;
	if (!g || s >= e || e > len)
		return GUARD_NONE;
	size_t l;
	/* A quotation whose whole content is the term, after a word that
	 * introduces a name or a definition (俗稱「白牌車」): a mention of the
	 * word, not a use. A quoted idiom elsewhere (「貨不對辦」) is a use. */
	if (s > 0 && e < len) {
		size_t b = prev_char(text, s);
		uint32_t open = cp_at(text, len, b, &l);
		uint32_t close = cp_at(text, len, e, &l);
		size_t cl = l;
		if (opens(open) && closes_match(open, close) && b > 0 &&
		    ends_word(g, text, b, 'Q', b))
			return found(hit, GUARD_QUOTE, b, e + cl - b);
	}
	/* A gazetteer name that covers the term. */
	size_t at = s;
	for (size_t back = 0; back < NAME_BACK; back++) {
		size_t ln;
		longest_at(g, text, len, at, 'N', &ln, 0, NULL);
		if (ln && at + ln >= e)
			return found(hit, GUARD_NAME, at, ln);
		if (at == 0)
			break;
		size_t p = prev_char(text, at);
		if (is_stop(cp_at(text, len, p, &l)))
			break;
		at = p;
	}
	/* A title in 《》 around the term. */
	at = s;
	for (size_t back = 0; back < TITLE_REACH && at > 0; back++) {
		at = prev_char(text, at);
		uint32_t cp = cp_at(text, len, at, &l);
		if (cp == 0x300B || is_stop(cp))
			break;
		if (cp == 0x300A) {
			size_t q = e;
			for (size_t fwd = 0; fwd < TITLE_REACH && q < len; fwd++) {
				uint32_t c2 = cp_at(text, len, q, &l);
				if (c2 == 0x300A || is_stop(c2))
					break;
				q += l;
				if (c2 == 0x300B)
					return found(hit, GUARD_TITLE, at, q - at);
			}
			break;
		}
	}
	/* A name suffix after the term, before anything that ends a name —
	 * unless the term itself ends in one: then it names a kind of body
	 * (公營醫院), and what follows is another word (公營醫院及私營醫院). */
	if (no_suffix || ends_in_suffix(g, text, len, s, e) || has_flag(g, text + s, e - s, 'U'))
		return GUARD_NONE;
	size_t q = e;
	for (size_t gap = 0; gap <= SUFFIX_GAP && q < len; gap++) {
		size_t ls, lx;
		longest_at(g, text, len, q, 'S', &ls, 'X', &lx);
		if (ls && lx <= ls && (gap == 0 || !has_flag(g, text + q, ls, 'V')) &&
		    !ends_word(g, text, q + ls, 'Y', q) && !in_compound(g, text, len, s, q + ls))
			return found(hit, GUARD_SUFFIX, s, q + ls - s);
		uint32_t cp = cp_at(text, len, q, &l);
		if (!utf8_is_han(cp) || has_flag(g, text + q, l, 'B'))
			break;
		q += l;
	}
	return heading_name(g, text, len, s, e, hit);
}

size_t guard_person_char(const tw_dict *g, const char *text, size_t len, size_t at)
{
	size_t l;
	cp_at(text, len, at, &l);
	if (!has_flag(g, text + at, l, 'P') || at == 0)
		return 0;
	/* A common word through the character (東昇, 昇降機): no name. */
	size_t from = at;
	for (size_t back = 0; back < 4; back++) {
		size_t lw;
		longest_at(g, text, len, from, 'W', &lw, 0, NULL);
		if (lw && from + lw > at)
			return 0;
		if (from == 0)
			break;
		from = prev_char(text, from);
	}
	/* A surname right before it (李昇) or one character before that
	 * (林振昇); a double surname (歐陽) is two characters. */
	size_t p1 = prev_char(text, at);
	if (!utf8_is_han(cp_at(text, len, p1, &l)))
		return 0;
	cp_at(text, len, at, &l);
	size_t ends[2] = {at, p1};
	for (int k = 0; k < 2; k++) {
		size_t e = ends[k];
		if (e == 0)
			continue;
		size_t b = prev_char(text, e), cl;
		if (!utf8_is_han(cp_at(text, len, b, &cl)))
			continue;
		if (has_flag(g, text + b, e - b, 'F'))
			return l;
		if (b > 0) {
			size_t b2 = prev_char(text, b);
			if (utf8_is_han(cp_at(text, len, b2, &cl)) && has_flag(g, text + b2, e - b2, 'F'))
				return l;
		}
	}
	return 0;
}

const char *guard_reason_text(guard_reason r)
{
	switch (r) {
	case GUARD_PERSON:
		return "a character of a personal name";
	case GUARD_NAME:
		return "inside an official name";
	case GUARD_SUFFIX:
		return "inside what reads as an official name (a name suffix follows)";
	case GUARD_QUOTE:
		return "the whole of a quotation (a mention of the word, not a use)";
	case GUARD_TITLE:
		return "inside a title in 《》";
	default:
		return "not protected";
	}
}
