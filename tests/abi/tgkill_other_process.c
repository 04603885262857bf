/*
 * tgkill_other_process.c — tgkill and tkill reach a thread of another
 * process (issue #13, divergence 15): a child's second thread gets SIGUSR1
 * from the parent through tgkill and SIGUSR2 through tkill, and reports
 * which thread ran the handler. A wrong tgid is ESRCH; kill() with the
 * thread's id signals its whole process.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static int report[2];
static sigset_t usr;
static volatile pid_t worker_tid;

static void on_signal(int sig)
{
	char c = (char)((gettid() == worker_tid ? 'W' : 'M') + (sig == SIGUSR2 ? 32 : 0));
	write(report[1], &c, 1);
}

static void *worker(void *arg)
{
	int *tid_pipe = arg;
	pthread_sigmask(SIG_UNBLOCK, &usr, NULL);
	worker_tid = gettid();
	pid_t tid = gettid();
	write(tid_pipe[1], &tid, sizeof(tid));
	for (;;)
		pause();
	return NULL;
}

int main(void)
{
	int tid_pipe[2];
	if (pipe(tid_pipe) || pipe(report))
		return 1;
	sigemptyset(&usr);
	sigaddset(&usr, SIGUSR1);
	sigaddset(&usr, SIGUSR2);
	pid_t child = fork();
	if (child == 0) {
		/* the main thread blocks both; the worker unblocks them itself */
		sigprocmask(SIG_BLOCK, &usr, NULL);
		signal(SIGUSR1, on_signal);
		signal(SIGUSR2, on_signal);
		pthread_t th;
		pthread_create(&th, NULL, worker, tid_pipe);
		for (;;)
			pause();
	}
	pid_t tid;
	read(tid_pipe[0], &tid, sizeof(tid));
	say("the thread is not the process: %s\n", tid != child ? "yes" : "no");
	show_ret("tgkill(child, thread, SIGUSR1)", syscall(SYS_tgkill, child, tid, SIGUSR1), errno);
	char c = '?';
	read(report[0], &c, 1);
	say("handled by: %s\n", c == 'W' ? "the thread" : c == 'M' ? "the main thread" : "?");
	show_ret("tkill(thread, SIGUSR2)", syscall(SYS_tkill, tid, SIGUSR2), errno);
	read(report[0], &c, 1);
	say("handled by: %s\n", c == 'W' + 32 ? "the thread" : c == 'M' + 32 ? "the main thread" : "?");
	expect_err("tgkill(wrong tgid, thread, 0)", syscall(SYS_tgkill, getpid(), tid, 0), errno, ESRCH);
	show_ret("tgkill(child, thread, 0)", syscall(SYS_tgkill, child, tid, 0), errno);
	show_ret("kill(thread id, SIGKILL)", kill(tid, SIGKILL), errno);
	int status;
	waitpid(child, &status, 0);
	say("the whole process died of SIGKILL: %s\n",
	    WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? "yes" : "no");
	done();
	return 0;
}
