/* The checker's view of the Mainland character standard and of names:
 * the 通用规范汉字表 (mainland-standard.txt), hk2cn's standard-form map
 * (HKCNStandard.twd) and the name guard's dictionary (HKCNGuard.twd), all
 * made by the build (dicts/standard/README.md, lib/convert/guard.h).
 *
 * script/nonstandard (target cn): a Han character outside the table that is
 * not simply Traditional, with its standard form as the suggestion when
 * there is one (歴 → 历, ⾞ → 车); Cantonese characters with no standard
 * form (嗰, 喎, 搵) are flagged here rather than as Traditional.
 *
 * Target hk: a character that is a variant of a form of Hong Kong's 常用字字形表
 * (hk-standard.txt: 僞 → 偽, 衆 → 眾) is reported as info, with that form. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check_internal.h"
#include "guard.h"
#include "utf8.h"

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int load_table(tw_lexicon *lex, const char *dir, tw_error *err)
{
	char *path = path_join(dir, "mainland-standard.txt");
	char *text = NULL;
	size_t len;
	if (!path)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	int rc = read_file(&text, &len, path, 1u << 20, err);
	if (!rc) {
		size_t bad;
		if (tw_utf8_validate(text, len, &bad))
			rc = tw_fail(err, TW_EFORMAT, bad, "%s: invalid UTF-8 at byte offset %zu", path,
			             bad);
	}
	for (size_t i = 0; !rc && i < len;) {
		size_t l;
		uint32_t cp = utf8_decode((const unsigned char *)text + i, len - i, &l);
		i += l;
		if (cp == '\n')
			continue;
		if (cp < 0x10000) {
			lex->std_bmp[cp >> 3] |= (uint8_t)(1u << (cp & 7));
		} else {
			uint32_t *v = realloc(lex->std_big, (lex->n_std_big + 1) * sizeof *v);
			if (!v) {
				rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
				break;
			}
			lex->std_big = v;
			lex->std_big[lex->n_std_big++] = cp;
		}
	}
	if (lex->n_std_big)
		qsort(lex->std_big, lex->n_std_big, sizeof *lex->std_big, cmp_u32);
	free(text);
	free(path);
	return rc;
}

static int cmp_pair(const void *a, const void *b)
{
	return cmp_u32(a, b);
}

/* hk-standard.txt: "variant<TAB>standard" lines (twdict hkstandard). */
static int load_hk_table(tw_lexicon *lex, const char *dir, tw_error *err)
{
	char *path = path_join(dir, "hk-standard.txt");
	char *text = NULL;
	size_t len;
	if (!path)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	int rc = read_file(&text, &len, path, 1u << 20, err);
	size_t lineno = 0;
	for (char *cur = text, *line; !rc && (line = text_next_line(&cur));) {
		lineno++;
		if (!*line)
			continue;
		size_t n = strlen(line), l1, l2 = 0;
		uint32_t a = utf8_decode((const unsigned char *)line, n, &l1), b = 0;
		if (l1 < n && line[l1] == '\t')
			b = utf8_decode((const unsigned char *)line + l1 + 1, n - l1 - 1, &l2);
		if (!a || !b || l1 + 1 + l2 != n) {
			rc = tw_fail(err, TW_EFORMAT, 0, "%s:%zu: expected variant<TAB>standard", path,
			             lineno);
			break;
		}
		uint32_t(*v)[2] = realloc(lex->hk_std, (lex->n_hk_std + 1) * sizeof *v);
		if (!v) {
			rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
			break;
		}
		lex->hk_std = v;
		lex->hk_std[lex->n_hk_std][0] = a;
		lex->hk_std[lex->n_hk_std++][1] = b;
	}
	if (lex->n_hk_std)
		qsort(lex->hk_std, lex->n_hk_std, sizeof *lex->hk_std, cmp_pair);
	free(text);
	free(path);
	return rc;
}

void hk_nonstandard(check_ctx *c)
{
	const tw_lexicon *lex = c->lex;
	const unsigned char *s = (const unsigned char *)c->text;
	for (size_t pos = 0, l; pos < c->len && !c->oom; pos += l) {
		uint32_t cp = s[pos];
		l = 1;
		if (cp < 0x80)
			continue;
		cp = utf8_decode(s + pos, c->len - pos, &l);
		const uint32_t(*p)[2] = bsearch(&cp, lex->hk_std, lex->n_hk_std, sizeof *lex->hk_std,
		                                cmp_pair);
		if (!p)
			continue;
		char sugg[5] = {0};
		sugg[utf8_encode((*p)[1], sugg)] = '\0';
		const char *sv = sugg;
		add_finding(c, "script/nonstandard", TW_SEV_INFO, pos, l, NULL, &sv, 1,
		            "%.*s is a variant; Hong Kong's standard form (常用字字形表) is %s", (int)l,
		            (const char *)s + pos, sugg);
	}
}

static int open_dict(tw_dict *d, const char *dir, const char *name, tw_error *err)
{
	char *path = path_join(dir, name);
	if (!path)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	int rc = dict_open_file(d, path, err);
	free(path);
	return rc;
}

int lex_standard_in_table(const tw_lexicon *lex, uint32_t cp)
{
	if (cp < 0x10000)
		return (lex->std_bmp[cp >> 3] >> (cp & 7)) & 1;
	return bsearch(&cp, lex->std_big, lex->n_std_big, sizeof cp, cmp_u32) != NULL;
}

/* 〇 (U+3007), the zero of numbers written in Chinese numerals, is not in
 * the 通用规范汉字表 but is what Mainland publishing writes in such numbers
 * (GB/T 15835-2011: 二〇二四年), so it is never reported. */
int lex_nonstandard(const tw_lexicon *lex, uint32_t cp)
{
	return lex->has_standard && cp != 0x3007 && utf8_is_han_or_radical(cp) &&
	       !lex_standard_in_table(lex, cp);
}

int lexicon_load_standard(tw_lexicon *lex, const char *dir, tw_error *err)
{
	int rc = load_table(lex, dir, err);
	if (!rc)
		rc = load_hk_table(lex, dir, err);
	if (!rc)
		rc = open_dict(&lex->std_map, dir, "HKCNStandard.twd", err);
	/* The name guard (3.7 MB to map and walk) is opened when a check
	 * first meets a lexicon term: clean Mainland copy never does. A
	 * missing file is still an error here. */
	if (!rc) {
		char *path = path_join(dir, "HKCNGuard.twd");
		if (!path)
			rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
		else if (!file_exists(path))
			rc = tw_fail(err, TW_ENOTFOUND, 0, "%s: %s", path, strerror(ENOENT));
		free(path);
	}
	if (rc)
		return rc;
	lex->has_standard = 1;
	/* A Traditional character with no standard form, which hk2cn keeps as
	 * written (嗰, not 𠮶: HKCNNoStandard) or writes back (the values of the
	 * standard map that are Traditional): non-standard, not Traditional,
	 * and its suggestion is no rare Extension B form. */
	tw_dict keep = {0};
	int have_keep = !open_dict(&keep, dir, "HKCNNoStandard.twd", NULL);
	const tw_dict *maps[2] = {&lex->std_map, have_keep ? &keep : NULL};
	for (int k = 0; k < 2 && maps[k]; k++) {
		const tw_dict *m = maps[k];
		for (uint32_t i = 0; i < m->n_slots; i++) {
			const twd_slot *sl = &m->slots[i];
			if (!(sl->flags & TWD_KEY))
				continue;
			size_t l;
			uint32_t y = utf8_decode((const unsigned char *)m->pool + sl->val_off,
			                         sl->val_len, &l);
			if (l == sl->val_len && y < 0x10000 && lex->script[y] == 'T' &&
			    !lex_standard_in_table(lex, y)) {
				lex->script[y] = 0;
				lex->cls[y] &= (uint8_t)~LEX_CTRAD;
			}
		}
	}
	if (have_keep)
		dict_close(&keep);
	for (uint32_t cp = 0x2E80; cp < 0x10000; cp++)
		if (lex_nonstandard(lex, cp) && lex->script[cp] != 'T')
			lex->cls[cp] |= LEX_CNONSTD;
	return TW_OK;
}

int lex_guard_ready(const tw_lexicon *clex, tw_error *err)
{
	tw_lexicon *lex = (tw_lexicon *)clex; /* only the lock-guarded dictionary is touched */
	if (atomic_load_explicit(&lex->guard_ready, memory_order_acquire))
		return TW_OK;
	pthread_mutex_lock(&lex->profile_lock);
	int rc = TW_OK;
	if (!atomic_load_explicit(&lex->guard_ready, memory_order_relaxed)) {
		rc = open_dict(&lex->guard, lex->data_dir, "HKCNGuard.twd", err);
		if (!rc)
			atomic_store_explicit(&lex->guard_ready, 1, memory_order_release);
	}
	pthread_mutex_unlock(&lex->profile_lock);
	return rc;
}

void lexicon_free_standard(tw_lexicon *lex)
{
	dict_close(&lex->std_map);
	dict_close(&lex->guard);
	free(lex->std_big);
	lex->std_big = NULL;
	free(lex->hk_std);
	lex->hk_std = NULL;
	lex->n_hk_std = 0;
}

/* The standard form hk2cn writes for cp (l bytes at s), or 0. */
static uint32_t standard_form(const tw_lexicon *lex, const unsigned char *s, size_t l)
{
	const twd_slot *sl = dict_find(&lex->std_map, s, l);
	if (!sl || !(sl->flags & TWD_KEY))
		return 0;
	size_t vl;
	uint32_t y = utf8_decode((const unsigned char *)lex->std_map.pool + sl->val_off,
	                         sl->val_len, &vl);
	return vl == sl->val_len && lex_standard_in_table(lex, y) ? y : 0;
}

void nonstandard_char(check_ctx *c, size_t pos, size_t l, uint32_t cp)
{
	(void)cp;
	/* A character of a Cantonese word just flagged is that finding's. */
	for (size_t i = c->n; i > 0 && i + 4 > c->n; i--) {
		const tw_finding *f = &c->v[i - 1];
		if (!strcmp(f->rule, "cantonese/word") && f->offset <= pos &&
		    pos < f->offset + f->length)
			return;
	}
	const unsigned char *s = (const unsigned char *)c->text + pos;
	uint32_t y = standard_form(c->lex, s, l);
	char sugg[5] = {0};
	if (y)
		sugg[utf8_encode(y, sugg)] = '\0';
	const char *sv = sugg;
	if (y)
		add_finding(c, "script/nonstandard", TW_SEV_WARNING, pos, l, NULL, &sv, 1,
		            "%.*s is not in the Mainland standard character list (通用规范汉字表); "
		            "the standard form is %s",
		            (int)l, (const char *)s, sugg);
	else
		add_finding(c, "script/nonstandard", TW_SEV_WARNING, pos, l, NULL, NULL, 0,
		            "%.*s is not in the Mainland standard character list (通用规范汉字表) and "
		            "has no standard form: Mainland readers and fonts may not handle it",
		            (int)l, (const char *)s);
}

/* Is text[off, off + len) inside a name or a quoted mention? */
int check_guard(check_ctx *c, const lex_row *r, size_t off, size_t len)
{
	const tw_lexicon *lex = c->lex;
	if (!lex->has_standard)
		return GUARD_NONE;
	if (lex_guard_ready(lex, &c->ferr)) {
		if (c->ferr.code == TW_ENOMEM)
			c->oom = 1;
		else
			c->fail = c->ferr.code ? c->ferr.code : TW_EFORMAT;
		return GUARD_NONE;
	}
	int translit = guard_is_transliteration(&lex->guard, r->source, strlen(r->source));
	return (int)guard_check(&lex->guard, c->text, c->len, off, off + len, translit, NULL);
}

int check_person_char(check_ctx *c, size_t off)
{
	const tw_lexicon *lex = c->lex;
	if (!lex->has_standard)
		return 0;
	if (lex_guard_ready(lex, &c->ferr)) {
		if (c->ferr.code == TW_ENOMEM)
			c->oom = 1;
		else
			c->fail = c->ferr.code ? c->ferr.code : TW_EFORMAT;
		return 0;
	}
	return guard_person_char(&lex->guard, c->text, c->len, off, NULL) != 0;
}
