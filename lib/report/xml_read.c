/* Reading an annotated XML document back (format in docs/xml.md): the
 * converted text and the source text. The input is untrusted. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "libxml.h"
#include "tongwen/xml.h"
#include "utf8.h"
#include "xml_internal.h"

/* Per-call state. */
typedef struct reader {
	const char *xml;
	size_t len;
	xmlParserCtxtPtr ctxt;
	int failed;           /* first parser error recorded */
	size_t fail_off;
	int fail_line, fail_col;
	char fail_msg[256];
	buf text, source;
} reader;

/* libxml2 reports errors here (instead of printing them, which the library
 * never does); the first one is the one worth reporting. */
static void on_error(void *ud, xmlErrorPtr e)
{
	reader *r = ((xmlParserCtxtPtr)ud)->_private;
	if (r->failed || !e || e->level == XML_ERR_WARNING)
		return;
	r->failed = 1;
	long consumed = libxml.ByteConsumed(r->ctxt);
	r->fail_off = consumed < 0 ? 0 : (size_t)consumed;
	if (r->fail_off > r->len)
		r->fail_off = r->len;
	r->fail_line = e->line;
	r->fail_col = e->int2;
	const char *m = e->message ? e->message : "malformed XML";
	size_t n = strcspn(m, "\n");
	if (n >= sizeof r->fail_msg)
		n = sizeof r->fail_msg - 1;
	memcpy(r->fail_msg, m, n);
	r->fail_msg[n] = '\0';
}

/* Byte offset of the start of 1-based line `line` of the input. */
static size_t line_offset(const reader *r, long line)
{
	size_t off = 0;
	for (long l = 1; l < line && off < r->len; off++)
		if (r->xml[off] == '\n')
			l++;
	return off;
}

/* A document that parses but does not follow the format: the offset is the
 * start of the line of the offending node. */
static int bad_node(reader *r, const xmlNode *node, const char *what, tw_error *err)
{
	long line = node ? libxml.GetLineNo(node) : 1;
	if (line < 1)
		line = 1;
	return tw_fail(err, TW_EFORMAT, line_offset(r, line), "XML line %ld: %s", line, what);
}

static int is_ours(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       !strcmp((const char *)n->ns->href, TW_XML_NAMESPACE) &&
	       !strcmp((const char *)n->name, name);
}

/* The value of attribute `name` in no namespace, or NULL (malloc'd by
 * libxml2). */
static xmlChar *attr(const xmlNode *n, const char *name)
{
	return libxml.GetNoNsProp(n, BAD_CAST name);
}

/* Appends the UTF-8 encoding of hex code point `s` (one token) to b. */
static int put_cp(buf *b, const char *s, size_t len)
{
	uint32_t cp = 0;
	if (len == 0 || len > 6)
		return TW_EFORMAT;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		int v = c >= '0' && c <= '9' ? c - '0'
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (v < 0)
			return TW_EFORMAT;
		cp = cp * 16 + (uint32_t)v;
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return TW_EFORMAT;
	char u[4];
	return buf_append(b, u, utf8_encode(cp, u)) ? TW_ENOMEM : TW_OK;
}

/* <x cp="HEX"/>: one character XML cannot hold, appended to each of a, b. */
static int read_x(reader *r, const xmlNode *n, buf *a, buf *b, tw_error *err)
{
	xmlChar *cp = attr(n, "cp");
	if (!cp)
		return bad_node(r, n, "<x> without cp", err);
	size_t before = a->len;
	int rc = put_cp(a, (const char *)cp, strlen((const char *)cp));
	if (!rc && b)
		rc = buf_append(b, a->data + before, a->len - before) ? TW_ENOMEM : TW_OK;
	(*libxml.Free)(cp);
	if (rc == TW_EFORMAT)
		return bad_node(r, n, "<x> cp is not a hexadecimal code point", err);
	return rc ? tw_fail(err, rc, 0, "out of memory") : TW_OK;
}

static int is_text(const xmlNode *n)
{
	return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

static int skip(const xmlNode *n)
{
	return n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE;
}

static int append_content(buf *b, const xmlNode *n)
{
	const char *s = (const char *)n->content;
	return s && buf_append(b, s, strlen(s)) ? TW_ENOMEM : TW_OK;
}

/* The original of a change: `from`, or `from-cp` (hex code points). */
static int read_from(reader *r, const xmlNode *n, tw_error *err)
{
	xmlChar *from = attr(n, "from");
	xmlChar *cps = attr(n, "from-cp");
	int rc = TW_OK;
	if (!from == !cps) {
		rc = bad_node(r, n, "<c> needs exactly one of from and from-cp", err);
	} else if (from) {
		if (buf_append(&r->source, from, strlen((const char *)from)))
			rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
	} else {
		const char *s = (const char *)cps;
		while (!rc && *s) {
			size_t k = strcspn(s, " ");
			rc = put_cp(&r->source, s, k);
			s += k;
			if (*s == ' ' && s[1])
				s++;
			else if (*s == ' ')
				rc = TW_EFORMAT;
		}
		if (rc == TW_EFORMAT || (!rc && !cps[0]))
			rc = bad_node(r, n, "<c> from-cp is not a list of hexadecimal code points", err);
		else if (rc)
			rc = tw_fail(err, rc, 0, "out of memory");
	}
	(*libxml.Free)(from);
	(*libxml.Free)(cps);
	return rc;
}

/* <c from="…">converted</c>: the converted part goes to the text, the
 * original to the source. */
static int read_change(reader *r, const xmlNode *c, tw_error *err)
{
	int rc = read_from(r, c, err);
	for (const xmlNode *n = c->children; n && !rc; n = n->next) {
		if (is_text(n))
			rc = append_content(&r->text, n) ? tw_fail(err, TW_ENOMEM, 0, "out of memory") : 0;
		else if (is_ours(n, "x"))
			rc = read_x(r, n, &r->text, NULL, err);
		else if (!skip(n))
			rc = bad_node(r, n, "unexpected content in <c>", err);
	}
	return rc;
}

static int read_text(reader *r, const xmlNode *t, tw_error *err)
{
	int rc = TW_OK;
	for (const xmlNode *n = t->children; n && !rc; n = n->next) {
		if (is_text(n)) {
			if (append_content(&r->text, n) || append_content(&r->source, n))
				rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
		} else if (is_ours(n, "c")) {
			rc = read_change(r, n, err);
		} else if (is_ours(n, "x")) {
			rc = read_x(r, n, &r->text, &r->source, err);
		} else if (!skip(n)) {
			rc = bad_node(r, n, "unexpected content in <text>", err);
		}
	}
	return rc;
}

static int read_document(reader *r, xmlDocPtr doc, tw_error *err)
{
	xmlNode *root = libxml.DocGetRootElement(doc);
	if (!root || !is_ours(root, "document"))
		return bad_node(r, root, "the root is not <document> in namespace "
		                TW_XML_NAMESPACE, err);
	xmlChar *v = attr(root, "version");
	int ok = v && !strcmp((const char *)v, XML_FORMAT_VERSION);
	(*libxml.Free)(v);
	if (!ok)
		return bad_node(r, root, "<document> version is not " XML_FORMAT_VERSION, err);
	const xmlNode *t = root->children;
	while (t && t->type != XML_ELEMENT_NODE)
		t = t->next;
	if (!t || !is_ours(t, "text"))
		return bad_node(r, t ? t : root, "the first child of <document> is not <text>", err);
	return read_text(r, t, err);
}

/* Gives b's contents to *out (NUL-terminated), or releases them. */
static int hand_over(buf *b, char **out, size_t *out_len)
{
	if (buf_append(b, "", 1))
		return TW_ENOMEM;
	if (out_len)
		*out_len = b->len - 1;
	if (out) {
		*out = b->data;
		b->data = NULL;
	}
	return TW_OK;
}

int tw_xml_read(char **text, size_t *text_len, char **source, size_t *source_len,
                const char *xml, size_t xml_len, tw_error *err)
{
	if (text)
		*text = NULL;
	if (source)
		*source = NULL;
	if (!xml && xml_len)
		return tw_fail(err, TW_EINVAL, 0, "tw_xml_read: NULL argument");
	if (xml_len > TW_XML_MAX_INPUT || xml_len > INT_MAX)
		return tw_fail(err, TW_ETOOBIG, TW_XML_MAX_INPUT,
		               "XML document larger than %zu bytes", TW_XML_MAX_INPUT);
	/* No DTD at all: nothing to fetch, no entities to expand. Our writer
	 * never writes one, and text content cannot hold a raw "<!". */
	for (size_t i = 0; i + 9 <= xml_len; i++)
		if (xml[i] == '<' && !memcmp(xml + i, "<!DOCTYPE", 9))
			return tw_fail(err, TW_EFORMAT, i, "XML byte offset %zu: a DTD is not allowed", i);

	/* libxml2 initialises its tables once, under its own lock; opening it
	 * here keeps threads that read concurrently from racing on the first
	 * use. */
	int rc = libxml_open(err);
	if (rc)
		return rc;
	reader r = {.xml = xml, .len = xml_len};
	r.ctxt = libxml.NewParserCtxt();
	if (!r.ctxt)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	r.ctxt->_private = &r;
	r.ctxt->sax->serror = on_error;
	/* NONET: no network; no NOENT or DTDLOAD: entities stay unexpanded and
	 * no external subset is read; no HUGE: libxml2's limits stay on. */
	int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES;
	xmlDocPtr doc = libxml.CtxtReadMemory(r.ctxt, xml ? xml : "", (int)xml_len, NULL, NULL, opts);
	if (!doc || r.failed) {
		if (!r.failed)
			rc = tw_fail(err, TW_EFORMAT, 0, "XML: not a document");
		else
			rc = tw_fail(err, TW_EFORMAT, r.fail_off,
			             "XML line %d, column %d (byte offset %zu): %s", r.fail_line,
			             r.fail_col, r.fail_off, r.fail_msg);
	} else if (doc->intSubset || doc->extSubset) {
		rc = tw_fail(err, TW_EFORMAT, 0, "XML: a DTD is not allowed");
	} else {
		rc = read_document(&r, doc, err);
	}
	libxml.FreeDoc(doc);
	libxml.FreeParserCtxt(r.ctxt);
	if (!rc && (hand_over(&r.text, text, text_len) || hand_over(&r.source, source, source_len))) {
		if (text) {
			free(*text);
			*text = NULL;
		}
		rc = tw_fail(err, TW_ENOMEM, 0, "out of memory");
	}
	buf_release(&r.text);
	buf_release(&r.source);
	return rc;
}
