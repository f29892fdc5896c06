/* Shared libraries opened when first needed, not linked (see libxml.h and
 * libhunspell.h for why): one table of function pointers per library,
 * filled from dlsym(). */
#ifndef TW_DYNLIB_H
#define TW_DYNLIB_H

#include <stddef.h>

/* One symbol to find: its name and the table member that receives its
 * address (size bytes: a function pointer, or a variable's address). */
typedef struct dynlib_sym {
	const char *name;
	void *slot;
	size_t size;
} dynlib_sym;

/* The entry for member m of table, whose symbol is prefix followed by m. */
#define DYNLIB_SYM(table, prefix, m) {prefix #m, &(table).m, sizeof (table).m}

/* Opens soname for the rest of the process's life and stores the address
 * of each of the n symbols in its slot. 0, or -1 with the reason in
 * why[0..why_size) (the loader's message, or the symbol it lacks). */
int dynlib_load(const char *soname, const dynlib_sym *syms, size_t n, char *why,
                size_t why_size);

#endif
