/* Opening compiled dictionaries (lib/convert/dict_open.c): a small file copied,
 * a big one mapped, the slots of both checked as read from the file, and a
 * damaged one refused with the slot named; the build's record that a term
 * table's keys are all segmentation keys (twd_header.within), taken at load
 * only when the segmentation is the dictionary it names, with the same
 * profile as the walk it spares. Internal: links the static library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dict.h"
#include "profile.h"
#include "tongwen.h"
#include "../lib/convert_texts.h"
#include "../lib/datadir.h"

#define TMP TW_TEST_TMP "/dict-load"

/* A dictionary of n entries KEYi -> vi, written to path. */
static void write_dict(const char *path, size_t n)
{
	size_t cap = n * 40 + 1, len = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, cap - len, "鍵%zu\t值%zu\n", i, i);
	unsigned char *img;
	size_t size;
	tw_error err = {0};
	assert_int_equal(dict_build_text(&img, &size, text, len, path, &err), TW_OK);
	dict_image_stamp(img, size, 0);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(img, 1, size, f), size);
	fclose(f);
	free(img);
	free(text);
}

static void write_at(const char *path, long at, const void *p, size_t n)
{
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, at, SEEK_SET), 0);
	assert_int_equal(fwrite(p, 1, n, f), n);
	fclose(f);
}

static void expect_refused(const char *path, const char *needle)
{
	tw_dict d;
	tw_error err = {0};
	assert_int_equal(dict_open_file(&d, path, &err), TW_EFORMAT);
	assert_null(d.image);
	if (!strstr(err.message, needle) || !strstr(err.message, path))
		fail_msg("message \"%s\" lacks \"%s\" or the path", err.message, needle);
}

/* Small (copied) and big (mapped) alike: opened, looked up, and refused
 * once a used slot points outside the pool or the file is cut short. */
static void check_size(size_t n, int mapped)
{
	char path[256];
	snprintf(path, sizeof path, TMP "/d%zu.twd", n);
	write_dict(path, n);
	tw_dict d;
	tw_error err = {0};
	assert_int_equal(dict_open_file(&d, path, &err), TW_OK);
	assert_int_equal(d.mapped, mapped ? DICT_MAPPED : DICT_COPIED);
	char key[64], val[64];
	for (size_t i = 0; i < n; i += n / 7 + 1) {
		int kl = snprintf(key, sizeof key, "鍵%zu", i), vl = snprintf(val, sizeof val, "值%zu", i);
		const twd_slot *sl = dict_find(&d, (const unsigned char *)key, (size_t)kl);
		assert_non_null(sl);
		assert_true(sl->flags & TWD_KEY);
		assert_int_equal(sl->val_len, vl);
		assert_memory_equal(d.pool + sl->val_off, val, (size_t)vl);
	}
	assert_null(dict_find(&d, (const unsigned char *)"無此鍵", strlen("無此鍵")));
	assert_null(d.key_bits);
	/* opened with its key bitmap: one bit per slot that holds a key, made
	 * as the slots were checked (four at a time, then one by one) */
	dict_close(&d);
	assert_int_equal(dict_open_file_keys(&d, path, 1, &err), TW_OK);
	assert_non_null(d.key_bits);
	size_t keys = 0;
	for (uint32_t k = 0; k < d.n_slots; k++) {
		int bit = (int)(d.key_bits[k / 64] >> (k % 64) & 1);
		assert_int_equal(bit, (d.slots[k].flags & TWD_KEY) != 0);
		keys += (size_t)bit;
	}
	for (uint32_t k = d.n_slots; k % 64; k++)
		assert_int_equal(d.key_bits[k / 64] >> (k % 64) & 1, 0);
	assert_int_equal(keys, n);
	/* the first, a middle and the last used slot, each damaged in each way
	 * the check looks for (the slots are checked four at a time and one by
	 * one after: a damaged slot is found at any place in a block) */
	uint32_t used[3] = {UINT32_MAX, UINT32_MAX, UINT32_MAX}, n_used = 0;
	for (uint32_t k = 0; k < d.n_slots; k++)
		if (d.slots[k].flags) {
			if (used[0] == UINT32_MAX)
				used[0] = k;
			if (n_used++ == (uint32_t)(n / 2))
				used[1] = k;
			used[2] = k;
		}
	assert_int_not_equal(used[1], UINT32_MAX);
	uint64_t pool_len = d.h->pool_len;
	off_t size = (off_t)d.size;
	for (int u = 0; u < 3; u++)
		for (int kind = 0; kind < 5; kind++) {
			twd_slot bad = d.slots[used[u]];
			long at = (long)d.h->off_slots + (long)used[u] * (long)sizeof bad;
			if (kind == 0)
				bad.key_off = UINT32_MAX - 2; /* past 2^31 */
			else if (kind == 1)
				bad.key_off = (uint32_t)(pool_len - bad.key_len + 1); /* one byte past */
			else if (kind == 2)
				bad.val_off = (uint32_t)(pool_len - bad.val_len + 1);
			else if (kind == 3)
				bad.val_off = UINT32_C(1) << 31;
			else
				bad.key_len = 0;
			dict_close(&d);
			write_at(path, at, &bad, sizeof bad);
			char needle[64];
			snprintf(needle, sizeof needle, "corrupt dictionary slot %u", used[u]);
			expect_refused(path, needle);
			write_dict(path, n);
			assert_int_equal(dict_open_file(&d, path, &err), TW_OK);
		}
	/* a slot that ends right at the pool's end is in bounds */
	twd_slot edge = d.slots[used[1]];
	long edge_at = (long)d.h->off_slots + (long)used[1] * (long)sizeof edge;
	dict_close(&d);
	edge.val_off = (uint32_t)(pool_len - edge.val_len);
	write_at(path, edge_at, &edge, sizeof edge);
	assert_int_equal(dict_open_file(&d, path, &err), TW_OK);
	dict_close(&d);
	/* cut short: the header's size is no longer the file's */
	write_dict(path, n);
	assert_int_equal(truncate(path, size - 1), 0);
	expect_refused(path, "corrupt dictionary header");
	/* not one at all */
	write_at(path, 0, "TWDICT0", 8);
	expect_refused(path, "not a tongwen dictionary");
	unlink(path);
}

static void test_open_small_and_big(void **state)
{
	(void)state;
	mkdir(TMP, 0755);
	check_size(300, 0);     /* under 1 MiB: copied */
	check_size(120000, 1);  /* over: mapped, its head copied */
}

static void test_keys_within(void **state)
{
	(void)state;
	mkdir(TMP, 0755);
	write_dict(TMP "/a.twd", 50);
	write_dict(TMP "/b.twd", 80);
	tw_dict a, b;
	tw_error err = {0};
	assert_int_equal(dict_open_file(&a, TMP "/a.twd", &err), TW_OK);
	assert_int_equal(dict_open_file(&b, TMP "/b.twd", &err), TW_OK);
	assert_true(dict_keys_within(&a, &b));
	assert_false(dict_keys_within(&b, &a));
	/* the id: nonzero, of the content, the same whatever `within` says */
	assert_int_not_equal(a.h->id, 0);
	assert_int_not_equal(a.h->id, b.h->id);
	assert_int_equal(a.h->within, 0);
	unsigned char *img = malloc(a.size);
	assert_non_null(img);
	FILE *f = fopen(TMP "/a.twd", "rb");
	assert_non_null(f);
	assert_int_equal(fread(img, 1, a.size, f), a.size);
	fclose(f);
	uint64_t id = a.h->id;
	assert_int_equal(dict_image_id(img, a.size), id);
	dict_image_stamp(img, a.size, b.h->id);
	twd_header h;
	memcpy(&h, img, sizeof h);
	assert_int_equal(h.id, id);
	assert_int_equal(h.within, b.h->id);
	free(img);
	dict_close(&a);
	dict_close(&b);
	unlink(TMP "/a.twd");
	unlink(TMP "/b.twd");
}

/* The shipped term tables carry the build's check, which holds. */
static void test_shipped_within(void **state)
{
	(void)state;
	tw_dict seg, terms;
	tw_error err = {0};
	assert_int_equal(dict_open_file(&seg, TW_TEST_DATA "/HKCNSegment.twd", &err), TW_OK);
	const char *tables[] = {"HKCNTerms.twd", "HKCNTermsTW.twd"};
	for (size_t i = 0; i < 2; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", TW_TEST_DATA, tables[i]);
		assert_int_equal(dict_open_file(&terms, path, &err), TW_OK);
		assert_int_not_equal(seg.h->id, 0);
		assert_int_equal(terms.h->within, seg.h->id);
		assert_true(dict_keys_within(&terms, &seg));
		dict_close(&terms);
	}
	dict_close(&seg);
}

/* The data directory with HKCNTerms.twd copied (within set to `within`)
 * and everything else linked. */
static void make_dir(const char *dir, uint64_t within)
{
	static const char *const copied[] = {"HKCNTerms.twd", NULL};
	mkdir(TMP, 0755);
	link_data_dir(TW_TEST_DATA, dir, copied, NULL);
	char to[4096];
	snprintf(to, sizeof to, "%s/HKCNTerms.twd", dir);
	write_at(to, (long)offsetof(twd_header, within), &within, sizeof within);
}

static const char *const texts[] = {
	"我坐的士返工，計程車司機話質素好差。數碼港今日開幕，數碼港元試驗展開。",
	"香港工業人工智能及機械人研發中心推出長者業主樓換樓計劃，市民可透過流動應用程式登記。",
	"政府會透過數碼港推動雲端服務，按年大幅上升的巴士班次亦會增加。",
};

/* hk2cn from dir: its first step past the segmentation, and the texts
 * converted, one line each (malloc'd). */
static char *open_and_convert(const char *dir, size_t *run_step0)
{
	tw_profile *p = open_profile_in(dir, "hk2cn");
	*run_step0 = p->run_step0;
	char *all = convert_texts(p, texts, sizeof texts / sizeof *texts);
	tw_profile_free(p);
	return all;
}

static void test_within_or_walk(void **state)
{
	(void)state;
	size_t step_shipped, step_none, step_wrong;
	char *shipped = open_and_convert(TW_TEST_DATA, &step_shipped);
	make_dir(TMP "/none", 0);
	char *none = open_and_convert(TMP "/none", &step_none);
	make_dir(TMP "/wrong", 12345);
	char *wrong = open_and_convert(TMP "/wrong", &step_wrong);
	/* the walk finds what the build recorded: the term step is inside the
	 * segmentation, and the conversion is the same */
	assert_int_equal(step_shipped, 1);
	assert_int_equal(step_none, step_shipped);
	assert_int_equal(step_wrong, step_shipped);
	assert_string_equal(none, shipped);
	assert_string_equal(wrong, shipped);
	assert_non_null(strstr(shipped, "出租车"));
	free(shipped);
	free(none);
	free(wrong);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_small_and_big),
		cmocka_unit_test(test_keys_within),
		cmocka_unit_test(test_shipped_within),
		cmocka_unit_test(test_within_or_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
