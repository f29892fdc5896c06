/* Finding the data directory without environment variables: relative to the
 * file the library code was loaded from (the shared library, or the program
 * a static library is linked into), which works the same in the build tree
 * (build/lib, build/bin -> build/share/tongwen) and when installed. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "tw_config.h"
#include "tongwen/tw_version.h"

static char data_dir[PATH_MAX];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int is_data_dir(const char *dir)
{
	char probe[PATH_MAX];
	if (snprintf(probe, sizeof probe, "%s/hk2cn.json", dir) >= (int)sizeof probe)
		return 0;
	struct stat st;
	return stat(probe, &st) == 0;
}

static void find_data_dir(void)
{
	const char *env = getenv("TONGWEN_DATA_DIR");
	if (env && *env && strlen(env) < sizeof data_dir) {
		strcpy(data_dir, env);
		return;
	}
	Dl_info info;
	if (dladdr((void *)&tw_default_data_dir, &info) && info.dli_fname) {
		char real[PATH_MAX];
		if (realpath(info.dli_fname, real)) {
			char *slash = strrchr(real, '/');
			if (slash) {
				*slash = '\0';
				/* lib/, bin/, or a multiarch lib/<triplet>/ */
				const char *rel[] = {"/../share/tongwen", "/../../share/tongwen"};
				for (size_t i = 0; i < 2; i++) {
					char cand[PATH_MAX];
					if (snprintf(cand, sizeof cand, "%s%s", real, rel[i]) <
					        (int)sizeof cand &&
					    is_data_dir(cand) && realpath(cand, data_dir))
						return;
				}
			}
		}
	}
	snprintf(data_dir, sizeof data_dir, "%s", TW_INSTALL_DATADIR);
}

const char *tw_default_data_dir(void)
{
	pthread_once(&once, find_data_dir);
	return data_dir;
}

const char *tw_version(void)
{
	return TW_VERSION_STRING;
}
