/*
 * smp_parallel_spin.c — two threads really run at the same time on two CPUs
 * (run_abi.py boots smp_* tests with two).
 *
 * A handshake of two spinning threads, neither ever blocking: the main
 * thread writes a request number and spins until the helper acknowledges
 * it; the helper spins until a new request appears and acknowledges it.
 * A handshake counts as "quick" when the acknowledgement came within 2 ms
 * of the request. On one CPU a spinning thread only gives way to the other
 * when the scheduler preempts it (at a tick: 10 ms on LevitateOS, a
 * time slice of milliseconds on Linux), so no handshake is quick; on two
 * CPUs almost all are. The test asks for 200 quick handshakes within a
 * generous 15 s (the host may not run both virtual CPUs at every moment).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "lvtest.h"

#define WANT_QUICK 200
#define QUICK_NS 2000000ULL	/* 2 ms */
#define BOUND_NS 15000000000ULL /* 15 s */
#define STOP UINT64_MAX

static uint64_t request, ack; /* [atomic] */

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void *helper(void *arg)
{
	(void)arg;
	uint64_t seen = 0;
	for (;;) {
		uint64_t r = __atomic_load_n(&request, __ATOMIC_ACQUIRE);
		if (r == STOP)
			return 0;
		if (r != seen) {
			seen = r;
			__atomic_store_n(&ack, r, __ATOMIC_RELEASE);
		}
	}
}

int main(void)
{
	pthread_t th;
	if (pthread_create(&th, 0, helper, 0) != 0) {
		say("pthread_create failed\n");
		return 1;
	}
	uint64_t start = now_ns(), quick = 0, i = 0;
	while (quick < WANT_QUICK && now_ns() - start < BOUND_NS) {
		i++;
		uint64_t t0 = now_ns();
		__atomic_store_n(&request, i, __ATOMIC_RELEASE);
		while (__atomic_load_n(&ack, __ATOMIC_ACQUIRE) != i)
			;
		if (now_ns() - t0 < QUICK_NS)
			quick++;
	}
	__atomic_store_n(&request, STOP, __ATOMIC_RELEASE);
	pthread_join(th, 0);
	if (quick >= WANT_QUICK)
		say("quick handshakes: at least %d\n", WANT_QUICK);
	else
		say("quick handshakes: only %llu of %llu in 15 s (the threads never ran at once)\n",
		    (unsigned long long)quick, (unsigned long long)i);
	check("both threads ran at the same time", quick >= WANT_QUICK);
	done();
	return quick >= WANT_QUICK ? 0 : 1;
}
