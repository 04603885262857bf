/*
 * signal_shared_pending.c — a signal sent to a process while every thread
 * blocks it stays pending for the process (signal(7): "process-directed"):
 * any thread sees it in sigpending and the first one to wait for it
 * (sigwait) or unblock it takes it — here a second thread that was not
 * waiting when the signal came.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static int gate[2], report[2];
static sigset_t usr;

static void *waiter(void *arg)
{
	char c;
	read(gate[0], &c, 1); /* the signal is already pending */
	sigset_t pending;
	sigpending(&pending);
	char line[2] = {sigismember(&pending, SIGUSR1) ? 'P' : '-', 0};
	int sig = 0;
	sigwait(&usr, &sig);
	line[1] = sig == SIGUSR1 ? 'W' : '?';
	write(report[1], line, 2);
	return arg;
}

static void on_usr2(int sig)
{
	write(report[1], "U", 1);
}

int main(void)
{
	int ready[2];
	if (pipe(gate) || pipe(report) || pipe(ready))
		return 1;
	sigemptyset(&usr);
	sigaddset(&usr, SIGUSR1);
	sigaddset(&usr, SIGUSR2);
	pid_t child = fork();
	if (child == 0) {
		signal(SIGUSR2, on_usr2);
		sigprocmask(SIG_BLOCK, &usr, NULL); /* every thread blocks both */
		pthread_t th;
		pthread_create(&th, NULL, waiter, NULL);
		write(ready[1], "r", 1);
		pthread_join(th, NULL);
		sigset_t two;
		sigemptyset(&two);
		sigaddset(&two, SIGUSR2);
		sigprocmask(SIG_UNBLOCK, &two, NULL); /* SIGUSR2 runs its handler now */
		for (;;)
			pause();
	}
	char c;
	read(ready[0], &c, 1);
	show_ret("kill(child, SIGUSR1)", kill(child, SIGUSR1), errno);
	show_ret("kill(child, SIGUSR2)", kill(child, SIGUSR2), errno);
	write(gate[1], "g", 1);
	char got[4] = {0};
	read(report[0], got, 2);
	say("the second thread: pending %s, sigwait %s\n", got[0] == 'P' ? "yes" : "no",
	    got[1] == 'W' ? "took it" : "no");
	read(report[0], &got[2], 1);
	say("SIGUSR2 handled once the main thread unblocked it: %s\n", got[2] == 'U' ? "yes" : "no");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	done();
	return 0;
}
