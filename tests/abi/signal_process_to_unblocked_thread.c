/*
 * signal_process_to_unblocked_thread.c — a process-directed signal goes
 * to a thread that does not block it (Linux complete_signal): the main
 * thread blocks SIGUSR1, a second thread unblocks it and waits; kill()
 * on the process runs the handler in that thread. With every thread
 * blocking it, the signal stays pending for the process and the first
 * thread to unblock it takes it.
 */
#include <pthread.h>
#include <sched.h>
#include <signal.h>

#include "lvtest.h"

static volatile pid_t handled_in;
static int ready[2], finished[2];

static void on_usr1(int sig)
{
	(void)sig;
	handled_in = (pid_t)syscall(SYS_gettid);
}

static void *worker(void *arg)
{
	(void)arg;
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
	pid_t me = (pid_t)syscall(SYS_gettid);
	write(ready[1], &me, sizeof me);
	while (!handled_in) /* (pause could miss a signal that came just before it) */
		sched_yield();
	write(finished[1], "x", 1);
	return NULL;
}

int main(void)
{
	struct sigaction sa = {.sa_handler = on_usr1};
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	pipe(ready);
	pipe(finished);
	pthread_t th;
	pthread_create(&th, NULL, worker, NULL);
	pid_t worker_tid;
	read(ready[0], &worker_tid, sizeof worker_tid);
	kill(getpid(), SIGUSR1);
	char c;
	read(finished[0], &c, 1);
	pthread_join(th, NULL);
	say("handled by the unblocking thread: %d\n", handled_in == worker_tid);
	say("main thread not used: %d\n", handled_in != (pid_t)syscall(SYS_gettid));

	/* everyone blocks it: pending for the process until main unblocks */
	handled_in = 0;
	kill(getpid(), SIGUSR1);
	sigset_t pend;
	sigpending(&pend);
	say("pending while blocked: %d, handled %d\n", sigismember(&pend, SIGUSR1), handled_in != 0);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	say("handled by main after unblocking: %d\n", handled_in == (pid_t)syscall(SYS_gettid));
	say("done\n");
	return 0;
}
