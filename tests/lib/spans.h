/* For cmocka tests: the spans of an aligned conversion tile source and
 * output, and each unchanged span holds the same bytes on both sides. */
#ifndef TW_TEST_SPANS_H
#define TW_TEST_SPANS_H

#include <stdio.h>
#include <string.h>

#include "tongwen.h"

static void assert_spans_tile(const char *in, size_t len, const char *out, size_t n,
                              const tw_span *sp, size_t ns)
{
	size_t src = 0, dst = 0;
	for (size_t i = 0; i < ns; i++) {
		if (sp[i].src_off != src || sp[i].dst_off != dst)
			fprintf(stderr, "span %zu: source %zu (want %zu), output %zu (want %zu)\n", i,
			        sp[i].src_off, src, sp[i].dst_off, dst);
		assert_int_equal(sp[i].src_off, src);
		assert_int_equal(sp[i].dst_off, dst);
		if (sp[i].step < 0) {
			assert_int_equal(sp[i].src_len, sp[i].dst_len);
			assert_memory_equal(in + src, out + dst, sp[i].src_len);
		}
		src += sp[i].src_len;
		dst += sp[i].dst_len;
	}
	assert_int_equal(src, len);
	assert_int_equal(dst, n);
}

#endif
