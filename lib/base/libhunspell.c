/* Hunspell, opened the first time a word needs it (see libhunspell.h). */
#include "libhunspell.h"

#include <pthread.h>

#include "dynlib.h"
#include "internal.h"

libhunspell_api libhunspell;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int open_rc = TW_ENOTFOUND;
static char open_why[256];

#define SYM(m) DYNLIB_SYM(libhunspell, "Hunspell_", m)

static void open_once(void)
{
	const dynlib_sym syms[] = {SYM(create), SYM(destroy), SYM(spell), SYM(suggest),
	                           SYM(free_list)};
	if (!dynlib_load(TW_LIBHUNSPELL_SONAME, syms, sizeof syms / sizeof *syms, open_why,
	                 sizeof open_why))
		open_rc = TW_OK;
}

int libhunspell_open(tw_error *err)
{
	pthread_once(&once, open_once);
	if (open_rc)
		return tw_fail(err, open_rc, 0, "spelling needs Hunspell, which cannot be loaded: %s",
		               open_why);
	return TW_OK;
}
