/*
 * cpu_scaling.c — parallel speed-up of CPU-bound work on four CPUs
 * (bench/run.py boots it with -smp 4 on both kernels).
 *
 * The same fixed amount of integer work (an xorshift chain, no memory
 * traffic, no system calls) is run once by one thread, then split between
 * two threads, then four; the speed-up is the one-thread time over the
 * N-thread time: about N when N CPUs run the threads at once, 1 when they
 * share one CPU (under QEMU's multi-threaded TCG it is also bounded by the
 * host's cores). Each time is the best of three tries.
 *
 * Output: "RESULT cpu_1thread_ms ...", "RESULT cpu_2threads_ms ...",
 * "RESULT cpu_4threads_ms ...", "RESULT cpu_speedup_2threads_x ..." and
 * "RESULT cpu_speedup_4threads_x ..." (informational), then "done".
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
	double one = run(1), two = run(2), four = run(4);
	printf("RESULT cpu_1thread_ms %.1f\n", one);
	printf("RESULT cpu_2threads_ms %.1f\n", two);
	printf("RESULT cpu_4threads_ms %.1f\n", four);
	printf("RESULT cpu_speedup_2threads_x %.2f\n", one / two);
	printf("RESULT cpu_speedup_4threads_x %.2f\n", one / four);
	printf("done\n");
	return 0;
}
