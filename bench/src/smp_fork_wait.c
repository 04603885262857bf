/*
 * smp_fork_wait.c — fork+exit+wait from one, two and four threads at once
 * on four CPUs (bench/run.py boots it with -smp 4 on both kernels).
 *
 * Each thread forks a child that exits at once and waits for it (waitpid on
 * that pid), ROUNDS times; one thread alone, then two threads, then four,
 * each doing ROUNDS. The per-operation time is the wall time over all the
 * forks done; the speed-up is the one-thread time per fork over the
 * N-thread one: about N when the CPUs fork, exit and reap in parallel, 1 or
 * less when the kernel serialises them. Each time is the best of three.
 *
 * Output: "RESULT fork_wait_1thread_us ...", "RESULT fork_wait_2threads_us
 * ...", "RESULT fork_wait_4threads_us ..." (wall time per fork),
 * "RESULT fork_wait_speedup_2threads_x ..." and "..._4threads_x ..."
 * (informational), then "done".
 */
#include "bench.h" /* first: it defines _GNU_SOURCE */

#include <pthread.h>
#include <stdint.h>

#define ROUNDS 100

static int failed; /* [atomic] a fork or wait that failed */

static void *forker(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		int status;
		if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0)
			__atomic_store_n(&failed, 1, __ATOMIC_RELAXED);
	}
	return 0;
}

/* Microseconds of wall time per fork with `threads` forking threads (best of three). */
static double run(int threads)
{
	return bench_best_threads_ns(threads, forker, 0) / 1e3 / (ROUNDS * threads);
}

int main(void)
{
	double one = run(1), two = run(2), four = run(4);
	if (__atomic_load_n(&failed, __ATOMIC_RELAXED)) {
		printf("a fork or waitpid failed\n");
		return 1;
	}
	result("fork_wait_1thread_us", one);
	result("fork_wait_2threads_us", two);
	result("fork_wait_4threads_us", four);
	printf("RESULT fork_wait_speedup_2threads_x %.2f\n", one / two);
	printf("RESULT fork_wait_speedup_4threads_x %.2f\n", one / four);
	printf("done\n");
	return 0;
}
