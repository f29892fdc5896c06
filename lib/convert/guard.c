#define _GNU_SOURCE /* memrchr */
/* The name guard (see guard.h). */
#include "guard.h"

#include <string.h>

#include "utf8.h"

/* How far the guard looks, in characters: the longest name it searches
 * back for, and the gap allowed between a term and a name suffix after it
 * (數碼轉型 | 支援 | 先導計劃). Kept short on purpose: the further it looks,
 * the likelier the suffix belongs to another word of the sentence. */
#define NAME_BACK 32
#define SUFFIX_GAP 3
/* How far after the term a far name suffix (D: 研究所, 學位學程) still ends
 * its name: 教育資訊與測驗統計研究所, 台灣網路認證股份有限公司. */
#define FAR_GAP 8
#define TITLE_REACH 40
_Static_assert(GUARD_TITLE_BYTES == 4 * TITLE_REACH, "TITLE_REACH characters of up to 4 bytes");
/* The shortest line read as a regulation's title (see heading_name). */
#define HEADING_MIN 8

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
		if (guard_is_stop(cp))
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

/* May an entry of filter f start at text[at] (text ends at len)? NULL: no
 * filter, it may. */
/* What a filter says of an entry starting with a: 1 it may, 0 it cannot,
 * -1 it depends on the next character (filter_pair). */
static int filter_first(const guard_filter *f, uint32_t a)
{
	if (a >= 0x10000)
		return 1;
	if (!((f->first[a >> 5] >> (a & 31)) & 1))
		return 0;
	return (f->single[a >> 5] >> (a & 31)) & 1 ? 1 : -1;
}

static int filter_pair(const guard_filter *f, uint32_t a, uint32_t b)
{
	uint32_t h = dict_pair_hash(a, b);
	return (f->pairs[h >> 5] >> (h & 31)) & 1;
}

static int filter_may(const guard_filter *f, const char *text, size_t len, size_t at)
{
	if (!f)
		return 1;
	size_t l, l2;
	uint32_t a = cp_at(text, len, at, &l);
	int r = filter_first(f, a);
	if (r >= 0)
		return r;
	return at + l < len && filter_pair(f, a, cp_at(text, len, at + l, &l2));
}

/* Is text[s, end) inside a general-vocabulary compound (G) that starts at
 * or before s? */
static int in_compound(const tw_dict *g, const guard_filter *f, const char *text, size_t len,
                       size_t s, size_t end)
{
	size_t at = s;
	for (size_t back = 0; back < 8; back++) {
		if (f && end - at > f->max_len)
			break; /* no compound is that long */
		size_t lg = 0;
		if (filter_may(f, text, len, at))
			longest_at(g, text, len, at, 'G', &lg, 0, NULL);
		if (lg && at + lg >= end)
			return 1;
		if (at == 0)
			break;
		at = prev_char(text, at);
	}
	return 0;
}

static int ends_in_suffix(const tw_dict *g, const guard_filter *f, const char *text,
                          size_t len, size_t s, size_t e)
{
	for (size_t at = s; at < e;) {
		size_t ls = 0, l;
		if (filter_may(f, text, e, at))
			longest_at(g, text, e, at, 'S', &ls, 0, NULL);
		if (ls && at + ls == e)
			return 1;
		cp_at(text, len, at, &l);
		at += l;
	}
	return 0;
}

/* Does 《 (E3 80 8A) start somewhere in text[from, to)? */
static int has_title_open(const char *text, size_t from, size_t to)
{
	const unsigned char *t = (const unsigned char *)text;
	while (to > from) {
		const unsigned char *x = memrchr(t + from, 0x8A, to - from);
		if (!x)
			return 0;
		size_t i = (size_t)(x - t);
		if (i >= from + 2 && t[i - 1] == 0x80 && t[i - 2] == 0xE3)
			return 1;
		to = i;
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

/* Quotation marks: 「」, 『』, “”, ‘’, and the straight quotes of copy typed
 * on a Latin keyboard or pasted from a web form, ASCII " and full-width ＂,
 * which open and close alike (議員就"推動數碼轉型"動議辯論, a LegCo motion's
 * title, in a news report of 2025). */
static int straight(uint32_t cp)
{
	return cp == 0x22 || cp == 0xFF02;
}

static int opens(uint32_t cp)
{
	return cp == 0x300C || cp == 0x300E || cp == 0x201C || cp == 0x2018 || straight(cp);
}

static int closes(uint32_t cp)
{
	return cp == 0x300D || cp == 0x300F || cp == 0x201D || cp == 0x2019 || straight(cp);
}

static int closes_match(uint32_t open, uint32_t close)
{
	return (open == 0x300C && close == 0x300D) || (open == 0x300E && close == 0x300F) ||
	       (open == 0x201C && close == 0x201D) || (open == 0x2018 && close == 0x2019) ||
	       (straight(open) && close == open);
}

int guard_is_transliteration(const tw_dict *g, const char *key, size_t n)
{
	return g && has_flag(g, key, n, 'L');
}

/* May a gazetteer name hold the character a followed by b (by gi's bits)? */
static int in_name_bits(const guard_index *gi, uint32_t a, uint32_t b)
{
	if (a < 0x10000 && !((gi->name_chars[a >> 5] >> (a & 31)) & 1))
		return 0;
	uint32_t h = dict_pair_hash(a, b);
	return (gi->name_pairs[h >> 5] >> (h & 31)) & 1;
}

/* May a filter's entry start with a, b (b: the next character, or
 * UINT32_MAX at the end of the text)? */
static int filter_may_cp(const guard_filter *f, uint32_t a, uint32_t b)
{
	int r = filter_first(f, a);
	if (r >= 0)
		return r;
	return b != UINT32_MAX && filter_pair(f, a, b);
}

/* The run of Han characters around a term at text[s..e): [from, to), the
 * characters that bound it (0 at either end of the text; after_len: the
 * length of the one after) and how many characters it holds besides the
 * term. */
typedef struct han_run {
	size_t from, to, after_len, chars;
	uint32_t before, after;
} han_run;

/* Fills r; 0 when more than TITLE_REACH characters besides the term are
 * Han, which no title or heading reaches, or when the run ends in neither
 * a line's end nor a closing quotation mark, which both need (the walk
 * back is then not made). */
static int han_run_around(const char *text, size_t len, size_t s, size_t e, han_run *r)
{
	size_t l = 0;
	*r = (han_run){s, e, 0, 0, 0, 0};
	while (r->to < len) {
		uint32_t cp = cp_at(text, len, r->to, &l);
		if (!utf8_is_han(cp)) {
			r->after = cp;
			r->after_len = l;
			break;
		}
		r->to += l;
		if (++r->chars > TITLE_REACH)
			return 0;
	}
	if (r->to < len && r->after != '\n' && r->after != '\r' && !closes(r->after))
		return 0;
	while (r->from > 0) {
		size_t p = prev_char(text, r->from);
		uint32_t cp = cp_at(text, len, p, &l);
		if (!utf8_is_han(cp)) {
			r->before = cp;
			break;
		}
		r->from = p;
		if (++r->chars > TITLE_REACH)
			return 0;
	}
	return 1;
}

/* Does text[at..to) end in a key carrying one of flags, starting on a
 * character boundary at or after at? */
static int run_ends_in(const tw_dict *g, const char *text, size_t at, size_t to,
                       const char *flags)
{
	while (at < to) {
		for (const char *f = flags; *f; f++) {
			size_t lk;
			longest_at(g, text, to, at, *f, &lk, 0, NULL);
			if (lk && at + lk == to)
				return 1;
		}
		size_t l;
		cp_at(text, to, at, &l);
		at += l;
	}
	return 0;
}

/* A line that is one name: a run of at least HEADING_MIN Han characters with
 * nothing before it on its line but ASCII (a number, a space) or a full-width
 * space, nothing after it, and a title suffix (T: 管理辦法, 施行細則, 條例) at its
 * end — the title line of a regulation
 * (數位經濟相關產業個人資料檔案安全維護管理辦法), where a term sits too far from
 * the suffix for the gap rule. A stream window starts after an ASCII byte and
 * never ends inside a Han run, so windows see the same runs as the whole text. */
static guard_reason heading_name(const tw_dict *g, const char *text, size_t len, size_t s,
                                 size_t e, int have_run, han_run r, guard_hit *hit)
{
	if (!have_run ||
	    (r.to < len && r.after != '\n' && r.after != '\r') ||
	    (r.from > 0 && r.before >= 0x80 && r.before != 0x3000))
		return GUARD_NONE;
	size_t n = r.chars, l;
	for (size_t at = s; at < e; at += l, n++)
		cp_at(text, len, at, &l);
	if (n < HEADING_MIN || !run_ends_in(g, text, e, r.to, "T"))
		return GUARD_NONE;
	return found(hit, GUARD_SUFFIX, r.from, r.to - r.from);
}

/* A title in quotation marks around the term: a quotation of Han
 * characters only, at most TITLE_REACH of them, that ends after e (the
 * term's end, or its start when the term ends the quotation) in
 * a title suffix (T: 辦法, 要點; W: 指引, 基準 …) or a name suffix (S: 計劃,
 * 中心 …) is the name of a guideline, standard, scheme or body
 * (「政府機關雲端服務應用資安參考指引」, 「長者業主樓換樓計劃」), however
 * far the term sits from the suffix. A quotation whose Han run is broken
 * (a comma, a Latin word) is a quotation, not a title. */
static guard_reason quoted_title(const tw_dict *g, const char *text, size_t e, int have_run,
                                 han_run r, guard_hit *hit)
{
	if (!have_run || r.from == 0 || !opens(r.before) ||
	    !closes_match(r.before, r.after) || r.to == e || !run_ends_in(g, text, e, r.to, "TWS"))
		return GUARD_NONE;
	size_t open = prev_char(text, r.from);
	return found(hit, GUARD_TITLE, open, r.to + r.after_len - open);
}

/* The length of a name suffix (S) that starts at q and ends a name there:
 * not the start of a longer word that is no name ending (X: 局面), nor a
 * word that ends in the suffix but is none (Y: 出局); 0 if none. */
static size_t suffix_at(const tw_dict *g, const char *text, size_t len, size_t q)
{
	size_t ls = 0, lx = 0;
	longest_at(g, text, len, q, 'S', &ls, 'X', &lx);
	return ls && lx <= ls && !ends_word(g, text, q + ls, 'Y', q) ? ls : 0;
}

/* A quotation of Han characters holding the term, followed at once by a
 * name or title suffix (「數位韌性」計畫, 「政府機關資安弱點通報機制」指引):
 * the quotation is the distinctive part of a programme's, a guideline's or
 * a body's name, the suffix its kind, as unquoted (數位韌性計畫). */
static int clause_mark(uint32_t cp)
{
	return cp == 0xFF0C || cp == ',' || cp == 0x3001;
}

/* Does an opening quotation mark (opens()) start in text[from..to), to a
 * character boundary? By the lead bytes, which no other byte of UTF-8 is:
 * E3 80 8C 「, E3 80 8E 『, E2 80 9C “, E2 80 98 ‘, EF BC 82 ＂ and ". */
static int quote_open_in(const char *text, size_t from, size_t to)
{
	const unsigned char *t = (const unsigned char *)text;
	static const unsigned char lead[3] = {0xE3, 0xE2, 0xEF};
	if (to > from && memchr(t + from, 0x22, to - from))
		return 1;
	for (int k = 0; k < 3; k++) {
		for (size_t end = to; end > from;) {
			const unsigned char *x = memrchr(t + from, lead[k], end - from);
			if (!x)
				break;
			uint32_t cp = utf8_decode(x, (size_t)(t + to - x), &(size_t){0});
			if (opens(cp))
				return 1;
			end = (size_t)(x - t);
		}
	}
	return 0;
}

/* A title of clauses (議員就"研究訂立網絡安全法,建構完善的反網絡詐騙體系"動議, a
 * LegCo motion): the quotation around text[s..e) when it holds only Han
 * characters and commas, at most TITLE_REACH characters besides the term,
 * and a comma; then r as han_run_around() fills it for the whole
 * quotation (before and after: its marks). */
static int quoted_clauses(const char *text, size_t len, size_t s, size_t e, han_run *r)
{
	size_t l, chars = 0;
	int commas = 0;
	*r = (han_run){s, e, 0, 0, 0, 0};
	/* The walk back passes TITLE_REACH characters at most, of four bytes
	 * at most, before the mark: without one there, it would find none.
	 * Running text is most of what it is asked about, and the walk back
	 * decodes character by character where this look reads bytes. */
	if (!quote_open_in(text, s > 4 * TITLE_REACH + 4 ? s - (4 * TITLE_REACH + 4) : 0, s))
		return 0;
	/* Back to where the quotation would open first: in running text that
	 * walk ends at no quotation mark, and the forward one is not made. */
	for (;;) {
		if (r->from == 0)
			return 0;
		size_t p = prev_char(text, r->from);
		uint32_t cp = cp_at(text, len, p, &l);
		if (!utf8_is_han(cp) && !clause_mark(cp)) {
			r->before = cp;
			break;
		}
		commas |= clause_mark(cp);
		r->from = p;
		if (++chars > TITLE_REACH)
			return 0;
	}
	if (!opens(r->before))
		return 0;
	for (;;) {
		if (r->to >= len)
			return 0;
		uint32_t cp = cp_at(text, len, r->to, &l);
		if (!utf8_is_han(cp) && !clause_mark(cp)) {
			r->after = cp;
			r->after_len = l;
			break;
		}
		commas |= clause_mark(cp);
		r->to += l;
		if (++chars > TITLE_REACH)
			return 0;
	}
	r->chars = chars;
	return commas && closes_match(r->before, r->after);
}

static guard_reason quote_before_suffix(const tw_dict *g, const char *text, size_t len,
                                        han_run r, int titles_only, guard_hit *hit)
{
	if (r.from == 0 || !opens(r.before) || !closes_match(r.before, r.after))
		return GUARD_NONE;
	size_t q = r.to + r.after_len, ls;
	if (q >= len)
		return GUARD_NONE;
	/* For a verb or a word of running text (titles_only), only the
	 * suffixes that make titles of quotations alone (動議, 記者會, 指引 …): a
	 * quoted phrase before 計劃 is as often speech before the verb
	 * (吳亦「稍為表示」計劃引入…). */
	if (titles_only || !(ls = suffix_at(g, text, len, q)))
		longest_at(g, text, len, q, 'W', &ls, 0, NULL);
	if (!ls)
		return GUARD_NONE;
	size_t open = prev_char(text, r.from);
	return found(hit, GUARD_TITLE, open, q + ls - open);
}

guard_reason guard_check(const tw_dict *g, const char *text, size_t len, size_t s, size_t e,
                         int no_suffix, guard_hit *hit)
{
	return guard_check_indexed(g, NULL, text, len, s, e,
	                           no_suffix ? GUARD_SUFFIX_OFF : GUARD_SUFFIX_DECIDE, hit);
}

guard_suffix_rule guard_suffix_rule_of(const tw_dict *g, const char *key, size_t n,
                                       int no_suffix)
{
	if (!g || no_suffix || !n)
		return GUARD_SUFFIX_OFF;
	if (ends_in_suffix(g, NULL, key, n, 0, n) || has_flag(g, key, n, 'U'))
		return GUARD_SUFFIX_QUOTED;
	return GUARD_SUFFIX_ON;
}

/* Is the character at text[q] (length l) a breaker (flag B) that ends a
 * name run there: not one inside a word that runs through it (J: 應用,
 * 人才, 技能), which names hold (資訊應用學系, 資安人才培育計畫)? from: where
 * the run after the term starts (the word may not reach back into the
 * term). */
static int is_breaker(const tw_dict *g, const guard_index *gi, const char *text, size_t len,
                      size_t from, size_t q, size_t l, uint32_t cp)
{
	if (gi && cp < 0x10000 ? !((gi->breakers[cp >> 5] >> (cp & 31)) & 1)
	                       : !has_flag(g, text + q, l, 'B'))
		return 0;
	size_t p = q > from ? prev_char(text, q) : q, l2;
	if (p < q && has_flag(g, text + p, q + l - p, 'J'))
		return 0;
	if (q + l < len && utf8_is_han(cp_at(text, len, q + l, &l2)) &&
	    has_flag(g, text + q, l + l2, 'J'))
		return 0;
	return 1;
}

int guard_term_in_names(const guard_index *gi, const char *key, size_t n)
{
	const unsigned char *k = (const unsigned char *)key;
	size_t l;
	uint32_t prev = UINT32_MAX;
	for (size_t at = 0; at < n; at += l) {
		uint32_t cp = utf8_decode(k + at, n - at, &l);
		if (cp >= 0x10000)
			return 1; /* not in the bits: may be */
		if (!((gi->name_chars[cp >> 5] >> (cp & 31)) & 1))
			return 0;
		if (prev != UINT32_MAX) {
			uint32_t h = dict_pair_hash(prev, cp);
			if (!((gi->name_pairs[h >> 5] >> (h & 31)) & 1))
				return 0;
		}
		prev = cp;
	}
	return 1;
}

int guard_term_may_straddle(const tw_dict *g, const guard_index *gi, const char *key,
                            size_t n)
{
	const unsigned char *k = (const unsigned char *)key;
	size_t at, l, nl;
	utf8_decode(k, n, &at);
	if (at >= n)
		return 0;
	/* From the second character on, while one more of the term follows
	 * (the name holds it too): cp at k[at..at+l), next after it. */
	for (uint32_t cp = utf8_decode(k + at, n - at, &l); at + l < n; at += l, l = nl) {
		uint32_t next = utf8_decode(k + at + l, n - at - l, &nl);
		/* Some entry runs on past the term with its rest as a prefix (the
		 * guard dictionary stores every key's prefixes). */
		const twd_slot *sl = !gi || filter_may_cp(&gi->name, cp, next)
		                         ? dict_find(g, k + at, n - at)
		                         : NULL;
		if (sl && (sl->flags & TWD_PREFIX))
			return 1;
		cp = next;
	}
	return 0;
}

/* Does a gazetteer name of three characters or more start after a word
 * that follows the term (at least one character after e) and end at end, the
 * suffix found being its own? Then the term is outside that name, in running
 * text (發展商及屋宇署, 圖則獲屋宇署批准, 法例訂明區議會), and the suffix does
 * not make it part of one. A name right after the term may be the tail of a
 * longer one that holds it (個人資料 + 私隱條例), and stays a suffix. */
static int name_after(const tw_dict *g, const char *text, size_t len, size_t e, size_t end)
{
	size_t l;
	cp_at(text, len, e, &l);
	for (size_t at = e + l; at + 3 * 3 <= end; at += l) {
		size_t ln = 0;
		longest_at(g, text, len, at, 'N', &ln, 0, NULL);
		if (ln && at + ln == end && tw_utf8_codepoints(text + at, ln) >= 3)
			return 1;
		cp_at(text, len, at, &l);
	}
	return 0;
}

guard_reason guard_check_indexed(const tw_dict *g, const guard_index *gi, const char *text,
                                 size_t len, size_t s, size_t e, unsigned how, guard_hit *hit)
{
	guard_suffix_rule rule = (guard_suffix_rule)(how & 3u);
	int names = !(how & GUARD_OUTSIDE_NAMES);
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
	/* The characters before the term, back to the start of the sentence
	 * or as far as names and titles are looked for: walked once for both. */
	size_t back_at[TITLE_REACH + 1];
	uint32_t back_cp[TITLE_REACH + 1];
	size_t n_back = 0;
	back_at[0] = s;
	size_t l0;
	back_cp[0] = cp_at(text, len, s, &l0);
	/* Without a 《 in the bytes TITLE_REACH characters can span, no title
	 * encloses the term, and the walk need only reach as far back as a
	 * name could start. */
	int title = !(how & GUARD_NO_TITLE) &&
	            has_title_open(text, s > GUARD_TITLE_BYTES ? s - GUARD_TITLE_BYTES : 0, s);
	const guard_filter *fn = gi ? &gi->name : NULL;
	/* A name that starts at back_at[k] holds every character from there to
	 * the term and every pair of neighbours among them: past the first
	 * character or pair that no name holds (gi's bits), none starts. */
	size_t n_named = names ? SIZE_MAX : 0;
	for (size_t at = s; (title || n_named == SIZE_MAX) && n_back < (title ? TITLE_REACH : NAME_BACK) &&
	                    at > 0;) {
		if (!title && fn && e - at > fn->max_len)
			break;
		at = prev_char(text, at);
		uint32_t cp = cp_at(text, len, at, &l);
		if (guard_is_stop(cp))
			break;
		if (gi && n_named == SIZE_MAX && !in_name_bits(gi, cp, back_cp[n_back]))
			n_named = n_back;
		n_back++;
		back_at[n_back] = at;
		back_cp[n_back] = cp;
	}
	if (n_named > n_back)
		n_named = n_back;
	/* A gazetteer name that covers the term, starting at one of them. */
	for (size_t k = 0; names && k < NAME_BACK && k <= n_named; k++) {
		size_t at = back_at[k];
		if (fn && e - at > fn->max_len)
			break; /* no name is that long */
		uint32_t next = k ? back_cp[k - 1] : UINT32_MAX;
		if (!k && s + l0 < len)
			next = cp_at(text, len, s + l0, &l);
		size_t ln = 0;
		if (!fn || filter_may_cp(fn, back_cp[k], next))
			longest_at(g, text, len, at, 'N', &ln, 0, NULL);
		if (ln && at + ln >= e)
			return found(hit, GUARD_NAME, at, ln);
	}
	/* A gazetteer name that starts inside the term and runs on past it: a
	 * framed term (與安老院, its frame 與 before the word) would rewrite the
	 * head of the name (安老院實務守則). Looked for whatever the term's own
	 * characters say (names): its frame is seldom a name's character. The
	 * name must hold two characters of the term at least: one is as likely
	 * a chance neighbour (本港大致 holds 港大, the short name of a
	 * university). */
	if (!(how & GUARD_NO_STRADDLE) && s + l0 < e) {
		size_t at = s + l0, nl;
		/* cp at text[at..at+l), next after it, inside the term */
		for (uint32_t cp = cp_at(text, len, at, &l); at + l < e; at += l, l = nl) {
			uint32_t next = cp_at(text, len, at + l, &nl);
			size_t ln = 0;
			if (!fn || filter_may_cp(fn, cp, next))
				longest_at(g, text, len, at, 'N', &ln, 0, NULL);
			if (at + ln > e)
				return found(hit, GUARD_NAME, at, ln);
			cp = next;
		}
	}
	/* A title in 《》 around the term. */
	for (size_t k = 1; title && k <= n_back; k++) {
		uint32_t cp = back_cp[k];
		if (cp == 0x300B)
			break;
		if (cp == 0x300A) {
			/* The term of four characters or more is the whole title (but
			 * for a sequel's number): its row maps the title itself, a
			 * film's, a book's or a foreign law's Hong Kong name to the
			 * Mainland one (《魔雪奇緣》 → 《冰雪奇缘》, 《台灣旅行法》 →
			 * 《与台湾交往法》, as outside the marks). A shorter one is a
			 * word a Hong Kong work may be titled (《碌架床》, the artwork
			 * 《回圈》) and stays. */
			size_t t = e;
			while (t < len && ((text[t] >= '0' && text[t] <= '9') || text[t] == ' '))
				t++;
			if (k == 1 && t < len && cp_at(text, len, t, &l) == 0x300B &&
			    tw_utf8_codepoints(text + s, e - s) >= 4)
				break;
			size_t q = e;
			for (size_t fwd = 0; fwd < TITLE_REACH && q < len; fwd++) {
				uint32_t c2 = cp_at(text, len, q, &l);
				if (c2 == 0x300A || guard_is_stop(c2))
					break;
				q += l;
				if (c2 == 0x300B)
					return found(hit, GUARD_TITLE, back_at[k], q - back_at[k]);
			}
			break;
		}
	}
	/* A name suffix after the term, before anything that ends a name —
	 * unless the term itself ends in one: then it names a kind of body
	 * (公營醫院), and what follows is another word (公營醫院及私營醫院). */
	const guard_filter *fs = gi ? &gi->suffix : NULL, *fg = gi ? &gi->compound : NULL;
	/* A title in quotation marks (not for a transliteration, which names
	 * the same person or company inside a name as outside it: 「川普媒體與
	 * 科技集團」 is 特朗普媒体与科技集团). */
	if (rule == GUARD_SUFFIX_OFF)
		return GUARD_NONE;
	/* Flag U (a verb, a word of running text) or a term that ends in a
	 * suffix: a quoted title still holds it, no suffix after it does. */
	int quoted_only = rule == GUARD_SUFFIX_QUOTED ||
	                  (rule == GUARD_SUFFIX_DECIDE && has_flag(g, text + s, e - s, 'U'));
	han_run run; /* the run of Han characters around the term, walked once for both */
	int have_run = han_run_around(text, len, s, e, &run);
	/* A term that ends the quotation, with more of the title before it, and
	 * ends in the suffix itself: the title's last word (「…網站安全標章」,
	 * 「…護理安老院」) belongs to the name as much as its first. The term
	 * quoted alone (「的士」) is a use of the word. */
	if (have_run && run.to == e && run.from < s &&
	    quoted_title(g, text, s, have_run, run, hit) != GUARD_NONE)
		return GUARD_TITLE;
	if (quoted_title(g, text, e, have_run, run, hit) != GUARD_NONE ||
	    (have_run && quote_before_suffix(g, text, len, run, quoted_only, hit) != GUARD_NONE))
		return GUARD_TITLE;
	/* Only a run that a comma bounds can be one clause of a title. */
	han_run clauses;
	if ((clause_mark(run.after) || (have_run && clause_mark(run.before))) &&
	    quoted_clauses(text, len, s, e, &clauses) &&
	    quote_before_suffix(g, text, len, clauses, quoted_only, hit) != GUARD_NONE)
		return GUARD_TITLE;
	/* A verb's or a modifier's term (H: 劍擊, 覆核, 堆填) right before a
	 * body's own ending (A: 總會, 委員會, 有限公司) names the body
	 * (中國香港劍擊總會, 長期監禁刑罰覆核委員會): running text puts no
	 * verb there, where it does before 計劃 or 大學 (入讀大學). */
	if (quoted_only && e < len && has_flag(g, text + s, e - s, 'H')) {
		size_t la = suffix_at(g, text, len, e);
		if (la && has_flag(g, text + e, la, 'A') && !in_compound(g, fg, text, len, s, e + la))
			return found(hit, GUARD_SUFFIX, s, e + la - s);
	}
	if (quoted_only || (rule == GUARD_SUFFIX_DECIDE && ends_in_suffix(g, fs, text, len, s, e)))
		return GUARD_NONE;
	/* Past the gap, only a Taiwan regulation's title suffix (K: >實施辦法;
	 * not the title-only =辦法, nor 條例, which Hong Kong copy cites in 《》)
	 * still makes a name, as far as the run of Han characters reaches
	 * without a breaker: 醫院個人資料檔案安全維護計畫實施辦法 cited in a
	 * sentence is as much a name as on its own title line; and, as far as
	 * FAR_GAP, a far name suffix (D: +研究所, +學位學程), which ends no generic
	 * phrase. */
	size_t q = e;
	/* a term that ends in 之 (訂定之) cites the title, it is not in it */
	size_t reach = cp_at(text, len, prev_char(text, e), &l) == 0x4E4B ? SUFFIX_GAP + 1
	                                                                    : TITLE_REACH;
	for (size_t gap = 0; gap < reach && q < len; gap++) {
		size_t ls = 0;
		if (gap > SUFFIX_GAP) {
			if (filter_may(gi ? &gi->beyond : NULL, text, len, q)) {
				longest_at(g, text, len, q, 'K', &ls, 0, NULL);
				if (ls)
					return found(hit, GUARD_SUFFIX, s, q + ls - s);
				if (gap <= FAR_GAP && (ls = suffix_at(g, text, len, q)) &&
				    !has_flag(g, text + q, ls, 'D'))
					ls = 0;
			}
		} else if (filter_may(fs, text, len, q)) {
			ls = suffix_at(g, text, len, q);
		}
		if (ls && (gap == 0 || !has_flag(g, text + q, ls, 'V')) &&
		    !in_compound(g, fg, text, len, s, q + ls) && !name_after(g, text, len, e, q + ls))
			return found(hit, GUARD_SUFFIX, s, q + ls - s);
		uint32_t cp = cp_at(text, len, q, &l);
		if (!utf8_is_han(cp) || is_breaker(g, gi, text, len, e, q, l, cp))
			break;
		/* 之 links what precedes to the title it cites (授權訂定之…辦法):
		 * the reach across running text stops there too */
		if (cp == 0x4E4B && reach > SUFFIX_GAP + 1)
			reach = SUFFIX_GAP + 1;
		q += l;
	}
	return heading_name(g, text, len, s, e, have_run, run, hit);
}

/* Is the character text[at..at+l) inside an official name, as a term there
 * would be (a gazetteer name around it, or a name suffix after it:
 * 旭昇科技有限公司, 昇捷管理服務有限公司)? */
static guard_reason in_official_name(const tw_dict *g, const char *text, size_t len, size_t at,
                                     size_t l)
{
	guard_reason r = guard_check(g, text, len, at, at + l, 0, NULL);
	return r == GUARD_NAME || r == GUARD_SUFFIX ? r : GUARD_NONE;
}

size_t guard_person_char(const tw_dict *g, const char *text, size_t len, size_t at,
                         guard_reason *why)
{
	guard_reason none;
	if (!why)
		why = &none;
	*why = GUARD_PERSON;
	size_t l;
	cp_at(text, len, at, &l);
	if (!has_flag(g, text + at, l, 'P'))
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
	/* A name character that is a surname itself starts a name before a
	 * Han character (甯漢豪). */
	if (has_flag(g, text + at, l, 'F')) {
		size_t nl;
		if (at + l < len && utf8_is_han(cp_at(text, len, at + l, &nl)))
			return l;
	}
	if (at == 0)
		return 0;
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
	*why = in_official_name(g, text, len, at, l);
	return *why != GUARD_NONE ? l : 0;
}

const char *guard_reason_code(guard_reason r)
{
	static const char *codes[] = {NULL, "name", "suffix", "quote", "title", "person"};
	return codes[r];
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
		return "inside a title (in 《》, or a quotation that ends in a title suffix)";
	default:
		return "not protected";
	}
}
