/* XML documents are read by tongwen's own scanner (html.c), which keeps
 * byte positions; libxml2 first decides whether the document is
 * well-formed, safely: no network, no DTD loading, no entity substitution,
 * and a document declaring entities is refused before it is parsed, so an
 * entity bomb is never expanded. */
#include <stdio.h>
#include <string.h>

#include <libxml/xmlerror.h>

#include "doc_internal.h"
#include "libxml.h"

/* Byte offset of 1-based line `line`, column `col` (bytes, 1-based). */
static size_t offset_of(const char *data, size_t len, int line, int col)
{
	size_t off = 0;
	for (int l = 1; l < line && off < len; l++) {
		const char *nl = memchr(data + off, '\n', len - off);
		if (!nl)
			return len;
		off = (size_t)(nl - data) + 1;
	}
	off += col > 1 ? (size_t)(col - 1) : 0;
	return off < len ? off : len;
}

typedef struct first_error {
	int failed, line, col;
	char msg[200];
} first_error;

/* libxml2 reports here instead of printing; the first error is kept. */
static void on_error(void *ud, xmlErrorPtr e)
{
	first_error *f = ((xmlParserCtxtPtr)ud)->_private;
	if (f->failed || !e || e->level == XML_ERR_WARNING)
		return;
	f->failed = 1;
	f->line = e->line;
	f->col = e->int2;
	const char *m = e->message ? e->message : "not well-formed";
	/* libxml2 names its own option as the remedy; the user needs the limit */
	if (!strncmp(m, "Excessive depth", 15))
		m = "elements nested deeper than 256 levels (tongwen's limit for XML)";
	size_t n = strcspn(m, "\n");
	const char *huge = strstr(m, "XML_PARSE_HUGE");
	if (huge && (size_t)(huge - m) < n) {
		/* another of libxml2's safety limits (a huge text node, name...) */
		n = (size_t)(huge - m);
		while (n && (m[n - 1] == ' ' || m[n - 1] == ',' || m[n - 1] == ':'))
			n--;
		if (n >= 4 && !memcmp(m + n - 4, " use", 4))
			n -= 4;
		snprintf(f->msg, sizeof f->msg, "%.*s (a safety limit of the XML parser)", (int)n, m);
		return;
	}
	if (n >= sizeof f->msg)
		n = sizeof f->msg - 1;
	memcpy(f->msg, m, n);
	f->msg[n] = '\0';
}

int xml_validate(const char *data, size_t len, tw_error *err)
{
	const char *decl = NULL;
	for (const char *p = data; (p = memchr(p, '<', len - (size_t)(p - data))); p++)
		if (len - (size_t)(p - data) >= 8 && !memcmp(p, "<!ENTITY", 8)) {
			decl = p;
			break;
		}
	if (decl)
		return tw_fail(err, TW_EFORMAT, (size_t)(decl - data),
		               "XML byte offset %zu: entity declarations are not allowed",
		               (size_t)(decl - data));
	if (len > (size_t)0x7FFFFFFF)
		return tw_fail(err, TW_ETOOBIG, 0, "XML document too large");
	int rc = libxml_open(err);
	if (rc)
		return rc;
	xmlParserCtxtPtr ctxt = libxml.NewParserCtxt();
	if (!ctxt)
		return tw_fail(err, TW_ENOMEM, 0, "out of memory");
	first_error f = {0};
	ctxt->_private = &f;
	ctxt->sax->serror = on_error;
	/* Only whether it is well-formed is asked: the parser checks that with
	 * or without a tree, and building and freeing one (a node per element
	 * and per stretch of text) took longer than converting the text. */
	ctxt->sax->startElementNs = NULL;
	ctxt->sax->endElementNs = NULL;
	ctxt->sax->startElement = NULL;
	ctxt->sax->endElement = NULL;
	ctxt->sax->characters = NULL;
	ctxt->sax->ignorableWhitespace = NULL;
	ctxt->sax->cdataBlock = NULL;
	ctxt->sax->comment = NULL;
	ctxt->sax->processingInstruction = NULL;
	ctxt->sax->reference = NULL;
	int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES;
	xmlDocPtr doc = libxml.CtxtReadMemory(ctxt, data, (int)len, NULL, "UTF-8", opts);
	if (!doc || f.failed) {
		size_t off = offset_of(data, len, f.line, f.col);
		rc = tw_fail(err, TW_EFORMAT, off, "XML line %d, column %d (byte offset %zu): %s",
		             f.line, f.col, off, f.failed ? f.msg : "not a document");
	}
	libxml.FreeDoc(doc);
	libxml.FreeParserCtxt(ctxt);
	return rc;
}
