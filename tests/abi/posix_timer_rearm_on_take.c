/* posix_timer_rearm_on_take: a periodic POSIX timer is re-armed when its
 * signal is taken, not at its expiry (Linux 6.1 kernel/time/posix-timers.c:
 * posix_timer_fn returns HRTIMER_NORESTART; dequeue_signal calls
 * posixtimer_rearm, which forwards the timer past now and counts the
 * periods it missed as the overrun). So:
 *  - while its signal is blocked and pending, timer_gettime shows the timer
 *    moved past now (common_timer_get forwards it), never more than a period;
 *  - the overrun of the signal taken counts the periods missed, and
 *    timer_getoverrun says the same; taking it arms the timer again;
 *  - timer_settime while the old signal is pending wins: taking that signal
 *    re-arms nothing;
 *  - the same for a timer on the process's CPU clock;
 *  - a 1 us period cannot flood the CPU: a handler counts 200 signals while
 *    the program keeps running, and a 1 us SIGEV_NONE timer (never armed)
 *    costs nothing. No output depends on timing. */
#include "lvtest.h"
#include <signal.h>
#include <time.h>

struct kevent { /* the kernel's struct sigevent */
	union sigval value;
	int signo;
	int notify;
	int tid;
	int pad[11];
};

static volatile sig_atomic_t handled;

static void on_usr2(int sig)
{
	(void)sig;
	handled++;
}

static long long now_ns(int clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int make_timer(int clock, int notify, int signo)
{
	struct kevent ev;
	memset(&ev, 0, sizeof(ev));
	ev.notify = notify;
	ev.signo = signo;
	ev.value.sival_int = 42;
	int id = -1;
	if (syscall(SYS_timer_create, clock, &ev, &id))
		say("timer_create: %s\n", errname(errno));
	return id;
}

static void set_timer(int id, long long value_ns, long long interval_ns)
{
	struct itimerspec v = {{interval_ns / 1000000000LL, interval_ns % 1000000000LL},
			       {value_ns / 1000000000LL, value_ns % 1000000000LL}};
	if (syscall(SYS_timer_settime, id, 0, &v, NULL))
		say("timer_settime: %s\n", errname(errno));
}

static long long left_ns(int id)
{
	struct itimerspec v;
	syscall(SYS_timer_gettime, id, &v);
	return (long long)v.it_value.tv_sec * 1000000000LL + v.it_value.tv_nsec;
}

static int is_pending(int sig)
{
	sigset_t p;
	sigpending(&p);
	return sigismember(&p, sig);
}

/* Spins until sig is pending (10 s at most): 1 if it is. */
static int wait_pending(int sig)
{
	long long deadline = now_ns(CLOCK_MONOTONIC) + 10000000000LL;
	while (!is_pending(sig) && now_ns(CLOCK_MONOTONIC) < deadline)
		;
	return is_pending(sig);
}

static int take(int sig, siginfo_t *si)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	struct timespec none = {0, 0};
	memset(si, 0, sizeof(*si));
	return sigtimedwait(&s, si, &none);
}

/* A periodic 1 ms timer on clock: pending, then 30 ms on that clock, then taken. */
static void periodic(const char *name, int clock)
{
	const long long period = 1000000;
	int id = make_timer(clock, SIGEV_SIGNAL, SIGUSR1);
	set_timer(id, period, period);
	say("%s: first expiry pending %d\n", name, wait_pending(SIGUSR1));
	long long left = left_ns(id);
	say("%s: while pending, moved past now, within a period: %d\n", name, left > 0 && left <= period);
	long long end = now_ns(clock) + 30 * period;
	while (now_ns(clock) < end)
		;
	siginfo_t si;
	int sig = take(SIGUSR1, &si);
	int overrun = (int)syscall(SYS_timer_getoverrun, id);
	say("%s: taken %d SI_TIMER %d value %d, overrun >= 10 %d, getoverrun same %d\n", name, sig == SIGUSR1,
	    si.si_code == SI_TIMER, si.si_value.sival_int, si.si_overrun >= 10, overrun == si.si_overrun);
	left = left_ns(id);
	say("%s: re-armed within a period: %d\n", name, left > 0 && left <= period);
	say("%s: fires again %d\n", name, wait_pending(SIGUSR1));
	/* set again while that signal is pending: taking it re-arms nothing */
	set_timer(id, 100 * 1000000000LL, 100 * 1000000000LL);
	sig = take(SIGUSR1, &si);
	left = left_ns(id);
	say("%s: old signal taken %d, new setting kept: %d\n", name, sig == SIGUSR1, left > 99 * 1000000000LL);
	say("%s: nothing more pending %d\n", name, !is_pending(SIGUSR1));
	syscall(SYS_timer_delete, id);
}

int main(void)
{
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);

	periodic("monotonic", CLOCK_MONOTONIC);
	periodic("process cpu", CLOCK_PROCESS_CPUTIME_ID);

	/* a 1 us period with a handler: one expiry per signal handled */
	signal(SIGUSR2, on_usr2);
	int id = make_timer(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGUSR2);
	set_timer(id, 1000, 1000);
	long long deadline = now_ns(CLOCK_MONOTONIC) + 20000000000LL;
	while (handled < 200 && now_ns(CLOCK_MONOTONIC) < deadline)
		getppid();
	set_timer(id, 0, 0);
	say("1 us period: 200 signals handled: %d\n", handled >= 200);
	syscall(SYS_timer_delete, id);

	/* SIGEV_NONE with a 1 us period: never armed, so free; read back as
	 * moved past now, and counting no overrun */
	id = make_timer(CLOCK_MONOTONIC, SIGEV_NONE, 0);
	set_timer(id, 1000, 1000);
	for (int i = 0; i < 20000; i++)
		getppid();
	long long left = left_ns(id);
	say("SIGEV_NONE 1 us: left within a period %d, getoverrun %ld\n", left > 0 && left <= 1000,
	    syscall(SYS_timer_getoverrun, id));
	set_timer(id, 1000, 0);
	deadline = now_ns(CLOCK_MONOTONIC) + 1000000;
	while (now_ns(CLOCK_MONOTONIC) < deadline)
		;
	say("SIGEV_NONE one-shot expired: left %lld\n", left_ns(id));
	syscall(SYS_timer_delete, id);
	say("done\n");
	return 0;
}
