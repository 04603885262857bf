/* posix_timer_clock_set: setting the wall clock (clock_settime of
 * CLOCK_REALTIME) moves the timers and sleeps set on it as Linux's
 * clock_was_set does (kernel/time/posix-timers.c common_hrtimer_arm,
 * hrtimer.c): a POSIX timer set with TIMER_ABSTIME on CLOCK_REALTIME keeps
 * its wall-clock expiry (stepping the clock halfway halves the time left,
 * stepping it past the expiry fires it at once), a relative CLOCK_REALTIME
 * timer and a CLOCK_MONOTONIC one do not move, a SIGEV_NONE timer moves as
 * well; clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME) an hour away ends when
 * the clock is stepped past it. The clock is put back at the end. */
#include "lvtest.h"
#include "clock_set_test.h"
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>

static timer_t make_timer(int clock, int notify, int flags, long long value_ns)
{
	struct sigevent ev = {0};
	ev.sigev_notify = notify;
	ev.sigev_signo = SIGUSR1;
	timer_t id;
	show_ret("timer_create", timer_create(clock, &ev, &id), errno);
	struct itimerspec v = {{0, 0}, {value_ns / NS, value_ns % NS}};
	show_ret("timer_settime", timer_settime(id, flags, &v, NULL), errno);
	return id;
}

/* Seconds left on the timer, rounded up. */
static long left_s(timer_t id)
{
	struct itimerspec cur;
	if (timer_gettime(id, &cur))
		return -1;
	return cur.it_value.tv_sec + (cur.it_value.tv_nsec ? 1 : 0);
}

static void say_left(const char *label, timer_t id, long lo, long hi)
{
	long s = left_s(id);
	say("%s: %s\n", label, s >= lo && s <= hi ? "in range" : "FAIL");
	if (s < lo || s > hi)
		say("  (%ld s left, want %ld..%ld)\n", s, lo, hi);
}

static void abstime_sleep_moves(void)
{
	int ready[2];
	if (pipe(ready))
		return;
	long long target = now_ns(CLOCK_REALTIME) + 3600 * NS;
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec t = {target / NS, target % NS};
		close(ready[0]);
		close(ready[1]); /* the parent reads end of file: about to sleep */
		int err = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &t, NULL);
		_exit(err == 0 && now_ns(CLOCK_REALTIME) >= target ? 0 : 1);
	}
	close(ready[1]);
	char c;
	read(ready[0], &c, 1);
	close(ready[0]);
	wait_until_sleeping(pid);
	show_ret("clock_settime past the sleep", set_real(3601 * NS), errno);
	int status = 0;
	waitpid(pid, &status, 0);
	say("absolute sleep ended: exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(void)
{
	clock_set_start();
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);

	timer_t abs_t = make_timer(CLOCK_REALTIME, SIGEV_SIGNAL, TIMER_ABSTIME, real0 + 3600 * NS);
	timer_t none_t = make_timer(CLOCK_REALTIME, SIGEV_NONE, TIMER_ABSTIME, real0 + 7200 * NS);
	timer_t rel_t = make_timer(CLOCK_REALTIME, SIGEV_SIGNAL, 0, 3600 * NS);
	timer_t mono_t = make_timer(CLOCK_MONOTONIC, SIGEV_SIGNAL, 0, 3600 * NS);

	show_ret("clock_settime +30 min", set_real(1800 * NS), errno);
	say_left("absolute realtime after +30 min", abs_t, 1700, 1800);
	say_left("absolute SIGEV_NONE after +30 min", none_t, 5300, 5400);
	say_left("relative realtime after +30 min", rel_t, 3500, 3600);
	say_left("monotonic after +30 min", mono_t, 3500, 3600);

	show_ret("clock_settime -30 min", set_real(-1800 * NS), errno);
	say_left("absolute realtime after -30 min", abs_t, 5300, 5400);

	show_ret("clock_settime +61 min", set_real(3660 * NS), errno);
	struct timespec ten = {10, 0};
	siginfo_t si;
	int sig = sigtimedwait(&usr1, &si, &ten);
	say("signal: %s code SI_TIMER %s\n", sig == SIGUSR1 ? "SIGUSR1" : "none",
	    sig == SIGUSR1 && si.si_code == SI_TIMER ? "yes" : "no");
	say("absolute realtime after firing: %ld s left\n", left_s(abs_t));
	say_left("absolute SIGEV_NONE after +61 min", none_t, 3400, 3540);
	say_left("relative realtime after +61 min", rel_t, 3500, 3600);
	struct timespec zero = {0, 0};
	expect_err("no second signal", sigtimedwait(&usr1, &si, &zero), errno, EAGAIN);

	show_ret("clock put back", set_real(0), errno);
	abstime_sleep_moves();
	show_ret("clock put back again", set_real(0), errno);
	yesno("clock back within a minute", now_ns(CLOCK_REALTIME) - real0 < 60 * NS);
	done();
	return 0;
}
