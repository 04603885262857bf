/*
 * smp_stress_mix.c — a bounded stress run of what several CPUs make racy,
 * whose checksums must equal Linux's under the same -smp (run_abi.py boots
 * smp_* tests with two CPUs): 16 threads take a futex mutex 2000 times each
 * to bump one counter; 4 threads each fork and reap 10 children that exit
 * with known codes; 2 threads map, touch, mprotect and unmap private pages
 * while a third touches its own mapping; 6 processes pass a token around a
 * ring of pipes 300 times. Nothing may be lost: every sum is fixed.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

/* ---- a futex mutex (Drepper's "mutex 2": 0 free, 1 locked, 2 contended) */
static uint32_t lock_word;
static uint64_t counter;

static void futex_lock(uint32_t *w)
{
	uint32_t c = 0;
	if (__atomic_compare_exchange_n(w, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(w, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, 2, 0, 0, 0);
		c = __atomic_exchange_n(w, 2, __ATOMIC_ACQUIRE);
	}
}

static void futex_unlock(uint32_t *w)
{
	if (__atomic_exchange_n(w, 0, __ATOMIC_RELEASE) == 2)
		syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
}

static void *futex_hammer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2000; i++) {
		futex_lock(&lock_word);
		counter++;
		if ((i & 63) == 0)
			sched_yield(); /* hold it across a reschedule now and then */
		futex_unlock(&lock_word);
	}
	return 0;
}

/* ---- fork/exit/wait from several threads */
static void *forker(void *arg)
{
	long base = (long)arg, sum = 0;
	for (int i = 0; i < 10; i++) {
		pid_t p = fork();
		if (p == 0)
			_exit((int)(base * 10 + i) & 0xff);
		int st;
		if (waitpid(p, &st, 0) == p && WIFEXITED(st))
			sum += WEXITSTATUS(st);
	}
	return (void *)sum;
}

/* ---- mmap/mprotect/munmap while another thread faults its own pages */
static void *mapper(void *arg)
{
	long sum = 0, seed = (long)arg;
	for (int i = 0; i < 100; i++) {
		size_t len = 4096 * (size_t)(1 + (i + seed) % 8);
		unsigned char *p = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return (void *)-1L;
		for (size_t off = 0; off < len; off += 4096)
			p[off] = (unsigned char)(off / 4096 + 1);
		mprotect(p, len, PROT_READ);
		for (size_t off = 0; off < len; off += 4096)
			sum += p[off];
		munmap(p, len);
	}
	return (void *)sum;
}

/* ---- a ring of pipes among processes */
#define RING 6
#define LAPS 300
static long pipe_ring(void)
{
	int fds[RING][2];
	for (int i = 0; i < RING; i++)
		if (pipe(fds[i]))
			return -1;
	pid_t kids[RING];
	for (int i = 1; i < RING; i++) {
		if ((kids[i] = fork()) == 0) { /* reads from fds[i], adds i, writes to fds[(i+1)%RING] */
			long v;
			while (read(fds[i][0], &v, sizeof v) == sizeof v) {
				v += i;
				if (write(fds[(i + 1) % RING][1], &v, sizeof v) != sizeof v)
					break;
				if (v < 0)
					break;
			}
			_exit(0);
		}
	}
	long v = 0;
	for (int lap = 0; lap < LAPS; lap++) {
		if (write(fds[1][1], &v, sizeof v) != sizeof v || read(fds[0][0], &v, sizeof v) != sizeof v)
			return -1;
	}
	long stop = -1000000;
	if (write(fds[1][1], &stop, sizeof stop) != sizeof stop)
		return -1;
	for (int i = 0; i < RING; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
	for (int i = 1; i < RING; i++) /* only ours: the forker threads reap their own */
		waitpid(kids[i], 0, 0);
	return v;
}

int main(void)
{
	pthread_t hammer[16], forkers[4], mappers[3];
	for (int i = 0; i < 16; i++)
		pthread_create(&hammer[i], 0, futex_hammer, 0);
	for (long i = 0; i < 4; i++)
		pthread_create(&forkers[i], 0, forker, (void *)i);
	for (long i = 0; i < 3; i++)
		pthread_create(&mappers[i], 0, mapper, (void *)i);
	long ring = pipe_ring();
	long fork_sum = 0, map_sum = 0;
	for (int i = 0; i < 16; i++)
		pthread_join(hammer[i], 0);
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(forkers[i], &r);
		fork_sum += (long)r;
	}
	for (int i = 0; i < 3; i++) {
		void *r;
		pthread_join(mappers[i], &r);
		map_sum += (long)r;
	}
	say("futex counter: %llu (expect %d)\n", (unsigned long long)counter, 16 * 2000);
	say("fork exit codes: %ld\n", fork_sum);
	say("mapped page checksum: %ld\n", map_sum);
	say("pipe ring total: %ld (expect %d)\n", ring, LAPS * (RING * (RING - 1) / 2));
	done();
	return 0;
}
