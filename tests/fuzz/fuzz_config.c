/* libFuzzer target: the .tongwen.ini reader. Any bytes either load or fail
 * with a message naming a line of the file; a loaded configuration applies
 * to check options and answers ignore questions. */
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
		(void)tw_config_ignores(c, "/tmp/a/b.md");
		(void)tw_config_target(c);
		tw_config_free(c);
	}
	unlink(path);
	return 0;
}
