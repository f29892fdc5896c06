/* twdict segcache DATA_DIR PROFILE…: writes each profile's every
 * segmentation key through its chain into DATA_DIR/PROFILE.twr, which a
 * load of the profile reads instead of walking the chain at each key's
 * first match (lib/convert/segcache.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "segcache.h"
#include "tongwen.h"
#include "twdict.h"

static int write_one(const char *data_dir, const char *name)
{
	tw_profile_options opts = TW_PROFILE_OPTIONS_INIT;
	opts.data_dir = data_dir;
	tw_profile *p;
	tw_error err;
	if (tw_profile_open(&p, name, &opts, &err)) {
		fprintf(stderr, "twdict segcache: %s\n", err.message);
		return 1;
	}
	unsigned char *image;
	size_t len;
	char *path = segcache_path(p);
	int rc = path ? segcache_build(p, &image, &len, &err) : TW_ENOMEM;
	if (rc) {
		fprintf(stderr, "twdict segcache: %s\n", rc == TW_ENOMEM ? "out of memory" : err.message);
	} else {
		rc = write_file_atomic(path, image, len) ? 1 : 0;
		free(image);
	}
	free(path);
	tw_profile_free(p);
	return rc ? 1 : 0;
}

int cmd_segcache(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: twdict segcache DATA_DIR PROFILE…\n");
		return 2;
	}
	for (int i = 2; i < argc; i++)
		if (write_one(argv[1], argv[i]))
			return 1;
	return 0;
}
