/* Differential test: tongwen's output must be byte-identical to libopencc's
 * for the same profile, on the test data and on randomized inputs built from
 * the profile's own dictionary keys (glued together, cut at odd places,
 * mixed with ASCII, emoji, non-BMP characters and line breaks), and the
 * alignment must cover both texts exactly.
 *
 * usage: test_diff_opencc PROFILE DATA_DIR DICT_TEXT_DIR GEN_DIR TEXT_DIR… */
#include <dirent.h>
#include <opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tongwen.h"

#define ROUNDS 3000

static int failures;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	if (p)
		p[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* Keys of the dictionaries: the pool random inputs are drawn from. */
static char **keys;
static size_t n_keys, cap_keys;

static void push_key(const char *s, size_t n)
{
	if (n_keys == cap_keys) {
		cap_keys = cap_keys ? cap_keys * 2 : 4096;
		keys = realloc(keys, cap_keys * sizeof *keys);
	}
	keys[n_keys++] = strndup(s, n);
}

/* Adds the keys and first values of an OpenCC text dictionary: values are
 * fed back as input too, since later steps see converted text. */
static void add_keys(const char *path)
{
	size_t len;
	char *t = slurp(path, &len);
	if (!t)
		return;
	for (char *line = t; *line;) {
		char *nl = strchr(line, '\n');
		char *tab = strchr(line, '\t');
		if (tab && (!nl || tab < nl)) {
			push_key(line, (size_t)(tab - line));
			size_t vl = strcspn(tab + 1, " \n");
			if (vl)
				push_key(tab + 1, vl);
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	free(t);
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *extras[] = {"𠝹", "😀", "a", "Z", "9", " ", "\n", "\r\n", "\t", "「", "」",
                               "『", "』", "，", "。", "AI", "𩸽", "é", "\xc2\xa0", "香港"};

/* A random input: keys glued together, sometimes cut to a prefix or suffix
 * at a character boundary, with extras in between. */
static char *random_input(size_t *len)
{
	size_t cap = 4096, n = 0;
	char *s = malloc(cap);
	int parts = 1 + (int)(next_rand() % 40);
	for (int i = 0; i < parts; i++) {
		const char *piece;
		size_t pl;
		if (next_rand() % 4 == 0 || !n_keys) {
			piece = extras[next_rand() % (sizeof extras / sizeof *extras)];
			pl = strlen(piece);
		} else {
			piece = keys[next_rand() % n_keys];
			pl = strlen(piece);
			size_t cp = tw_utf8_codepoints(piece, pl);
			if (cp > 1 && next_rand() % 3 == 0) {
				/* cut at a random character boundary, keep one side */
				size_t cut = 1 + next_rand() % (cp - 1), at = 0, c = 0;
				while (c < cut) {
					at++;
					while (at < pl && ((unsigned char)piece[at] & 0xC0) == 0x80)
						at++;
					c++;
				}
				if (next_rand() % 2) {
					pl = at;
				} else {
					piece += at;
					pl -= at;
				}
			}
		}
		if (n + pl + 1 > cap) {
			cap = (n + pl + 1) * 2;
			s = realloc(s, cap);
		}
		memcpy(s + n, piece, pl);
		n += pl;
	}
	s[n] = '\0';
	*len = n;
	return s;
}

static void show(const char *label, const char *s, size_t n)
{
	fprintf(stderr, "  %s (%zu bytes): %.*s\n", label, n, (int)(n > 400 ? 400 : n), s);
}

static int compare(opencc_t oc, const tw_profile *p, const char *in, size_t len, const char *what)
{
	char *want = opencc_convert_utf8(oc, in, len);
	if (!want) {
		fprintf(stderr, "FAIL %s: opencc failed: %s\n", what, opencc_error());
		return 1;
	}
	char *got;
	size_t got_len;
	tw_error err = {0};
	if (tw_convert(&got, &got_len, p, in, len, &err)) {
		fprintf(stderr, "FAIL %s: tongwen failed: %s\n", what, err.message);
		opencc_convert_utf8_free(want);
		return 1;
	}
	int bad = 0;
	if (strlen(want) != got_len || memcmp(want, got, got_len)) {
		fprintf(stderr, "FAIL %s: output differs from libopencc\n", what);
		show("input", in, len);
		show("opencc", want, strlen(want));
		show("tongwen", got, got_len);
		bad = 1;
	}
	/* The alignment must tile both texts and agree with tw_convert. */
	char *aout;
	size_t alen, ns;
	tw_span *sp;
	if (tw_convert_aligned(&aout, &alen, &sp, &ns, p, in, len, &err)) {
		fprintf(stderr, "FAIL %s: aligned conversion failed: %s\n", what, err.message);
		bad = 1;
	} else {
		size_t s = 0, d = 0;
		if (alen != got_len || memcmp(aout, got, alen)) {
			fprintf(stderr, "FAIL %s: aligned output differs\n", what);
			bad = 1;
		}
		for (size_t i = 0; i < ns && !bad; i++) {
			if (sp[i].src_off != s || sp[i].dst_off != d) {
				fprintf(stderr, "FAIL %s: span %zu not contiguous\n", what, i);
				bad = 1;
			}
			if (sp[i].step < 0 && (sp[i].src_len != sp[i].dst_len ||
			                       memcmp(in + sp[i].src_off, aout + sp[i].dst_off,
			                              sp[i].src_len))) {
				fprintf(stderr, "FAIL %s: unchanged span %zu differs\n", what, i);
				bad = 1;
			}
			if (sp[i].step >= 0 && (!sp[i].dict || !sp[i].kind)) {
				fprintf(stderr, "FAIL %s: changed span %zu has no dictionary\n", what, i);
				bad = 1;
			}
			s += sp[i].src_len;
			d += sp[i].dst_len;
		}
		if (!bad && (s != len || d != alen)) {
			fprintf(stderr, "FAIL %s: spans cover %zu/%zu source, %zu/%zu target bytes\n",
			        what, s, len, d, alen);
			bad = 1;
		}
		tw_free(aout);
		tw_free(sp);
	}
	opencc_convert_utf8_free(want);
	tw_free(got);
	return bad;
}

/* The profile with its name guard (NULL if it has none), and how many
 * guard decisions and title marks the inputs met. */
static const tw_profile *guarded;
static size_t guard_decisions, title_marks, spreads;

/* A span of tongwen's title-mark layer (〈〉 of a title written 《》 before
 * conversion), which libopencc does not have either. */
static int title_mark(const tw_span *s)
{
	return s->step == 0 && s->dict && !strcmp(s->dict, "tongwen_title_marks");
}

/* A core written by tongwen's one sense per document (a frame row fired
 * elsewhere in the text: lib/convert/spread.h), which libopencc does not
 * have either. */
static int spread(const tw_span *s)
{
	return s->step == 0 && s->dict && !strcmp(s->dict, "tongwen_spread");
}

static int own_layer(const tw_span *s)
{
	return s->guard != NULL || title_mark(s) || spread(s);
}

/* tongwen's own layers: with the name guard, output may differ from
 * libopencc's only inside source regions where the guard vetoed a term, a
 * title's 〈〉 became 《》 or a core was spread.
 * Both alignments tile the source; between the offsets where both have a
 * span boundary, the two outputs must be equal unless the region holds a
 * guarded span. */
static int compare_guard(const tw_profile *plain, const char *in, size_t len, const char *what)
{
	char *a, *b;
	size_t alen, blen, na, nb;
	tw_span *sa, *sb;
	tw_error err = {0};
	if (tw_convert_aligned(&a, &alen, &sa, &na, plain, in, len, &err))
		return fprintf(stderr, "FAIL %s: %s\n", what, err.message), 1;
	if (tw_convert_aligned(&b, &blen, &sb, &nb, guarded, in, len, &err)) {
		tw_free(a);
		tw_free(sa);
		return fprintf(stderr, "FAIL %s: %s\n", what, err.message), 1;
	}
	int bad = 0;
	size_t i = 0, j = 0;
	while (i < na && j < nb && !bad) {
		size_t i0 = i, j0 = j;
		size_t ea = sa[i].src_off + sa[i].src_len, eb = sb[j].src_off + sb[j].src_len;
		int has_guard = own_layer(&sb[j]);
		while (ea != eb) {
			if (ea < eb && ++i < na) {
				ea = sa[i].src_off + sa[i].src_len;
			} else if (eb < ea && ++j < nb) {
				eb = sb[j].src_off + sb[j].src_len;
				has_guard |= own_layer(&sb[j]);
			} else {
				break;
			}
		}
		if (ea != eb) {
			fprintf(stderr, "FAIL %s: alignments do not tile the same source\n", what);
			bad = 1;
			break;
		}
		size_t da = sa[i].dst_off + sa[i].dst_len - sa[i0].dst_off;
		size_t db = sb[j].dst_off + sb[j].dst_len - sb[j0].dst_off;
		int differ = da != db || memcmp(a + sa[i0].dst_off, b + sb[j0].dst_off, da);
		if (differ && !has_guard) {
			fprintf(stderr, "FAIL %s: with the guard the output differs outside any guard "
			                "decision, title mark or spread core at source byte %zu: \"%.*s\" vs "
			                "\"%.*s\"\n",
			        what, sa[i0].src_off, (int)da, a + sa[i0].dst_off, (int)db,
			        b + sb[j0].dst_off);
			bad = 1;
		}
		i++;
		j++;
	}
	for (size_t k = 0; k < nb; k++) {
		guard_decisions += sb[k].guard != NULL;
		title_marks += title_mark(&sb[k]);
		spreads += spread(&sb[k]);
	}
	tw_free(a);
	tw_free(b);
	tw_free(sa);
	tw_free(sb);
	return bad;
}

static void compare_dir(opencc_t oc, const tw_profile *p, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".txt"))
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		size_t len;
		char *t = slurp(path, &len);
		if (!t)
			continue;
		/* libopencc stops at NUL; the test data has none. */
		failures += compare(oc, p, t, strlen(t), path);
		if (guarded)
			failures += compare_guard(p, t, strlen(t), path);
		free(t);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: %s PROFILE DATA_DIR DICT_TEXT_DIR GEN_DIR [TEXT_DIR…]\n", argv[0]);
		return 2;
	}
	const char *name = argv[1], *data = argv[2];
	tw_profile_options po = TW_PROFILE_OPTIONS_INIT;
	po.data_dir = data;
	tw_profile *p, *pg;
	tw_error err = {0};
	/* libopencc knows nothing of tongwen's name guard: compare without it,
	 * and check the guard's differences separately. */
	po.flags = TW_PROFILE_OPENCC_ONLY;
	if (tw_profile_open(&p, name, &po, &err)) {
		fprintf(stderr, "cannot open %s: %s\n", name, err.message);
		return 1;
	}
	po.flags = 0;
	if (tw_profile_open(&pg, name, &po, &err)) {
		fprintf(stderr, "cannot open %s: %s\n", name, err.message);
		return 1;
	}
	int has_guard = strcmp(name, "hk2cn") == 0;
	guarded = has_guard ? pg : NULL;
	/* libopencc reads the same JSON file tongwen loaded. */
	opencc_t oc = opencc_open(tw_profile_path(p));
	if (oc == (opencc_t)-1) {
		fprintf(stderr, "opencc_open(%s): %s\n", tw_profile_path(p), opencc_error());
		return 1;
	}
	DIR *d = opendir(argv[3]);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (strstr(e->d_name, ".txt")) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", argv[3], e->d_name);
			add_keys(path);
		}
	}
	if (d)
		closedir(d);
	const char *gen[] = {"HKCNTerms.txt", "HKCNSegment.txt", "HKCNGuard.txt"};
	for (size_t i = 0; i < 3; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", argv[4], gen[i]);
		add_keys(path);
	}
	for (int i = 5; i < argc; i++)
		compare_dir(oc, p, argv[i]);
	failures += compare(oc, p, "", 0, "empty input");
	for (int r = 0; r < ROUNDS && failures < 5; r++) {
		size_t len;
		char *in = random_input(&len);
		char what[64];
		snprintf(what, sizeof what, "%s random input %d", name, r);
		failures += compare(oc, p, in, len, what);
		if (guarded)
			failures += compare_guard(p, in, len, what);
		free(in);
	}
	if (guarded) {
		printf("%s: %zu guard decisions, %zu title marks and %zu spread cores, every "
		       "difference from libopencc inside one\n",
		       name, guard_decisions, title_marks, spreads);
		if (!guard_decisions) {
			fprintf(stderr, "FAIL: the inputs met no guard decision: the guard test is void\n");
			failures++;
		}
	}
	printf("%s: %zu dictionary keys drawn from, %d random inputs, %d failures\n", name, n_keys,
	       ROUNDS, failures);
	opencc_close(oc);
	tw_profile_free(p);
	tw_profile_free(pg);
	for (size_t i = 0; i < n_keys; i++)
		free(keys[i]);
	free(keys);
	return failures ? 1 : 0;
}
