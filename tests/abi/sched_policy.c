/* sched_policy: sched_setscheduler/getscheduler/setparam/getparam,
 * sched_get_priority_max/min, sched_rr_get_interval and
 * sched_setattr/getattr (Linux kernel/sched/core.c): policies and
 * priorities read back as set, SCHED_RESET_ON_FORK undone in a child,
 * the priority ranges, the EINVAL/ESRCH/E2BIG/EPERM rules (an
 * unprivileged process cannot become real-time). */
#include "lvtest.h"
#include "sched_test.h"
#include <sched.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif
#ifndef SCHED_IDLE
#define SCHED_IDLE 5
#endif
#ifndef SCHED_BATCH
#define SCHED_BATCH 3
#endif

static long setsched(int pid, int policy, int prio)
{
	return syscall(SYS_sched_setscheduler, pid, policy, &prio);
}

static void show_attr(const char *label, int pid, unsigned size)
{
	struct attr a;
	memset(&a, 0xee, sizeof(a));
	errno = 0;
	long r = syscall(SYS_sched_getattr, pid, &a, size, 0);
	if (r)
		show_ret(label, r, errno);
	else
		say("%s: size %u policy %u flags %llu nice %d prio %u\n", label, a.size, a.policy, a.flags, a.nice,
		    a.prio);
}

int main(void)
{
	for (int p = 0; p <= 7; p++) {
		errno = 0;
		long mx = syscall(SYS_sched_get_priority_max, p);
		int e1 = errno;
		errno = 0;
		long mn = syscall(SYS_sched_get_priority_min, p);
		say("policy %d: max %ld%s min %ld%s\n", p, mx, mx < 0 ? errname(e1) : "", mn,
		    mn < 0 ? errname(errno) : "");
	}
	say("getscheduler self: %ld\n", syscall(SYS_sched_getscheduler, 0));
	int prio = 7;
	show_ret("getparam self", syscall(SYS_sched_getparam, 0, &prio), 0);
	say("priority %d\n", prio);
	struct timespec ts;
	show_ret("rr_get_interval other", syscall(SYS_sched_rr_get_interval, 0, &ts), 0);
	/* SCHED_OTHER's slice is Linux's sched_slice in whole jiffies
	 * (get_rr_interval_fair): 0 or a few ms depending on how many tasks
	 * are runnable at that moment, so only its range is compared. */
	yesno("slice under 1 s", ts.tv_sec == 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);

	/* real-time: FIFO 10, RR 20 (with the RR time slice), back to OTHER */
	show_ret("set FIFO 10", setsched(0, SCHED_FIFO, 10), 0);
	say("getscheduler: %ld\n", syscall(SYS_sched_getscheduler, 0));
	syscall(SYS_sched_getparam, 0, &prio);
	say("priority %d\n", prio);
	syscall(SYS_sched_rr_get_interval, 0, &ts);
	say("FIFO interval %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
	prio = 30;
	show_ret("setparam 30", syscall(SYS_sched_setparam, 0, &prio), 0);
	syscall(SYS_sched_getparam, getpid(), &prio);
	say("priority %d\n", prio);
	show_ret("set RR 20", setsched(getpid(), SCHED_RR, 20), 0);
	syscall(SYS_sched_rr_get_interval, 0, &ts);
	say("RR interval %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
	show_attr("getattr RR", 0, 56);
	show_attr("getattr RR size 48", 0, 48);
	/* RESET_ON_FORK: the child is SCHED_OTHER */
	show_ret("set RR|RESET_ON_FORK", setsched(0, SCHED_RR | SCHED_RESET_ON_FORK, 5), 0);
	say("getscheduler: %#lx\n", syscall(SYS_sched_getscheduler, 0));
	show_attr("getattr reset", 0, 56);
	pid_t pid = fork();
	if (pid == 0) {
		int cp = -1;
		syscall(SYS_sched_getparam, 0, &cp);
		_exit((int)syscall(SYS_sched_getscheduler, 0) * 10 + cp);
	}
	int st;
	waitpid(pid, &st, 0);
	say("child policy*10+prio: %d\n", WEXITSTATUS(st));
	show_ret("set OTHER", setsched(0, SCHED_OTHER, 0), 0);
	say("getscheduler: %#lx\n", syscall(SYS_sched_getscheduler, 0));
	show_ret("set BATCH", setsched(0, SCHED_BATCH, 0), 0);
	say("getscheduler: %ld\n", syscall(SYS_sched_getscheduler, 0));
	show_ret("set IDLE", setsched(0, SCHED_IDLE, 0), 0);
	say("getscheduler: %ld\n", syscall(SYS_sched_getscheduler, 0));
	setsched(0, SCHED_OTHER, 0);

	/* sched_setattr: nice through the attr */
	struct attr a;
	memset(&a, 0, sizeof(a));
	a.size = 48;
	a.policy = SCHED_OTHER;
	a.nice = 5;
	show_ret("setattr OTHER nice 5", syscall(SYS_sched_setattr, 0, &a, 0), 0);
	show_attr("getattr", 0, 56);
	errno = 0;
	say("getpriority: %d\n", getpriority(PRIO_PROCESS, 0));
	a.size = 0; /* 0 means VER0 */
	a.nice = 0;
	show_ret("setattr size 0", syscall(SYS_sched_setattr, 0, &a, 0), 0);
	a.size = 40;
	errno = 0;
	expect_err("setattr size 40", syscall(SYS_sched_setattr, 0, &a, 0), errno, E2BIG);
	say("size written back: %u\n", a.size);
	char big[80];
	memset(big, 0, sizeof(big));
	memcpy(big, &a, sizeof(a));
	((struct attr *)big)->size = 80;
	big[70] = 1;
	errno = 0;
	expect_err("setattr size 80 nonzero tail", syscall(SYS_sched_setattr, 0, big, 0), errno, E2BIG);
	big[70] = 0;
	show_ret("setattr size 80 zero tail", syscall(SYS_sched_setattr, 0, big, 0), 0);
	a.size = 48;
	errno = 0;
	expect_err("setattr flags arg 1", syscall(SYS_sched_setattr, 0, &a, 1), errno, EINVAL);
	a.policy = 4;
	errno = 0;
	expect_err("setattr policy 4", syscall(SYS_sched_setattr, 0, &a, 0), errno, EINVAL);
	a.policy = SCHED_OTHER;
	a.flags = 0x80;
	errno = 0;
	expect_err("setattr flags 0x80", syscall(SYS_sched_setattr, 0, &a, 0), errno, EINVAL);
	a.flags = 0;
	errno = 0;
	expect_err("getattr size 47", syscall(SYS_sched_getattr, 0, &a, 47, 0), errno, EINVAL);
	errno = 0;
	expect_err("getattr flags 1", syscall(SYS_sched_getattr, 0, &a, 56, 1), errno, EINVAL);

	/* errors */
	errno = 0;
	expect_err("setscheduler policy 4", setsched(0, 4, 0), errno, EINVAL);
	errno = 0;
	expect_err("setscheduler policy -1", setsched(0, -1, 0), errno, EINVAL);
	errno = 0;
	expect_err("FIFO prio 0", setsched(0, SCHED_FIFO, 0), errno, EINVAL);
	errno = 0;
	expect_err("FIFO prio 100", setsched(0, SCHED_FIFO, 100), errno, EINVAL);
	errno = 0;
	expect_err("OTHER prio 1", setsched(0, SCHED_OTHER, 1), errno, EINVAL);
	errno = 0;
	expect_err("DEADLINE via setscheduler", setsched(0, 6, 0), errno, EINVAL);
	errno = 0;
	expect_err("setscheduler NULL param", syscall(SYS_sched_setscheduler, 0, 0, NULL), errno, EINVAL);
	errno = 0;
	expect_err("setscheduler pid -1", setsched(-1, 0, 0), errno, EINVAL);
	errno = 0;
	expect_err("setscheduler no such pid", setsched(99999, 0, 0), errno, ESRCH);
	errno = 0;
	expect_err("getscheduler no such pid", syscall(SYS_sched_getscheduler, 99999), errno, ESRCH);
	errno = 0;
	expect_err("getparam EFAULT", syscall(SYS_sched_getparam, 0, (void *)8), errno, EFAULT);
	errno = 0;
	expect_err("rr_get_interval -1", syscall(SYS_sched_rr_get_interval, -1, &ts), errno, EINVAL);
	errno = 0;
	expect_err("rr_get_interval EFAULT", syscall(SYS_sched_rr_get_interval, 0, (void *)8), errno, EFAULT);

	/* an unprivileged process cannot become real-time (RLIMIT_RTPRIO 0) */
	pid = fork();
	if (pid == 0) {
		if (setuid(1000))
			_exit(99);
		errno = 0;
		long r = setsched(0, SCHED_FIFO, 1);
		_exit(r == -1 && errno == EPERM ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	yesno("nonroot FIFO: EPERM", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	done();
	return 0;
}
