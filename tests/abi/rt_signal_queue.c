/*
 * rt_signal_queue.c — real-time signals queue with their siginfo (Linux
 * kernel/signal.c __send_signal_locked, collect_signal): three sigqueue'd
 * SIGRTMIN arrive in order with their values, after the lower-numbered
 * SIGUSR1 (sent twice, delivered once: standard signals do not queue) and
 * before SIGRTMIN+1; a handler with SA_SIGINFO sees each instance;
 * rt_sigqueueinfo with si_code SI_USER or SI_TKILL is allowed to oneself
 * but EPERM towards another process, a negative code like SI_QUEUE is
 * allowed; RLIMIT_SIGPENDING bounds the queue: past it sigqueue is EAGAIN
 * while kill still sends (without siginfo).
 */
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "lvtest.h"

static int take(const sigset_t *set, const char *what)
{
	siginfo_t si;
	struct timespec zero = {0, 0};
	int sig = sigtimedwait(set, &si, &zero);
	if (sig < 0) {
		say("%s: %s\n", what, errname(errno));
		return -1;
	}
	say("%s: sig RTMIN%+d code %d value %d self %d\n", what, sig - SIGRTMIN, si.si_code, si.si_value.sival_int,
	    si.si_pid == getpid());
	return sig;
}

static volatile int seen[8], nseen;

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (nseen < 8)
		seen[nseen++] = (sig - SIGRTMIN) * 100 + si->si_value.sival_int;
}

static long queueinfo(pid_t pid, int sig, int code, int value)
{
	siginfo_t si;
	memset(&si, 0, sizeof si);
	si.si_signo = sig;
	si.si_code = code;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value.sival_int = value;
	return syscall(SYS_rt_sigqueueinfo, pid, sig, &si);
}

int main(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (int v = 1; v <= 3; v++)
		sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = v});
	sigqueue(getpid(), SIGRTMIN + 1, (union sigval){.sival_int = 10});
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	for (int i = 0; i < 6; i++)
		take(&set, "take");

	/* the same through a SA_SIGINFO handler, unblocked at once */
	struct sigaction sa = {.sa_sigaction = on_rt, .sa_flags = SA_SIGINFO};
	sigaction(SIGRTMIN, &sa, NULL);
	sigaction(SIGRTMIN + 1, &sa, NULL);
	sigqueue(getpid(), SIGRTMIN + 1, (union sigval){.sival_int = 7});
	for (int v = 4; v <= 6; v++)
		sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = v});
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	say("handler saw %d:", nseen);
	for (int i = 0; i < nseen; i++)
		say(" %d", seen[i]);
	say("\n");
	sigprocmask(SIG_BLOCK, &set, NULL);

	/* si_code rules of rt_sigqueueinfo */
	say("SI_USER to self: %s\n", queueinfo(getpid(), SIGRTMIN, SI_USER, 1) < 0 ? errname(errno) : "ok");
	say("SI_QUEUE to self: %s\n", queueinfo(getpid(), SIGRTMIN, SI_QUEUE, 2) < 0 ? errname(errno) : "ok");
	take(&set, "take");
	take(&set, "take");
	int go[2], back[2];
	pipe(go);
	pipe(back);
	pid_t child = fork();
	if (child == 0) {
		char c;
		read(go[0], &c, 1);
		_exit(0);
	}
	say("SI_USER to child: %s\n", queueinfo(child, SIGRTMIN, SI_USER, 1) < 0 ? errname(errno) : "ok");
	say("SI_TKILL to child: %s\n", queueinfo(child, SIGRTMIN, SI_TKILL, 1) < 0 ? errname(errno) : "ok");
	say("positive code to child: %s\n", queueinfo(child, SIGRTMIN, 5, 1) < 0 ? errname(errno) : "ok");
	write(go[1], "g", 1);
	waitpid(child, NULL, 0);

	/* RLIMIT_SIGPENDING */
	struct rlimit rl = {2, 2};
	say("setrlimit: %d\n", setrlimit(RLIMIT_SIGPENDING, &rl));
	for (int v = 1; v <= 3; v++)
		say("sigqueue %d: %s\n", v,
		    sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = v}) < 0 ? errname(errno) : "ok");
	say("kill past the limit: %s\n", kill(getpid(), SIGRTMIN + 1) < 0 ? errname(errno) : "ok");
	for (int i = 0; i < 4; i++)
		take(&set, "take");
	say("after draining, sigqueue: %s\n",
	    sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = 9}) < 0 ? errname(errno) : "ok");
	take(&set, "take");
	say("done\n");
	return 0;
}
