/*
 * sigqueue_other_process.c — rt_sigqueueinfo and rt_tgsigqueueinfo to
 * another process (sigqueue(3), kernel/signal.c): the child's SA_SIGINFO
 * handler sees si_code SI_QUEUE, the sender's pid and uid and the value;
 * a siginfo that claims to come from kill (si_code SI_USER) or the kernel
 * is refused (EPERM) when sent to another process; unknown pids ESRCH.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static int report[2];

static void on_usr(int sig, siginfo_t *si, void *uc)
{
	char line[96];
	int n = snprintf(line, sizeof(line), "%s code=%s from_parent=%s uid=%d value=%d\n",
			 sig == SIGUSR1 ? "USR1" : "USR2",
			 si->si_code == SI_QUEUE  ? "SI_QUEUE"
			 : si->si_code == SI_USER ? "SI_USER"
						  : "?",
			 si->si_pid == getppid() ? "yes" : "no", (int)si->si_uid, si->si_value.sival_int);
	write(report[1], line, (size_t)n);
}

static void next_report(void)
{
	char line[96];
	int n = 0;
	while (n < (int)sizeof(line) - 1 && read(report[0], &line[n], 1) == 1 && line[n] != '\n')
		n++;
	line[n] = 0;
	say("child got: %s\n", line);
}

int main(void)
{
	int ready[2];
	if (pipe(report) || pipe(ready))
		return 1;
	pid_t child = fork();
	if (child == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_usr;
		sa.sa_flags = SA_SIGINFO | SA_RESTART;
		sigaction(SIGUSR1, &sa, NULL);
		sigaction(SIGUSR2, &sa, NULL);
		write(ready[1], "r", 1);
		for (;;)
			pause();
	}
	char c;
	read(ready[0], &c, 1);
	show_ret("sigqueue(child, SIGUSR1, 42)", sigqueue(child, SIGUSR1, (union sigval){.sival_int = 42}), errno);
	next_report();
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGUSR2;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value.sival_int = 7;
	show_ret("rt_tgsigqueueinfo(child, child, SIGUSR2)", syscall(SYS_rt_tgsigqueueinfo, child, child, SIGUSR2, &si),
		 errno);
	next_report();
	si.si_code = SI_USER;
	expect_err("rt_sigqueueinfo with SI_USER", syscall(SYS_rt_sigqueueinfo, child, SIGUSR1, &si), errno, EPERM);
	si.si_code = 0x80; /* SI_KERNEL */
	expect_err("rt_sigqueueinfo with SI_KERNEL", syscall(SYS_rt_sigqueueinfo, child, SIGUSR1, &si), errno, EPERM);
	si.si_code = SI_QUEUE;
	expect_err("rt_sigqueueinfo(999999)", syscall(SYS_rt_sigqueueinfo, 999999, SIGUSR1, &si), errno, ESRCH);
	expect_err("rt_tgsigqueueinfo(wrong tgid)", syscall(SYS_rt_tgsigqueueinfo, getpid(), child, SIGUSR1, &si),
		   errno, ESRCH);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	done();
	return 0;
}
