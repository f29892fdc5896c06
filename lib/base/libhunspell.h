/* Hunspell, opened the first time a word needs a spelling verdict.
 *
 * libhunspell brings the C++ runtime into the process: some 60 page
 * faults, about 2 ms of every `tongwen` run on a virtual machine whose
 * faults are dear, though converting never spells and checking asks
 * Hunspell only about Latin words no word list answers. The library opens
 * it with dlopen() at the first such word (lib/check/spell_cache.c) and
 * calls it through the table `libhunspell` (members: Hunspell's functions
 * without the "Hunspell_" prefix), filled by the first call (dynlib.h). */
#ifndef TW_LIBHUNSPELL_H
#define TW_LIBHUNSPELL_H

#include <hunspell.h>

#include "tongwen/common.h"

/* The shared object opened: Debian's libhunspell-1.7-0. */
#define TW_LIBHUNSPELL_SONAME "libhunspell-1.7.so.0"

typedef struct libhunspell_api {
	__typeof__(Hunspell_create) *create;
	__typeof__(Hunspell_destroy) *destroy;
	__typeof__(Hunspell_spell) *spell;
	__typeof__(Hunspell_suggest) *suggest;
	__typeof__(Hunspell_free_list) *free_list;
} libhunspell_api;

extern libhunspell_api libhunspell;

/* Opens Hunspell and fills `libhunspell` (once per process). TW_OK, or
 * TW_ENOTFOUND with the loader's message. */
int libhunspell_open(tw_error *err);

#endif
