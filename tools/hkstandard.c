/* twdict hkstandard: Hong Kong's standard character forms for the checker.
 *
 *   twdict hkstandard --table hk-changyong-zixing.tsv --variants HKVariants.txt
 *                     --out hk-standard.txt
 *
 * The 常用字字形表 (Education Bureau, dicts/standard/hk-changyong-zixing.tsv)
 * fixes Hong Kong's form of common characters; OpenCC's HKVariants maps
 * Traditional characters to the forms Hong Kong writes. A character the table
 * lacks whose HKVariants form the table holds (僞 → 偽, 衆 → 眾, 溫 → 温) is a
 * variant of a Hong Kong standard character: hk-standard.txt lists each as
 * "variant<TAB>standard", and `check --target hk` reports it
 * (script/nonstandard, info). Characters both forms of which are in the table
 * (説 and 說) are left alone: either is standard there. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "twdict.h"
#include "utf8.h"

static uint32_t one_cp(const char *s)
{
	size_t n = strlen(s), l;
	uint32_t cp = n ? utf8_decode((const unsigned char *)s, n, &l) : 0;
	return n && l == n ? cp : 0;
}

int cmd_hkstandard(int argc, char **argv)
{
	const char *table = tool_arg(argc, argv, "--table");
	const char *variants = tool_arg(argc, argv, "--variants");
	const char *out = tool_arg(argc, argv, "--out");
	if (!table || !variants || !out || argc != 7) {
		fprintf(stderr, "usage: twdict hkstandard --table hk-changyong-zixing.tsv "
		                "--variants HKVariants.txt --out hk-standard.txt\n");
		return 2;
	}
	uint8_t *in_table = calloc(0x110000 / 8, 1);
	char *ttext = NULL, *vtext = NULL;
	size_t tlen, vlen;
	tw_error err = {0};
	int rc = !in_table ? tw_fail(&err, TW_ENOMEM, 0, "out of memory")
	         : read_file(&ttext, &tlen, table, 1u << 20, &err);
	if (!rc)
		rc = read_file(&vtext, &vlen, variants, 1u << 20, &err);
	buf b = {0};
	/* The table: "U+XXXX<TAB>character" rows. */
	for (char *cur = ttext, *line; !rc && (line = text_next_line(&cur));) {
		char *tab = strchr(line, '\t');
		uint32_t cp = tab ? one_cp(tab + 1) : 0;
		if (cp)
			in_table[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	}
#define HAS(cp) ((in_table[(cp) >> 3] >> ((cp) & 7)) & 1)
	size_t n = 0;
	for (char *cur = vtext, *line; !rc && (line = text_next_line(&cur));) {
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		char *val = tab + 1;
		val[strcspn(val, " ")] = '\0';
		uint32_t k = one_cp(line), v = one_cp(val);
		if (!k || !v || k == v || HAS(k) || !HAS(v))
			continue;
		if (buf_append(&b, line, strlen(line)) || buf_append(&b, "\t", 1) ||
		    buf_append(&b, val, strlen(val)) || buf_append(&b, "\n", 1))
			rc = tw_fail(&err, TW_ENOMEM, 0, "out of memory");
		n++;
	}
#undef HAS
	if (rc)
		fprintf(stderr, "twdict hkstandard: %s\n", err.message);
	else if (write_file_atomic(out, b.data ? b.data : "", b.len))
		rc = 2;
	else
		printf("twdict hkstandard: %zu variants of Hong Kong standard characters\n", n);
	buf_release(&b);
	free(ttext);
	free(vtext);
	free(in_table);
	return rc ? 2 : 0;
}
