/*
 * sched_nice_share.c — the fair scheduler weighs nice values (sched(7),
 * "The nice value"): two CPU-bound processes on one CPU, one at nice 0 and
 * one at nice 10, share it by their weights (Linux kernel/sched/core.c
 * sched_prio_to_weight: 1024 and 110, about 9 to 1).
 *
 * The parent pins itself to CPU 0 (sched_setaffinity, inherited) and forks
 * B, which sets nice 10, says it is ready (a word in a MAP_SHARED page) and
 * spins until told to stop, then A (nice 0), which waits for B's word,
 * spins until it has used 400 ms of CPU time from there, and tells B to
 * stop. Each writes the CPU time it used over that stretch (its
 * CLOCK_PROCESS_CPUTIME_ID). The bound is coarse: A got more than 3x B's
 * time (round robin gives about 1x).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lvtest.h"

#define A_WORK_NS 400000000ULL /* 400 ms */

struct shared {
	int b_ready, stop;   /* [atomic] */
	uint64_t a_ns, b_ns; /* CPU time each used while both spun */
};

static uint64_t cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void run_b(struct shared *s)
{
	if (setpriority(PRIO_PROCESS, 0, 10) != 0)
		_exit(2);
	uint64_t start = cpu_ns();
	__atomic_store_n(&s->b_ready, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE))
		;
	s->b_ns = cpu_ns() - start;
	_exit(0);
}

static void run_a(struct shared *s)
{
	while (!__atomic_load_n(&s->b_ready, __ATOMIC_ACQUIRE))
		;
	uint64_t start = cpu_ns();
	while (cpu_ns() - start < A_WORK_NS)
		;
	s->a_ns = cpu_ns() - start;
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
	_exit(0);
}

int main(void)
{
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	check("sched_setaffinity to CPU 0", sched_setaffinity(0, sizeof one, &one) == 0);
	struct shared *s = mmap(0, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED)
		return 1;
	pid_t b = fork();
	if (b == 0)
		run_b(s);
	pid_t a = fork();
	if (a == 0)
		run_a(s);
	int st_a = -1, st_b = -1;
	waitpid(a, &st_a, 0);
	waitpid(b, &st_b, 0);
	check("both children exited 0", st_a == 0 && st_b == 0);
	int ok = s->a_ns > 3 * s->b_ns;
	if (!ok)
		say("nice 0: %llu ns, nice 10: %llu ns\n", (unsigned long long)s->a_ns, (unsigned long long)s->b_ns);
	check("nice 0 got more than 3x the CPU time of nice 10", ok);
	done();
	return ok ? 0 : 1;
}
