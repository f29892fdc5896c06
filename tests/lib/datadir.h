/* Data directories for cmocka tests: the shipped data linked in file by
 * file, except the files a test damages or replaces, which are copied.
 * Include after <cmocka.h>. */
#ifndef TW_TEST_DATADIR_H
#define TW_TEST_DATADIR_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* from copied to to, whole. */
static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	assert_non_null(in);
	assert_non_null(out);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, in)))
		assert_int_equal(fwrite(chunk, 1, n, out), n);
	fclose(in);
	fclose(out);
}

/* Writes p[0..n) over the file at path from byte offset at. */
static inline void write_file_at(const char *path, long at, const void *p, size_t n)
{
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, at, SEEK_SET), 0);
	assert_int_equal(fwrite(p, 1, n, f), n);
	fclose(f);
}

/* dir (made if need be) with every file of src linked, but those named in
 * copied (NULL-terminated), which are copied, and those named in omitted,
 * which are left out; what dir held under those names goes first. */
static void link_data_dir(const char *src, const char *dir, const char *const *copied,
                          const char *const *omitted)
{
	mkdir(dir, 0755);
	DIR *d = opendir(src);
	assert_non_null(d);
	struct dirent *e;
	char from[4096], to[4096];
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		int copy = 0, omit = 0;
		for (size_t i = 0; copied && copied[i]; i++)
			copy |= !strcmp(e->d_name, copied[i]);
		for (size_t i = 0; omitted && omitted[i]; i++)
			omit |= !strcmp(e->d_name, omitted[i]);
		snprintf(from, sizeof from, "%s/%s", src, e->d_name);
		snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
		unlink(to);
		if (omit)
			continue;
		if (copy)
			copy_file(from, to);
		else
			assert_int_equal(symlink(from, to), 0);
	}
	closedir(d);
}

#endif
