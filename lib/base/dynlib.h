/* Shared libraries opened when first needed, not linked (see libxml.h and
 * libhunspell.h for why): one table of function pointers per library,
 * filled from dlsym() the first time a caller asks for it. */
#ifndef TW_DYNLIB_H
#define TW_DYNLIB_H

#include <pthread.h>
#include <stddef.h>

#include "tongwen/common.h"

/* One symbol to find: its name and the table member that receives its
 * address (size bytes: a function pointer, or a variable's address). */
typedef struct dynlib_sym {
	const char *name;
	void *slot;
	size_t size;
} dynlib_sym;

/* The entry for member m of table, whose symbol is prefix followed by m. */
#define DYNLIB_SYM(table, prefix, m) {prefix #m, &(table).m, sizeof (table).m}

/* A library and what opening it fills. Defined static with
 * DYNLIB_INIT; the rest is the state of its one attempt. */
typedef struct dynlib {
	const char *soname;
	const char *needed_for; /* the error's subject: "XML needs libxml2" */
	const dynlib_sym *syms;
	size_t n_syms;
	void (*loaded)(void);   /* run once the symbols are found, or NULL */
	pthread_mutex_t lock;
	int state;              /* 0 not tried, 1 open, -1 failed (why says why) */
	char why[256];
} dynlib;

#define DYNLIB_INIT(soname, needed_for, syms, loaded)                                         \
	{(soname), (needed_for), (syms), sizeof(syms) / sizeof *(syms), (loaded),               \
	 PTHREAD_MUTEX_INITIALIZER, 0, {0}}

/* Opens d's library on the first call, for the rest of the process's life,
 * and stores each symbol's address in its slot; later calls give the first
 * one's result. TW_OK, or TW_ENOTFOUND with "<needed_for>, which cannot be
 * loaded: <the loader's message, or the symbol it lacks>". Thread-safe. */
int dynlib_open(dynlib *d, tw_error *err);

#endif
