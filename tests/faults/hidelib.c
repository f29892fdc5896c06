/* An LD_PRELOAD module for hidden_libs.sh: dlopen() of a shared object
 * whose name holds one of the colon-separated strings in TW_TEST_HIDE_LIBS
 * fails, as on a machine where that library is not installed. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

static int hidden(const char *file)
{
	const char *list = getenv("TW_TEST_HIDE_LIBS");
	if (!file || !list)
		return 0;
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ":");
		if (n) {
			char name[256];
			if (n >= sizeof name)
				n = sizeof name - 1;
			memcpy(name, p, n);
			name[n] = '\0';
			if (strstr(file, name))
				return 1;
		}
		p += n + (p[n] == ':');
	}
	return 0;
}

void *dlopen(const char *file, int mode)
{
	static void *(*real)(const char *, int);
	if (hidden(file))
		return NULL;
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "dlopen");
	return real ? real(file, mode) : NULL;
}
