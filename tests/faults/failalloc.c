/* An LD_PRELOAD allocator that fails on demand, to prove that tongwen treats
 * every failed allocation as an error (exit 2, nothing written), never as
 * end of input or a crash.
 *   TW_FAIL_SIZE=N    every request of N bytes or more fails (memory pressure
 *                     on big buffers, from any caller)
 *   TW_FAIL_ONCE=1    … only the first such request fails (a passing peak)
 *   TW_FAIL_CLI=1     … only requests made by the executable itself (the
 *                     CLI's input reading), not by the library
 *   TW_FAIL_NTH=N     the N-th allocation made directly by tongwen's own
 *                     code (the executable or libtongwen) fails, and only it
 *   TW_FAIL_COUNT=F   write the number of such allocations to file F at exit
 *   TW_FAIL_TRACE=1   print a backtrace where the N-th allocation fails
 * Only tongwen's own calls are counted: libraries such as Hunspell (C++,
 * which turns a failure into an exception) are not ours to test. */
#define _GNU_SOURCE
#include <execinfo.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static int ready;
static size_t fail_size = SIZE_MAX;
static long fail_nth = -1, counted;
static const char *count_file;
static int trace, once;
static struct range {
	uintptr_t lo, hi;
	int exe;
} ranges[32];
static int cli_only;
static int n_ranges;

static int add_object(struct dl_phdr_info *info, size_t size, void *ud)
{
	(void)size, (void)ud;
	const char *name = info->dlpi_name;
	if (name[0] && !strstr(name, "libtongwen"))
		return 0;
	for (int i = 0; i < info->dlpi_phnum && n_ranges < 32; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		ranges[n_ranges].exe = !name[0];
		ranges[n_ranges].lo = info->dlpi_addr + ph->p_vaddr;
		ranges[n_ranges++].hi = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
	}
	return 0;
}

static void setup(void)
{
	ready = -1; /* dl_iterate_phdr may allocate: those calls pass */
	const char *s = getenv("TW_FAIL_SIZE");
	if (s)
		fail_size = strtoull(s, NULL, 10);
	s = getenv("TW_FAIL_NTH");
	if (s)
		fail_nth = strtol(s, NULL, 10);
	count_file = getenv("TW_FAIL_COUNT");
	trace = getenv("TW_FAIL_TRACE") != NULL;
	once = getenv("TW_FAIL_ONCE") != NULL;
	cli_only = getenv("TW_FAIL_CLI") != NULL;
	dl_iterate_phdr(add_object, NULL);
	ready = 1;
}

/* 1 when the caller is tongwen's code (exe_only: the executable's). */
static int ours(uintptr_t caller, int exe_only)
{
	for (int i = 0; i < n_ranges; i++)
		if (caller >= ranges[i].lo && caller < ranges[i].hi && (ranges[i].exe || !exe_only))
			return 1;
	return 0;
}

/* Decides whether this request fails. */
static int fail(size_t n, void *caller)
{
	if (ready == 0)
		setup();
	if (ready < 0)
		return 0;
	if (n >= fail_size && (!cli_only || ours((uintptr_t)caller, 1))) {
		if (once)
			fail_size = SIZE_MAX;
		return 1;
	}
	if ((fail_nth >= 0 || count_file) && ours((uintptr_t)caller, 0))
		if (++counted == fail_nth) {
			if (trace) {
				void *frames[16];
				backtrace_symbols_fd(frames, backtrace(frames, 16), 2);
			}
			return 1;
		}
	return 0;
}

void *malloc(size_t n)
{
	return fail(n, __builtin_return_address(0)) ? NULL : __libc_malloc(n);
}

void *calloc(size_t a, size_t b)
{
	size_t n = a && b > SIZE_MAX / a ? SIZE_MAX : a * b;
	return fail(n, __builtin_return_address(0)) ? NULL : __libc_calloc(a, b);
}

void *realloc(void *p, size_t n)
{
	return fail(n, __builtin_return_address(0)) ? NULL : __libc_realloc(p, n);
}

__attribute__((destructor)) static void report(void)
{
	if (!count_file)
		return;
	FILE *f = fopen(count_file, "w");
	if (f) {
		fprintf(f, "%ld\n", counted);
		fclose(f);
	}
}
