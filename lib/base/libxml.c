/* libxml2, opened the first time XML is parsed or written (see libxml.h). */
#include "libxml.h"

#include "dynlib.h"

libxml_api libxml;

#define SYM(m) DYNLIB_SYM(libxml, "xml", m)

static const dynlib_sym syms[] = {
    SYM(InitParser), SYM(NewParserCtxt), SYM(FreeParserCtxt), SYM(CtxtReadMemory),
    SYM(FreeDoc), SYM(ByteConsumed), SYM(GetLineNo), SYM(GetNoNsProp),
    SYM(DocGetRootElement), SYM(OutputBufferCreateIO), SYM(OutputBufferClose),
    SYM(NewTextWriter), SYM(FreeTextWriter), SYM(TextWriterStartDocument),
    SYM(TextWriterEndDocument), SYM(TextWriterStartElement), SYM(TextWriterStartElementNS),
    SYM(TextWriterEndElement), SYM(TextWriterFullEndElement), SYM(TextWriterWriteAttribute),
    SYM(TextWriterWriteFormatAttribute), SYM(TextWriterWriteString), SYM(TextWriterFlush),
    SYM(Free)};

/* libxml2's tables, set up once before any thread parses. */
static void init_parser(void)
{
	libxml.InitParser();
}

static dynlib lib = DYNLIB_INIT(TW_LIBXML_SONAME, "XML needs libxml2", syms, init_parser);

int libxml_open(tw_error *err)
{
	return dynlib_open(&lib, err);
}
