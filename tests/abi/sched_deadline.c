/* sched_deadline: SCHED_DEADLINE through sched_setattr/sched_getattr (Linux
 * kernel/sched/deadline.c, syscalls in core.c, sched(7)): the reservation
 * reads back as set; __checkparam_dl's EINVAL rules; EPERM without
 * CAP_SYS_NICE, with an affinity that leaves out an online CPU, or with
 * kernel.sched_rt_runtime_us 0; admission control (EBUSY once the
 * bandwidths would pass sched_rt_runtime_us/sched_rt_period_us of every
 * CPU, the bandwidth given back when the task exits); sysctl limits that
 * would not hold the admitted bandwidth (EBUSY) or are inconsistent
 * (EINVAL); fork of a deadline task EAGAIN unless SCHED_RESET_ON_FORK;
 * sched_setaffinity of a deadline task EBUSY unless every CPU stays; and
 * the CBS: a task busy-looping under a 10 ms / 100 ms reservation gets far
 * less than the whole CPU. Children report through pipes (handshakes). */
#include "lvtest.h"
#include "sched_test.h"
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#define SCHED_DEADLINE 6
#define RESET_ON_FORK_FLAG 1ULL
#define MS 1000000ULL

static long set_dl(int pid, unsigned long long runtime, unsigned long long deadline, unsigned long long period,
		   unsigned long long flags)
{
	struct attr a = {.size = sizeof(a), .policy = SCHED_DEADLINE, .flags = flags};
	a.runtime = runtime;
	a.deadline = deadline;
	a.period = period;
	return syscall(SYS_sched_setattr, pid, &a, 0);
}

static void expect_dl_einval(const char *label, unsigned long long runtime, unsigned long long deadline,
			     unsigned long long period)
{
	errno = 0;
	expect_err(label, set_dl(0, runtime, deadline, period, 0), errno, EINVAL);
}

/* A child that becomes a 90 ms / 100 ms deadline task, says so on ready
 * (its setattr's errno, 0 for success) and sleeps until killed. */
static pid_t dl_sleeper(int ready)
{
	pid_t pid = fork();
	if (pid == 0) {
		char e = set_dl(0, 90 * MS, 100 * MS, 100 * MS, 0) ? (char)errno : 0;
		if (write(ready, &e, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	return pid;
}

/* A new dl_sleeper (*pid) and the errno of its admission (0: admitted).
 * With retry, tried again for up to a second while EBUSY: Linux gives a
 * dead or departed deadline task's bandwidth back only at its 0-lag time
 * (deadline.c task_non_contending, inactive_task_timer), up to a period
 * after it exited or left the class. */
static int admit(int fds[2], int retry, pid_t *pid)
{
	for (int tries = 0;; tries++) {
		*pid = dl_sleeper(fds[1]);
		char e = -1;
		if (read(fds[0], &e, 1) != 1)
			e = -1;
		if (!retry || e != EBUSY || tries == 100)
			return e;
		kill(*pid, SIGKILL);
		waitpid(*pid, NULL, 0);
		usleep(10000);
	}
}

/* admit, then the sleeper killed and reaped. */
static int try_admit(int fds[2], int retry)
{
	pid_t pid;
	int e = admit(fds, retry, &pid);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return e;
}

static double now_s(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* In a child (its exit status: 0 when all is well): the reservation read
 * back, fork's rules, and the CBS throttling of a busy loop. */
static void deadline_child(void)
{
	if (set_dl(0, 10 * MS, 30 * MS, 30 * MS, 0))
		_exit(10);
	struct attr a;
	memset(&a, 0xee, sizeof(a));
	if (syscall(SYS_sched_getattr, 0, &a, sizeof(a), 0))
		_exit(11);
	say("getattr: size %u policy %u flags %llu nice %d prio %u runtime %llu deadline %llu period %llu\n", a.size,
	    a.policy, a.flags, a.nice, a.prio, a.runtime, a.deadline, a.period);
	say("getscheduler: %ld\n", syscall(SYS_sched_getscheduler, 0));
	struct timespec ts;
	show_ret("rr_get_interval", syscall(SYS_sched_rr_get_interval, 0, &ts), errno);
	say("rr interval: %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
	errno = 0;
	show_ret("same reservation again", set_dl(0, 10 * MS, 30 * MS, 30 * MS, 0), errno);
	int prio = 0;
	errno = 0;
	expect_err("setparam on a deadline task", syscall(SYS_sched_setparam, 0, &prio), errno, EINVAL);
	errno = 0;
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	expect_err("fork of a deadline task", pid, errno, EAGAIN);
	show_ret("sched_yield", syscall(SYS_sched_yield), errno);

	/* SCHED_FLAG_RESET_ON_FORK: the child is SCHED_OTHER */
	errno = 0;
	show_ret("setattr with RESET_ON_FORK", set_dl(0, 10 * MS, 100 * MS, 100 * MS, RESET_ON_FORK_FLAG), errno);
	memset(&a, 0, sizeof(a));
	syscall(SYS_sched_getattr, 0, &a, sizeof(a), 0);
	say("getattr flags %llu runtime %llu period %llu\n", a.flags, a.runtime, a.period);
	int fds[2];
	if (pipe(fds))
		_exit(12);
	pid = fork();
	if (pid == 0) {
		char policy = (char)syscall(SYS_sched_getscheduler, 0);
		_exit(write(fds[1], &policy, 1) == 1 ? 0 : 1);
	}
	char policy = -1;
	if (pid < 0 || read(fds[0], &policy, 1) != 1)
		say("fork with RESET_ON_FORK failed: %s\n", errname(errno));
	else
		say("child's policy: %d\n", policy);
	waitpid(pid, NULL, 0);

	/* sched_setaffinity must keep every online CPU (one CPU: no subset) */
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	errno = 0;
	long r = sched_setaffinity(0, sizeof(one), &one);
	int many = sysconf(_SC_NPROCESSORS_ONLN) > 1;
	yesno("setaffinity to CPU 0 alone: EBUSY if more CPUs, else allowed",
	      many ? r == -1 && errno == EBUSY : r == 0);

	/* The CBS: 10 ms every 100 ms, busy for a second of wall time */
	double wall0 = now_s(CLOCK_MONOTONIC), cpu0 = now_s(CLOCK_THREAD_CPUTIME_ID);
	while (now_s(CLOCK_MONOTONIC) - wall0 < 1.0)
		;
	double cpu = now_s(CLOCK_THREAD_CPUTIME_ID) - cpu0, wall = now_s(CLOCK_MONOTONIC) - wall0;
	yesno("busy loop throttled (CPU time under 40% of wall time)", cpu < 0.4 * wall);
	yesno("busy loop ran (CPU time over 2% of wall time)", cpu > 0.02 * wall);
	_exit(0);
}

int main(void)
{
	int st;
	long ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	say_file("sched_rt_period_us", "/proc/sys/kernel/sched_rt_period_us");
	say_file("sched_rt_runtime_us", "/proc/sys/kernel/sched_rt_runtime_us");

	/* __checkparam_dl */
	expect_dl_einval("deadline 0", 10 * MS, 0, 30 * MS);
	expect_dl_einval("runtime below 1024 ns", 1000, 30 * MS, 30 * MS);
	expect_dl_einval("runtime above deadline", 40 * MS, 30 * MS, 30 * MS);
	expect_dl_einval("deadline above period", 10 * MS, 40 * MS, 30 * MS);
	expect_dl_einval("period below 100 us", 10000, 50000, 50000);
	expect_dl_einval("period above 2^22 us", 10 * MS, 30 * MS, 5000 * MS);
	expect_dl_einval("deadline bit 63", 10 * MS, 1ULL << 63, 0);
	expect_dl_einval("period bit 63", 10 * MS, 30 * MS, 1ULL << 63);
	struct attr a = {.size = sizeof(a), .policy = SCHED_DEADLINE, .prio = 1};
	a.runtime = 10 * MS;
	a.deadline = a.period = 30 * MS;
	errno = 0;
	expect_err("priority 1", syscall(SYS_sched_setattr, 0, &a, 0), errno, EINVAL);
	errno = 0;
	expect_err("no such pid", set_dl(99999, 10 * MS, 30 * MS, 30 * MS, 0), errno, ESRCH);

	/* the reservation, fork, the CBS */
	pid_t pid = fork();
	if (pid == 0)
		deadline_child();
	waitpid(pid, &st, 0);
	say("deadline child: exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	say("parent's policy: %ld\n", syscall(SYS_sched_getscheduler, 0));

	/* period 0 means the deadline; leaving the class */
	pid = fork();
	if (pid == 0) {
		long r = set_dl(0, 1 * MS, 20 * MS, 0, 0);
		struct attr b;
		memset(&b, 0, sizeof(b));
		syscall(SYS_sched_getattr, 0, &b, sizeof(b), 0);
		say("period 0: ret %ld period %llu\n", r, b.period);
		struct attr other = {.size = sizeof(other)};
		say("back to SCHED_OTHER: ret %ld\n", syscall(SYS_sched_setattr, 0, &other, 0));
		say("policy now: %ld\n", syscall(SYS_sched_getscheduler, 0));
		_exit(0);
	}
	waitpid(pid, NULL, 0);

	/* EPERM: without CAP_SYS_NICE; an affinity without every CPU */
	pid = fork();
	if (pid == 0) {
		if (setuid(1000))
			_exit(99);
		errno = 0;
		expect_err("unprivileged", set_dl(0, 10 * MS, 30 * MS, 30 * MS, 0), errno, EPERM);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	pid = fork();
	if (pid == 0) {
		cpu_set_t one;
		CPU_ZERO(&one);
		CPU_SET(0, &one);
		if (sched_setaffinity(0, sizeof(one), &one))
			_exit(98);
		errno = 0;
		long r = set_dl(0, 10 * MS, 30 * MS, 30 * MS, 0);
		yesno("affinity CPU 0 alone: EPERM if more CPUs, else allowed",
		      ncpus > 1 ? r == -1 && errno == EPERM : r == 0);
		_exit(0);
	}
	waitpid(pid, NULL, 0);

	/* admission: one 90 ms / 100 ms task per CPU fits in 95 %, one more does not */
	int fds[2];
	if (pipe(fds))
		return 1;
	pid_t sleepers[64];
	int admitted = 0;
	for (long i = 0; i < ncpus && i < 64; i++)
		admitted += admit(fds, 1, &sleepers[i]) == 0;
	yesno("one 90% task per CPU admitted", admitted == ncpus);
	int e = try_admit(fds, 0);
	say("one more: %s\n", e ? errname(e) : "admitted");

	/* the sysctl limits: below what is admitted (EBUSY), inconsistent (EINVAL) */
	char text[32];
	snprintf(text, sizeof text, "%ld", 800000 / ncpus);
	errno = 0;
	expect_err("runtime below the admitted bandwidth", write_sysctl("/proc/sys/kernel/sched_rt_runtime_us", text),
		   errno, EBUSY);
	errno = 0;
	expect_err("runtime above period", write_sysctl("/proc/sys/kernel/sched_rt_runtime_us", "1000001"), errno,
		   EINVAL);
	errno = 0;
	expect_err("period 0", write_sysctl("/proc/sys/kernel/sched_rt_period_us", "0"), errno, EINVAL);
	errno = 0;
	expect_err("runtime -2", write_sysctl("/proc/sys/kernel/sched_rt_runtime_us", "-2"), errno, EINVAL);
	say_file("sched_rt_runtime_us unchanged", "/proc/sys/kernel/sched_rt_runtime_us");

	for (long i = 0; i < ncpus && i < 64; i++) {
		kill(sleepers[i], SIGKILL);
		waitpid(sleepers[i], NULL, 0);
	}
	/* their bandwidth is free again */
	e = try_admit(fds, 1);
	say("after they exited: %s\n", e ? errname(e) : "admitted");

	/* sched_rt_runtime_us 0: no deadline bandwidth at all (EPERM); the
	 * write waits as try_admit does for the last sleeper's bandwidth */
	long r;
	for (int tries = 0;
	     (r = write_sysctl("/proc/sys/kernel/sched_rt_runtime_us", "0")) == -1 && errno == EBUSY && tries < 100;
	     tries++)
		usleep(10000);
	show_ret("runtime 0", r, errno);
	e = try_admit(fds, 0);
	say("with runtime 0: %s\n", e ? errname(e) : "admitted");
	show_ret("runtime back", write_sysctl("/proc/sys/kernel/sched_rt_runtime_us", "950000"), errno);
	say_file("sched_rt_runtime_us", "/proc/sys/kernel/sched_rt_runtime_us");
	done();
	return 0;
}
