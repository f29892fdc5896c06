/* libFuzzer target: markdown documents (the invariant is in fuzz_doc.h). */
#include "fuzz_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_doc(data, size, TW_MARKUP_MARKDOWN);
	return 0;
}
