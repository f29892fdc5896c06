/* Hunspell, opened the first time a word needs it (see libhunspell.h). */
#include "libhunspell.h"

#include "dynlib.h"

libhunspell_api libhunspell;

#define SYM(m) DYNLIB_SYM(libhunspell, "Hunspell_", m)

static const dynlib_sym syms[] = {SYM(create), SYM(destroy), SYM(spell), SYM(suggest),
                                  SYM(free_list)};

static dynlib lib = DYNLIB_INIT(TW_LIBHUNSPELL_SONAME, "spelling needs Hunspell", syms, NULL);

int libhunspell_open(tw_error *err)
{
	return dynlib_open(&lib, err);
}
