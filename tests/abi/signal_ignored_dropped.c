/*
 * signal_ignored_dropped.c — a signal the receiver ignores is dropped when
 * it is sent (Linux kernel/signal.c sig_ignored): SIG_IGN'd SIGUSR2 and
 * default-ignored SIGWINCH and SIGURG neither end a sigtimedwait for other
 * signals (EAGAIN at its timeout, not EINTR: LTP rt_sigtimedwait01) nor
 * show as pending; a blocked one is kept ("blocked signals are never
 * ignored") and shows in sigpending, and a handler set before it is
 * unblocked runs. The child is known to sleep before signals are sent.
 */
#include "lvtest.h"

#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static volatile sig_atomic_t handled;

static void on_usr2(int sig)
{
	(void)sig;
	handled = 1;
}

int main(void)
{
	signal(SIGUSR2, SIG_IGN);
	pid_t pid = fork();
	if (pid == 0) {
		sigset_t none;
		sigemptyset(&none);
		struct timespec half = {0, 500000000};
		int r = sigtimedwait(&none, NULL, &half);
		say("child sigtimedwait: %d %s\n", r, r < 0 ? errname(errno) : "");
		sigset_t pending;
		sigpending(&pending);
		say("child pending USR2 %d WINCH %d URG %d\n", sigismember(&pending, SIGUSR2),
		    sigismember(&pending, SIGWINCH), sigismember(&pending, SIGURG));
		fflush(stdout);
		_exit(0);
	}
	wait_until_sleeping(pid);
	kill(pid, SIGUSR2);
	kill(pid, SIGWINCH);
	kill(pid, SIGURG);
	int status;
	waitpid(pid, &status, 0);
	say("child exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

	/* blocked: kept, and taken by the handler set before unblocking */
	sigset_t usr2;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	kill(getpid(), SIGUSR2);
	sigset_t pending;
	sigpending(&pending);
	say("blocked ignored USR2 pending: %d\n", sigismember(&pending, SIGUSR2));
	signal(SIGUSR2, on_usr2);
	sigprocmask(SIG_UNBLOCK, &usr2, NULL);
	say("handler ran: %d\n", (int)handled);
	done();
	return 0;
}
