/* twdict: compiles dictionaries for the build.
 *
 *   twdict compile [--whole LETTERS] IN.txt OUT.twd
 *                                     OpenCC text dictionary -> compiled form
 *   twdict lexicon …                  term tables -> profile dictionaries
 *   twdict lint …                     checks the term tables
 *   twdict script TS.txt ST.txt OUT   the checker's script table
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "twdict.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dict.h"
#include "internal.h"
#include "segkeys.h"

static int write_all(const char *path, FILE *f, const void *data, size_t len)
{
	int ok = fwrite(data, 1, len, f) == len;
	ok = (fclose(f) == 0) && ok;
	if (!ok)
		fprintf(stderr, "twdict: cannot write %s: %s\n", path, strerror(errno));
	return ok ? 0 : -1;
}

int write_file_atomic(const char *path, const void *data, size_t len)
{
	/* Through a symlink to its target; a device, FIFO or socket (twdict mine
	 * --out /dev/stdout) is written as it is, never replaced. */
	char *real = realpath(path, NULL);
	struct stat lst;
	if (!real && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
		/* A dangling symlink: write its target, relative to its folder. */
		char link[4096];
		ssize_t k = readlink(path, link, sizeof link - 1);
		if (k <= 0) {
			fprintf(stderr, "twdict: %s: cannot read the symlink\n", path);
			return -1;
		}
		link[k] = '\0';
		const char *slash = strrchr(path, '/');
		size_t dir = link[0] == '/' || !slash ? 0 : (size_t)(slash - path) + 1;
		real = malloc(dir + (size_t)k + 1);
		if (!real)
			return -1;
		memcpy(real, path, dir);
		memcpy(real + dir, link, (size_t)k + 1);
	}
	const char *target = real ? real : path;
	struct stat st;
	if (stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
		FILE *f = fopen(target, "wb");
		int rc = f ? write_all(target, f, data, len) : -1;
		if (!f)
			fprintf(stderr, "twdict: %s: %s\n", target, strerror(errno));
		free(real);
		return rc;
	}
	size_t n = strlen(target);
	char *tmp = malloc(n + 24);
	if (!tmp) {
		free(real);
		return -1;
	}
	snprintf(tmp, n + 24, "%s.tmp%ld", target, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	int rc = -1;
	if (!f)
		fprintf(stderr, "twdict: %s: %s\n", tmp, strerror(errno));
	else if (write_all(target, f, data, len) == 0 && rename(tmp, target) == 0)
		rc = 0;
	else if (errno)
		fprintf(stderr, "twdict: cannot write %s: %s\n", target, strerror(errno));
	if (rc)
		remove(tmp);
	free(tmp);
	free(real);
	return rc;
}

/* Checks that every key of the built image (named name) is a key of the
 * dictionary at seg_path, and gives that dictionary's id. */
static int compiled_within(const unsigned char *img, size_t size, const char *name,
                           const char *seg_path, uint64_t *seg_id)
{
	tw_error err = {0};
	tw_dict d, seg;
	unsigned char *copy = malloc(size);
	if (!copy) {
		fprintf(stderr, "twdict: out of memory\n");
		return -1;
	}
	memcpy(copy, img, size);
	if (dict_open_image(&d, copy, size, name, &err)) {
		fprintf(stderr, "twdict: %s\n", err.message);
		return -1;
	}
	if (dict_open_file(&seg, seg_path, &err)) {
		fprintf(stderr, "twdict: %s\n", err.message);
		dict_close(&d);
		return -1;
	}
	int ok = seg.h->id && dict_keys_within(&d, &seg);
	*seg_id = seg.h->id;
	if (!ok)
		fprintf(stderr, "twdict: %s: %s\n", name,
		        seg.h->id ? "a key is not a key of the --within dictionary"
		                  : "the --within dictionary has no id (compile it again)");
	dict_close(&seg);
	dict_close(&d);
	return ok ? 0 : -1;
}

int cmd_compile(int argc, char **argv)
{
	/* --whole LETTERS: an entry whose value has only these letters is looked
	 * up whole only (the name guard's flags for term keys: R, U, L) and
	 * takes no slots for its prefixes */
	/* --within SEG.twd: every key is also a key of SEG (checked here), and
	 * the image says so, so that a profile segmenting with SEG need not
	 * walk it at load to find out (dict.h, twd_header.within) */
	const char *whole = NULL, *within = NULL;
	while (argc >= 5 && (!strcmp(argv[1], "--whole") || !strcmp(argv[1], "--within"))) {
		if (!strcmp(argv[1], "--whole"))
			whole = argv[2];
		else
			within = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc != 3 || (whole && !*whole) || (within && !*within)) {
		fprintf(stderr,
		        "usage: twdict compile [--whole LETTERS] [--within SEG.twd] IN.txt OUT.twd\n");
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
	int rc = dict_build_text_whole(&img, &size, text, len, argv[1], whole, &err);
	free(text);
	if (rc) {
		fprintf(stderr, "twdict: %s\n", err.message);
		return 2;
	}
	/* The segmentation tables, should a profile segment with it: built
	 * here once rather than at every load. */
	unsigned char *copy = malloc(size), *sec = NULL;
	size_t sec_len = 0;
	tw_dict d;
	if (!copy) {
		free(img);
		fprintf(stderr, "twdict: out of memory\n");
		return 2;
	}
	memcpy(copy, img, size);
	if (dict_open_image(&d, copy, size, argv[1], &err)) {
		free(img);
		fprintf(stderr, "twdict: %s\n", err.message);
		return 2;
	}
	rc = segkeys_image_section(&d, &sec, &sec_len);
	dict_close(&d);
	if (rc == TW_ENOMEM) {
		free(img);
		fprintf(stderr, "twdict: out of memory\n");
		return 2;
	}
	if (!rc && sec_len && dict_image_add_segkeys(&img, &size, sec, sec_len, &err)) {
		free(sec);
		free(img);
		fprintf(stderr, "twdict: %s\n", err.message);
		return 2;
	}
	free(sec);
	uint64_t seg_id = 0;
	if (within && compiled_within(img, size, argv[1], within, &seg_id)) {
		free(img);
		return 2;
	}
	dict_image_stamp(img, size, seg_id);
	rc = write_file_atomic(argv[2], img, size);
	free(img);
	return rc ? 2 : 0;
}

int word_list_read(const char *path, int missing_ok, char **text, char ***words, size_t *n)
{
	*text = NULL;
	*words = NULL;
	*n = 0;
	size_t len, bad;
	tw_error err = {0};
	if (read_file(text, &len, path, 1u << 20, &err)) {
		if (missing_ok && err.code == TW_ENOTFOUND)
			return 0;
		fprintf(stderr, "twdict: %s\n", err.message);
		return -1;
	}
	if (tw_utf8_validate(*text, len, &bad)) {
		fprintf(stderr, "twdict: %s: invalid UTF-8 at byte offset %zu\n", path, bad);
		free(*text);
		*text = NULL;
		return -1;
	}
	size_t cap = 1;
	for (size_t i = 0; i < len; i++)
		cap += (*text)[i] == ' ' || (*text)[i] == '\n';
	if (!(*words = calloc(cap, sizeof **words))) {
		free(*text);
		*text = NULL;
		return -1;
	}
	for (char *cur = *text, *line; (line = text_next_line(&cur));) {
		if (line[0] == '#')
			continue;
		for (char *w = strtok(line, " "); w; w = strtok(NULL, " "))
			(*words)[(*n)++] = w;
	}
	return 0;
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
	if (argc >= 2 && strcmp(argv[1], "spellwords") == 0)
		return cmd_spellwords(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "hkstandard") == 0)
		return cmd_hkstandard(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "lexcache") == 0)
		return cmd_lexcache(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "segcache") == 0)
		return cmd_segcache(argc - 1, argv + 1);
	fprintf(stderr, "usage: twdict compile|lexicon|lint|script|standard|mine|coverage|segdict|"
	                "spellwords|hkstandard|lexcache|segcache …\n");
	return 2;
}
