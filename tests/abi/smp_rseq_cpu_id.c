/*
 * smp_rseq_cpu_id.c — rseq's cpu_id and cpu_id_start follow a thread that
 * moves between CPUs (run_abi.py boots smp_* tests with two). Linux
 * kernel/rseq.c writes both with the CPU the thread runs on before it next
 * runs user code after any switch (rseq_update_cpu_id), so the area always
 * names the current CPU (rseq(2)).
 *
 * Checks: after pinning itself to each CPU in turn (sched_setaffinity moves
 * the caller before it returns), cpu_id and cpu_id_start are that CPU and
 * agree with getcpu(2); a thread spinning in user code without system calls,
 * whose mask another thread changes to the other CPU, sees its cpu_id turn
 * into that CPU (within a generous bound). glibc registers its own area at
 * start-up (2.35+); the test unregisters it first, as rseq_basic.c does.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lvtest.h"

#define MY_SIG 0x53053053u
#define GLIBC_RSEQ_SIG 0xd428bc00u
#define BOUND_NS 20000000000ULL /* 20 s: the host may not run both virtual CPUs at once */

struct rseq_area {
	uint32_t cpu_id_start, cpu_id;
	uint64_t rseq_cs;
	uint32_t flags;
} __attribute__((aligned(32)));

static __thread struct rseq_area area;

static long sys_rseq(void *a, uint32_t len, int flags, uint32_t sig)
{
	return syscall(SYS_rseq, a, len, flags, sig);
}

/* glibc's registration of this thread's area, if any, is undone so that
 * register_area can register the test's own. A thread glibc did not
 * register (once main unregistered, glibc leaves new threads alone) gets
 * EINVAL here, which the caller ignores. */
static void drop_glibc_area(void)
{
#ifdef __GLIBC__
	extern const ptrdiff_t __rseq_offset;
	extern const unsigned int __rseq_size;
	if (__rseq_size) {
		void *glibc_area = (char *)__builtin_thread_pointer() + __rseq_offset;
		(void)sys_rseq(glibc_area, 32, 1, GLIBC_RSEQ_SIG);
	}
#endif
}

static int register_area(void)
{
	area.cpu_id = 77;
	area.cpu_id_start = 77;
	return (int)sys_rseq(&area, 32, 0, MY_SIG);
}

static unsigned cpu_now(void)
{
	unsigned cpu = 99, node = 99;
	if (syscall(SYS_getcpu, &cpu, &node, NULL) != 0)
		return 98;
	return cpu;
}

static int pin(pid_t tid, int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(tid, sizeof(set), &set);
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* The spinner: registers its area, reports its tid, then spins without
 * system calls until its cpu_id names the CPU main asks for, or a bound. */
static pid_t spinner_tid;	  /* [atomic] */
static int spinner_ready;	  /* [atomic] its area is registered, pinned to CPU 0 */
static int spinner_target = -1;	  /* [atomic] the CPU main moved it to */
static int spinner_result = -1;	  /* [atomic] 1: seen there, 0: not within the bound */
static int spinner_start_ok = -1; /* [atomic] cpu_id was 0 while pinned there */

static void *spinner(void *arg)
{
	(void)arg;
	drop_glibc_area();
	if (register_area() != 0 || pin(0, 0) != 0) {
		__atomic_store_n(&spinner_result, 0, __ATOMIC_RELEASE);
		__atomic_store_n(&spinner_ready, 1, __ATOMIC_RELEASE);
		return 0;
	}
	__atomic_store_n(&spinner_start_ok, area.cpu_id == 0 && area.cpu_id_start == 0, __ATOMIC_RELAXED);
	__atomic_store_n(&spinner_tid, (pid_t)syscall(SYS_gettid), __ATOMIC_RELEASE);
	__atomic_store_n(&spinner_ready, 1, __ATOMIC_RELEASE);
	int target;
	while ((target = __atomic_load_n(&spinner_target, __ATOMIC_ACQUIRE)) < 0)
		;
	uint64_t end = now_ns() + BOUND_NS; /* clock_gettime is the vDSO: no system call */
	int seen = 0;
	while (!seen && now_ns() < end)
		seen = __atomic_load_n(&area.cpu_id, __ATOMIC_RELAXED) == (uint32_t)target &&
		       __atomic_load_n(&area.cpu_id_start, __ATOMIC_RELAXED) == (uint32_t)target;
	__atomic_store_n(&spinner_result, seen, __ATOMIC_RELEASE);
	return 0;
}

int main(void)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	sched_getaffinity(0, sizeof(set), &set);
	int n = CPU_COUNT(&set);
	say("CPUs: %d\n", n);
	if (n < 2) {
		done();
		return 0;
	}
	drop_glibc_area();
	say("register: %d\n", register_area());

	/* Pinning itself: the area names each CPU once the call returns. */
	int good = 0, rounds = 0;
	for (int round = 0; round < 4; round++) {
		for (int cpu = 0; cpu < n; cpu++) {
			rounds++;
			if (pin(0, cpu) != 0) {
				say("pin to CPU %d: %s\n", cpu, errname(errno));
				continue;
			}
			uint32_t id = area.cpu_id, start = area.cpu_id_start;
			unsigned got = cpu_now();
			if (id == (uint32_t)cpu && start == (uint32_t)cpu && got == (unsigned)cpu)
				good++;
			else
				say("pinned to CPU %d: cpu_id %u cpu_id_start %u getcpu %u\n", cpu, id, start, got);
		}
	}
	say("pinned moves where cpu_id followed: %d of %d\n", good, rounds);

	/* Moved by another thread while spinning in user code. */
	pin(0, 0);
	pthread_t th;
	if (pthread_create(&th, NULL, spinner, NULL) != 0) {
		say("pthread_create failed\n");
		return 1;
	}
	while (!__atomic_load_n(&spinner_ready, __ATOMIC_ACQUIRE))
		sched_yield();
	pid_t tid = __atomic_load_n(&spinner_tid, __ATOMIC_ACQUIRE);
	if (tid) {
		say("spinner on CPU 0: cpu_id 0: %s\n",
		    __atomic_load_n(&spinner_start_ok, __ATOMIC_RELAXED) == 1 ? "yes" : "no");
		say("move spinner to CPU 1: %d\n", pin(tid, 1));
		pin(0, 0); /* main stays off CPU 1 so the spinner can run there */
		__atomic_store_n(&spinner_target, 1, __ATOMIC_RELEASE);
	}
	pthread_join(th, NULL);
	say("spinner saw cpu_id 1: %s\n", __atomic_load_n(&spinner_result, __ATOMIC_ACQUIRE) == 1 ? "yes" : "no");
	done();
	return 0;
}
