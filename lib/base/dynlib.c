/* Shared libraries opened when first needed (see dynlib.h). */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

_Static_assert(sizeof(void (*)(void)) == sizeof(void *), "a data pointer holds a function's address");

/* 0, or -1 with d->why. */
static int load(dynlib *d)
{
	/* RTLD_NODELETE: the functions stay callable for the process's life,
	 * as when linked, and no handle need be kept to close. */
	void *h = dlopen(d->soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (!h) {
		const char *msg = dlerror();
		snprintf(d->why, sizeof d->why, "%s", msg ? msg : d->soname);
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < d->n_syms && !rc; i++) {
		void *p = dlsym(h, d->syms[i].name);
		if (!p) {
			snprintf(d->why, sizeof d->why, "%s lacks %s", d->soname, d->syms[i].name);
			rc = -1;
		} else {
			/* Copied, not cast: POSIX lets dlsym()'s data pointer hold a
			 * function's address. */
			memcpy(d->syms[i].slot, &p, d->syms[i].size);
		}
	}
	dlclose(h); /* stays loaded: RTLD_NODELETE */
	return rc;
}

int dynlib_open(dynlib *d, tw_error *err)
{
	pthread_mutex_lock(&d->lock);
	if (!d->state) {
		d->state = load(d) ? -1 : 1;
		if (d->state > 0 && d->loaded)
			d->loaded();
	}
	int state = d->state;
	pthread_mutex_unlock(&d->lock);
	if (state < 0)
		return tw_fail(err, TW_ENOTFOUND, 0, "%s, which cannot be loaded: %s", d->needed_for,
		               d->why);
	return TW_OK;
}
