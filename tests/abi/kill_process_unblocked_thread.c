/*
 * kill_process_unblocked_thread.c — a signal sent to a process (kill) is
 * delivered to a thread that does not block it (signal(7)): the main
 * thread blocks SIGUSR1, a second thread does not, and a kill from the
 * parent runs the handler in the second thread.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static int report[2], ready[2];
static pid_t main_tid;

static void on_usr1(int sig)
{
	write(report[1], gettid() == main_tid ? "M" : "T", 1);
}

static void *worker(void *arg)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	write(ready[1], "r", 1);
	for (;;)
		pause();
	return arg;
}

int main(void)
{
	if (pipe(report) || pipe(ready))
		return 1;
	pid_t child = fork();
	if (child == 0) {
		main_tid = gettid();
		signal(SIGUSR1, on_usr1);
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
		pthread_t th;
		pthread_create(&th, NULL, worker, NULL);
		for (;;)
			pause();
	}
	char c;
	read(ready[0], &c, 1);
	show_ret("kill(child, SIGUSR1)", kill(child, SIGUSR1), errno);
	read(report[0], &c, 1);
	say("handled by: %s\n", c == 'T' ? "the thread that does not block it" : "the main thread");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	done();
	return 0;
}
