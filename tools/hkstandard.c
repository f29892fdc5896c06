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
	uint8_t *in_table = calloc(0x110000, 1);
	uint32_t *hkv = calloc(0x110000, sizeof *hkv);
	char *ttext = NULL;
	size_t tlen;
	tw_error err = {0};
	int rc = 0;
	if (!in_table || !hkv) {
		fprintf(stderr, "twdict hkstandard: out of memory\n");
		rc = 2;
	} else if (read_file(&ttext, &tlen, table, 1u << 20, &err)) {
		fprintf(stderr, "twdict hkstandard: %s\n", err.message);
		rc = 2;
	} else if (load_char_map(hkv, NULL, variants)) {
		rc = 2;
	}
	/* The table: "U+XXXX<TAB>character" rows. */
	for (char *cur = ttext, *line; !rc && (line = text_next_line(&cur));) {
		char *tab = strchr(line, '\t');
		uint32_t cp = tab ? one_char(tab + 1) : 0;
		in_table[cp] = cp != 0;
	}
	buf b = {0};
	size_t n = 0;
	for (uint32_t k = 0; !rc && k < 0x110000; k++) {
		uint32_t v = hkv[k];
		if (!v || v == k || in_table[k] || !in_table[v])
			continue;
		char kv[10];
		size_t kl = utf8_encode(k, kv);
		kv[kl++] = '\t';
		kl += utf8_encode(v, kv + kl);
		kv[kl++] = '\n';
		if (buf_append(&b, kv, kl)) {
			fprintf(stderr, "twdict hkstandard: out of memory\n");
			rc = 2;
		}
		n++;
	}
	if (!rc && write_file_atomic(out, b.data ? b.data : "", b.len))
		rc = 2;
	if (!rc)
		printf("twdict hkstandard: %zu variants of Hong Kong standard characters\n", n);
	buf_release(&b);
	free(ttext);
	free(hkv);
	free(in_table);
	return rc ? 2 : 0;
}
