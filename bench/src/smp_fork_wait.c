/*
 * smp_fork_wait.c — fork+exit+wait from one, two and four threads at once
 * on four CPUs (bench/run.py boots it with -smp 4 on both kernels).
 *
 * Each thread forks a child that exits at once and waits for it (waitpid on
 * that pid), ROUNDS times. One measurement runs one, two or four such
 * threads together and takes the wall time over all the forks done: the
 * per-fork time. The speed-up for N threads is the one-thread time per fork
 * over the N-thread one: about N when the CPUs fork, exit and reap in
 * parallel, 1 or less when the kernel (or the C library: glibc's fork holds
 * its atfork lock across the system call in a process of several threads)
 * serialises them.
 *
 * The three thread counts are measured REPS times, interleaved, and each
 * speed-up is taken within one repetition (bench.h bench_interleaved);
 * with the best of three runs of each count in turn, Linux's speed-ups
 * ranged 0.81–1.48 between identical boots (bench/README.md).
 *
 * Output: "RESULT fork_wait_1thread_us ...", "RESULT fork_wait_2threads_us
 * ...", "RESULT fork_wait_4threads_us ..." (median wall time per fork),
 * "RESULT fork_wait_speedup_2threads_x ..." and "..._4threads_x ..."
 * (informational), then "done".
 */
#include "bench.h" /* first: it defines _GNU_SOURCE */

#include <pthread.h>
#include <stdint.h>

#define ROUNDS 100 /* forks per thread in one measurement */
#define REPS 5	   /* measurements of each thread count */

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

/* Microseconds of wall time per fork with `threads` forking threads (one run). */
static double run(int threads)
{
	pthread_t th[4];
	double start = now_ns();
	for (int i = 0; i < threads; i++)
		pthread_create(&th[i], 0, forker, 0);
	for (int i = 0; i < threads; i++)
		pthread_join(th[i], 0);
	return (now_ns() - start) / 1e3 / (ROUNDS * threads);
}

int main(void)
{
	static const int counts[3] = {1, 2, 4};
	double us[3], speedup[3];
	bench_interleaved(run, counts, 3, REPS, us, speedup);
	if (__atomic_load_n(&failed, __ATOMIC_RELAXED)) {
		printf("a fork or waitpid failed\n");
		return 1;
	}
	result("fork_wait_1thread_us", us[0]);
	result("fork_wait_2threads_us", us[1]);
	result("fork_wait_4threads_us", us[2]);
	printf("RESULT fork_wait_speedup_2threads_x %.2f\n", speedup[1]);
	printf("RESULT fork_wait_speedup_4threads_x %.2f\n", speedup[2]);
	printf("done\n");
	return 0;
}
