/* tongwen/xml.h on its own: every declaration used once, so a typo in the
 * header fails here. */
#include "tongwen/xml.h"

int main(void)
{
	tw_xml_options o = TW_XML_OPTIONS_INIT;
	char *out = 0;
	size_t len = 0;
	int rc = tw_xml_render_text(&out, &len, "", 0, 0, &o, 0);
	rc |= tw_xml_render(&out, &len, "", 0, "", 0, 0, 0, 0, &o, 0);
	rc |= tw_xml_read(&out, &len, 0, 0, "", 0, 0);
	return rc != 0 && TW_XML_MAX_INPUT > 0 && sizeof TW_XML_NAMESPACE > 1;
}
