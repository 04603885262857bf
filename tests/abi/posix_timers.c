/* posix_timers: timer_create/settime/gettime/getoverrun/delete through
 * raw system calls (Linux kernel/time/posix-timers.c): the default
 * sigevent (SIGALRM, si_value = the id), SIGEV_SIGNAL with si_code
 * SI_TIMER, si_timerid and si_value, SIGEV_THREAD_ID, SIGEV_NONE read back
 * by timer_gettime, overruns counted while the signal is blocked (in
 * si_overrun and timer_getoverrun), TIMER_ABSTIME, a CPU-time clock, and
 * the errors: bad clock, sigevent, id and itimerspec. */
#include "lvtest.h"
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#ifndef SIGEV_THREAD_ID
#define SIGEV_THREAD_ID 4
#endif

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

struct kevent { /* the kernel's struct sigevent */
	union sigval value;
	int signo;
	int notify;
	int tid;
	int pad[11];
};

static long tcreate(int clock, struct kevent *ev, int *id)
{
	return syscall(SYS_timer_create, clock, ev, id);
}

static long tset(int id, int flags, long vs, long vns, long is, long ins, struct itimerspec *old)
{
	struct itimerspec v = {{is, ins}, {vs, vns}};
	return syscall(SYS_timer_settime, id, flags, &v, old);
}

/* Waits for one of set's signals: its siginfo. */
static int wait_sig(int sig, siginfo_t *si)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	struct timespec limit = {5, 0};
	return sigtimedwait(&s, si, &limit);
}

int main(void)
{
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &block, NULL);

	/* the default sigevent: SIGALRM with the id as si_value */
	int id0 = -1, id1 = -1, id2 = -1;
	errno = 0;
	show_ret("create monotonic NULL", tcreate(CLOCK_MONOTONIC, NULL, &id0), errno);
	yesno("id >= 0", id0 >= 0);
	show_ret("settime 10ms", tset(id0, 0, 0, 10000000, 0, 0, NULL), 0);
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	int sig = wait_sig(SIGALRM, &si);
	say("signal %d code %d (SI_TIMER %d) value==id %d overrun %d\n", sig, si.si_code, SI_TIMER,
	    si.si_value.sival_int == id0, si.si_overrun);
	struct itimerspec cur;
	syscall(SYS_timer_gettime, id0, &cur);
	say("after expiry: %ld.%09ld %ld.%09ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec,
	    (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);

	/* SIGEV_SIGNAL with a value; ids differ */
	struct kevent ev;
	memset(&ev, 0, sizeof(ev));
	ev.notify = SIGEV_SIGNAL;
	ev.signo = SIGUSR1;
	ev.value.sival_ptr = (void *)0x12345678abcdULL;
	show_ret("create realtime SIGUSR1", tcreate(CLOCK_REALTIME, &ev, &id1), 0);
	yesno("second id differs", id1 != id0 && id1 >= 0);
	/* armed: gettime counts down, interval reads back */
	tset(id1, 0, 30, 0, 1, 250, NULL);
	syscall(SYS_timer_gettime, id1, &cur);
	yesno("value in (29 s, 30 s]",
	      cur.it_value.tv_sec == 29 || (cur.it_value.tv_sec == 30 && !cur.it_value.tv_nsec));
	say("interval %ld.%09ld\n", (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);
	/* TIMER_ABSTIME in the past: due at once */
	struct itimerspec old;
	struct timespec rt;
	clock_gettime(CLOCK_REALTIME, &rt);
	show_ret("settime abstime past", tset(id1, TIMER_ABSTIME, rt.tv_sec - 1, 0, 0, 0, &old), 0);
	yesno("old value was armed", old.it_value.tv_sec >= 29);
	memset(&si, 0, sizeof(si));
	sig = wait_sig(SIGUSR1, &si);
	say("signal %d code %d tid==id %d value ok %d\n", sig, si.si_code, si.si_timerid == id1,
	    si.si_value.sival_ptr == (void *)0x12345678abcdULL);
	/* TIMER_ABSTIME in the future on CLOCK_REALTIME */
	clock_gettime(CLOCK_REALTIME, &rt);
	long long t0 = now_ns();
	long long when = (long long)rt.tv_sec * 1000000000LL + rt.tv_nsec + 20000000LL;
	tset(id1, TIMER_ABSTIME, when / 1000000000LL, when % 1000000000LL, 0, 0, NULL);
	sig = wait_sig(SIGUSR1, &si);
	say("abstime +20ms: signal %d, waited >= 19 ms %d\n", sig, now_ns() - t0 >= 19000000LL);

	/* overruns: a 1 ms periodic timer while its signal stays blocked */
	ev.notify = SIGEV_SIGNAL;
	ev.signo = SIGRTMIN + 1;
	ev.value.sival_int = 77;
	show_ret("create periodic", tcreate(CLOCK_MONOTONIC, &ev, &id2), 0);
	long long set_at = now_ns();
	tset(id2, 0, 0, 1000000, 0, 1000000, NULL);
	long long end = now_ns() + 60000000LL;
	while (now_ns() < end)
		; /* 60 ms: ~59 expiries while the first is pending */
	memset(&si, 0, sizeof(si));
	sig = wait_sig(SIGRTMIN + 1, &si);
	/* At most one overrun per whole period that passed until the signal
	 * was taken (a loaded host can stretch that well past 60 ms). */
	long long elapsed_periods = (now_ns() - set_at) / 1000000LL;
	int ovr = (int)syscall(SYS_timer_getoverrun, id2);
	say("periodic: signal ok %d value %d overrun >= 20 %d, <= elapsed periods %d, getoverrun same %d\n",
	    sig == SIGRTMIN + 1, si.si_value.sival_int, si.si_overrun >= 20, si.si_overrun <= elapsed_periods,
	    ovr == si.si_overrun);
	tset(id2, 0, 0, 0, 0, 0, NULL);
	show_ret("delete periodic", syscall(SYS_timer_delete, id2), 0);
	errno = 0;
	expect_err("delete again", syscall(SYS_timer_delete, id2), errno, EINVAL);
	errno = 0;
	expect_err("getoverrun deleted", syscall(SYS_timer_getoverrun, id2), errno, EINVAL);

	/* SIGEV_NONE: no signal, timer_gettime shows the time left */
	ev.notify = SIGEV_NONE;
	int idn = -1;
	show_ret("create SIGEV_NONE", tcreate(CLOCK_MONOTONIC, &ev, &idn), 0);
	tset(idn, 0, 0, 20000000, 0, 0, NULL);
	syscall(SYS_timer_gettime, idn, &cur);
	yesno("none: armed", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 20000000);
	end = now_ns() + 30000000LL;
	while (now_ns() < end)
		;
	syscall(SYS_timer_gettime, idn, &cur);
	say("none after expiry: %ld.%09ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
	sigset_t pend;
	sigpending(&pend);
	yesno("nothing pending", !sigismember(&pend, SIGALRM) && !sigismember(&pend, SIGUSR1));

	/* SIGEV_THREAD_ID: our own thread id; another process's is EINVAL */
	ev.notify = SIGEV_THREAD_ID;
	ev.signo = SIGUSR1;
	ev.tid = (int)syscall(SYS_gettid);
	int idt = -1;
	show_ret("create THREAD_ID self", tcreate(CLOCK_MONOTONIC, &ev, &idt), 0);
	tset(idt, 0, 0, 5000000, 0, 0, NULL);
	sig = wait_sig(SIGUSR1, &si);
	say("thread_id: signal %d code %d\n", sig, si.si_code);
	ev.tid = getppid();
	errno = 0;
	expect_err("create THREAD_ID other process", tcreate(CLOCK_MONOTONIC, &ev, &idt), errno, EINVAL);

	/* a CPU-time clock */
	int idc = -1;
	ev.notify = SIGEV_SIGNAL;
	ev.signo = SIGUSR1;
	show_ret("create process cputime", tcreate(CLOCK_PROCESS_CPUTIME_ID, &ev, &idc), 0);
	tset(idc, 0, 0, 20000000, 0, 0, NULL);
	end = now_ns() + 5000000000LL;
	int cpu_fired = 0;
	while (!cpu_fired && now_ns() < end) {
		sigpending(&pend);
		cpu_fired = sigismember(&pend, SIGUSR1);
	}
	yesno("cputime timer fired while spinning", cpu_fired);
	sig = wait_sig(SIGUSR1, &si);
	say("cputime: signal %d code %d\n", sig, si.si_code);

	/* errors */
	int idx;
	errno = 0;
	expect_err("create clock 100", tcreate(100, NULL, &idx), errno, EINVAL);
	errno = 0;
	expect_err("create MONOTONIC_COARSE", tcreate(CLOCK_MONOTONIC_COARSE, NULL, &idx), errno, EOPNOTSUPP);
	errno = 0;
	expect_err("create MONOTONIC_RAW", tcreate(CLOCK_MONOTONIC_RAW, NULL, &idx), errno, EOPNOTSUPP);
	ev.notify = 99;
	errno = 0;
	expect_err("create notify 99", tcreate(CLOCK_MONOTONIC, &ev, &idx), errno, EINVAL);
	ev.notify = SIGEV_SIGNAL;
	ev.signo = 0;
	errno = 0;
	expect_err("create signo 0", tcreate(CLOCK_MONOTONIC, &ev, &idx), errno, EINVAL);
	ev.signo = 65;
	errno = 0;
	expect_err("create signo 65", tcreate(CLOCK_MONOTONIC, &ev, &idx), errno, EINVAL);
	errno = 0;
	expect_err("create EFAULT event", tcreate(CLOCK_MONOTONIC, (void *)8, &idx), errno, EFAULT);
	errno = 0;
	expect_err("settime bad id", tset(12345, 0, 1, 0, 0, 0, NULL), errno, EINVAL);
	errno = 0;
	expect_err("settime nsec 1e9", tset(id0, 0, 0, 1000000000, 0, 0, NULL), errno, EINVAL);
	errno = 0;
	expect_err("settime interval sec -1", tset(id0, 0, 1, 0, -1, 0, NULL), errno, EINVAL);
	errno = 0;
	expect_err("settime NULL", syscall(SYS_timer_settime, id0, 0, NULL, NULL), errno, EINVAL);
	errno = 0;
	expect_err("gettime -1", syscall(SYS_timer_gettime, -1, &cur), errno, EINVAL);
	errno = 0;
	expect_err("gettime EFAULT", syscall(SYS_timer_gettime, id0, (void *)8), errno, EFAULT);
	show_ret("getoverrun fresh", syscall(SYS_timer_getoverrun, id0), 0);

	/* a child has none of them */
	pid_t pid = fork();
	if (pid == 0)
		_exit(syscall(SYS_timer_gettime, id0, &cur) == -1 && errno == EINVAL ? 0 : 1);
	int st;
	waitpid(pid, &st, 0);
	yesno("child has no timers", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	show_ret("delete id0", syscall(SYS_timer_delete, id0), 0);
	done();
	return 0;
}
