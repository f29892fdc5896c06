/* A tw_write_fn for tests: appends what it is given to a NUL-terminated
 * heap string (*(char **)ud, NULL or from an earlier call; free() it). */
#ifndef TW_TEST_COLLECT_H
#define TW_TEST_COLLECT_H

#include <stdlib.h>
#include <string.h>

static int collect(void *ud, const char *b, size_t n)
{
	char **acc = ud;
	size_t have = *acc ? strlen(*acc) : 0;
	char *g = realloc(*acc, have + n + 1);
	if (!g)
		return 1;
	memcpy(g + have, b, n);
	g[have + n] = '\0';
	*acc = g;
	return 0;
}

#endif
