/*
 * cpu_scaling.c — parallel speed-up of CPU-bound work on two CPUs
 * (bench/run.py boots it with -smp 2 on both kernels).
 *
 * The same fixed amount of integer work (an xorshift chain, no memory
 * traffic, no system calls) is run once by one thread and then split
 * between two threads; the speed-up is the one-thread time over the
 * two-thread time: about 2 when both CPUs run the threads at once, 1 when
 * they share one CPU. Each time is the best of three tries.
 *
 * Output: "RESULT cpu_1thread_ms ...", "RESULT cpu_2threads_ms ...",
 * "RESULT cpu_speedup_2threads_x ..." (informational), then "done".
 */
#include "bench.h" /* first: it defines _GNU_SOURCE */

#include <pthread.h>
#include <stdint.h>

#define WORK 40000000UL /* xorshift steps in all */

static volatile uint64_t sink;

static void *spin(void *arg)
{
	uint64_t n = (uint64_t)(uintptr_t)arg, x = 88172645463325252ULL;
	for (uint64_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	sink = x;
	return 0;
}

/* Milliseconds for WORK steps split over `threads` threads (best of three). */
static double run(int threads)
{
	return bench_best_threads_ns(threads, spin, (void *)(uintptr_t)(WORK / (uint64_t)threads)) / 1e6;
}

int main(void)
{
	double one = run(1), two = run(2);
	printf("RESULT cpu_1thread_ms %.1f\n", one);
	printf("RESULT cpu_2threads_ms %.1f\n", two);
	printf("RESULT cpu_speedup_2threads_x %.2f\n", one / two);
	printf("done\n");
	return 0;
}
