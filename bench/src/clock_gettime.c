/*
 * clock_gettime.c — cost of reading CLOCK_MONOTONIC through libc.
 *
 * glibc calls the vDSO's __kernel_clock_gettime when the kernel maps one
 * (AT_SYSINFO_EHDR), so on both kernels this measures the user-mode path:
 * a counter read and the vvar sequence lock, no trap. Without a vDSO it
 * would measure the syscall (compare getppid).
 *
 * Output: "RESULT clock_gettime_ns <ns per call>", then "done".
 */
#include <stdio.h>
#include <time.h>

#define CALLS 200000

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(void)
{
	struct timespec ts;
	double start, end;

	clock_gettime(CLOCK_MONOTONIC, &ts); /* warm up: fault in the vDSO pages */
	start = now_ns();
	for (int i = 0; i < CALLS; i++)
		clock_gettime(CLOCK_MONOTONIC, &ts);
	end = now_ns();
	printf("RESULT clock_gettime_ns %.1f\n", (end - start) / CALLS);
	printf("done\n");
	return 0;
}
