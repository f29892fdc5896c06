/* tongwen/xml.h on its own: every declaration used once, so a typo in the
 * header fails here. */
#include "tongwen/xml.h"

static int sink(void *ud, const char *data, size_t len)
{
	(void)ud, (void)data, (void)len;
	return 0;
}

int main(void)
{
	tw_xml_options o = TW_XML_OPTIONS_INIT;
	char *out = 0;
	size_t len = 0;
	int rc = tw_xml_render_text(&out, &len, "", 0, 0, &o, 0);
	rc |= tw_xml_render(&out, &len, "", 0, "", 0, 0, 0, 0, &o, 0);
	rc |= tw_xml_read(&out, &len, 0, 0, "", 0, 0);
	rc |= tw_xml_write(sink, 0, "", 0, "", 0, 0, 0, 0, &o, 0);
	tw_xml_writer *w = 0;
	tw_xml_position pos = {1, 1, 1, 1, 0, 0};
	rc |= tw_xml_writer_open(&w, &o, sink, 0, 0);
	rc |= tw_xml_writer_text(w, "", 0, "", 0, 0, 0, 0);
	rc |= tw_xml_writer_findings(w, 0, 0, &pos, 0);
	rc |= tw_xml_writer_finish(w, 0);
	tw_xml_writer_free(w);
	return rc != 0 && TW_XML_MAX_INPUT > 0 && sizeof TW_XML_NAMESPACE > 1;
}
