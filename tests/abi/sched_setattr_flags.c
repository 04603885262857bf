/* sched_setattr_flags: sched_setattr's SCHED_FLAG_KEEP_POLICY,
 * SCHED_FLAG_KEEP_PARAMS, SCHED_FLAG_RECLAIM and SCHED_FLAG_DL_OVERRUN
 * (Linux kernel/sched/syscalls.c sys_sched_setattr, __sched_setscheduler,
 * deadline.c). KEEP_POLICY changes the parameters only; KEEP_PARAMS keeps
 * the parameters and, since __sched_setscheduler then skips
 * __setscheduler_params, the policy as well (only RESET_ON_FORK changes).
 * The deadline flags are accepted and read back by sched_getattr; with
 * DL_OVERRUN a deadline task that uses up its runtime gets SIGXCPU
 * (check_dl_overrun). */
#include "lvtest.h"
#include "sched_test.h"
#include <sched.h>
#include <signal.h>
#include <time.h>

#define SCHED_DEADLINE 6
#define F_RESET_ON_FORK 0x01ULL
#define F_RECLAIM 0x02ULL
#define F_DL_OVERRUN 0x04ULL
#define F_KEEP_POLICY 0x08ULL
#define F_KEEP_PARAMS 0x10ULL
#define MS 1000000ULL

static long set_attr(int policy, unsigned long long flags, int nice, unsigned prio)
{
	struct attr a = {.size = sizeof(a), .policy = policy, .flags = flags, .nice = nice, .prio = prio};
	return syscall(SYS_sched_setattr, 0, &a, 0);
}

static long set_dl(unsigned long long runtime, unsigned long long period, unsigned long long flags)
{
	struct attr a = {.size = sizeof(a), .policy = SCHED_DEADLINE, .flags = flags};
	a.runtime = runtime;
	a.deadline = period;
	a.period = period;
	return syscall(SYS_sched_setattr, 0, &a, 0);
}

static void show(const char *label)
{
	struct attr a;
	memset(&a, 0, sizeof(a));
	if (syscall(SYS_sched_getattr, 0, &a, sizeof(a), 0)) {
		say("%s: getattr errno=%s\n", label, errname(errno));
		return;
	}
	say("%s: policy %u flags %llu nice %d prio %u runtime %llu period %llu\n", label, a.policy, a.flags, a.nice,
	    a.prio, a.runtime, a.period);
}

static void step(const char *label, long ret)
{
	show_ret(label, ret, errno);
	show(label);
}

static volatile sig_atomic_t got_xcpu;

static void on_xcpu(int sig)
{
	(void)sig;
	got_xcpu = 1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	/* caught from the start: a deadline task with DL_OVERRUN that
	 * prints may overrun on a slow console too */
	signal(SIGXCPU, on_xcpu);
	show("start");
	errno = 0;
	step("BATCH nice 5 KEEP_POLICY", set_attr(SCHED_BATCH, F_KEEP_POLICY, 5, 0));
	errno = 0;
	step("BATCH nice 7 KEEP_PARAMS", set_attr(SCHED_BATCH, F_KEEP_PARAMS, 7, 0));
	errno = 0;
	step("FIFO 10 KEEP_PARAMS", set_attr(SCHED_FIFO, F_KEEP_PARAMS, 0, 10));
	errno = 0;
	step("FIFO 0 KEEP_PARAMS", set_attr(SCHED_FIFO, F_KEEP_PARAMS, 0, 0));
	errno = 0;
	step("IDLE KEEP_PARAMS|RESET_ON_FORK", set_attr(SCHED_IDLE, F_KEEP_PARAMS | F_RESET_ON_FORK, 0, 0));
	errno = 0;
	step("OTHER nice 3 RESET_ON_FORK", set_attr(SCHED_OTHER, F_RESET_ON_FORK, 3, 0));
	errno = 0;
	step("FIFO 20", set_attr(SCHED_FIFO, 0, 0, 20));
	errno = 0;
	step("OTHER KEEP_PARAMS from FIFO", set_attr(SCHED_OTHER, F_KEEP_PARAMS | F_RESET_ON_FORK, -5, 0));
	errno = 0;
	step("FIFO 30 KEEP_POLICY", set_attr(SCHED_OTHER, F_KEEP_POLICY | F_RESET_ON_FORK, 0, 30));
	errno = 0;
	step("OTHER nice 0", set_attr(SCHED_OTHER, 0, 0, 0));

	errno = 0;
	step("DEADLINE RECLAIM", set_dl(10 * MS, 100 * MS, F_RECLAIM));
	errno = 0;
	step("DEADLINE RECLAIM|DL_OVERRUN", set_dl(10 * MS, 100 * MS, F_RECLAIM | F_DL_OVERRUN));
	errno = 0;
	step("DEADLINE KEEP_PARAMS", set_dl(20 * MS, 200 * MS, F_KEEP_PARAMS));
	errno = 0;
	step("DEADLINE no flags", set_dl(10 * MS, 100 * MS, 0));

	/* DL_OVERRUN: 2 ms of runtime every 50 ms, busy: SIGXCPU soon */
	errno = 0;
	step("DEADLINE 2/50 DL_OVERRUN", set_dl(2 * MS, 50 * MS, F_DL_OVERRUN));
	got_xcpu = 0;
	double t0 = now_s();
	while (!got_xcpu && now_s() - t0 < 5.0)
		;
	say("SIGXCPU on overrun: %s\n", got_xcpu ? "yes" : "no");
	errno = 0;
	step("OTHER again", set_attr(SCHED_OTHER, 0, 0, 0));
	got_xcpu = 0;
	t0 = now_s();
	while (now_s() - t0 < 0.3)
		;
	say("SIGXCPU as OTHER: %s\n", got_xcpu ? "yes" : "no");
	say("done\n");
	return 0;
}
