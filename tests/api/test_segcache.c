/* Every segmentation key's result written by the build (segcache.h): each
 * record decodes to what the chain computes for its key, a profile
 * converts the same with the file as without it, a stale file is left
 * unread, a malformed header or table refused with the file and byte
 * offset named, and a record that is not in the file or does not fit its
 * key computed instead. Internal: links the static library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "profile.h"
#include "segcache.h"
#include "segmemo.h"
#include "tongwen.h"
#include "../lib/convert_texts.h"
#include "../lib/datadir.h"

#define DIR_ TW_TEST_TMP "/segcache-data"
#define TWR "hk2cn.twr"

/* The header's fields and the first member's entry (segcache.h). */
#define AT_FINGERPRINT 8
#define AT_SIZE 24
#define AT_OFF_INDEX 36
#define AT_OFF_RECORDS 40

static char *read_all(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	char *s = malloc((size_t)len + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
	s[len] = '\0';
	fclose(f);
	*n = (size_t)len;
	return s;
}

static char *sample(void)
{
	size_t n;
	return read_all(TW_TEST_SAMPLE, &n);
}

static const char *const texts[] = {
	"我坐的士返工，計程車司機話質素好差。數碼港今日開幕，數碼港元試驗展開。",
	"香港工業人工智能及機械人研發中心推出長者業主樓換樓計劃，市民可透過流動應用程式登記。",
	NULL, /* the bundled sample */
};

/* texts through p, one line each (malloc'd). */
static char *convert_all(const tw_profile *p)
{
	char *s = sample();
	const char *t[] = {texts[0], texts[1], s};
	char *out = convert_texts(p, t, 3);
	free(s);
	return out;
}

/* dir with the shipped data linked in, the results file copied */
static void make_dir(void)
{
	static const char *const copied[] = {TWR, NULL};
	link_data_dir(TW_TEST_DATA, DIR_, copied, NULL);
}

static void write_at(long at, const void *p, size_t n)
{
	write_file_at(DIR_ "/" TWR, at, p, n);
}

static uint32_t read_u32(long at)
{
	uint32_t v;
	FILE *f = fopen(DIR_ "/" TWR, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, at, SEEK_SET), 0);
	assert_int_equal(fread(&v, sizeof v, 1, f), 1);
	fclose(f);
	return v;
}

/* The place of key k's record in the records (segcache.h's index). */
static void place(long index, uint32_t k, uint32_t *at, uint32_t *len)
{
	long block = index + (long)(k / SEGC_BLOCK) * (4 + SEGC_BLOCK);
	unsigned char lens[SEGC_BLOCK];
	FILE *f = fopen(DIR_ "/" TWR, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, block + 4, SEEK_SET), 0);
	assert_int_equal(fread(lens, 1, sizeof lens, f), sizeof lens);
	fclose(f);
	*at = read_u32(block);
	for (uint32_t j = 0; j < k % SEGC_BLOCK; j++)
		*at += lens[j];
	*len = lens[k % SEGC_BLOCK];
}

static int open_in_dir(tw_profile **p, unsigned flags, tw_error *err)
{
	tw_profile_options o = TW_PROFILE_OPTIONS_INIT;
	o.data_dir = DIR_;
	o.flags = flags;
	return tw_profile_open(p, "hk2cn", &o, err);
}

/* Every key of the segmentation: its record says what the chain says. */
static void test_records(void **state)
{
	(void)state;
	tw_profile *p = open_profile_in(TW_TEST_DATA, "hk2cn");
	assert_non_null(p->segcache);
	assert_int_equal(p->seg.n, 1);
	const tw_dict *d = &p->seg.dicts[0]->dict;
	size_t k = 0, guarded = 0, slow = 0, changed = 0;
	for (uint32_t s = 0; s < d->n_slots; s++) {
		const twd_slot *sl = &d->slots[s];
		if (!(sl->flags & TWD_KEY))
			continue;
		const char *key = d->pool + sl->key_off;
		seg_out *want = segmemo_compute(p, key, sl->key_len);
		seg_out *got = segcache_result(p->segcache, 0, k, sl->key_len);
		assert_non_null(want);
		assert_non_null(got);
		assert_int_equal(got->len, want->len);
		assert_memory_equal(got->out, want->out, want->len + SEG_OUT_PAD);
		assert_int_equal(got->slow, want->slow);
		assert_int_equal(got->n_guarded, want->n_guarded);
		for (size_t i = 0; i < want->n_guarded; i++) {
			assert_int_equal(got->guarded[i].off, want->guarded[i].off);
			assert_int_equal(got->guarded[i].len, want->guarded[i].len);
			assert_int_equal(got->guarded[i].rule, want->guarded[i].rule);
		}
		guarded += want->n_guarded > 0;
		slow += want->slow;
		changed += want->len != sl->key_len || memcmp(want->out, key, want->len) != 0;
		free(want);
		free(got);
		k++;
	}
	assert_int_equal(k, p->segcache->members[0].n_keys);
	/* the records cover every kind of result */
	assert_true(guarded > 1000);
	assert_true(changed > 10000);
	assert_int_equal(slow, 0); /* none has more than SEG_MAX_GUARDED: see test_damaged */
	assert_null(segcache_result(p->segcache, 0, k, 3)); /* past the keys */
	assert_null(segcache_result(p->segcache, 1, 0, 3)); /* past the members */
	tw_profile_free(p);
}

/* The same conversion with the file and without it. */
static void test_same_conversion(void **state)
{
	(void)state;
	tw_profile *with = open_profile_in(TW_TEST_DATA, "hk2cn");
	tw_profile *without = open_profile_in(TW_TEST_DATA, "hk2cn");
	assert_non_null(with->segcache);
	segcache_free(without->segcache);
	without->segcache = NULL;
	char *a = convert_all(with), *b = convert_all(without);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "数字港元"));
	assert_non_null(strstr(a, "出租车"));
	assert_non_null(strstr(a, "数码港今日"));
	free(a);
	free(b);
	tw_profile_free(with);
	tw_profile_free(without);
}

static void test_damaged(void **state)
{
	(void)state;
	tw_profile *ref = open_profile_in(TW_TEST_DATA, "hk2cn");
	char *want = convert_all(ref);
	tw_profile_free(ref);
	tw_profile *p;
	tw_error err;

	/* Stale (results of other data): left unread, the same conversion. */
	make_dir();
	uint64_t other = 12345;
	write_at(AT_FINGERPRINT, &other, sizeof other);
	assert_int_equal(open_in_dir(&p, 0, &err), TW_OK);
	assert_null(p->segcache);
	char *got = convert_all(p);
	assert_string_equal(got, want);
	free(got);
	tw_profile_free(p);

	/* Another version of the format: as stale. */
	make_dir();
	write_at(0, "TWSEGC1", 8);
	assert_int_equal(open_in_dir(&p, 0, &err), TW_OK);
	assert_null(p->segcache);
	tw_profile_free(p);

	/* Opened without tongwen's keys (no guard): the file is not its. */
	make_dir();
	assert_int_equal(open_in_dir(&p, TW_PROFILE_OPENCC_ONLY, &err), TW_OK);
	assert_null(p->segcache);
	tw_profile_free(p);

	/* Malformed: refused, the file and the byte offset named. */
	static const struct {
		long at;
		const char *where;
	} cases[] = {
	    {0, "byte offset 0:"},        /* not the magic */
	    {AT_SIZE, "byte offset 24:"}, /* another size */
	    {-1, NULL},                   /* an index that does not end at the records' end */
	};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		make_dir();
		char where[64];
		if (cases[c].at == 0) {
			write_at(0, "TWDICT7", 8);
			snprintf(where, sizeof where, "%s", cases[c].where);
		} else if (cases[c].at == AT_SIZE) {
			uint64_t size = 1;
			write_at(AT_SIZE, &size, sizeof size);
			snprintf(where, sizeof where, "%s", cases[c].where);
		} else {
			uint32_t blocks = (read_u32(32) + SEGC_BLOCK - 1) / SEGC_BLOCK;
			long last = (long)read_u32(AT_OFF_INDEX) + (long)(blocks - 1) * (4 + SEGC_BLOCK);
			uint32_t v = read_u32(last) - 1;
			write_at(last, &v, sizeof v);
			snprintf(where, sizeof where, "byte offset %ld:", last);
		}
		p = NULL;
		assert_int_equal(open_in_dir(&p, 0, &err), TW_EFORMAT);
		assert_null(p);
		assert_non_null(strstr(err.message, DIR_ "/" TWR));
		if (!strstr(err.message, where))
			fail_msg("case %zu: \"%s\" does not say %s", c, err.message, where);
	}

	/* Records that do not fit their keys, or say to convert in full, or
	 * are not in the file. */
	make_dir();
	long index = (long)read_u32(AT_OFF_INDEX), records = (long)read_u32(AT_OFF_RECORDS);
	uint32_t n_keys = read_u32(32);
	for (uint32_t k = 0; k < n_keys; k += 7) {
		uint32_t at, len;
		place(index, k, &at, &len);
		/* four guarded matches that would run past the record, or more
		 * than a result holds: computed; or SEGC_SLOW, a key always
		 * converted in full, as the chain would */
		unsigned char head = k % 2 ? SEGC_SLOW : len < 1 + 4 * 5 ? 4 : 0x7f;
		write_at(records + (long)at, &head, 1);
	}
	/* the last key of a block (no record after it in the block), its
	 * length 0: computed when met */
	for (uint32_t k = SEGC_BLOCK - 1; k + SEGC_BLOCK < n_keys; k += 61 * SEGC_BLOCK) {
		unsigned char zero = 0;
		write_at(index + (long)(k / SEGC_BLOCK) * (4 + SEGC_BLOCK) + 4 + SEGC_BLOCK - 1, &zero, 1);
	}
	assert_int_equal(open_in_dir(&p, 0, &err), TW_OK);
	assert_non_null(p->segcache);
	got = convert_all(p);
	assert_string_equal(got, want);
	free(got);
	tw_profile_free(p);
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_same_conversion),
		cmocka_unit_test(test_damaged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
