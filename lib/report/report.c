/* Report rendering: format dispatch, the rule catalogue, display widths and
 * the helpers every renderer shares. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report_internal.h"
#include "utf8.h"

static const tw_rule_info catalogue[] = {
	{"term/convert", "Hong Kong or Taiwan wording with one safe Mainland form", TW_SEV_ERROR},
	{"term/review", "Regional wording whose Mainland form depends on the sense", TW_SEV_WARNING},
	{"term/reject", "A word the configuration rejects", TW_SEV_ERROR},
	{"script/traditional", "Traditional-only character in Simplified text", TW_SEV_ERROR},
	{"script/simplified", "Simplified-only character in Traditional text", TW_SEV_ERROR},
	{"script/nonstandard", "Han character outside the Mainland standard list (通用规范汉字表)",
	 TW_SEV_WARNING},
	{"cantonese/word", "Cantonese colloquial word or particle", TW_SEV_WARNING},
	{"punct/corner-quote", "Corner quotes in Mainland text", TW_SEV_ERROR},
	{"punct/presentation-form", "Small or vertical presentation form of a mark in Mainland text",
	 TW_SEV_WARNING},
	{"punct/half-width", "Half-width punctuation in Chinese text", TW_SEV_WARNING},
	{"punct/title-mark", "Title in 〈〉 in Mainland text", TW_SEV_WARNING},
	{"punct/unpaired", "Unpaired quote or bracket", TW_SEV_WARNING},
	{"spelling/unknown", "Misspelled Latin-script word", TW_SEV_WARNING},
	{"consistency/mixed", "One concept written in two regional forms", TW_SEV_WARNING},
};

const tw_rule_info *tw_rule_catalogue(size_t *n)
{
	if (n)
		*n = sizeof catalogue / sizeof catalogue[0];
	return catalogue;
}

int tw_rule_name_known(const char *name)
{
	if (!name)
		return 0;
	size_t nlen = strlen(name);
	for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++) {
		const char *id = catalogue[i].id;
		if (!strcmp(id, name))
			return 1;
		/* a family is the part of an id before '/' */
		if (!strchr(name, '/') && !strncmp(id, name, nlen) && id[nlen] == '/')
			return 1;
	}
	return 0;
}

int tw_report_format_parse(const char *s)
{
	static const char *const names[] = {"text", "json", "sarif", "github"};
	for (int i = 0; s && i < 4; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

static int append_to_buf(void *ud, const char *data, size_t len)
{
	return buf_append(ud, data, len);
}

int tw_report_render(char **out, size_t *out_len, tw_report_format format,
                     const tw_report_file *files, size_t n, tw_error *err)
{
	if (!out)
		return tw_fail(err, TW_EINVAL, 0, "no output pointer");
	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (n && !files)
		return tw_fail(err, TW_EINVAL, 0, "no files");
	for (size_t i = 0; i < n; i++)
		if (!files[i].name || (!files[i].text && files[i].len))
			return tw_fail(err, TW_EINVAL, 0, "report file %zu has no name or text", i);
	if (format < TW_REPORT_TEXT || format > TW_REPORT_GITHUB)
		return tw_fail(err, TW_EINVAL, 0, "unknown report format %d", (int)format);
	buf b = {0};
	tw_report_writer *w;
	int rc = tw_report_writer_open(&w, format, append_to_buf, &b, err);
	/* SARIF's rules come before the results: name the unknown ones first. */
	for (size_t i = 0; i < n && !rc; i++)
		for (size_t k = 0; files[i].findings && k < files[i].findings->count && !rc; k++)
			rc = report_writer_know_rule(w, &files[i].findings->items[k]);
	for (size_t i = 0; i < n && !rc; i++)
		if (files[i].findings)
			rc = tw_report_writer_add(w, files[i].name, files[i].findings->items,
			                          files[i].findings->count, files[i].text, 0, files[i].len,
			                          err);
	if (!rc)
		rc = tw_report_writer_finish(w, err);
	tw_report_writer_free(w);
	if (!rc && !b.data)
		rc = buf_append(&b, "", 0);
	if (rc) {
		buf_release(&b);
		return rc == TW_ENOMEM ? tw_fail(err, TW_ENOMEM, 0, "out of memory rendering the report")
		                       : rc;
	}
	*out = b.data;
	if (out_len)
		*out_len = b.len;
	return TW_OK;
}

/* East Asian Width W and F (Unicode 15), merged into ranges; a terminal
 * draws these two cells wide. */
static const uint32_t wide[][2] = {
	{0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
	{0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
	{0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
	{0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
	{0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
	{0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
	{0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
	{0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
	{0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
	{0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
	{0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
	{0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
	{0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
	{0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F320},
	{0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA},
	{0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
	{0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E},
	{0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4},
	{0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
	{0x1F6D5, 0x1F6D7}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB},
	{0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF},
	{0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

/* Characters that take no cell: combining marks, zero-width and bidi
 * format characters, variation selectors. */
static const uint32_t zero[][2] = {
	{0x0300, 0x036F},   {0x0483, 0x0489},   {0x0591, 0x05BD},   {0x0610, 0x061A},
	{0x064B, 0x065F},   {0x1AB0, 0x1AFF},   {0x1DC0, 0x1DFF},   {0x200B, 0x200F},
	{0x2028, 0x202E},   {0x2060, 0x2064},   {0x20D0, 0x20FF},   {0x302A, 0x302D},
	{0x3099, 0x309A},   {0xFE00, 0xFE0F},   {0xFE20, 0xFE2F},   {0xFEFF, 0xFEFF},
	{0xE0001, 0xE007F}, {0xE0100, 0xE01EF},
};

static int in_ranges(uint32_t cp, const uint32_t (*r)[2], size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < r[mid][0])
			hi = mid;
		else if (cp > r[mid][1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static size_t cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp < 0x300)
		return 1;
	if (in_ranges(cp, zero, sizeof zero / sizeof zero[0]))
		return 0;
	return in_ranges(cp, wide, sizeof wide / sizeof wide[0]) ? 2 : 1;
}

size_t tw_display_width(const char *s, size_t len)
{
	size_t w = 0, n;
	for (size_t i = 0; i < len; i += n)
		w += cp_width(utf8_decode((const unsigned char *)s + i, len - i, &n));
	return w;
}

char *report_clean_utf8(const char *s)
{
	size_t len = strlen(s);
	buf b = {0};
	size_t i = 0;
	while (i < len) {
		size_t ok = utf8_valid_prefix(s + i, len - i);
		if (buf_append(&b, s + i, ok))
			goto oom;
		i += ok;
		if (i < len) {
			if (buf_append(&b, "\xEF\xBF\xBD", 3))
				goto oom;
			i++;
		}
	}
	if (buf_append(&b, "", 0))
		goto oom;
	return b.data;
oom:
	buf_release(&b);
	return NULL;
}

void report_span(const report_text *t, const tw_finding *x, size_t *off, size_t *len)
{
	size_t o = x->offset < t->base ? t->base : x->offset - t->base <= t->len ? x->offset
	                                                                         : t->base + t->len;
	size_t end = t->base + t->len;
	size_t l = x->length <= end - o ? x->length : end - o;
	*off = o;
	*len = l;
}

const char *report_severity_name(tw_severity s)
{
	switch (s) {
	case TW_SEV_ERROR: return "error";
	case TW_SEV_WARNING: return "warning";
	case TW_SEV_INFO: return "info";
	default: return "off";
	}
}

int report_append_json_at(buf *b, void *v, size_t indent)
{
	static const char spaces[] = "                ";
	char *s = v ? json_dumps(v, JSON_INDENT(2)) : NULL;
	json_decref(v);
	if (!s)
		return TW_ENOMEM;
	int rc = TW_OK;
	for (const char *p = s; *p && !rc;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		rc = buf_append(b, p, n);
		p += n;
		if (nl && *p && !rc)
			rc = buf_append(b, spaces, indent < sizeof spaces - 1 ? indent : sizeof spaces - 1);
	}
	free(s);
	return rc;
}
