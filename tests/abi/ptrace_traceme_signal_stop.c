/* PTRACE_TRACEME: each signal the child takes stops it first, and its
 * tracer's PTRACE_CONT data decides what is delivered (0: nothing, the same
 * signal, another one); GETSIGINFO shows the signal's siginfo; an execve
 * stops with SIGTRAP; /proc/PID/status names the tracer and the tracing
 * stop. */
#include "ptrace_test.h"

static volatile sig_atomic_t got;
static void on_usr1(int sig)
{
	got = sig;
}

static void status_lines(pid_t pid)
{
	char path[64], buf[4096];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	char *state = strstr(buf, "State:"), *tracer = strstr(buf, "TracerPid:");
	if (state)
		say("status %.*s\n", (int)strcspn(state, "\n"), state);
	say("TracerPid is the tracer: %d\n", tracer && atoi(tracer + 10) == (int)getpid());
}

static void signal_case(int mode)
{
	static const int data[] = {0, SIGUSR1, SIGTERM};
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGUSR1, on_usr1);
		if (pt(PTRACE_TRACEME, 0, 0, 0) < 0)
			_exit(99);
		raise(SIGUSR1);
		say("child: after raise, handler saw %d\n", (int)got);
		_exit(7);
	}
	wait_for("child", pid);
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	long r = pt(PTRACE_GETSIGINFO, pid, 0, (unsigned long)&si);
	say("getsiginfo %s: signo %d code %d pid is child %d\n", pt_err(r), si.si_signo, si.si_code, si.si_pid == pid);
	r = pt(PTRACE_CONT, pid, 0, data[mode]);
	wait_for("child", pid); /* the child's lines come before: it ran on */
	say("cont with %d: %s\n", data[mode], pt_err(r));
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exec") == 0) {
		say("exec'd program runs\n");
		return 3;
	}
	for (int mode = 0; mode < 3; mode++)
		signal_case(mode);

	pid_t pid = fork();
	if (pid == 0) {
		if (pt(PTRACE_TRACEME, 0, 0, 0) < 0)
			_exit(99);
		say("traceme again: %s\n", pt_err(pt(PTRACE_TRACEME, 0, 0, 0)));
		execl(argv[0], argv[0], "exec", (char *)NULL);
		_exit(98);
	}
	wait_for("exec child", pid);
	status_lines(pid);
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	long r = pt(PTRACE_GETSIGINFO, pid, 0, (unsigned long)&si);
	say("exec stop siginfo %s: signo %d code %d pid is child %d\n", pt_err(r), si.si_signo, si.si_code,
	    si.si_pid == pid);
	r = pt(PTRACE_CONT, pid, 0, 0);
	wait_for("exec child", pid);
	say("cont: %s\n", pt_err(r));
	say("done\n");
	return 0;
}
