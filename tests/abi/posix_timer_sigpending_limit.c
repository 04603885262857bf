/* posix_timer_sigpending_limit: a POSIX timer holds one RLIMIT_SIGPENDING
 * charge from timer_create to timer_delete (kernel/time/posix-timers.c
 * alloc_posix_timer: sigqueue_alloc, SIGQUEUE_PREALLOC): with the limit at
 * 2, two timers can be made and a third is EAGAIN; sigqueue is then EAGAIN
 * too, but a timer's signal is still delivered (its entry is the
 * preallocated one, kernel/signal.c send_sigqueue), with SI_TIMER; after a
 * timer_delete, sigqueue works again. */
#include "lvtest.h"
#include <signal.h>
#include <sys/resource.h>
#include <time.h>

static long make_timer(int signo, timer_t *id)
{
	struct sigevent ev;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = signo;
	ev.sigev_value.sival_int = signo;
	return syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, id);
}

int main(void)
{
	int sig = SIGRTMIN + 2, sig2 = SIGRTMIN + 3;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigaddset(&set, sig2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	struct rlimit rl = {2, 2};
	show_ret("RLIMIT_SIGPENDING 2", setrlimit(RLIMIT_SIGPENDING, &rl), errno);

	int a = 0, b = 0, c = 0; /* the kernel's timer ids (an int), not glibc's timer_t */
	show_ret("first timer", make_timer(sig, (timer_t *)&a), errno);
	show_ret("second timer", make_timer(sig, (timer_t *)&b), errno);
	expect_err("third timer", make_timer(sig, (timer_t *)&c), errno, EAGAIN);
	union sigval v = {.sival_int = 7};
	expect_err("sigqueue at the limit", sigqueue(getpid(), sig2, v), errno, EAGAIN);

	struct itimerspec its;
	memset(&its, 0, sizeof(its));
	its.it_value.tv_nsec = 1000000;
	show_ret("arm the first", syscall(SYS_timer_settime, a, 0, &its, NULL), errno);
	siginfo_t si;
	int got = sigwaitinfo(&set, &si);
	say("timer's signal delivered: %s, code SI_TIMER %s, value %d\n", got == sig ? "yes" : "no",
	    si.si_code == SI_TIMER ? "yes" : "no", si.si_value.sival_int);

	show_ret("delete the second", syscall(SYS_timer_delete, b), errno);
	show_ret("sigqueue after a delete", sigqueue(getpid(), sig2, v), errno);
	got = sigwaitinfo(&set, &si);
	say("queued signal: %s, value %d\n", got == sig2 ? "yes" : "no", si.si_value.sival_int);
	show_ret("delete the first", syscall(SYS_timer_delete, a), errno);
	done();
	return 0;
}
