/* twdict standard: the Mainland character standard for hk2cn and the checker.
 *
 *   twdict standard --table tongyong-guifan-2013.tsv --unihan Unihan_Variants.txt
 *                   --unicode-data UnicodeData.txt --radicals EquivalentUnifiedIdeograph.txt
 *                   --ts TSCharacters.txt --hk-variants HKVariantsRev.txt
 *                   --out HKCNStandard.txt --chars mainland-standard.txt
 *                   --keep-out HKCNNoStandard.txt --keep-variants-out HKCNKeepVariant.txt
 *
 * HKCNStandard.txt is the last step of hk2cn: every Han character outside
 * the 通用规范汉字表 that the chain can write, or that copy brings in, and
 * that has a standard form, is written in it:
 *   - Kangxi radicals, CJK radicals and compatibility ideographs (common in
 *     text pasted from PDFs): their unified ideograph, then converted (⾞ →
 *     车);
 *   - variants (歴, 寳, 栢, 呌, 飚): the standard character reached through
 *     Unihan's variant links (z-variant, simplified, traditional, semantic;
 *     at most two links), converted by OpenCC's HK-variant and
 *     Traditional→Simplified character tables, when exactly one standard
 *     character is reached at the nearest distance;
 *     A character of a Cantonese word that passes the chain unchanged (噉,
 *     whose classical semantic variant 啖 means something else) is left
 *     alone: the checker flags it;
 *   - a source character with no standard form that OpenCC's table would
 *     write in a rare form (嗰 → 𠮶, 搵 → 揾) stays as written: KEEP.txt
 *     (--keep-out) lists it as its own value, and hk2cn puts that
 *     dictionary between TSPhrases and TSCharacters, so the table never
 *     rewrites it (an HK-variant form with no standard form goes back to
 *     its source in the last step instead). When the HK-variant table maps
 *     the rare form back to the source (揾 → 搵), KEEPVAR.txt
 *     (--keep-variants-out) lists the rare form as its own value, ahead of
 *     that table, so a 揾 of the input also stays as written.
 * HKCNNormalize.txt (--normalize) maps radicals and compatibility ideographs
 * to their unified ideograph where both take the same number of UTF-8 bytes:
 * hk2cn applies it before conversion so that terms match (流動應⽤程式); the
 * equal length keeps every offset of the input valid.
 * mainland-standard.txt lists the table's characters, one per line, for the
 * checker's script/nonstandard rule. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "twdict.h"
#include "utf8.h"

#define NCP 0x110000u
#define MAXV 8

typedef struct vlist {
	uint32_t v[MAXV];
	uint8_t n;
} vlist;

/* Variant links by kind, in the order they are trusted: Unihan's z-variants
 * (one character, two glyphs), OpenCC's Japanese forms (歴 → 歷), Unihan's
 * simplified and traditional links. Semantic variants are not followed:
 * too often they lead to another word (噉 → 啖, 妳 → 奶, 喒 → 昝); the
 * reviewed list dicts/standard/variants.tsv gives those that are right. */
enum { K_Z, K_JP, K_SIMP, K_TRAD, NKINDS };

typedef struct std_data {
	uint8_t *in_table;  /* NCP flags */
	uint32_t *ts, *hkv; /* single-character maps, 0 = none */
	uint32_t *norm;     /* radical/compatibility → unified, 0 = none */
	vlist *links[NKINDS];
	uint32_t *rev;      /* TS value → its only source, or UINT32_MAX if several */
	uint32_t *rev_hkv;  /* the same for the HK-variant step (抬 → 擡) */
	uint8_t *spoken;    /* characters of Cantonese words (--keep-chars) */
	uint32_t *reviewed; /* dicts/standard/variants.tsv: x → its standard form */
} std_data;

static uint32_t hex_cp(const char *s)
{
	if (s[0] == 'U' && s[1] == '+')
		s += 2;
	unsigned long v = strtoul(s, NULL, 16);
	return v < NCP ? (uint32_t)v : 0;
}

/* One UTF-8 character at s, 0 if s is not exactly one character long
 * (up to a tab, space or end). */
uint32_t one_char(const char *s)
{
	size_t n = strcspn(s, "\t \n");
	if (!n)
		return 0;
	size_t l;
	uint32_t cp = utf8_decode((const unsigned char *)s, n, &l);
	return l == n ? cp : 0;
}

static char *slurp_or_die(const char *path, size_t *len)
{
	char *text;
	tw_error err = {0};
	if (read_file(&text, len, path, 256u << 20, &err)) {
		fprintf(stderr, "twdict standard: %s\n", err.message);
		return NULL;
	}
	return text;
}

int load_char_map(uint32_t *map, uint32_t *rev, const char *path)
{
	size_t len;
	char *text = slurp_or_die(path, &len);
	if (!text)
		return -1;
	for (char *cur = text, *line; (line = text_next_line(&cur));) {
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		uint32_t k = one_char(line), v = one_char(tab + 1);
		if (!k || !v || map[k])
			continue;
		map[k] = v;
		if (rev && v != k)
			rev[v] = rev[v] ? UINT32_MAX : k;
	}
	free(text);
	return 0;
}

static void add_link(vlist *l, uint32_t to)
{
	for (uint8_t i = 0; i < l->n; i++)
		if (l->v[i] == to)
			return;
	if (l->n < MAXV)
		l->v[l->n++] = to;
}

static int load_unihan(std_data *d, const char *path)
{
	size_t len;
	char *text = slurp_or_die(path, &len);
	if (!text)
		return -1;
	static const char *const names[NKINDS] = {"kZVariant", "", "kSimplifiedVariant",
	                                          "kTraditionalVariant"};
	for (char *cur = text, *line; (line = text_next_line(&cur));) {
		if (line[0] != 'U')
			continue;
		char *f1 = strchr(line, '\t'), *f2 = f1 ? strchr(f1 + 1, '\t') : NULL;
		if (!f2)
			continue;
		*f1 = *f2 = '\0';
		int kind = -1;
		for (int k = 0; k < NKINDS; k++)
			if (*names[k] && !strcmp(f1 + 1, names[k]))
				kind = k;
		uint32_t from = hex_cp(line);
		if (kind < 0 || !from)
			continue;
		for (char *t = f2 + 1; (t = strstr(t, "U+"));) {
			uint32_t to = hex_cp(t);
			if (to && to != from)
				add_link(&d->links[kind][from], to);
			t += 2;
		}
	}
	free(text);
	return 0;
}

/* UnicodeData.txt: the decomposition of Kangxi radicals (<compat> X) and
 * compatibility ideographs (X); EquivalentUnifiedIdeograph.txt: radicals. */
static int load_norm(std_data *d, const char *ucd, const char *radicals)
{
	size_t len;
	char *text = slurp_or_die(ucd, &len);
	if (!text)
		return -1;
	for (char *cur = text, *line; (line = text_next_line(&cur));) {
		uint32_t cp = hex_cp(line);
		if (!((cp >= 0x2F00 && cp <= 0x2FDF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
		      (cp >= 0x2F800 && cp <= 0x2FA1F)))
			continue;
		char *f = line;
		for (int i = 0; i < 5 && f; i++) {
			f = strchr(f, ';');
			if (f)
				f++;
		}
		if (!f)
			continue;
		if (!strncmp(f, "<compat> ", 9))
			f += 9;
		size_t field = strcspn(f, ";");
		if (!field || *f == '<' || memchr(f, ' ', field))
			continue; /* no single-character decomposition */
		uint32_t to = hex_cp(f);
		if (to)
			d->norm[cp] = to;
	}
	free(text);
	if (!(text = slurp_or_die(radicals, &len)))
		return -1;
	for (char *cur = text, *line; (line = text_next_line(&cur));) {
		if (line[0] == '#' || !*line)
			continue;
		char *semi = strchr(line, ';');
		uint32_t cp = hex_cp(line), to = semi ? hex_cp(semi + 1) : 0;
		if (cp && to && !d->norm[cp])
			d->norm[cp] = to;
	}
	free(text);
	return 0;
}

/* What the chain makes of one character: HK variants, then TS. */
static uint32_t conv(const std_data *d, uint32_t c)
{
	if (d->hkv[c])
		c = d->hkv[c];
	return d->ts[c] ? d->ts[c] : c;
}

/* The standard form of x, or 0. */
/* Appends cp in UTF-8. */
static int put_cp(buf *b, uint32_t cp)
{
	char s[4];
	return buf_append(b, s, utf8_encode(cp, s));
}

static uint32_t standard_of(const std_data *d, uint32_t x)
{
	if (d->reviewed[x])
		return d->reviewed[x];
	if (d->norm[x]) {
		uint32_t u = d->norm[x], c = conv(d, u);
		return d->in_table[c] ? c : u;
	}
	/* Breadth first over variant links, trusted kinds first at each
	 * distance; the first distance and kind that reaches the table decides,
	 * and only when it reaches exactly one character. */
	uint32_t frontier[64], nf = 1;
	frontier[0] = x;
	for (int dist = 1; dist <= 2; dist++) {
		uint32_t next[64], nn = 0;
		for (int k = 0; k < NKINDS; k++) {
			uint32_t found = 0;
			int many = 0;
			for (uint32_t i = 0; i < nf; i++) {
				const vlist *l = &d->links[k][frontier[i]];
				for (uint8_t j = 0; j < l->n; j++) {
					uint32_t c = conv(d, l->v[j]);
					if (d->in_table[c]) {
						if (found && found != c)
							many = 1;
						found = c;
					}
				}
			}
			if (found)
				return many ? 0 : found;
		}
		for (uint32_t i = 0; i < nf; i++)
			for (int k = 0; k < NKINDS; k++) {
				const vlist *l = &d->links[k][frontier[i]];
				for (uint8_t j = 0; j < l->n && nn < 64; j++)
					next[nn++] = l->v[j];
			}
		memcpy(frontier, next, nn * sizeof *next);
		nf = nn;
	}
	return 0;
}

int cmd_standard(int argc, char **argv)
{
	const char *table = tool_arg(argc, argv, "--table"), *unihan = tool_arg(argc, argv, "--unihan");
	const char *ucd = tool_arg(argc, argv, "--unicode-data"), *rad = tool_arg(argc, argv, "--radicals");
	const char *ts = tool_arg(argc, argv, "--ts"), *hkv = tool_arg(argc, argv, "--hk-variants");
	const char *out = tool_arg(argc, argv, "--out"), *chars = tool_arg(argc, argv, "--chars");
	const char *jpv = tool_arg(argc, argv, "--jp-variants"), *reviewed = tool_arg(argc, argv, "--reviewed");
	const char *normalize = tool_arg(argc, argv, "--normalize");
	const char *keep = tool_arg(argc, argv, "--keep-out");
	const char *keep_var = tool_arg(argc, argv, "--keep-variants-out");
	if (!table || !unihan || !ucd || !rad || !ts || !hkv || !out || !chars || !jpv || !reviewed ||
	    !keep || !keep_var) {
		fprintf(stderr, "usage: twdict standard --table T.tsv --unihan Unihan_Variants.txt "
		                "--unicode-data UnicodeData.txt --radicals EquivalentUnifiedIdeograph.txt "
		                "--ts TSCharacters.txt --hk-variants HKVariantsRev.txt --out OUT.txt "
		                "--chars CHARS.txt --jp-variants JPVariantsRev.txt "
		                "--reviewed variants.tsv --keep-out KEEP.txt --keep-variants-out KEEPVAR.txt "
		                "[--normalize NORM.txt] "
		                "[--keep-chars CANTONESE.tsv]…\n");
		return 2;
	}
	std_data d = {0};
	d.in_table = calloc(NCP, 1);
	d.ts = calloc(NCP, sizeof *d.ts);
	d.hkv = calloc(NCP, sizeof *d.hkv);
	d.norm = calloc(NCP, sizeof *d.norm);
	d.rev = calloc(NCP, sizeof *d.rev);
	d.rev_hkv = calloc(NCP, sizeof *d.rev_hkv);
	d.spoken = calloc(NCP, 1);
	d.reviewed = calloc(NCP, sizeof *d.reviewed);
	uint32_t *jp = calloc(NCP, sizeof *jp);
	int rc = !d.in_table || !d.ts || !d.hkv || !d.norm || !d.rev || !d.rev_hkv || !d.spoken ||
	         !d.reviewed ||
	         !jp;
	for (int i = 1; i + 1 < argc && !rc; i++) {
		if (strcmp(argv[i], "--keep-chars"))
			continue;
		size_t kl;
		char *kt = slurp_or_die(argv[++i], &kl);
		if (!kt) {
			rc = 1;
			break;
		}
		/* The first column of each row; '#' lines are comments. */
		for (char *cur = kt, *line; (line = text_next_line(&cur));) {
			if (line[0] == '#')
				continue;
			size_t n = strcspn(line, "\t");
			for (size_t at = 0, l; at < n; at += l) {
				uint32_t cp = utf8_decode((const unsigned char *)line + at, n - at, &l);
				if (cp < NCP)
					d.spoken[cp] = 1;
			}
		}
		free(kt);
	}
	for (int k = 0; k < NKINDS && !rc; k++)
		rc = !(d.links[k] = calloc(NCP, sizeof(vlist)));
	buf tb = {0}, ob = {0}, nb = {0}, kb = {0}, vb = {0};
	size_t len, n_table = 0, n_std = 0, n_back = 0;
	char *text = rc ? NULL : slurp_or_die(table, &len);
	rc = rc || !text;
	for (char *cur = text, *line; !rc && (line = text_next_line(&cur));) {
		char *tab = strchr(line, '\t');
		uint32_t cp = tab ? one_char(tab + 1) : 0;
		if (!cp) {
			fprintf(stderr, "twdict standard: %s: bad row: %s\n", table, line);
			rc = 1;
			break;
		}
		d.in_table[cp] = 1;
		n_table++;
		rc = put_cp(&tb, cp) || buf_append(&tb, "\n", 1);
	}
	free(text);
	rc = rc || load_char_map(d.ts, d.rev, ts) || load_char_map(d.hkv, d.rev_hkv, hkv) ||
	     load_unihan(&d, unihan) || load_norm(&d, ucd, rad) || load_char_map(jp, NULL, jpv) ||
	     load_char_map(d.reviewed, NULL, reviewed);
	for (uint32_t c = 0; c < NCP && !rc; c++)
		if (jp[c] && jp[c] != c)
			add_link(&d.links[K_JP][c], jp[c]);
	for (uint32_t c = 0; c < NCP && !rc; c++)
		if (d.reviewed[c] && !d.in_table[d.reviewed[c]]) {
			fprintf(stderr, "twdict standard: %s: the form given for U+%04X is not in the "
			                "standard table\n", reviewed, c);
			rc = 1;
		}
	free(jp);
	for (uint32_t x = 0; x < NCP && !rc; x++) {
		if (!utf8_is_han_or_radical(x) || d.in_table[x])
			continue;
		/* A character OpenCC writes for a source character: the standard
		 * form of the source character, else the source character itself
		 * (the written character's own variant links say nothing of what
		 * the source meant). */
		uint32_t src = d.rev[x] && d.rev[x] != UINT32_MAX ? d.rev[x] : 0;
		if (!src && d.rev_hkv[x] && d.rev_hkv[x] != UINT32_MAX && d.in_table[d.rev_hkv[x]])
			src = d.rev_hkv[x]; /* 抬, which the HK-variant step writes 擡 */
		/* Characters copy brings in that no table of the chain writes: only
		 * the common block's (歴, 寳); rare Extension forms stay as they are
		 * (the checker flags them) rather than be guessed at, unless the
		 * reviewed list names their form (䆁 for 釋). */
		if (!src && !d.norm[x] &&
		    (d.spoken[x] || ((x < 0x4E00 || x > 0x9FFF) && !d.reviewed[x])))
			continue;
		/* A source character of the standard list itself (抬, which the
		 * HK-variant step writes 擡 and the TS step leaves) is the form. */
		uint32_t y = src && d.in_table[src] ? src : standard_of(&d, src ? src : x);
		/* Back to the source as written (嗰, not 𠮶; 搵, not 揾; 䱽, not
		 * 䲝; 𨋢, not 䢂: a supplementary-plane source stays too, since its
		 * table form is no more standard and the source wrote the other). */
		if (!y && src && d.rev[x] == src) {
			/* OpenCC's Traditional→Simplified table writes x for src: an
			 * identity entry ahead of that table keeps src as written, and
			 * x in the input (rare) stays x. */
			rc = put_cp(&kb, src) || buf_append(&kb, "\t", 1) || put_cp(&kb, src) ||
			     buf_append(&kb, "\n", 1);
			/* When the HK-variant step also writes src for x (揾 → 搵),
			 * an identity entry ahead of that table keeps an x of the
			 * input as written too, instead of trading one non-standard
			 * character for another. */
			if (!rc && d.hkv[x] == src)
				rc = put_cp(&vb, x) || buf_append(&vb, "\t", 1) || put_cp(&vb, x) ||
				     buf_append(&vb, "\n", 1);
			n_back++;
			continue;
		}
		if (!y && src) {
			y = src;
			n_back++;
		} else if (y) {
			n_std++;
		}
		if (y && y != x)
			rc = put_cp(&ob, x) || buf_append(&ob, "\t", 1) || put_cp(&ob, y) ||
			     buf_append(&ob, "\n", 1);
	}
	for (uint32_t x = 0; x < NCP && !rc && normalize; x++) {
		uint32_t u = d.norm[x];
		if (u && (x < 0x10000) == (u < 0x10000))
			rc = put_cp(&nb, x) || buf_append(&nb, "\t", 1) || put_cp(&nb, u) ||
			     buf_append(&nb, "\n", 1);
	}
	if (!rc && normalize && write_file_atomic(normalize, nb.data ? nb.data : "", nb.len))
		rc = 1;
	if (!rc && write_file_atomic(keep, kb.data ? kb.data : "", kb.len))
		rc = 1;
	if (!rc && write_file_atomic(keep_var, vb.data ? vb.data : "", vb.len))
		rc = 1;
	if (!rc && (write_file_atomic(out, ob.data ? ob.data : "", ob.len) ||
	            write_file_atomic(chars, tb.data, tb.len)))
		rc = 1;
	if (!rc)
		printf("twdict standard: %zu standard characters; %zu others get a standard form, "
		       "%zu go back to the source character\n",
		       n_table, n_std, n_back);
	buf_release(&tb);
	buf_release(&ob);
	buf_release(&nb);
	buf_release(&kb);
	buf_release(&vb);
	free(d.in_table);
	free(d.ts);
	free(d.hkv);
	free(d.norm);
	free(d.rev);
	free(d.rev_hkv);
	free(d.spoken);
	free(d.reviewed);
	for (int k = 0; k < NKINDS; k++)
		free(d.links[k]);
	return rc ? 2 : 0;
}
