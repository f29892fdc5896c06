/* What the annotated XML writer and reader share. Internal. */
#ifndef TW_XML_INTERNAL_H
#define TW_XML_INTERNAL_H

#include <stdint.h>

/* The format version written in the `version` attribute and accepted by the
 * reader. */
#define XML_FORMAT_VERSION "1"

/* Code points XML 1.0 does not allow in a document (its Char production):
 * C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF. Surrogates
 * cannot occur in valid UTF-8. Such a character is written as an element
 * <x cp="HEX"/> in text, or makes a `from` attribute a `from-cp` one. */
static inline int xml_forbidden(uint32_t cp)
{
	if (cp < 0x20)
		return cp != 0x09 && cp != 0x0A && cp != 0x0D;
	return cp == 0xFFFE || cp == 0xFFFF;
}

#endif
