/* What the benchmark programs share: clocks and the median and minimum of
 * a series of runs. */
#ifndef TW_BENCH_STATS_H
#define TW_BENCH_STATS_H

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_RUNS 64

static inline double clock_seconds(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline double now(void)
{
	return clock_seconds(CLOCK_MONOTONIC);
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* n ≤ MAX_RUNS values; v is left as it was. */
static inline double median(const double *v, int n)
{
	double s[MAX_RUNS];
	memcpy(s, v, (size_t)n * sizeof *s);
	qsort(s, (size_t)n, sizeof *s, cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static inline double minimum(const double *v, int n)
{
	double m = v[0];
	for (int i = 1; i < n; i++)
		m = v[i] < m ? v[i] : m;
	return m;
}

#endif
