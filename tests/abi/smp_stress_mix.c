/*
 * smp_stress_mix.c — a bounded stress run of what several CPUs make racy,
 * whose checksums must equal Linux's under the same -smp (run_abi.py boots
 * smp_* tests with two CPUs; `run_abi.py --smp 4` with four): the set issue
 * #18 lists. 64 threads take a futex mutex 50 times each to bump one
 * counter; 8 threads each fork and reap 10 children that exit with known
 * codes; 2 threads map, touch, mprotect and unmap private pages while a
 * third touches its own mapping; 16 processes pass a token around a ring of
 * pipes 10 times; the main thread sends 40 signals to threads chosen at
 * random (a fixed sequence) among 8, half of them spinning and half asleep,
 * each signal acknowledged by its handler before the next (so none merges
 * with a pending one). Nothing may be lost: every sum is fixed.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
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

#define HAMMERS 64
#define HAMMER_ROUNDS 50
#define FORKERS 8
#define MAPPERS 3
#define RECEIVERS 8
#define SIGNALS 40

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
	for (int i = 0; i < HAMMER_ROUNDS; i++) {
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
#define RING 16
#define LAPS 10
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

/* ---- signals to threads chosen at random */
static pid_t receiver_tid[RECEIVERS];
static int receivers_up, receivers_stop;
static long received[RECEIVERS];
static __thread int my_slot;

static void on_usr1(int sig)
{
	(void)sig;
	__atomic_fetch_add(&received[my_slot], 1, __ATOMIC_SEQ_CST);
}

static void *receiver(void *arg)
{
	my_slot = (int)(long)arg;
	__atomic_store_n(&receiver_tid[my_slot], (pid_t)syscall(SYS_gettid), __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&receivers_up, 1, __ATOMIC_SEQ_CST);
	struct timespec ms = {0, 1000000};
	/* odd ones sleep (a signal ends the sleep early: EINTR), even ones
	 * spin in user mode (a signal for them is an IPI to their CPU) */
	while (!__atomic_load_n(&receivers_stop, __ATOMIC_SEQ_CST))
		if (my_slot & 1)
			nanosleep(&ms, 0);
	return 0;
}

/* Sends SIGNALS signals, each to a receiver picked by a fixed LCG, waiting
 * for its handler before the next: the weighted sum of what each got. */
static long signal_storm(pthread_t *threads)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, 0);
	for (long i = 0; i < RECEIVERS; i++)
		pthread_create(&threads[i], 0, receiver, (void *)i);
	while (__atomic_load_n(&receivers_up, __ATOMIC_SEQ_CST) < RECEIVERS)
		sched_yield();
	unsigned seed = 12345;
	for (int n = 0; n < SIGNALS; n++) {
		seed = seed * 1103515245 + 12345;
		int to = (int)((seed >> 16) % RECEIVERS);
		long before = __atomic_load_n(&received[to], __ATOMIC_SEQ_CST);
		syscall(SYS_tgkill, getpid(), receiver_tid[to], SIGUSR1);
		while (__atomic_load_n(&received[to], __ATOMIC_SEQ_CST) == before)
			sched_yield();
	}
	__atomic_store_n(&receivers_stop, 1, __ATOMIC_SEQ_CST);
	long sum = 0;
	for (int i = 0; i < RECEIVERS; i++) {
		pthread_join(threads[i], 0);
		sum += received[i] * (i + 1);
	}
	return sum;
}

int main(void)
{
	pthread_t hammer[HAMMERS], forkers[FORKERS], mappers[MAPPERS], receivers[RECEIVERS];
	for (int i = 0; i < HAMMERS; i++)
		pthread_create(&hammer[i], 0, futex_hammer, 0);
	for (long i = 0; i < FORKERS; i++)
		pthread_create(&forkers[i], 0, forker, (void *)i);
	for (long i = 0; i < MAPPERS; i++)
		pthread_create(&mappers[i], 0, mapper, (void *)i);
	long ring = pipe_ring();
	long signal_sum = signal_storm(receivers);
	long fork_sum = 0, map_sum = 0;
	for (int i = 0; i < HAMMERS; i++)
		pthread_join(hammer[i], 0);
	for (int i = 0; i < FORKERS; i++) {
		void *r;
		pthread_join(forkers[i], &r);
		fork_sum += (long)r;
	}
	for (int i = 0; i < MAPPERS; i++) {
		void *r;
		pthread_join(mappers[i], &r);
		map_sum += (long)r;
	}
	say("futex counter: %llu (expect %d)\n", (unsigned long long)counter, HAMMERS * HAMMER_ROUNDS);
	say("fork exit codes: %ld\n", fork_sum);
	say("mapped page checksum: %ld\n", map_sum);
	say("pipe ring total: %ld (expect %d)\n", ring, LAPS * (RING * (RING - 1) / 2));
	say("signals: weighted sum %ld\n", signal_sum);
	done();
	return 0;
}
