/* tongwen: the command line. Thin: parses arguments, calls the library,
 * prints. */
#include <string.h>

#include "cli.h"
#include "lsp.h"

static void usage(FILE *f)
{
	fputs("usage: tongwen convert [-p PROFILE] [-o OUT] [FILE…|-]\n"
	      "       tongwen convert --list-profiles\n"
	      "       tongwen check [--target cn|hk|tw] [--format text|json|sarif|github|xml]\n"
	      "                     [--fail-on error|warning|info|never] [--config FILE] [--fix]\n"
	      "                     [FILE…|DIR…|-]\n"
	      "       tongwen annotate [-p PROFILE] [-o OUT] [--target cn|hk|tw] FILE|-\n"
	      "       tongwen lsp [--stdio]     (the Language Server, for editors)\n"
	      "       tongwen --version | -V | --help\n"
	      "\n"
	      "Converts Hong Kong Traditional Chinese to Mainland Simplified Chinese\n"
	      "(default profile hk2cn) and proofreads Chinese text for regional mismatches.\n"
	      "Exit status: 0 success, 1 findings at or above --fail-on, 2 usage or input error.\n",
	      f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	out_install_cleanup();
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage(stdout);
		return EXIT_CLEAN;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("tongwen %s\n", tw_version());
		return EXIT_CLEAN;
	}
	if (!strcmp(cmd, "convert"))
		return cmd_convert(argc - 1, argv + 1);
	if (!strcmp(cmd, "annotate"))
		return cmd_annotate(argc - 1, argv + 1);
	if (!strcmp(cmd, "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(cmd, "lsp"))
		return lsp_main(argc - 1, argv + 1);
	die_msg("unknown command '%s' (try tongwen --help)", cmd);
	return EXIT_USAGE;
}
