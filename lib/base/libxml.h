/* libxml2, opened the first time XML is parsed or written.
 *
 * Linking libxml2 loads ICU and the C++ runtime into every process, and on
 * a virtual machine whose page faults are dear that cost each `tongwen`
 * run some 4 ms, a fifth of checking 2 KB, whether or not it reads or
 * writes any XML. Converting and checking plain text, HTML and Markdown
 * need none of it, so the library opens libxml2 with dlopen() when an
 * XML document, an XML report or an annotated export first needs it.
 *
 * Every entry point that uses libxml2 calls libxml_open() first and, on
 * success, calls libxml2 through the table `libxml` (its members are
 * libxml2's functions without the "xml" prefix), filled by the first call
 * (dynlib.h) and read-only afterwards. */
#ifndef TW_LIBXML_H
#define TW_LIBXML_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "tongwen/common.h"

/* The shared object opened: the soname libxml2 has kept since 2.0. */
#define TW_LIBXML_SONAME "libxml2.so.2"

typedef struct libxml_api {
	__typeof__(xmlInitParser) *InitParser;
	__typeof__(xmlNewParserCtxt) *NewParserCtxt;
	__typeof__(xmlFreeParserCtxt) *FreeParserCtxt;
	__typeof__(xmlCtxtReadMemory) *CtxtReadMemory;
	__typeof__(xmlFreeDoc) *FreeDoc;
	__typeof__(xmlByteConsumed) *ByteConsumed;
	__typeof__(xmlGetLineNo) *GetLineNo;
	__typeof__(xmlGetNoNsProp) *GetNoNsProp;
	__typeof__(xmlDocGetRootElement) *DocGetRootElement;
	__typeof__(xmlOutputBufferCreateIO) *OutputBufferCreateIO;
	__typeof__(xmlOutputBufferClose) *OutputBufferClose;
	__typeof__(xmlNewTextWriter) *NewTextWriter;
	__typeof__(xmlFreeTextWriter) *FreeTextWriter;
	__typeof__(xmlTextWriterStartDocument) *TextWriterStartDocument;
	__typeof__(xmlTextWriterEndDocument) *TextWriterEndDocument;
	__typeof__(xmlTextWriterStartElement) *TextWriterStartElement;
	__typeof__(xmlTextWriterStartElementNS) *TextWriterStartElementNS;
	__typeof__(xmlTextWriterEndElement) *TextWriterEndElement;
	__typeof__(xmlTextWriterFullEndElement) *TextWriterFullEndElement;
	__typeof__(xmlTextWriterWriteAttribute) *TextWriterWriteAttribute;
	__typeof__(xmlTextWriterWriteFormatAttribute) *TextWriterWriteFormatAttribute;
	__typeof__(xmlTextWriterWriteString) *TextWriterWriteString;
	__typeof__(xmlTextWriterFlush) *TextWriterFlush;
	/* libxml2's variable xmlFree: the deallocator of the strings it returns */
	xmlFreeFunc *Free;
} libxml_api;

extern libxml_api libxml;

/* Opens libxml2 and fills `libxml` (once per process; later calls return
 * the first call's result). TW_OK, or TW_ENOTFOUND with the loader's
 * message when the shared object or one of its functions is missing. */
int libxml_open(tw_error *err);

#endif
