/* The compiled lexicon (lib/check/lexcache.c): used when it was made from
 * the data directory's lexicon.tsv, set aside — the text read instead,
 * with the same findings — when lexicon.tsv changed or the file is
 * truncated or fails its checks; damaged anywhere, it never crashes a
 * check. Internal: links the static library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_internal.h"
#include "tongwen.h"
#include "../lib/datadir.h"

#define DIR_ TW_TEST_TMP "/lexcache-data"

static const char *const texts[] = {
	"我坐的士返工，計程車司機話質素好差。佢哋喺度傾偈。",
	"人工智能的发展很快，出租车和的士都有。數碼港今日開幕。",
};

/* dir with the shipped data linked in, lexicon.tsv and lexicon.twc copied */
static void make_dir(void)
{
	static const char *const copied[] = {"lexicon.tsv", "lexicon.twc", NULL};
	link_data_dir(TW_TEST_DATA, DIR_, copied, NULL);
}

/* The JSON-free fingerprint of a check: every finding's place, rule and
 * suggestions, for every target. */
static char *fingerprint(const tw_lexicon *lex)
{
	size_t cap = 1 << 16, len = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
		for (int target = TW_TARGET_CN; target <= TW_TARGET_TW; target++) {
			tw_check_options o = TW_CHECK_OPTIONS_INIT;
			o.target = (tw_target)target;
			tw_findings *f = NULL;
			tw_error err;
			assert_int_equal(tw_check(&f, lex, texts[t], strlen(texts[t]), &o, &err), TW_OK);
			for (size_t i = 0; i < f->count; i++) {
				const tw_finding *x = &f->items[i];
				len += (size_t)snprintf(s + len, cap - len, "%zu %zu %s %s|", x->offset,
				                        x->length, x->rule, x->message);
				for (size_t k = 0; k < x->n_suggestions; k++)
					len += (size_t)snprintf(s + len, cap - len, "%s|", x->suggestions[k]);
				assert_true(len < cap - 1024);
			}
			tw_findings_free(f);
		}
	return s;
}

static tw_lexicon *open_dir(int want_cache)
{
	tw_lexicon *lex = NULL;
	tw_error err;
	if (tw_lexicon_open(&lex, DIR_, &err))
		fail_msg("tw_lexicon_open: %s", err.message);
	assert_int_equal(lex->cache != NULL, want_cache);
	return lex;
}

static void flip(const char *name, long at)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", DIR_, name);
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, at, at < 0 ? SEEK_END : SEEK_SET), 0);
	int c = fgetc(f);
	assert_int_not_equal(c, EOF);
	assert_int_equal(fseek(f, -1, SEEK_CUR), 0);
	fputc(c ^ 0x5A, f);
	fclose(f);
}

static void test_cache(void **state)
{
	(void)state;
	make_dir();
	tw_lexicon *lex = open_dir(1);
	/* the Mainland index is the file's, not built at check time (building
	 * it read a key out of every row: every page of the text) */
	assert_true(lex->mainland.borrowed && lex->mainland.slots);
	assert_int_equal(lex->mainland_ready, 1);
	char *want = fingerprint(lex);
	assert_true(strlen(want) > 100);
	tw_lexicon_free(lex);

	/* the text read instead: the same findings */
	char path[4096];
	snprintf(path, sizeof path, "%s/lexicon.twc", DIR_);
	unlink(path);
	lex = open_dir(0);
	char *got = fingerprint(lex);
	assert_string_equal(got, want);
	free(got);
	tw_lexicon_free(lex);

	/* damage in the header, the rows, the index, the tail: set aside */
	static const long at[] = {0, 9, 40, 600000, 1400000, 2000000, -70000, -1};
	for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
		make_dir();
		flip("lexicon.twc", at[i]);
		lex = tw_lexicon_open(&lex, DIR_, NULL) ? NULL : lex;
		assert_non_null(lex);
		/* a flipped byte of the text may leave every offset valid: then
		 * the cache is used, and only that byte's string differs */
		if (i < 3) /* the header: magic, version, lexicon.tsv's size */
			assert_null(lex->cache);
		if (!lex->cache) {
			got = fingerprint(lex);
			assert_string_equal(got, want);
			free(got);
		}
		else /* used: checks still run */
			free(fingerprint(lex));
		tw_lexicon_free(lex);
	}
	/* The index is checked where a lookup reads it, not at load: a
	 * damaged slot (a row out of range, a length past the text, no empty
	 * slot left) may lose a key, never crash a check or read outside the
	 * file. Bytes all through the slots, and a run of them, flipped. */
	uint64_t off_slots = 0, n_slots = 0, off_mslots = 0, n_mslots = 0;
	{
		make_dir();
		FILE *h = fopen(DIR_ "/lexicon.twc", "rb");
		assert_non_null(h);
		assert_int_equal(fseek(h, 80, SEEK_SET), 0); /* n_slots (lxc_header) */
		assert_int_equal(fread(&n_slots, sizeof n_slots, 1, h), 1);
		assert_int_equal(fseek(h, 136, SEEK_SET), 0); /* off_slots */
		assert_int_equal(fread(&off_slots, sizeof off_slots, 1, h), 1);
		assert_int_equal(fseek(h, 160, SEEK_SET), 0); /* n_mslots, off_mslots */
		assert_int_equal(fread(&n_mslots, sizeof n_mslots, 1, h), 1);
		assert_int_equal(fread(&off_mslots, sizeof off_mslots, 1, h), 1);
		fclose(h);
		assert_true(n_slots > 1024 && off_slots > 4096);
		assert_true(n_mslots > 1024 && off_mslots > off_slots);
	}
	/* passes 0 and 1 the forms index, 2 and 3 the Mainland index */
	for (int pass = 0; pass < 4; pass++) {
		make_dir();
		uint64_t off = pass < 2 ? off_slots : off_mslots;
		size_t bytes = (size_t)(pass < 2 ? n_slots : n_mslots) * 12; /* lex_slot: hash, row, len, flags */
		if (pass % 2 == 0)
			for (size_t k = 5; k < bytes; k += 1009)
				flip("lexicon.twc", (long)(off + k));
		else
			for (size_t k = 0; k < 4096; k++)
				flip("lexicon.twc", (long)(off + bytes / 2 + k));
		lex = open_dir(1);
		free(fingerprint(lex));
		tw_lexicon_lookup(&(tw_lexicon_entry){0}, lex, "的士", strlen("的士"));
		tw_lexicon_free(lex);
	}
	make_dir();
	assert_int_equal(truncate(DIR_ "/lexicon.twc", 4096), 0);
	lex = open_dir(0);
	tw_lexicon_free(lex);

	/* lexicon.tsv edited (one byte) or changed in size: the text */
	make_dir();
	flip("lexicon.tsv", -2);
	lex = NULL;
	tw_error err;
	if (!tw_lexicon_open(&lex, DIR_, &err)) {
		assert_null(lex->cache);
		tw_lexicon_free(lex);
	}
	make_dir();
	FILE *f = fopen(DIR_ "/lexicon.tsv", "ab");
	assert_non_null(f);
	fputs("# a comment\n", f);
	fclose(f);
	lex = open_dir(0);
	got = fingerprint(lex);
	assert_string_equal(got, want);
	free(got);
	tw_lexicon_free(lex);

	/* compiled again from that lexicon.tsv: used again */
	assert_int_equal(lex_cache_build(DIR_, &err), TW_OK);
	lex = open_dir(1);
	got = fingerprint(lex);
	assert_string_equal(got, want);
	free(got);
	tw_lexicon_free(lex);

	/* The cache now names this lexicon.tsv by its size and time, and the
	 * open above took it without reading the text (the first open of the
	 * test took it too, from a copy with another time, by the text's
	 * digest). A byte edited a moment later (same size, another time) sends
	 * the open back to the text: it fails there (the byte broke the UTF-8)
	 * or succeeds without the cache; a cache taken by size alone would
	 * succeed with it. */
	struct timespec pause = {0, 20000000};
	nanosleep(&pause, NULL);
	flip("lexicon.tsv", -2);
	lex = NULL;
	if (!tw_lexicon_open(&lex, DIR_, &err)) {
		assert_null(lex->cache);
		tw_lexicon_free(lex);
	}
	free(want);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* A lookup takes a slot that is a prefix only without comparing its bytes
 * unless it is marked LEX_ISHARED (lexindex.c): the mark must be on exactly
 * the slots whose hash and length another slot has, in the compiled index
 * as in one built from the text. */
static void test_shared_marks(void **state)
{
	(void)state;
	tw_lexicon *lex;
	tw_error err = {0};
	assert_int_equal(tw_lexicon_open(&lex, TW_TEST_DATA, &err), TW_OK);
	const lex_index *ix = &lex->forms;
	size_t n = (size_t)ix->mask + 1, used = 0, shared = 0;
	uint64_t *keys = malloc(n * sizeof *keys);
	assert_non_null(keys);
	for (size_t i = 0; i < n; i++)
		if (ix->slots[i].flags)
			keys[used++] = (uint64_t)ix->slots[i].hash << 16 | ix->slots[i].len;
	qsort(keys, used, sizeof *keys, cmp_u64);
	for (size_t i = 0; i < n; i++) {
		const lex_slot *sl = &ix->slots[i];
		if (!sl->flags)
			continue;
		uint64_t k = (uint64_t)sl->hash << 16 | sl->len;
		const uint64_t *at = bsearch(&k, keys, used, sizeof *keys, cmp_u64);
		assert_non_null(at);
		int twice = (at > keys && at[-1] == k) || (at + 1 < keys + used && at[1] == k);
		assert_int_equal(!!(sl->flags & LEX_ISHARED), twice);
		shared += twice;
	}
	print_message("%zu slots, %zu sharing a hash and length\n", used, shared);
	assert_true(used > 100000);
	free(keys);
	tw_lexicon_free(lex);

	/* The real index may hold no such pair: a small one as linear probing
	 * lays it out (8 slots), one run across the end of the table. */
	lex_slot t[8] = {0};
	t[6] = (lex_slot){0x16, 1, 6, LEX_IPREFIX}; /* home 6 */
	t[7] = (lex_slot){0x2E, 2, 6, LEX_IKEY};    /* home 6, another hash */
	t[0] = (lex_slot){0x16, 3, 6, LEX_IPREFIX}; /* home 6: shares with t[6] */
	t[3] = (lex_slot){0x0B, 4, 3, LEX_IPREFIX}; /* home 3 */
	t[4] = (lex_slot){0x0B, 5, 9, LEX_IPREFIX}; /* home 3, another length */
	t[5] = (lex_slot){0x0B, 6, 3, LEX_IKEY};    /* home 3: shares with t[3] */
	lex_index small = {t, 7, 0, 0};
	lex_index_mark_shared(&small);
	const int want[8] = {1, 0, 0, 1, 0, 1, 1, 0};
	for (int k = 0; k < 8; k++)
		assert_int_equal(!!(t[k].flags & LEX_ISHARED), want[k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_cache),
	                                   cmocka_unit_test(test_shared_marks)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
