/* Character references (&amp; &#x4E2D; &#20013;) in HTML, XML and Markdown. */
#include "utf8.h"
#include <string.h>

#include "doc_internal.h"

/* The named references news copy uses; any other name decodes to a space
 * (it is still written back byte for byte). XML knows only the first five. */
static const struct {
	const char *name;
	const char *utf8;
} named[] = {
	{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
	{"nbsp", "\xC2\xA0"}, {"ensp", "\xE2\x80\x82"}, {"emsp", "\xE2\x80\x83"},
	{"thinsp", "\xE2\x80\x89"}, {"zwnj", "\xE2\x80\x8C"}, {"zwj", "\xE2\x80\x8D"},
	{"shy", "\xC2\xAD"}, {"ndash", "\xE2\x80\x93"}, {"mdash", "\xE2\x80\x94"},
	{"lsquo", "\xE2\x80\x98"}, {"rsquo", "\xE2\x80\x99"}, {"ldquo", "\xE2\x80\x9C"},
	{"rdquo", "\xE2\x80\x9D"}, {"hellip", "\xE2\x80\xA6"}, {"middot", "\xC2\xB7"},
	{"bull", "\xE2\x80\xA2"}, {"laquo", "\xC2\xAB"}, {"raquo", "\xC2\xBB"},
	{"copy", "\xC2\xA9"}, {"reg", "\xC2\xAE"}, {"trade", "\xE2\x84\xA2"},
	{"deg", "\xC2\xB0"}, {"times", "\xC3\x97"}, {"divide", "\xC3\xB7"},
	{"yen", "\xC2\xA5"}, {"pound", "\xC2\xA3"}, {"euro", "\xE2\x82\xAC"},
	{"cent", "\xC2\xA2"}, {"sect", "\xC2\xA7"}, {"para", "\xC2\xB6"},
	{"plusmn", "\xC2\xB1"}, {"frac12", "\xC2\xBD"}, {"percnt", "%"},
};

int charref_decode(const char *s, size_t n, int xml, char *out, size_t *out_len, size_t *ref_len)
{
	if (n < 3 || s[0] != '&')
		return 0;
	size_t i = 1;
	if (s[1] == '#') {
		int hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
		unsigned long cp = 0;
		size_t digits = 0;
		for (i = 2 + (size_t)hex; i < n && digits < 8; i++, digits++) {
			char c = s[i];
			int v = c >= '0' && c <= '9' ? c - '0'
			        : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
			        : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			if (v < 0)
				break;
			cp = cp * (hex ? 16 : 10) + (unsigned long)v;
		}
		/* Only well-formed references to characters UTF-8 may hold. */
		if (!digits || i >= n || s[i] != ';' || cp == 0 || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		*out_len = utf8_encode((uint32_t)(cp), out);
		*ref_len = i + 1;
		return 1;
	}
	while (i < n && i < 33 && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
	                           (s[i] >= '0' && s[i] <= '9')))
		i++;
	if (i == 1 || i >= n || s[i] != ';')
		return 0;
	size_t name_len = i - 1, count = xml ? 5 : sizeof named / sizeof named[0];
	*ref_len = i + 1;
	for (size_t k = 0; k < count; k++)
		if (strlen(named[k].name) == name_len && !memcmp(named[k].name, s + 1, name_len)) {
			*out_len = strlen(named[k].utf8);
			memcpy(out, named[k].utf8, *out_len);
			return 1;
		}
	out[0] = ' ';
	*out_len = 1;
	return 1;
}
