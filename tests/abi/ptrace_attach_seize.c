/* PTRACE_ATTACH (the tracee stops with SIGSTOP, SI_KERNEL) and DETACH;
 * PTRACE_SEIZE (no stop) and PTRACE_INTERRUPT (PTRACE_EVENT_STOP), a
 * blocked read going on after either; PTRACE_KILL; PTRACE_O_EXITKILL when
 * the tracer exits; and the errors: ESRCH, EPERM, EIO and EINVAL where
 * Linux gives them. */
#include "ptrace_test.h"

/* A child blocked reading p; prints what it read and exits 0. */
static pid_t reader(int p[2])
{
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[1]);
		char c = 0;
		ssize_t n = read(p[0], &c, 1);
		say("reader: read %zd '%c'\n", n, c);
		_exit(0);
	}
	close(p[0]);
	return pid;
}

static void attach_detach(void)
{
	int p[2];
	pid_t pid = reader(p);
	say("cont before attach: %s\n", pt_err(pt(PTRACE_CONT, pid, 0, 0)));
	say("attach: %s\n", pt_err(pt(PTRACE_ATTACH, pid, 0, 0)));
	say("attach again: %s\n", pt_err(pt(PTRACE_ATTACH, pid, 0, 0)));
	wait_for("attached", pid);
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	pt(PTRACE_GETSIGINFO, pid, 0, (unsigned long)&si);
	say("siginfo: signo %d code %#x\n", si.si_signo, si.si_code);
	say("cont with signal 65: %s\n", pt_err(pt(PTRACE_CONT, pid, 0, 65)));
	say("request 0x4299: %s\n", pt_err(pt(0x4299, pid, 0, 0)));
	say("setoptions 1<<25: %s\n", pt_err(pt(PTRACE_SETOPTIONS, pid, 0, 1UL << 25)));
	say("interrupt, not seized: %s\n", pt_err(pt(PTRACE_INTERRUPT, pid, 0, 0)));
	say("detach: %s\n", pt_err(pt(PTRACE_DETACH, pid, 0, 0)));
	say("cont after detach: %s\n", pt_err(pt(PTRACE_CONT, pid, 0, 0)));
	write(p[1], "a", 1);
	wait_for("reader", pid);
	close(p[1]);
}

static void seize_interrupt(void)
{
	int p[2];
	pid_t pid = reader(p);
	say("seize with bad options: %s\n", pt_err(pt(PTRACE_SEIZE, pid, 0, 1UL << 25)));
	say("seize with addr: %s\n", pt_err(pt(PTRACE_SEIZE, pid, 1, 0)));
	say("seize: %s\n", pt_err(pt(PTRACE_SEIZE, pid, 0, 0)));
	say("cont while running: %s\n", pt_err(pt(PTRACE_CONT, pid, 0, 0)));
	say("interrupt: %s\n", pt_err(pt(PTRACE_INTERRUPT, pid, 0, 0)));
	wait_for("seized", pid);
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	pt(PTRACE_GETSIGINFO, pid, 0, (unsigned long)&si);
	say("siginfo: signo %d code %#x\n", si.si_signo, si.si_code);
	say("cont: %s\n", pt_err(pt(PTRACE_CONT, pid, 0, 0)));
	write(p[1], "b", 1);
	wait_for("reader", pid);
	close(p[1]);
}

static void kill_and_exitkill(void)
{
	int p[2];
	pid_t pid = reader(p);
	pt(PTRACE_SEIZE, pid, 0, 0);
	say("kill: %s\n", pt_err(pt(PTRACE_KILL, pid, 0, 0)));
	wait_for("killed", pid);
	close(p[1]);

	/* a tracer that exits: its tracee goes with it (EXITKILL) */
	int hold[2], ready[2];
	pipe(hold);
	pipe(ready);
	pid_t tracer = fork();
	if (tracer == 0) {
		pid_t gc = fork();
		if (gc == 0) {
			close(hold[0]);
			close(ready[1]);
			char c;
			read(ready[0], &c, 1); /* never written: waits for its end */
			_exit(0);
		}
		long r = pt(PTRACE_SEIZE, gc, 0, PTRACE_O_EXITKILL);
		_exit(r == 0 ? 0 : 1);
	}
	close(hold[1]);
	wait_for("tracer", tracer);
	char c;
	say("the tracee's pipe: read %zd\n", read(hold[0], &c, 1)); /* EOF once it is dead */
}

int main(void)
{
	say("attach to self: %s\n", pt_err(pt(PTRACE_ATTACH, getpid(), 0, 0)));
	say("attach to nobody: %s\n", pt_err(pt(PTRACE_ATTACH, 4000000, 0, 0)));
	say("cont of nobody: %s\n", pt_err(pt(PTRACE_CONT, 4000000, 0, 0)));
	attach_detach();
	seize_interrupt();
	kill_and_exitkill();
	say("done\n");
	return 0;
}
