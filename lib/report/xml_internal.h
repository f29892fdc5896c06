/* What the annotated XML writer and reader share. Internal. */
#ifndef TW_XML_INTERNAL_H
#define TW_XML_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tongwen/xml.h"

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

/* The writer's steps without the argument checks (xml_write.c), for
 * callers that checked the whole text and findings first (xml_render.c).
 * They return 0 or an error code and leave the writer failed on error. */
int xml_writer_put_text(tw_xml_writer *w, const char *src, const char *dst, const tw_span *sp,
                        size_t n);
int xml_writer_put_finding(tw_xml_writer *w, const tw_finding *x, const tw_xml_position *src);

/* Whether spans sp[0..n) tile src and dst in order, on character
 * boundaries, unchanged spans equal (TW_EINVAL with a message if not). */
int xml_check_spans(const char *src, size_t src_len, const char *dst, size_t dst_len,
                    const tw_span *sp, size_t n, tw_error *err);

#endif
