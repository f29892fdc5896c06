/* twdict lint: checks the term tables. */
#include <stdio.h>

#include "twdict.h"

int cmd_lint(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "twdict lint: not built yet\n");
	return 2;
}
