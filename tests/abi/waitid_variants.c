/*
 * waitid_variants.c — waitid(2): P_PID, P_PGID, P_ALL with WEXITED,
 * WNOHANG, WNOWAIT; the siginfo it fills (si_signo SIGCHLD, si_code
 * CLD_EXITED or CLD_KILLED, si_pid, si_uid, si_status); rusage; and its
 * errors (no WEXITED/WSTOPPED/WCONTINUED: EINVAL, bad idtype: EINVAL, no
 * such child: ECHILD).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static const char *code_name(int code)
{
	switch (code) {
	case 0: return "0";
	case CLD_EXITED: return "CLD_EXITED";
	case CLD_KILLED: return "CLD_KILLED";
	case CLD_DUMPED: return "CLD_DUMPED";
	default: return "?";
	}
}

static void show(const char *label, int ret, siginfo_t *si, pid_t expect)
{
	if (ret == -1) {
		say("%s: -1 %s\n", label, errname(errno));
		return;
	}
	say("%s: ret=%d signo=%s code=%s pid_ok=%s uid=%d status=%d\n", label, ret,
	    si->si_signo == SIGCHLD ? "SIGCHLD"
	    : si->si_signo == 0	    ? "0"
				    : "?",
	    code_name(si->si_code), si->si_pid == expect ? "yes" : "no", (int)si->si_uid, si->si_status);
}

static pid_t child_exiting(int code, int gate)
{
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(gate, &c, 1);
		_exit(code);
	}
	return pid;
}

int main(void)
{
	int gate[2];
	if (pipe(gate))
		return 1;
	siginfo_t si;
	pid_t a = child_exiting(3, gate[0]);
	memset(&si, 0x55, sizeof(si));
	show("WNOHANG while running", waitid(P_PID, a, &si, WEXITED | WNOHANG), &si, 0);
	write(gate[1], "x", 1);
	show("WNOWAIT", waitid(P_PID, a, &si, WEXITED | WNOWAIT), &si, a);
	show("again, reaping", waitid(P_PID, a, &si, WEXITED), &si, a);
	show("after reaping", waitid(P_PID, a, &si, WEXITED), &si, a);

	pid_t b = fork();
	if (b == 0) {
		setpgid(0, 0);
		pause();
		_exit(0);
	}
	setpgid(b, b);
	kill(b, SIGKILL);
	struct rusage ru;
	show("P_PGID, killed", syscall(SYS_waitid, P_PGID, b, &si, WEXITED, &ru), &si, b);

	pid_t c = child_exiting(0, gate[0]);
	write(gate[1], "x", 1);
	show("P_ALL", waitid(P_ALL, 0, &si, WEXITED), &si, c);
	show("P_ALL, none left", waitid(P_ALL, 0, &si, WEXITED), &si, 0);
	show("no wait flags", waitid(P_ALL, 0, &si, WNOHANG), &si, 0);
	show("bad idtype", waitid((idtype_t)7, 0, &si, WEXITED), &si, 0);
	show("P_PID 0", waitid(P_PID, 0, &si, WEXITED), &si, 0);
	done();
	return 0;
}
