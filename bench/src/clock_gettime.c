/*
 * clock_gettime.c — cost of reading the clocks through libc.
 *
 * glibc calls the vDSO (AT_SYSINFO_EHDR: __kernel_clock_gettime,
 * __kernel_gettimeofday, __kernel_clock_getres) when the kernel maps one, so
 * on both kernels this measures the user-mode path: a counter read and the
 * vvar sequence lock, no trap. time() is glibc's clock_gettime with
 * CLOCK_REALTIME_COARSE on arm64 (no __kernel_time there). Without a vDSO
 * these would measure the syscall (compare getppid).
 *
 * Each function is called CALLS times between two clock_gettime
 * (CLOCK_MONOTONIC); the median of ROUNDS such loops is reported.
 *
 * Output: "RESULT <function>_ns <ns per call>" per function, then "done".
 */
#include "bench.h" /* first: it defines _GNU_SOURCE; now_ns */

#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

#define CALLS 50000
#define ROUNDS 5

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

enum what { GETTIME, GETTIMEOFDAY, TIME, GETRES };

static const struct {
	const char *metric;
	enum what what;
	clockid_t clock;
} rows[] = {
	{"clock_gettime_ns", GETTIME, CLOCK_MONOTONIC}, /* the historical name: MONOTONIC */
	{"clock_gettime_realtime_ns", GETTIME, CLOCK_REALTIME},
	{"clock_gettime_monotonic_raw_ns", GETTIME, CLOCK_MONOTONIC_RAW},
	{"clock_gettime_boottime_ns", GETTIME, CLOCK_BOOTTIME},
	{"clock_gettime_realtime_coarse_ns", GETTIME, CLOCK_REALTIME_COARSE},
	{"clock_gettime_monotonic_coarse_ns", GETTIME, CLOCK_MONOTONIC_COARSE},
	{"gettimeofday_ns", GETTIMEOFDAY, 0},
	{"time_ns", TIME, 0},
	{"clock_getres_ns", GETRES, CLOCK_MONOTONIC},
};

static double loop(enum what what, clockid_t clock)
{
	struct timespec ts;
	struct timeval tv;
	double start = now_ns();
	switch (what) {
	case GETTIME:
		for (int i = 0; i < CALLS; i++)
			clock_gettime(clock, &ts);
		break;
	case GETTIMEOFDAY:
		for (int i = 0; i < CALLS; i++)
			gettimeofday(&tv, NULL);
		break;
	case TIME:
		for (int i = 0; i < CALLS; i++)
			(void)time(NULL);
		break;
	case GETRES:
		for (int i = 0; i < CALLS; i++)
			clock_getres(clock, &ts);
		break;
	}
	return (now_ns() - start) / CALLS;
}

int main(void)
{
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		double t[ROUNDS];
		loop(rows[r].what, rows[r].clock); /* warm up: fault in the vDSO pages */
		for (int i = 0; i < ROUNDS; i++)
			t[i] = loop(rows[r].what, rows[r].clock);
		qsort(t, ROUNDS, sizeof t[0], cmp);
		printf("RESULT %s %.1f\n", rows[r].metric, t[ROUNDS / 2]);
	}
	printf("done\n");
	return 0;
}
