/* Shared libraries opened when first needed (see dynlib.h). */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

_Static_assert(sizeof(void (*)(void)) == sizeof(void *), "a data pointer holds a function's address");

int dynlib_load(const char *soname, const dynlib_sym *syms, size_t n, char *why,
                size_t why_size)
{
	/* RTLD_NODELETE: the functions stay callable for the process's life,
	 * as when linked, and no handle need be kept to close. */
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (!h) {
		const char *msg = dlerror();
		snprintf(why, why_size, "%s", msg ? msg : soname);
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		void *p = dlsym(h, syms[i].name);
		if (!p) {
			snprintf(why, why_size, "%s lacks %s", soname, syms[i].name);
			rc = -1;
		} else {
			/* Copied, not cast: POSIX lets dlsym()'s data pointer hold a
			 * function's address. */
			memcpy(syms[i].slot, &p, syms[i].size);
		}
	}
	dlclose(h); /* stays loaded: RTLD_NODELETE */
	return rc;
}
