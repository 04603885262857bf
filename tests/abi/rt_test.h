/* rt_test.h — helpers of the real-time scheduling tests (sched_fifo_order,
 * sched_rr_slice, sched_rt_throttle, sched_rtprio_rlimit): the policy calls
 * made as system calls (musl's wrappers answer ENOSYS), pinning to one CPU
 * so the order is the scheduler's, and a page shared across fork. */
#ifndef RT_TEST_H
#define RT_TEST_H
#include "lvtest.h"
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

static inline long setscheduler(pid_t pid, int policy, const struct sched_param *p)
{
	return syscall(SYS_sched_setscheduler, pid, policy, p);
}

static inline long setparam(pid_t pid, const struct sched_param *p)
{
	return syscall(SYS_sched_setparam, pid, p);
}

static inline long getscheduler(pid_t pid)
{
	return syscall(SYS_sched_getscheduler, pid);
}

/* Pins the caller (and the children it forks) to CPU 0, and returns a
 * zeroed page shared with them (NULL: no memory). */
static inline void *pin_and_share(void)
{
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		say("setaffinity failed\n");
	void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	return page == MAP_FAILED ? NULL : page;
}

static inline void reap(pid_t pid)
{
	int st;
	waitpid(pid, &st, 0);
}

static inline double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}
#endif
