/* libFuzzer target: the .tongwen.ini reader. Any bytes either load or fail
 * with a message naming a line of the file; a loaded configuration applies
 * to check options (rules, accept and reject lists well-formed), answers
 * ignore questions, gives a target, fail-on level and profile in range, and
 * its [document] section drives the document layer over an HTML and an XML
 * snippet. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tongwen.h"
#include "tongwen/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	if (!path[0]) {
		snprintf(path, sizeof path, "/tmp/tw-fuzz-config-%ld.ini", (long)getpid());
	}
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	tw_config *c = NULL;
	tw_error err = {0};
	int rc = tw_config_load(&c, path, &err);
	if (rc) {
		/* a message that names the file */
		if (c || !strstr(err.message, "tw-fuzz-config"))
			abort();
	} else {
		tw_check_options o = TW_CHECK_OPTIONS_INIT;
		tw_config_apply(c, &o);
		for (size_t i = 0; i < o.n_rules; i++)
			if (!o.rules[i].rule || o.rules[i].severity < TW_SEV_OFF ||
			    o.rules[i].severity > TW_SEV_ERROR)
				abort();
		for (size_t i = 0; i < o.n_accept; i++)
			if (!o.accept[i] || tw_utf8_validate(o.accept[i], strlen(o.accept[i]), NULL))
				abort();
		for (size_t i = 0; i < o.n_reject; i++)
			if (!o.reject[i] || tw_utf8_validate(o.reject[i], strlen(o.reject[i]), NULL))
				abort();
		(void)tw_config_ignores(c, "/tmp/a/b.md");
		(void)tw_config_ignores(c, "/tmp/drafts/old/x.md");
		int t = tw_config_target(c), fo = tw_config_fail_on(c);
		if (t < -1 || t > TW_TARGET_TW || fo < -2 || fo > TW_SEV_ERROR)
			abort();
		const char *prof = tw_config_profile(c), *cp = tw_config_path(c);
		if ((prof && tw_utf8_validate(prof, strlen(prof), NULL)) || !cp ||
		    !strstr(cp, "tw-fuzz-config"))
			abort();
		/* the [document] section drives the document layer */
		tw_doc_options d = TW_DOC_OPTIONS_INIT;
		tw_config_apply_document(c, &d);
		static const char html[] = "<p class=\"x notranslate\" title=\"的士\">的士<code>的士</code>"
		                           "<b data-x=\"的士\">的士</b></p>";
		static const char xml[] = "<doc><skip>的士</skip><p alt=\"的士\" note=\"的士\">的士</p></doc>";
		for (int m = 0; m < 2; m++) {
			d.markup = m ? TW_MARKUP_XML : TW_MARKUP_HTML;
			const char *text = m ? xml : html;
			tw_document *doc;
			if (tw_doc_parse(&doc, text, strlen(text), &d, NULL))
				abort();
			size_t nr, end = 0;
			const tw_run *r = tw_doc_runs(doc, &nr);
			for (size_t i = 0; i < nr; i++) {
				if (r[i].offset < end || r[i].offset + r[i].length > strlen(text))
					abort();
				end = r[i].offset + r[i].length;
			}
			tw_doc_free(doc);
		}
		tw_config_free(c);
	}
	unlink(path);
	return 0;
}
