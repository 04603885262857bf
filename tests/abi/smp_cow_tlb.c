/*
 * smp_cow_tlb.c — copy-on-write seen by a second thread on another CPU
 * (run_abi.py boots smp_* tests with two). The main thread runs on CPU 0,
 * a reader thread on CPU 1; both touch one page of .bss. Each round the
 * main thread forks; the reader reads the page after the fork, so its CPU
 * may cache the now read-only entry; the main thread then writes the page,
 * which breaks the copy-on-write. In half of the rounds the child is still
 * alive (blocked on a pipe), so the write gets a new frame: the reader's
 * CPU must not go on reading the old one (the kernel must drop its entry
 * everywhere; Linux's wp_page_copy, ptep_clear_flush). In the other half
 * the child has exited, so the page is the parent's alone and is made
 * writable in place (Linux's wp_page_reuse): the reader's next write to
 * it must succeed although its CPU may still hold the read-only entry.
 * The child checks that it still sees the value from before the fork.
 * Handshakes are spin flags in their own page, no sleeps.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <sys/wait.h>

#include "lvtest.h"

#define ROUNDS 200

static volatile long data[512] __attribute__((aligned(4096))); /* the page under test */
static int step __attribute__((aligned(4096)));		       /* the handshake, a page of its own */
static long seen_after_fork, seen_after_write;

static int pin(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

static void wait_step(int want)
{
	while (__atomic_load_n(&step, __ATOMIC_ACQUIRE) != want)
		;
}

static void set_step(int to)
{
	__atomic_store_n(&step, to, __ATOMIC_RELEASE);
}

/* Per round r: step 4r+1 "read now", 4r+2 read, 4r+3 "read and write now", 4r+4 done. */
static void *reader(void *arg)
{
	(void)arg;
	if (pin(1))
		return (void *)1;
	for (int r = 0; r < ROUNDS; r++) {
		wait_step(4 * r + 1);
		seen_after_fork = data[0];
		set_step(4 * r + 2);
		wait_step(4 * r + 3);
		seen_after_write = data[0];
		data[1] = r; /* a write through a possibly stale read-only entry */
		set_step(4 * r + 4);
	}
	return NULL;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (pin(0)) {
		printf("sched_setaffinity: %s\n", strerror(errno));
		return 1;
	}
	pthread_t t;
	if (pthread_create(&t, NULL, reader, NULL)) {
		printf("pthread_create failed\n");
		return 1;
	}
	int stale_copy = 0, stale_reuse = 0, lost_write = 0, child_bad = 0, fork_before_value = 0;
	for (int r = 0; r < ROUNDS; r++) {
		int child_alive = r % 2 == 0;
		data[0] = 1000 + r;
		int p[2];
		if (pipe(p)) {
			printf("pipe: %s\n", strerror(errno));
			return 1;
		}
		pid_t pid = fork();
		if (pid == 0) {
			char c;
			close(p[1]);
			if (child_alive && read(p[0], &c, 1) != 0)
				_exit(3);
			_exit(data[0] == 1000 + r ? 0 : 2);
		}
		close(p[0]);
		if (!child_alive) {
			int status;
			waitpid(pid, &status, 0);
			if (!WIFEXITED(status) || WEXITSTATUS(status))
				child_bad++;
		}
		set_step(4 * r + 1); /* the reader reads: its CPU may cache the read-only entry */
		wait_step(4 * r + 2);
		if (seen_after_fork != 1000 + r)
			fork_before_value++;
		data[0] = 2000 + r; /* the copy-on-write break */
		set_step(4 * r + 3);
		wait_step(4 * r + 4);
		if (seen_after_write != 2000 + r && child_alive)
			stale_copy++;
		else if (seen_after_write != 2000 + r)
			stale_reuse++;
		if (data[1] != r)
			lost_write++;
		close(p[1]);
		if (child_alive) {
			int status;
			waitpid(pid, &status, 0);
			if (!WIFEXITED(status) || WEXITSTATUS(status))
				child_bad++;
		}
	}
	void *ret;
	pthread_join(t, &ret);
	printf("reader pinned to CPU 1: %s\n", ret == NULL ? "yes" : "no");
	printf("rounds: %d\n", ROUNDS);
	printf("reader saw the value from before the fork: %d of %d\n", ROUNDS - fork_before_value, ROUNDS);
	printf("reader saw the old frame after a copy: %d\n", stale_copy);
	printf("reader saw an old value after a reuse: %d\n", stale_reuse);
	printf("reader's writes lost: %d\n", lost_write);
	printf("children that saw a wrong value: %d\n", child_bad);
	printf("done\n");
	return 0;
}
