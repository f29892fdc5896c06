/* twdict spellwords HUNSPELL_DIR FORMS OUT: the words Hunspell en_US or en_GB accepts, for the
 * checker to judge without loading Hunspell (20–40 ms a process, and most
 * Latin words in Chinese copy are plain English: Engineering, Face).
 *
 * FORMS is `unmunch en_US.dic en_US.aff` and `unmunch en_GB.dic en_GB.aff`
 * (Debian hunspell-tools): every form the dictionaries' affix rules make.
 * Each form, and its capitalised form, is kept only if Hunspell itself
 * accepts it (en_US or en_GB, as the checker asks), so a word the list
 * holds gets the verdict Hunspell would give; a word it lacks still goes
 * to Hunspell. OUT: sorted (strcmp), one word a line. */
#include <ctype.h>
#include <hunspell.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "twdict.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_spellwords(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: twdict spellwords HUNSPELL_DIR FORMS OUT\n");
		return 2;
	}
	Hunhandle *h[2] = {NULL, NULL};
	FILE *in = NULL;
	char **v = NULL, line[256];
	size_t n = 0, cap = 0;
	for (int i = 0; i < 2; i++) {
		char aff[4096], dic[4096];
		const char *name = i ? "en_GB" : "en_US";
		snprintf(aff, sizeof aff, "%s/%s.aff", argv[1], name);
		snprintf(dic, sizeof dic, "%s/%s.dic", argv[1], name);
		/* Hunspell_create makes a handle (that knows no word) even when it
		 * cannot read the files */
		if (access(aff, R_OK) || access(dic, R_OK) || !(h[i] = Hunspell_create(aff, dic))) {
			fprintf(stderr, "twdict spellwords: cannot open Hunspell %s in %s\n", name,
			        argv[1]);
			goto fail;
		}
	}
	if (!(in = fopen(argv[2], "r"))) {
		fprintf(stderr, "twdict spellwords: cannot open %s\n", argv[2]);
		goto fail;
	}
	while (fgets(line, sizeof line, in)) {
		line[strcspn(line, "\r\n/\t ")] = '\0';
		size_t l = strlen(line);
		if (l < 2 || l >= 64)
			continue;
		for (int cap_form = 0; cap_form < 2; cap_form++) {
			if (cap_form) {
				if (!islower((unsigned char)line[0]))
					break;
				line[0] = (char)toupper((unsigned char)line[0]);
			}
			if (!Hunspell_spell(h[0], line) && !Hunspell_spell(h[1], line))
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 1 << 16;
				char **g = realloc(v, cap * sizeof *v);
				if (!g)
					goto fail;
				v = g;
			}
			if (!(v[n] = strdup(line)))
				goto fail;
			n++;
		}
	}
	fclose(in);
	in = NULL;
	for (int i = 0; i < 2; i++) {
		Hunspell_destroy(h[i]);
		h[i] = NULL;
	}
	qsort(v, n, sizeof *v, cmp_str);
	size_t total = 0, k = 0;
	for (size_t i = 0; i < n; i++)
		if (!k || strcmp(v[i], v[k - 1]))
			v[k++] = v[i], total += strlen(v[i]) + 1;
		else
			free(v[i]);
	char *out = malloc(total + 1), *p = out;
	if (!out) {
		n = k;
		goto fail;
	}
	for (size_t i = 0; i < k; i++) {
		size_t l = strlen(v[i]);
		memcpy(p, v[i], l);
		p[l] = '\n';
		p += l + 1;
		free(v[i]);
	}
	free(v);
	int rc = write_file_atomic(argv[3], out, total);
	free(out);
	return rc ? 2 : 0;
fail:
	fprintf(stderr, "twdict spellwords: cannot build %s\n", argv[3]);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	if (in)
		fclose(in);
	for (int i = 0; i < 2; i++)
		if (h[i])
			Hunspell_destroy(h[i]);
	return 2;
}
