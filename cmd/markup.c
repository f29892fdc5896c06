/* Documents on the command line: --markup and --encoding selection and the
 * one-document paths of convert, check and annotate, all through the
 * library's document layer (tongwen/doc.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int markup_arg(const char *v)
{
	int m = tw_markup_parse(v);
	if (m < 0)
		die_msg("--markup must be auto, text, html, xml or markdown, not '%s'", v);
	return m;
}

int encoding_arg(const char *v)
{
	char *out;
	size_t n;
	tw_error err = {0};
	if (tw_decode(&out, &n, "", 0, v, &err) == TW_EINVAL) {
		die_msg("unknown encoding '%s' (see iconv -l)", v);
		return -1;
	}
	tw_free(out);
	return 0;
}

tw_markup markup_for(int requested, const char *path, const char *data, size_t len)
{
	if (requested > 0)
		return (tw_markup)requested;
	return tw_markup_detect(strcmp(path, "-") ? path : NULL, data, len);
}

tw_target profile_target(const char *profile)
{
	const char *base = strrchr(profile, '/');
	base = base ? base + 1 : profile;
	size_t n = strcspn(base, ".");
	if (n >= 3 && !memcmp(base + n - 3, "2hk", 3))
		return TW_TARGET_HK;
	if ((n >= 3 && !memcmp(base + n - 3, "2tw", 3)) || (n >= 4 && !memcmp(base + n - 4, "2twp", 4)))
		return TW_TARGET_TW;
	return TW_TARGET_CN;
}

int doc_decode(doc_input *in, const char *name, const char *encoding, int markup,
               const char *path, char *raw, size_t raw_len)
{
	memset(in, 0, sizeof *in);
	in->markup = markup_for(markup, path, raw, raw_len);
	const char *enc = encoding;
	if (!enc)
		enc = tw_encoding_sniff(in->encoding, sizeof in->encoding, raw, raw_len, in->markup);
	if (!enc)
		enc = "UTF-8";
	if (enc != in->encoding)
		snprintf(in->encoding, sizeof in->encoding, "%s", enc);
	tw_error err = {0};
	if (tw_encoding_is_utf8(enc)) {
		/* validated by the library, which names the offset */
		in->text = raw;
		in->len = raw_len;
		return 0;
	}
	if (tw_decode(&in->text, &in->len, raw, raw_len, enc, &err)) {
		die_msg("%s: %s", name, err.message);
		free(raw); /* taken, whatever the outcome */
		return -1;
	}
	free(raw);
	if (markup <= 0 && !strcmp(path, "-"))
		in->markup = markup_for(markup, path, in->text, in->len); /* sniff the decoded text */
	return 0;
}

int load_config(tw_config **cfg, const char *path)
{
	*cfg = NULL;
	char *dir = NULL, *found = NULL;
	const char *slash = strcmp(path, "-") ? strrchr(path, '/') : NULL;
	if (slash) {
		size_t n = slash == path ? 1 : (size_t)(slash - path);
		if (!(dir = malloc(n + 1))) {
			die_msg("out of memory");
			return -1;
		}
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	tw_error err = {0};
	int rc = tw_config_find(&found, dir ? dir : ".", &err);
	free(dir);
	if (!rc && found)
		rc = tw_config_load(cfg, found, &err);
	tw_free(found);
	if (rc)
		die_msg("%s", err.message);
	return rc ? -1 : 0;
}

static int write_file(void *out, const char *buf, size_t len)
{
	return fwrite(buf, 1, len, (FILE *)out) != len;
}

int convert_document(const tw_profile *p, const char *profile_name, const char *name,
                     const char *out_encoding, const tw_config *cfg, doc_input *in, FILE *out)
{
	tw_doc_options o = TW_DOC_OPTIONS_INIT;
	o.markup = in->markup;
	o.name = name;
	tw_config_apply_document(cfg, &o);
	tw_doc_convert_options co = TW_DOC_CONVERT_OPTIONS_INIT;
	co.lang = tw_target_lang(profile_target(profile_name));
	const char *out_enc = out_encoding ? out_encoding : "UTF-8";
	/* a declared encoding is rewritten only when the bytes were transcoded */
	if (tw_encoding_is_utf8(in->encoding) != tw_encoding_is_utf8(out_enc) ||
	    (!tw_encoding_is_utf8(out_enc) && strcasecmp_ascii(in->encoding, out_enc)))
		co.charset = out_enc;
	char *conv, *enc = NULL;
	size_t conv_len, enc_len;
	tw_error err = {0};
	if (tw_encoding_is_utf8(out_enc)) {
		/* written as it is converted: no second copy of the document (the
		 * library validates it before writing anything) */
		if (!tw_convert_document_to(p, in->text, in->len, &o, &co, write_file, out, &err))
			return 0;
		if (err.code == TW_ECALLBACK)
			die_msg("write error: %s", strerror(errno));
		else
			die_msg("%s: %s", name, err.message);
		return -1;
	}
	if (tw_convert_document(&conv, &conv_len, p, in->text, in->len, &o, &co, &err)) {
		die_msg("%s: %s", name, err.message);
		return -1;
	}
	if (!tw_encoding_is_utf8(out_enc) && tw_encode(&enc, &enc_len, conv, conv_len, out_enc, &err)) {
		die_msg("%s: output %s", name, err.message);
		tw_free(conv);
		return -1;
	}
	int rc = 0;
	const char *w = enc ? enc : conv;
	size_t wl = enc ? enc_len : conv_len;
	if (fwrite(w, 1, wl, out) != wl) {
		die_msg("write error: %s", strerror(errno));
		rc = -1;
	}
	tw_free(enc);
	tw_free(conv);
	return rc;
}

int strcasecmp_ascii(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		x = x >= 'A' && x <= 'Z' ? x + 32 : x;
		y = y >= 'A' && y <= 'Z' ? y + 32 : y;
		if (x != y || !x)
			return x - y;
	}
}
