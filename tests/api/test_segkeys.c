/* The segmentation's key tables in a dictionary's image (segkeys.h): the
 * build writes them into every compiled dictionary that has keys of two or
 * more characters, a profile's load takes them from there, and takes the
 * same tables it would build itself; a damaged section is built again at
 * load (conversion unchanged) or, where its checks cannot tell, changes at
 * most a match, never where memory is read. Internal: links the static
 * library. */
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
#include "segkeys.h"
#include "tongwen.h"
#include "../lib/convert_texts.h"
#include "../lib/datadir.h"

#define DIR_ TW_TEST_TMP "/segkeys-data"
#define SEG "HKCNSegment.twd"

static const char *const texts[] = {
	"我坐的士返工，計程車司機話質素好差。數碼港今日開幕，數碼港元試驗展開。",
	"香港工業人工智能及機械人研發中心推出長者業主樓換樓計劃，市民可透過流動應用程式登記。",
};

/* dir with the shipped data linked in, the segmentation dictionary copied */
static void make_dir(void)
{
	static const char *const copied[] = {SEG, NULL};
	link_data_dir(TW_TEST_DATA, DIR_, copied, NULL);
}

static twd_header read_header(void)
{
	twd_header h;
	FILE *f = fopen(DIR_ "/" SEG, "rb");
	assert_non_null(f);
	assert_int_equal(fread(&h, sizeof h, 1, f), 1);
	fclose(f);
	return h;
}

static void write_at(long at, const void *p, size_t n)
{
	write_file_at(DIR_ "/" SEG, at, p, n);
}

static void flip(long at)
{
	FILE *f = fopen(DIR_ "/" SEG, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, at, SEEK_SET), 0);
	int c = fgetc(f);
	assert_int_not_equal(c, EOF);
	assert_int_equal(fseek(f, at, SEEK_SET), 0);
	fputc(c ^ 0x5A, f);
	fclose(f);
}

/* Opens hk2cn from DIR_; *from_image: whether the segmentation's tables came
 * from the image. Returns the conversion of the texts, malloc'd. */
static char *convert_all(int *from_image)
{
	tw_profile *p = open_profile_in(DIR_, "hk2cn");
	assert_true(p->seg.n >= 1);
	*from_image = p->seg_keys[0].from_image;
	char *all = convert_texts(p, texts, sizeof texts / sizeof *texts);
	tw_profile_free(p);
	return all;
}

static void test_section(void **state)
{
	(void)state;
	make_dir();
	twd_header h = read_header();
	assert_true(h.segkeys_len > sizeof(segkeys_section_head));
	int from_image;
	char *want = convert_all(&from_image);
	assert_true(from_image);
	assert_non_null(strstr(want, "数字港元"));
	assert_non_null(strstr(want, "出租车"));

	/* Checks that fail: built at load instead, the same conversion. */
	segkeys_section_head sh;
	{
		FILE *f = fopen(DIR_ "/" SEG, "rb");
		assert_non_null(f);
		assert_int_equal(fseek(f, (long)h.off_segkeys, SEEK_SET), 0);
		assert_int_equal(fread(&sh, sizeof sh, 1, f), 1);
		fclose(f);
	}
	long table = (long)h.off_segkeys + (long)sizeof sh;
	long keys = table + (long)(((size_t)sh.mask + 1) * sizeof(segkeys_pair));
	for (int k = 0; k < 4; k++) {
		make_dir();
		if (k == 0) { /* another dictionary's key count */
			uint32_t n = sh.n_keys + 1;
			write_at(h.off_segkeys, &n, sizeof n);
		} else if (k == 1) { /* a key numbered past the keys */
			uint32_t big = UINT32_MAX - 1;
			write_at(keys + (long)offsetof(segkeys_key, index), &big, sizeof big);
		} else if (k == 2) { /* a stretch past the keys: the first entry in use */
			FILE *f = fopen(DIR_ "/" SEG, "rb");
			segkeys_pair e;
			long at = table;
			do {
				assert_int_equal(fseek(f, at, SEEK_SET), 0);
				assert_int_equal(fread(&e, sizeof e, 1, f), 1);
				at += (long)sizeof e;
			} while (!e.pair);
			fclose(f);
			e.first = sh.n_long;
			write_at(at - (long)sizeof e, &e, sizeof e);
		} else { /* the section runs past the file */
			twd_header g = h;
			g.segkeys_len += 8;
			write_at(0, &g, sizeof g);
		}
		tw_profile *p = NULL;
		tw_profile_options o = TW_PROFILE_OPTIONS_INIT;
		o.data_dir = DIR_;
		tw_error err;
		if (k == 3) { /* the image's own checks refuse the dictionary */
			assert_int_equal(tw_profile_open(&p, "hk2cn", &o, &err), TW_EFORMAT);
			assert_non_null(strstr(err.message, SEG));
			continue;
		}
		char *got = convert_all(&from_image);
		assert_false(from_image);
		assert_string_equal(got, want);
		free(got);
	}

	/* Bytes flipped all through the section: whatever the checks let
	 * through converts without reading outside the image. */
	for (int pass = 0; pass < 2; pass++) {
		make_dir();
		size_t step = pass ? 4099 : 997;
		for (size_t at = pass; at < h.segkeys_len; at += step)
			flip((long)(h.off_segkeys + at));
		free(convert_all(&from_image));
	}
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_section),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
