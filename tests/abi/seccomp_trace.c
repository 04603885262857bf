/* seccomp_trace: SECCOMP_RET_TRACE with a tracer that asked for it
 * (PTRACE_O_TRACESECCOMP; Linux kernel/seccomp.c __seccomp_filter): the
 * call stops at PTRACE_EVENT_SECCOMP with the filter's data as the event
 * message; let go, the call is made; the tracer may skip it (number -1)
 * with a result of its own in x0, or change the number, and the filters
 * run again over the new call (a call they allow is made). */
#include "ptrace_test.h"
#include "seccomp_test.h"

#define PTRACE_EVENT_SECCOMP_ 7
#ifndef PTRACE_O_TRACESECCOMP
#define PTRACE_O_TRACESECCOMP (1 << 7)
#endif

static void set_nr(pid_t pid, int nr)
{
	struct iovec iov = {&nr, sizeof(nr)};
	say("set number %d: %s\n", nr, pt_err(pt(PTRACE_SETREGSET, pid, NT_ARM_SYSTEM_CALL, (unsigned long)&iov)));
}

static void at_stop(pid_t pid)
{
	int st = wait_for("tracee", pid);
	if (!WIFSTOPPED(st) || (st >> 16) != PTRACE_EVENT_SECCOMP_)
		return;
	unsigned long msg = 0;
	pt(PTRACE_GETEVENTMSG, pid, 0, (unsigned long)&msg);
	say("event message %#lx\n", msg);
}

int main(void)
{
	pid_t pid = fork_traced_stopped();
	if (pid == 0) {
		no_new_privs();
		install_for(SYS_getppid, SECCOMP_RET_TRACE | 0x42, 0);
		install_for(SYS_getpgid, SECCOMP_RET_TRACE | 0x43, 0);
		long r = syscall(SYS_getppid);
		say("getppid let go: %s\n", r > 0 ? "a pid" : "failed");
		r = syscall(SYS_getpgid, 0);
		say("getpgid skipped by the tracer: %ld\n", r);
		r = syscall(SYS_getppid);
		say("getppid turned into getpid: %s\n", r == getpid() ? "yes" : "no");
		_exit(0);
	}
	say("options: %s\n", pt_err(pt(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESECCOMP)));
	pt(PTRACE_CONT, pid, 0, 0);
	at_stop(pid);
	pt(PTRACE_CONT, pid, 0, 0);
	at_stop(pid);
	struct pt_regs64 regs;
	get_regs(pid, &regs);
	regs.x[0] = 777;
	set_regs(pid, &regs);
	set_nr(pid, -1);
	pt(PTRACE_CONT, pid, 0, 0);
	at_stop(pid);
	set_nr(pid, SYS_getpid);
	pt(PTRACE_CONT, pid, 0, 0);
	wait_for("tracee", pid);
	done();
	return 0;
}
