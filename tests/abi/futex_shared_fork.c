/*
 * futex_shared_fork.c — a futex word in a MAP_SHARED mapping is the same
 * futex in parent and child after fork (futex(2): shared futexes are keyed
 * by the page, Linux get_futex_key): the parent's FUTEX_WAKE reaches the
 * child's FUTEX_WAIT. A FUTEX_PRIVATE_FLAG wait on the same word is private
 * to its process: the parent's private wake finds nobody and the child
 * times out. The parent keeps waking until one waiter is found (the child
 * may not be asleep yet); the child's own timeout ends a failure.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

#include "lvtest.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)

static long futex(uint32_t *word, int op, uint32_t val, const struct timespec *ts)
{
	return syscall(SYS_futex, word, op, val, ts, NULL, 0);
}

static int child_status(pid_t pid)
{
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(void)
{
	uint32_t *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	shared[0] = 0;
	shared[1] = 0; /* the child sets it just before waiting */

	pid_t pid = fork();
	if (pid == 0) {
		struct timespec ts = {10, 0};
		__atomic_store_n(&shared[1], 1, __ATOMIC_SEQ_CST);
		long r = futex(&shared[0], FUTEX_WAIT, 0, &ts);
		_exit(r == 0 ? 0 : errno == ETIMEDOUT ? 2 : 3);
	}
	while (!__atomic_load_n(&shared[1], __ATOMIC_SEQ_CST))
		sched_yield();
	long woken = 0;
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		woken = futex(&shared[0], FUTEX_WAKE, 1, NULL);
		if (woken)
			break;
		sched_yield();
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - start.tv_sec < 5);
	say("shared wake found the child: %ld\n", woken);
	say("child: %d (0 = woken, 2 = timed out)\n", child_status(pid));

	shared[1] = 0;
	pid = fork();
	if (pid == 0) {
		struct timespec ts = {0, 200 * 1000 * 1000};
		__atomic_store_n(&shared[1], 1, __ATOMIC_SEQ_CST);
		long r = futex(&shared[0], FUTEX_WAIT_PRIVATE, 0, &ts);
		_exit(r == 0 ? 0 : errno == ETIMEDOUT ? 2 : 3);
	}
	while (!__atomic_load_n(&shared[1], __ATOMIC_SEQ_CST))
		sched_yield();
	say("private wake from the parent: %ld\n", futex(&shared[0], FUTEX_WAKE_PRIVATE, 1, NULL));
	say("child: %d (0 = woken, 2 = timed out)\n", child_status(pid));
	expect_err("shared wake of an unmapped word", futex((uint32_t *)8, FUTEX_WAKE, 1, NULL), errno, EFAULT);
	say("private wake of an unmapped word: %ld\n", futex((uint32_t *)8, FUTEX_WAKE_PRIVATE, 1, NULL));
	done();
	return 0;
}
