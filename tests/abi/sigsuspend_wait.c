/*
 * sigsuspend_wait.c — waiting for signals (kernel/signal.c): sigsuspend
 * runs the handler of a signal that was blocked outside it, returns EINTR
 * and leaves the old mask in place; sigtimedwait takes a blocked pending
 * signal without running a handler (with its si_code), times out with
 * EAGAIN, and picks up a signal another thread sends while it waits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "lvtest.h"

static volatile int handled;
static pid_t main_tid;

static void on_usr1(int sig)
{
	handled++;
}

static void *poke(void *arg)
{
	struct timespec ts = {0, 30 * 1000000L};
	nanosleep(&ts, 0);
	syscall(SYS_tgkill, getpid(), main_tid, (int)(long)arg);
	return 0;
}

int main(void)
{
	main_tid = (pid_t)syscall(SYS_gettid);
	signal(SIGUSR1, on_usr1);
	sigset_t usr1, empty, now;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &usr1, 0);
	pthread_t t;
	pthread_create(&t, 0, poke, (void *)(long)SIGUSR1);
	int r = sigsuspend(&empty);
	say("sigsuspend: %d %s, handler ran: %d\n", r, errname(errno), handled);
	sigprocmask(SIG_BLOCK, 0, &now);
	say("SIGUSR1 blocked again afterwards: %d\n", sigismember(&now, SIGUSR1));
	pthread_join(t, 0);

	sigset_t usr2;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, 0);
	raise(SIGUSR2);
	siginfo_t info;
	r = sigwaitinfo(&usr2, &info);
	say("sigwaitinfo: %d (SIGUSR2: %d), si_code SI_TKILL: %d\n", r, r == SIGUSR2, info.si_code == SI_TKILL);
	struct timespec ts = {0, 20 * 1000000L};
	expect_err("sigtimedwait with nothing pending", sigtimedwait(&usr2, &info, &ts), errno, EAGAIN);
	pthread_create(&t, 0, poke, (void *)(long)SIGUSR2);
	r = sigwaitinfo(&usr2, &info);
	say("sigwaitinfo woken by another thread: %d\n", r == SIGUSR2);
	pthread_join(t, 0);
	sigpending(&now);
	say("nothing left pending: %d\n", !sigismember(&now, SIGUSR2));
	done();
	return 0;
}
