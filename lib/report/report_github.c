/* GitHub Actions workflow commands: one ::error/::warning/::notice line per
 * finding, which GitHub shows as an annotation on the file. */
#include <stdio.h>
#include <string.h>

#include "report_internal.h"

/* GitHub's escaping: % CR LF everywhere, and also : and , inside a
 * property value, where they would end the value. */
static int put_escaped(buf *b, const char *s, int property)
{
	for (; *s; s++) {
		const char *e = NULL;
		switch (*s) {
		case '%': e = "%25"; break;
		case '\r': e = "%0D"; break;
		case '\n': e = "%0A"; break;
		case ':': e = property ? "%3A" : NULL; break;
		case ',': e = property ? "%2C" : NULL; break;
		default: break;
		}
		if (e ? buf_append(b, e, 3) : buf_append(b, s, 1))
			return TW_ENOMEM;
	}
	return TW_OK;
}

int report_github_one(buf *b, const char *name, const tw_finding *x)
{
	char pos[160];
	const char *cmd = x->severity == TW_SEV_ERROR     ? "::error file="
	                  : x->severity == TW_SEV_WARNING ? "::warning file="
	                                                  : "::notice file=";
	snprintf(pos, sizeof pos, ",line=%zu,col=%zu,endLine=%zu,endColumn=%zu,title=", x->line,
	         x->column, x->end_line, x->end_column);
	if (buf_append(b, cmd, strlen(cmd)) || put_escaped(b, name, 1) ||
	    buf_append(b, pos, strlen(pos)) || put_escaped(b, x->rule, 1) ||
	    buf_append(b, "::", 2) || put_escaped(b, x->message, 0) || buf_append(b, "\n", 1))
		return TW_ENOMEM;
	return TW_OK;
}
