/* The document layer: runs, splicing, positions, hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tongwen.h"

#include "../lib/collect.h"

static tw_profile *prof;
static const tw_doc_convert_options CN = {TW_DOC_CONVERT_OPTIONS_VERSION, "zh-CN", NULL};
static tw_lexicon *lex;

static int setup(void **state)
{
	(void)state;
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = TW_TEST_DATA;
	if (tw_profile_open(&prof, "hk2cn", &po, NULL))
		return -1;
	return tw_lexicon_open(&lex, TW_TEST_DATA, NULL);
}

static int teardown(void **state)
{
	(void)state;
	tw_profile_free(prof);
	tw_lexicon_free(lex);
	return 0;
}

/* The property every conversion keeps: spans tile both texts, unchanged
 * spans are byte-equal, and a changed span lies inside one readable or
 * language run, so removing the converted runs leaves identical bytes. */
static void check_splice(const char *in, size_t len, tw_markup m)
{
	tw_doc_options o = TW_DOC_OPTIONS_INIT;
	o.markup = m;
	tw_document *d;
	assert_int_equal(tw_doc_parse(&d, in, len, &o, NULL), TW_OK);
	size_t nr;
	const tw_run *r = tw_doc_runs(d, &nr);
	size_t pos = 0;
	for (size_t i = 0; i < nr; i++) {
		assert_int_equal(r[i].offset, pos);
		assert_true(r[i].length > 0);
		pos += r[i].length;
	}
	assert_int_equal(pos, len);
	char *out;
	size_t out_len, ns;
	tw_span *sp;
	assert_int_equal(tw_doc_convert(&out, &out_len, &sp, &ns, d, prof, &CN, NULL), TW_OK);
	size_t s = 0, t = 0, ri = 0;
	for (size_t i = 0; i < ns; i++) {
		assert_int_equal(sp[i].src_off, s);
		assert_int_equal(sp[i].dst_off, t);
		if (sp[i].step < 0) {
			assert_int_equal(sp[i].src_len, sp[i].dst_len);
			assert_memory_equal(in + s, out + t, sp[i].src_len);
		} else {
			while (ri < nr && r[ri].offset + r[ri].length <= s)
				ri++;
			assert_true(ri < nr);
			assert_true(r[ri].role == TW_ROLE_PROSE || r[ri].role == TW_ROLE_ATTRIBUTE ||
			            r[ri].role == TW_ROLE_LANG);
			assert_true(s + sp[i].src_len <= r[ri].offset + r[ri].length);
		}
		s += sp[i].src_len;
		t += sp[i].dst_len;
	}
	assert_int_equal(s, len);
	assert_int_equal(t, out_len);
	/* the unaligned path (one tw_convert call, cut at NULs) writes the same bytes */
	char *plain;
	size_t plain_len;
	assert_int_equal(tw_doc_convert(&plain, &plain_len, NULL, NULL, d, prof, &CN, NULL), TW_OK);
	assert_int_equal(plain_len, out_len);
	assert_memory_equal(plain, out, out_len);
	tw_free(plain);
	tw_free(sp);
	tw_free(out);
	tw_doc_free(d);
}

static char *convert(const char *in, tw_markup m)
{
	tw_doc_options o = TW_DOC_OPTIONS_INIT;
	o.markup = m;
	char *out = NULL;
	size_t n;
	tw_error err = {0};
	int rc = tw_convert_document(&out, &n, prof, in, strlen(in), &o, &CN, &err);
	if (rc)
		fprintf(stderr, "%s\n", err.message);
	assert_int_equal(rc, TW_OK);
	check_splice(in, strlen(in), m);
	return out;
}

static void expect_convert(const char *in, tw_markup m, const char *want)
{
	char *out = convert(in, m);
	assert_string_equal(out, want);
	tw_free(out);
}

static void html_roles(void **state)
{
	(void)state;
	expect_convert("<p title=\"的士\" data-x=\"的士\">搭的士</p>", TW_MARKUP_HTML,
	               "<p title=\"出租车\" data-x=\"的士\">搭出租车</p>");
	expect_convert("<a href=\"/的士/司機.html\">司機</a><img src=的士.png alt=的士>", TW_MARKUP_HTML,
	               "<a href=\"/的士/司機.html\">司机</a><img src=的士.png alt=出租车>");
	expect_convert("<script>s='的士'</script><style>.的士{}</style><pre>的士</pre>"
	               "<code>的士</code><kbd>的士</kbd><samp>的士</samp><var>的士</var>"
	               "<template>的士</template>的士",
	               TW_MARKUP_HTML,
	               "<script>s='的士'</script><style>.的士{}</style><pre>的士</pre>"
	               "<code>的士</code><kbd>的士</kbd><samp>的士</samp><var>的士</var>"
	               "<template>的士</template>出租车");
	expect_convert("<div translate=\"no\" title=\"的士\">的士<b>的士</b></div>的士", TW_MARKUP_HTML,
	               "<div translate=\"no\" title=\"的士\">的士<b>的士</b></div>出租车");
	expect_convert("<p class=\"a notranslate\">的士</p><p class=notranslated>的士</p>",
	               TW_MARKUP_HTML, "<p class=\"a notranslate\">的士</p><p class=notranslated>出租车</p>");
	expect_convert("<html lang=\"zh-HK\"><p xml:lang='zh-Hant'>的士</p><p lang=en>taxi</p>",
	               TW_MARKUP_HTML,
	               "<html lang=\"zh-CN\"><p xml:lang='zh-CN'>出租车</p><p lang=en>taxi</p>");
	expect_convert("<meta name=\"description\" content=\"的士\"><meta name=author content=\"的士\">"
	               "<meta property=\"og:title\" content=\"的士\">",
	               TW_MARKUP_HTML,
	               "<meta name=\"description\" content=\"出租车\"><meta name=author content=\"的士\">"
	               "<meta property=\"og:title\" content=\"出租车\">");
	/* a title holding a URL is left alone; a pre's title is readable */
	expect_convert("<a title=\"https://x/的士\">x</a><pre title=\"的士\">的士</pre>", TW_MARKUP_HTML,
	               "<a title=\"https://x/的士\">x</a><pre title=\"出租车\">的士</pre>");
	/* every attribute the scanner knows is found (its table is searched by bisection) */
	expect_convert("<a action=的士 alt=的士 aria-description=的士 aria-label=的士 background=的士 "
	               "cite=的士 data=的士 formaction=的士 href=的士 label=的士 longdesc=的士 manifest=的士 "
	               "ping=的士 placeholder=的士 poster=的士 src=的士 srcset=的士 title=的士 "
	               "xlink:href=的士 lang=zh-TW xml:lang=zh-MO>",
	               TW_MARKUP_HTML,
	               "<a action=的士 alt=出租车 aria-description=出租车 aria-label=出租车 background=的士 "
	               "cite=的士 data=的士 formaction=的士 href=的士 label=出租车 longdesc=的士 manifest=的士 "
	               "ping=的士 placeholder=出租车 poster=的士 src=的士 srcset=的士 title=出租车 "
	               "xlink:href=的士 lang=zh-CN xml:lang=zh-CN>");
	/* title and textarea are text; comments are not */
	expect_convert("<title>的士</title><!-- 的士 --><textarea>的士</textarea>", TW_MARKUP_HTML,
	               "<title>出租车</title><!-- 的士 --><textarea>出租车</textarea>");
}

static void html_references(void **state)
{
	(void)state;
	/* named references stay; a numeric one is converted and stays a reference */
	expect_convert("<p>的士&amp;司機 &nbsp; &#x8ECA;&#36554;輛 &#x41;</p>", TW_MARKUP_HTML,
	               "<p>出租车&amp;司机 &nbsp; &#x8F66;&#x8F66;辆 &#x41;</p>");
	/* a term written partly as a reference is still one term */
	expect_convert("<p>的&#22763;</p>", TW_MARKUP_HTML, "<p>&#x51FA;&#x79DF;&#x8F66;</p>");
	/* bad references are text */
	expect_convert("<p>&#xD800; &#0; &bogus 的士</p>", TW_MARKUP_HTML,
	               "<p>&#xD800; &#0; &bogus 出租车</p>");
}

static void html_directives(void **state)
{
	(void)state;
	expect_convert("<!-- tongwen-disable-next-line -->\n<p>的士</p>\n<p>的士</p>", TW_MARKUP_HTML,
	               "<!-- tongwen-disable-next-line -->\n<p>的士</p>\n<p>出租车</p>");
	expect_convert("<!-- tongwen-disable -->的士<!-- tongwen-enable -->的士", TW_MARKUP_HTML,
	               "<!-- tongwen-disable -->的士<!-- tongwen-enable -->出租车");
	/* a directive for other rules does not stop conversion */
	expect_convert("<!-- tongwen-disable spelling -->的士", TW_MARKUP_HTML,
	               "<!-- tongwen-disable spelling -->出租车");
	expect_convert("<!-- tongwen-disable convert -->的士", TW_MARKUP_HTML,
	               "<!-- tongwen-disable convert -->的士");
}

static void text_directives(void **state)
{
	(void)state;
	expect_convert("# tongwen-disable-next-line\n的士\n的士\n", TW_MARKUP_TEXT,
	               "# tongwen-disable-next-line\n的士\n出租车\n");
	expect_convert("的士 tongwen-disable\n的士\n", TW_MARKUP_TEXT, "出租车 tongwen-disable\n出租车\n");
}

/* Findings land on the original bytes, never in markup, code or URLs. */
static void check_positions(void **state)
{
	(void)state;
	const char *in = "<html lang=\"zh-HK\"><head><title>Hello</title></head>\n"
	                 "<body><pre>printf const 的士</pre><a href=\"/的士\">的&amp;士 搭的士</a>"
	                 "<img alt=\"的士\"></body>";
	tw_doc_options o = TW_DOC_OPTIONS_INIT;
	o.markup = TW_MARKUP_HTML;
	tw_findings *f;
	assert_int_equal(tw_check_document(&f, lex, in, strlen(in), &o, NULL, NULL), TW_OK);
	size_t terms = 0;
	for (size_t i = 0; i < f->count; i++) {
		const tw_finding *x = &f->items[i];
		assert_string_not_equal(x->rule, "spelling/unknown");
		if (!strcmp(x->rule, "term/convert")) {
			assert_memory_equal(in + x->offset, "的士", 6);
			assert_int_equal(x->line, 2);
			size_t ls = (size_t)(strchr(in, '\n') - in) + 1;
			assert_int_equal(x->column, 1 + tw_utf8_codepoints(in + ls, x->offset - ls));
			terms++;
		}
	}
	assert_int_equal(terms, 2); /* 搭的士 and alt, not pre, href or 的&amp;士 */
	tw_findings_free(f);
	/* directives drop findings */
	const char *in2 = "<!-- tongwen-disable-next-line term -->\n<p>的士</p>\n<p>的士</p>";
	assert_int_equal(tw_check_document(&f, lex, in2, strlen(in2), &o, NULL, NULL), TW_OK);
	assert_int_equal(f->count, 1);
	assert_int_equal(f->items[0].line, 3);
	tw_findings_free(f);
}

static char *repeat(const char *a, size_t n, const char *mid, const char *b)
{
	size_t la = strlen(a), lm = strlen(mid), lb = strlen(b);
	char *s = malloc(n * (la + lb) + lm + 1), *p = s;
	for (size_t i = 0; i < n; i++, p += la)
		memcpy(p, a, la);
	memcpy(p, mid, lm);
	p += lm;
	for (size_t i = 0; i < n; i++, p += lb)
		memcpy(p, b, lb);
	*p = '\0';
	return s;
}

static void hostile(void **state)
{
	(void)state;
	/* 10,000-deep nesting, in HTML and XML */
	char *deep = repeat("<div>", 10000, "的士", "</div>");
	char *out = convert(deep, TW_MARKUP_HTML);
	assert_non_null(strstr(out, "出租车"));
	tw_free(out);
	free(deep);
	/* XML: refused at 256 levels (the limit of libxml2, which checks that it
	 * is well-formed), with its offset and the limit named */
	deep = repeat("<a>", 10000, "的士", "</a>");
	tw_doc_options xo = TW_DOC_OPTIONS_INIT;
	xo.markup = TW_MARKUP_XML;
	tw_error xe = {0};
	tw_document *xd;
	assert_int_equal(tw_doc_parse(&xd, deep, strlen(deep), &xo, &xe), TW_EFORMAT);
	assert_non_null(strstr(xe.message, "nested deeper than 256 levels"));
	assert_null(strstr(xe.message, "XML_PARSE_HUGE"));
	assert_true(xe.offset > 0 && xe.offset < strlen(deep));
	free(deep);
	deep = repeat("<pre>", 10000, "的士", "");
	expect_convert(deep, TW_MARKUP_HTML, deep);
	free(deep);
	/* unterminated tags, comments, quotes: the rest is left alone */
	expect_convert("的士<p title=\"的士", TW_MARKUP_HTML, "出租车<p title=\"的士");
	expect_convert("的士<!-- 的士", TW_MARKUP_HTML, "出租车<!-- 的士");
	expect_convert("的士<script>的士", TW_MARKUP_HTML, "出租车<script>的士");
	expect_convert("a < b 的士 <3 </ >", TW_MARKUP_HTML, "a < b 出租车 <3 </ >");
	/* NUL bytes are text */
	const char nul[] = "<p>\0的士</p>";
	char *o2;
	size_t n2;
	tw_doc_options o = TW_DOC_OPTIONS_INIT;
	o.markup = TW_MARKUP_HTML;
	assert_int_equal(tw_convert_document(&o2, &n2, prof, nul, sizeof nul - 1, &o, NULL, NULL), TW_OK);
	assert_int_equal(n2, sizeof nul - 1 + 3);
	assert_memory_equal(o2, "<p>\0出租车</p>", n2);
	tw_free(o2);
	check_splice(nul, sizeof nul - 1, TW_MARKUP_HTML);
	/* invalid UTF-8 names its offset */
	tw_error err = {0};
	assert_int_equal(tw_convert_document(&o2, &n2, prof, "<p>\xff</p>", 8, &o, NULL, &err),
	                 TW_EUTF8);
	assert_int_equal(err.offset, 3);
}

static void xml_safety(void **state)
{
	(void)state;
	tw_doc_options o = TW_DOC_OPTIONS_INIT;
	o.markup = TW_MARKUP_XML;
	tw_document *d;
	tw_error err = {0};
	const char *bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [\n<!ENTITY a \"aaaaaaaaaa\">\n"
	                   "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n<x>&b;</x>";
	assert_int_equal(tw_doc_parse(&d, bomb, strlen(bomb), &o, &err), TW_EFORMAT);
	assert_int_equal(err.offset, (size_t)(strstr(bomb, "<!ENTITY") - bomb));
	const char *ext = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
	assert_int_equal(tw_doc_parse(&d, ext, strlen(ext), &o, &err), TW_EFORMAT);
	const char *bad = "<x>\n<y>的士</x>";
	assert_int_equal(tw_doc_parse(&d, bad, strlen(bad), &o, &err), TW_EFORMAT);
	assert_non_null(strstr(err.message, "line 2"));
	assert_true(err.offset > 0 && err.offset <= strlen(bad));
	/* generic XML: text converted, attributes not, xml:lang updated */
	expect_convert("<?xml version=\"1.0\"?><doc xml:lang=\"zh-HK\" t=\"的士\"><p>的士</p>"
	               "<![CDATA[的士 <b>]]><!-- 的士 --></doc>",
	               TW_MARKUP_XML,
	               "<?xml version=\"1.0\"?><doc xml:lang=\"zh-CN\" t=\"的士\"><p>出租车</p>"
	               "<![CDATA[出租车 <b>]]><!-- 的士 --></doc>");
}

static void markdown(void **state)
{
	(void)state;
	const tw_markup M = TW_MARKUP_MARKDOWN;
	expect_convert("的士 `的士` ``a ` 的士`` 的士\n", M, "出租车 `的士` ``a ` 的士`` 出租车\n");
	expect_convert("[的士](/的士 \"的士\") ![的士](的士.png) <https://x/的士> www.x.hk/的士，的士\n", M,
	               "[出租车](/的士 \"出租车\") ![出租车](的士.png) <https://x/的士> www.x.hk/的士，出租车\n");
	expect_convert("```\n的士\n```\n\n    的士\n\n~~~~ js\n的士\n~~~\n的士\n~~~~\n的士\n", M,
	               "```\n的士\n```\n\n    的士\n\n~~~~ js\n的士\n~~~\n的士\n~~~~\n出租车\n");
	/* an unclosed fence runs to the end */
	expect_convert("的士\n```\n的士\n", M, "出租车\n```\n的士\n");
	/* math, but not money */
	expect_convert("$的士$ HK$10 和 HK$20 的士 $$的士$$\n\n$$\n的士\n$$\n", M,
	               "$的士$ HK$10 和 HK$20 出租车 $$的士$$\n\n$$\n的士\n$$\n");
	/* reference definitions: destination kept, label and title converted */
	expect_convert("[的士][的士]\n\n[的士]: /的士 '的士'\n", M,
	               "[出租车][出租车]\n\n[出租车]: /的士 '出租车'\n");
	/* HTML blocks and inline HTML through the HTML path */
	expect_convert("<div title=\"的士\">\n<code>的士</code> 的士\n</div>\n\n<kbd>的士</kbd> 的士 <a href=\"/的士\">的士</a>\n",
	               M,
	               "<div title=\"出租车\">\n<code>的士</code> 出租车\n</div>\n\n<kbd>的士</kbd> 出租车 <a href=\"/的士\">出租车</a>\n");
	/* in a list item, code is indented four columns past the item's content */
	expect_convert("- 的士\n\n  的士\n\n      的士\n", M, "- 出租车\n\n  出租车\n\n      的士\n");
	expect_convert("-     的士\n1.  的士\n", M, "-     的士\n1.  出租车\n");
	/* a setext underline ends the paragraph, so no code span reaches past it */
	expect_convert("`的士\n---\n`的士\n", M, "`出租车\n---\n`出租车\n");
	/* a fence inside a block quote ends with the quote */
	expect_convert("> ```\n> 的士\n的士\n", M, "> ```\n> 的士\n出租车\n");
	expect_convert("<!-- tongwen-disable-next-line -->\n的士\n\n的士\n", M,
	               "<!-- tongwen-disable-next-line -->\n的士\n\n出租车\n");
	/* front matter: only the readable keys */
	expect_convert("---\ntitle: 的士\nslug: 的士\ntags: [的士, 巴士]\n---\n的士\n", M,
	               "---\ntitle: 出租车\nslug: 的士\ntags: [出租车, 巴士]\n---\n出租车\n");
	/* backslash escapes and a lone backtick are text */
	expect_convert("\\`的士` \\[x](的士) ` 的士\n", M, "\\`出租车` \\[x](的士) ` 出租车\n");
}

static void news_xml(void **state)
{
	(void)state;
	/* NewsML-G2: headline, slugline… and the inlineXML body (as HTML) are
	 * readable; metadata is not */
	expect_convert("<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" xml:lang=\"zh-HK\">"
	               "<itemMeta><title>的士</title><provider literal=\"的士\"/></itemMeta>"
	               "<contentMeta><headline>的士司機</headline><slugline>的士</slugline>"
	               "<subject><name>的士</name></subject><keyword>的士</keyword></contentMeta>"
	               "<contentSet><inlineXML contenttype=\"application/xhtml+xml\">"
	               "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p title=\"的士\">的士</p>"
	               "<pre>的士</pre><a href=\"/的士\">的士</a></body></html></inlineXML></contentSet>"
	               "</newsItem>",
	               TW_MARKUP_XML,
	               "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" xml:lang=\"zh-CN\">"
	               "<itemMeta><title>出租车</title><provider literal=\"的士\"/></itemMeta>"
	               "<contentMeta><headline>出租车司机</headline><slugline>出租车</slugline>"
	               "<subject><name>的士</name></subject><keyword>出租车</keyword></contentMeta>"
	               "<contentSet><inlineXML contenttype=\"application/xhtml+xml\">"
	               "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p title=\"出租车\">出租车</p>"
	               "<pre>的士</pre><a href=\"/的士\">出租车</a></body></html></inlineXML></contentSet>"
	               "</newsItem>");
	/* NITF: text readable except docdata/pubdata; the keywords of the
	 * key-list are readable (unless the user holds them) */
	expect_convert("<nitf><head><title>的士</title><docdata><doc-id id-string=\"的士\"/>"
	               "<key-list><keyword key=\"的士\"/></key-list></docdata><pubdata name=\"的士\"/></head>"
	               "<body><body.head><hedline><hl1>的士</hl1><hl2>的士</hl2></hedline>"
	               "<byline>記者</byline><abstract><p>的士</p></abstract></body.head>"
	               "<body.content><p lang=\"zh-HK\">的士</p></body.content></body></nitf>",
	               TW_MARKUP_XML,
	               "<nitf><head><title>出租车</title><docdata><doc-id id-string=\"的士\"/>"
	               "<key-list><keyword key=\"出租车\"/></key-list></docdata><pubdata name=\"的士\"/></head>"
	               "<body><body.head><hedline><hl1>出租车</hl1><hl2>出租车</hl2></hedline>"
	               "<byline>记者</byline><abstract><p>出租车</p></abstract></body.head>"
	               "<body.content><p lang=\"zh-CN\">出租车</p></body.content></body></nitf>");
	expect_convert("<nitf><head><docdata><key-list><keyword key=\"的士\" id=\"的士\"/>"
	               "<keyword translate=\"no\" key=\"的士\"/></key-list><keyword key=\"的士\"/>"
	               "</docdata></head></nitf>",
	               TW_MARKUP_XML,
	               "<nitf><head><docdata><key-list><keyword key=\"出租车\" id=\"的士\"/>"
	               "<keyword translate=\"no\" key=\"的士\"/></key-list><keyword key=\"的士\"/>"
	               "</docdata></head></nitf>");
	/* user vocabulary: skipped elements, converted attributes */
	static const char *const skip[] = {"code"};
	static const char *const attrs[] = {"label"};
	tw_doc_options o = TW_DOC_OPTIONS_INIT;
	o.markup = TW_MARKUP_XML;
	o.skip_elements = skip;
	o.n_skip_elements = 1;
	o.convert_attributes = attrs;
	o.n_convert_attributes = 1;
	const char *in = "<r><x:code xmlns:x=\"u\">的士</x:code><p label=\"的士\" id=\"的士\">的士</p></r>";
	char *out;
	size_t n;
	assert_int_equal(tw_convert_document(&out, &n, prof, in, strlen(in), &o, NULL, NULL), TW_OK);
	assert_string_equal(out, "<r><x:code xmlns:x=\"u\">的士</x:code><p label=\"出租车\" id=\"的士\">出租车</p></r>");
	tw_free(out);
}

/* The directive-aware stream equals the whole-document conversion, cut
 * anywhere. */
static void text_stream(void **state)
{
	(void)state;
	const char *in = "的士\n# tongwen-disable-next-line\n的士\n的士\n// tongwen-disable\n的士\n"
	                 "<!-- tongwen-enable -->\n的士\n// tongwen-disable spelling\n的士\n"
	                 "# tongwen-disable convert\n的士\n# tongwen-enable convert\n的士";
	char *whole;
	size_t wl;
	tw_doc_options o = TW_DOC_OPTIONS_INIT;
	o.markup = TW_MARKUP_TEXT;
	assert_int_equal(tw_convert_document(&whole, &wl, prof, in, strlen(in), &o, NULL, NULL), TW_OK);
	assert_string_equal(whole, "出租车\n# tongwen-disable-next-line\n的士\n出租车\n// tongwen-disable\n的士\n"
	                           "<!-- tongwen-enable -->\n出租车\n// tongwen-disable spelling\n出租车\n"
	                           "# tongwen-disable convert\n的士\n# tongwen-enable convert\n出租车");
	for (size_t step = 1; step <= strlen(in); step += 3) {
		tw_doc_stream *st;
		char *acc = NULL;
		assert_int_equal(tw_doc_stream_new(&st, prof, collect, &acc), TW_OK);
		for (size_t i = 0; i < strlen(in); i += step) {
			size_t n = strlen(in) - i < step ? strlen(in) - i : step;
			assert_int_equal(tw_doc_stream_feed(st, in + i, n, NULL), TW_OK);
		}
		assert_int_equal(tw_doc_stream_finish(st, NULL), TW_OK);
		assert_string_equal(acc, whole);
		free(acc);
		tw_doc_stream_free(st);
	}
	tw_free(whole);
	/* invalid UTF-8: offsets from the start, in protected and plain lines */
	const char *bad[] = {"的士\n# tongwen-disable-next-line\nab\xff\n", "的士\n# tongwen-disable-next-line\nab\nc\xff"};
	size_t want[] = {37, 39};
	for (int k = 0; k < 2; k++) {
		tw_doc_stream *st;
		char *acc = NULL;
		tw_error err = {0};
		assert_int_equal(tw_doc_stream_new(&st, prof, collect, &acc), TW_OK);
		int rc = tw_doc_stream_feed(st, bad[k], strlen(bad[k]), &err);
		if (!rc)
			rc = tw_doc_stream_finish(st, &err);
		assert_int_equal(rc, TW_EUTF8);
		assert_int_equal(err.offset, want[k]);
		free(acc);
		tw_doc_stream_free(st);
	}
}

static void encodings(void **state)
{
	(void)state;
	char *out;
	size_t n;
	tw_error err = {0};
	/* 的士 in Big5 */
	assert_int_equal(tw_decode(&out, &n, "\xAA\xBA\xA4\x68\n", 5, "BIG5-HKSCS", &err), TW_OK);
	assert_string_equal(out, "的士\n");
	tw_free(out);
	assert_int_equal(tw_decode(&out, &n, "\xAA\xBA\xff\xff", 4, "big5", &err), TW_EUTF8);
	assert_int_equal(err.offset, 2);
	assert_int_equal(tw_decode(&out, &n, "\xAA\xBA\xAA", 3, "big5", &err), TW_EUTF8);
	assert_int_equal(err.offset, 2);
	assert_int_equal(tw_decode(&out, &n, "a", 1, "no-such-encoding", &err), TW_EINVAL);
	assert_int_equal(tw_decode(&out, &n, "a\xff", 2, NULL, &err), TW_EUTF8);
	assert_int_equal(err.offset, 1);
	assert_int_equal(tw_encode(&out, &n, "出租车", 9, "GB18030", &err), TW_OK);
	assert_int_equal(n, 6);
	tw_free(out);
	assert_int_equal(tw_encode(&out, &n, "a\n出租车", 11, "BIG5", &err), TW_EFORMAT);
	assert_int_equal(err.offset, 8);
	assert_non_null(strstr(err.message, "line 2, column 3"));
	assert_non_null(strstr(err.message, "U+8F66"));
	char name[64];
	assert_string_equal(tw_encoding_sniff(name, sizeof name, "\xFF\xFEx", 3, TW_MARKUP_TEXT), "UTF-16");
	assert_null(tw_encoding_sniff(name, sizeof name, "<meta charset=big5>", 19, TW_MARKUP_TEXT));
	assert_string_equal(tw_encoding_sniff(name, sizeof name, "<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Big5-HKSCS\">", 78, TW_MARKUP_HTML), "Big5-HKSCS");
	assert_string_equal(tw_encoding_sniff(name, sizeof name, "<?xml version='1.0' encoding='GB18030'?><a/>", 44, TW_MARKUP_XML), "GB18030");
	assert_true(tw_encoding_is_utf8("utf8") && tw_encoding_is_utf8(NULL) && !tw_encoding_is_utf8("big5"));
	/* declared encodings are rewritten only when asked */
	tw_doc_options o = TW_DOC_OPTIONS_INIT;
	o.markup = TW_MARKUP_HTML;
	tw_doc_convert_options co = TW_DOC_CONVERT_OPTIONS_INIT;
	co.charset = "UTF-8";
	const char *in = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\"><meta charset=utf-8>";
	assert_int_equal(tw_convert_document(&out, &n, prof, in, strlen(in), &o, &co, NULL), TW_OK);
	assert_string_equal(out, "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"><meta charset=utf-8>");
	tw_free(out);
	check_splice(in, strlen(in), TW_MARKUP_HTML);
}

/* Random documents glued from fragments (tags, attributes, references,
 * code, URLs, directives, Traditional text, cut anywhere): the splice
 * property and, after re-parsing the output, the same runs with the same
 * roles and the same untouched bytes. */
static void random_documents(void **state)
{
	(void)state;
	static const char *const html[] = {
		"<p>", "</p>", "<a href=\"/的士\">", "</a>", "<pre>", "</pre>", "<code>", "</code>",
		"<span translate=no>", "</span>", "<img alt=的士 src=的士.png>", "的士", "數碼港", "「",
		"」", "&amp;", "&#x8ECA;", "&#36554;", "&bogus;", "<!-- tongwen-disable -->",
		"<!-- tongwen-enable -->", "<!-- tongwen-disable-next-line -->", "\n", " ", "<",
		">", "\"", "<script>的士</script>", "<title>的士", "</title>", "<p lang=zh-HK title='的士'>",
		"<meta name=description content=\"的士\">", "<br/>", "<!--", "-->", "https://x.hk/的士"};
	static const char *const md[] = {
		"的士", "數碼港", "`", "``", "```\n", "~~~\n", "\n", "\n\n", "    ", "- ", "1. ", "> ",
		"# ", "[", "]", "(", ")", "](/的士 \"的士\")", "![的士](的士.png)", "<https://x/的士>",
		"https://x.hk/的士", "$", "$$", "HK$1", "\\", "*", "_", "<b>", "</b>", "<!-- x -->",
		"---\n", "[的士]: /的士\n", "&amp;", "&#x8ECA;", "|", "<div>\n", "「", "」"};
	unsigned seed = 12345;
	for (int round = 0; round < 4000; round++) {
		int is_md = round % 2;
		const char *const *frag = is_md ? md : html;
		size_t nfrag = is_md ? sizeof md / sizeof md[0] : sizeof html / sizeof html[0];
		char doc[4096];
		size_t n = 0;
		int pieces = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 40;
		for (int k = 0; k < pieces; k++) {
			seed = seed * 1103515245u + 12345u;
			const char *f = frag[(seed >> 16) % nfrag];
			size_t fl = strlen(f);
			if (n + fl < sizeof doc)
				memcpy(doc + n, f, fl), n += fl;
		}
		tw_markup m = is_md ? TW_MARKUP_MARKDOWN : TW_MARKUP_HTML;
		check_splice(doc, n, m);
		tw_doc_options o = TW_DOC_OPTIONS_INIT;
		o.markup = m;
		tw_document *d, *d2;
		char *out;
		size_t out_len, nr, nr2;
		assert_int_equal(tw_doc_parse(&d, doc, n, &o, NULL), TW_OK);
		assert_int_equal(tw_doc_convert(&out, &out_len, NULL, NULL, d, prof, &CN, NULL), TW_OK);
		assert_int_equal(tw_doc_parse(&d2, out, out_len, &o, NULL), TW_OK);
		const tw_run *r = tw_doc_runs(d, &nr), *r2 = tw_doc_runs(d2, &nr2);
		assert_int_equal(nr, nr2);
		for (size_t i = 0; i < nr; i++) {
			assert_int_equal(r[i].role, r2[i].role);
			if (r[i].role != TW_ROLE_PROSE && r[i].role != TW_ROLE_ATTRIBUTE &&
			    r[i].role != TW_ROLE_LANG && r[i].role != TW_ROLE_PROTECTED) {
				assert_int_equal(r[i].length, r2[i].length);
				assert_memory_equal(doc + r[i].offset, out + r2[i].offset, r[i].length);
			}
		}
		tw_free(out);
		tw_doc_free(d2);
		tw_doc_free(d);
	}
}

static void detect(void **state)
{
	(void)state;
	assert_int_equal(tw_markup_detect("a/b.HTM", "", 0), TW_MARKUP_HTML);
	assert_int_equal(tw_markup_detect("a.xhtml", "", 0), TW_MARKUP_HTML);
	assert_int_equal(tw_markup_detect("a.xml", "", 0), TW_MARKUP_XML);
	assert_int_equal(tw_markup_detect("a.md", "", 0), TW_MARKUP_MARKDOWN);
	assert_int_equal(tw_markup_detect("a.mdx", "", 0), TW_MARKUP_MARKDOWN);
	assert_int_equal(tw_markup_detect("a.txt", "<html>", 6), TW_MARKUP_TEXT);
	assert_int_equal(tw_markup_detect(NULL, "\xEF\xBB\xBF <!doctype HTML>", 20), TW_MARKUP_HTML);
	assert_int_equal(tw_markup_detect("-", "<?xml version", 13), TW_MARKUP_XML);
	assert_int_equal(tw_markup_detect(NULL, "的士", 6), TW_MARKUP_TEXT);
	assert_int_equal(tw_markup_parse("md"), TW_MARKUP_MARKDOWN);
	assert_int_equal(tw_markup_parse("rtf"), -1);
	assert_string_equal(tw_markup_name(TW_MARKUP_XML), "xml");
}

/* Written bytes with their length (a document may hold NULs). */
typedef struct sink {
	char *p;
	size_t n, calls, largest, fail_at;
} sink;

static int sink_write(void *ud, const char *b, size_t n)
{
	sink *k = ud;
	if (++k->calls == k->fail_at)
		return 1;
	char *g = realloc(k->p, k->n + n);
	if (!g)
		return 1;
	memcpy(g + k->n, b, n);
	k->p = g;
	k->n += n;
	k->largest = n > k->largest ? n : k->largest;
	return 0;
}

/* Repeats the pieces to about `size` bytes between head and tail, with
 * `extra` once at four fifths of the way. */
static char *repeat_pieces(const char *head, const char *const *pieces, size_t n_pieces,
                    const char *extra, const char *tail, size_t size, size_t *len)
{
	char *d = malloc(size + 4096);
	assert_non_null(d);
	size_t n = strlen(head), k = 0;
	memcpy(d, head, n);
	while (n < size) {
		const char *p = n >= size * 4 / 5 && extra ? extra : pieces[k++ % n_pieces];
		if (p == extra)
			extra = NULL;
		memcpy(d + n, p, strlen(p));
		n += strlen(p);
	}
	memcpy(d + n, tail, strlen(tail));
	*len = n + strlen(tail);
	return d;
}

/* tw_convert_document parses and converts a window of runs at a time and
 * tw_convert_document_to writes each as it goes: over many windows, with
 * references, language tags, declared encodings, NULs and directives, the
 * same bytes as tw_doc_convert of the whole parsed document, written in
 * pieces far smaller than the document. */
static void streamed_documents(void **state)
{
	(void)state;
	static const char *const html[] = {
		"<p class=\"a\" title=\"數碼港\">的士司機 &amp; 軟件 &#x8EDF;件</p>\n",
		"<div lang=\"zh-HK\"><a href=\"/的士\">網絡</a><br></div>\n",
		"<script>var s = '的士';</script><code>軟件</code><pre>的士</pre>\n",
		"<!-- tongwen-disable-next-line -->\n<p>的士</p>\n<p translate=\"no\">軟件</p>\n",
		"<p>數據庫 &lt;網絡&gt; \"的士\"</p><img alt=\"的士站\" src=\"x.png\">\n",
	};
	static const char *const nul[] = {"<p>的士</p>\n", "<p>軟\0件</p>\n", "\0<b>網絡</b>\n"};
	static const char *const md[] = {
		"# 的士司機\n\n", "網絡 `軟件` [數據庫](https://x.hk/的士 \"的士\")\n\n",
		"```\n的士\n```\n\n", "<!-- tongwen-disable-next-line -->\n的士\n\n> 軟件\n\n",
	};
	static const struct {
		tw_markup m;
		const char *head, *const *pieces;
		size_t n_pieces;
		const char *extra, *tail;
	} docs[] = {
		{TW_MARKUP_HTML, "<!DOCTYPE html><html lang=\"zh-HK\"><head><meta charset=\"big5\">"
		                 "</head><body>\n", html, 5, NULL, "</body></html>\n"},
		{TW_MARKUP_HTML, "<html><body>\n", html, 5,
		 "<!-- tongwen-disable -->\n<p>的士</p><!-- tongwen-enable -->\n", "</body></html>\n"},
		{TW_MARKUP_HTML, "<html><body>\n", nul, 3, NULL, "</body></html>\n"},
		{TW_MARKUP_MARKDOWN, "---\ntitle: 的士\n---\n\n", md, 4, NULL, "軟件\n"},
	};
	tw_doc_convert_options co = TW_DOC_CONVERT_OPTIONS_INIT;
	co.lang = "zh-CN";
	co.charset = "UTF-8";
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		size_t len;
		char *in = repeat_pieces(docs[i].head, docs[i].pieces, docs[i].n_pieces, docs[i].extra,
		                  docs[i].tail, 600000, &len);
		tw_doc_options o = TW_DOC_OPTIONS_INIT;
		o.markup = docs[i].m;
		tw_document *d;
		char *whole, *one;
		size_t wl, ol, ns;
		tw_span *sp;
		assert_int_equal(tw_doc_parse(&d, in, len, &o, NULL), TW_OK);
		assert_int_equal(tw_doc_convert(&whole, &wl, &sp, &ns, d, prof, &co, NULL), TW_OK);
		/* something converted */
		assert_true(wl > len / 2 && (wl != len || memcmp(whole, in, wl)));
		assert_int_equal(tw_convert_document(&one, &ol, prof, in, len, &o, &co, NULL), TW_OK);
		assert_int_equal(ol, wl);
		assert_memory_equal(one, whole, wl);
		tw_free(one);
		sink k = {0};
		assert_int_equal(tw_convert_document_to(prof, in, len, &o, &co, sink_write, &k, NULL),
		                 TW_OK);
		assert_int_equal(k.n, wl);
		assert_memory_equal(k.p, whole, wl);
		assert_true(k.calls >= 4 && k.largest < len / 4);
		free(k.p);
		/* a failing write stops it */
		sink f = {.fail_at = 2};
		tw_error err = {0};
		assert_int_equal(tw_convert_document_to(prof, in, len, &o, &co, sink_write, &f, &err),
		                 TW_ECALLBACK);
		free(f.p);
		/* an invalid byte near the end: refused before anything is written */
		in[len - 1] = '\xff';
		sink none = {0};
		assert_int_equal(tw_convert_document_to(prof, in, len, &o, &co, sink_write, &none, &err),
		                 TW_EUTF8);
		assert_int_equal(err.offset, len - 1);
		assert_int_equal(none.calls, 0);
		assert_int_equal(tw_convert_document(&one, &ol, prof, in, len, &o, &co, &err), TW_EUTF8);
		assert_int_equal(err.offset, len - 1);
		assert_null(one);
		tw_free(whole);
		tw_free(sp);
		tw_doc_free(d);
		free(in);
	}
	sink k = {0};
	assert_int_equal(tw_convert_document_to(NULL, "<p>的士</p>", 13, NULL, NULL, sink_write, &k,
	                                        NULL),
	                 TW_EINVAL);
	assert_int_equal(tw_convert_document_to(prof, "<p>的士</p>", 13, NULL, NULL, NULL, NULL, NULL),
	                 TW_EINVAL);
	char *out;
	assert_int_equal(tw_convert_document(&out, NULL, prof, "", 0, NULL, NULL, NULL), TW_OK);
	assert_string_equal(out, "");
	tw_free(out);
}

/* JSON Lines records: the named string fields converted in place, every
 * other byte kept, \u style kept, the converter reused across records and
 * after an error, errors with the byte offset in the line. */
static void jsonl_records(void **state)
{
	(void)state;
	const char *fields[] = {"title", "text"};
	tw_jsonl *j;
	assert_int_equal(tw_jsonl_new(&j, prof, fields, 2, NULL), TW_OK);
	const char *out;
	size_t n;
	tw_error err = {0};
	static const struct {
		const char *in, *want;
	} ok[] = {
		{"{\"id\": 7, \"text\" : \"搭的士\", \"meta\": {\"text\": \"的士\"}, \"title\": \"數碼港\"}",
		 "{\"id\": 7, \"text\" : \"搭出租车\", \"meta\": {\"text\": \"的士\"}, \"title\": \"数码港\"}"},
		{"{\"title\":\"\\u7684\\u58eb\",\"n\":[1,2.50,null]}",
		 "{\"title\":\"\\u51fa\\u79df\\u8f66\",\"n\":[1,2.50,null]}"},
		{"{\"te\\u0078t\": \"的士\\t\\\"\"}", "{\"te\\u0078t\": \"出租车\\t\\\"\"}"},
		{"{\"text\": null, \"title\": \"ok\"}", "{\"text\": null, \"title\": \"ok\"}"},
		{"  {\"other\": \"的士\"}  ", "  {\"other\": \"的士\"}  "},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		assert_int_equal(tw_jsonl_convert(j, ok[i].in, strlen(ok[i].in), &out, &n, &err), TW_OK);
		assert_int_equal(n, strlen(ok[i].want));
		assert_string_equal(out, ok[i].want);
	}
	static const struct {
		const char *in, *message;
		size_t offset;
	} bad[] = {
		{"{\"text\": \"ok\", \"x\": tru}", "invalid JSON at column", 23},
		{"{\"text\": 3}", "field \"text\" is not a string", 0},
		{"[\"的士\"]", "not a JSON object", 0},
		{"{\"text\": \"\xff\"}", "invalid JSON", 10},
		{"{\"text\": \"的士\"} x", "invalid JSON", 20},
		{"{\"text\": \"ok\", \"te\\u0078t\": \"的士\"}", "appears more than once", 0},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(tw_jsonl_convert(j, bad[i].in, strlen(bad[i].in), &out, &n, &err),
		                 TW_EFORMAT);
		assert_non_null(strstr(err.message, bad[i].message));
		assert_int_equal(err.offset, bad[i].offset);
		assert_null(out);
	}
	assert_int_equal(tw_jsonl_convert(j, ok[0].in, strlen(ok[0].in), &out, &n, &err), TW_OK);
	assert_string_equal(out, ok[0].want);
	tw_jsonl_free(j);
	tw_jsonl_free(NULL);
	const char *empty[] = {""};
	assert_int_equal(tw_jsonl_new(&j, prof, empty, 1, NULL), TW_EINVAL);
	assert_null(j);
	assert_int_equal(tw_jsonl_new(&j, prof, fields, 0, NULL), TW_EINVAL);
	const char *twice[] = {"text", "title", "text"};
	assert_int_equal(tw_jsonl_new(&j, prof, twice, 3, NULL), TW_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(html_roles),      cmocka_unit_test(html_references),
		cmocka_unit_test(html_directives), cmocka_unit_test(text_directives),
		cmocka_unit_test(check_positions), cmocka_unit_test(hostile),
		cmocka_unit_test(xml_safety),      cmocka_unit_test(detect),
		cmocka_unit_test(markdown),        cmocka_unit_test(news_xml),
		cmocka_unit_test(text_stream),     cmocka_unit_test(encodings),
		cmocka_unit_test(random_documents), cmocka_unit_test(streamed_documents),
		cmocka_unit_test(jsonl_records),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
