/* itimer_rearm_on_take: a periodic ITIMER_REAL is re-armed when its SIGALRM
 * is taken, not at its expiry (Linux kernel/time/itimer.c it_real_fn returns
 * HRTIMER_NORESTART; kernel/signal.c dequeue_signal re-arms). So:
 *  - with SIGALRM blocked and pending, getitimer shows no time left but the
 *    interval kept, and no second expiry is queued;
 *  - taking the signal (sigwaitinfo) arms it again, one period on;
 *  - a 1 us period cannot flood the CPU with expiries: a handler counts
 *    200 SIGALRMs while the program keeps running (found by sysfuzz, which
 *    hung the kernel this way). */
#include "lvtest.h"
#include <signal.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int alarm_pending(void)
{
	sigset_t p;
	sigpending(&p);
	return sigismember(&p, SIGALRM);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	sigset_t alrm;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigprocmask(SIG_BLOCK, &alrm, NULL);

	/* A 250 ms period: long enough that a loaded host cannot let it expire
	 * again between sigwaitinfo and getitimer. */
	struct itimerval v = {{0, 250000}, {0, 250000}}, cur;
	setitimer(ITIMER_REAL, &v, NULL);
	long long deadline = now_ms() + 10000;
	while (!alarm_pending() && now_ms() < deadline)
		;
	printf("pending after the first expiry: %d\n", alarm_pending());
	getitimer(ITIMER_REAL, &cur);
	printf("while pending: value %ld.%06ld interval %ld.%06ld\n", (long)cur.it_value.tv_sec,
	       (long)cur.it_value.tv_usec, (long)cur.it_interval.tv_sec, (long)cur.it_interval.tv_usec);

	siginfo_t si;
	int sig = sigwaitinfo(&alrm, &si);
	printf("taken: %s, si_code SI_KERNEL: %d\n", sig == SIGALRM ? "SIGALRM" : "other", si.si_code == SI_KERNEL);
	getitimer(ITIMER_REAL, &cur);
	long left_us = (long)cur.it_value.tv_sec * 1000000 + (long)cur.it_value.tv_usec;
	printf("re-armed after taking it: %d\n", left_us > 0 && left_us <= 250000);
	deadline = now_ms() + 10000;
	while (!alarm_pending() && now_ms() < deadline)
		;
	printf("fired again: %d\n", alarm_pending());
	sigwaitinfo(&alrm, &si);

	signal(SIGALRM, on_alarm);
	struct itimerval storm = {{0, 1}, {0, 1}}, off = {{0, 0}, {0, 0}};
	setitimer(ITIMER_REAL, &storm, NULL);
	sigprocmask(SIG_UNBLOCK, &alrm, NULL);
	deadline = now_ms() + 20000;
	while (alarms < 200 && now_ms() < deadline)
		getppid();
	setitimer(ITIMER_REAL, &off, NULL);
	printf("1 us period: 200 alarms handled: %d\n", alarms >= 200);
	printf("done\n");
	return 0;
}
