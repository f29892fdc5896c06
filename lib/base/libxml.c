/* libxml2, opened the first time XML is parsed or written (see libxml.h). */
#include "libxml.h"

#include <pthread.h>

#include "dynlib.h"
#include "internal.h"

libxml_api libxml;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int open_rc = TW_ENOTFOUND;
static char open_why[256];

#define SYM(m) DYNLIB_SYM(libxml, "xml", m)

static void open_once(void)
{
	const dynlib_sym syms[] = {
	    SYM(InitParser), SYM(NewParserCtxt), SYM(FreeParserCtxt), SYM(CtxtReadMemory),
	    SYM(FreeDoc), SYM(ByteConsumed), SYM(GetLineNo), SYM(GetNoNsProp),
	    SYM(DocGetRootElement), SYM(OutputBufferCreateIO), SYM(OutputBufferClose),
	    SYM(NewTextWriter), SYM(FreeTextWriter), SYM(TextWriterStartDocument),
	    SYM(TextWriterEndDocument), SYM(TextWriterStartElement), SYM(TextWriterStartElementNS),
	    SYM(TextWriterEndElement), SYM(TextWriterFullEndElement), SYM(TextWriterWriteAttribute),
	    SYM(TextWriterWriteFormatAttribute), SYM(TextWriterWriteString), SYM(TextWriterFlush),
	    SYM(Free)};
	if (dynlib_load(TW_LIBXML_SONAME, syms, sizeof syms / sizeof *syms, open_why,
	                sizeof open_why))
		return;
	libxml.InitParser(); /* its tables, once, before any thread parses */
	open_rc = TW_OK;
}

int libxml_open(tw_error *err)
{
	pthread_once(&once, open_once);
	if (open_rc)
		return tw_fail(err, open_rc, 0, "XML needs libxml2, which cannot be loaded: %s",
		               open_why);
	return TW_OK;
}
