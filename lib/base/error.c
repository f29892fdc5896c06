/* Error codes, messages and the library's allocation boundary. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

const char *tw_strerror(int code)
{
	switch (code) {
	case TW_OK: return "success";
	case TW_ENOMEM: return "out of memory";
	case TW_EINVAL: return "invalid argument";
	case TW_EUTF8: return "invalid UTF-8";
	case TW_ENOTFOUND: return "not found";
	case TW_EFORMAT: return "malformed data";
	case TW_EIO: return "input/output error";
	case TW_ETOOBIG: return "input too large";
	case TW_ECALLBACK: return "callback aborted";
	default: return "unknown error";
	}
}

void tw_free(void *ptr)
{
	free(ptr);
}

int tw_fail(tw_error *err, int code, size_t offset, const char *fmt, ...)
{
	if (err) {
		err->code = code;
		err->offset = offset;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof err->message, fmt, ap);
		va_end(ap);
	}
	return code;
}
