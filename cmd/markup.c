/* Documents on the command line: --markup selection and the one-document
 * paths of convert, check and annotate, all through the library's document
 * layer (tongwen/doc.h). */
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

int convert_document(const tw_profile *p, const char *profile_name, const char *name,
                     tw_markup m, const char *data, size_t len, FILE *out)
{
	tw_doc_options o = TW_DOC_OPTIONS_INIT;
	o.markup = m;
	o.name = name;
	char *conv;
	size_t conv_len;
	tw_error err = {0};
	if (tw_convert_document(&conv, &conv_len, p, data, len, &o,
	                        tw_target_lang(profile_target(profile_name)), &err)) {
		die_msg("%s: %s", name, err.message);
		return -1;
	}
	int rc = 0;
	if (fwrite(conv, 1, conv_len, out) != conv_len) {
		die_msg("write error: %s", strerror(errno));
		rc = -1;
	}
	tw_free(conv);
	return rc;
}

int convert_document_file(const tw_profile *p, const char *profile_name, const char *path,
                          int markup, FILE *out)
{
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	char *data;
	size_t len;
	if (slurp(path, &data, &len))
		return -1;
	int rc = convert_document(p, profile_name, name, markup_for(markup, path, data, len), data,
	                          len, out);
	free(data);
	return rc;
}
