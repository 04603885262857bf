/*
 * cpu_scaling.c — parallel speed-up of CPU-bound work on four CPUs
 * (bench/run.py boots it with -smp 4 on both kernels).
 *
 * The same fixed amount of integer work (an xorshift chain, no memory
 * traffic, no system calls) is run once by one thread, then split between
 * two threads, then four; the speed-up is the one-thread time over the
 * N-thread time: about N when N CPUs run the threads at once, 1 when they
 * share one CPU (under QEMU's multi-threaded TCG it is also bounded by the
 * host's cores). Each count is measured REPS times, interleaved, and each
 * speed-up taken within one repetition (bench.h bench_interleaved): a run
 * lasts 35–110 ms, and with the best of three runs of each count in turn
 * one slow stretch of the shared host halved a speed-up (bench/README.md).
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

#define REPS 7 /* measurements of each thread count */

/* Milliseconds for WORK steps split over `threads` threads (one run). */
static double run(int threads)
{
	pthread_t th[4];
	double start = now_ns();
	for (int i = 0; i < threads; i++)
		pthread_create(&th[i], 0, spin, (void *)(uintptr_t)(WORK / (uint64_t)threads));
	for (int i = 0; i < threads; i++)
		pthread_join(th[i], 0);
	return (now_ns() - start) / 1e6;
}

int main(void)
{
	static const int counts[3] = {1, 2, 4};
	double ms[3], speedup[3];
	bench_interleaved(run, counts, 3, REPS, ms, speedup);
	printf("RESULT cpu_1thread_ms %.1f\n", ms[0]);
	printf("RESULT cpu_2threads_ms %.1f\n", ms[1]);
	printf("RESULT cpu_4threads_ms %.1f\n", ms[2]);
	printf("RESULT cpu_speedup_2threads_x %.2f\n", speedup[1]);
	printf("RESULT cpu_speedup_4threads_x %.2f\n", speedup[2]);
	printf("done\n");
	return 0;
}
