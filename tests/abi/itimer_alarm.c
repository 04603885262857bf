/* itimer_alarm: setitimer/getitimer (Linux kernel/time/itimer.c) and
 * alarm() on top of them: remaining time and interval as set, EINVAL for a
 * bad which or timeval, SIGALRM (si_code SI_KERNEL) at expiry, a periodic
 * ITIMER_REAL firing again, ITIMER_PROF and ITIMER_VIRTUAL counting CPU
 * time, a child not inheriting its parent's timers, and SIGALRM's default
 * action ending a process. */
#include "lvtest.h"
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

static long long now_ns(int clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int set(int which, long vs, long vus, long is, long ius, struct itimerval *old)
{
	struct itimerval v = {{is, ius}, {vs, vus}};
	return (int)syscall(SYS_setitimer, which, &v, old);
}

static volatile sig_atomic_t got_sig, got_code;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
}

/* Spins on CPU until sig arrives or 5 s of wall time pass. */
static int burn_until(int sig)
{
	long long end = now_ns(CLOCK_MONOTONIC) + 5000000000LL;
	while (got_sig != sig && now_ns(CLOCK_MONOTONIC) < end)
		;
	return got_sig == sig;
}

int main(void)
{
	struct itimerval v;
	errno = 0;
	long r = syscall(SYS_getitimer, ITIMER_REAL, &v);
	show_ret("getitimer fresh", r, errno);
	say("fresh: %ld.%06ld %ld.%06ld\n", (long)v.it_value.tv_sec, (long)v.it_value.tv_usec,
	    (long)v.it_interval.tv_sec, (long)v.it_interval.tv_usec);
	errno = 0;
	expect_err("getitimer 3", syscall(SYS_getitimer, 3, &v), errno, EINVAL);
	errno = 0;
	expect_err("setitimer -1", set(-1, 1, 0, 0, 0, NULL), errno, EINVAL);
	errno = 0;
	expect_err("setitimer usec 1e6", set(ITIMER_REAL, 1, 1000000, 0, 0, NULL), errno, EINVAL);
	errno = 0;
	expect_err("setitimer sec -1", set(ITIMER_REAL, -1, 0, 0, 0, NULL), errno, EINVAL);
	errno = 0;
	expect_err("setitimer interval usec -1", set(ITIMER_REAL, 1, 0, 0, -1, NULL), errno, EINVAL);
	errno = 0;
	expect_err("getitimer EFAULT", syscall(SYS_getitimer, ITIMER_REAL, (void *)8), errno, EFAULT);

	/* armed: value counts down from 10 s, interval reads back exactly */
	show_ret("setitimer real 10s/1.5s", set(ITIMER_REAL, 10, 0, 1, 500000, NULL), 0);
	syscall(SYS_getitimer, ITIMER_REAL, &v);
	yesno("value in (9 s, 10 s]", v.it_value.tv_sec == 9 || (v.it_value.tv_sec == 10 && v.it_value.tv_usec == 0));
	say("interval: %ld.%06ld\n", (long)v.it_interval.tv_sec, (long)v.it_interval.tv_usec);
	struct itimerval old;
	show_ret("setitimer real 20s, old", set(ITIMER_REAL, 20, 0, 0, 0, &old), 0);
	yesno("old value in (9 s, 10 s]", old.it_value.tv_sec == 9 || old.it_value.tv_sec == 10);
	say("old interval: %ld.%06ld\n", (long)old.it_interval.tv_sec, (long)old.it_interval.tv_usec);
	/* a child starts with no timers */
	pid_t pid = fork();
	if (pid == 0) {
		struct itimerval c;
		syscall(SYS_getitimer, ITIMER_REAL, &c);
		_exit(c.it_value.tv_sec == 0 && c.it_value.tv_usec == 0 ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	yesno("child has no ITIMER_REAL", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* alarm() is setitimer(ITIMER_REAL): it returns the old value, rounded */
	say("alarm(5) returns %u\n", alarm(5));
	say("alarm(0) returns %u\n", alarm(0));
	syscall(SYS_getitimer, ITIMER_REAL, &v);
	say("after alarm(0): %ld.%06ld\n", (long)v.it_value.tv_sec, (long)v.it_value.tv_usec);

	/* expiry: SIGALRM from the kernel */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGPROF, &sa, NULL);
	sigaction(SIGVTALRM, &sa, NULL);
	sigset_t block, empty;
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &block, NULL);
	long long t0 = now_ns(CLOCK_MONOTONIC);
	set(ITIMER_REAL, 0, 20000, 0, 0, NULL);
	while (!got_sig)
		sigsuspend(&empty);
	long long t1 = now_ns(CLOCK_MONOTONIC);
	say("signal %d code %d\n", got_sig, got_code);
	yesno("after >= 20 ms", t1 - t0 >= 20000000LL);
	syscall(SYS_getitimer, ITIMER_REAL, &v);
	say("one-shot after expiry: %ld.%06ld\n", (long)v.it_value.tv_sec, (long)v.it_value.tv_usec);

	/* periodic: three expiries, taken with sigwaitinfo */
	set(ITIMER_REAL, 0, 5000, 0, 5000, NULL);
	int n = 0;
	for (; n < 3; n++) {
		siginfo_t si;
		if (sigwaitinfo(&block, &si) != SIGALRM || si.si_code != SI_KERNEL)
			break;
	}
	say("periodic expiries taken: %d\n", n);
	syscall(SYS_getitimer, ITIMER_REAL, &v);
	say("periodic interval: %ld.%06ld\n", (long)v.it_interval.tv_sec, (long)v.it_interval.tv_usec);
	set(ITIMER_REAL, 0, 0, 0, 0, NULL);
	syscall(SYS_getitimer, ITIMER_REAL, &v);
	say("disarmed: %ld.%06ld %ld.%06ld\n", (long)v.it_value.tv_sec, (long)v.it_value.tv_usec,
	    (long)v.it_interval.tv_sec, (long)v.it_interval.tv_usec);

	/* CPU-time timers: SIGPROF and SIGVTALRM while we spin */
	got_sig = 0;
	show_ret("setitimer prof 30ms", set(ITIMER_PROF, 0, 30000, 0, 0, NULL), 0);
	syscall(SYS_getitimer, ITIMER_PROF, &v);
	yesno("prof value armed", v.it_value.tv_sec > 0 || v.it_value.tv_usec > 0);
	yesno("SIGPROF while spinning", burn_until(SIGPROF));
	say("code %d\n", got_code);
	got_sig = 0;
	show_ret("setitimer virtual 30ms", set(ITIMER_VIRTUAL, 0, 30000, 0, 0, NULL), 0);
	yesno("SIGVTALRM while spinning", burn_until(SIGVTALRM));
	syscall(SYS_getitimer, ITIMER_VIRTUAL, &v);
	say("virtual after expiry: %ld.%06ld\n", (long)v.it_value.tv_sec, (long)v.it_value.tv_usec);

	/* SIGALRM's default action ends the process */
	pid = fork();
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		sigprocmask(SIG_SETMASK, &empty, NULL);
		set(ITIMER_REAL, 0, 10000, 0, 0, NULL);
		for (;;)
			pause();
	}
	waitpid(pid, &st, 0);
	say("child: signaled %d sig %d\n", WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : -1);
	done();
	return 0;
}
