/* twdict: compiles dictionaries for the build.
 *
 *   twdict compile IN.txt OUT.twd     OpenCC text dictionary -> compiled form
 *   twdict lexicon …                  term tables -> profile dictionaries
 *   twdict lint …                     checks the term tables
 *   twdict script TS.txt ST.txt OUT   the checker's script table
 */
#include "twdict.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dict.h"
#include "internal.h"

int write_file_atomic(const char *path, const void *data, size_t len)
{
	size_t n = strlen(path);
	char *tmp = malloc(n + 16);
	if (!tmp)
		return -1;
	snprintf(tmp, n + 16, "%s.tmp%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		fprintf(stderr, "twdict: %s: %s\n", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	int ok = fwrite(data, 1, len, f) == len;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, path) != 0) {
		fprintf(stderr, "twdict: cannot write %s: %s\n", path, strerror(errno));
		remove(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

int cmd_compile(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: twdict compile IN.txt OUT.twd\n");
		return 2;
	}
	char *text;
	size_t len;
	tw_error err = {0};
	if (read_file(&text, &len, argv[1], (size_t)1 << 30, &err)) {
		fprintf(stderr, "twdict: %s\n", err.message);
		return 2;
	}
	unsigned char *img;
	size_t size;
	int rc = dict_build_text(&img, &size, text, len, argv[1], &err);
	free(text);
	if (rc) {
		fprintf(stderr, "twdict: %s\n", err.message);
		return 2;
	}
	rc = write_file_atomic(argv[2], img, size);
	free(img);
	return rc ? 2 : 0;
}

const char *tool_arg(int argc, char **argv, const char *name)
{
	for (int i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], name))
			return argv[i + 1];
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "compile") == 0)
		return cmd_compile(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "lexicon") == 0)
		return cmd_lexicon(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "lint") == 0)
		return cmd_lint(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "script") == 0)
		return cmd_script(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "standard") == 0)
		return cmd_standard(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "mine") == 0)
		return cmd_mine(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "coverage") == 0)
		return cmd_coverage(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "segdict") == 0)
		return cmd_segdict(argc - 1, argv + 1);
	fprintf(stderr, "usage: twdict compile|lexicon|lint|script|standard|mine|coverage|segdict …\n");
	return 2;
}
