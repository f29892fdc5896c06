/* libFuzzer target: reading annotated XML back (untrusted input). Any bytes
 * either read or fail with TW_EFORMAT/TW_ETOOBIG and an offset inside the
 * input; what reads back is valid UTF-8, and rendering it as a document and
 * reading that again gives the same text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tongwen.h"
#include "tongwen/xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = NULL, *src = NULL;
	size_t tn = 0, sn = 0, bad;
	tw_error err = {0};
	int rc = tw_xml_read(&text, &tn, &src, &sn, (const char *)data, size, &err);
	if (rc) {
		if (text || src || err.offset > size)
			abort();
		return 0;
	}
	if (tw_utf8_validate(text, tn, &bad) || tw_utf8_validate(src, sn, &bad))
		abort();
	tw_findings *none = NULL;
	char *doc;
	size_t dn;
	tw_xml_options xo = TW_XML_OPTIONS_INIT;
	if (tw_xml_render_text(&doc, &dn, text, tn, none, &xo, NULL))
		abort();
	char *again;
	size_t an;
	if (tw_xml_read(&again, &an, NULL, NULL, doc, dn, NULL) || an != tn || memcmp(again, text, tn))
		abort();
	tw_free(again);
	tw_free(doc);
	tw_free(text);
	tw_free(src);
	return 0;
}
