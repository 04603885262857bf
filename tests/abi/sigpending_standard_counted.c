/*
 * sigpending_standard_counted.c — RLIMIT_SIGPENDING counts standard signals
 * too (Linux __send_signal_locked: every signal not already pending, but
 * SIGKILL, takes a sigqueue from __sigqueue_alloc, charged to the user;
 * with override_rlimit when si_code >= 0, i.e. kill or the kernel). A
 * child of uid 4343 with the limit 4 blocks its signals: pending SIGUSR1
 * and SIGUSR2 leave room for 2 queued SIGRTMIN; a second SIGUSR1 (merged)
 * takes nothing; a sigqueue'd standard signal past the limit arrives
 * without its siginfo (SI_USER, no sender), one within it with it; kill
 * still sends past the limit.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "lvtest.h"

#define LIMIT 4

static sigset_t all;

/* sigqueue'd SIGRTMIN to self until EAGAIN (at most 20): how many. */
static int fill(void)
{
	for (int n = 0; n < 20; n++) {
		if (sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = n}) < 0)
			return errno == EAGAIN ? n : -errno;
	}
	return 20;
}

/* Takes the pending SIGRTMIN instances: how many. */
static int drain_rt(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	struct timespec zero = {0, 0};
	int n = 0;
	while (sigtimedwait(&set, NULL, &zero) == SIGRTMIN)
		n++;
	return n;
}

static void take(const char *label, int sig)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	struct timespec zero = {0, 0};
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	int r = sigtimedwait(&set, &si, &zero);
	if (r < 0) {
		say("%s: %s\n", label, errname(errno));
		return;
	}
	say("%s: sig %s code %d from self %s value %d\n", label, r == sig ? "ok" : "other", si.si_code,
	    si.si_pid == getpid() ? "yes" : "no", si.si_code == SI_QUEUE ? si.si_value.sival_int : -1);
}

static void child(void)
{
	struct rlimit rl = {LIMIT, LIMIT};
	setrlimit(RLIMIT_SIGPENDING, &rl);
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	if (syscall(SYS_setresuid, 4343, 4343, 4343) < 0)
		say("setresuid: %s\n", errname(errno));
	say("nothing pending: %d queued\n", fill());
	say("took back %d\n", drain_rt());
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR2);
	say("SIGUSR1 and SIGUSR2 pending: %d queued\n", fill());
	say("took back %d\n", drain_rt());
	kill(getpid(), SIGUSR1);
	say("SIGUSR1 again (merged): %d queued\n", fill());
	say("took back %d\n", drain_rt());
	say("sigqueue SIGHUP: %d\n", sigqueue(getpid(), SIGHUP, (union sigval){.sival_int = 7}));
	say("then %d queued\n", fill());
	/* the count is full now: a sigqueue'd standard signal loses its siginfo */
	say("sigqueue SIGTERM over the limit: %d\n", sigqueue(getpid(), SIGTERM, (union sigval){.sival_int = 9}));
	say("kill SIGPIPE over the limit: %d\n", kill(getpid(), SIGPIPE));
	take("SIGTERM", SIGTERM);
	take("SIGPIPE", SIGPIPE);
	take("SIGHUP", SIGHUP);
	take("SIGUSR1", SIGUSR1);
	say("took back %d\n", drain_rt());
	say("SIGUSR2 still pending: %d queued\n", fill());
	say("took back %d\n", drain_rt());
	take("SIGUSR2", SIGUSR2);
	say("nothing pending again: %d queued\n", fill());
	say("took back %d\n", drain_rt());
	_exit(0);
}

int main(void)
{
	pid_t p = fork();
	if (p == 0)
		child();
	int st;
	waitpid(p, &st, 0);
	say("child: exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	say("done\n");
	return 0;
}
