/* Colour for the text report on a terminal: --color=auto|always|never and
 * NO_COLOR (https://no-color.org: auto turns it off; always still colours).
 * The library renders plain text; colour is added here, line by line: the
 * header of each finding and its carets. File names reach the report with
 * control characters escaped, so a line is always one line. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int color_parse(const char *v)
{
	return !strcmp(v, "auto") ? COLOR_AUTO : !strcmp(v, "always") ? COLOR_ALWAYS
	                                       : !strcmp(v, "never")  ? COLOR_NEVER
	                                                              : -1;
}

int color_wanted(int mode, int fd)
{
	if (mode != COLOR_AUTO)
		return mode == COLOR_ALWAYS;
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
	return isatty(fd) && !(no && *no) && !(term && !strcmp(term, "dumb"));
}

static const char *severity_color(const char *line, size_t len, size_t *at, size_t *sev_len)
{
	static const struct {
		const char *word, *color;
	} sev[] = {{": error: ", "\033[1;31m"}, {": warning: ", "\033[1;33m"}, {": info: ", "\033[1;36m"}};
	for (size_t i = 0; i < 3; i++) {
		size_t wl = strlen(sev[i].word);
		for (size_t k = 0; k + wl <= len; k++)
			if (!memcmp(line + k, sev[i].word, wl)) {
				*at = k;
				*sev_len = wl;
				return sev[i].color;
			}
	}
	return NULL;
}

int write_colored_report(FILE *out, const char *text, size_t len)
{
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len, n = end - i;
		const char *line = text + i;
		size_t at, sl;
		const char *color = line[n ? n - 1 : 0] == ']' ? severity_color(line, n, &at, &sl) : NULL;
		size_t carets = strspn(line, " ^");
		if (color) {
			/* file:line:col bold; the severity in its colour; [rule] dim */
			const char *rule = memchr(line + at, '[', n - at);
			while (rule && memchr(rule + 1, '[', (size_t)(line + n - rule - 1)))
				rule = memchr(rule + 1, '[', (size_t)(line + n - rule - 1));
			size_t r = rule ? (size_t)(rule - line) : n;
			fprintf(out, "\033[1m%.*s\033[0m: %s%.*s\033[0m: %.*s\033[2m%.*s\033[0m", (int)at, line,
			        color, (int)(sl - 4), line + at + 2, (int)(r - at - sl), line + at + sl,
			        (int)(n - r), line + r);
		} else if (n && carets >= n && memchr(line, '^', n)) {
			fprintf(out, "\033[1;32m%.*s\033[0m", (int)n, line);
		} else {
			fwrite(line, 1, n, out);
		}
		if (nl)
			fputc('\n', out);
		i = end + (nl != NULL);
	}
	return ferror(out) ? -1 : 0;
}
