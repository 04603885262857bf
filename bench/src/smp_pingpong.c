/*
 * smp_pingpong.c — wake-up latency across two CPUs (bench/run.py boots it
 * with -smp 2 on both kernels): a futex ping-pong between two threads and a
 * pipe ping-pong between two processes, one pinned to CPU 0 and the other to
 * CPU 1 (sched_setaffinity), so every wake-up crosses CPUs.
 *
 * Futex: a shared word goes 0 -> 1 (main) -> 0 (helper); each side waits
 * on the word (FUTEX_WAIT while it holds the other side's value) and wakes
 * the other after its store. Pipe: one byte back and forth over two pipes.
 * Each row is the median round trip of 5 runs of ROUNDS round trips.
 *
 * Output: "RESULT futex_pingpong_2cpus_us ...", "RESULT
 * pipe_pingpong_2cpus_us ...", then "done".
 */
#include "bench.h" /* first: it defines _GNU_SOURCE */

#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>

#define ROUNDS 300
#define RUNS 5

static uint32_t word; /* [atomic] 1: the helper's turn, 0: main's, 2: stop */

static void pin(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof set, &set) != 0) {
		printf("sched_setaffinity(CPU %d): %s\n", cpu, strerror(errno));
		exit(1);
	}
}

static void futex_wait(uint32_t *w, uint32_t val)
{
	syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(uint32_t *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Turns a 1 into a 0 until told to stop. */
static void *helper(void *arg)
{
	(void)arg;
	pin(1);
	for (;;) {
		uint32_t v = __atomic_load_n(&word, __ATOMIC_ACQUIRE);
		if (v == 2)
			return 0;
		if (v == 0) {
			futex_wait(&word, 0);
			continue;
		}
		__atomic_store_n(&word, 0, __ATOMIC_RELEASE);
		futex_wake(&word);
	}
}

static double futex_run(void)
{
	double start = now_ns();
	for (int i = 0; i < ROUNDS; i++) {
		__atomic_store_n(&word, 1, __ATOMIC_RELEASE);
		futex_wake(&word);
		while (__atomic_load_n(&word, __ATOMIC_ACQUIRE) == 1)
			futex_wait(&word, 1);
	}
	return (now_ns() - start) / 1e3 / ROUNDS;
}

static double pipe_run(int to[2], int from[2])
{
	char c = 'x';
	double start = now_ns();
	for (int i = 0; i < ROUNDS; i++)
		if (write(to[1], &c, 1) != 1 || read(from[0], &c, 1) != 1)
			exit(1);
	return (now_ns() - start) / 1e3 / ROUNDS;
}

int main(void)
{
	double v[RUNS];
	pin(0);
	pthread_t th;
	pthread_create(&th, 0, helper, 0);
	for (int r = 0; r < RUNS; r++)
		v[r] = futex_run();
	__atomic_store_n(&word, 2, __ATOMIC_RELEASE);
	futex_wake(&word);
	pthread_join(th, 0);
	result("futex_pingpong_2cpus_us", median(v, RUNS));

	int to[2], from[2];
	if (pipe(to) || pipe(from))
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		pin(1);
		close(to[1]);
		close(from[0]);
		char c;
		while (read(to[0], &c, 1) == 1)
			if (write(from[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(to[0]);
	close(from[1]);
	for (int r = 0; r < RUNS; r++)
		v[r] = pipe_run(to, from);
	close(to[1]);
	int status;
	waitpid(pid, &status, 0);
	result("pipe_pingpong_2cpus_us", median(v, RUNS));
	printf("done\n");
	return 0;
}
