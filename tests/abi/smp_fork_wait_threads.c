/*
 * smp_fork_wait_threads.c — fork, exit and waitpid from four threads of one
 * process at once (run_abi.py boots smp_* tests with two CPUs), the shape
 * of bench/src/smp_fork_wait.c, which hung LevitateOS on four CPUs about
 * once in ten runs: an exiting child dropped its task's reference on its
 * process (struct thread_group) before it left its CPU, its parent's
 * thread reaped it on another CPU and freed the process, and a timer tick
 * landing in the child's last instructions took the freed process's lock
 * (RLIMIT_CPU's check, proc/timers.c) in memory already reused, here as
 * another child's fd table: the next exit panicked on a bad file pointer.
 * A finite RLIMIT_CPU makes every tick take that lock, as it did then.
 *
 * The threads start together (a barrier); each forks ROUNDS children one
 * after the other, the child exits at once with a status of its own and
 * the thread waits for that pid. Every count printed is of something that
 * went wrong, so the output is the same on any run; at the end no child is
 * left (waitpid(-1) is ECHILD).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

#define THREADS 4
#define ROUNDS 150

static pthread_barrier_t start;
static int fork_failed, wait_failed, bad_status; /* [atomic] */

static void *forker(void *arg)
{
	int me = (int)(long)arg;
	pthread_barrier_wait(&start);
	for (int i = 0; i < ROUNDS; i++) {
		int code = (me * ROUNDS + i) & 0x7f;
		pid_t pid = fork();
		if (pid == 0)
			_exit(code);
		if (pid < 0) {
			__atomic_add_fetch(&fork_failed, 1, __ATOMIC_RELAXED);
			continue;
		}
		int status;
		if (waitpid(pid, &status, 0) != pid)
			__atomic_add_fetch(&wait_failed, 1, __ATOMIC_RELAXED);
		else if (!WIFEXITED(status) || WEXITSTATUS(status) != code)
			__atomic_add_fetch(&bad_status, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

int main(void)
{
	struct rlimit cpu;
	getrlimit(RLIMIT_CPU, &cpu);
	cpu.rlim_cur = 3600; /* finite: every tick of ours checks it */
	show_ret("setrlimit(RLIMIT_CPU, 3600 s)", setrlimit(RLIMIT_CPU, &cpu), errno);
	pthread_barrier_init(&start, NULL, THREADS);
	pthread_t threads[THREADS];
	int created = 0;
	for (int i = 0; i < THREADS; i++)
		created += pthread_create(&threads[i], NULL, forker, (void *)(long)i) == 0;
	say("threads started: %d of %d\n", created, THREADS);
	if (created != THREADS)
		return 1; /* the barrier would wait for the missing ones */
	for (int i = 0; i < THREADS; i++)
		pthread_join(threads[i], NULL);
	say("%d forks from each thread\n", ROUNDS);
	say("forks that failed: %d\n", fork_failed);
	say("waitpid that did not return the child: %d\n", wait_failed);
	say("wrong exit statuses: %d\n", bad_status);
	errno = 0;
	long left = waitpid(-1, NULL, WNOHANG);
	expect_err("waitpid(-1) after all were reaped", left, errno, ECHILD);
	done();
	return 0;
}
