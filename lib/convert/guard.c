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
static inline int is_stop(uint32_t cp)
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
	const unsigned char *s = (const unsigned char *)text + at;
	uint32_t h = dict_hash(s, 0), first = 0;
	for (size_t chars = 0; end < len && chars < NAME_BACK + 16; chars++) {
		size_t l;
		uint32_t cp = cp_at(text, len, end, &l);
		if (is_stop(cp))
			break;
		/* Most places start no entry: the first-character bitmap and the
		 * first-pair filter say so without hashing. */
		if (chars == 0) {
			if (!dict_may_start(g, cp))
				break;
			first = cp;
		} else if (chars == 1 && !dict_pair_may(g, first, cp)) {
			break;
		}
		h = dict_hash_more(h, (const unsigned char *)text + end, l);
		end += l;
		const twd_slot *sl = dict_find_hashed(g, s, end - at, h);
		const char *f = sl && (sl->flags & TWD_KEY) ? g->pool + sl->val_off : NULL;
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

void guard_names_add(guard_names *gn, const char *key, size_t n)
{
	size_t l1, l2;
	uint32_t a = utf8_decode((const unsigned char *)key, n, &l1);
	if (n > gn->max_len)
		gn->max_len = n;
	if (a >= 0x10000)
		return; /* looked up whatever the filter says */
	gn->first[a >> 5] |= 1u << (a & 31);
	if (l1 >= n) {
		gn->single[a >> 5] |= 1u << (a & 31);
		return;
	}
	uint32_t b = utf8_decode((const unsigned char *)key + l1, n - l1, &l2);
	uint32_t h = dict_pair_hash(a, b);
	gn->pairs[h >> 5] |= 1u << (h & 31);
}

/* May a gazetteer name start with a, b (b: the next character, or
 * UINT32_MAX at the end of the text)? */
static int name_may_start(const guard_names *gn, uint32_t a, uint32_t b)
{
	if (a >= 0x10000)
		return 1;
	if (!((gn->first[a >> 5] >> (a & 31)) & 1))
		return 0;
	if ((gn->single[a >> 5] >> (a & 31)) & 1)
		return 1;
	if (b == UINT32_MAX)
		return 0;
	uint32_t h = dict_pair_hash(a, b);
	return (gn->pairs[h >> 5] >> (h & 31)) & 1;
}

guard_reason guard_check(const tw_dict *g, const char *text, size_t len, size_t s, size_t e,
                         int no_suffix, guard_hit *hit)
{
	return guard_check_names(g, NULL, text, len, s, e, no_suffix, hit);
}

guard_reason guard_check_names(const tw_dict *g, const guard_names *gn, const char *text,
                               size_t len, size_t s, size_t e, int no_suffix, guard_hit *hit)
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
	/* The characters at `at` and after it, carried back from step to step. */
	uint32_t a = cp_at(text, len, at, &l);
	uint32_t b = at + l < len ? cp_at(text, len, at + l, &l) : UINT32_MAX;
	for (size_t back = 0; back < NAME_BACK; back++) {
		if (gn && e - at > gn->max_len)
			break; /* no name is that long */
		size_t ln = 0;
		if (!gn || name_may_start(gn, a, b))
			longest_at(g, text, len, at, 'N', &ln, 0, NULL);
		if (ln && at + ln >= e)
			return found(hit, GUARD_NAME, at, ln);
		if (at == 0)
			break;
		size_t p = prev_char(text, at);
		uint32_t pc = cp_at(text, len, p, &l);
		if (is_stop(pc))
			break;
		at = p;
		b = a;
		a = pc;
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
