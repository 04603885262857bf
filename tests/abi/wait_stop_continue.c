/*
 * wait_stop_continue.c — job control seen by the parent (signal(7),
 * wait(2)): SIGSTOP stops a child and the parent gets SIGCHLD with
 * CLD_STOPPED; waitid(WSTOPPED) and wait4(WUNTRACED) report the stop once
 * (WNOWAIT leaves it); SIGCONT continues it, with CLD_CONTINUED and one
 * WCONTINUED report; a stopped child still dies of SIGKILL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static int chld_pipe[2];

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	char c = (char)si->si_code;
	write(chld_pipe[1], &c, 1);
}

static const char *code_name(int code)
{
	switch (code) {
	case CLD_EXITED: return "CLD_EXITED";
	case CLD_KILLED: return "CLD_KILLED";
	case CLD_STOPPED: return "CLD_STOPPED";
	case CLD_CONTINUED: return "CLD_CONTINUED";
	default: return "?";
	}
}

static void next_sigchld(void)
{
	char c = 0;
	read(chld_pipe[0], &c, 1);
	say("SIGCHLD: %s\n", code_name(c));
}

int main(void)
{
	if (pipe(chld_pipe))
		return 1;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);
	int ticks[2];
	if (pipe(ticks))
		return 1;
	pid_t child = fork();
	if (child == 0) {
		for (;;) {
			char c;
			if (read(ticks[0], &c, 1) == 1)
				write(ticks[1], "", 0);
		}
	}
	siginfo_t si;
	kill(child, SIGSTOP);
	next_sigchld();
	memset(&si, 0, sizeof(si));
	int r = waitid(P_PID, child, &si, WSTOPPED | WNOWAIT);
	say("waitid(WSTOPPED|WNOWAIT): %d %s status %d\n", r, code_name(si.si_code), si.si_status);
	int status = 0;
	pid_t got = waitpid(child, &status, WUNTRACED);
	say("wait4(WUNTRACED): pid ok %s, stopped %d by %d\n", got == child ? "yes" : "no", WIFSTOPPED(status),
	    WSTOPSIG(status));
	memset(&si, 0, sizeof(si));
	r = waitid(P_PID, child, &si, WSTOPPED | WNOHANG);
	say("reported once: waitid(WSTOPPED|WNOHANG) %d, si_pid set: %s\n", r, si.si_pid ? "yes" : "no");
	kill(child, SIGCONT);
	next_sigchld();
	memset(&si, 0, sizeof(si));
	r = waitid(P_PID, child, &si, WCONTINUED);
	say("waitid(WCONTINUED): %d %s status %d\n", r, code_name(si.si_code), si.si_status);
	got = waitpid(child, &status, WCONTINUED | WNOHANG);
	say("reported once: wait4(WCONTINUED|WNOHANG) %d\n", got);
	kill(child, SIGSTOP);
	next_sigchld();
	kill(child, SIGKILL);
	next_sigchld();
	got = waitpid(child, &status, 0);
	say("a stopped child dies of SIGKILL: %s\n", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? "yes" : "no");
	done();
	return 0;
}
