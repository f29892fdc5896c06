/* Tests of the annotated XML document: both round trips (converted text and
 * source text read back exactly) on the sample article and on random
 * inputs, escaping of characters XML forbids and of tab/LF/CR, source
 * positions of findings, argument checks, and the reader on malformed or
 * hostile XML.
 *
 * usage: test_xml [EMIT_DIR] — with EMIT_DIR, every rendered document is
 * also written there for the schema test (xml_schema.sh). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tongwen.h"
#include "tongwen/xml.h"

static const char *emit_dir;
static int emitted;

static void emit(const char *xml, size_t len)
{
	if (!emit_dir)
		return;
	char path[4096];
	snprintf(path, sizeof path, "%s/doc-%04d.xml", emit_dir, emitted++);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(xml, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static tw_profile *open_profile(const char *name)
{
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = TW_TEST_DATA;
	tw_profile *p = NULL;
	tw_error err = {0};
	int rc = tw_profile_open(&p, name, &po, &err);
	if (rc)
		fprintf(stderr, "%s: %s\n", name, err.message);
	assert_int_equal(rc, TW_OK);
	return p;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	p[n] = '\0';
	*len = (size_t)n;
	return p;
}

/* Line and code-point column of offset off, computed independently of the
 * library. */
static void position(const char *s, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	/* offsets past the end (bad-argument tests) stop at the terminator */
	for (size_t i = 0; i < off && s[i]; i++) {
		if (s[i] == '\n') {
			++*line;
			*col = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			++*col;
		}
	}
}

static void set_finding(tw_finding *x, const char *text, size_t off, size_t len)
{
	memset(x, 0, sizeof *x);
	x->offset = off;
	x->length = len;
	position(text, off, &x->line, &x->column);
	position(text, off + len, &x->end_line, &x->end_column);
}

/* Reads a document back and expects both texts exactly. */
static void expect_round_trip(const char *xml, size_t xml_len, const char *text, size_t text_len,
                              const char *source, size_t source_len)
{
	char *t = NULL, *s = NULL;
	size_t tl = 0, sl = 0;
	tw_error err = {0};
	int rc = tw_xml_read(&t, &tl, &s, &sl, xml, xml_len, &err);
	if (rc)
		fprintf(stderr, "tw_xml_read: %s\n", err.message);
	assert_int_equal(rc, TW_OK);
	assert_int_equal(tl, text_len);
	assert_memory_equal(t, text, text_len);
	assert_int_equal(t[tl], '\0');
	assert_int_equal(sl, source_len);
	assert_memory_equal(s, source, source_len);
	tw_free(t);
	tw_free(s);
}

/* Renders a conversion of `in` with findings over `n_find` spans of the
 * output (every changed span and a few others), checks the round trip, and
 * returns the document. */
static char *annotate(const tw_profile *p, const char *in, size_t len, size_t *xml_len,
                      int with_findings)
{
	char *out;
	size_t out_len, n;
	tw_span *sp;
	tw_error err = {0};
	assert_int_equal(tw_convert_aligned(&out, &out_len, &sp, &n, p, in, len, &err), TW_OK);
	tw_finding *items = calloc(n + 1, sizeof *items);
	static const char *const sugg[] = {"出租车", "x\x01y\r\n"};
	size_t k = 0;
	for (size_t i = 0; with_findings && i < n; i++) {
		if (sp[i].step < 0 && i % 3)
			continue;
		set_finding(&items[k], out, sp[i].dst_off, sp[i].dst_len);
		items[k].rule = i % 2 ? "term/convert" : "punct/corner-quote";
		items[k].severity = (tw_severity)(i % 3);
		items[k].message = "message <&> \"quoted\" \x1b[1m";
		items[k].suggestions = sugg;
		items[k].n_suggestions = i % 3;
		items[k].note = i % 2 ? "note\tline\n2" : NULL;
		k++;
	}
	tw_findings f = {items, k};
	tw_xml_options o = TW_XML_OPTIONS_INIT;
	o.profile = "hk2cn";
	o.name = "input.txt";
	char *xml;
	int rc = tw_xml_render(&xml, xml_len, in, len, out, out_len, sp, n, &f, &o, &err);
	if (rc)
		fprintf(stderr, "tw_xml_render: %s\n", err.message);
	assert_int_equal(rc, TW_OK);
	assert_int_equal(strlen(xml), *xml_len);
	expect_round_trip(xml, *xml_len, out, out_len, in, len);
	emit(xml, *xml_len);
	free(items);
	tw_free(sp);
	tw_free(out);
	return xml;
}

static void test_sample_round_trip(void **state)
{
	(void)state;
	tw_profile *p = open_profile("hk2cn");
	size_t len, xml_len, golden_len;
	char *in = slurp(TW_TEST_SAMPLE, &len);
	char *golden;
	assert_int_equal(tw_convert(&golden, &golden_len, p, in, len, NULL), TW_OK);
	char *xml = annotate(p, in, len, &xml_len, 1);
	assert_non_null(strstr(xml, "xmlns=\"" TW_XML_NAMESPACE "\""));
	assert_non_null(strstr(xml, "profile=\"hk2cn\""));
	assert_non_null(strstr(xml, "kind=\"term\""));
	assert_non_null(strstr(xml, "kind=\"punct\""));
	assert_non_null(strstr(xml, "kind=\"char\""));
	/* The text read back is what tw_convert() writes. */
	char *t;
	size_t tl;
	assert_int_equal(tw_xml_read(&t, &tl, NULL, NULL, xml, xml_len, NULL), TW_OK);
	assert_int_equal(tl, golden_len);
	assert_memory_equal(t, golden, tl);
	tw_free(t);
	tw_free(xml);

	/* Unconverted text, as `check --format xml` writes it. */
	tw_xml_options o = TW_XML_OPTIONS_INIT;
	o.target = TW_TARGET_HK;
	assert_int_equal(tw_xml_render_text(&xml, &xml_len, in, len, NULL, &o, NULL), TW_OK);
	assert_null(strstr(xml, "<c "));
	assert_null(strstr(xml, "profile="));
	assert_non_null(strstr(xml, "target=\"hk\""));
	expect_round_trip(xml, xml_len, in, len, in, len);
	emit(xml, xml_len);
	tw_free(xml);
	tw_free(golden);
	free(in);
	tw_profile_free(p);
}

/* A deterministic generator (xorshift), so a failure can be replayed. */
static uint32_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (uint32_t)(*s >> 32);
}

static const char *const pieces[] = {
	"的士", "數碼港", "數碼港元", "說話", "著", "乾", "發展", "頭髮", "麵", "隨著", "質素",
	"说话", "发展", "出租车", "「", "」", "『", "』", "，", "。", "a", "Z", "0", "<", ">",
	"&", "\"", "'", "]]>", "&amp;", " ", "  ", "\x01", "\x1b", "\x7f", "\x0b", "\x0c",
	"\x1f", "\r", "\n", "\r\n", "\t", "\xC2\x85", "\xE2\x80\xA8", "\xEF\xBF\xBE",
	"\xEF\xBF\xBF", "\xEF\xBF\xBD", "😀", "𠝹", "\xF4\x8F\xBF\xBF", "\xC3\xA9", "e\xCC\x81",
};

static char *random_text(uint64_t *seed, size_t *len)
{
	size_t n = rnd(seed) % 40, cap = 16, used = 0;
	char *s = malloc(cap);
	for (size_t i = 0; i < n; i++) {
		const char *p = pieces[rnd(seed) % (sizeof pieces / sizeof *pieces)];
		size_t k = strlen(p);
		if (rnd(seed) % 17 == 0) { /* NUL, which strlen cannot carry */
			p = "\0";
			k = 1;
		}
		if (used + k >= cap) {
			cap = (used + k) * 2;
			s = realloc(s, cap);
		}
		memcpy(s + used, p, k);
		used += k;
	}
	s[used] = '\0';
	*len = used;
	return s;
}

static void test_random_round_trips(void **state)
{
	(void)state;
	tw_profile *p = open_profile("hk2cn");
	uint64_t seed = 0x9E3779B97F4A7C15u;
	for (int i = 0; i < 400; i++) {
		size_t len, xml_len;
		char *in = random_text(&seed, &len);
		char *xml = annotate(p, in, len, &xml_len, i % 4 != 0);
		tw_free(xml);
		/* The same text unconverted. */
		assert_int_equal(tw_xml_render_text(&xml, &xml_len, in, len, NULL, NULL, NULL), TW_OK);
		expect_round_trip(xml, xml_len, in, len, in, len);
		if (i % 10 == 0)
			emit(xml, xml_len);
		tw_free(xml);
		free(in);
	}
	tw_profile_free(p);
}

/* Changes built by hand: originals with tab, LF and CR survive attribute
 * normalisation as character references; an original with a character XML
 * forbids becomes from-cp; forbidden characters in the text become <x>. */
static void test_escaping(void **state)
{
	(void)state;
	const char src[] = "A\t\r\n B\x01\x1b" "C" "\x0c" "D\r\n";
	const char dst[] = "A<c>B\xEF\xBF\xBE" "C" "\x0c" "D\r\n";
	size_t sl = sizeof src - 1, dl = sizeof dst - 1;
	tw_span sp[] = {
		{0, 1, 0, 1, -1, NULL, NULL, NULL},                           /* A */
		{1, 4, 1, 3, 1, "Test.txt", "term", NULL},                    /* "\t\r\n " -> "<c>" */
		{5, 3, 4, 4, 2, "Other.ocd2", "char", NULL},                  /* "B\x01\x1b" -> "B\uFFFE" */
		{8, 5, 8, 5, -1, NULL, NULL, NULL},                           /* C\x0cD\r\n */
	};
	tw_finding items[1];
	set_finding(&items[0], dst, 4, 4);
	items[0].rule = "script/traditional";
	items[0].severity = TW_SEV_ERROR;
	items[0].message = "bad\x02";
	tw_findings f = {items, 1};
	char *xml;
	size_t xl;
	tw_error err = {0};
	int rc = tw_xml_render(&xml, &xl, src, sl, dst, dl, sp, 4, &f, NULL, &err);
	if (rc)
		fprintf(stderr, "%s\n", err.message);
	assert_int_equal(rc, TW_OK);
	assert_non_null(strstr(xml, "from=\"&#9;&#13;&#10; \""));
	assert_non_null(strstr(xml, "from-cp=\"42 1 1B\""));
	assert_non_null(strstr(xml, "<x cp=\"FFFE\"/>"));
	assert_non_null(strstr(xml, "C<x cp=\"C\"/>D&#13;\n</text>"));
	assert_non_null(strstr(xml, "&lt;c&gt;"));
	assert_non_null(strstr(xml, "<message>bad<x cp=\"2\"/></message>"));
	/* The finding on "B\uFFFE" in the target is the change's whole source. */
	assert_non_null(strstr(xml, "<source line=\"2\" column=\"2\" end-line=\"2\" end-column=\"5\" "
	                            "offset=\"5\" length=\"3\"/>"));
	for (const char *p = xml; *p; p++) /* no raw control character reached the output */
		assert_true((unsigned char)*p >= 0x20 || *p == '\n');
	expect_round_trip(xml, xl, dst, dl, src, sl);
	emit(xml, xl);
	tw_free(xml);
}

/* Source positions of findings on a real conversion: 「搭的士去」 → “搭出租车去”. */
static void test_source_positions(void **state)
{
	(void)state;
	tw_profile *p = open_profile("hk2cn");
	const char *in = "第一行\n「搭的士去」";
	char *out;
	size_t out_len, n;
	tw_span *sp;
	assert_int_equal(tw_convert_aligned(&out, &out_len, &sp, &n, p, in, strlen(in), NULL), TW_OK);
	assert_string_equal(out, "第一行\n“搭出租车去”");
	const char *taxi = strstr(out, "出租车");
	const char *go = strstr(out, "车去");
	tw_finding items[3];
	set_finding(&items[0], out, (size_t)(taxi - out), strlen("出租车"));
	set_finding(&items[1], out, (size_t)(go - out), strlen("车去")); /* starts inside 出租车 */
	set_finding(&items[2], out, (size_t)(go - out) + 3, 0);         /* empty, before 去 */
	for (int i = 0; i < 3; i++) {
		items[i].rule = "term/convert";
		items[i].message = "m";
	}
	tw_findings f = {items, 3};
	char *xml;
	size_t xl;
	assert_int_equal(tw_xml_render(&xml, &xl, in, strlen(in), out, out_len, sp, n, &f, NULL, NULL),
	                 TW_OK);
	/* 的士 is bytes 16..22 of the source, line 2 columns 3..5. */
	assert_non_null(strstr(xml, "<target line=\"2\" column=\"3\" end-line=\"2\" end-column=\"6\" "
	                            "offset=\"16\" length=\"9\"/><source line=\"2\" column=\"3\" "
	                            "end-line=\"2\" end-column=\"5\" offset=\"16\" length=\"6\"/>"));
	/* 车去: from the start of 的士 to the end of 去. */
	assert_non_null(strstr(xml, "<target line=\"2\" column=\"5\" end-line=\"2\" end-column=\"7\" "
	                            "offset=\"22\" length=\"6\"/><source line=\"2\" column=\"3\" "
	                            "end-line=\"2\" end-column=\"6\" offset=\"16\" length=\"9\"/>"));
	/* Empty finding before 去: the source offset of 去. */
	assert_non_null(strstr(xml, "<source line=\"2\" column=\"5\" end-line=\"2\" end-column=\"5\" "
	                            "offset=\"22\" length=\"0\"/>"));
	tw_free(xml);
	tw_free(sp);
	tw_free(out);
	tw_profile_free(p);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	char *xml = (char *)1;
	tw_error err = {0};
	tw_span gap[] = {{0, 1, 0, 1, -1, NULL, NULL, NULL}, {2, 1, 2, 1, -1, NULL, NULL, NULL}};
	assert_int_equal(tw_xml_render(&xml, NULL, "abc", 3, "abc", 3, gap, 2, NULL, NULL, &err),
	                 TW_EINVAL);
	assert_null(xml);
	tw_span lie[] = {{0, 3, 0, 3, -1, NULL, NULL, NULL}};
	assert_int_equal(tw_xml_render(&xml, NULL, "abc", 3, "abd", 3, lie, 1, NULL, NULL, &err),
	                 TW_EINVAL);
	tw_span half[] = {{0, 1, 0, 1, 0, "d", "char", NULL}, {1, 2, 1, 2, -1, NULL, NULL, NULL}};
	assert_int_equal(tw_xml_render(&xml, NULL, "\xC3\xA9", 2, "\xC3\xA9", 2, half, 1, NULL, NULL,
	                               &err), TW_EINVAL);
	assert_int_equal(tw_xml_render_text(&xml, NULL, "ab\xFF", 3, NULL, NULL, &err), TW_EUTF8);
	assert_int_equal(err.offset, 2);
	tw_finding x;
	set_finding(&x, "ab", 1, 5);
	x.rule = "a/b";
	x.message = "m";
	tw_findings f = {&x, 1};
	assert_int_equal(tw_xml_render_text(&xml, NULL, "ab", 2, &f, NULL, &err), TW_EINVAL);
	set_finding(&x, "\xC3\xA9", 1, 1);
	x.rule = "a/b";
	x.message = "m";
	assert_int_equal(tw_xml_render_text(&xml, NULL, "\xC3\xA9", 2, &f, NULL, &err), TW_EINVAL);
	tw_xml_options o = TW_XML_OPTIONS_INIT;
	o.version = 99;
	assert_int_equal(tw_xml_render_text(&xml, NULL, "ab", 2, NULL, &o, &err), TW_EINVAL);
	/* Labels with invalid UTF-8 or control characters are made safe. */
	o = (tw_xml_options)TW_XML_OPTIONS_INIT;
	o.profile = "bad\xFF\x01name";
	size_t xl;
	assert_int_equal(tw_xml_render_text(&xml, &xl, "", 0, NULL, &o, &err), TW_OK);
	assert_non_null(strstr(xml, "profile=\"bad\xEF\xBF\xBD\xEF\xBF\xBDname\""));
	expect_round_trip(xml, xl, "", 0, "", 0);
	emit(xml, xl);
	tw_free(xml);
}

#define HEAD "<?xml version=\"1.0\"?>\n<document xmlns=\"" TW_XML_NAMESPACE "\" version=\"1\" " \
             "target=\"cn\">"

static void expect_format_error(const char *xml, size_t len, size_t want_off)
{
	char *t = (char *)1, *s = (char *)1;
	tw_error err = {0};
	int rc = tw_xml_read(&t, NULL, &s, NULL, xml, len, &err);
	if (rc != TW_EFORMAT)
		fprintf(stderr, "expected TW_EFORMAT for: %s\n", xml);
	assert_int_equal(rc, TW_EFORMAT);
	assert_null(t);
	assert_null(s);
	assert_true(err.message[0] != '\0');
	assert_true(err.offset <= len);
	if (want_off != (size_t)-1) {
		if (err.offset != want_off)
			fprintf(stderr, "offset %zu, want %zu: %s\n", err.offset, want_off, err.message);
		assert_int_equal(err.offset, want_off);
	}
}

static void test_malformed(void **state)
{
	(void)state;
	const size_t any = (size_t)-1;
	const char *cases[] = {
		"",
		"not xml",
		HEAD "<text>abc</text>",                      /* truncated */
		HEAD "<text>a<b>c</text><findings/></document>", /* mismatched tags */
		HEAD "<text>a&undefined;</text><findings/></document>",
		"<?xml version=\"1.0\"?><document version=\"1\" target=\"cn\"><text/><findings/></document>",
		HEAD "<text>a<c kind=\"char\" step=\"0\">b</c></text><findings/></document>",
		HEAD "<text>a<c from=\"x\" from-cp=\"78\" step=\"0\">b</c></text><findings/></document>",
		HEAD "<text>a<c from-cp=\"78  79\" step=\"0\">b</c></text><findings/></document>",
		HEAD "<text>a<c from-cp=\"D800\" step=\"0\">b</c></text><findings/></document>",
		HEAD "<text>a<x cp=\"zz\"/></text><findings/></document>",
		HEAD "<text>a<x/></text><findings/></document>",
		HEAD "<text>a<em>b</em></text><findings/></document>",
		HEAD "<findings/><text>a</text></document>",
		"<?xml version=\"1.0\"?>\n<document xmlns=\"" TW_XML_NAMESPACE "\" version=\"2\" "
		"target=\"cn\"><text/><findings/></document>",
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		expect_format_error(cases[i], strlen(cases[i]), any);

	/* The offset names the bad byte. */
	const char bad_utf8[] = HEAD "<text>ab\xFF</text><findings/></document>";
	expect_format_error(bad_utf8, sizeof bad_utf8 - 1, (size_t)(strchr(bad_utf8, '\xFF') - bad_utf8));
	/* A structural fault: the start of its line. */
	const char bad_elem[] = HEAD "\n<text>a\n<em/></text><findings/></document>";
	expect_format_error(bad_elem, sizeof bad_elem - 1, (size_t)(strstr(bad_elem, "<em") - bad_elem));

	/* Entity expansion bombs and external entities: no DTD at all. */
	const char bomb[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE document [\n"
	                    "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
	                    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
	                    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
	                    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
	                    "]>\n<document xmlns=\"" TW_XML_NAMESPACE "\" version=\"1\" "
	                    "target=\"cn\"><text>&d;&d;&d;&d;</text><findings/></document>";
	expect_format_error(bomb, sizeof bomb - 1, (size_t)(strstr(bomb, "<!DOCTYPE") - bomb));
	const char xxe[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE document SYSTEM \"file:///etc/passwd\">\n"
	                   "<document xmlns=\"" TW_XML_NAMESPACE "\" version=\"1\" target=\"cn\">"
	                   "<text>x</text><findings/></document>";
	expect_format_error(xxe, sizeof xxe - 1, (size_t)(strstr(xxe, "<!DOCTYPE") - xxe));

	/* Too big: refused before parsing. */
	tw_error err = {0};
	assert_int_equal(tw_xml_read(NULL, NULL, NULL, NULL, "x", TW_XML_MAX_INPUT + 1, &err),
	                 TW_ETOOBIG);

	/* What a hand-edited document may hold: comments, CDATA, lower-case hex. */
	const char edited[] = HEAD "<text><!-- note -->a<![CDATA[<b>]]><c from=\"x\" step=\"0\">y"
	                      "<x cp=\"1b\"/></c></text><findings/></document>";
	expect_round_trip(edited, sizeof edited - 1, "a<b>y\x1b", 6, "a<b>x", 5);
}

/* Renderers and reader keep no state: threads use them at once. */
typedef struct job {
	const char *in;
	size_t len;
	const char *out;
	size_t out_len;
	const tw_span *sp;
	size_t n;
	int failures;
} job;

static void *worker(void *arg)
{
	job *j = arg;
	for (int i = 0; i < 8; i++) {
		char *xml, *t, *s;
		size_t xl, tl, sl;
		if (tw_xml_render(&xml, &xl, j->in, j->len, j->out, j->out_len, j->sp, j->n, NULL, NULL,
		                  NULL) ||
		    tw_xml_read(&t, &tl, &s, &sl, xml, xl, NULL)) {
			j->failures++;
			continue;
		}
		if (tl != j->out_len || memcmp(t, j->out, tl) || sl != j->len || memcmp(s, j->in, sl))
			j->failures++;
		tw_free(xml);
		tw_free(t);
		tw_free(s);
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	tw_profile *p = open_profile("hk2cn");
	size_t len;
	char *in = slurp(TW_TEST_SAMPLE, &len);
	char *out;
	size_t out_len, n;
	tw_span *sp;
	assert_int_equal(tw_convert_aligned(&out, &out_len, &sp, &n, p, in, len, NULL), TW_OK);
	job jobs[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (job){in, len, out, out_len, sp, n, 0};
		assert_int_equal(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(jobs[i].failures, 0);
	}
	tw_free(sp);
	tw_free(out);
	free(in);
	tw_profile_free(p);
}

/* ---------------------------------------------------------------- writer */

typedef struct sink {
	char *data;
	size_t len, cap;
	size_t calls, stop_after; /* stop_after 0: never stop */
} sink;

static int to_sink(void *ud, const char *d, size_t n)
{
	sink *k = ud;
	if (k->stop_after && ++k->calls >= k->stop_after)
		return 1;
	if (k->len + n > k->cap) {
		k->cap = (k->len + n) * 2;
		k->data = realloc(k->data, k->cap);
		assert_non_null(k->data);
	}
	memcpy(k->data + k->len, d, n);
	k->len += n;
	return 0;
}

/* The writer fed in pieces writes what the renderers write whole: the
 * sample's conversion cut into groups of spans, and the unconverted sample
 * cut at arbitrary character boundaries with its findings in two calls. */
static void test_writer_pieces(void **state)
{
	(void)state;
	tw_profile *p = open_profile("hk2cn");
	size_t len, out_len, n;
	char *in = slurp(TW_TEST_SAMPLE, &len);
	char *out;
	tw_span *sp;
	assert_int_equal(tw_convert_aligned(&out, &out_len, &sp, &n, p, in, len, NULL), TW_OK);
	tw_xml_options o = TW_XML_OPTIONS_INIT;
	o.profile = "hk2cn";
	char *whole;
	size_t whole_len;
	assert_int_equal(tw_xml_render(&whole, &whole_len, in, len, out, out_len, sp, n, NULL, &o,
	                               NULL), TW_OK);
	sink k = {0};
	tw_xml_writer *w;
	assert_int_equal(tw_xml_writer_open(&w, &o, to_sink, &k, NULL), TW_OK);
	for (size_t i = 0; i < n;) {
		size_t g = i + 1 + (i * 7919) % 37 < n ? i + 1 + (i * 7919) % 37 : n;
		tw_span rel[64];
		for (size_t j = i; j < g; j++) {
			rel[j - i] = sp[j];
			rel[j - i].src_off -= sp[i].src_off;
			rel[j - i].dst_off -= sp[i].dst_off;
		}
		size_t sl = sp[g - 1].src_off + sp[g - 1].src_len - sp[i].src_off;
		size_t dl = sp[g - 1].dst_off + sp[g - 1].dst_len - sp[i].dst_off;
		assert_int_equal(tw_xml_writer_text(w, in + sp[i].src_off, sl, out + sp[i].dst_off, dl,
		                                    rel, g - i, NULL), TW_OK);
		i = g;
	}
	assert_int_equal(tw_xml_writer_finish(w, NULL), TW_OK);
	tw_xml_writer_free(w);
	assert_int_equal(k.len, whole_len);
	assert_memory_equal(k.data, whole, whole_len);
	tw_free(whole);

	/* unconverted text with findings, positions the same in the source */
	tw_finding items[40];
	for (size_t i = 0; i < 40; i++) {
		size_t off = len * i / 40;
		while (((unsigned char)in[off] & 0xC0) == 0x80)
			off++;
		size_t l = 1;
		while (((unsigned char)in[off + l] & 0xC0) == 0x80)
			l++;
		set_finding(&items[i], in, off, l);
		items[i].rule = "term/review";
		items[i].message = "a <message> & \x01";
	}
	tw_findings f = {items, 40};
	assert_int_equal(tw_xml_render_text(&whole, &whole_len, in, len, &f, &o, NULL), TW_OK);
	k.len = 0;
	assert_int_equal(tw_xml_writer_open(&w, &o, to_sink, &k, NULL), TW_OK);
	for (size_t at = 0; at < len;) {
		size_t cut = at + 1000 < len ? at + 1000 : len;
		while (cut < len && ((unsigned char)in[cut] & 0xC0) == 0x80)
			cut++;
		tw_span one = {0, cut - at, 0, cut - at, -1, NULL, NULL, NULL};
		assert_int_equal(tw_xml_writer_text(w, in + at, cut - at, in + at, cut - at, &one, 1,
		                                    NULL), TW_OK);
		at = cut;
	}
	assert_int_equal(tw_xml_writer_findings(w, items, 15, NULL, NULL), TW_OK);
	assert_int_equal(tw_xml_writer_findings(w, items + 15, 25, NULL, NULL), TW_OK);
	assert_int_equal(tw_xml_writer_finish(w, NULL), TW_OK);
	tw_xml_writer_free(w);
	assert_int_equal(k.len, whole_len);
	assert_memory_equal(k.data, whole, whole_len);
	expect_round_trip(k.data, k.len, in, len, in, len);

	/* tw_xml_write hands over what tw_xml_render returns */
	k.len = 0;
	tw_span all = {0, len, 0, len, -1, NULL, NULL, NULL};
	assert_int_equal(tw_xml_write(to_sink, &k, in, len, in, len, &all, 1, &f, &o, NULL), TW_OK);
	assert_int_equal(k.len, whole_len);
	assert_memory_equal(k.data, whole, whole_len);
	tw_free(whole);
	free(k.data);
	tw_free(sp);
	tw_free(out);
	free(in);
	tw_profile_free(p);
}

/* Misuse and failures: each an error code, none a crash, and a failed
 * writer stays failed. */
static void test_writer_errors(void **state)
{
	(void)state;
	sink k = {0};
	tw_error err = {0};
	tw_xml_writer *w;
	tw_span one = {0, 2, 0, 2, -1, NULL, NULL, NULL};
	tw_finding x;
	set_finding(&x, "ab", 1, 1);
	x.rule = "r";
	x.message = "m";
	assert_int_equal(tw_xml_writer_open(NULL, NULL, to_sink, &k, &err), TW_EINVAL);
	assert_int_equal(tw_xml_writer_open(&w, NULL, NULL, &k, &err), TW_EINVAL);
	assert_int_equal(tw_xml_writer_text(NULL, "ab", 2, "ab", 2, &one, 1, &err), TW_EINVAL);
	tw_xml_writer_free(NULL);

	assert_int_equal(tw_xml_writer_open(&w, NULL, to_sink, &k, &err), TW_OK);
	assert_int_equal(tw_xml_writer_text(w, "ab", 2, "ab", 2, &one, 1, &err), TW_OK);
	/* invalid UTF-8: the offset counts from the start of the whole text */
	assert_int_equal(tw_xml_writer_text(w, "a\xFF", 2, "a\xFF", 2, &one, 1, &err), TW_EUTF8);
	assert_int_equal(err.offset, 3);
	tw_span gap = {1, 1, 1, 1, -1, NULL, NULL, NULL};
	assert_int_equal(tw_xml_writer_text(w, "cd", 2, "cd", 2, &gap, 1, &err), TW_EINVAL);
	/* a finding past the text written */
	x.offset = 3;
	x.length = 2;
	assert_int_equal(tw_xml_writer_findings(w, &x, 1, NULL, &err), TW_EINVAL);
	x.offset = 1;
	x.length = 1;
	assert_int_equal(tw_xml_writer_findings(w, &x, 1, NULL, &err), TW_OK);
	assert_int_equal(tw_xml_writer_text(w, "cd", 2, "cd", 2, &one, 1, &err), TW_EINVAL);
	assert_int_equal(tw_xml_writer_finish(w, &err), TW_OK);
	assert_int_equal(tw_xml_writer_finish(w, &err), TW_EINVAL);
	tw_xml_writer_free(w);
	expect_round_trip(k.data, k.len, "ab", 2, "ab", 2);

	/* the receiver stops the writer: TW_ECALLBACK, then only failures */
	char big[9000];
	memset(big, 'a', sizeof big);
	tw_span b = {0, sizeof big, 0, sizeof big, -1, NULL, NULL, NULL};
	k.len = 0;
	k.calls = 0;
	k.stop_after = 1;
	assert_int_equal(tw_xml_writer_open(&w, NULL, to_sink, &k, &err), TW_OK);
	int rc = tw_xml_writer_text(w, big, sizeof big, big, sizeof big, &b, 1, &err);
	if (rc == TW_OK) /* libxml2 may hold the first piece until the end */
		rc = tw_xml_writer_finish(w, &err);
	assert_int_equal(rc, TW_ECALLBACK);
	assert_int_equal(tw_xml_writer_finish(w, &err), TW_EINVAL);
	tw_xml_writer_free(w);
	free(k.data);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		emit_dir = argv[1];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_round_trip),
		cmocka_unit_test(test_random_round_trips),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_source_positions),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_writer_pieces),
		cmocka_unit_test(test_writer_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
